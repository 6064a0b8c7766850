"""The learned decision: does an answer the rules call exact really answer the question?

The rules say "N poster matchar" whenever the entries have the question's place, group or words. A question the
overview cannot answer ("Var kan man vaccinera sig mot covid på Gotland?") still meets Gotland's entries. A logistic
model over question-level evidence (how close the best entries are in meaning, how many words that carry the topic
the material lacks, whether the best entry has every telling word, …), trained on the dev sets by
`insatsguiden train`, gives the probability that the first part of the answer holds an entry that answers the
question. Below the threshold chosen on dev (at most 2 % of dev's no-answer questions answered as exact), the
answer keeps its entries but says it is no sure answer (Notice.UNSURE). Applied with numpy alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from . import features
from .errors import IndexBuildError
from .policy import Notice, Selection
from .query import Understanding
from .retrieval import Evidence

FORMAT = 1

NAMES = (
    "best_dense",  # the best dense score in the first part of the answer
    "best_sentence",  # the best sentence cosine there
    "dense_gap",  # the best entry overall minus the first part's best (the rules chose away from the meaning)
    "missing_content",  # content words the corpus lacks that are no everyday word
    "missing_share",  # their share of the question's topic words
    "telling",  # telling words (Understanding.telling)
    "best_coverage",  # the best share of them an entry in the first part has
    "topic_bm25",  # log(1 + best topic BM25 in the first part)
    "first_part",  # entries in the first part, / 10
    "places",  # a place was read
    "groups",  # a group was read
    "english",
    "words",  # the question's words, / 20
)


def row(u: Understanding, ev: Evidence, selection: Selection) -> np.ndarray:
    """The question's evidence as one feature row."""
    n = len(selection.order)
    first = np.asarray(selection.order[:_first_part(selection)] or selection.order[:1], dtype=np.int64)
    zeros = np.zeros(len(NAMES), dtype=np.float32)
    if not n:
        return zeros
    dense = ev.dense if ev.dense is not None else np.zeros(len(ev.scores), np.float32)
    sentence = ev.sentence if ev.sentence is not None else dense
    missing = [w for w in u.unknown_words if w not in u.everyday]
    topics = max(1, len(u.topic_words))
    coverage = ev.coverage if ev.coverage is not None else np.ones(len(ev.scores), np.float32)
    return np.asarray([
        float(dense[first].max()), float(sentence[first].max()), float(dense.max() - dense[first].max()),
        float(len(missing)), len(missing) / topics, float(len(u.telling)), float(coverage[first].max()),
        float(np.log1p(ev.topic_lexical[first].max())), len(first) / 10, float(bool(u.places)),
        float(bool(u.groups)), float(u.english), len(u.words) / 20,
    ], dtype=np.float32)


def _first_part(selection: Selection) -> int:
    part = features.blocks(len(selection.order), selection.headings)
    return int((part == 0).sum())


@dataclass(frozen=True)
class ExactModel:
    """P(exact) = sigmoid(((x - mean) / scale) · weights + bias); exact when P ≥ threshold."""

    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float
    model: str  # the embedding model the cosines came from
    trained: dict = field(default_factory=dict, compare=False)

    def probability(self, x: np.ndarray) -> float:
        z = float(((x - self.mean) / self.scale) @ self.weights + self.bias)
        return float(1.0 / (1.0 + np.exp(-z)))

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "names": list(self.names), "mean": self.mean.tolist(),
                           "scale": self.scale.tolist(), "weights": self.weights.tolist(), "bias": self.bias,
                           "threshold": self.threshold, "model": self.model, "trained": self.trained},
                          ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "ExactModel":
        d = json.loads(text)
        if d.get("format") != FORMAT or tuple(d.get("names", ())) != NAMES:
            raise IndexBuildError("beslutsmodellen är gjord för andra särdrag: kör `insatsguiden train`")
        arrays = [np.asarray(d[k], dtype=np.float32) for k in ("mean", "scale", "weights")]
        if any(a.shape != (len(NAMES),) for a in arrays):
            raise IndexBuildError("beslutsmodellen har fel form: kör `insatsguiden train`")
        return cls(NAMES, *arrays, bias=float(d["bias"]), threshold=float(d["threshold"]),
                   model=str(d.get("model", "")), trained=dict(d.get("trained", {})))


def model_path(corpus_dir: Path, model: str) -> Path:
    name = Path(model).name if ("/" in model or "\\" in model) else model
    return corpus_dir / f"decision-{name}.json"


def model_for(corpus_dir: Path, model: str) -> ExactModel | None:
    """The decision model trained for this embedding model, or None (the rules' decision stands)."""
    path = model_path(corpus_dir, model)
    try:
        found = ExactModel.from_json(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise IndexBuildError(f"{path.name} är trasig: {exc}") from exc
    return found if found.model == model else None


def unsure(u: Understanding, ev: Evidence, selection: Selection, model: ExactModel) -> Selection:
    """An exact answer the model doubts keeps its entries, now said to be no sure answer."""
    if not selection.order or not Notice(selection.notice).exact or selection.notice is Notice.MORE:
        return selection
    if model.probability(row(u, ev, selection)) >= model.threshold:
        return selection
    return replace(selection, notice=Notice.UNSURE)
