"""Writes corpus/ortsadjektiv.csv: the adjectives of places that the regular rule (places.adjective_forms: Gotland →
gotländsk, Skåne → skånsk) does not give, such as östgötsk, norrbottnisk, hälsingsk and närkingsk.

Each candidate comes from a Swedish word-formation pattern applied to a place name of the tables, and is kept only
where wordfreq's large Swedish list has its -a form (the one questions use: "östgötska kommuner") while it lacks the
regular form: Swedish uses one adjective per place, so where the regular one is in use ("gotländska") a look-alike
("gotska", Gothic) is another word. Run once, offline (`python -m assistant.tools.place_adjectives`); the question path
reads the table, never wordfreq's large list. tests/test_places.py checks the table against this derivation.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Callable

# (rule name, how a place name ends, what replaces that ending): the irregular patterns of Swedish place adjectives.
PATTERNS = (
    ("-land → -sk", "land", "sk"),  # Hälsingland → hälsingsk
    ("-en → -nisk", "en", "nisk"),  # Norrbotten → norrbottnisk
    ("-en → -sk", "en", "sk"),  # Härjedalen → härjedalsk
    ("-e → -ingsk", "e", "ingsk"),  # Närke → närkingsk
)
# A first part of a compound that the adjective shortens: Östergötland → östgötsk.
SHORTENED = (("öster", "öst"), ("väster", "väst"))
SOURCE = "wordfreq large sv"


def regular(name: str) -> str | None:
    """The regular adjective stem (places.adjective_forms), to see whether it is in use."""
    from ..places import adjective_forms

    forms = adjective_forms(name)
    return forms[0] if forms else None


def candidates(name: str) -> list[tuple[str, str]]:
    """(stem, rule) for every pattern that applies to a one-word name, shortened first parts included."""
    n = name.lower()
    if " " in n or "-" in n or len(n) < 4:
        return []
    out = [(n[: -len(end)] + new, rule) for rule, end, new in PATTERNS if n.endswith(end)]
    for long, short in SHORTENED:
        if n.startswith(long):
            base = [(n[: -4] + "ländsk" if n.endswith("land") else n, "regular"), *out]
            out += [(short + stem[len(long):], f"{rule}, {long}- → {short}-") for stem, rule in base]
    return out


def derive(names: list[str], frequency: Callable[[str], float]) -> list[tuple[str, str, str, float]]:
    """(place name, adjective stem, rule, zipf of its -a form) for each irregular adjective in use."""
    rows = []
    for name in sorted(set(names)):
        reg = regular(name)
        if reg and frequency(reg + "a") > 0:
            continue
        seen = set()
        for stem, rule in candidates(name):
            if stem in seen or stem == reg:
                continue
            seen.add(stem)
            z = frequency(stem + "a")
            if z > 0:
                rows.append((name, stem, rule, z))
    return rows


def place_names(corpus_dir: Path) -> list[str]:
    """The provinces, lands, counties (without "län") and municipalities of the tables."""
    def read(name: str) -> list[dict[str, str]]:
        with (corpus_dir / name).open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    names = {r["municipality_name"] for r in read("kommuner.csv")}
    names |= {r["county_name"].removesuffix(" län").removesuffix("s") for r in read("kommuner.csv")}
    names |= {r["landskap"] for r in read("kommun_landskap.csv")} | {r["landsdel"] for r in read("landsdelar.csv")}
    return sorted(names)


def table(rows: list[tuple[str, str, str, float]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["place", "adjective", "rule", "source"])
    for name, stem, rule, z in rows:
        w.writerow([name, stem, rule, f"{SOURCE}: {stem}a zipf {z:.2f}"])
    return buf.getvalue()


def main(corpus_dir: Path = Path(__file__).resolve().parent.parent.parent / "corpus") -> str:
    from wordfreq import zipf_frequency

    return table(derive(place_names(corpus_dir), lambda w: zipf_frequency(w, "sv", wordlist="large")))


if __name__ == "__main__":
    sys.stdout.write(main())
