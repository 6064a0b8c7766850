"""Swedish lexical analysis and BM25: Snowball stems, stop words and compound parts.

Swedish writes compounds as one word ("hedersvåld", "äldreboenden"), so a
question and an entry often share a part but no whole word. Each word longer
than a known word is also split into known parts (with the linking -s-) and
the parts' stems are indexed beside the whole word's stem.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections import Counter
from functools import cached_property, lru_cache

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_SWEDISH

from .text import words

# Question and conversation words that say nothing of the topic.
QUESTION_WORDS = frozenset(
    """
    vad vilka vilken vilket hur var när vem vems varför finns fanns görs gör gjort gjorde jobbar arbetar
    många mycket jobbat jobbade arbetat arbetade
    arbeta jobba kan kunna skulle ska vill har hade exempel några något någon nåt mer mera lite alla
    berätta visa säg säga lista ge tips veta undrar hitta hittar söka söker sök behöver kolla info
    information om kring inom angående gällande sådant finnas insats insatser initiativ åtgärder åtgärd
    arbete arbetet projekt satsning satsningar kommun kommuner kommunen kommunerna region regionen
    regioner stad staden län länet sverige svenska landet hela ni man du jag vi oss mig snälla tack hej
    please what which who how where when is are there any do does the a an of for in on about to with
    and or tell me show list give examples example some anything work working municipality municipalities
    region regions county sweden swedish initiatives initiative covid covid-19 corona pandemin pandemi
    """.split()
)

STOP = frozenset(STOPWORDS_SWEDISH) | QUESTION_WORDS
# The same words typed without å/ä/ö ("gors", "for", "pa").
STOP = STOP | frozenset(w.translate(str.maketrans("åäö", "aao")) for w in STOP)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("swedish")


def stem(word: str) -> str:
    return _stemmer().stemWord(word)


@dataclass(frozen=True)
class Analyzer:
    """Turns text into index terms; knows the corpus words so it can split compounds."""

    known: frozenset[str]  # standalone corpus words (lower-case), ≥ 3 letters
    split_compounds: bool = True

    def split(self, word: str) -> tuple[str, ...]:
        """Split a compound into two known parts (head may be inflected); () when it is no compound."""
        if not self.split_compounds or len(word) < 7:
            return ()
        fallback: tuple[str, ...] = ()
        for i in range(len(word) - 3, 2, -1):
            head, tail = word[:i], word[i:]
            if head not in self.known and stem(head) not in self.known_stems:
                continue
            for rest in (tail, tail[1:] if tail.startswith("s") else None):
                form = self._as_word(rest) if rest and len(rest) >= 3 else None
                if form:
                    return (head, form)
            if not fallback and len(head) >= 4 and len(tail) >= 5:
                fallback = (head,)  # a known head with an unknown tail still says what the word is about
        return fallback

    def _as_word(self, text: str) -> str | None:
        """The known word text is: as it stands, by its stem, or without a definite ending (-en, -et, -na, -n)."""
        candidates = [text] + [text[: -len(end)] for end in ("en", "et", "na", "n") if text.endswith(end)]
        for c in candidates:
            if len(c) >= 3 and (c in self.known or stem(c) in self.known_stems):
                return c
        return None

    def is_known(self, word: str, vocabulary) -> bool:
        """Whether the corpus has this word: its stem, or both parts of it as a compound."""
        pieces = [p for p in word.replace(":", "-").split("-") if p and p not in STOP]
        return all(stem(p) in vocabulary or len(self.split(p)) == 2 for p in pieces)

    def compounds_starting_with(self, word: str, limit: int = 3) -> tuple[str, ...]:
        """Corpus words that begin with `word` (≥ 5 letters): Swedish writes "instagramkontot", people ask
        "instagram"."""
        if len(word) < 5:
            return ()
        return _prefix_matches(self.known, word, limit)

    @property
    def known_stems(self) -> frozenset[str]:
        return _stems_of(self.known)

    def terms(self, text: str, keep_stop: bool = False) -> list[str]:
        """Stems of the words (stop words dropped), plus stems of compound parts."""
        out: list[str] = []
        for w in words(text):
            for piece in w.replace(":", "-").split("-"):
                if not piece or (not keep_stop and piece in STOP):
                    continue
                out.append(stem(piece))
                for part in self.split(piece):
                    if part not in STOP:
                        out.append(stem(part))
        return out


@lru_cache(maxsize=4096)
def _prefix_matches(known: frozenset[str], word: str, limit: int) -> tuple[str, ...]:
    return tuple(sorted(w for w in known if w.startswith(word) and len(w) > len(word)))[:limit]


@lru_cache(maxsize=8)
def _stems_of(known: frozenset[str]) -> frozenset[str]:
    return frozenset(stem(w) for w in known)


def build_analyzer(texts: list[str], split_compounds: bool = True) -> Analyzer:
    known = {piece for t in texts for w in words(t) for piece in w.replace(":", "-").split("-")}
    return Analyzer(frozenset(w for w in known if len(w) >= 3 and w not in STOP), split_compounds)


@dataclass
class LexicalIndex:
    """BM25 over the entries' passages (rebuilt in memory from the corpus: it takes milliseconds)."""

    analyzer: Analyzer
    retriever: bm25s.BM25
    doc_terms: list[frozenset[str]]

    @classmethod
    def build(cls, passages: list[str], split_compounds: bool = True) -> "LexicalIndex":
        analyzer = build_analyzer(passages, split_compounds)
        tokens = [analyzer.terms(p) for p in passages]
        retriever = bm25s.BM25(k1=1.2, b=0.75)
        retriever.index([t or ["∅"] for t in tokens], show_progress=False)
        return cls(analyzer, retriever, [frozenset(t) for t in tokens])

    def scores(self, query_terms: list[str]) -> np.ndarray:
        known = [t for t in query_terms if t in self.retriever.vocab_dict]
        if not known:
            return np.zeros(len(self.doc_terms), dtype=np.float32)
        return np.asarray(self.retriever.get_scores(known), dtype=np.float32)

    @cached_property
    def _frequencies(self) -> Counter[str]:
        return Counter(t for d in self.doc_terms for t in d)

    def document_frequency(self, term: str) -> int:
        """In how many entries the stem occurs (counted once, not per question)."""
        return self._frequencies[term]

