"""Parse the overview document into one entry per initiative (bullet).

The document is plain text: an intro, upper-case section headings, bullets
(" • Organisation") followed by indented lines that are either text, a phone
line or a "Läs …"/"Se …" link line, and a footer with the date. Anything that
breaks that shape is reported with its line number; nothing is dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from pathlib import Path

from .errors import CorpusError
from .text import sentences, slugify

DOCUMENT_NAME = "utsatta-grupper-2021-06-07.txt"
LINKS_NAME = "links.csv"
SOURCE_URL = (
    "https://www.jamstalldhetsmyndigheten.se/mans-vald-mot-kvinnor/covid-19/"
    "exempel-pa-kommuners-och-regioners-arbete"
)
PUBLISHER = "Jämställdhetsmyndigheten"

BULLET = re.compile(r"^\s*•\s*(.*?)\s*$")
HEADING = re.compile(r"^[A-ZÅÄÖÉ][A-ZÅÄÖÉ \-–]+$")
LINK_LINE = re.compile(r"^(Läs|Se)\s")
FOOTER = re.compile(r"^Senast uppdaterad:\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2})\s+(\w+),?\s+(\d{4})\s*$")
PHONE = re.compile(r"(?<![\d])0\d{1,3}[-–]\s?\d{2,3}(?:\s?\d{2}){1,3}(?![\d])")
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "maj": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "okt": 10, "nov": 11, "dec": 12,
}


@dataclass(frozen=True)
class Link:
    """A 'Läs mer …' line: the text as written and the address we know for it."""

    text: str
    url: str | None
    kind: str  # "topic" (page on the initiative/topic), "homepage", or "none" (no address known)
    evidence: str = ""


@dataclass(frozen=True)
class Part:
    """One line of an entry in document order: text, or a link line."""

    text: str
    link: Link | None = None


@dataclass(frozen=True)
class Repair:
    """A fix of a plain flaw in the source, kept so the change is visible."""

    line_no: int
    original: str
    repaired: str
    reason: str


@dataclass(frozen=True)
class Entry:
    """One initiative: a bullet of the overview with its lines verbatim."""

    id: str
    section: str
    section_slug: str
    organisation: str
    parts: tuple[Part, ...]
    phones: tuple[str, ...]
    position: int  # 0-based order in the document
    line_no: int  # line of the bullet, 1-based

    @property
    def text_lines(self) -> tuple[str, ...]:
        return tuple(p.text for p in self.parts if p.link is None)

    @property
    def links(self) -> tuple[Link, ...]:
        return tuple(p.link for p in self.parts if p.link is not None)

    @property
    def text(self) -> str:
        return "\n".join(self.text_lines)

    def passage(self) -> str:
        """What gets embedded and indexed: organisation, section and text."""
        return f"{self.organisation}. {self.section.capitalize()}. {' '.join(self.text_lines)}"

    def sentence_passages(self) -> tuple[str, ...]:
        """Each sentence of the text (of three words or more) with its organisation, embedded beside the whole
        entry: a short question that one sentence of a long entry answers is diluted in the entry's vector."""
        return tuple(f"{self.organisation}. {s}" for s in sentences(" ".join(self.text_lines)) if len(s.split()) >= 3)


@dataclass(frozen=True)
class Document:
    title: str
    date: dt.date
    updated: str  # footer as written
    sections: tuple[str, ...]
    entries: tuple[Entry, ...]
    repairs: tuple[Repair, ...]
    publisher: str = PUBLISHER
    url: str = SOURCE_URL
    sha256: str = field(default="", compare=False)
    # The paragraphs between the title and the first heading; the first says why the overview exists (covid-19,
    # isolation), the others what the list holds.
    introduction: tuple[str, ...] = ()

    @property
    def occasion(self) -> str:
        """The introduction's first paragraph: the occasion every entry shares ("utbrottet av covid-19")."""
        return self.introduction[0] if self.introduction else ""

    def section_entries(self, section: str) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.section == section)

    @property
    def empty_sections(self) -> tuple[str, ...]:
        return tuple(s for s in self.sections if not self.section_entries(s))

    def by_id(self) -> Mapping[str, Entry]:
        """Entry id → entry; built once per document (every answer looks its quotes up here)."""
        return self._by_id

    def positions(self) -> Mapping[str, int]:
        """Entry id → its position in the document (the row of every per-entry array); built once."""
        return self._positions

    @cached_property
    def lower_text(self) -> str:
        """Every entry's text in lower case, its lines joined by spaces, one entry a line: where a phrase is looked
        for across the whole overview (carriers.absent_terms); built once."""
        return "\n".join(" ".join(e.text_lines) for e in self.entries).lower()

    @cached_property
    def _by_id(self) -> Mapping[str, Entry]:
        return MappingProxyType({e.id: e for e in self.entries})

    @cached_property
    def _positions(self) -> Mapping[str, int]:
        return MappingProxyType({e.id: i for i, e in enumerate(self.entries)})


LinkKey = tuple[str, str, str]


def load_links(path: Path) -> dict[LinkKey, Link]:
    """links.csv → Link per (section, organisation, link text); weak pages fall back to the homepage."""
    links: dict[LinkKey, Link] = {}
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                key = (row["section"].strip(), row["organisation"].strip(), row["link_text"].strip())
                page, match = row.get("page_url", "").strip(), row.get("page_match", "").strip()
                home = row.get("homepage_url", "").strip()
                if page and match == "topic":
                    link = Link(key[2], page, "topic", row.get("evidence", "").strip())
                elif home:
                    link = Link(key[2], home, "homepage", "")
                else:
                    link = Link(key[2], None, "none", "")
                links[key] = link
    except (OSError, UnicodeDecodeError, KeyError, csv.Error) as exc:
        raise CorpusError(f"{path.name} kunde inte läsas: {exc}") from exc
    return links


def _parse_date(line: str, line_no: int) -> dt.date:
    m = FOOTER.match(line)
    if not m:
        raise CorpusError(f"rad {line_no}: sidfoten '{line}' har inte formen 'Senast uppdaterad: 9:57 - 07 jun, 2021'")
    month = MONTHS.get(m.group(3)[:3].lower())
    if month is None:
        raise CorpusError(f"rad {line_no}: okänd månad '{m.group(3)}' i sidfoten")
    return dt.date(int(m.group(4)), month, int(m.group(2)))


def parse_document(text: str, links: dict[LinkKey, Link]) -> Document:
    """Parse the document text; raise CorpusError naming the line of any break in format."""
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise CorpusError("rad 1: dokumentet saknar titel")
    title = lines[0].strip()
    sections: list[str] = []
    section: str | None = None
    bullets: list[tuple[int, str, str]] = []  # (line_no, section, organisation)
    bodies: list[list[tuple[int, str]]] = []
    footer: tuple[int, str] | None = None
    intro: list[str] = []
    bullet_lines = 0
    for no, raw in enumerate(lines[1:], start=2):
        line = raw.rstrip()
        if not line.strip():
            continue
        if footer is not None:
            raise CorpusError(f"rad {no}: text efter sidfoten ('{line.strip()[:60]}')")
        if line.startswith("Senast uppdaterad"):
            footer = (no, line.strip())
            continue
        bullet = BULLET.match(line)
        if bullet:
            bullet_lines += 1
            if section is None:
                raise CorpusError(f"rad {no}: punkt före första rubriken")
            if not bullet.group(1):
                raise CorpusError(f"rad {no}: punkt utan organisation")
            bullets.append((no, section, bullet.group(1)))
            bodies.append([])
            continue
        if HEADING.match(line.strip()) and not line.startswith(" "):
            section = line.strip()
            if section in sections:
                raise CorpusError(f"rad {no}: rubriken {section} finns redan")
            sections.append(section)
            continue
        if line.startswith(" ") and bullets and section is not None and bullets[-1][1] == section:
            bodies[-1].append((no, line.strip()))
            continue
        if section is None:
            intro.append(line.strip())  # the intro before the first heading
            continue
        raise CorpusError(f"rad {no}: text utanför någon punkt ('{line.strip()[:60]}')")
    if footer is None:
        raise CorpusError("dokumentet saknar sidfoten 'Senast uppdaterad: …'")
    date = _parse_date(footer[1], footer[0])

    entries: list[Entry] = []
    repairs: list[Repair] = []
    seen: dict[str, int] = {}
    for pos, ((no, sec, org), body) in enumerate(zip(bullets, bodies)):
        parts, fixes = _entry_parts(no, sec, org, body, links)
        repairs.extend(fixes)
        if not any(p.link is None for p in parts):
            raise CorpusError(f"rad {no}: punkten '{org}' saknar text")
        entry_id = f"{slugify(sec)}/{slugify(org)}"
        if entry_id in seen:
            raise CorpusError(f"rad {no}: id {entry_id} finns redan (rad {seen[entry_id]})")
        seen[entry_id] = no
        phones = tuple(m.group(0) for p in parts if p.link is None for m in PHONE.finditer(p.text))
        entries.append(Entry(entry_id, sec, slugify(sec), org, tuple(parts), phones, pos, no))
    if len(entries) != bullet_lines:
        raise CorpusError(f"{bullet_lines} punkter men {len(entries)} poster")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(title, date, footer[1], tuple(sections), tuple(entries), tuple(repairs), sha256=digest,
                    introduction=tuple(intro))


def _entry_parts(
    no: int, section: str, org: str, body: list[tuple[int, str]], links: dict[LinkKey, Link]
) -> tuple[list[Part], list[Repair]]:
    parts: list[Part] = []
    repairs: list[Repair] = []
    prev_text_line: int | None = None
    for line_no, line in body:
        if LINK_LINE.match(line):
            link = links.get((section, org, line))
            if link is None:
                raise CorpusError(
                    f"rad {line_no}: länkraden '{line}' ({section} / {org}) finns inte i links.csv"
                )
            parts.append(Part(line, link))
            prev_text_line = None
            continue
        # A text line that starts in lower case continues the previous one: the source broke it.
        if prev_text_line is not None and line[:1].islower():
            before = parts[-1].text
            joiner = "" if _ends_mid_word(before) else " "
            joined = before + joiner + line
            repairs.append(
                Repair(
                    line_no,
                    f"{before!r} / {line!r}",
                    joined,
                    "raden var bruten mitt i ett ord" if not joiner else "raden var bruten mitt i en mening",
                )
            )
            parts[-1] = Part(joined)
            continue
        parts.append(Part(line))
        prev_text_line = line_no
    return parts, repairs


SHORT_WORDS = {"i", "å", "ö", "på", "om", "en", "av", "ut", "nu", "så", "de", "ta", "få", "gå", "ha", "att", "är"}


def _ends_mid_word(line: str) -> bool:
    """A line ending in a one- or two-letter fragment that is no word was cut inside a word."""
    last = line.rsplit(" ", 1)[-1]
    return last.isalpha() and len(last) <= 2 and last.lower() not in SHORT_WORDS


def load_document(corpus_dir: Path) -> Document:
    """Read the document and links.csv from the corpus folder (I/O edge)."""
    doc_path = corpus_dir / DOCUMENT_NAME
    try:
        text = doc_path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CorpusError(f"dokumentet {doc_path} saknas") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"dokumentet {doc_path} kunde inte läsas: {exc}") from exc
    links = load_links(corpus_dir / LINKS_NAME)
    try:
        return parse_document(text, links)
    except CorpusError as exc:
        raise CorpusError(f"{doc_path.name}, {exc}") from exc


def corpus_hash(corpus_dir: Path) -> str:
    """Hash of every corpus file: a change to any of them makes the index stale."""
    h = hashlib.sha256()
    for path in sorted(corpus_dir.glob("*")):
        if path.is_file() and path.suffix in (".txt", ".csv"):
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()
