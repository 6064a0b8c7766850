"""Swedish lexical resources, so question reading rests on general data rather than word lists picked from the corpus.

- Word frequencies: the `wordfreq` package's Swedish list (Zipf scale: 6 ≈ once per thousand words, 3 ≈ once per
  million). It says which words are everyday Swedish and which spelling without å/ä/ö was meant.
- The thesaurus Synlex (© 2009 Viggo Kann; corpus/synlex/, copied from Debian's `mythes-sv` with its notice): its
  headwords are lemmas, and its synonyms link a question word the corpus lacks to corpus words ("plakat" → "affisch").
- Field terms: corpus/termer.csv, the standard abbreviations of the field with their expansions and sources.

All three load lazily; wordfreq's list is read from its data file (about 15 ms, see `_swedish_frequencies`).
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import product
from pathlib import Path

from .errors import CorpusError

SYNLEX = Path("synlex") / "th_sv_SE_v2.dat"
TERMS = "termer.csv"
# A word this frequent in Swedish (Zipf) is an everyday word, never silently read as a place by a spelling-tolerant
# match: every municipality name typed without å/ä/ö stays below it ("goteborg" 4.17, "malmo" 4.03; "are" for Åre
# is too short to be matched that way), while "våra" (folded "vara", Vara) is at 5.67. Measured on the place table.
FREQUENT_ZIPF = 4.5
# An unknown question word this frequent is a function or everyday word ("händer" 5.51, "hemma" 5.54, "fått" 5.72)
# rather than the topic; content words the overview lacks sit below ("hund" 4.87, "finska" 4.60, "statsbidrag"
# 3.31, "parkering" 3.92). Chosen between those two groups of the examples; the dev sweep is in eval/tuning.md.
EVERYDAY_ZIPF = 5.0
# A spelling without å/ä/ö is read as the accented word when that word is at least this much more frequent
# (Zipf, i.e. ten times as frequent per 1.0): "nan" 3.34 → "nån" 5.57, "hjalp" 2.29 → "hjälp" 5.53; "vald" 4.3
# (a word of its own) is not turned into "våld" 4.6 by this rule.
RESTORE_MARGIN = 1.0
RESTORE_FLOOR = 3.5  # …and is itself a word people write (Zipf); not tuned
# Verb endings: a form whose lemma (stem + "a") is a Synlex headword is an inflected verb ("använt" → "använda",
# "jobbat" → "jobba", "händer" → "hända"); Swedish conjugation endings, longest first.
VERB_ENDINGS = ("ades", "ande", "ende", "ade", "ats", "des", "tes", "ar", "er", "at", "it", "de", "te", "t", "r", "s")
_VOWELS = set("aeiouyåäöé")


def _read_wordlist(name: str):
    """wordfreq's packaged Swedish list `name` ("small", "large") as its raw rows (gzip'd msgpack, "cB" format:
    row i holds the words i centibels below one), read without importing wordfreq (see _swedish_frequencies);
    None when the package or file is missing."""
    import gzip
    import importlib.util
    import os

    import msgpack

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(list(spec.submodule_search_locations)[0], "data", f"{name}_sv.msgpack.gz")
    try:
        with gzip.open(path, "rb") as fh:
            data = msgpack.load(fh, raw=False)
    except (OSError, ValueError):
        return None
    if not data or data[0].get("format") != "cB":
        return None
    return data[1:]


@lru_cache(maxsize=1)
def _written_words() -> frozenset[str]:
    """Every word of wordfreq's large Swedish list (down to Zipf 1, 341,000 words): 0.1 s to read, so only asked
    for a word already one slip from a place name."""
    return frozenset(w for row in _read_wordlist("large") or () for w in row)


@lru_cache(maxsize=1)
def _swedish_frequencies() -> dict[str, int]:
    """wordfreq's small Swedish list, word → centibels below one (0 = the most common). Read from the package's own
    data file (gzip'd msgpack, "cB" format) without importing wordfreq: its import takes 0.1–0.2 s, mostly
    langcodes' tables, which a one-shot question should not pay (bench: the cold ask). The small list holds the
    words from Zipf 3 up, which every threshold here lies above."""
    rows = _read_wordlist("small")
    if rows is None:
        return {}
    table: dict[str, int] = {}
    for centibels, words in enumerate(rows):
        for w in words:
            table.setdefault(w, centibels)
    return table


@lru_cache(maxsize=4096)
def zipf(word: str) -> float:
    """How common a word is in Swedish, on wordfreq's Zipf scale (0 for a word the list lacks), computed as
    wordfreq.zipf_frequency(word, "sv", wordlist="small") does: a word of several tokens ("e-tjänst") combines its
    tokens' frequencies as 1/f = Σ 1/fᵢ (tests/test_lexicon_and_request.py compares the two)."""
    table = _swedish_frequencies()
    tokens = re.findall(r"\w+", word.lower())
    if not tokens or any(t not in table for t in tokens):
        return 0.0
    inverse = sum(10 ** (table[t] / 100) for t in tokens)  # 1/f, with f = 10^(-cB/100)
    return round(9 - math.log10(inverse), 2)


def is_frequent(word: str, floor: float = FREQUENT_ZIPF) -> bool:
    return zipf(word.lower()) >= floor


def is_written_word(word: str) -> bool:
    """Whether people write this word at all (wordfreq's large Swedish list): a word outside it that is one slip
    from a place name ("götebrog", "jönköpng") is the place misspelt, while rare real words that are as close
    ("uppställa" → Uppsala, "värmande" → Värmland, all in the list) stay words. Without the list, every word counts
    as written: the cue-less typo path stays shut."""
    words = _written_words()
    return not words or word.lower() in words


def restore_diacritics(word: str) -> str | None:
    """The word with å/ä/ö put back, when one spelling is far more common than the one typed ("nan" → "nån")."""
    w = word.lower()
    slots = [i for i, ch in enumerate(w) if ch in "ao"]
    if not slots or len(slots) > 4 or not w.replace("-", "").isalpha():
        return None
    options = {"a": "aåä", "o": "oö"}
    best, best_z = None, zipf(w) + RESTORE_MARGIN
    for combo in product(*(options[w[i]] for i in slots)):
        chars = list(w)
        for i, ch in zip(slots, combo):
            chars[i] = ch
        candidate = "".join(chars)
        if candidate == w:
            continue
        z = zipf(candidate)
        if z >= max(best_z, RESTORE_FLOOR):
            best, best_z = candidate, z
    return best


def transliterated(word: str) -> str | None:
    """The word with aa/ae/oe read as å/ä/ö, the spelling of keyboards and systems without them ("vaald", "aeldre",
    "Goeteborg"); None when it has none. Only a guess: the caller keeps it when it makes a known word."""
    t = word.replace("aa", "å").replace("ae", "ä").replace("oe", "ö")
    return t if t != word else None


def is_consonant_run(word: str) -> bool:
    """An all-consonant token such as "gbg" or "sthlm": a short form, never a word."""
    return len(word) >= 3 and word.isalpha() and not (set(word.lower()) & _VOWELS)


@dataclass(frozen=True)
class Term:
    term: str
    expansion: str  # the words searched for it
    source: str
    shown: str = ""  # how "Jag uppfattade" names it, where the searched words are no name ("socialtjänstlagen")


@dataclass(frozen=True)
class Lexicon:
    """The thesaurus and the field's terms of one corpus folder; both may be absent (a small test corpus)."""

    synlex_path: Path | None = None
    terms: tuple[Term, ...] = ()

    @cached_property
    def thesaurus(self) -> dict[str, tuple[str, ...]]:
        """Synlex headword → its synonyms (one-word ones; MyThes format, ISO-8859-1), the whole file parsed: the
        reference that the fast per-word reads (headwords, synonyms) are tested against, not read by a question."""
        out: dict[str, list[str]] = {}
        if self.synlex_path is None or not self.synlex_path.is_file():
            return {}
        head = None
        with self.synlex_path.open(encoding="latin-1") as fh:
            next(fh, None)  # the encoding line
            for line in fh:
                parts = line.rstrip("\n").split("|")
                if line.startswith("|") or (parts[0].startswith("(") and head):
                    if head:
                        out.setdefault(head, []).extend(p for p in parts[1:] if p and " " not in p)
                elif len(parts) == 2:
                    head = parts[0].lower()
        return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}

    @cached_property
    def _text(self) -> str:
        """The Synlex file as text, read once ("" without one)."""
        if self.synlex_path is None or not self.synlex_path.is_file():
            return ""
        return self.synlex_path.read_text(encoding="latin-1")

    @cached_property
    def headwords(self) -> frozenset[str]:
        """The Synlex headwords alone, read by one regular expression (about 7 ms, against about 45 ms for parsing
        the whole thesaurus): a question needs the headwords for the verb-form test and the synonyms of one or
        two words, not the whole thesaurus (eval/benchmark.md, cold ask)."""
        return frozenset(h.lower() for h in re.findall(r"^([^|\n(][^|\n]*)\|\d+$", self._text, re.M))

    def synonyms(self, word: str) -> tuple[str, ...]:
        """The word's one-word synonyms, read from its own lines of the file only (a search, not a parse)."""
        found: list[str] = []
        block = re.compile(rf"^{re.escape(word)}\|\d+\n((?:[(|][^\n]*(?:\n|$))*)", re.M | re.I)
        for m in block.finditer(self._text):
            for line in m.group(1).splitlines():
                found.extend(p for p in line.split("|")[1:] if p and " " not in p)
        return tuple(dict.fromkeys(found))

    def is_verb_form(self, word: str) -> bool:
        """An inflected verb: stripping a conjugation ending and adding -a gives a Synlex headword."""
        w = word.lower()
        for end in VERB_ENDINGS:
            if w.endswith(end) and len(w) - len(end) >= 2:
                stem = w[: -len(end)]
                # -t, -de, -te also follow a stem in -d ("använda" → "använt", "använde")
                lemmas = (stem + "a", stem + "da") if end in ("t", "de", "te") else (stem + "a",)
                if end == "s" and stem[-1] in _VOWELS:  # a passive of a verb ending in a vowel: "tas", "nås"
                    lemmas += (stem,)
                if any(lemma in self.headwords for lemma in lemmas):
                    return True
        return False

    def is_everyday(self, word: str) -> bool:
        """An everyday word, not a topic: very frequent, or a form of a verb ("använt", "jobbat")."""
        return zipf(word.lower()) >= EVERYDAY_ZIPF or self.is_verb_form(word)

    @cached_property
    def reserved(self) -> frozenset[str]:
        """The terms in lower case: never read as anything else (a place's short form)."""
        return frozenset(t.term.lower() for t in self.terms)

    @cached_property
    def _term_patterns(self) -> tuple[tuple[re.Pattern[str], Term], ...]:
        out = []
        for t in self.terms:
            # Written as in the table or in capitals always; in lower case only when that is no everyday word
            # ("sol" is a word, "SoL" the law).
            forms = {t.term, t.term.upper()}
            lower = t.term.lower()
            pattern = "|".join(re.escape(f) for f in sorted(forms))
            flags = 0
            if zipf(lower) < RESTORE_FLOOR:
                pattern, flags = re.escape(lower), re.IGNORECASE
            out.append((re.compile(rf"(?<![\w-])(?:{pattern})(?:[:]?s)?(?!\w)", flags), t))
        return tuple(out)

    def find_terms(self, text: str) -> tuple[Term, ...]:
        """The field terms a question uses ("MVK", "VBE"), in the table's order."""
        return tuple(t for pattern, t in self._term_patterns if pattern.search(text))

    def expand(self, text: str, keep: bool = True) -> tuple[str, tuple[Term, ...]]:
        """The question with each abbreviation's expansion after it ("mot VBE (våldsbejakande extremism)"), or,
        with keep=False, in its place ("mot våldsbejakande extremism": what the question is read as)."""
        found = self.find_terms(text)
        for pattern, t in self._term_patterns:
            if t in found:
                text = pattern.sub(lambda m, t=t: f"{m.group(0)} ({t.expansion})" if keep else t.expansion, text)
        return text, found


def read_terms(path: Path) -> tuple[Term, ...]:
    """corpus/termer.csv: term, expansion, source; every row must name its source."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError:
        return ()
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CorpusError(f"{path.name} kunde inte läsas: {exc}") from exc
    out = []
    for n, row in enumerate(rows, start=2):
        term, expansion, source = ((row.get(k) or "").strip() for k in ("term", "expansion", "source"))
        if not term or not expansion or not source:
            raise CorpusError(f"{path.name}, rad {n}: term, expansion och source måste alla vara ifyllda")
        out.append(Term(term, expansion, source, (row.get("shown") or "").strip()))
    return tuple(out)


def load_lexicon(corpus_dir: Path) -> Lexicon:
    synlex = corpus_dir / SYNLEX
    return Lexicon(synlex if synlex.is_file() else None, read_terms(corpus_dir / TERMS))


EMPTY = Lexicon()
