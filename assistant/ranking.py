"""The learned ranking: a linear model over the features of features.py, trained on the dev sets by
`insatsguiden train` (tools/training.py) and applied here with numpy alone (no training library on the question
path).

It reorders the entries within each part of an answer (the part under one heading), so what the decision says
about a part ("matchar", "tar upp en del av frågan", "ligger nära i betydelse") stays true of every entry in it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from . import features
from .errors import IndexBuildError
from .policy import Selection
from .retrieval import Evidence

FORMAT = 1


def ranker_path(corpus_dir: Path, model: str) -> Path:
    """corpus/ranker-<model>.json: the weights learned for one embedding model (a path model: its folder name)."""
    name = Path(model).name if ("/" in model or "\\" in model) else model
    return corpus_dir / f"ranker-{name}.json"


@dataclass(frozen=True)
class LinearRanker:
    """score = ((x - mean) / scale) · weights; trained for one embedding model (the features hold its cosines)."""

    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    model: str  # the embedding model the features were computed with
    trained: dict = field(default_factory=dict, compare=False)  # splits, questions, pairs, C: how it was made

    def score(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale) @ self.weights

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "names": list(self.names), "mean": self.mean.tolist(),
                           "scale": self.scale.tolist(), "weights": self.weights.tolist(), "model": self.model,
                           "trained": self.trained}, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "LinearRanker":
        d = json.loads(text)
        if d.get("format") != FORMAT or tuple(d.get("names", ())) != features.NAMES:
            raise IndexBuildError("rangordningsmodellen är gjord för andra särdrag: kör `insatsguiden train`")
        arrays = [np.asarray(d[k], dtype=np.float32) for k in ("mean", "scale", "weights")]
        if any(a.shape != (len(features.NAMES),) for a in arrays):
            raise IndexBuildError("rangordningsmodellen har fel form: kör `insatsguiden train`")
        return cls(tuple(d["names"]), *arrays, model=str(d.get("model", "")), trained=dict(d.get("trained", {})))


def load_ranker(path: Path) -> LinearRanker | None:
    """The model file, or None when there is none (the rules' order is kept)."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexBuildError(f"{path.name} kunde inte läsas: {exc}") from exc
    try:
        return LinearRanker.from_json(text)
    except (ValueError, KeyError, TypeError) as exc:
        raise IndexBuildError(f"{path.name} är trasig: {exc}") from exc


def ranker_for(corpus_dir: Path, model: str) -> LinearRanker | None:
    """The learned ranker for this embedding model, if one was trained for it (else the rules' order is kept)."""
    found = load_ranker(ranker_path(corpus_dir, model))
    return found if found is not None and found.model == model else None


def reorder(selection: Selection, ev: Evidence, model: LinearRanker) -> Selection:
    """The same entries under the same headings, each part in the model's order (ties keep the rules' order)."""
    order = selection.order
    if len(order) < 2:
        return selection
    x = features.rows(ev, order, selection.headings)
    s = model.score(x)
    part = features.blocks(len(order), selection.headings)
    new: list[int] = []
    for b in np.unique(part):
        where = np.flatnonzero(part == b)
        ranked = where[np.argsort(-s[where], kind="stable")]
        new.extend(order[i] for i in ranked)
    return replace(selection, order=tuple(new))
