"""Small statistics shared by the benchmark and the load test."""

from __future__ import annotations

import numpy as np


def pct(samples: list[float], q: float) -> float:
    """The q-th percentile (linear interpolation); NaN for no samples."""
    return float(np.percentile(np.asarray(samples), q)) if samples else float("nan")
