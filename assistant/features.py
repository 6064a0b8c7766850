"""Evidence as features: one row per (question, shown entry), for the learned ranker (ranking.py).

Every signal the rules read becomes a number the model can weigh: the rules' own order, the dense cosines (whole
entry and best sentence), BM25, the place relation, the group level and the share of the question's telling words
the entry has. No entry identity: the same entry gets a different row for every question.
"""

from __future__ import annotations

import numpy as np

from .retrieval import COUNTY, DIRECT, REGION, Evidence

NAMES = (
    "rule_rank",  # 1 / (1 + position in the rules' order): what the hand-written policy thinks
    "block_rank",  # 1 / (1 + position within the entry's block, the part under one heading)
    "dense",  # mixed dense score, minus the best shown entry's
    "whole",  # whole-entry cosine, minus the best shown entry's
    "sentence",  # best sentence cosine, minus the best shown entry's
    "dense_rank",  # 1 / (1 + rank by dense score among the shown entries)
    "lexical",  # BM25 over all the question's terms, as a share of the best shown entry's
    "topic_lexical",  # BM25 over the topic words, as a share of the best shown entry's
    "topical",  # has a topic word
    "coverage",  # share of the telling words it has
    "direct",  # an organisation of the named place
    "region",  # a region-wide organisation covering it
    "county",  # another organisation of the same county
    "group_heading",  # under a named group's heading
    "group_mention",  # mentions a named group
)


def _share(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def _reciprocal_rank(values: np.ndarray) -> np.ndarray:
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values), dtype=np.float32)
    ranks[order] = np.arange(len(values), dtype=np.float32)
    return 1.0 / (1.0 + ranks)


def blocks(n: int, headings: tuple[tuple[int, str], ...]) -> np.ndarray:
    """Per position in the order, which part (under which heading) it stands in: 0 before the first heading."""
    out = np.zeros(n, dtype=np.int64)
    for k, pos in enumerate(sorted({p for p, _ in headings if 0 < p < n}), start=1):
        out[pos:] = k
    return out


def rows(ev: Evidence, order: tuple[int, ...], headings: tuple[tuple[int, str], ...] = ()) -> np.ndarray:
    """The feature matrix (len(order) × len(NAMES)) of the entries in `order`, in that order."""
    n = len(order)
    if not n:
        return np.zeros((0, len(NAMES)), dtype=np.float32)
    idx = np.asarray(order, dtype=np.int64)
    position = np.arange(n, dtype=np.float32)
    part = blocks(n, headings)
    in_block = np.zeros(n, dtype=np.float32)
    for b in np.unique(part):
        where = np.flatnonzero(part == b)
        in_block[where] = np.arange(len(where), dtype=np.float32)
    zeros = np.zeros(n, dtype=np.float32)

    def rel(arr: np.ndarray | None) -> np.ndarray:
        if arr is None:
            return zeros
        v = arr[idx].astype(np.float32)
        return v - float(v.max())

    dense = ev.dense[idx].astype(np.float32) if ev.dense is not None else zeros
    lexical = ev.lexical[idx].astype(np.float32) if ev.lexical is not None else zeros
    coverage = ev.coverage[idx].astype(np.float32) if ev.coverage is not None else zeros + 1
    relation = ev.relation[idx]
    level = ev.group_level[idx]
    cols = [
        1.0 / (1.0 + position), 1.0 / (1.0 + in_block), rel(ev.dense), rel(ev.whole), rel(ev.sentence),
        _reciprocal_rank(dense) if ev.dense is not None else zeros, _share(lexical),
        _share(ev.topic_lexical[idx].astype(np.float32)), ev.topical[idx].astype(np.float32), coverage,
        (relation == DIRECT).astype(np.float32), (relation == REGION).astype(np.float32),
        (relation == COUNTY).astype(np.float32), (level >= 2).astype(np.float32),
        ((level > 0) & (level < 2)).astype(np.float32),
    ]
    return np.stack(cols, axis=1).astype(np.float32)
