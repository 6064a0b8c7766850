"""Composing the answer: verbatim quotes, known links, escaping, one JSON record (fast tier)."""

from __future__ import annotations

import csv
import io

from conftest import ask, hit_ids

from assistant.answer import escape_md, to_csv, to_markdown
from assistant.query import Question
from assistant.wording import notice_message


def test_quotes_are_verbatim_with_their_links_and_link_kind(small):
    a = ask(small, "Vad gör Malmö för äldre?")
    (q,) = a.entries
    entry = small.kb.document.by_id()[q.id]
    assert q.text_lines == entry.text_lines
    assert "> Malmö har tagit fram en handbok om våld mot äldre för hemtjänstens personal." in a.markdown
    assert q.links[0].url == "https://malmo.se/aldre-vald" and q.links[0].kind == "topic"
    assert "(<https://malmo.se/aldre-vald>)" in a.markdown


def test_a_link_without_a_known_address_says_so(small):
    a = ask(small, "Vad görs i Norrköping?")
    (q,) = a.entries
    assert q.links[0].url is None and q.links[0].kind_label == "ingen känd adress"
    assert "Läs mer på Norrköpings kommuns hemsida · *ingen känd adress*" in a.markdown


def test_answer_names_what_it_understood_and_its_source(small):
    a = ask(small, "vad finns för äldre på Gotland?")
    assert a.understood == "Äldre · Gotland"
    assert "**Jag uppfattade:** Äldre · Gotland" in a.markdown
    assert a.source.startswith("Källa: ”Samlad information om utsatta grupper") and "7 juni 2021" in a.source
    url = small.kb.document.url
    assert f"[{url}](<{url}>)" in a.markdown.split("Källa:")[1]  # the document's address, as a link


def test_record_is_the_one_json_shape(small):
    a = ask(small, "Vad görs i Malmö?", k=2)
    r = a.to_record()
    assert set(r) == {"question", "places", "groups", "hits", "abstained", "exact", "notice", "missing_detail", "remaining",
                      "answer"}
    assert [h["id"] for h in r["hits"]] == [h.entry_id for h in a.hits] and r["places"] == ["Malmö"]
    full = a.to_record(entries=True)
    assert [e["id"] for e in full["entries"]] == [h["id"] for h in r["hits"]]


def test_markdown_and_html_in_a_question_are_shown_as_text(small):
    a = ask(small, "[klicka](http://evil.example) ![x](http://evil.example/a.png) <b>hej</b> äldre")
    assert "](http://evil" not in a.markdown and "![" not in a.markdown and "<b>" not in a.markdown
    assert escape_md("<b>*x*</b>") == "\\<b\\>\\*x\\*\\</b\\>"


def test_an_address_in_text_is_kept_from_becoming_a_link():
    # GitHub-flavoured Markdown links "https://…", "www.…" and "x@y.se" by itself; the escaped form shows the same
    # characters as plain text (tests/test_browser.py checks that in the browser).
    assert escape_md("https://a.se/x www.b.se info@c.se") == "https\\://a.se/x www\\.b.se info\\@c.se"
    assert escape_md("kl. 10:30, @hem, www") == "kl. 10:30, @hem, www"  # no address, nothing added
    assert escape_md("x_www.a.se") == "x\\_www\\.a.se"  # inside a word too


def test_long_questions_are_cut_and_the_answer_says_so(small):
    a = ask(small, "äldre " * 200)
    assert len(a.question) <= 505 and "har kortats" in a.markdown
    # A question asked after a long pasted text is kept (the beginning and the end are used).
    pasted = "Bakgrund: " + "vi har läst rapporter om läget i kommunen och vill jämföra. " * 60
    a = ask(small, pasted + "Vad gör Malmö för äldre?")
    assert a.understanding.truncated and a.understood == "Äldre · Malmö" and hit_ids(a) == ["aldre/malmo-kommun"]
    # A cut on a word boundary keeps the whole word on each side; a word cut in two is dropped.
    last = "Malmö " + "och äldre " * 24 + "nu?!"
    assert len(last) == 250
    cut = ask(small, "bla " * 100 + last)
    assert cut.understanding.question.endswith(" … " + last.strip()) and cut.understood == "Äldre · Malmö"
    split = ask(small, "bla " * 100 + "x" + last).understanding.question  # "xMalmö" is cut in two: dropped
    assert split.endswith(" … " + last.strip().split(" ", 1)[1])


def test_exports_hold_the_quotes(small):
    a = ask(small, "Vad görs i Malmö?")
    rows = list(csv.reader(io.StringIO(to_csv(a))))
    assert rows[0][:4] == ["fråga", "id", "svarar", "organisation"] and len(rows) == 1 + len(a.entries)
    assert to_markdown(a).startswith(a.markdown)


def test_detail_question_bolds_the_sentence_with_the_fact(small):
    a = ask(small, "Vilket kodord och telefonnummer gäller i Piteå?")
    assert "**Kvinnojouren nås på 0911-123 45.**" in a.markdown
    entry = small.kb.document.by_id()["valdsutsatta-kvinnor/pitea-kommun"]
    assert a.entries[0].text_lines == entry.text_lines  # the quote itself is unchanged


def test_detail_question_without_the_fact_says_so(small):
    a = ask(small, "Vad är telefonnumret i Norrköping?")
    assert "*Översikten anger inget telefonnummer för Norrköping.*" in a.markdown
    assert "**" not in a.markdown.split("**Jag uppfattade:**", 1)[1].split("\n", 1)[1]
    # The quotes are shown, but they do not answer what was asked: not an exact answer, and the record says why.
    assert a.entries and not a.exact and a.to_record()["missing_detail"] == "telefonnummer"
    # …and no sentence calls them a match (walkthrough: "anger inget telefonnummer", then "1 post … matchar").
    assert "matchar" not in a.markdown and "Inget av det följande är alltså ett exakt svar" in a.markdown


def test_a_detail_found_keeps_the_answer_exact(small):
    a = ask(small, "Vilket telefonnummer har kvinnojouren i Piteå?")
    assert a.exact and a.missing_detail == "" and "**Kvinnojouren nås på 0911-123 45.**" in a.markdown


def test_a_year_is_no_count(small):
    # "Hur många" asks for a count; a year, a date, a name with digits or a phone number is none.
    from assistant.detail import KINDS

    number = next(k for k in KINDS if k.key == "number")
    for none in ("Kampanjen pågick under 2020.", "Information om covid-19.", "Ring 1177-webben.",
                 "Uppdaterad 7 juni.", "Kvinnojouren nås på 0911-123 45."):
        assert not number.held_by(none), none
    assert number.held_by("unga mellan 13 och 18 år") and number.held_by("tre riktade kampanjer")
    assert number.held_by("De 90 enheter som finns idag ska utökas till 180.")


def test_asking_for_a_phone_line_is_a_topic_not_a_number(small):
    from assistant.detail import detail_kind
    from assistant.query import understand

    kb = small.kb
    line = understand("Finns det någon telefonlinje man kan ringa?", kb.gazetteer, kb.lexical)
    number = understand("Vilket nummer ringer man till kvinnojouren?", kb.gazetteer, kb.lexical)
    assert detail_kind(line) is None and detail_kind(number).key == "phone"
    # A count of something, or an organisation's registration number, is no phone number.
    count = understand("What is the number of shelters in Skåne?", kb.gazetteer, kb.lexical)
    org = understand("Vad är Malmö stads organisationsnummer?", kb.gazetteer, kb.lexical)
    assert detail_kind(count) is None or detail_kind(count).key != "phone"
    assert detail_kind(org) is None or detail_kind(org).key != "phone"


def test_a_number_counts_only_in_an_entry_about_what_was_asked(small):
    # Malmö's Snapchat entry holds "13 och 18 år", but says nothing of pharmacies: no count of them is given.
    asked = ask(small, "Hur många apotek finns i Malmö?")
    assert asked.entries and asked.missing_detail == "antal eller belopp" and not asked.exact
    ages = ask(small, "Hur gamla är de unga som Snapchatkampanjen i Malmö når?")
    assert ages.missing_detail == "" and "**Malmö stad har haft en kampanj på Snapchat för unga mellan 13 och 18 år.**" in ages.markdown


def test_show_more_numbers_on_and_without_a_previous_answer_claims_no_understanding(small):
    first = ask(small, "Vad görs i Malmö?", k=2)
    more = ask(small, "visa fler", previous=first.context, k=2)
    assert [e.rank for e in more.entries] == [3, 4] and "### 3. " in more.markdown
    alone = ask(small, "visa fler")
    assert alone.understood == "" and "Jag uppfattade" not in alone.markdown


def test_the_missing_detail_is_said_before_the_quotes_are_counted(small):
    a = ask(small, "Hur många apotek finns i Malmö?")
    assert a.markdown.index("Översikten anger inget antal") < a.markdown.index(a.message)


def test_entries_close_in_meaning_are_not_counted_as_matches():
    from assistant.policy import Notice

    assert notice_message(Notice.NONE, n=5, near=2) == ("3 poster i översikten matchar frågans ord, och 2 till ligger nära "
                                                "i betydelse:")
    assert notice_message(Notice.NONE, n=1) == "1 post i översikten matchar:"
    # The entries just shown, asked about again, none of them a match: no "0 poster … matchar".
    assert notice_message(Notice.NONE, n=3, near=3, partial=True).startswith("Ingen av posterna i förra svaret matchar")


def test_a_cut_answer_says_how_many_more_match_and_how_to_see_them(small):
    from assistant.query import Question

    first = small.ask(Question("Vad finns för äldre?", k=1))
    assert first.message == "2 poster i översikten matchar. Här är den första:"
    assert first.remaining == 1 and first.to_record()["remaining"] == 1
    assert "*Svaret har 1 post till. Skriv ”visa fler” för att se den.*" in first.markdown
    rest = small.ask(Question("visa fler", previous=first.context))
    assert len(rest.hits) == 1 and rest.remaining == 0 and "visa fler”" not in rest.markdown
    whole = small.ask(Question("Vad finns för äldre?"))
    assert whole.message == "2 poster i översikten matchar:" and whole.remaining == 0


def test_a_count_of_entries_or_an_age_in_the_background_is_no_detail_question():
    """"Hur många kommuner …" is answered by the answer's own count, and "80-årsåldern" tells the asker's client,
    not a number asked for: no sentence is marked in either."""
    from assistant.detail import KINDS

    number = next(k for k in KINDS if k.key == "number")
    assert not number.asks.search("Hur många kommuner har gjort något för äldre?")
    assert not number.asks.search("Jag har en brukare i 80-årsåldern. Vad finns för äldre?")
    age = next(k for k in KINDS if k.key == "age")
    assert number.asks.search("Hur många enheter finns på Gotland?") and age.asks.search("Från vilken ålder?")


def test_a_fact_named_in_a_long_questions_background_is_not_asked_for(small):
    """Walkthrough: in a pasted mail, "antalet orosanmälningar" in the background made the request "vilka kommuner
    har nått äldre via hemleveranser?" a question for a number, and the right entry was labelled no exact answer."""
    from assistant.detail import detail_kind, fact_words
    from assistant.query import understand

    text = ("Hej! Jag sammanställer antalet orosanmälningar som kommit in till oss under våren och vill jämföra "
            "med andra kommuner som har gjort något liknande. Vilka kommuner har nått äldre via hemleveranser?")
    u = understand(text, small.kb.gazetteer, small.kb.lexical, None, small.kb.lexicon)
    assert u.request and "antalet" not in u.request
    assert detail_kind(u) is None and fact_words(u) == frozenset()
    assert detail_kind(understand("Hur många surfplattor har Gotland?", small.kb.gazetteer, small.kb.lexical,
                                  None, small.kb.lexicon)).key == "number"


def test_what_was_understood_names_no_everyday_word_as_the_topic(small):
    a = ask(small, "Hur mycket statsbidrag fick kommunerna?")
    assert "**Jag uppfattade:** ämne: statsbidrag" in a.markdown and "fick" not in a.markdown.split("\n")[0]


def test_the_understood_line_says_how_an_abbreviation_was_read(small):
    from dataclasses import replace

    from assistant.answer import understood_text
    from assistant.query import Question

    u = replace(small.understand(Question("Vad gör Malmö mot MVK?")), field_terms=(("MVK", "mäns våld mot kvinnor"),))
    assert understood_text(u).endswith("Malmö · MVK = mäns våld mot kvinnor"), understood_text(u)
    extremism = replace(u, groups=("extremism",), field_terms=(("VBE", "våldsbejakande extremism"),))
    assert "VBE" not in understood_text(extremism)  # the group's own name says it already


def test_an_answer_names_a_few_missing_words_not_a_whole_pasted_text():
    from assistant.answer import quoted_words

    assert quoted_words(["hund", "katt"]) == "”hund”, ”katt”"
    many = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing"]
    assert quoted_words(many) == "”lorem”, ”ipsum”, ”dolor”, ”sit” och 3 ord till"



def test_the_word_naming_the_fact_asked_for_is_never_a_missing_topic(small):
    """"Vad är telefonnumret i Piteå?": "telefonnumret" says what kind of answer is wanted (the entry has
    "0911-123 45"); the stemmer keeps it apart from "telefonnummer", but it is no topic the material lacks."""
    from assistant.detail import fact_words

    u = small.understand(Question("Vad är telefonnumret i Piteå?"))
    assert "telefonnumret" in u.unknown_words and "telefonnumret" in fact_words(u)
    assert fact_words(small.understand(Question("Från vilken ålder gäller jouren?"))) >= {"vilken", "ålder"}
    a = ask(small, "Vad är telefonnumret i Piteå?")
    assert a.notice == "" and a.exact and "**Kvinnojouren nås på 0911-123 45.**" in a.markdown


def test_a_range_of_ages_is_a_number_and_an_everyday_word_no_topic_of_it(small):
    """"mellan 16-22 år" answers "Hur gamla …?" (an age); in "Hur många surfplattor skulle äldreboendena få?" the
    everyday "få" is no topic the entry must have (the entry says "90 enheter")."""
    from assistant.detail import KINDS, best_sentence

    number = next(k for k in KINDS if k.key == "number")
    age = next(k for k in KINDS if k.key == "age")
    u = small.understand(Question("Hur gamla ska ungdomarna vara för att få sommarjobb?"))
    line = "Sommarjobb ordnas för de som är mellan 16-22 år, för att bidra till en social plattform."
    assert best_sentence((line,), age, u) == (0, line)
    assert best_sentence(("Covid-19 och 1177-webben.",), age, u) is None  # names, no ages
    u = small.understand(Question("Hur många surfplattor skulle äldreboendena få till slut?"))
    assert "få" in u.everyday
    line = "De 90 enheter som finns idag ska utökas till 180."
    assert best_sentence((line,), number, u) == (0, line)


def test_standings_follow_the_headings():
    """An entry's export column says what the heading over it says; before any heading it matches only when
    the answer is exact (walkthrough: the CSV did not say which rows were matches)."""
    from assistant.answer import MATCHES, NO_EXACT_ANSWER, standings
    from assistant.policy import NEAR_HEADING, Notice, Selection

    sel = Selection((3, 1, 2), Notice.NONE, headings=((2, NEAR_HEADING),))
    assert standings(sel, 3, exact=True) == (MATCHES, MATCHES, NEAR_HEADING)
    assert standings(sel, 3, exact=False) == (NO_EXACT_ANSWER, NO_EXACT_ANSWER, NEAR_HEADING)
    fallback = Selection((0, 1), Notice.PLACE_WITHOUT_GROUP, headings=((0, "Annat från Malmö"),))
    assert standings(fallback, 2, exact=False) == ("Annat från Malmö", "Annat från Malmö")


def test_csv_says_which_rows_match(small):
    exact = ask(small, "Vad görs i Malmö?")
    rows = list(csv.DictReader(io.StringIO(to_csv(exact))))
    assert exact.exact and rows and {r["svarar"] for r in rows if "Malmö" in r["organisation"]} == {"matchar frågan"}
    # Region Skåne's entry covers Malmö: a match, and the column says it is the region's.
    assert {r["svarar"] for r in rows if "Malmö" not in r["organisation"]} == \
        {"matchar frågan (för hela regionen eller länet)"}
    fallback = ask(small, "Vad gör Kiruna för äldre?")
    assert fallback.entries and not fallback.exact
    rows = list(csv.DictReader(io.StringIO(to_csv(fallback))))
    assert not any(r["svarar"].startswith("matchar") for r in rows) and all(r["svarar"] for r in rows)
