"""Swedish lexical analysis and BM25: Snowball stems, stop words and compound parts.

Swedish writes compounds as one word ("hedersvåld", "äldreboenden"), so a
question and an entry often share a part but no whole word. Each word longer
than a known word is also split into known parts (with the linking -s-) and
the parts' stems are indexed beside the whole word's stem.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Callable

import numpy as np
import Stemmer

from .text import words


def _bm25s_stopwords() -> Any:
    """bm25s's stop-word lists, read without importing the bm25s package: its import pulls in scipy, about
    180 ms of a one-shot `ask` (eval/benchmark.md), and a question needs only the lists and the saved index."""
    spec = importlib.util.find_spec("bm25s")
    path = Path(spec.submodule_search_locations[0]) / "stopwords.py"  # type: ignore[index, union-attr]
    module_spec = importlib.util.spec_from_file_location("_bm25s_stopwords", path)
    module = importlib.util.module_from_spec(module_spec)  # type: ignore[arg-type]
    module_spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


_STOPWORDS = _bm25s_stopwords()
STOPWORDS_SWEDISH = _STOPWORDS.STOPWORDS_SWEDISH
STOPWORDS_EN = _STOPWORDS.STOPWORDS_EN

# Question and conversation words that say nothing of the topic.
QUESTION_WORDS = frozenset(
    """
    vad vilka vilken vilket hur var när vem vems varför finns fanns görs gör gjort gjorde jobbar arbetar
    nån nånting nåra nåt dom typ
    många mycket jobbat jobbade arbetat arbetade
    arbeta jobba kan kunna skulle ska vill har hade exempel några något någon nåt mer mera lite alla
    berätta visa säg säga lista ge tips veta undrar hitta hittar söka söker sök behöver kolla info
    information om kring inom angående gällande sådant finnas insats insatser initiativ åtgärder åtgärd
    arbete arbetet projekt satsning satsningar kommun kommuner kommunen kommunerna region regionen
    regioner stad staden län länet sverige svenska landet hela ni man du jag vi oss mig snälla tack hej
    please what which who how where when is are there any do does the a an of for in on about to with
    and or tell me show list give examples example some anything work working municipality municipalities
    region regions county sweden swedish initiatives initiative covid covid-19 corona pandemin pandemi
    översikt översikten översikter översikterna materialet
    sammanställning sammanställningen sammanställningar sammanställningarna
    """.split()
)
# The last two lines: what the assistant itself calls the document ("N poster i översikten matchar", "finns inget i
# materialet"), and the common word for such a document ("Vilka regioner finns med i sammanställningen?"); a question
# that uses one asks about the document, not about an "översikt" or a "sammanställning" the entries lack.

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

    def compounds_with(self, word: str, limit: int = 3, ending_only: bool = False) -> tuple[str, ...]:
        """Corpus compounds that begin or end with `word` (≥ 5 letters): Swedish writes "instagramkontot" and
        "informationsfoldrar", people ask "instagram" and "foldrar". `ending_only`: only compounds of the same kind
        (ending with it), for a compound's last part ("funktion" in "chattfunktion" is no "funktionsnedsättning")."""
        if len(word) < 5:
            return ()
        return _compound_matches(self.known, word, limit, ending_only)

    def forms_of(self, word: str) -> tuple[str, ...]:
        """Corpus words that are another form of an unknown word: same stem once a doubled last consonant is
        undone ("väntrummen" → "väntrum"), or a stem of six letters or more that begins a corpus word
        ("webbinarier" → "webbinarium")."""
        # A definite or plural ending the stemmer leaves on ("jobbet"): the bare word, when the corpus has it.
        for end in ("arna", "erna", "orna", "en", "et", "na", "ar", "er", "or"):
            base = word[: -len(end)]
            if word.endswith(end) and len(base) >= 4 and base in self.known:
                return (base,)
        root = stem(word)
        if len(root) < 6:
            return ()
        undoubled = root[:-1] if len(root) > 2 and root[-1] == root[-2] and root[-1] not in "aeiouyåäö" else root
        return _forms(self.known, root, undoubled)

    def head_of(self, word: str, is_word: Callable[[str], bool] | None = None) -> tuple[str, ...]:
        """For a compound the corpus lacks, the corpus words of its last part: Swedish compounds name a kind of
        their last part, so "orosanmälningar" is about "anmälningar" and "stödtelefon" about "telefon…". The
        longest such part of five letters or more wins. The first part is a corpus word, or (with `is_word`, a
        general Swedish word list) a word of four letters or more of the language: "telefonlinje" is a "linje"
        though the corpus has "telefon" only in compounds."""
        if len(word) < 8:
            return ()
        for i in range(3, len(word) - 4):
            head, tail = word[:i], word[i:]
            if head in STOP or tail in STOP:
                continue
            # The first part must be a word of the corpus itself, so a split falls where a compound joins, not
            # inside a word ("tonåringar" is no kind of "ringar"); a linking -s- may follow it ("våld-s-anmälningar").
            in_corpus = head in self.known or stem(head) in self.known_stems
            joined = in_corpus or (is_word is not None and len(head) >= 4 and is_word(head))
            tails = (tail[1:], tail) if joined and tail.startswith("s") and len(tail) > 5 else (tail,)
            for part in tails:
                standalone = part in self.known or stem(part) in self.known_stems
                # A last part of eight letters or more that is a corpus word by itself is telling enough even
                # after a first part the corpus lacks ("reklamkampanjer" → "kampanjer").
                if standalone and (joined or len(part) >= 8):
                    return (part,)
                # Only after a corpus word may the last part be an ending of corpus words: after a word of the
                # language alone, "parkering" would be "park" + the "-ering" of "regering".
                if in_corpus:
                    found = self.compounds_with(part, ending_only=True) or self.forms_of(part)
                    if found:
                        return found
        return ()

    def of_corpus_parts(self, word: str, heads: tuple[str, ...]) -> bool:
        """Whether the compound is a corpus word followed by its head (head_of), with or without a linking -s-:
        "informationsinsatser" is "information" + "insatser", both the corpus's own words."""
        for head in heads:
            if not word.endswith(head) or len(word) == len(head):
                continue
            first = word[: -len(head)]
            for part in (first, first[:-1] if first.endswith("s") else ""):
                if len(part) >= 3 and (part in self.known or stem(part) in self.known_stems):
                    return True
        return False

    @property
    def known_stems(self) -> frozenset[str]:
        return _stems_of(self.known)

    def terms(self, text: str, keep_stop: bool = False) -> list[str]:
        """Stems of the words (stop words dropped), plus stems of compound parts."""
        out: list[str] = []
        for w in words(text):
            pieces = hyphen_pieces(w)
            for piece in pieces:
                if not piece or (not keep_stop and piece in STOP):
                    continue
                out.append(stem(piece))
                for part in self.split(piece):
                    if part not in STOP:
                        out.append(stem(part))
            if not keep_stop and named_with_stop_word(pieces) and stem("".join(pieces)) in self.known_stems:
                out.append(stem("".join(pieces)))
        return out


@lru_cache(maxsize=4096)
def _compound_matches(known: frozenset[str], word: str, limit: int, ending_only: bool = False) -> tuple[str, ...]:
    # A compound ends with the word's stem too: "hemleverans" for "leveranser", "insatskatalogen" for "katalog".
    root = stem(word)
    by_root = len(root) >= 5
    found = (w for w, s in _stem_pairs(known)
             if (len(w) > len(word) + 2 and ((w.startswith(word) and not ending_only) or w.endswith(word)))
             or (by_root and len(w) > len(root) + 2 and (w.endswith(root) or s.endswith(root))))
    return tuple(sorted(found, key=lambda w: (len(w), w)))[:limit]  # the shortest: the least added to the word


@lru_cache(maxsize=4096)
def _forms(known: frozenset[str], root: str, undoubled: str) -> tuple[str, ...]:
    found = (w for w, s in _stem_pairs(known) if s in (root, undoubled) or (w.startswith(root) and len(w) - len(root) <= 3))
    return tuple(sorted(found, key=lambda w: (len(w), w)))[:3]


@lru_cache(maxsize=8)
def _stem_pairs(known: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """(word, stem) for every corpus word, stemmed once per vocabulary rather than once per unknown word."""
    return tuple((w, stem(w)) for w in known)


@lru_cache(maxsize=8)
def _stems_of(known: frozenset[str]) -> frozenset[str]:
    return frozenset(s for _, s in _stem_pairs(known))


def hyphen_pieces(word: str) -> list[str]:
    """The parts of a hyphenated word ("sms-stöd", "iPad:en"): each is indexed as a word of its own."""
    return word.replace(":", "-").split("-")


def named_with_stop_word(pieces: list[str]) -> bool:
    """A hyphenated name whose part is a stop word ("Corona-linjen"): the part alone says nothing ("under corona"),
    but the whole names one thing, so it is a term of its own (when the corpus writes it: build_analyzer) and
    "Corona-linje" is no "hjälplinje". Not a number ("covid-19") and not a short ending ("iPad:en")."""
    return (len(pieces) > 1 and all(pieces) and not any(p.isdigit() for p in pieces)
            and any(p in STOP and len(p) >= 4 for p in pieces) and not all(p in STOP for p in pieces))


def build_analyzer(texts: list[str], split_compounds: bool = True) -> Analyzer:
    known = {piece for t in texts for w in words(t) for piece in hyphen_pieces(w)}
    named = {"".join(p) for t in texts for w in words(t) if named_with_stop_word(p := hyphen_pieces(w))}
    return Analyzer(frozenset(w for w in known | named if len(w) >= 3 and w not in STOP), split_compounds)


def meaning_vocabulary(known: frozenset[str], names: list[str]) -> tuple[str, ...]:
    """The corpus words a question word the corpus lacks may be close in meaning to ("flygblad" →
    "informationsblad"): words of four letters or more, no numbers, none from an organisation's name (places and
    bodies are the gazetteer's job; "podd" must not reach "Medelpad")."""
    in_names = {w for name in names for w in words(name)}
    return tuple(sorted(w for w in known if len(w) >= 4 and w.isalpha() and w not in in_names))


_NONE = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class Bm25Scores:
    """bm25s's precomputed BM25 matrix (term → documents and their scores, CSC), scored with numpy alone.

    bm25s builds and saves the index; a question only needs these arrays, summed exactly as bm25s's own
    `get_scores` sums them (tests/test_lexical.py checks the two agree)."""

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    vocab: dict[str, int]
    num_docs: int

    FILES = ("data.csc.index.npy", "indices.csc.index.npy", "indptr.csc.index.npy", "vocab.index.json",
             "params.index.json")

    @classmethod
    def from_model(cls, model: Any) -> "Bm25Scores":
        s = model.scores
        return cls(np.asarray(s["data"]), np.asarray(s["indices"]), np.asarray(s["indptr"]), dict(model.vocab_dict),
                   int(s["num_docs"]))

    @classmethod
    def load(cls, folder: Path) -> "Bm25Scores":
        """Read the files bm25s saved; any damage raises (OSError, ValueError, KeyError)."""
        data = np.load(folder / "data.csc.index.npy", allow_pickle=False)
        indices = np.load(folder / "indices.csc.index.npy", allow_pickle=False)
        indptr = np.load(folder / "indptr.csc.index.npy", allow_pickle=False)
        vocab = json.loads((folder / "vocab.index.json").read_text("utf-8"))
        params = json.loads((folder / "params.index.json").read_text("utf-8"))
        num_docs = int(params["num_docs"])
        # bm25s keeps one vocabulary slot (the empty token) past the last column: len(indptr) == len(vocab).
        if not isinstance(vocab, dict) or len(indptr) not in (len(vocab), len(vocab) + 1) or len(data) != len(indices):
            raise ValueError("BM25-filerna hänger inte ihop")
        if len(indptr) and (int(indptr[-1]) != len(data) or (len(indices) and int(indices.max()) >= num_docs)):
            raise ValueError("BM25-filerna hänger inte ihop")
        return cls(data, indices, indptr, vocab, num_docs)

    def scores(self, tokens: list[str]) -> np.ndarray:
        out = np.zeros(self.num_docs, dtype=np.float32)
        for token in tokens:
            tid = self.vocab.get(token)
            if tid is None or tid + 1 >= len(self.indptr):
                continue
            start, end = int(self.indptr[tid]), int(self.indptr[tid + 1])
            np.add.at(out, self.indices[start:end], self.data[start:end])
        return out


@dataclass
class LexicalIndex:
    """BM25 over the entries' passages: built with bm25s, scored with numpy (see Bm25Scores)."""

    analyzer: Analyzer
    bm25: Bm25Scores
    doc_terms: list[frozenset[str]]
    _model: Any = field(default=None, repr=False)  # the bm25s model, kept after a build to save it
    # The stems of the document's occasion (its first paragraph, corpus.Document.occasion): what every entry shares
    # ("covid-19", "pandemins"), which an entry need not repeat to answer a question asked "under pandemin".
    context_terms: frozenset[str] = frozenset()

    @classmethod
    def build(cls, passages: list[str], split_compounds: bool = True) -> "LexicalIndex":
        import bm25s  # only when building: its import costs more than a whole question

        analyzer = build_analyzer(passages, split_compounds)
        tokens = [analyzer.terms(p) for p in passages]
        model = bm25s.BM25(k1=1.2, b=0.75)
        model.index([t or ["∅"] for t in tokens], show_progress=False)
        return cls(analyzer, Bm25Scores.from_model(model), [frozenset(t) for t in tokens], model)

    def save(self, folder: Path) -> None:
        self._model.save(str(folder))

    @property
    def vocab_dict(self) -> dict[str, int]:
        return self.bm25.vocab

    def scores(self, query_terms: list[str]) -> np.ndarray:
        return self.bm25.scores(query_terms)

    @cached_property
    def postings(self) -> dict[str, np.ndarray]:
        """Stem → the entries (positions, ascending) that contain it: one table for document frequencies,
        compound checks and topic matching, so none of them is a pass over every entry."""
        out: dict[str, list[int]] = {}
        for i, terms in enumerate(self.doc_terms):
            for term in terms:
                out.setdefault(term, []).append(i)
        return {term: np.asarray(ids, dtype=np.int64) for term, ids in out.items()}

    def has_word(self, word: str) -> bool:
        """Whether the corpus has this word: as itself (its stem), or as a compound whose parts stand together
        in one entry. "bostadsbidrag" is no corpus word just because "bostad" and "bidrag" each occur somewhere."""
        for piece in hyphen_pieces(word):
            if not piece or piece in STOP or stem(piece) in self.vocab_dict:
                continue
            parts = self.analyzer.split(piece)
            if len(parts) != 2:
                return False
            first, second = (self.postings.get(stem(p), _NONE) for p in parts)
            if not len(np.intersect1d(first, second, assume_unique=True)):
                return False
        return True

    def document_frequency(self, term: str) -> int:
        """In how many entries the stem occurs (counted once, not per question)."""
        return len(self.postings.get(term, _NONE))
