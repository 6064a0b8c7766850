"""What the votes say, for the people who maintain the assistant: `insatsguiden aterkoppling`.

A summary (votes per day, the most disliked questions with the entries their answers showed, the entries most
often disliked) and a draft gold file of the disliked questions for a person to grade, which `eval --gold`
accepts as it is.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from ..feedback import Vote, verdicts
from ..text import plural


def _key(question: str) -> str:
    return " ".join(question.lower().split())


def summary(all_votes: list[Vote], titles: dict[str, str] | None = None, top: int = 10) -> str:
    """Plain text in Swedish; `titles` names entries by organisation where the corpus knows them."""
    titles = titles or {}
    standing = verdicts(all_votes)
    if not standing:
        return "Ingen återkoppling ännu (eller bara borttagna omdömen)."
    ups = sum(v.verdict == "upp" for v in standing)
    downs = len(standing) - ups
    lines = [f"{len(standing)} {plural(len(standing), 'omdöme', 'omdömen')} gäller ({ups} upp, {downs} ner), "
             f"av {len(all_votes)} {plural(len(all_votes), 'klick', 'klick')} i allt.", "", "Per dag (UTC):"]
    per_day: dict[str, Counter] = defaultdict(Counter)
    for v in standing:
        per_day[v.time[:10]][v.verdict] += 1
    for day in sorted(per_day):
        lines.append(f"  {day}  upp {per_day[day]['upp']:>4}  ner {per_day[day]['ner']:>4}")
    disliked = [v for v in standing if v.verdict == "ner"]
    lines += ["", "Frågorna med flest tummar ner:"]
    by_question: dict[str, list[Vote]] = defaultdict(list)
    for v in disliked:
        by_question[_key(v.question)].append(v)
    ranked = sorted(by_question.values(), key=lambda vs: (-len(vs), vs[0].question))
    for vs in ranked[:top]:
        shown = list(dict.fromkeys(i for v in vs for i in v.entry_ids))
        lines.append(f"  {len(vs):>3} × ”{vs[0].question}”")
        lines.append("        visade: " + (", ".join(f"{i} ({titles[i]})" if i in titles else i for i in shown)
                                         or "inga poster"))
    if not ranked:
        lines.append("  inga")
    lines += ["", "Posterna som oftast fick tummen ner (andel av deras omdömen):"]
    down_count = Counter(i for v in disliked for i in v.entry_ids)
    all_count = Counter(i for v in standing for i in v.entry_ids)
    for entry, n in sorted(down_count.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
        name = f" ({titles[entry]})" if entry in titles else ""
        lines.append(f"  {n:>3} av {all_count[entry]:>3}  {entry}{name}")
    if not down_count:
        lines.append("  inga")
    return "\n".join(lines)


def draft_gold(all_votes: list[Vote]) -> list[dict]:
    """One line per distinct disliked question: `relevant` empty for a person to fill in, the entries the
    answer showed beside it (`visade`) so the grader starts from what the user saw."""
    rows, seen = [], set()
    for v in verdicts(all_votes):
        key = _key(v.question)
        if v.verdict != "ner" or key in seen or not key:
            continue
        seen.add(key)
        rows.append({"qid": f"aterkoppling-{len(rows) + 1:03d}", "query": v.question, "type": "övrigt",
                     "relevant": {}, "visade": list(v.entry_ids), "att_gora": "betygsätt posterna (2 eller 1); "
                     "lämna relevant tomt om översikten inte kan besvara frågan"})
    return rows


def write_draft_gold(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
