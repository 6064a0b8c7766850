from pathlib import Path

import pytest

from assistant.corpus import CorpusError, load_links, parse_document
from assistant.text import slugify

ROOT = Path(__file__).resolve().parent.parent
SOURCE = (ROOT / "corpus" / "utsatta-grupper-2021-06-07.txt").read_text(encoding="utf-8")
LINKS = load_links(ROOT / "corpus" / "links.csv")
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "corpus"
SMALL = (FIXTURE / "utsatta-grupper-2021-06-07.txt").read_text(encoding="utf-8")
SMALL_LINKS = load_links(FIXTURE / "links.csv")


def test_corpus_facts(document):
    """The one test pinned to today's document: its size, headings and the one repaired line."""
    assert len(document.entries) == 56 == SOURCE.count("•")
    assert len(document.sections) == 15
    assert set(document.empty_sections) == {"DIGITALT VÅLD", "UTRIKESFÖDDA KVINNOR", "HBTQ-PERSONER", "VÅLDSUTÖVARE"}
    assert [r.line_no for r in document.repairs] == [198]


def test_one_entry_per_bullet_and_empty_headings_kept():
    doc = parse_document(SMALL, SMALL_LINKS)
    assert len(doc.entries) == SMALL.count("•")
    assert set(doc.empty_sections) == {"HBTQ-PERSONER", "VÅLDSUTÖVARE"}
    assert [e.id for e in doc.entries if e.section == "ÄLDRE"] == ["aldre/gotland", "aldre/malmo-kommun"]


def test_ids_follow_the_slug_rule_and_are_unique(document):
    ids = [e.id for e in document.entries]
    assert len(set(ids)) == len(ids)
    for example in ("aldre/gotland", "aldre/region-gotland", "allman-information/fyrbodal-17-kommuner",
                    "hedersrelaterat-vald-och-fortryck/stockholms-lan"):
        assert example in ids
    assert slugify("Örebro Lekeberg") == "orebro-lekeberg"
    assert slugify("  Söderköping ") == "soderkoping"


def test_text_lines_are_verbatim(document):
    source_lines = {line.strip() for line in SOURCE.splitlines()}
    repaired = {r.repaired for r in document.repairs}
    for entry in document.entries:
        for line in entry.text_lines:
            assert line in source_lines or line in repaired, line
        for link in entry.links:
            assert link.text in source_lines


def test_a_word_split_across_two_lines_is_repaired_and_recorded():
    broken = SMALL.replace("handbok om våld", "handbok om vå\n  ld", 1)
    line_no = next(n for n, line in enumerate(broken.splitlines(), 1) if line.startswith("  ld "))
    doc = parse_document(broken, SMALL_LINKS)
    entry = doc.by_id()["aldre/malmo-kommun"]
    assert entry.text_lines == ("Malmö har tagit fram en handbok om våld mot äldre för hemtjänstens personal.",)
    assert [(r.line_no, r.reason) for r in doc.repairs] == [(line_no, "raden var bruten mitt i ett ord")]


def test_links_use_topic_pages_or_homepages_never_weak_ones(document):
    by_id = document.by_id()
    assert by_id["aldre/gotland"].links[0].url == "https://www.gotland.se/"  # its page is only 'weak'
    assert by_id["aldre/gotland"].links[0].kind == "homepage"
    assert by_id["aldre/norrkoping-kommun"].links[0].kind == "topic"
    assert by_id["samordningsforbund/sodertalje"].links[0].url is None
    assert by_id["barn-och-unga/malmo-stad"].links == ()
    sundsvall = by_id["allman-information/sundsvall-kommun"]
    assert [p.link is not None for p in sundsvall.parts] == [False, True, False, True]


def test_phone_numbers_and_date(document):
    assert document.by_id()["hedersrelaterat-vald-och-fortryck/stockholms-lan"].phones == ("020-25 30 00",)
    assert sum(bool(e.phones) for e in document.entries) == 1
    assert document.date.isoformat() == "2021-06-07"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda t: t.replace(" • Arboga kommun", " • "), "rad 15: punkt utan organisation"),
        (lambda t: t.replace("ALLMÄN INFORMATION\n\n", "ALLMÄN INFORMATION\n\nLös text här\n"), "rad 15: text utanför"),
        (lambda t: t.replace("Läs mer på Arboga kommuns hemsida", "Läs mer på Arbogas sida"), "rad 17: länkraden"),
        (lambda t: t.replace("Senast uppdaterad: 9:57 - 07 jun, 2021", ""), "sidfoten"),
        (lambda t: t.replace(" • Borås stad\n", "\n".join(t.splitlines()[14:17]) + "\n • Borås stad\n", 1),
         "rad 18: id allman-information/arboga-kommun finns redan"),
        (lambda t: t.replace("Listan uppdateras löpande\n", "Listan uppdateras löpande\n • Tidig punkt\n"), "före första rubriken"),
    ],
)
def test_broken_documents_name_the_line(mutate, expected):
    with pytest.raises(CorpusError, match=expected):
        parse_document(mutate(SOURCE), LINKS)


def test_lookups_by_id_are_built_once_and_read_only(document):
    # Every answer looks its quotes up by id; the table is made once per document, and nobody can change it.
    assert document.by_id() is document.by_id() and document.positions() is document.positions()
    first = document.entries[0]
    assert document.by_id()[first.id] is first and document.positions()[first.id] == 0
    with pytest.raises(TypeError):
        document.by_id()["x"] = first  # type: ignore[index]


def test_each_sentence_is_a_passage_of_its_own_with_the_organisation(document):
    e = next(e for e in document.entries if e.id == "allman-information/gavle-kommun")
    assert e.sentence_passages() == (
        "Gävle kommun. Gävle kommun har inrättat en särskild stödlinje, Corona-linjen, dit personer kan ringa "
        "för att få praktiskt stöd.",
        "Gävle kommun. Personalen som bemannar linjen har fått tydliga riktlinjer om hur de ska gå tillväga om de "
        "känner oro för våldsutsatthet.",
    )
    short = [s for e in document.entries for s in e.sentence_passages() if len(s.split(". ", 1)[1].split()) < 3]
    assert not short
