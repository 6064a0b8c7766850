"""`insatsguiden train`: learn the ranker (ranking.py) from the dev sets, deterministically.

For every dev question the rules' selection is taken as it stands (the learned order switched off), each entry in
it becomes a feature row (features.py) with its gold grade, and a pairwise logistic regression (scikit-learn) learns
which of two entries in the same part of an answer should come first. The regularisation is chosen by
leave-one-set-out over the dev sets (nDCG@10 of the reordered answers); test and the blind sets are never read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .. import features
from ..query import Question
from ..ranking import LinearRanker, ranker_path, reorder
from .evaluation import TUNING, GoldQuery, load_split

C_GRID = (0.01, 0.1, 1.0, 10.0)
MAX_POSITION = 30  # rows beyond this position of an answer are never shown on a first page; not used for pairs
K = 10


@dataclass(frozen=True)
class Sample:
    """One dev question: its selection as the rules made it, the rows of its entries and their gold grades."""

    split: str
    qid: str
    selection: object  # policy.Selection
    ev: object  # retrieval.Evidence
    x: np.ndarray
    grades: np.ndarray
    ideal: tuple[int, ...]  # the question's gold grades, best first (for nDCG's ideal ranking)


def collect(assistant, splits: tuple[str, ...] = TUNING, eval_dir: Path | None = None) -> list[Sample]:
    """The rules' answers to the dev questions, as the learned ranker sees them."""
    kept = assistant.learned
    assistant.learned = None  # the rules' order: what the model learns to improve on
    out: list[Sample] = []
    try:
        for split in splits:
            gold = load_split(split, eval_dir) if eval_dir else load_split(split)
            for g in gold:
                if not g.relevant:
                    continue
                sample = _sample(assistant, split, g)
                if sample is not None:
                    out.append(sample)
    finally:
        assistant.learned = kept
    return out


def _sample(assistant, split: str, g: GoldQuery) -> Sample | None:
    context = assistant.ask(Question(g.previous)).context if g.previous else None
    u, ev, selection = assistant.decide(Question(g.query, previous=context), learned=False)
    if ev is None or not selection.order:
        return None
    order = selection.order[:MAX_POSITION]
    selection = replace(selection, order=order)
    ids = assistant.kb.ids
    grades = np.asarray([g.relevant.get(ids[i], 0) for i in order], dtype=np.float32)
    return Sample(split, g.qid, selection, ev, features.rows(ev, order, selection.headings), grades,
                  tuple(sorted(g.relevant.values(), reverse=True)))


def pairs(samples: list[Sample]) -> tuple[np.ndarray, np.ndarray]:
    """Differences of rows in the same part of the same answer whose grades differ, both ways round."""
    xs, ys = [], []
    for s in samples:
        part = features.blocks(len(s.grades), s.selection.headings)
        for b in np.unique(part):
            where = np.flatnonzero(part == b)
            for a in where:
                for c in where:
                    if s.grades[a] > s.grades[c]:
                        xs.append(s.x[a] - s.x[c])
                        ys.append(1)
                        xs.append(s.x[c] - s.x[a])
                        ys.append(0)
    if not xs:
        return np.zeros((0, len(features.NAMES)), np.float32), np.zeros(0, np.int64)
    return np.asarray(xs, np.float32), np.asarray(ys, np.int64)


def fit(samples: list[Sample], c: float, model: str) -> LinearRanker:
    from sklearn.linear_model import LogisticRegression

    rows = np.concatenate([s.x for s in samples]) if samples else np.zeros((1, len(features.NAMES)), np.float32)
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale < 1e-6] = 1.0
    x, y = pairs(samples)
    if not len(y):
        weights = np.zeros(len(features.NAMES), np.float32)
        weights[features.NAMES.index("rule_rank")] = 1.0
    else:
        clf = LogisticRegression(C=c, fit_intercept=False, max_iter=2000, random_state=0)
        clf.fit(x / scale, y)  # a difference of rows: the mean cancels, only the scale matters
        weights = clf.coef_[0].astype(np.float32)
    return LinearRanker(features.NAMES, mean.astype(np.float32), scale.astype(np.float32), weights, model)


def ndcg(grades: list[float], ideal: tuple[int, ...], k: int = K) -> float:
    """nDCG@k with trec_eval's gain (the grade itself) and log2 discount."""
    def dcg(values) -> float:
        return float(sum(v / np.log2(i + 2) for i, v in enumerate(list(values)[:k])))

    best = dcg(ideal)
    return dcg(grades) / best if best > 0 else 0.0


def score(samples: list[Sample], model: LinearRanker | None) -> float:
    """Mean nDCG@10 of the samples' answers, reordered by the model (None: the rules' order)."""
    vals = []
    for s in samples:
        if model is None:
            grades = s.grades
        else:
            new = reorder(s.selection, s.ev, model).order
            position = {i: n for n, i in enumerate(s.selection.order)}
            grades = s.grades[[position[i] for i in new]]
        vals.append(ndcg(list(grades), s.ideal))
    return float(np.mean(vals)) if vals else float("nan")


@dataclass(frozen=True)
class Choice:
    """Leave-one-set-out nDCG@10 per dev set: the rules' order and the model's for each C."""

    c: float
    rules: dict[str, float]
    held_out: dict[float, dict[str, float]]

    @property
    def earns_its_place(self) -> bool:
        """The model is used only where it is at least as good as the rules on every dev set, held out."""
        return all(self.held_out[self.c][s] >= self.rules[s] for s in self.rules)


def choose_c(samples: list[Sample], model: str) -> Choice:
    """The C with the best mean held-out nDCG@10 over the dev sets, each left out in turn."""
    splits = sorted({s.split for s in samples})
    held: dict[float, dict[str, float]] = {}
    for c in C_GRID:
        held[c] = {out: score([s for s in samples if s.split == out],
                              fit([s for s in samples if s.split != out], c, model)) for out in splits}
    rules = {out: score([s for s in samples if s.split == out], None) for out in splits}
    best = max(C_GRID, key=lambda c: (float(np.mean(list(held[c].values()))), -c))
    return Choice(best, rules, held)


def train(assistant, out: Path | None = None, say=print) -> tuple[LinearRanker, Path | None, Choice]:
    """Fit on all dev sets with the chosen C; write corpus/ranker-<model>.json only when the model earns its place
    (Choice.earns_its_place), so the app never uses an order worse than the rules' on a held-out dev set."""
    model_name = assistant.kb.embedder.name
    say("Ställer utvecklingsfrågorna …")
    samples = collect(assistant)
    choice = choose_c(samples, model_name)
    ranker = fit(samples, choice.c, model_name)
    trained = {
        "splits": list(TUNING), "questions": len(samples), "pairs": int(len(pairs(samples)[1]) // 2), "C": choice.c,
        "held_out_ndcg10": {s: round(v, 4) for s, v in choice.held_out[choice.c].items()},
        "rules_ndcg10": {s: round(v, 4) for s, v in choice.rules.items()},
        "gold_sha256": _gold_hash(),
    }
    ranker = replace(ranker, trained=trained)
    for split in choice.rules:
        say(f"  {split}: reglernas ordning {choice.rules[split]:.4f}, inlärd (utlämnad) "
            f"{choice.held_out[choice.c][split]:.4f}")
    if not choice.earns_its_place:
        say(f"Den inlärda ordningen (C={choice.c}) är sämre än reglernas på minst en utvecklingsmängd: ingen modell "
            "skrevs, reglernas ordning gäller.")
        return ranker, None, choice
    path = out or ranker_path(assistant.settings.corpus_dir, model_name)
    path.write_text(ranker.to_json() + "\n", "utf-8")
    say(f"Modellen (C={choice.c}) skrevs till {path}.")
    return ranker, path, choice


def _gold_hash() -> str:
    from .evaluation import EVAL_DIR

    h = hashlib.sha256()
    for name in ("gold.jsonl", "splits.json", *(f"{s}.jsonl" for s in TUNING if s != "dev")):
        path = EVAL_DIR / name
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()[:16]
