"""Small text helpers shared by parsing, place/group detection and lexical search."""

from __future__ import annotations

import re
import unicodedata

_SLUG_MAP = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_FOLD_MAP = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "æ": "a", "ø": "o"})
_WORD = re.compile(r"[0-9a-zåäöéüæø]+(?:[-:][0-9a-zåäöéüæø]+)*", re.IGNORECASE)


def slugify(name: str) -> str:
    """Entry-id slug as the spec defines it: å/ä→a, ö→o, é→e, other runs → '-'."""
    return _NON_SLUG.sub("-", name.lower().translate(_SLUG_MAP)).strip("-")


def fold(text: str) -> str:
    """Lower-case and drop Swedish diacritics so 'Malmo' meets 'Malmö'."""
    return text.lower().translate(_FOLD_MAP)


def clean_user_text(text: str) -> str:
    """Drop control and format characters (NUL, bidi overrides) and squeeze blanks."""
    kept = []
    for ch in unicodedata.normalize("NFC", text):
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Co") and ch not in "\n\t":
            kept.append(" ")
        else:
            kept.append(ch)
    return re.sub(r"\s+", " ", "".join(kept)).strip()


def words(text: str) -> list[str]:
    """Lower-cased word tokens; hyphenated and colon words such as 'SKR:s' are split later."""
    return [w.lower() for w in _WORD.findall(text)]


_TOKEN = re.compile(r"[\w:-]+")


def tokens(text: str) -> list[str]:
    """A question's words as typed (lower-cased), kept whole with their hyphens and colons ("sms-tjänst",
    "SKR:s"); the one place a question is split into words."""
    return _TOKEN.findall(text.lower())


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖÉ0-9\"”])")


def sentences(text: str) -> list[str]:
    """The sentences of a text as written: split after . ! ? where blank and a capital (or digit) follow, so
    "V.I.P" and "relationer.se" stay whole. One is marked as a detail's answer; each is embedded on its own."""
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if s]


def plural(n: int, one: str, many: str) -> str:
    """Swedish agreement for a count: 1 fråga, 2 frågor."""
    return one if n == 1 else many


def and_list(names: list[str]) -> str:
    """Swedish enumeration: "Malmö", "Malmö och Lund", "Malmö, Lund och Ystad"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


def ends_of(text: str, half: int) -> str:
    """A long text's first and last `half` characters joined by " … ", a word cut in two dropped, never a whole
    one: what a question pasted after (or before) a long text keeps. `text` has its blanks squeezed."""
    head, tail = text[:half], text[-half:]
    if text[half] != " ":
        head = head.rsplit(" ", 1)[0]
    if text[-half - 1] != " ":
        tail = tail.split(" ", 1)[-1]
    return head.strip() + " … " + tail.strip()
