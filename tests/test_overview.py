"""The data side of the tab "Karta och översikt": rows, filters, counts and the offline map (no model)."""

from __future__ import annotations

import ipaddress
import re
import socket
from pathlib import Path
from types import SimpleNamespace

import pytest
from matplotlib.colors import to_rgba

from assistant import overview as ov
from assistant.answer import LINK_KIND
from assistant.corpus import load_document
from assistant.places import load_gazetteer

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
LUND, MALMO, RATTVIK, STOCKHOLM, GOTLAND = "1281", "1280", "2031", "0180", "0980"


@pytest.fixture(scope="module")
def document():
    return load_document(CORPUS)


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer(CORPUS)


@pytest.fixture(scope="module")
def rows(document, gazetteer):
    return ov.entry_rows(document, gazetteer)


def by_id(rows):
    return {r.id: r for r in rows}


@pytest.fixture
def no_network(monkeypatch):
    """Any connection to a non-loopback address fails the test; the attempts are recorded."""
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            attempts.append(address)
            raise OSError(f"network disabled in test: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    return attempts


def test_network_guard_blocks_outside_addresses(no_network):
    with pytest.raises(OSError, match="network disabled"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1: never reachable anyway
    assert no_network == [("192.0.2.1", 80)]


# -- rows ------------------------------------------------------------------------------------------


def test_one_row_per_entry_in_document_order(document, rows):
    assert len(rows) == len(document.entries) == 56
    assert [r.id for r in rows] == [e.id for e in document.entries]
    assert len({r.id for r in rows}) == len(rows)


def test_row_fields_for_lund(rows):
    lund = by_id(rows)["allman-information/lunds-kommun"]
    assert lund.organisation == "Lunds kommun"
    assert lund.heading == "Allmän information"
    assert lund.place == "Lund"
    assert lund.municipality_codes == (LUND,)
    assert lund.counties == ("Skåne län",)
    assert lund.link_label == LINK_KIND["topic"]


def test_heading_is_capitalised_section(rows):
    assert by_id(rows)["aldre/rattvik-kommun"].heading == "Äldre"


def test_counties_of_a_multi_municipality_organisation(rows):
    team = by_id(rows)["hedersrelaterat-vald-och-fortryck/resursteam-heder"]
    assert set(team.counties) == {"Stockholms län", "Skåne län", "Västra Götalands län"}
    assert set(team.municipality_codes) == {"0180", "1280", "1480"}


def test_national_rows_have_no_place_codes(rows):
    skr = by_id(rows)["overgripande-webbsidor/sveriges-kommuner-och-regioner"]
    assert skr.scope == "national" and skr.place == "hela landet"
    assert skr.counties == () and skr.municipality_codes == ()


def test_group_keys_follow_heading_and_text(rows):
    r = by_id(rows)
    assert r["aldre/rattvik-kommun"].groups == ("aldre",)  # under the heading ÄLDRE
    # Malmö Stad's general entry names "personer med funktionsnedsättning och äldre personer".
    assert {"aldre", "funktion"} <= set(r["allman-information/malmo-stad"].groups)
    assert r["allman-information/lunds-kommun"].groups == ()


def test_link_labels_reuse_the_answers_wording(rows):
    r = by_id(rows)
    assert r["samordningsforbund/orebro-lekeberg"].link_label == LINK_KIND["none"]
    assert r["allman-information/arboga-kommun"].link_label == LINK_KIND["homepage"]
    both = r["hedersrelaterat-vald-och-fortryck/malmo-stad"]  # a homepage line, then a topic line
    assert both.link_label == f"{LINK_KIND['homepage']}; {LINK_KIND['topic']}"
    # Malmö Stad under BARN OCH UNGA has no link line at all.
    assert r["barn-och-unga/malmo-stad"].link_kinds == ()
    assert r["barn-och-unga/malmo-stad"].link_label == ov.NO_LINK


# -- filters ---------------------------------------------------------------------------------------


def test_filter_by_county_keeps_only_rows_of_that_county(rows):
    skane = ov.filter_rows(rows, None, "Skåne län")
    assert skane and all("Skåne län" in r.counties for r in skane)
    assert len(skane) == sum(1 for r in rows if "Skåne län" in r.counties)
    assert "allman-information/lunds-kommun" in {r.id for r in skane}
    assert "allman-information/arboga-kommun" not in {r.id for r in skane}


def test_filter_by_group_key_or_label(rows):
    by_key = ov.filter_rows(rows, "aldre")
    assert by_key == ov.filter_rows(rows, "Äldre")
    assert all("aldre" in r.groups for r in by_key)
    assert {"aldre/rattvik-kommun", "aldre/gotland"} <= {r.id for r in by_key}
    assert len(by_key) < len(rows)


def test_filter_both_and_none(rows):
    assert ov.filter_rows(rows) == list(rows)
    assert ov.filter_rows(rows, "Alla", "Alla") == list(rows)
    both = ov.filter_rows(rows, "aldre", "Dalarnas län")
    assert [r.id for r in both] == ["aldre/rattvik-kommun"]


def test_unknown_group_is_an_error_not_an_empty_filter(rows):
    with pytest.raises(ValueError):
        ov.filter_rows(rows, "pensionärer")


# -- counts ----------------------------------------------------------------------------------------


def test_municipality_counts(rows):
    counts = ov.municipality_counts(rows)
    assert counts[LUND] >= 1
    # Malmö: five entries under three spellings (Malmö Stad, Malmö stad, Malmö kommun) and Resursteam heder.
    assert counts[MALMO] == 6
    # Gotland and Region Gotland are both the municipality of Gotland.
    assert counts[GOTLAND] == 5
    # A county-wide organisation is not spread over the county's municipalities.
    assert "0114" not in counts  # Upplands Väsby, Stockholms län: only the county-wide entry concerns it


def test_organisation_with_several_municipalities_counts_for_each(rows):
    counts = ov.municipality_counts(rows)
    fyrbodal = by_id(rows)["allman-information/fyrbodal-17-kommuner"].municipality_codes
    assert len(fyrbodal) == 14
    assert all(counts[c] >= 2 for c in fyrbodal)  # two Fyrbodal entries (allmän information, barn och unga)
    assert counts[STOCKHOLM] == 1  # only through Resursteam heder


def test_group_filter_reduces_counts_to_that_group(rows):
    everything = ov.municipality_counts(rows)
    older = ov.municipality_counts(rows, "aldre")
    assert older[RATTVIK] == 1  # "våldet går inte i pension", under ÄLDRE
    assert LUND not in older  # Lund's entry says nothing about older people
    assert all(older[c] <= everything[c] for c in older)
    assert sum(older.values()) < sum(everything.values())
    assert older[GOTLAND] == 2  # Gotland and Region Gotland under ÄLDRE
    assert ov.municipality_counts(rows, "digitalt") == {}  # the heading DIGITALT VÅLD has no entries


def test_county_counts_hold_county_scope_organisations(rows):
    counts = ov.county_counts(rows)
    # Stockholms län (Origo), Region Sörmland, Region Västra Götaland, and Centrala Östergötland (in the county).
    assert counts == {"01": 1, "04": 1, "14": 1, "05": 1}
    assert ov.county_counts(rows, "heder") == {"01": 1}
    assert ov.county_counts(rows, "aldre") == {}


def test_national_count(rows):
    assert ov.national_count(rows) == 2
    assert ov.national_count(rows, "aldre") == 0


def test_group_counts(rows):
    counts = ov.group_counts(rows)
    assert list(counts) == [g.key for g in ov.GROUPS]
    assert counts["aldre"] == len(ov.filter_rows(rows, "aldre"))
    assert counts["aldre"] >= 5  # the ÄLDRE heading alone has five entries
    assert counts["digitalt"] == 0 and counts["hbtq"] == 0


def test_county_totals(rows, gazetteer):
    totals = ov.county_totals(rows, gazetteer)
    assert len(totals) == 21
    assert totals["Skåne län"] == len(ov.filter_rows(rows, None, "Skåne län"))
    assert totals["Blekinge län"] == 0
    only_present = ov.county_totals(rows)
    assert "Blekinge län" not in only_present and only_present["Skåne län"] == totals["Skåne län"]


# -- chat and table helpers -----------------------------------------------------------------------


def test_municipality_question_is_understood_as_that_place(gazetteer):
    question = ov.municipality_question("Lund")
    assert question == "Vad görs i Lund?"
    assert [p.name for p in gazetteer.find(question)] == ["Lund"]
    assert ov.municipality_question("Gotland") == "Vad görs på Gotland?"
    for name in gazetteer.municipality_names.values():  # every municipality's question names that municipality
        assert [p.name for p in gazetteer.find(ov.municipality_question(name))] == [name], name


def test_municipality_choices_list_only_places_with_entries(rows, gazetteer):
    choices = ov.municipality_choices(ov.municipality_counts(rows), gazetteer)
    names = [name for _, name in choices]
    assert names == sorted(names)
    assert "Lund" in names and "Upplands Väsby" not in names
    assert ("Malmö (6 poster)", "Malmö") in choices
    assert ("Lund (1 post)", "Lund") in choices


def test_table_rows_and_entry_markdown(rows, document):
    cells = ov.table_rows(rows)
    assert len(cells) == len(rows) and all(len(c) == len(ov.TABLE_HEADERS) for c in cells)
    lund = by_id(rows)["allman-information/lunds-kommun"]
    md = ov.entry_markdown(document.by_id()[lund.id], lund)
    assert md.startswith("### Lunds kommun — Allmän information")
    assert "> Lunds kommun har fördubblat telefontiden på Kriscentrum." in md
    assert LINK_KIND["topic"] in md


# -- the map ---------------------------------------------------------------------------------------


def test_boundaries_are_bundled_and_match_the_gazetteer(gazetteer, no_network):
    kommun = ov.boundaries("kommun")
    lan = ov.boundaries("lan")
    assert set(kommun) == set(gazetteer.municipality_names)
    assert set(lan) == set(gazetteer.county_names)
    assert kommun[LUND][0] == "Lund"
    (x0, y0), *_ = kommun[LUND][1][0][0]
    assert 12 < x0 < 14.5 and 55 < y0 < 56.5  # WGS 84 longitude/latitude around Lund
    assert no_network == []


def test_map_figure_builds_offline_with_a_shape_per_municipality(rows, gazetteer, no_network):
    counts = ov.municipality_counts(rows)
    fig = ov.map_figure(counts, ov.county_counts(rows), "Alla", national=ov.national_count(rows))
    fig.canvas.draw()  # render fully: any fetch would happen here
    assert no_network == []
    collections = {c.get_gid(): c for ax in fig.axes for c in ax.collections}
    munis, counties = collections["kommuner"], collections["län"]
    assert len(munis.get_paths()) == len(munis.codes) == 290
    assert len(counties.get_paths()) == 21
    faces = dict(zip(munis.codes, (tuple(f) for f in munis.get_facecolors())))
    grey = to_rgba(ov.ZERO_COLOUR)
    assert faces["0114"] == grey  # Upplands Väsby: no entries
    assert faces[LUND] != grey
    assert faces[MALMO] != faces[LUND]  # six entries shade darker than one
    county_faces = dict(zip(counties.codes, (tuple(f) for f in counties.get_facecolors())))
    assert county_faces["01"] != grey and county_faces["10"] == grey  # Stockholms län / Blekinge län
    texts = [fig._suptitle.get_text()] + [ax.get_title() for ax in fig.axes]
    assert any("alla målgrupper" in t for t in texts)
    assert any("hela landet" in ax.get_xlabel() for ax in fig.axes)


def test_map_figure_group_title_and_zoom(rows):
    older = ov.filter_rows(rows, "aldre")
    whole = ov.map_figure(ov.municipality_counts(older), ov.county_counts(older), "Äldre")
    zoomed = ov.map_figure(ov.municipality_counts(older), ov.county_counts(older), "Äldre", focus_county="12")
    assert "äldre" in whole._suptitle.get_text()
    whole_w = abs(whole.axes[0].get_xlim()[1] - whole.axes[0].get_xlim()[0])
    zoom_w = abs(zoomed.axes[0].get_xlim()[1] - zoomed.axes[0].get_xlim()[0])
    assert zoom_w < whole_w / 3  # Skåne is much narrower than Sweden
    assert 12 < zoomed.axes[0].get_xlim()[0] < 13.5


def test_map_figure_renders_to_png_for_gradio(rows, no_network):
    import gradio as gr

    fig = ov.map_figure(ov.municipality_counts(rows), ov.county_counts(rows), "Alla")
    data = gr.Plot(format="png").postprocess(fig)
    assert data.type == "matplotlib"
    assert data.plot.startswith("data:image/png;base64,")  # inline image: the browser fetches nothing
    assert no_network == []


def test_counts_figure(rows, gazetteer):
    fig = ov.counts_figure(rows, gazetteer)
    groups_ax, counties_ax = fig.axes
    assert len(groups_ax.patches) == len(ov.GROUPS)
    assert len(counties_ax.patches) == 21
    widths = {t.get_text(): p.get_width() for t, p in zip(groups_ax.get_yticklabels(), groups_ax.patches)}
    assert widths["Äldre"] == ov.group_counts(rows)["aldre"]
    assert "nämner gruppen" in groups_ax.get_title()  # the counts are no heading counts (walkthrough)


def test_the_counts_in_words(rows, gazetteer):
    """The charts' text alternative: every group's count, as the chart draws it (Gradio's own alt text was
    "undefined plot visualising provided data")."""
    text = ov.counts_description(rows, gazetteer)
    counts = ov.group_counts(rows)
    assert text.startswith(f"Stapeldiagram över {len(rows)} poster.") and len(rows) > 1
    assert f"Äldre {counts['aldre']}" in text and f"{ov.BY_KEY['utrikes'].label} {counts['utrikes']}" in text
    assert "Poster per län:" in text and not re.search(r" 0\b", text.split("Poster per län:")[1])


def test_overview_tab_builds_and_its_events_work(document, gazetteer):
    import gradio as gr

    assistant = SimpleNamespace(kb=SimpleNamespace(document=document, gazetteer=gazetteer))
    with gr.Blocks() as demo:
        box = gr.Textbox()
        tab = ov.overview_tab(assistant, on_ask=box)
    assert len(tab.table.value["data"]) == 56
    assert "Lund (1 post)" in [c[0] for c in tab.municipality.choices]
    events = {(f.fn.__name__, f.targets[0][1]): f for f in demo.fns.values()}

    ask = events[("<lambda>", "input")]
    assert ask.inputs == [tab.municipality, tab.group] and ask.outputs == [box]
    assert ask.fn("Lund", "Alla") == "Vad görs i Lund?"
    assert ask.fn("Gotland", "Äldre") == "Vad görs för äldre på Gotland?"
    assert ask.fn(None, "Äldre") == ""

    state = events[("state", "change")]
    fig, words, choices, cells, ids, chart, chart_words = state.fn("Äldre", "Dalarnas län")
    assert chart_words.startswith("Stapeldiagram över 1 post.")
    assert words.startswith("Karta över Dalarnas län") and "Rättvik 1" in words
    assert fig.axes[0].get_title() == "Kommuner i Dalarnas län: 1 med poster"
    assert ids == ["aldre/rattvik-kommun"] and cells[0][0] == "Rättvik kommun"
    assert [name for _, name in choices["choices"]] == ["Rättvik"]  # municipalities with entries in the county
    assert "äldre" in fig._suptitle.get_text()

    open_row = events[("open_row", "select")]
    select = gr.SelectData(tab.table, {"index": [0, 1], "value": "Äldre", "selected": True, "row_value": cells[0]})
    md = open_row.fn(ids, select)
    assert md.startswith("### Rättvik kommun — Äldre") and "våldet går inte i pension" in md
    # The row is found by its values, not its position: a sorted table may show it anywhere.
    moved = gr.SelectData(tab.table, {"index": [7, 1], "value": "Äldre", "selected": True, "row_value": cells[0]})
    assert open_row.fn(ids, moved) == md
    unknown = gr.SelectData(tab.table, {"index": [0, 1], "value": "x", "selected": True, "row_value": ["x"] * 6})
    assert open_row.fn(ids, unknown) == "Posten hittades inte."


def test_zoomed_map_counts_what_it_colours_and_names_the_places(rows, gazetteer):
    older = ov.filter_rows(rows, "aldre")
    skane = {c: n for c, n in ov.municipality_counts(older).items() if gazetteer.municipality_county.get(c) == "12"}
    fig = ov.map_figure(skane, ov.county_counts(older), "Äldre", focus_county="12",
                        names=gazetteer.municipality_names, focus_name="Skåne län")
    munis = {c.get_gid(): c for ax in fig.axes for c in ax.collections}["kommuner"]
    grey = to_rgba(ov.ZERO_COLOUR)
    coloured = [c for c, f in zip(munis.codes, munis.get_facecolors()) if tuple(f) != grey]
    assert fig.axes[0].get_title() == f"Kommuner i Skåne län: {len(coloured)} med poster" and coloured
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert sorted(labels) == sorted(gazetteer.municipality_names[c] for c in coloured)


def test_the_map_in_words_names_every_place_with_entries(rows, gazetteer):
    counts = ov.municipality_counts(rows)
    text = ov.map_description(counts, ov.county_counts(rows), gazetteer.municipality_names, gazetteer.county_names,
                              "Alla", ov.national_count(rows))
    assert text.startswith("Karta över Sverige med kommunerna färgade efter antal poster")
    for code, n in counts.items():
        if n:
            assert f"{gazetteer.municipality_names[code]} {n}" in text
    assert "undefined" not in text
