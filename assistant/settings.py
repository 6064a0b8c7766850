"""Where things are and which model to use, resolved once at the edge (CLI, app, tools)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .embedding import DEFAULT_MODEL, MODEL_ENV

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = ROOT / "corpus"
    index_dir: Path = ROOT / "index"
    model: str = DEFAULT_MODEL
    k: int = 10

    @classmethod
    def resolve(cls, corpus: str | Path | None = None, index: str | Path | None = None,
                model: str | None = None, k: int = 10) -> "Settings":
        """Explicit values first, then the environment (INSATSGUIDEN_MODEL), then the bundled defaults."""
        return cls(
            Path(corpus) if corpus else ROOT / "corpus",
            Path(index) if index else ROOT / "index",
            model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL,
            k,
        )
