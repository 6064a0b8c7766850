"""Quoted entries as Markdown or CSV, for pasting into a report."""

from __future__ import annotations

import csv
import io

from .answer import Answer


def to_markdown(answer: Answer) -> str:
    return answer.markdown + "\n"


def to_csv(answer: Answer) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["fråga", "id", "organisation", "rubrik", "text", "länktext", "adress", "länktyp", "källa"])
    for e in answer.entries:
        writer.writerow([
            answer.question, e.id, e.organisation, e.section, "\n".join(e.text_lines),
            " | ".join(l.text for l in e.links), " | ".join(l.url or "" for l in e.links),
            " | ".join(l.kind_label for l in e.links), answer.source,
        ])
    return buf.getvalue()
