"""Detail questions: a phone number, a number or amount, a date or a name. Within each quoted entry the
sentence that holds that kind of fact is marked (bold, not a letter changed); when no quoted entry holds
one, the answer says so instead of letting the user search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .corpus import PHONE
from .lexical import STOP, stem
from .query import Understanding
from .text import sentences

MONTHS = r"januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"


# A person's age in years: "över 65 år", "13–21 år", "16-22 år", "65-åringar".
AGE = r"(?<![\w-])\d{1,3}(?:\s?[-–]\s?\d{1,3})?(?:\s|-)(?:år|års|åringar|åriga)\b"


@dataclass(frozen=True)
class DetailKind:
    key: str
    label: str  # Swedish, as in "Översikten anger inget <label> …"
    asks: re.Pattern[str]  # the question asks for this kind of fact
    holds: re.Pattern[str]  # a sentence holds such a fact
    ignore: re.Pattern[str] | None = None  # spans that look like such a fact but are not (a phone number's digits)
    none: str = "inget"  # the label's "no" ("Översikten anger ingen ålder"): Swedish gender
    unless: re.Pattern[str] | None = None  # a question that names such a fact only to describe what it asks for

    def held_by(self, sentence: str) -> bool:
        return bool(self.holds.search(self.ignore.sub(" ", sentence) if self.ignore else sentence))


KINDS = (
    DetailKind("phone", "telefonnummer",
               # The number itself; "en telefonlinje man kan ringa" asks for the line, a topic, not its number.
               # Nor a number that describes the thing asked about: "kort med telefonnummer", "Vilken kommun har
               # ett nummer man ringer för vardagshjälp?" ask for the card and the municipality (dev5-037, dev8-028).
               re.compile(r"(?<!organisations)(?<!person)(?<!\bmed telefon)(?<!\bmed )(?:nummer|numret)"
                          r"|\bnumbers?\b(?! of\b)", re.I), PHONE,
               unless=re.compile(r"^\W*(?:vilken|vilka|which)\s+(?:kommun|kommuner|region|regioner|municipalit\w*|"
                                 r"councils?)\b.*\b(?:ett|a)\s+(?:telefon|phone\s+)?(?:nummer|number)\b", re.I)),
    DetailKind("date", "datum eller år",
               re.compile(r"^\W*när\b|\bnär (?:startade|började|avslutades|slutade|kom|infördes|gjordes|hölls|"
                          r"publicerades|öppnade|stängde)\b|vilket år|vilken månad|datum|^\W*when\b|\bwhat year\b",
                          re.I),
               re.compile(rf"\b(?:19|20)\d\d\b|\b\d{{1,2}} (?:{MONTHS})\b|\b(?:{MONTHS})\b", re.I)),
    # Money: what something costs, a budget, a grant. Before "number", which would take "hur mycket pengar" as any
    # count ("två varianter"). The overview states no sum of money at all, so such a question is told so. The
    # asking words only: the noun after them ("statsbidrag", "budget") stays the topic, which may be missing.
    DetailKind("money", "belopp",
               re.compile(r"\bvad kosta(?:r|de)\b|\bkostade?\b|\bkostnad(?:en|er|erna)?\b"
                          r"|\bhur (?:mycket|stora?)(?= (?:pengar|statsbidrag|bidrag|budget|summa|belopp|anslag))"
                          r"|\bcost(?:s|ed)?\b|\bhow much(?= (?:money|funding|budget))", re.I),
               re.compile(r"\b\d[\d\s]*(?:kr|kronor|sek|euro|€)\b|\b(?:miljoner|miljarder|tusen) kronor\b|\bkronor\b",
                          re.I)),
    # An age ("hur gamla", "vilken ålder"): a number of years is the fact; for a count it is not ("Hur många
    # kvinnor har hört av sig till tantjouren?" is not answered by "kvinnor över 65 år", dev8-150).
    DetailKind("age", "ålder",
               re.compile(r"hur gamla|vilka åldrar|vilken ålder|från vilken ålder|\båldern|\bhow old\b|"
                          r"\bwhat ages?\b", re.I),
               re.compile(AGE, re.I), PHONE, none="ingen"),
    DetailKind("number", "antal eller belopp",
               # Not "hur många kommuner …": a count of entries, which the answer's own count gives, not a fact in
               # one; not "80-årsåldern" (a person's age as background).
               re.compile(r"hur många(?! (?:kommuner|regioner|län|organisationer|aktörer|exempel|poster|insatser|"
                          r"initiativ)\b)|hur mycket|\bantal|"
                          r"\bhow many\b(?! (?:municipalities|councils|regions|counties|organi[sz]ations|examples|"
                          r"initiatives)\b)|\bhow much\b", re.I),
               # A count or amount: a number that is no year, no part of a name ("covid-19", "1177-webben") and
               # no day of a date ("7 juni"), or a number word ("tre riktade kampanjer"); phone numbers are no count.
               re.compile(rf"(?<![\w-])(?!(?:19|20)\d\d\b)\d+(?![\d-])(?! (?:{MONTHS})\b)"
                          r"|(?<![\w-])\d{1,3}[-–]\d{1,3}(?![\w-])"  # a range of ages or counts ("16-22 år")
                          r"|\b(?:två|tre|fyra|fem|sju|åtta|nio|tio|elva|tolv|tjugo|hundra|tusen|miljon\w*|"
                          r"fördubbla\w*|dubbelt)\b", re.I), re.compile(rf"{PHONE.pattern}|{AGE}", re.I)),
    DetailKind("name", "namn",
               re.compile(r"vad heter|vilket namn|namnet|vad kallas|\bcalled\b|\bnamed?\b", re.I),
               re.compile(r"[“”\"«»]|(?<=[a-zåäö,] )[A-ZÅÄÖ][\wåäö-]+")),
)

def asked_text(u: Understanding) -> str:
    """Where a fact is asked for: a long question's request, not its background (walkthrough: "antalet
    orosanmälningar" in a pasted mail made "vilka kommuner har nått äldre via hemleveranser?" a question for a
    number)."""
    return u.request or u.question


def detail_kind(u: Understanding) -> DetailKind | None:
    """The kind of fact the question asks for, if it asks for one."""
    text = asked_text(u)
    return next((k for k in KINDS if k.asks.search(text) and not (k.unless and k.unless.search(text))), None)


def fact_words(u: Understanding) -> frozenset[str]:
    """The question's words that name the fact asked for ("telefonnumret" in "Vad är telefonnumret till Origo?"):
    what kind of answer is wanted, not its topic, so never a word the material is said to lack (the entry's
    "Telefonnummer" is another form the stemmer keeps apart)."""
    kind = detail_kind(u)
    if kind is None:
        return frozenset()
    text = asked_text(u)
    spans = [m.span() for m in kind.asks.finditer(text)]  # "vilken ålder", "numret" inside "telefonnumret"
    return frozenset(t.group().lower() for t in re.finditer(r"[\w-]+", text)
                     if any(a < t.end() and t.start() < b for a, b in spans))


def best_sentence(lines: tuple[str, ...], kind: DetailKind, u: Understanding) -> tuple[int, str] | None:
    """(line index, sentence as written) of the sentence with that kind of fact that shares most words with
    the question; None when no sentence holds one."""
    asked = {stem(w) for w in u.words if w not in STOP}
    # When the question has a topic ("invånare", "Ipads"), the entry must be about it: a number in an entry about
    # something else ("13–21 år" for "Hur många invånare har Malmö?") answers nothing.
    # An everyday word ("få" in "Hur många surfplattor skulle … få") says nothing of what the fact is about.
    topic = {t for w, terms in u.content_words if w not in u.everyday for t in terms}
    if topic:
        entry = {stem(w) for line in lines for w in re.findall(r"\w+", line.lower())}
        if not topic & entry:
            return None
    best: tuple[int, int, str] | None = None
    for i, line in enumerate(lines):
        for sentence in sentences(line):
            if not kind.held_by(sentence):
                continue
            shared = len(asked & {stem(w) for w in re.findall(r"\w+", sentence.lower())})
            if best is None or shared > best[0]:
                best = (shared, i, sentence)
    return (best[1], best[2]) if best else None
