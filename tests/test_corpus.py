from pathlib import Path

import pytest

from assistant.corpus import CorpusError, load_links, parse_document
from assistant.text import slugify

ROOT = Path(__file__).resolve().parent.parent
SOURCE = (ROOT / "corpus" / "utsatta-grupper-2021-06-07.txt").read_text(encoding="utf-8")
LINKS = load_links(ROOT / "corpus" / "links.csv")


def test_one_entry_per_bullet_in_fifteen_sections(document):
    assert len(document.entries) == 56 == SOURCE.count("•")
    assert len(document.sections) == 15
    assert set(document.empty_sections) == {"DIGITALT VÅLD", "UTRIKESFÖDDA KVINNOR", "HBTQ-PERSONER", "VÅLDSUTÖVARE"}


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


def test_the_split_word_is_repaired_and_recorded(document):
    entry = document.by_id()["samordningsforbund/centrala-ostergotland"]
    assert len(entry.text_lines) == 1
    assert "Samordningsförbundet Centrala Östergötland har även tagit fram “akut-kort”" in entry.text
    assert len(document.repairs) == 1 and document.repairs[0].line_no == 198


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
