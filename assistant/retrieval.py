"""Ranking: dense (FAISS) and lexical (BM25) scores fused, then shaped by what the question named.

Places and target groups act as filters and tiers, topic words order the
entries within a tier, and the retriever abstains when the material has
nothing: an unknown place, a topic no entry mentions, an empty heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from .corpus import Entry
from .groups import BY_KEY, group_level
from .indexing import Index
from .lexical import stem
from .places import OrgPlaces, Place
from .query import Understanding, understand

MODES = ("dense", "lexical", "fused", "full")
# Fusion settings chosen on eval/gold.jsonl (see eval/report.md): linear mix of max-normalised scores.
FUSION = "linear"
DENSE_WEIGHT = 0.3
RRF_K = 60
# An entry found by topic words alone is shown when its score reaches this share of the best one.
RELATIVE_CUTOFF = 0.35
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


@dataclass(frozen=True)
class Result:
    understanding: Understanding
    hits: tuple[Hit, ...]
    abstained: bool
    notice: str = ""  # no_place, county_fallback, place_without_group, empty_section, no_topic, topic_not_found, vague
    notice_detail: dict = field(default_factory=dict)


def _norm(scores: np.ndarray) -> np.ndarray:
    top = float(scores.max()) if scores.size else 0.0
    return scores / top if top > 0 else np.zeros_like(scores)


def fuse(dense: np.ndarray, lexical: np.ndarray, method: str = FUSION, weight: float = DENSE_WEIGHT) -> np.ndarray:
    """Combine the two score lists; 'linear' mixes max-normalised scores, 'rrf' reciprocal ranks."""
    if method == "rrf":
        out = np.zeros_like(dense)
        for scores, w in ((dense, weight), (lexical, 1 - weight)):
            ranks = np.empty(len(scores), dtype=np.int64)
            ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
            contribution = w / (RRF_K + ranks)
            out += np.where(scores > 0, contribution, 0.0) if scores is lexical else contribution
        return out
    return weight * np.clip(dense, 0, None) / max(float(dense.max()), 1e-9) + (1 - weight) * _norm(lexical)


@dataclass
class Retriever:
    index: Index
    fusion: str = FUSION
    dense_weight: float = DENSE_WEIGHT
    _view: tuple | None = field(default=None, init=False, repr=False, compare=False)

    @cached_property
    def entries(self) -> tuple[Entry, ...]:
        return self.index.document.entries

    @cached_property
    def _orgs(self) -> tuple[list[OrgPlaces], np.ndarray]:
        """Distinct organisations and, per entry, the position of its own: places are related once per organisation."""
        seen: dict[str, int] = {}
        for e in self.entries:
            seen.setdefault(e.organisation, len(seen))
        table = [self.index.gazetteer.org_places(name) for name in seen]
        return table, np.fromiter((seen[e.organisation] for e in self.entries), dtype=np.int64, count=len(self.entries))

    @cached_property
    def group_levels(self) -> dict[str, np.ndarray]:
        return {
            key: np.fromiter((group_level(g, e.section, e.organisation + " " + e.text) for e in self.entries),
                             dtype=np.int64, count=len(self.entries))
            for key, g in BY_KEY.items()
        }

    @cached_property
    def _filled_sections(self) -> frozenset[str]:
        return frozenset(e.section for e in self.entries)

    @cached_property
    def postings(self) -> dict[str, np.ndarray]:
        """Stem → the entries that contain it, so topic matching is a lookup, not a pass over every entry."""
        out: dict[str, list[int]] = {}
        for i, terms in enumerate(self.index.lexical.doc_terms):
            for t in terms:
                out.setdefault(t, []).append(i)
        return {t: np.asarray(ids, dtype=np.int64) for t, ids in out.items()}

    def prepare(self) -> "Retriever":
        """Build the per-entry tables now (at start-up) rather than inside some user's first question."""
        for table in ("_orgs", "group_levels", "postings", "_filled_sections"):
            getattr(self, table)
        self.index.lexical.document_frequency("")
        return self

    def understand(self, question: str, previous: Understanding | None = None) -> Understanding:
        return understand(question, self.index.gazetteer, self.index.lexical, previous)

    # -- scores ---------------------------------------------------------------
    def _flat_vectors(self) -> np.ndarray | None:
        """A zero-copy view of an exact index's vectors: one matrix product gives every entry's score,
        several times faster than asking FAISS for a full ranking of all entries (see eval/benchmark.md).
        The view is tied to the FAISS object it reads, which stays referenced beside it."""
        import faiss

        dense = self.index.dense
        if self._view is not None and self._view[0] is dense:
            return self._view[1]
        view = None
        if isinstance(dense, faiss.IndexFlat) and dense.metric_type == faiss.METRIC_INNER_PRODUCT:
            view = faiss.rev_swig_ptr(dense.get_xb(), dense.ntotal * dense.d).reshape(dense.ntotal, dense.d)
        self._view = (dense, view)
        return view

    def dense_scores(self, text: str) -> np.ndarray:
        return self.dense_scores_for(self.index.embedder.encode_query(text))

    def dense_scores_for(self, vector: np.ndarray) -> np.ndarray:
        """Every entry's inner product with an embedded question, in entry order."""
        vectors = self._flat_vectors()
        if vectors is not None:
            return vectors @ vector
        n = self.index.dense.ntotal
        scores, ids = self.index.dense.search(vector.reshape(1, -1), n)
        out = np.zeros(len(self.entries), dtype=np.float32)
        valid = ids[0] >= 0
        out[ids[0][valid]] = scores[0][valid]
        return out

    def text_scores(self, u: Understanding, mode: str = "full") -> tuple[np.ndarray, np.ndarray | None]:
        """The ranking score of each entry for the mode, and the dense scores when they were computed."""
        lexical = self.index.lexical.scores(list(u.terms))
        if mode == "lexical":
            return lexical, None
        dense = self.dense_scores(u.question)
        if mode == "dense":
            return dense, dense
        return fuse(dense, lexical, self.fusion, self.dense_weight), dense

    # -- the search ---------------------------------------------------------------
    def search(self, question: str | Understanding, k: int = 10, mode: str = "full",
               previous: Understanding | None = None) -> Result:
        u = question if isinstance(question, Understanding) else self.understand(question, previous)
        if mode not in MODES:
            raise ValueError(f"okänt läge {mode}")
        if not u.question:
            return Result(u, (), True, "empty")
        scores, dense = self.text_scores(u, mode)
        if mode != "full":
            order = [i for i in np.argsort(-scores, kind="stable") if scores[i] > 0][:k]
            return Result(u, tuple(self._hit(i, float(scores[i]), u) for i in order), not order)
        return self._full(u, scores, dense, k)

    def _relations(self, places: tuple[Place, ...]) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        """Per entry, its strongest relation to any of the places (code, see RELATION); per organisation
        (index with `_orgs`), the places it matched, which only the quoted hits need."""
        table, of_entry = self._orgs
        best = np.zeros(len(table), dtype=np.int64)
        names: list[tuple[str, ...]] = []
        for j, org in enumerate(table):
            matched = []
            for p in places:
                rel = self.index.gazetteer.relation(org, p)
                if rel is None:
                    continue
                matched.append(p.name)
                best[j] = max(best[j], RELATION[rel])
            names.append(tuple(matched))
        return best[of_entry], names

    def _group_levels(self, groups: tuple[str, ...]) -> np.ndarray:
        """0 when the entry concerns none of the groups; else the sum, so entries for all of them come first."""
        out = np.zeros(len(self.entries), dtype=np.int64)
        for g in groups:
            out += self.group_levels[g]
        return out

    def _topical(self, terms: tuple[str, ...]) -> np.ndarray:
        out = np.zeros(len(self.entries), dtype=bool)
        for t in terms:
            hit = self.postings.get(t)
            if hit is not None:
                out[hit] = True
        return out

    def _full(self, u: Understanding, scores: np.ndarray, dense: np.ndarray, k: int) -> Result:
        n = len(self.entries)
        org_of = self._orgs[1]
        if u.places:
            rel, org_places = self._relations(u.places)
        else:
            rel, org_places = np.zeros(n, dtype=np.int64), [()] * len(self._orgs[0])
        glevel = self._group_levels(u.groups)
        topical = self._topical(u.content_terms)
        notice, detail = "", {}

        def ranked(idx: np.ndarray, key: np.ndarray | None = None) -> np.ndarray:
            """Order by key, then topic match, then score, then document order (all descending but the last)."""
            idx = np.asarray(idx, dtype=np.int64)
            primary = np.zeros(len(idx)) if key is None else np.asarray(key, dtype=np.float64)
            return idx[np.lexsort((idx, -scores[idx].astype(np.float64), -topical[idx].astype(np.int64), -primary))]

        def where(mask: np.ndarray) -> np.ndarray:
            return np.flatnonzero(mask)

        direct, region, county = rel == DIRECT, rel == REGION, rel == COUNTY
        chosen = np.zeros(0, dtype=np.int64)
        if u.places:
            if u.groups:
                both = direct & (glevel > 0)
                if both.any():
                    idx = where(both | (region & (glevel > 0)))
                    chosen = ranked(idx, direct[idx] * 10 + glevel[idx])
                elif direct.any():
                    notice = "place_without_group"
                else:
                    near = where((region | county) & (glevel > 0))
                    if not len(near):
                        near = where(region | county)
                    notice = "county_fallback" if len(near) else "no_place"
                    chosen = ranked(near, glevel[near] * 2 + region[near])
            elif direct.any():
                idx = where(direct | region)
                chosen = ranked(idx, direct[idx])
            else:
                near = where(region | county)
                notice = "county_fallback" if len(near) else "no_place"
                chosen = ranked(near, region[near])
            if len(chosen) and notice == "" and not direct[chosen].any():
                notice = "county_fallback"
            if u.content_terms and len(chosen) and not u.groups and not topical[chosen].any():
                notice, detail, chosen = "no_topic", {"terms": u.content_terms}, chosen[:0]
        elif u.groups:
            idx = where(glevel > 0)
            chosen = ranked(idx, glevel[idx])
            empty = [s for g in u.groups for s in BY_KEY[g].sections if s not in self._filled_sections]
            if empty:
                notice, detail = "empty_section", {"sections": tuple(empty)}
            if u.content_terms and len(chosen) and topical[chosen].any():
                chosen = ranked(chosen, topical[chosen] * 10 + glevel[chosen])
        else:
            if not u.content_terms:
                notice = "vague" if not u.terms else "no_topic"
            elif not u.english and len(u.unknown_words) * 2 >= len(u.topic_words):
                # Most of what is asked about is not in the material at all: say so rather than guess.
                notice, detail = "no_topic", {"terms": u.content_terms}
            else:
                topic = self.index.lexical.scores(list(u.content_terms))
                top = float(topic.max())
                matched = where(topical & (topic > 0) & (topic >= RELATIVE_CUTOFF * top))
                scores = fuse(dense, topic, self.fusion, self.dense_weight) if len(matched) else scores
                chosen = ranked(matched)
                if not len(chosen):
                    notice, detail = "no_topic", {"terms": u.content_terms}
        if u.groups and u.content_terms and len(chosen) and not topical[chosen].any():
            detail = {**detail, "unmatched_terms": u.content_terms}
        if notice == "no_place":
            detail = {"places": tuple(p.name for p in u.places)}
        hits = tuple(
            self._hit(int(i), float(scores[i]), u, RELATION_NAME[int(rel[i])], int(glevel[i]),
                      org_places[org_of[i]])
            for i in chosen[:k]
        )
        return Result(u, hits, not hits, notice, detail)

    def _hit(self, i: int, score: float, u: Understanding, relation: str | None = None, glevel: int = 0,
             places: tuple[str, ...] = ()) -> Hit:
        terms = self.index.lexical.doc_terms[i]
        matched = []
        for w in re.findall(r"\w+", u.question.lower()):
            if len(w) > 2 and stem(w) in terms and w not in matched:
                matched.append(w)
        return Hit(self.entries[i].id, round(score, 6), relation, glevel, tuple(matched), places)
