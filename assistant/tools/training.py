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


# -- the learned decision (decision.py) ------------------------------------------------------------------------
NO_ANSWER_EXACT_TARGET = 0.02  # the target: at most 2 % of dev's no-answer questions answered as exact


@dataclass(frozen=True)
class Case:
    """One dev question the rules answered as exact: its evidence row and whether that claim holds."""

    split: str
    qid: str
    x: np.ndarray
    holds: bool  # an entry in the first part of the answer has grade 2
    answerable: bool


def collect_cases(assistant, splits: tuple[str, ...] = TUNING) -> tuple[list[Case], dict[str, int]]:
    """The rules' exact answers to the dev questions; and per split how many no-answer questions it has."""
    from .. import decision
    from ..policy import Notice

    kept = assistant.learned, assistant.exact_model
    assistant.learned = assistant.exact_model = None
    cases: list[Case] = []
    no_answer: dict[str, int] = {}
    try:
        for split in splits:
            for g in load_split(split):
                no_answer[split] = no_answer.get(split, 0) + (not g.relevant)
                context = assistant.ask(Question(g.previous)).context if g.previous else None
                u, ev, selection = assistant.decide(Question(g.query, previous=context), learned=False)
                if ev is None or not selection.order or not Notice(selection.notice).exact:
                    continue
                first = selection.order[:decision._first_part(selection)] or selection.order[:1]
                holds = any(g.relevant.get(assistant.kb.ids[i], 0) >= 2 for i in first)
                cases.append(Case(split, g.qid, decision.row(u, ev, selection), holds, bool(g.relevant)))
    finally:
        assistant.learned, assistant.exact_model = kept
    return cases, no_answer


def fit_decision(cases: list[Case], no_answer: int, model: str, c: float = 1.0):
    """Logistic regression on the cases; the threshold is the lowest that leaves at most the target share of the
    no-answer questions exact (of all of them: the rules already label or refuse most)."""
    from sklearn.linear_model import LogisticRegression

    from ..decision import NAMES, ExactModel

    x = np.stack([k.x for k in cases])
    y = np.asarray([k.holds for k in cases], dtype=np.int64)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    clf = LogisticRegression(C=c, max_iter=2000, random_state=0).fit((x - mean) / scale, y)
    found = ExactModel(NAMES, mean.astype(np.float32), scale.astype(np.float32), clf.coef_[0].astype(np.float32),
                       float(clf.intercept_[0]), 0.0, model)
    p_none = sorted((found.probability(k.x) for k in cases if not k.answerable), reverse=True)
    allowed = int(np.floor(NO_ANSWER_EXACT_TARGET * no_answer))
    threshold = float(p_none[allowed] + 1e-6) if len(p_none) > allowed else 0.0
    return replace(found, threshold=threshold)


def decision_report(cases: list[Case], no_answer: dict[str, int], model: str) -> dict[str, dict[str, float]]:
    """Leave-one-set-out: per held-out dev set, the no-answer questions still exact (rules, model) and the
    answerable questions whose true exact answer the model relabels."""
    out = {}
    for split in sorted(no_answer):
        train_cases = [k for k in cases if k.split != split]
        held = [k for k in cases if k.split == split]
        if not held:
            continue
        m = fit_decision(train_cases, sum(v for s, v in no_answer.items() if s != split), model)
        answerable = [k for k in held if k.answerable and k.holds]
        none = [k for k in held if not k.answerable]
        out[split] = {
            "no_answer": no_answer[split],
            "exact_rules": len(none) / no_answer[split] if no_answer[split] else 0.0,
            "exact_model": sum(m.probability(k.x) >= m.threshold for k in none) / no_answer[split]
            if no_answer[split] else 0.0,
            "true_exact_relabelled": sum(m.probability(k.x) < m.threshold for k in answerable) / len(answerable)
            if answerable else 0.0,
        }
    return out


RELABEL_BUDGET = 0.02  # at most this share of true exact answers (held out) may be called unsure


def decision_earns_its_place(report: dict[str, dict[str, float]]) -> bool:
    """Used only where, on the dev sets held out in turn, it leaves fewer no-answer questions exact than the rules
    and calls at most RELABEL_BUDGET of the true exact answers unsure."""
    if not report:
        return False
    fewer = sum(r["exact_model"] * r["no_answer"] for r in report.values()) < \
        sum(r["exact_rules"] * r["no_answer"] for r in report.values())
    return fewer and all(r["true_exact_relabelled"] <= RELABEL_BUDGET for r in report.values())


def train_decision(assistant, out: Path | None = None, say=print):
    """Fit the decision on all dev sets; write corpus/decision-<model>.json only when it earns its place."""
    from ..decision import model_path

    model_name = assistant.kb.embedder.name
    cases, no_answer = collect_cases(assistant)
    report = decision_report(cases, no_answer, model_name)
    for split, r in report.items():
        say(f"  {split}: frågor utan svar som ändå fick exakt svar: reglerna {r['exact_rules']:.3f}, modellen "
            f"{r['exact_model']:.3f}; rätta exakta svar som modellen kallar osäkra {r['true_exact_relabelled']:.3f}")
    found = fit_decision(cases, sum(no_answer.values()), model_name)
    found = replace(found, trained={"splits": list(TUNING), "cases": len(cases), "target": NO_ANSWER_EXACT_TARGET,
                                    "held_out": report, "gold_sha256": _gold_hash()})
    if not decision_earns_its_place(report):
        say("Beslutsmodellen klarar inte målet utan att kalla för många rätta svar osäkra: ingen modell skrevs, "
            "reglernas beslut gäller.")
        return found, None, report
    path = out or model_path(assistant.settings.corpus_dir, model_name)
    path.write_text(found.to_json() + "\n", "utf-8")
    say(f"Beslutsmodellen skrevs till {path}.")
    return found, path, report
