"""Divide eval/gold.jsonl into dev (for tuning) and test (for reporting only), stratified by question type.

    python eval/make_split.py        # writes eval/splits.json; run once, the file is committed

Fixed seed, half of each type (the odd one to test), so both halves cover every type.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

SEED = 20261126
HERE = Path(__file__).resolve().parent


def main() -> None:
    by_type: dict[str, list[str]] = defaultdict(list)
    for line in (HERE / "gold.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            by_type[row["type"]].append(row["qid"])
    rng = random.Random(SEED)
    split: dict[str, str] = {}
    for qtype in sorted(by_type):
        qids = sorted(by_type[qtype])
        rng.shuffle(qids)
        half = len(qids) // 2
        for i, qid in enumerate(qids):
            split[qid] = "dev" if i < half else "test"
    (HERE / "splits.json").write_text(json.dumps(dict(sorted(split.items())), indent=1) + "\n", "utf-8")
    print({s: sum(v == s for v in split.values()) for s in ("dev", "test")})


if __name__ == "__main__":
    main()
