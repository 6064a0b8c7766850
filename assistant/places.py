"""Place knowledge: municipalities, counties, regions and provinces, and where each organisation is.

All facts come from tables in corpus/: kommuner.csv (SCB), regions.csv
(region and county names we are sure of), kommun_landskap.csv and
landsdelar.csv (the provinces and lands each municipality lies in, with their
sources; see ../shared/places/README.md), organisations.csv (the place(s)
each organisation in the document stands for) and ortsadjektiv.csv (place
adjectives no regular rule gives, each attested in wordfreq's large list).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rapidfuzz import fuzz, process

from .errors import PlaceDataError
from .lexicon import is_consonant_run, is_frequent, is_written_word, transliterated
from .text import fold

# Municipality names that are also everyday Swedish words: only taken with a place cue (a capital, "kommun", or
# "i/på/från" before them).
AMBIGUOUS = frozenset(
    "vara mark berg kil ale eda åre sala boden nora säter klippan älvdalen orsa trosa salem malå laxå ånge "
    "habo heby flen sunne tierp ydre hjo".split()
)
# English names people use.
EXONYMS = {"gothenburg": "Göteborg", "malmo": "Malmö", "stockholm city": "Stockholm"}
PREPOSITIONS = frozenset("i på från för inom kring runt in at around near".split())
PLACE_CUES = frozenset("i på från".split())  # before a name that is also a word: "i Vara", "från mark"?
TOKEN = re.compile(r"[0-9a-zåäöéü]+(?:-[0-9a-zåäöéü]+)*", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    """A place named in a question: a municipality, a county, or a wider area (province)."""

    kind: str  # "municipality", "county" or "area"
    name: str
    municipalities: frozenset[str]
    counties: frozenset[str]
    matched: str = ""  # the words of the question it was read from


@dataclass(frozen=True)
class OrgPlaces:
    """Where an organisation works: its municipalities, and counties it covers (scope county) or lies in."""

    organisation: str
    scope: str  # municipality, municipalities, county, national, unknown
    municipalities: frozenset[str]
    counties: frozenset[str]
    basis: str = ""


@dataclass(frozen=True)
class Gazetteer:
    municipality_names: dict[str, str]  # code → name
    municipality_county: dict[str, str]  # code → county code
    county_names: dict[str, str]  # code → "Skåne län"
    aliases: dict[str, Place]  # lower-case alias → place
    folded: dict[str, Place]  # folded alias → place (only unambiguous ones)
    organisations: dict[str, OrgPlaces]

    # -- reading questions -------------------------------------------------
    def find(self, text: str, vocabulary: frozenset[str] = frozenset(),
             reserved: frozenset[str] = frozenset()) -> tuple[Place, ...]:
        """Places named in text, longest phrase first; tolerant of missing å/ä/ö, genitive -s and a typo.
        `vocabulary` (corpus words) is never read as a misspelt place; `reserved` (field terms such as "vnr") is
        never read as a short form ("gbg")."""
        tokens = [(m.group(0), m.start()) for m in TOKEN.finditer(text)]
        found: list[Place] = []
        i = 0
        while i < len(tokens):
            hit = None
            for n in (4, 3, 2, 1):
                if i + n > len(tokens):
                    continue
                original = " ".join(t for t, _ in tokens[i : i + n])
                place = self._lookup(original, tokens, i, n, vocabulary, reserved)
                if place is not None:
                    hit = (n, Place(place.kind, place.name, place.municipalities, place.counties, original))
                    break
            if hit:
                if all(p.name != hit[1].name for p in found):
                    found.append(hit[1])
                i += hit[0]
            else:
                i += 1
        return tuple(found)

    def _lookup(
        self, original: str, tokens: list[tuple[str, int]], i: int, n: int, vocabulary: frozenset[str],
        reserved: frozenset[str] = frozenset(),
    ) -> Place | None:
        phrase = original.lower()
        if n == 1 and phrase in AMBIGUOUS and not original[:1].isupper():
            nxt = tokens[i + 1][0].lower() if i + 1 < len(tokens) else ""
            prev = tokens[i - 1][0].lower() if i > 0 else ""
            if nxt not in ("kommun", "kommuns") and prev not in PLACE_CUES:
                return None
        for candidate in (phrase, phrase[:-1] if phrase.endswith("s") else None):
            if candidate and candidate in self.aliases:
                return self.aliases[candidate]
        # A tolerant match (short form, missing å/ä/ö, typo) never turns an everyday word into a place: "våra" is
        # not Vara. Asked only of a candidate, so a question without one never loads the frequency list.
        if n == 1 and is_consonant_run(phrase) and phrase not in reserved:
            short = self.short_form(phrase)
            if short is not None and not is_frequent(phrase):
                return short
        spelt = transliterated(phrase)  # "vaexjoe", "malmoe": aa/ae/oe for å/ä/ö
        for candidate in (fold(phrase), fold(phrase[:-1]) if phrase.endswith("s") else None,
                          fold(spelt) if spelt else None):
            if candidate and len(candidate) >= 4 and candidate in self.folded and phrase not in vocabulary:
                return None if is_frequent(phrase) else self.folded[candidate]
        if n == 1 and len(phrase) >= 5 and phrase not in vocabulary and fold(phrase) not in vocabulary:
            prev = tokens[i - 1][0].lower() if i > 0 else ""
            # A typo is read as a place when it is written like one (capital, after "i"/"från"…), stands in a
            # question of one or two words ("hälsingand", "barn hälsingand") or is no Swedish word at all
            # ("vad gör götebrog för barn?"): elsewhere a near place name is more likely some other word
            # ("uppställa", not Uppsala). The word list is read only for a word this close to a place.
            cued = original[:1].isupper() or prev in PREPOSITIONS or len(tokens) <= 2
            match = process.extractOne(fold(phrase), self._single_words, scorer=fuzz.ratio, score_cutoff=86)
            if match and not is_frequent(phrase) and (cued or not is_written_word(phrase)):
                return self.folded[match[0]]
        return None

    def short_form(self, token: str) -> Place | None:
        """"gbg" → Göteborg, "sthlm" → Stockholm: the one municipality (one-word name) that starts and ends with the
        token's first and last letters and holds all its letters in order. Counties are left out: "gbg" would
        also fit Gävleborg, and the short forms people write are those of towns."""
        hits = {self.folded[name].name: self.folded[name] for name in self._by_ends.get((token[0], token[-1]), ())
                if _subsequence(token, name)}
        return next(iter(hits.values())) if len(hits) == 1 else None

    @cached_property
    def _by_ends(self) -> dict[tuple[str, str], tuple[str, ...]]:
        out: dict[tuple[str, str], list[str]] = {}
        for name, place in self.folded.items():
            if name.isalpha() and place.kind == "municipality":
                out.setdefault((name[0], name[-1]), []).append(name)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def alias_words(self) -> frozenset[str]:
        """Every word of every place name, as written and folded: never 'corrected' into another word."""
        out = set()
        for alias in self.aliases:
            for w in alias.split():
                out |= {w, fold(w)}
        return frozenset(out)

    @cached_property
    def _single_words(self) -> list[str]:
        """One-word aliases worth a fuzzy match; built once, as the typo path may run on every question."""
        return [k for k in self.folded if " " not in k and len(k) >= 5 and k not in AMBIGUOUS]

    # -- relating entries to places -----------------------------------------
    def org_places(self, organisation: str) -> OrgPlaces:
        """The table's row; for an organisation the table lacks, the place its own name says, if any."""
        known = self.organisations.get(organisation.strip())
        if known:
            return known
        named = [p for p in self.find(organisation) if p.kind == "municipality"]
        if named:
            codes = frozenset().union(*(p.municipalities for p in named))
            return OrgPlaces(organisation, "municipality", codes, self._counties_of(codes), "namnet")
        return OrgPlaces(organisation, "unknown", frozenset(), frozenset(), "")

    def _county_members(self, county: str) -> frozenset[str]:
        return frozenset(m for m, c in self.municipality_county.items() if c == county)

    def _counties_of(self, codes: frozenset[str]) -> frozenset[str]:
        return frozenset(self.municipality_county[c] for c in codes if c in self.municipality_county)

    def relation(self, org: OrgPlaces, place: Place) -> str | None:
        """How an organisation relates to a named place.

        "direct": it works in that place (or, for a county, in one of its municipalities);
        "region": a regional body covering the whole county the municipality lies in;
        "county": it works elsewhere in the same county (a fallback, said to be such).
        """
        if org.scope == "national":
            return None
        if org.municipalities & place.municipalities:
            return "direct"
        shared = org.counties & place.counties
        if place.kind == "county" and shared:
            return "direct"
        if place.kind == "area" and shared and org.scope in ("county", "in_county"):
            # A region is the province's own when its whole county lies inside it (Region Sörmland for
            # Sörmland); otherwise it covers the province only in part (Västra Götalandsregionen for Dalsland).
            inside = all(self._county_members(c) <= place.municipalities for c in shared)
            return "direct" if inside else "region"
        if org.scope == "county" and shared:
            return "region"
        if (org.counties | self._counties_of(org.municipalities)) & place.counties:
            return "county"
        return None

    def describe(self, org: OrgPlaces) -> str:
        """Human-readable place of an organisation, for the answer's provenance."""
        if org.scope == "national":
            return "hela landet"
        names = [self.municipality_names[c] for c in sorted(org.municipalities) if c in self.municipality_names]
        if org.scope == "county":
            return ", ".join(self.county_names[c] for c in sorted(org.counties))
        if org.scope == "in_county":
            return "i " + ", ".join(self.county_names[c] for c in sorted(org.counties))
        if org.scope == "unknown":
            return "okänd ort"
        if len(names) > 4:
            counties = ", ".join(self.county_names[c] for c in sorted(org.counties))
            # "Fyrbodal (17 kommuner)" with 14 members known for sure: the name's count, and how many are known
            # (walkthrough: "14 kommuner" beside a quote that says 17).
            stated = re.search(r"\((\d+) kommuner\)", org.organisation)
            total = max(len(names), int(stated.group(1))) if stated else len(names)
            where = f"{total} kommuner" + (f" i {counties}" if counties else "")
            return where if total == len(names) else f"{where}, varav {len(names)} kända"
        return ", ".join(names)


def _subsequence(short: str, name: str) -> bool:
    it = iter(name)
    return all(ch in it for ch in short)


def adjective_forms(name: str) -> tuple[str, ...]:
    """The adjective of a one-word place name, by the regular Swedish rules: -land → -ländsk (Gotland → gotländsk),
    a final -e is dropped (Skåne → skånsk), a final consonant takes -sk (Stockholm → stockholmsk); each with its
    -a and -t forms. Names ending in another vowel (Malmö, Uppsala) have no regular form and get none."""
    n = name.lower()
    if " " in n or "-" in n or len(n) < 4:
        return ()
    if n.endswith("land"):
        stem = n[:-4] + "ländsk"
    elif n.endswith("e"):
        stem = n[:-1] + "sk"
    elif n[-1] not in "aeiouyåäöé":
        stem = n + "sk"
    else:
        return ()
    return (stem, stem + "a", stem + "t")


def _irregular_adjectives(corpus_dir: Path) -> list[dict[str, str]]:
    """corpus/ortsadjektiv.csv: adjectives the regular rule misses (Östergötland → östgötsk, Norrbotten →
    norrbottnisk), derived by tools/place_adjectives.py and attested in wordfreq's large list. A corpus without the
    table keeps the regular forms only."""
    path = corpus_dir / "ortsadjektiv.csv"
    if not path.exists():
        return []
    rows = _read_csv(path)
    if rows and not {"place", "adjective"} <= set(rows[0]):
        raise PlaceDataError("ortsadjektiv.csv saknar kolumnen place eller adjective")
    return rows


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise PlaceDataError(f"{path.name} kunde inte läsas: {exc}") from exc


def load_gazetteer(corpus_dir: Path) -> Gazetteer:
    """Build the alias tables from corpus/kommuner.csv, regions.csv and organisations.csv."""
    rows = _read_csv(corpus_dir / "kommuner.csv")
    try:
        muni_names = {r["municipality_code"]: r["municipality_name"] for r in rows}
        muni_county = {r["municipality_code"]: r["county_code"] for r in rows}
        county_names = {r["county_code"]: r["county_name"] for r in rows}
    except KeyError as exc:
        raise PlaceDataError(f"kommuner.csv saknar kolumnen {exc}") from exc
    county_munis: dict[str, set[str]] = {}
    for code, county in muni_county.items():
        county_munis.setdefault(county, set()).add(code)

    aliases: dict[str, Place] = {}

    def county_place(codes: frozenset[str], name: str, kind: str = "county") -> Place:
        munis = frozenset().union(*(county_munis.get(c, set()) for c in codes))
        return Place(kind, name, frozenset(munis), codes)

    for code, name in county_names.items():
        place = county_place(frozenset({code}), name)
        short = name.removesuffix(" län")
        base = short[:-1] if short.endswith("s") else short
        for alias in (name, f"{base} län", f"region {base}", f"{base}s län"):
            aliases[alias.lower()] = place
        if base not in muni_names.values():
            aliases[base.lower()] = place
    for row in _read_csv(corpus_dir / "regions.csv"):
        codes = frozenset(row["county_codes"].split())
        kind = "county" if len(codes) == 1 else "area"
        name = county_names[next(iter(codes))] if kind == "county" else row["name"]
        place = county_place(codes, name, kind)
        for alias in row["aliases"].split("|"):
            aliases[alias.strip().lower()] = place
    # Provinces (landskap) and lands (landsdelar). A province that shares its name with a county or region
    # ("Dalarna", "Värmland") covers both readings: the county's municipalities and the province's.
    province_munis: dict[str, set[str]] = {}
    for row in _read_csv(corpus_dir / "kommun_landskap.csv"):
        try:
            province_munis.setdefault(row["landskap"].strip(), set()).add(row["kommunkod"].strip())
        except KeyError as exc:
            raise PlaceDataError(f"kommun_landskap.csv saknar kolumnen {exc}") from exc
    lands: dict[str, set[str]] = {}
    for row in _read_csv(corpus_dir / "landsdelar.csv"):
        try:
            lands.setdefault(row["landsdel"].strip(), set()).update(province_munis.get(row["landskap"].strip(), ()))
        except KeyError as exc:
            raise PlaceDataError(f"landsdelar.csv saknar kolumnen {exc}") from exc
    spoken = {"Södermanland": ("sörmland",)}
    for name, munis in [*province_munis.items(), *lands.items()]:
        names = [name.lower(), *spoken.get(name, ())]
        existing = next((aliases[n] for n in names if n in aliases), None)
        codes = frozenset(munis) | (existing.municipalities if existing else frozenset())
        counties = frozenset(muni_county[c] for c in codes if c in muni_county)
        place = Place("area", name, codes, counties)
        for n in names:
            for alias in (n, f"{n}s"):
                aliases[alias] = place
    # Municipalities last: "Gotland" the municipality wins over the county of the same name.
    for code, name in muni_names.items():
        place = Place("municipality", name, frozenset({code}), frozenset({muni_county[code]}))
        aliases[name.lower()] = place
        aliases[f"{name.lower()} kommun"] = place
        aliases[f"{name.lower()} stad"] = place
    for english, swedish in EXONYMS.items():
        aliases[english] = aliases[swedish.lower()]
    # "skånska kommuner", "gotländska", "norrländsk": adjectives of the provinces, lands, counties and
    # municipalities, derived once by rule; a form that is already a name stays that name.
    for alias, place in list(aliases.items()):
        if alias.split()[-1] in ("län", "kommun", "stad") or alias.startswith("region "):
            continue
        for form in adjective_forms(alias):
            aliases.setdefault(form, place)
    for row in _irregular_adjectives(corpus_dir):
        place = aliases.get(row["place"].strip().lower())
        stem = row["adjective"].strip().lower()
        if place is not None and stem:
            for form in (stem, stem + "a", stem + "t"):
                aliases.setdefault(form, place)

    folded: dict[str, Place] = {}
    clashes: set[str] = set()
    for alias, place in aliases.items():
        key = fold(alias)
        if key in folded and folded[key].name != place.name:
            clashes.add(key)
        folded[key] = place
    for key in clashes:
        folded.pop(key, None)

    orgs: dict[str, OrgPlaces] = {}
    for row in _read_csv(corpus_dir / "organisations.csv"):
        munis = frozenset(row["municipality_codes"].split())
        unknown = [c for c in munis if c not in muni_names]
        if unknown:
            raise PlaceDataError(f"organisations.csv: okänd kommunkod {unknown[0]} för {row['organisation']}")
        counties = frozenset(row["county_codes"].split()) | frozenset(muni_county[c] for c in munis)
        orgs[row["organisation"].strip()] = OrgPlaces(
            row["organisation"].strip(), row["scope"].strip(), munis, counties, row.get("basis", "")
        )
    return Gazetteer(muni_names, muni_county, county_names, aliases, folded, orgs)
