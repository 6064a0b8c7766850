"""Finding the request in a long question: the sentences or clause that ask, apart from the background around them.

"Vi har många brukare som inte vågar ringa när förövaren är hemma, finns det sms-stöd?" asks for sms support; the
perpetrator is the situation, not the target group. "Jag är biståndshandläggare i Uppsala … Vilka kommuner har
gjort något för äldre?" asks about every municipality: Uppsala is where the asker sits, not what is asked about.
Background informs the ranking (the whole question is still embedded and searched) but sets no place or group gate
(query.py). A fronted topic ("Barn och unga i Västra Götaland: vilka insatser finns?") is no background: it does
not speak of the asker, so it is read as part of the request.
"""

from __future__ import annotations

import re

from .text import words

# Words a Swedish (or English) question or request opens with.
OPENERS = frozenset(
    "vad vilka vilken vilket hur finns fanns har hade kan kunde gör görs gjorde är var vem när varför ska skulle "
    "får fick vet känner berätta visa ge tipsa nån någon några något what which how is are do does did has have "
    "can could any who where tell show".split()
)
# A leading clause counts as background only when it is a clause of its own, not a bare phrase: "I Malmö, vad
# finns för äldre?" keeps Malmö in the request. Not tuned: the shortest Swedish clause with subject, verb and
# object, "vi har många brukare", has four words.
MIN_BACKGROUND_WORDS = 4
# Abbreviations that end in a full stop ("t.ex.", "bl.a.", "m.m."): no sentence end when a lower-case word
# follows ("…, t.ex. högerextrema grupper?"); before a capital ("hot m.m. Vilka kommuner …?") the sentence ends.
_ABBREVIATION = re.compile(r"\b(?:t\.\s?ex|bl\.\s?a|m\.\s?m|d\.\s?v\.\s?s|s\.\s?k|t\.\s?o\.\s?m|o\.\s?s\.\s?v|"
                           r"e\.\s?g|i\.\s?e|etc|ca|jfr|resp|ev|ex|dvs|osv|bl\.a)\.(?=\s+[a-zåäöé0-9])")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_CLAUSE = re.compile(r"(?<=[,;:–])\s+")
_HIDDEN_DOT = "\u2024"  # one dot leader: keeps an abbreviation's dots out of the sentence split, put back after

# The first person, singular and plural, Swedish and English (personal and possessive pronouns: a closed word
# class, not picked from any question set). Background that uses them speaks of the asker's own situation.
FIRST_PERSON = frozenset("jag mig min mitt mina vi oss vår vårt våra me my mine we us our ours".split())
# English "I" before a verb or as "I'm"/"I’m" (a phone types the curly apostrophe): "I" alone is also the Swedish
# preposition at a sentence start ("I Malmö …", "I samband med …").
_ENGLISH_I = re.compile(r"\bI(?:['’](?:m|ve|d)\b|\s+(?:am|have|work|was|do|need|want|run|manage|coordinate|live|"
                        r"help|teach|study|research|lead|write|represent)\b)")
# A request that points back to a place named in the background: the first person plural as a place, after a
# preposition ("från oss", "hos oss", "runt omkring oss"; not "hjälpa oss", nor "vi", which says who acts), "vår/vårt/
# våra" before a noun ("vår kommun"; not "i vår", this spring), "här", the definite "staden"/"kommunen"/"regionen"/
# "länet" (the one just named), and "där" at the end. Deictic words, a closed class; English "there" is left out,
# as in query.PLACE_ANAPHOR ("what campaigns are there?").
_POINTS_BACK = re.compile(
    r"\b(?:från|hos|i|på|runt|kring|omkring|nära|för|from|in|at|near|around|for)\s+(?:oss|us)\b"
    r"|\b(?:vår|vårt|våra|our)\s+(?!och\b|eller\b|and\b|or\b)[a-zåäö]{3,}"
    r"|(?<!\bi )\b(?:här|härifrån|därifrån|here)\b|\b(?:staden|kommunen|regionen|länet)\b"
    r"|\bdär\s*[?.!]*\s*$", re.IGNORECASE)


# A sentence that opens by stating what the asker wants ("Jag undrar över arbetet för äldre.", "Vi letar efter
# material på arabiska.") is part of the request though it ends in a full stop: the first person and a verb of asking,
# wanting or looking for (a closed set of Swedish and English request verbs, not picked from a question set). Only at
# the sentence's start: "Jag jobbar i Skåne och vi vill se …" opens with the asker's situation (dev5 long 0.968 with
# the start only, 0.947 anywhere in the sentence). "Vi funderar på att starta en kampanj" is a plan, not a question:
# "funderar på att" and an infinitive says what the asker intends, so it stays background.
_STATED_REQUEST = re.compile(
    r"^\W*(?:jag|vi)\s+(?:undrar|funderar(?!\s+på\s+att\b)|letar|söker|behöver|vill\s+(?:veta|ha|hitta|få|se|läsa)|skulle\s+vilja|"
    r"är\s+intresserade?|önskar|efterfrågar)\b|^\W*(?:I|we)(?:['’]m|\s+am|\s+are)?\s+(?:wonder(?:ing)?|looking\s+for|"
    r"searching\s+for|want|need|would\s+like)\b|^\W*I['’]d\s+like\b", re.IGNORECASE)


# The plan may carry the asking on: "Vi funderar på att ta fram en broschyr och undrar vad andra har gjort."
_PLAN = re.compile(r"^\W*(?:jag|vi)\s+funderar\s+på\s+att\b", re.IGNORECASE)
_ASKING_VERB = re.compile(r"\b(?:undrar|vill\s+veta|skulle\s+vilja\s+veta)\b", re.IGNORECASE)


# "Jag är nyanställd på en kvinnojour i Västergötland och vill veta hur kommuner har samarbetat …": the asker's
# situation, then, after "och", what the asker wants: that tail is the request (the same request verbs as
# _STATED_REQUEST, after a conjunction and an optional subject).
_WANTS = r"(?:undrar|letar|söker|behöver|vill\s+(?:veta|ha|hitta|få|se|läsa)|skulle\s+vilja|önskar)\b"
_JOINED_REQUEST = re.compile(rf",?\s+(?:och|men)\s+(?:jag\s+|vi\s+)?(?={_WANTS})", re.IGNORECASE)
_JOINED_TAIL = re.compile(rf"^{_WANTS}", re.IGNORECASE)  # a request split off by joined_request


def joined_request(sentence: str) -> tuple[str, str] | None:
    """(situation, request) of a sentence that states the asker's situation and then, after "och", what they
    want; None when it does not."""
    m = _JOINED_REQUEST.search(sentence)
    if m is None or not speaks_of_asker(sentence[:m.start()]) or len(words(sentence[:m.start()])) < MIN_BACKGROUND_WORDS:
        return None
    return sentence[:m.start()].strip() + ".", sentence[m.end():].strip()


def states_request(sentence: str) -> bool:
    """"Jag undrar över arbetet för äldre.": a request in the form of a statement, not background."""
    return bool(_STATED_REQUEST.search(sentence)) or bool(_PLAN.search(sentence) and _ASKING_VERB.search(sentence))


def _sentences(text: str) -> list[str]:
    """The sentences as typed: split after . ! ? (lower case too, as people type), an abbreviation's dot kept."""
    hidden = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", _HIDDEN_DOT), text.strip())
    return [s.replace(_HIDDEN_DOT, ".") for s in _SENTENCE.split(hidden) if s]


def split_request(text: str) -> tuple[str, str]:
    """(request, background). The request is every sentence that asks (ends in "?") or states what the asker
    wants (states_request), or the last sentence when none does; within a request of one sentence, the clauses
    before a later clause that opens a question are background too. Everything else, before or after, is
    background. No background: ("text", "")."""
    sentences = []
    for s in _sentences(text):
        joined = None if s.rstrip().endswith("?") or states_request(s) else joined_request(s)
        sentences += list(joined) if joined else [s]
    stated = {i for i, s in enumerate(sentences) if states_request(s) or (i > 0 and _JOINED_TAIL.match(s))}
    asking = sorted({i for i, s in enumerate(sentences) if s.rstrip().endswith("?")} | stated)
    if not asking:
        asking = [len(sentences) - 1] if sentences else []
    background = " ".join(s for i, s in enumerate(sentences) if i not in asking)
    request = " ".join(sentences[i] for i in asking)
    if len(asking) == 1:
        clauses = _CLAUSE.split(request)
        for i in range(len(clauses) - 1, 0, -1):
            opener = words(clauses[i])[:1]
            lead = " ".join(clauses[:i])
            if opener and opener[0] in OPENERS and len(words(lead)) >= MIN_BACKGROUND_WORDS:
                background = f"{background} {lead}".strip()
                request = " ".join(clauses[i:])
                break
    return request, background


def speaks_of_asker(background: str) -> bool:
    """Background about the asker's own situation ("Jag är kurator i Göteborg", "Vi har en klient"): its places and
    groups are where the asker stands, not what is asked. A fronted topic without the first person is not."""
    return any(w in FIRST_PERSON for w in words(background)) or bool(_ENGLISH_I.search(background))


# A request that asks about municipalities or regions at large ("Har någon kommun testat något liknande?", "Vilka
# andra regioner …", "any other council"): who else, not the asker's own place. Determiners and the two kinds of
# organisation the overview holds, a closed class.
_ASKS_OTHERS = re.compile(
    r"\b(?:någon|nån|några|andra|vilka|vilken|flera|fler)\s+(?:annan\s+|andra\s+)?(?:kommun|kommuner|region|regioner)\b"
    r"|^\W*(?:har|hade|finns\s+det)\s+(?:någon|nån|några|andra)(?:\s+annan|\s+som)?\b(?!\s+(?:kommun|region|av|i|på|här))"
    r"|\b(?:any|other|which)\s+(?:other\s+)?(?:municipalit(?:y|ies)|councils?|regions?)\b", re.IGNORECASE)


def asks_others(request: str) -> bool:
    """The request asks what municipalities or regions at large have done, not what the asker's own place has."""
    return bool(_ASKS_OTHERS.search(request))


def points_back(request: str) -> bool:
    """The request leans on a place of the background: "vad finns det från oss?", "vad har staden gjort?"."""
    return bool(_POINTS_BACK.search(request))
