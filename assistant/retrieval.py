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

    @cached_property
    def entries(self) -> tuple[Entry, ...]:
        return self.index.document.entries

    @cached_property
    def org_places(self) -> list[OrgPlaces]:
        return [self.index.gazetteer.org_places(e.organisation) for e in self.entries]

    @cached_property
    def group_levels(self) -> dict[str, list[int]]:
        return {
            key: [group_level(g, e.section, e.organisation + " " + e.text) for e in self.entries]
            for key, g in BY_KEY.items()
        }

    def understand(self, question: str, previous: Understanding | None = None) -> Understanding:
        return understand(question, self.index.gazetteer, self.index.lexical, previous)

    # -- scores ---------------------------------------------------------------
    def dense_scores(self, text: str) -> np.ndarray:
        vector = self.index.embedder.encode_query(text)
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

    def _relations(self, places: tuple[Place, ...]) -> list[tuple[str | None, tuple[str, ...]]]:
        rank = {"direct": 3, "region": 2, "county": 1}
        out = []
        for org in self.org_places:
            best, names = None, []
            for p in places:
                rel = self.index.gazetteer.relation(org, p)
                if rel is None:
                    continue
                names.append(p.name)
                if best is None or rank[rel] > rank[best]:
                    best = rel
            out.append((best, tuple(names)))
        return out

    def _group_level(self, i: int, groups: tuple[str, ...]) -> int:
        """0 when the entry concerns none of the groups; else the sum, so entries for all of them come first."""
        return sum(self.group_levels[g][i] for g in groups)

    def _topic_match(self, i: int, u: Understanding) -> bool:
        return any(t in self.index.lexical.doc_terms[i] for t in u.content_terms)

    def _full(self, u: Understanding, scores: np.ndarray, dense: np.ndarray, k: int) -> Result:
        n = len(self.entries)
        rel = self._relations(u.places) if u.places else [(None, ())] * n
        glevel = [self._group_level(i, u.groups) for i in range(n)]
        topical = [self._topic_match(i, u) for i in range(n)]
        notice, detail = "", {}

        def ranked(idx: list[int], key=lambda i: 0.0) -> list[int]:
            return sorted(idx, key=lambda i: (-key(i), -int(topical[i]), -scores[i], i))

        if u.places:
            direct = [i for i in range(n) if rel[i][0] == "direct"]
            region = [i for i in range(n) if rel[i][0] == "region"]
            county = [i for i in range(n) if rel[i][0] == "county"]
            if u.groups:
                both = [i for i in direct if glevel[i] > 0]
                if both:
                    chosen = ranked(both + [i for i in region if glevel[i] > 0],
                                    lambda i: (rel[i][0] == "direct") * 10 + glevel[i])
                elif direct:
                    notice, chosen = "place_without_group", []
                else:
                    near = [i for i in region + county if glevel[i] > 0] or region + county
                    notice = "county_fallback" if near else "no_place"
                    chosen = ranked(near, lambda i: glevel[i] * 2 + (rel[i][0] == "region"))
            elif direct:
                chosen = ranked(direct + region, lambda i: rel[i][0] == "direct")
            else:
                near = region + county
                notice = "county_fallback" if near else "no_place"
                chosen = ranked(near, lambda i: rel[i][0] == "region")
            if chosen and notice == "" and not any(rel[i][0] == "direct" for i in chosen):
                notice = "county_fallback"
            if u.content_terms and chosen and not u.groups and not any(topical[i] for i in chosen):
                notice, detail, chosen = "no_topic", {"terms": u.content_terms}, []
        elif u.groups:
            chosen = ranked([i for i in range(n) if glevel[i] > 0], lambda i: glevel[i])
            empty = [s for g in u.groups for s in BY_KEY[g].sections if not self.index.document.section_entries(s)]
            if empty:
                notice, detail = "empty_section", {"sections": tuple(empty)}
            if u.content_terms and chosen and any(topical[i] for i in chosen):
                chosen = ranked(chosen, lambda i: topical[i] * 10 + glevel[i])
        else:
            if not u.content_terms:
                notice = "vague" if not u.terms else "no_topic"
                chosen = []
            elif not u.english and len(u.unknown_words) * 2 >= len(u.topic_words):
                # Most of what is asked about is not in the material at all: say so rather than guess.
                notice, detail, chosen = "no_topic", {"terms": u.content_terms}, []
            else:
                topic = self.index.lexical.scores(list(u.content_terms))
                top = float(topic.max())
                matched = [i for i in range(n) if topical[i] and topic[i] > 0 and topic[i] >= RELATIVE_CUTOFF * top]
                scores = fuse(dense, topic, self.fusion, self.dense_weight) if matched else scores
                chosen = ranked(matched)
                if not chosen:
                    notice, detail = "no_topic", {"terms": u.content_terms}
        if u.groups and u.content_terms and chosen and not any(topical[i] for i in chosen):
            detail = {**detail, "unmatched_terms": u.content_terms}
        if notice == "no_place":
            detail = {"places": tuple(p.name for p in u.places)}
        hits = tuple(
            self._hit(i, float(scores[i]), u, rel[i][0], glevel[i], rel[i][1]) for i in chosen[:k]
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
