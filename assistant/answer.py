"""Answer composition: what was understood, each matching entry quoted verbatim, and the source.

No text is generated about the initiatives: every quoted line is a line of
the document (escaped for Markdown so it shows exactly as written), and
every link is one from links.csv.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .corpus import Document, Entry
from .groups import BY_KEY
from .places import Gazetteer
from .retrieval import Hit, Result

MONTHS_SV = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
             "oktober", "november", "december")
LINK_KIND = {
    "topic": "sida om samma insats eller ämne (inte originallänken)",
    "homepage": "organisationens webbplats (originallänken är okänd)",
    "none": "ingen känd adress",
}
RELATION = {"direct": "orten", "region": "regionen/länet som helhet", "county": "samma län"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def escape_md(text: str) -> str:
    """Show text exactly as written: no Markdown, links, images or HTML from it."""
    return _MD_SPECIAL.sub(r"\\\1", text)


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

    def to_dict(self) -> dict:
        data = asdict(self)
        data["hits"] = [{"id": e.id, "score": e.score} for e in self.entries]
        return data


def swedish_date(document: Document) -> str:
    d = document.date
    return f"{d.day} {MONTHS_SV[d.month - 1]} {d.year}"


def source_line(document: Document) -> str:
    return (
        f"Källa: ”{document.title}”, {document.publisher}, {document.url}, "
        f"senast uppdaterad {swedish_date(document)}."
    )


def _list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


def understood_text(result: Result) -> str:
    u = result.understanding
    parts = [BY_KEY[g].label for g in u.groups] + [p.name for p in u.places]
    if not parts and u.content_terms:
        parts = [f"ämne: {', '.join(topic_words(result))}"]
    return " · ".join(parts)


def topic_words(result: Result) -> list[str]:
    """The question's own words behind the topic stems, for messages."""
    from .lexical import stem

    u = result.understanding
    words = []
    for w in re.findall(r"[\wåäöé-]+", u.question.lower()):
        if stem(w) in u.content_terms and w not in words:
            words.append(w)
    return words or list(u.content_terms)


def message_for(result: Result, document: Document) -> str:
    """The plain Swedish sentence that goes before (or instead of) the quotes."""
    u = result.understanding
    places = _list([p.name for p in u.places]) if u.places else ""
    groups = _list([BY_KEY[g].label.lower() for g in u.groups]) if u.groups else ""
    n = len(result.hits)
    notice = result.notice
    if notice == "empty":
        return "Skriv en fråga, till exempel ”vad finns för äldre på Gotland?”."
    if notice == "vague":
        return ("Frågan är för allmän för att matcha något i översikten. Skriv en målgrupp (till exempel äldre "
                "eller barn och unga), en kommun eller ett län, eller ett ämne.")
    if notice == "no_place":
        return f"Översikten har inga exempel från {places}, och inga från samma län."
    if notice == "no_topic":
        what = ", ".join(f"”{w}”" for w in topic_words(result))
        where = f" för {places}" if places else ""
        return f"Översikten har inget om {what}{where}. Inga poster citeras."
    if notice == "county_fallback":
        target = f" för {groups}" if groups else ""
        return f"Översikten har inga exempel{target} från {places} själv. Här är exempel från samma län eller region:"
    if notice == "place_without_group":
        return f"Översikten har inga exempel för {groups} i {places}. Det här finns från {places}:"
    if notice == "empty_section":
        heads = _list([s.capitalize() for s in result.notice_detail.get("sections", ())])
        if not n:
            return f"Översikten har inga exempel under rubriken {heads}, och inga andra poster nämner gruppen."
        return f"Översikten har inga exempel under rubriken {heads}. Följande poster nämner gruppen:"
    if not n:
        return "Översikten har inget som matchar frågan."
    return f"{n} {'post' if n == 1 else 'poster'} i översikten matchar:"


def _why(hit: Hit, rank: int) -> str:
    bits = [f"plats {rank}"]
    if hit.place_relation:
        bits.append(f"ort: {_list(list(hit.places))} ({RELATION[hit.place_relation]})")
    if hit.group_level == 2:
        bits.append("står under målgruppens rubrik")
    elif hit.group_level == 1:
        bits.append("texten nämner målgruppen")
    if hit.matched:
        bits.append("ord: " + ", ".join(hit.matched))
    return "; ".join(bits)


def quote(entry: Entry, hit: Hit, rank: int, gazetteer: Gazetteer) -> QuotedEntry:
    links = tuple(QuotedLink(l.text, l.url, l.kind, LINK_KIND[l.kind]) for l in entry.links)
    place = gazetteer.describe(gazetteer.org_places(entry.organisation))
    return QuotedEntry(entry.id, entry.organisation, entry.section, entry.text_lines, links, entry.phones,
                       place, rank, hit.score, _why(hit, rank))


def entry_markdown(q: QuotedEntry, entry: Entry) -> str:
    lines = [f"### {q.rank}. {escape_md(q.organisation)} — {escape_md(q.section.capitalize())}"]
    for part in entry.parts:
        if part.link is None:
            lines.append(f"> {escape_md(part.text)}")
        else:
            link = part.link
            label = LINK_KIND[link.kind]
            if link.url:
                lines.append(f"> [{escape_md(link.text)}](<{link.url}>) · *{label}*")
            else:
                lines.append(f"> {escape_md(link.text)} · *{label}*")
        lines.append(">")
    lines.pop()
    return "\n".join(lines)


def compose(result: Result, document: Document, gazetteer: Gazetteer, warning: str = "") -> Answer:
    """Turn a retrieval result into the Swedish answer (Markdown) and its structured form."""
    u = result.understanding
    by_id = document.by_id()
    quoted = tuple(quote(by_id[h.entry_id], h, i, gazetteer) for i, h in enumerate(result.hits, start=1))
    understood = understood_text(result)
    message = message_for(result, document)
    md: list[str] = []
    if warning:
        md.append(f"⚠️ {escape_md(warning)}")
    if u.truncated:
        md.append("*Frågan var längre än 500 tecken och har kortats.*")
    if understood:
        extra = " (fortsättning på förra frågan)" if u.inherited else ""
        md.append(f"**Jag uppfattade:** {escape_md(understood)}{extra}")
    if u.english:
        md.append("*Svaren citerar den svenska översikten ordagrant.*")
    md.append(escape_md(message).replace("\\(", "(").replace("\\)", ")"))
    for q in quoted:
        md.append(entry_markdown(q, by_id[q.id]))
    src = source_line(document)
    md.append("---\n" + escape_md(src).replace("\\(", "(").replace("\\)", ")"))
    return Answer(
        u.question, understood, tuple(p.name for p in u.places), tuple(BY_KEY[g].label for g in u.groups),
        result.abstained, result.notice, message, quoted, "\n\n".join(md), src,
    )
