"""Query understanding, ranking and abstention through the real pipeline."""

import pytest


def ids(assistant, question, **kw):
    answer, result = assistant.ask(question, **kw)
    return [h.entry_id for h in result.hits], answer, result


def test_gotland_elderly_returns_the_two_aldre_entries_with_links(assistant):
    hits, answer, result = ids(assistant, "vad finns för äldre på Gotland?")
    assert sorted(hits) == ["aldre/gotland", "aldre/region-gotland"]
    assert answer.understood == "Äldre · Gotland"
    assert "På Gotlands äldreboenden kan äldre låna en Ipad." in answer.markdown
    assert "(<https://www.gotland.se/>)" in answer.markdown
    assert "Jämställdhetsmyndigheten" in answer.source and "7 juni 2021" in answer.source


def test_understanding_reads_groups_typos_and_english(assistant):
    u = assistant.retriever.understand("aldre pa gotland")
    assert u.groups == ("aldre",) and [p.name for p in u.places] == ["Gotland"]
    assert assistant.retriever.understand("What is done for the elderly?").groups == ("aldre",)
    assert assistant.retriever.understand("Hur gamla är eleverna?").groups == ("barn",)
    assert assistant.retriever.understand("utrikesfödda kvinnor").groups == ("utrikes",)


def test_county_question_finds_entries_of_its_municipalities(assistant):
    hits, _, _ = ids(assistant, "Vad görs i Skåne?")
    assert {"allman-information/helsingborgs-kommun", "allman-information/lunds-kommun",
            "valdsutsatta-kvinnor/hoganas-kommun", "allman-information/kristianstad-kommun"} <= set(hits)
    assert not any("gotland" in h for h in hits)


@pytest.mark.parametrize(
    "question",
    ["Vad görs i Uppsala?", "Hur söker jag bygglov?", "Vad kostar parkering i Stockholm?",
     "Vem vann Melodifestivalen 2021?", "Vad finns för hbtq-personer?", "hbtq i Malmö"],
)
def test_no_match_answers_quote_nothing(assistant, question):
    hits, answer, result = ids(assistant, question)
    assert result.abstained and hits == []
    assert answer.message.startswith("Översikten har")
    assert "###" not in answer.markdown


def test_place_without_entries_falls_back_to_its_county_and_says_so(assistant):
    hits, answer, result = ids(assistant, "Vad görs i Linköping?")
    assert result.notice == "county_fallback"
    assert "allman-information/norrkopings-kommun" in hits
    assert "samma län" in answer.message


def test_empty_section_says_so_and_quotes_entries_that_mention_the_group(assistant):
    hits, answer, result = ids(assistant, "Vad görs för våldsutövare?")
    assert result.notice == "empty_section" and not result.abstained
    assert "rubriken Våldsutövare" in answer.message
    assert "allman-information/jonkoping-kommun" in hits


def test_topic_question_finds_the_named_service(assistant):
    assert ids(assistant, "Vilken kommun har en Corona-linje?")[0][0] == "allman-information/gavle-kommun"
    assert ids(assistant, "Vilket telefonnummer har Origo?")[0][0] == "hedersrelaterat-vald-och-fortryck/stockholms-lan"


def test_english_question_gets_the_same_quotes(assistant):
    sv = ids(assistant, "vad finns för äldre på Gotland?")[0]
    en = ids(assistant, "What is there for elderly people on Gotland?")[0]
    assert sorted(sv) == sorted(en)


def test_follow_up_keeps_group_or_place(assistant):
    first = assistant.retriever.understand("vad finns för äldre på Gotland?")
    hits, answer, result = ids(assistant, "och i Malmö?", previous=first)
    assert result.understanding.groups == ("aldre",)
    assert hits[0] == "aldre/malmo-kommun"
    second = assistant.retriever.understand("och för barn?", previous=first)
    assert [p.name for p in second.places] == ["Gotland"] and second.groups == ("barn",)


def test_quotes_are_verbatim_and_links_come_from_the_corpus(assistant, document):
    by_id = document.by_id()
    for question in ("Vad gör Malmö?", "Vad görs i Västra Götaland?", "affischer"):
        answer, _ = assistant.ask(question)
        for q in answer.entries:
            assert q.text_lines == by_id[q.id].text_lines
            assert [l.url for l in q.links] == [l.url for l in by_id[q.id].links]


def test_markdown_in_questions_is_not_rendered(assistant):
    answer, _ = assistant.ask("[klicka](http://evil.example) ![x](http://evil.example/a.png) <b>hej</b> äldre")
    assert "evil.example" not in answer.markdown.replace("\\", "") or "](http://evil" not in answer.markdown
    assert "<b>" not in answer.markdown
