"""Record, or compare, what the assistant shows for a set of questions: hits in order and the notice.

    python eval/behaviour.py record before.jsonl     # before a change
    python eval/behaviour.py compare before.jsonl    # after it: prints every question whose hits or notice differ

Questions: eval/gold.jsonl and eval/hostile.json (odd and hostile input). A refactoring must leave this
unchanged except for the defects it names.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def questions() -> list[str]:
    gold = [json.loads(line)["query"] for line in (HERE / "gold.jsonl").read_text("utf-8").splitlines() if line.strip()]
    return gold + json.loads((HERE / "hostile.json").read_text("utf-8"))


def snapshot() -> list[dict]:
    from assistant.pipeline import Assistant
    from assistant.query import Question

    assistant = Assistant.open()
    out = []
    for q in questions():
        a = assistant.ask(Question(q))
        out.append({"q": q, "hits": [h.entry_id for h in a.hits], "notice": a.notice, "abstained": a.abstained})
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("record", "compare"):
        print(__doc__)
        return 2
    path = Path(argv[1])
    now = snapshot()
    if argv[0] == "record":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in now), "utf-8")
        print(f"{len(now)} frågor sparade i {path}")
        return 0
    before = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    diffs = [(b, a) for b, a in zip(before, now) if (b["hits"], b["notice"]) != (a["hits"], a["notice"])]
    for b, a in diffs:
        print(f"{b['q'][:70]!r}\n  före:  {b['notice'] or '-'} {b['hits']}\n  efter: {a['notice'] or '-'} {a['hits']}")
    print(f"{len(now)} frågor, {len(diffs)} skiljer sig")
    return 1 if diffs or len(before) != len(now) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
