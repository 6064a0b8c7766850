"""Ranking: every entry's signals for one question, in entry order.

Dense (FAISS) and lexical (BM25) scores are fused into one ranking score; beside it stand the entry's
relation to the question's places, its level for the question's groups and whether it contains the
topic words. Deciding what to show from these is policy.py's job, not this module's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np

from .carriers import NO_CARRIERS, Carriers, MeaningWithout
from .corpus import Entry
from .groups import BY_KEY, DESCRIPTIONS, group_level
from .indexing import KnowledgeBase
from .lexical import hyphen_pieces, stem
from .places import OrgPlaces, Place
from .query import Understanding
from .thresholds import RankingConfig

MODES = ("dense", "lexical", "fused", "full")
# An entry's relation to the question's places, strongest last; 0 = none.
COUNTY, REGION, DIRECT = 1, 2, 3
RELATION = {"county": COUNTY, "region": REGION, "direct": DIRECT}
RELATION_NAME = {0: None, **{code: name for name, code in RELATION.items()}}


@dataclass(frozen=True)
class Hit:
    entry_id: str
    score: float
    place_relation: str | None = None  # direct / region / county
    group_level: int = 0  # 2 heading, 1 mentions the group
    matched: tuple[str, ...] = ()  # question words found in the entry
    places: tuple[str, ...] = ()  # names of the question's places the entry matched
    related: tuple[str, ...] = ()  # corpus words close in meaning to a missing question word, found in the entry


# A question that names regions as such ("regioner", "regionerna", "regionernas"), not only the county boards, and
# not as part of the name "Sveriges kommuner och regioner" (SKR, one organisation).
ASKS_FOR_REGIONS = re.compile(r"(?<!kommuner och )\bregion(?:er|erna|ernas)?\b", re.IGNORECASE)
# At most this many corpus words stand in for one missing question word (the value of the dev experiment; not tuned).
RELATED_PER_WORD = 3
# A corpus word in at least this share of the entries is too common to stand in for a missing word ("samt": 12 of
# 56); the share query.py uses for a word "a fifth of the entries use" (not tuned).
COMMON_SHARE = 0.2


def _put(question: str, words: tuple[str, ...], other: str) -> str:
    """The question with `other` where any of the words stood, as whole words ("" leaves their place empty)."""
    pattern = r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])"
    return re.sub(pattern, other, question, flags=re.IGNORECASE)


@dataclass(frozen=True)
class Related:
    """Corpus words close in meaning to question words the corpus lacks ("reklam" → "kampanj"), and what the
    topic words and these words together find: a labelled answer's extra evidence, never an exact match."""

    words: tuple[tuple[str, tuple[str, ...]], ...] = ()  # question word → its related corpus words
    topical: np.ndarray | None = None  # bool per entry: it has one of the related words
    lexical: np.ndarray | None = None  # BM25 of the related words alone
    scores: np.ndarray | None = None  # that BM25 fused with the dense score

    @property
    def found(self) -> bool:
        return bool(self.words) and self.topical is not None and bool(self.topical.any())


NO_RELATED = Related()


@dataclass(frozen=True)
class Evidence:
    """One question's signals for every entry (arrays in entry order)."""

    scores: np.ndarray  # the mode's ranking score (fused for "full")
    dense: np.ndarray | None
    relation: np.ndarray  # strongest relation code to any named place (RELATION), 0 = none
    group_level: np.ndarray  # summed over the named groups: 2 per heading, 1 per mention
    topical: np.ndarray  # bool: the entry contains a topic word
    topic_lexical: np.ndarray  # BM25 over the topic words alone
    topic_scores: np.ndarray  # topic BM25 fused with dense, for topic-only questions
    org_places: tuple[tuple[str, ...], ...] = field(repr=False)  # per organisation: the named places it matched
    # Per named group its level (2 heading, 1 mention), the group with the fewest entries first: when a question
    # names two groups, the rarer one is the more telling ("unga" and "heder": the honour entries, then youth).
    group_each: tuple[np.ndarray, ...] = field(default=(), repr=False, compare=False)
    # Per entry, the share of the question's telling words (Understanding.telling) it contains; 1 where the
    # question has none. Only entries at 1 answer the topic as asked.
    coverage: np.ndarray | None = field(default=None, repr=False, compare=False)
    # The raw signals behind `scores`, for the learned ranker's features (features.py): whole-entry cosine, best
    # sentence cosine and BM25 over all the question's terms.
    whole: np.ndarray | None = field(default=None, repr=False, compare=False)
    sentence: np.ndarray | None = field(default=None, repr=False, compare=False)
    lexical: np.ndarray | None = field(default=None, repr=False, compare=False)
    # Per telling word (Understanding.telling, in order), which entries have it: what a place's entries lack.
    telling_each: tuple[np.ndarray, ...] = field(default=(), repr=False, compare=False)
    # Which question words carry the topic (carriers.py), and the corpus words close in meaning to the missing
    # ones with what they find: read by the rules, filled in after the rest (Assistant.carriers_and_related).
    carriers: Carriers = field(default=NO_CARRIERS, repr=False, compare=False)
    related: Related = field(default=NO_RELATED, repr=False, compare=False)


def _norm(scores: np.ndarray) -> np.ndarray:
    top = float(scores.max()) if scores.size else 0.0
    return scores / top if top > 0 else np.zeros_like(scores)


def fuse(dense: np.ndarray, lexical: np.ndarray, config: RankingConfig = RankingConfig()) -> np.ndarray:
    """Combine the two score lists; 'linear' mixes max-normalised scores, 'rrf' reciprocal ranks."""
    weight = config.dense_weight
    if config.fusion == "rrf":
        out = np.zeros_like(dense)
        for scores, w in ((dense, weight), (lexical, 1 - weight)):
            ranks = np.empty(len(scores), dtype=np.int64)
            ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
            contribution = w / (config.rrf_k + ranks)
            out += np.where(scores > 0, contribution, 0.0) if scores is lexical else contribution
        return out
    if config.fusion == "minmax":
        return weight * _minmax(dense) + (1 - weight) * _norm(lexical)
    return weight * np.clip(dense, 0, None) / max(float(dense.max()), 1e-9) + (1 - weight) * _norm(lexical)


def _minmax(scores: np.ndarray) -> np.ndarray:
    """Per-question min–max: e5 cosines sit in a narrow band (about 0.78–0.93), which max-normalising keeps
    near 1 for every entry, so the lexical side would decide the order alone."""
    lo, hi = float(scores.min()), float(scores.max())
    return (scores - lo) / (hi - lo) if hi > lo else np.zeros_like(scores)


@lru_cache(maxsize=1)
def one_blas_thread() -> None:
    """A question's dense scores are one matrix–vector product, which memory speed bounds, not cores. Threaded
    OpenBLAS keeps its threads spinning after it, and they take the cores from the next question's embedding:
    at 30 000 synthetic entries a question took 82 ms with BLAS threads and 19 ms without (2 cores)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


@dataclass
class Ranker:
    kb: KnowledgeBase
    config: RankingConfig = field(default_factory=RankingConfig)
    _views: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def entries(self) -> tuple[Entry, ...]:
        return self.kb.document.entries

    @cached_property
    def _orgs(self) -> tuple[list[OrgPlaces], np.ndarray]:
        """Distinct organisations and, per entry, the position of its own: places are related once per organisation."""
        seen: dict[str, int] = {}
        for e in self.entries:
            seen.setdefault(e.organisation, len(seen))
        table = [self.kb.gazetteer.org_places(name) for name in seen]
        return table, np.fromiter((seen[e.organisation] for e in self.entries), dtype=np.int64, count=len(self.entries))

    @cached_property
    def group_levels(self) -> dict[str, np.ndarray]:
        return {
            key: np.fromiter((group_level(g, e.section, e.organisation + " " + e.text) for e in self.entries),
                             dtype=np.int64, count=len(self.entries))
            for key, g in BY_KEY.items()
        }

    @cached_property
    def region_levels(self) -> np.ndarray:
        """Entries of a region outside the regions' heading ("Region Gotland" under ÄLDRE) are the group's own (2);
        an entry naming a region as its partner ("i samverkan med Region Östergötland") mentions it (1). The regions'
        names are the place tables' (corpus/regions.csv), not a list of the corpus's."""
        names = sorted((a for a, p in self.kb.gazetteer.aliases.items()
                        if p.kind == "county" and (a.startswith("region ") or a.endswith("regionen"))),
                       key=len, reverse=True)
        if not names:
            return np.zeros(len(self.entries), dtype=np.int64)
        named = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")", re.IGNORECASE)
        return np.fromiter((2 if named.match(e.organisation) else 1 if named.search(e.text) else 0
                            for e in self.entries), dtype=np.int64, count=len(self.entries))

    @cached_property
    def filled_sections(self) -> frozenset[str]:
        return frozenset(e.section for e in self.entries)

    def prepare(self) -> "Ranker":
        """Build the per-entry tables now (at start-up) rather than inside some user's first question."""
        for table in ("_orgs", "group_levels", "filled_sections", "_sentence_runs"):
            getattr(self, table)
        self.kb.lexical.postings
        one_blas_thread()
        return self

    # -- scores ---------------------------------------------------------------
    def _flat(self, index: "faiss.Index") -> np.ndarray | None:  # type: ignore[name-defined]  # noqa: F821
        """A zero-copy view of an exact index's vectors: one matrix product gives every entry's score,
        several times faster than asking FAISS for a full ranking of all entries (see eval/benchmark.md).
        The view is tied to the FAISS object it reads, which stays referenced beside it."""
        import faiss

        cached = self._views.get(id(index))
        if cached is not None and cached[0] is index:
            return cached[1]
        view = None
        if isinstance(index, faiss.IndexFlat) and index.metric_type == faiss.METRIC_INNER_PRODUCT:
            view = faiss.rev_swig_ptr(index.get_xb(), index.ntotal * index.d).reshape(index.ntotal, index.d)
        self._views[id(index)] = (index, view)
        return view

    def dense_scores(self, text: str) -> np.ndarray:
        return self.dense_scores_for(self.kb.embedder.encode_query(text))

    def dense_scores_for(self, vector: np.ndarray) -> np.ndarray:
        """Every entry's dense score for an embedded question, in entry order: its whole-text cosine, mixed
        with its best sentence's (RankingConfig.sentence_weight)."""
        return self.dense_parts(vector)[0]

    def dense_parts(self, vector: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(mixed score, whole-text cosine, best sentence cosine; the whole text's where an entry has none)."""
        whole = self._inner(self.kb.dense, vector)
        runs = self._sentence_runs
        w = self.config.sentence_weight
        if runs is None:
            return whole, whole, whole
        starts, owners = runs
        best = whole.copy()
        best[owners] = np.maximum.reduceat(self._inner(self.kb.sentences, vector), starts)
        if w <= 0:
            return whole, whole, best
        out = whole.copy()
        out[owners] = (1 - w) * whole[owners] + w * best[owners]
        return out, whole, best

    @cached_property
    def _sentence_runs(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Where each entry's run of sentence vectors starts, and which entry it is (entries without any keep
        their whole-text score)."""
        owner = self.kb.sentence_owner
        if self.kb.sentences is None or owner is None or not len(owner):
            return None
        owners, starts = np.unique(owner, return_index=True)
        return starts, owners

    def _inner_many(self, index: "faiss.Index", vectors: np.ndarray) -> np.ndarray:  # type: ignore[name-defined]  # noqa: F821
        """Inner products of several vectors (rows) with every vector of the index."""
        flat = self._flat(index)
        if flat is not None:
            return vectors @ flat.T
        return np.stack([self._inner(index, v) for v in vectors])

    def _inner(self, index: "faiss.Index", vector: np.ndarray) -> np.ndarray:  # type: ignore[name-defined]  # noqa: F821
        """Inner products of the vector with every vector of the index, in index order."""
        vectors = self._flat(index)
        if vectors is not None:
            return vectors @ vector
        scores, ids = index.search(vector.reshape(1, -1), index.ntotal)
        out = np.zeros(index.ntotal, dtype=np.float32)
        valid = ids[0] >= 0
        out[ids[0][valid]] = scores[0][valid]
        return out

    def _relations(self, places: tuple[Place, ...]) -> tuple[np.ndarray, tuple[tuple[str, ...], ...]]:
        """Per entry, its strongest relation to any of the places (code, see RELATION); per organisation
        (index with `_orgs`), the places it matched, which only the quoted hits need."""
        table, of_entry = self._orgs
        best = np.zeros(len(table), dtype=np.int64)
        names: list[tuple[str, ...]] = []
        for j, org in enumerate(table):
            matched = []
            for p in places:
                rel = self.kb.gazetteer.relation(org, p)
                if rel is None:
                    continue
                matched.append(p.name)
                best[j] = max(best[j], RELATION[rel])
            names.append(tuple(matched))
        return best[of_entry], tuple(names)

    def _group_levels_each(self, u: Understanding) -> tuple[np.ndarray, ...]:
        """Each named group's levels, the group with the fewest entries first. A question about regions ("Vilka
        regioner …") counts the regions' entries outside their heading too; one about the county administrative
        boards, the heading's other half, does not."""
        def levels(g: str) -> np.ndarray:
            if g == "regioner" and ASKS_FOR_REGIONS.search(u.question):
                return np.maximum(self.group_levels[g], self.region_levels)
            return self.group_levels[g]
        return tuple(sorted((levels(g) for g in u.groups), key=lambda each: int((each > 0).sum())))

    def coverage(self, telling_each: tuple[np.ndarray, ...]) -> np.ndarray:
        """Per entry, the share of the telling words it has, from which entries have each (any of a word's index
        terms counts)."""
        if not telling_each:
            return np.ones(len(self.entries), dtype=np.float32)
        return np.sum(telling_each, axis=0, dtype=np.float32) / len(telling_each)

    def _topical(self, terms: tuple[str, ...]) -> np.ndarray:
        out = np.zeros(len(self.entries), dtype=bool)
        for t in terms:
            hit = self.kb.lexical.postings.get(t)
            if hit is not None:
                out[hit] = True
        return out

    @cached_property
    def group_vectors(self) -> tuple[tuple[str, ...], np.ndarray]:
        keys = tuple(k for k in BY_KEY if k in DESCRIPTIONS)
        return keys, self.kb.embedder.encode_passages([DESCRIPTIONS[k] for k in keys])

    def embed(self, u: Understanding, mode: str = "full") -> np.ndarray | None:
        """The question's vector, once per question (None for the lexical-only system)."""
        return None if mode == "lexical" or not u.question else self.kb.embedder.encode_query(u.search_text)

    def group_by_meaning(self, qvec: np.ndarray, floor: float, margin: float) -> str | None:
        """The group whose description the question is closest to, when it is close enough and clearly closer
        than to any other group."""
        keys, vectors = self.group_vectors
        sims = vectors @ qvec
        order = np.argsort(-sims)
        best, second = float(sims[order[0]]), float(sims[order[1]]) if len(order) > 1 else -1.0
        return keys[int(order[0])] if best >= floor and best - second >= margin else None

    def evidence(self, u: Understanding, mode: str = "full", qvec: np.ndarray | None = None) -> Evidence:
        """All signals for one question; the dense side is skipped for the lexical-only system."""
        n = len(self.entries)
        lexical = self.kb.lexical.scores(list(u.terms))
        if qvec is None:
            qvec = self.embed(u, mode)
        parts = None if qvec is None else self.dense_parts(qvec)
        dense = None if parts is None else parts[0]
        if mode == "lexical" or dense is None:
            scores = lexical
        elif mode == "dense":
            scores = dense
        else:
            scores = fuse(dense, lexical, self.config)
        if u.places:
            relation, org_places = self._relations(u.places)
        else:
            relation, org_places = np.zeros(n, dtype=np.int64), tuple(() for _ in self._orgs[0])
        topic_lexical = self.kb.lexical.scores(list(u.content_terms)) if u.content_terms else np.zeros(n, np.float32)
        topic_scores = fuse(dense, topic_lexical, self.config) if dense is not None and u.content_terms else scores
        each = self._group_levels_each(u)
        level = sum(each, np.zeros(n, dtype=np.int64))  # summed over the named groups
        telling_each = tuple(self._topical(stems) for _, stems in u.telling)
        return Evidence(scores, dense, relation, level, self._topical(u.content_terms),
                        topic_lexical, topic_scores, org_places, each, self.coverage(telling_each),
                        None if parts is None else parts[1], None if parts is None else parts[2], lexical,
                        telling_each)

    def related_words(self, words: tuple[str, ...], floor: float, question: str = "", qvec: np.ndarray | None = None,
                      context_floor: float = -1.0, without: MeaningWithout | None = None, gain: float = 0.0
                      ) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Per word, the corpus words (RELATED_PER_WORD at most, one per stem) whose vectors reach `floor`, and,
        put in the word's place in the question, leave its meaning at `context_floor` or more: alone, e5 puts
        look-alikes close ("sjukhus" → "hushåll", "pengar" → "länkar"); in the question they change what it asks.
        With `without`, the word must also keep the meaning better than leaving the place empty does: "koll" for
        "kollektivtrafiken" (0.969) does not beat dropping the word (0.970). Words most entries have ("samt") and
        the question word's own forms never stand in."""
        index, vocabulary = self.kb.words, self.kb.word_list
        if index is None or not vocabulary or not words:
            return ()
        common = COMMON_SHARE * len(self.entries)
        sims = self._inner_many(index, self.kb.embedder.encode_queries(list(words)))
        candidates: list[tuple[str, str]] = []
        synonyms: list[tuple[str, str]] = []  # a lexicographer's word for the same thing: no context check (e5 puts
        # "Har någon satt upp affischer i trapphus?" at 0.92 from the "plakat" question, below dropping the word)
        for word, row in zip(words, sims):
            own, near = stem(word), {}  # stem → the closest word of that stem ("kampanj", not also "kampanjer")
            for i in np.argsort(-row, kind="stable"):
                if row[i] < floor or len(near) == RELATED_PER_WORD:
                    break
                w = vocabulary[int(i)]
                if stem(w) != own and self.kb.lexical.document_frequency(stem(w)) < common:
                    near.setdefault(stem(w), w)
            # Synlex's synonyms of the word that the corpus has ("plakat" → "affisch" → "affischer"), beside the
            # embedding's neighbours; unlike those, they skip the context check (see `synonyms`).
            for syn in self.kb.lexicon.synonyms(word) or self.kb.lexicon.synonyms(own):
                w = self._word_by_stem.get(stem(syn.lower()))
                if w and stem(w) != own and stem(w) not in near \
                        and self.kb.lexical.document_frequency(stem(w)) < common:
                    synonyms.append((word, w))
            candidates += [(word, w) for w in near.values()]
        if candidates and question and qvec is not None and context_floor > -1:
            texts = [_put(question, (word,), w) for word, w in candidates]
            sims = self.kb.embedder.encode_queries(texts) @ qvec
            candidates = [(word, w) for (word, w), text, sim in zip(candidates, texts, sims)
                          if text != question  # a word not in this question (an inherited topic) cannot be tried
                          and sim >= context_floor and (without is None or sim > without((word,)) + gain)]
        out: dict[str, list[str]] = {}
        for word, w in synonyms + [c for c in candidates if c not in synonyms]:
            out.setdefault(word, []).append(w)
        return tuple((word, tuple(ws)) for word, ws in out.items())

    @cached_property
    def _word_by_stem(self) -> dict[str, str]:
        """Stem → the corpus's first word of that stem (the word-vector vocabulary)."""
        out: dict[str, str] = {}
        for w in self.kb.word_list:
            out.setdefault(stem(w), w)
        return out

    def related(self, u: Understanding, ev: Evidence, words: tuple[str, ...], floor: float, context_floor: float,
                qvec: np.ndarray | None, without: MeaningWithout | None = None, gain: float = 0.0) -> Related:
        """The corpus words close in meaning to these missing words (related_words) and what they find on their
        own and fused with the dense score: the extra evidence of a labelled topic answer."""
        found = self.related_words(words, floor, u.question, qvec, context_floor, without, gain)
        vocab = self.kb.lexical.vocab_dict
        extra = tuple(dict.fromkeys(stem(w) for _, near in found for w in near if stem(w) in vocab))
        if not extra:
            return NO_RELATED
        lexical = self.kb.lexical.scores(list(extra))
        scores = fuse(ev.dense, lexical, self.config) if ev.dense is not None else lexical
        return Related(found, self._topical(extra), lexical, scores)

    def without_similarity(self, u: Understanding, qvec: np.ndarray | None) -> MeaningWithout:
        """How much the question still means the same without some of its words (cosine of the two question
        vectors): near 1 for everyday words ("händer", "använt"), lower for words that carry the topic
        ("parkering"). Each word set is embedded once, when first asked about (carriers.find_carriers)."""
        # An inherited topic ("någon i Skåne?" after "Vilka har parkering?") is tested where its words stand; its
        # question is embedded once, on the first word set asked about.
        # A long question's words are tested in its request (request.py): in 40 words e5 barely notices one.
        inherited = bool(u.topic_source) and u.topic_source != u.question
        own = inherited or bool(u.request)
        text = u.topic_source if inherited else (u.request or u.question)

        @lru_cache(maxsize=1)
        def base() -> np.ndarray:
            return self.kb.embedder.encode_query(text) if own else qvec

        @lru_cache(maxsize=None)
        def similarity(words: tuple[str, ...]) -> float:  # several rules ask about the same words: embed once
            if qvec is None or not words:
                return 1.0
            rest = " ".join(_put(text, words, " ").split())
            return float(self.kb.embedder.encode_query(rest) @ base()) if rest.strip(" ?!.,") else 0.0
        return similarity

    def hit(self, i: int, score: float, u: Understanding, ev: Evidence, related: tuple[str, ...] = ()) -> Hit:
        """One shown entry with the reasons it was chosen (for the answer's "why" panel); `related` are corpus
        words that stood in for missing question words."""
        terms = self.kb.lexical.doc_terms[i]
        matched: list[str] = []
        for w in u.words:
            for piece in hyphen_pieces(w):
                if len(piece) > 2 and stem(piece) in terms and piece not in matched:
                    matched.append(piece)
        near = tuple(w for w in related if stem(w) in terms)
        org = int(self._orgs[1][i])
        return Hit(self.entries[i].id, round(score, 6), RELATION_NAME[int(ev.relation[i])], int(ev.group_level[i]),
                   tuple(matched), ev.org_places[org], near)
