"""Answer composition: what was understood, each matching entry quoted verbatim, and the source.

No text is generated about the initiatives: every quoted line is a line of
the document (escaped for Markdown so it shows exactly as written), and
every link is one from links.csv.
"""

from __future__ import annotations

import re
import csv
import io
from dataclasses import asdict, dataclass, field, replace

from .corpus import Document, Entry
from .detail import best_sentence, detail_kind
from .groups import BY_KEY
from .places import Gazetteer
from .policy import Notice, Selection, matches_end
from .wording import LACKS_FACT, NOT_EXACT, NOT_MATCH_HEADINGS, PARTIAL_HEADING, REGION_WIDE, notice_message
from .query import Context, Understanding
from .retrieval import Hit
from .text import and_list

MONTHS_SV = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
             "oktober", "november", "december")
LINK_KIND = {
    "topic": "sida om samma insats eller ämne (inte originallänken)",
    "homepage": "organisationens webbplats (originallänken är okänd)",
    "none": "ingen känd adress",
}
# How an entry relates to the named place, as the "why" panel says it; a direct match needs no words.
RELATION = {"direct": "", "region": "regionen eller länet som helhet", "county": "i samma län"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


# What GitHub-flavoured Markdown turns into a link by itself: "https://…", "www.…", "namn@kommun.se", even inside a
# word ("_www.a.se"). A backslash before the colon, the dot or the at sign shows the same character as plain text.
_AUTOLINK = re.compile(r"(?i)(?:(?<=http)|(?<=https)|(?<=ftp)):(?=//)|(?<=www)\.|@(?=[\w-]+\.)")


def escape_md(text: str, link_text: bool = False) -> str:
    """Show text exactly as written: no Markdown, links, images or HTML from it (a typed or quoted address is
    no link: only a link we know is one). The text of a link we know (`link_text`) cannot become another link."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return escaped if link_text else _AUTOLINK.sub(lambda m: "\\" + m.group(0), escaped)


@dataclass(frozen=True)
class QuotedLink:
    text: str
    url: str | None
    kind: str
    kind_label: str


@dataclass(frozen=True)
class QuotedEntry:
    id: str
    organisation: str
    section: str
    text_lines: tuple[str, ...]
    links: tuple[QuotedLink, ...]
    phones: tuple[str, ...]
    place: str
    rank: int
    score: float
    why: str
    standing: str = ""  # how the entry relates to the question, as the answer's headings say it (export column)


@dataclass(frozen=True)
class Answer:
    question: str
    understood: str
    places: tuple[str, ...]
    groups: tuple[str, ...]
    abstained: bool
    notice: str
    message: str
    entries: tuple[QuotedEntry, ...]
    markdown: str
    source: str
    understanding: Understanding = field(repr=False, compare=False, default=None)  # type: ignore[assignment]
    hits: tuple[Hit, ...] = field(repr=False, default=())
    shown_before: tuple[str, ...] = field(repr=False, default=())  # entries shown by earlier parts ("visa fler")
    missing_detail: str = ""  # the kind of fact asked for ("telefonnummer") that no quoted entry holds
    remaining: int = 0  # entries of this answer not yet shown ("visa fler" shows them); 0 when it points back

    @property
    def context(self) -> Context:
        """What a follow-up question needs from this answer: what was understood and all entries shown so far."""
        return Context(self.understanding, self.shown_before + tuple(h.entry_id for h in self.hits))

    @property
    def exact(self) -> bool:
        """False when the quotes are a labelled fallback (another place, other groups, entries that only mention
        a group whose heading is empty), or hold none of the fact asked for, not an answer."""
        return (bool(self.hits) and Notice(self.notice).exact and not self.missing_detail
                and not (self.entries and not self.entries[0].standing.startswith(MATCHES)))

    def to_record(self, entries: bool = False) -> dict:
        """The one JSON shape of an answer: CLI (--json, --batch), the app's /svara and the load test."""
        record = {
            "question": self.question,
            "places": list(self.places),
            "groups": list(self.groups),
            "hits": [{"id": h.entry_id, "score": h.score} for h in self.hits],
            "abstained": self.abstained,
            "exact": self.exact,
            "notice": self.notice,
            "missing_detail": self.missing_detail,
            "remaining": self.remaining,
            "answer": self.markdown,
        }
        if entries:
            record["entries"] = [asdict(e) for e in self.entries]
        return record


def swedish_date(document: Document) -> str:
    d = document.date
    return f"{d.day} {MONTHS_SV[d.month - 1]} {d.year}"


def source_markdown(document: Document) -> str:
    """The source line with the document's address as a link (the one address every answer knows)."""
    text, url = escape_md(source_line(document)), document.url
    return text.replace(escape_md(url), f"[{escape_md(url, link_text=True)}](<{url}>)", 1)


def source_line(document: Document) -> str:
    return (
        f"Källa: ”{document.title}”, {document.publisher}, {document.url}, "
        f"senast uppdaterad {swedish_date(document)}."
    )


def understood_text(u: Understanding) -> str:
    parts = [BY_KEY[g].label for g in u.groups] + [p.name for p in u.places]
    topics = [w for w in u.topic_words if w not in u.everyday] or list(u.topic_words)  # "fick" is no topic
    if not parts and topics:
        parts = [f"ämne: {quoted_words(topics, quote='')}"]  # as the user wrote them, not stems
    # How an abbreviation was read ("MVK = mäns våld mot kvinnor"): the asker sees whether it was the one meant.
    # One that only restates the group named ("VBE" beside "Våldsbejakande extremism") is left out.
    shown = {p.lower() for p in parts}
    parts += [f"{term} = {expansion}" for term, expansion in u.field_terms if expansion.lower() not in shown]
    return " · ".join(parts)


def topic_words(u: Understanding) -> list[str]:
    """The question's own words behind the topic stems, for messages."""
    from .lexical import stem

    words = []
    for w in u.words:
        if stem(w) in u.content_terms and w not in words:
            words.append(w)
    return words or list(u.topic_words)


# A pasted text in another language lacks every word it has ("lorem", "ipsum", …): a sentence names a few of them.
MAX_NAMED_WORDS = 5


def quoted_words(words: list[str], quote: str = "”") -> str:
    """”a”, ”b”, ”c”; past MAX_NAMED_WORDS the first four and how many more."""
    if len(words) <= MAX_NAMED_WORDS:
        return ", ".join(f"{quote}{w}{quote}" for w in words)
    shown = ", ".join(f"{quote}{w}{quote}" for w in words[:MAX_NAMED_WORDS - 1])
    return f"{shown} och {len(words) - MAX_NAMED_WORDS + 1} ord till"


def message_for(u: Understanding, selection: Selection, n: int, hits: tuple[Hit, ...] = ()) -> str:
    """The notice's Swedish sentence, filled in with what this question named; the related words named are those
    the shown entries have (a "visa fler" page names its own)."""
    # An English question's words are all missing from a Swedish text ("councils", "ran"): naming them says nothing.
    # A county fallback names a topic only when the rule found it missing (selection.words): "Har Skara eller Lidköping
    # gjort något för män som utövar våld?" said "och inget om ”våld”" over entries about violence (walkthrough).
    optional = selection.notice is Notice.COUNTY_FALLBACK
    words = list(selection.words) or ([] if u.english or optional else topic_words(u))
    near_at = next((pos for pos, h in selection.headings if h in NOT_MATCH_HEADINGS), None)  # where matches end
    return notice_message(
        selection.notice,
        places=and_list([p.name for p in u.places]) if u.places else "",
        groups=and_list([BY_KEY[g].label.lower() for g in u.groups]) if u.groups else "",
        words=" och ".join(words) if selection.notice is Notice.NO_ORGANISATION else quoted_words(words),
        sections=and_list([s.capitalize() for s in selection.sections]) if selection.sections else "",
        n=n, near=max(0, n - (n if near_at is None else near_at)),
        related=", ".join(f"”{w}”" for w in dict.fromkeys(w for h in hits for w in h.related)),
        total=len(selection.order) if near_at is None else near_at,
        partial=any(h in (PARTIAL_HEADING, LACKS_FACT) for _, h in selection.headings),
        group_in_county=selection.group_in_county,
    )


def _why(hit: Hit, rank: int) -> str:
    """Why an entry was chosen, in plain Swedish: place names and the question's words as the user wrote them."""
    bits = [f"plats {rank}"]
    if hit.place_relation:
        relation = RELATION.get(hit.place_relation, "")
        bits.append(f"ort: {and_list(list(hit.places))}" + (f" ({relation})" if relation else ""))
    if hit.group_level == 2:
        bits.append("står under målgruppens rubrik")
    elif hit.group_level == 1:
        bits.append("texten nämner målgruppen")
    if hit.matched:
        bits.append("ord: " + ", ".join(f"”{w}”" for w in hit.matched))
    if hit.related:
        # Where the likeness comes from (Synlex or the embedding) is said in the README, not to the asker.
        bits.append("ord med liknande betydelse som frågans: " + ", ".join(f"”{w}”" for w in hit.related))
    return "; ".join(bits)


MATCHES = "matchar frågan"
NO_EXACT_ANSWER = "inget exakt svar (se svarets text)"


def standings(selection: Selection, n: int, exact: bool) -> tuple[str, ...]:
    """What each of the n quoted entries is, in the words the answer uses over it: a spreadsheet of the quotes
    read without the answer must not pass off a fallback entry as a match. An entry under a heading is what the
    heading says; before any heading it matches only in an exact answer."""
    headings = dict(selection.headings)
    out, current = [], MATCHES if exact else NO_EXACT_ANSWER
    for i in range(n):
        current = headings.get(i, current)
        # A region's entries after a place's own still match (the count says so): the column says both.
        out.append(f"{MATCHES} ({REGION_WIDE[0].lower()}{REGION_WIDE[1:]})" if exact and current == REGION_WIDE
                   else current)
    return tuple(out)


def quote(entry: Entry, hit: Hit, rank: int, gazetteer: Gazetteer) -> QuotedEntry:
    links = tuple(QuotedLink(l.text, l.url, l.kind, LINK_KIND[l.kind]) for l in entry.links)
    place = gazetteer.describe(gazetteer.org_places(entry.organisation))
    return QuotedEntry(entry.id, entry.organisation, entry.section, entry.text_lines, links, entry.phones,
                       place, rank, hit.score, _why(hit, rank))


def _marked(text: str, sentence: str | None) -> str:
    """The line as written, escaped, with the answering sentence in bold (markup only, no letter changed)."""
    if not sentence or sentence not in text:
        return escape_md(text)
    before, _, after = text.partition(sentence)
    return f"{escape_md(before)}**{escape_md(sentence)}**{escape_md(after)}"


def quote_lines(entry: Entry, highlight: tuple[int, str] | None = None) -> list[str]:
    """The entry as a Markdown quote, line by line as written; link lines with their address and kind."""
    lines: list[str] = []
    text_no = 0
    for part in entry.parts:
        if part.link is None:
            sentence = highlight[1] if highlight and highlight[0] == text_no else None
            lines.append(f"> {_marked(part.text, sentence)}")
            text_no += 1
        else:
            link = part.link
            label = LINK_KIND[link.kind]
            if link.url:
                lines.append(f"> [{escape_md(link.text, link_text=True)}](<{link.url}>) · *{label}*")
            else:
                lines.append(f"> {escape_md(link.text)} · *{label}*")
        lines.append(">")
    return lines[:-1]


def entry_markdown(q: QuotedEntry, entry: Entry, highlight: tuple[int, str] | None = None) -> str:
    head = f"### {q.rank}. {escape_md(q.organisation)} — {escape_md(q.section.capitalize())}"
    return "\n".join([head, *quote_lines(entry, highlight)])


def compose(u: Understanding, selection: Selection, hits: tuple[Hit, ...], document: Document,
            gazetteer: Gazetteer, warning: str = "", shown_before: tuple[str, ...] = ()) -> Answer:
    """Turn the chosen hits into the Swedish answer (Markdown) and its structured form."""
    by_id = document.by_id()
    # "visa fler" numbers on from the entries already shown.
    first = len(shown_before) + 1
    quoted = tuple(quote(by_id[h.entry_id], h, i, gazetteer) for i, h in enumerate(hits, start=first))
    understood = "" if selection.notice is Notice.NO_PREVIOUS else understood_text(u)
    message = message_for(u, selection, len(hits), hits)
    md: list[str] = []
    if warning:
        md.append(f"⚠️ {escape_md(warning)}")
    if u.truncated:
        md.append("*Frågan var längre än 500 tecken och har kortats: början och slutet av den har använts.*")
    if u.filters or u.ignored_filters:
        bits = []
        if u.filters:
            bits.append(f"Filter: {escape_md(', '.join(u.filters))}")
        labels = {g.label for g in BY_KEY.values()}
        for name in u.ignored_filters:
            bits.append(f"filtret {escape_md(name)} användes inte, eftersom frågan själv nämner "
                        f"{'målgrupp' if name in labels else 'ort'}")
        line = "; ".join(bits)
        md.append("*" + line[:1].upper() + line[1:] + ".*")  # a sentence starts with a capital
    if understood or u.besides:
        extra = " (fortsättning på förra frågan)" if u.inherited and not u.more else ""
        if u.pointing:
            extra = " (om posterna i förra svaret)"
        if u.besides:  # "vad mer gör de där?": the place's other entries; "vad mer gör de?": the organisations'
            extra = " (utöver det som förra svaret visade)" if understood else ""
        said = escape_md(understood) if understood else "annat från organisationerna i förra svaret"
        md.append(f"**Jag uppfattade:** {said}{extra}")
    if u.english:
        md.append("*Svaren citerar den svenska översikten ordagrant.*")
    if u.more and quoted and selection.notice not in (Notice.NO_PREVIOUS, Notice.MORE, Notice.NO_MORE):  # they say it
        md.append("*Fortsättning: fler poster till förra frågan.*")
    kind = detail_kind(u) if quoted else None
    marks = {q.id: best_sentence(q.text_lines, kind, u) for q in quoted} if kind else {}
    # The fact must stand in an entry that matches: "Vilket telefonnummer har Corona-linjen?" matched Gävle's line,
    # which gives none, and Origo's number under "Tar upp en del av frågan" made it "1 post matchar" (walkthrough).
    cut = matches_end(selection) if selection.notice.exact else len(quoted)
    missing_detail = kind.label if kind and not any(marks[q.id] for q in quoted[:cut]) else ""
    if missing_detail:  # said first: the quotes below do not hold what was asked
        where = f" för {and_list([p.name for p in u.places])}" if u.places else \
            " i posterna om det som frågan gäller" if any(marks.values()) else " i de citerade posterna"
        md.append(f"*Översikten anger {kind.none} {kind.label}{escape_md(where)}.*")
        message = without_the_fact(message, selection)
    exact = bool(hits) and selection.notice.exact and not missing_detail
    quoted = tuple(replace(q, standing=s) for q, s in zip(quoted, standings(selection, len(quoted), exact)))
    md.append(escape_md(message).replace("\\(", "(").replace("\\)", ")"))
    headings = dict(selection.headings)
    for i, q in enumerate(quoted):
        if i in headings:
            md.append(f"#### {escape_md(headings[i])}")
        md.append(entry_markdown(q, by_id[q.id], marks.get(q.id)))
    # An answer about the entries just shown ("har de något telefonnummer?") has no further pages.
    remaining = max(0, len(selection.order) - len(hits)) if hits and not u.pointing else 0
    if remaining:
        md.append(more_line(remaining))
    src = source_line(document)
    md.append("---\n" + source_markdown(document))
    return Answer(
        u.question, understood, tuple(p.name for p in u.places), tuple(BY_KEY[g].label for g in u.groups),
        not hits, selection.notice.value, message, quoted, "\n\n".join(md), src, u, hits, shown_before,
        missing_detail, remaining,
    )


def without_the_fact(message: str, selection: Selection) -> str:
    """"har de något telefonnummer?" when no quoted entry has one: the entries are no exact answer, so an exact
    answer's "1 post i översikten matchar" gives way; a labelled answer's own sentence already says so."""
    return f"{NOT_EXACT}, men det här är vad som finns:" if selection.notice.exact else message


def more_line(remaining: int) -> str:
    """Said under a cut answer, so nobody takes the first page for all there is."""
    what = "post till" if remaining == 1 else "poster till"
    return f"*Svaret har {remaining} {what}. Skriv ”visa fler” för att se {'den' if remaining == 1 else 'dem'}.*"


def to_markdown(answer: Answer, day: "date | None" = None) -> str:
    """The quotes as a Markdown file, for pasting into a report; with `day` (the export's date) the file
    starts with the question and the date, so a saved copy says what was asked and when."""
    if day is None:
        return answer.markdown + "\n"
    head = (f"# {escape_md(answer.question or 'Insatsguiden')}\n\n"
            f"Frågan ställdes i Insatsguiden {day.isoformat()}.\n\n")
    return head + answer.markdown + "\n"


CSV_HEADER = ["fråga", "id", "svarar", "organisation", "rubrik", "text", "länktext", "adress", "länktyp", "källa"]


def _csv_rows(answer: Answer) -> list[list[str]]:
    return [[answer.question, e.id, e.standing, e.organisation, e.section.capitalize(), "\n".join(e.text_lines),
             " | ".join(l.text for l in e.links), " | ".join(l.url or "" for l in e.links),
             " | ".join(l.kind_label for l in e.links), answer.source] for e in answer.entries]


def conversation_markdown(turns: list[tuple[str, Answer]], day: "date") -> str:
    """A whole conversation as it was read: each question as the user typed it, then its answer, in order."""
    n = len(turns)
    parts = [f"# Samtal i Insatsguiden\n\n{n} {'fråga' if n == 1 else 'frågor'}, exporterat {day.isoformat()}.\n"]
    for i, (asked, answer) in enumerate(turns, start=1):
        parts.append(f"## {i}. {escape_md(asked)}\n\n{answer.markdown}\n")
    return "\n".join(parts)


def conversation_csv(turns: list[tuple[str, Answer]], delimiter: str = ";") -> str:
    """Every quoted entry of a conversation, one row each, with the number and text of the question it answered."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["nr", *CSV_HEADER])
    for i, (asked, answer) in enumerate(turns, start=1):
        for row in _csv_rows(answer):
            writer.writerow([i, asked, *row[1:]])
    return buf.getvalue()


def to_csv(answer: Answer, delimiter: str = ",") -> str:
    """The quotes as CSV, one row per entry; `delimiter=";"` (written as UTF-8 with BOM) is what Excel with
    Swedish settings opens with å/ä/ö and columns intact."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(_csv_rows(answer))
    return buf.getvalue()
