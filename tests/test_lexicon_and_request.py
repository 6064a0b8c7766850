"""Lexical resources (wordfreq, Synlex, the field's terms), the request of a long question, place forms derived
from the tables, and the words an exact answer must have (fast tier: no model)."""

from __future__ import annotations

from assistant.wording import notice_message

from pathlib import Path

import numpy as np
import pytest

from assistant.errors import CorpusError
from assistant.lexicon import (Lexicon, Term, is_consonant_run, is_frequent, read_terms, restore_diacritics,
                               transliterated)
from assistant.places import adjective_forms

from conftest import CORPUS, ask
from assistant.policy import PARTIAL_HEADING, Notice, split_by_coverage
from assistant.query import Question, telling_words
from assistant.request import points_back, speaks_of_asker, split_request

THESAURUS = ("ISO8859-1\naffisch|1\n(subst)|plakat|anslag\nanvända|1\n(verb)|nyttja|bruka\nhund|1\n(subst)|vovve\n"
             "ta|1\n(verb)|fånga\n")


@pytest.fixture
def lexicon(tmp_path) -> Lexicon:
    path = tmp_path / "th.dat"
    path.write_bytes(THESAURUS.encode("latin-1"))
    terms = (Term("VBE", "våldsbejakande extremism", "test"), Term("SoL", "socialtjänstlagen", "test"))
    return Lexicon(path, terms)


# -- wordfreq ------------------------------------------------------------------------------------------------
def test_missing_rings_and_dots_are_restored_only_towards_a_far_more_common_word():
    assert restore_diacritics("nan") == "nån"
    assert restore_diacritics("hjalp") == "hjälp"
    assert restore_diacritics("gotland") is None  # no spelling with å/ä/ö is more common
    assert restore_diacritics("sms") is None  # nothing to restore


def test_aa_ae_oe_are_read_as_rings_and_dots(small, gazetteer):
    assert transliterated("vaald") == "våld" and transliterated("aeldre") == "äldre" and transliterated("moete") == "möte"
    assert transliterated("hjalp") is None
    u = small.understand(Question("handbok om vaald mot aeldre"))  # the corpus's words once å/ä are read
    assert u.groups == ("aldre",) and "våld" in u.topic_words
    assert small.understand(Question("aeldre paa gotland")).groups == ("aldre",)
    assert [p.name for p in gazetteer.find("vaald i naera relationer i Vaexjoe")] == ["Växjö"]
    assert small.understand(Question("poesi om boende")).topic_words == ("poesi", "boende")  # no word made up


def test_written_words_are_told_from_misspellings():
    from assistant.lexicon import is_written_word

    assert is_written_word("uppställa") and is_written_word("värmande") and is_written_word("Hemma")
    assert not is_written_word("götebrog") and not is_written_word("jönköpng")


def test_frequent_words_are_told_from_rare_ones():
    assert is_frequent("våra") and is_frequent("hemma")
    assert not is_frequent("statsbidrag") and not is_frequent("bergsgatanvägen")


def test_a_run_of_consonants_is_a_short_form_not_a_word():
    assert is_consonant_run("gbg") and is_consonant_run("sthlm")
    assert not is_consonant_run("gbgö") and not is_consonant_run("st")


# -- Synlex and the terms table ---------------------------------------------------------------------------------
def test_synlex_links_a_word_to_its_synonyms(lexicon):
    assert lexicon.synonyms("affisch") == ("plakat", "anslag")
    assert lexicon.synonyms("Hund") == ("vovve",)
    assert lexicon.synonyms("katt") == ()


def test_a_verb_form_is_everyday_a_content_word_is_not(lexicon):
    assert lexicon.is_verb_form("använt") and lexicon.is_verb_form("nyttjar") is False  # only headwords count
    assert lexicon.is_everyday("använt") and lexicon.is_everyday("gjort")
    assert not lexicon.is_everyday("hund") and not lexicon.is_everyday("statsbidrag")
    # A passive of a verb ending in a vowel: "tas upp" (Region Sörmland's "Där tas även upp …" matched "Vilka
    # nationella aktörer tas upp?"); a noun in -s whose stem ends in a consonant is none ("hus", "sms").
    assert lexicon.is_verb_form("tas") and not lexicon.is_verb_form("hus") and not lexicon.is_verb_form("sms")


def test_abbreviations_are_spelled_out_for_the_search(lexicon):
    text, found = lexicon.expand("Vad görs mot VBE?")
    assert text == "Vad görs mot VBE (våldsbejakande extremism)?" and [t.term for t in found] == ["VBE"]
    assert lexicon.expand("vad görs mot vbe", keep=False)[0] == "vad görs mot våldsbejakande extremism"
    # "sol" is an everyday word: only "SoL" or "SOL" is the law
    assert lexicon.find_terms("solen skiner") == ()
    assert [t.term for t in lexicon.find_terms("enligt SoL")] == ["SoL"]


def test_every_term_row_names_its_source(tmp_path):
    good = tmp_path / "termer.csv"
    good.write_text("term,expansion,source\nMVK,mäns våld mot kvinnor,Socialstyrelsens termbank\n", "utf-8")
    assert read_terms(good) == (Term("MVK", "mäns våld mot kvinnor", "Socialstyrelsens termbank"),)
    bad = tmp_path / "bad.csv"
    bad.write_text("term,expansion,source\nMVK,mäns våld mot kvinnor,\n", "utf-8")
    with pytest.raises(CorpusError, match="rad 2"):
        read_terms(bad)
    assert read_terms(tmp_path / "saknas.csv") == ()


def test_the_bundled_terms_table_reads_and_names_sources():
    terms = read_terms(Path(__file__).resolve().parent.parent / "corpus" / "termer.csv")
    assert {"MVK", "VBE", "HRV"} <= {t.term for t in terms} and all(t.source for t in terms)


# -- the request of a long question ----------------------------------------------------------------------------
def test_background_before_the_question_is_split_off():
    request, background = split_request("Vi jobbar i Umeå med äldre. Vad finns för barn i Malmö?")
    assert request == "Vad finns för barn i Malmö?" and background == "Vi jobbar i Umeå med äldre."


def test_a_leading_clause_is_background_only_when_it_is_a_clause():
    request, background = split_request(
        "Vi har många brukare som inte vågar ringa när förövaren är hemma, finns det sms-stöd?")
    assert request == "finns det sms-stöd?" and background.startswith("Vi har många brukare")
    assert split_request("I Malmö, vad finns för äldre?") == ("I Malmö, vad finns för äldre?", "")


def test_a_plan_of_the_asker_is_background_and_a_wondering_is_the_request():
    text = ("Jag jobbar i Örebro och fler äldre hör av sig. Vi funderar på att starta en kampanj. "
            "Vilka kommuner har gjort informationsinsatser för äldre?")
    assert split_request(text)[0] == "Vilka kommuner har gjort informationsinsatser för äldre?"
    asked = "Jag jobbar i Örebro. Jag funderar på om någon har gjort affischer för äldre."
    assert split_request(asked)[0] == "Jag funderar på om någon har gjort affischer för äldre."
    both = "Vi funderar på att ta fram en broschyr för äldre och undrar vad andra gjort. Jag jobbar i Örebro."
    assert split_request(both)[0] == "Vi funderar på att ta fram en broschyr för äldre och undrar vad andra gjort."


def test_background_after_the_question_is_background_too():
    request, background = split_request("Finns det exempel på att kommuner gått ut via lokalradio? Jag sitter på "
                                        "kommunikationsavdelningen i Nyköping och vi planerar en kampanj.")
    assert request == "Finns det exempel på att kommuner gått ut via lokalradio?"
    assert background.startswith("Jag sitter på kommunikationsavdelningen")


def test_an_abbreviation_does_not_end_a_sentence():
    text = "Hur arbetar kommunerna mot extremism, t.ex. högerextrema grupper?"
    assert split_request(text) == (text, "")


def test_background_speaks_of_the_asker_and_a_fronted_topic_does_not():
    assert speaks_of_asker("Jag är kurator på en gymnasieskola i Göteborg.")
    assert speaks_of_asker("Vi har en klient här i Jönköping.") and speaks_of_asker("I work in Malmö.")
    assert not speaks_of_asker("Barn och unga i Västra Götaland:")
    assert not speaks_of_asker("I Malmö har kommunen gjort mycket,")  # "I" is the preposition here


def test_a_request_points_back_to_the_background_place():
    assert points_back("vad finns det för exempel från oss?") and points_back("vad har staden gjort för barn?")
    assert points_back("Finns det någon sammanställning över vart hon kan vända sig för stöd där?")
    assert not points_back("Vilka kommuner har gjort något riktat till äldre?")
    assert not points_back("Har någon använt appen där bilderna försvinner?")


def test_a_place_in_the_askers_background_is_no_gate(small):
    """"Jag är handläggare i Malmö … Vilka kommuner har gjort något för äldre?" asks about every municipality;
    "… vad finns hos oss?" asks about Malmö; a fronted topic keeps its place."""
    u = small.understand(Question("Jag är handläggare i Malmö och har en brukare som är rädd. "
                                  "Vilka kommuner har gjort något för äldre?"))
    assert u.places == () and u.groups == ("aldre",)
    assert u.request == "Vilka kommuner har gjort något för äldre?"
    u = small.understand(Question("Jag jobbar i Malmö. Vad finns för äldre hos oss?"))
    assert [p.name for p in u.places] == ["Malmö"]
    u = small.understand(Question("Äldre i Malmö: vad görs?"))
    assert [p.name for p in u.places] == ["Malmö"] and u.groups == ("aldre",) and u.request == ""


def test_a_request_about_other_municipalities_takes_the_topic_from_the_background_but_not_its_place(small):
    """"Vi på kvinnojouren i Karlstad funderar på … Har någon kommun redan testat något liknande?" (dev6-095): the
    request has nothing of its own, so the background gives the topic, but the asker's place does not gate."""
    u = small.understand(Question("Vi på socialtjänsten i Malmö funderar på att sätta upp affischer i tvättstugor. "
                                  "Har någon kommun redan gjort något liknande?"))
    assert u.places == () and "affischer" in u.topic_words
    mine = small.understand(Question("Vi på socialtjänsten i Malmö funderar på att sätta upp affischer i "
                                     "tvättstugor. Har vi redan gjort något liknande här?"))
    assert [p.name for p in mine.places] == ["Malmö"]  # "här" points back to the asker's place
    told = small.understand(Question("Malmö har satt upp affischer i tvättstugor. Har någon kommun gjort något "
                                     "liknande?"))
    assert [p.name for p in told.places] == ["Malmö"]  # no asker's situation: a fronted fact keeps its place


def test_what_the_asker_wants_after_their_situation_in_one_sentence_is_the_request(small):
    """"Jag är nyanställd på en kvinnojour i Västergötland och vill veta hur kommuner har samarbetat med kvinnojourer
    …. Vilka exempel finns?" (dev8-038): the request starts at "vill veta", so the asker's province is no gate."""
    request, background = split_request("Jag är nyanställd på en kvinnojour i Västergötland och vill veta hur "
                                        "kommuner har samarbetat med kvinnojourer. Vilka exempel finns?")
    assert background == "Jag är nyanställd på en kvinnojour i Västergötland."
    assert request == "vill veta hur kommuner har samarbetat med kvinnojourer. Vilka exempel finns?"
    u = small.understand(Question("Jag jobbar i Lund och vill veta vad som finns för äldre."))
    assert u.places == () and u.groups == ("aldre",)
    here = small.understand(Question("Jag jobbar i Malmö och vill veta vad som finns för äldre här."))
    assert [p.name for p in here.places] == ["Malmö"]
    # Not the asker's situation: a fronted fact and its "och" stay one sentence.
    assert split_request("Malmö har affischer och vill veta mer.")[1] == ""


def test_someone_else_in_a_request_with_nothing_of_its_own_is_anyone_not_the_askers_place(small):
    """"Vi i Region Kronoberg ska ta fram stödmaterial … Har någon redan gjort det?" (dev8-046) was refused: the
    county has no entries. "någon" asks about anyone."""
    from assistant.request import asks_others

    assert asks_others("Har någon redan gjort det?") and asks_others("Finns det någon som har testat?")
    assert not asks_others("Har någon här gjort det?") and not asks_others("Har de något telefonnummer?")
    u = small.understand(Question("Vi i Malmö ska sätta upp affischer i tvättstugor. Har någon redan gjort det?"))
    assert u.places == () and "affischer" in u.topic_words


def test_a_short_question_has_no_background():
    assert split_request("äldre på Gotland") == ("äldre på Gotland", "")


# -- place forms derived from the tables ------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "forms"), [
    ("Gotland", ("gotländsk", "gotländska", "gotländskt")),  # -land → -ländsk
    ("Skåne", ("skånsk", "skånska", "skånskt")),  # a final -e is dropped
    ("Stockholm", ("stockholmsk", "stockholmska", "stockholmskt")),  # a consonant takes -sk
    ("Göteborg", ("göteborgsk", "göteborgska", "göteborgskt")),
    ("Malmö", ()),  # another vowel: no regular form
    ("Västra Götaland", ()),  # several words: none
])
def test_adjective_forms_follow_the_regular_rules(name, forms):
    assert adjective_forms(name) == forms


@pytest.mark.parametrize(("name", "stem", "rule"), [
    ("Hälsingland", "hälsingsk", "-land → -sk"),
    ("Norrbotten", "norrbottnisk", "-en → -nisk"),
    ("Härjedalen", "härjedalsk", "-en → -sk"),
    ("Närke", "närkingsk", "-e → -ingsk"),
    ("Östergötland", "östgötsk", "-land → -sk, öster- → öst-"),
])
def test_irregular_adjectives_come_from_word_formation_patterns(name, stem, rule):
    from assistant.tools.place_adjectives import candidates

    assert (stem, rule) in candidates(name)


def test_an_irregular_adjective_needs_use_and_no_regular_rival():
    from assistant.tools.place_adjectives import derive

    used = {"östgötska": 2.6, "gotska": 2.2, "gotländska": 3.1}.get
    rows = derive(["Östergötland", "Gotland", "Närke"], lambda w: used(w, 0.0))
    # Gotland's regular "gotländska" is in use, so "gotska" (Gothic) is another word; "närkingska" is unknown here.
    assert [(name, stem) for name, stem, _, _ in rows] == [("Östergötland", "östgötsk")]


def test_the_adjective_table_is_the_derivation():
    from assistant.tools.place_adjectives import main

    assert (CORPUS / "ortsadjektiv.csv").read_text("utf-8") == main(CORPUS)


def test_irregular_adjectives_are_read_as_places(gazetteer):
    found = {w: gazetteer.aliases.get(w) for w in ("östgötska", "norrbottniska", "hälsingskt", "närkingsk")}
    assert {w: p.name for w, p in found.items() if p} == {"östgötska": "Östergötland", "norrbottniska": "Norrbotten",
                                                          "hälsingskt": "Hälsingland", "närkingsk": "Närke"}


def test_short_forms_and_adjectives_are_read_as_places(small):
    gz = small.kb.gazetteer
    assert gz.short_form("gbg").name == "Göteborg" and gz.short_form("sthlm").name == "Stockholm"
    assert gz.short_form("xq") is None
    u = small.understand(Question("vad gör skånska kommuner?"))
    assert [p.name for p in u.places] == ["Skåne"]


def test_a_common_word_that_is_a_place_needs_a_place_cue(small):
    assert small.understand(Question("Hur når vi våra äldre?")).places == ()
    assert small.understand(Question("hur nar vi vara aldre")).places == ()


def test_a_named_region_without_entries_is_an_absent_organisation(small):
    from assistant.query import absent_organisations

    u = small.understand(Question("Vad gör Region Dalarna?"))  # the fixture has no Dalarna organisation
    assert absent_organisations(u.places, small.kb.gazetteer) == ("Region Dalarna",)
    assert u.absent_organisations == ("Region Dalarna",)
    assert small.understand(Question("Vad gör Region Dalarnas kvinnojour?")).absent_organisations == ("Region Dalarna",)
    assert small.understand(Question("Vad gör Region Skåne?")).absent_organisations == ()  # it has entries here
    assert small.understand(Question("Vad gör Dalarna?")).absent_organisations == ()


# -- what an exact answer must have ----------------------------------------------------------------------------
def test_telling_words_are_rare_content_words_not_everyday_ones(lexicon):
    content_words = [("e-tjänst", ("etjän",)), ("hjälp", ("hjälp",)), ("gjort", ("gjort",)), ("våld", ("våld",))]
    telling = telling_words(content_words, ["etjän", "hjälp", "gjort"], lexicon)
    assert telling == (("e-tjänst", ("etjän",)),)  # "våld" is in most entries, "hjälp" and "gjort" are everyday


class _Ev:
    def __init__(self, coverage):
        self.coverage = np.asarray(coverage, dtype=np.float32)


class _U:
    telling = (("e-tjänst", ("etjän",)),)


def test_only_entries_with_every_telling_word_match():
    order, notice, headings, words = split_by_coverage(_U(), _Ev([0.0, 1.0, 0.0]), (0, 1, 2), [])
    assert order == (1, 0, 2) and notice is Notice.NONE and headings == [(1, PARTIAL_HEADING)] and words == ()


def test_when_no_entry_has_them_all_the_answer_says_so():
    order, notice, _, words = split_by_coverage(_U(), _Ev([0.5, 0.0]), (0, 1), [])
    assert notice is Notice.NO_FULL_MATCH and not notice.exact and words == ("e-tjänst",)
    assert "Ingen post i översikten har allt som frågan tar upp (”e-tjänst”)" in notice_message(notice, words="”e-tjänst”")


def test_all_covered_is_left_as_it_was():
    assert split_by_coverage(_U(), _Ev([1.0, 1.0]), (1, 0), []) == ((1, 0), Notice.NONE, [], ())


def test_word_frequencies_are_wordfreqs_own():
    import wordfreq

    from assistant.lexicon import _swedish_frequencies, zipf

    sample = sorted(_swedish_frequencies())[::997] + ["e-tjänst", "sms-stöd", "nån", "statsbidrag", "qqxz"]
    for w in sample:
        assert zipf(w) == pytest.approx(wordfreq.zipf_frequency(w, "sv", wordlist="small"), abs=0.011), w


def test_the_headwords_are_the_thesaurus_headwords():
    """The fast read of one word's lines (for a question) and the full parse agree on the real Synlex file."""
    from pathlib import Path

    from assistant.lexicon import Lexicon

    path = Path(__file__).resolve().parent.parent / "corpus" / "synlex" / "th_sv_SE_v2.dat"
    lexicon = Lexicon(path)
    assert lexicon.headwords == frozenset(lexicon.thesaurus) and len(lexicon.headwords) > 10000
    sample = sorted(lexicon.thesaurus)[::40]  # every 40th headword: a search per word costs about 2 ms
    assert len(sample) > 300 and all(lexicon.synonyms(w) == lexicon.thesaurus[w] for w in sample)
    assert "affisch" in lexicon.synonyms("plakat")


def test_the_documents_occasion_is_never_a_telling_word(small):
    """What every entry shares (the first paragraph of the introduction: "utbrottet av covid-19") is no word an
    exact answer must repeat; a word of the occasion loses its telling weight, nothing else does."""
    from dataclasses import replace as copy

    from assistant.corpus import load_document
    from assistant.query import understand

    real = load_document(Path(__file__).resolve().parent.parent / "corpus")
    assert "covid-19" in real.occasion and "telefonnummer" not in real.occasion  # the list's own words are not
    kb = small.kb
    asked = "Vem har satt upp affischer om sms?"
    before = [w for w, _ in understand(asked, kb.gazetteer, kb.lexical, None, kb.lexicon).telling]
    assert "affischer" in before
    lexical = copy(kb.lexical, context_terms=frozenset(kb.lexical.analyzer.terms("affischer")))
    after = [w for w, _ in understand(asked, kb.gazetteer, lexical, None, kb.lexicon).telling]
    assert "affischer" not in after and [w for w in before if w != "affischer"] == after


def test_the_noun_after_vilken_names_the_answer_not_a_word_it_must_have():
    from assistant.query import answer_types

    assert answer_types(["vilken", "webbplats", "har", "chatten"]) == frozenset({"webbplats"})
    assert answer_types(["från", "vilken", "ålder", "gäller", "tantjouren"]) == frozenset({"ålder"})
    assert answer_types(["har", "malmö", "en", "webbplats"]) == frozenset()



def test_a_sentence_that_states_the_request_is_part_of_it(small):
    """"Jag undrar över arbetet för äldre. Vad finns i Malmö?" asks about äldre in Malmö: the first sentence states
    what is wanted; a sentence that opens with the asker's situation stays background."""
    from assistant.request import states_request

    assert states_request("Jag undrar över arbetet för äldre.") and states_request("Vi letar efter material.")
    assert states_request("I am looking for support for men.")
    assert not states_request("Jag jobbar i Skåne och vi vill se vilka kommuner som hänvisar till oss.")
    assert split_request("Jag undrar över arbetet för äldre. Vad finns i Malmö?")[1] == ""
    u = small.understand(Question("Jag undrar över arbetet för äldre. Vad finns i Malmö?"))
    assert u.groups == ("aldre",) and [p.name for p in u.places] == ["Malmö"]


def test_what_is_left_of_a_group_compound_is_no_topic_word(small):
    u = small.understand(Question("Finns det något för hbtq-personer?"))
    assert u.groups == ("hbtq",) and "-personer" not in u.topic_words


def test_background_in_the_third_person_sets_no_group_the_request_names_its_own(small):
    """"Brukarna vågar inte ringa när förövaren är hemma, finns det sms-stöd för kvinnor?": the request's group
    wins; the perpetrator of the situation is no group asked for, and no word of the situation must be matched."""
    u = small.understand(Question("Brukarna vågar inte ringa när förövaren är hemma, finns det sms-stöd för kvinnor?"))
    assert u.groups == ("kvinnor",) and not any(w in ("brukarna", "ringa") for w, _ in u.telling)


def test_a_fronted_topic_fills_in_what_the_request_leaves_open(small):
    u = small.understand(Question("Äldre i Malmö: vilka insatser finns listade?"))
    assert u.groups == ("aldre",) and [p.name for p in u.places] == ["Malmö"]


def test_only_an_answer_kind_after_vilken_is_no_telling_word():
    from assistant.query import answer_types

    assert answer_types(["vilka", "affischer", "finns", "i", "malmö"]) == frozenset()  # a topic noun stays telling
    assert answer_types(["which", "municipalities", "have"]) == frozenset({"municipalities"})


def test_a_suspended_compound_keeps_its_first_part(small):
    u = small.understand(Question("Finns det sms- eller chattstöd?"))
    assert "sms-" in u.topic_words


def test_an_abbreviation_before_a_capital_ends_its_sentence():
    request, background = split_request("Jag är handläggare i Uppsala och jobbar med våld, hot m.m. "
                                        "Vilka kommuner har gjort något för äldre?")
    assert request == "Vilka kommuner har gjort något för äldre?" and background.endswith("m.m.")
    assert split_request("Finns material på andra språk, ex. arabiska?")[1] == ""


def test_pointing_back_needs_a_place_word_not_any_us():
    assert not points_back("Kan ni hjälpa oss att hitta exempel för äldre från hela landet?")
    assert not points_back("What campaigns for older people are there?") and not points_back("Vad görs i vår?")
    assert points_back("vad gör kommunerna runt omkring oss?") and points_back("Vad finns för vår kommun?")


def test_an_english_asker_with_a_curly_apostrophe_is_the_first_person():
    assert speaks_of_asker("I’m a social worker in Uppsala.") and speaks_of_asker("I live in Lund.")
    assert not speaks_of_asker("I samband med pandemin har kommunen") and not speaks_of_asker("I Malmö har man")


def test_the_occasion_words_of_the_index_are_those_entries_repeat(small):
    """Built or loaded, the index's context terms are the occasion's stems that two entries or more have."""
    from assistant.indexing import occasion_terms

    kb = small.kb
    assert kb.lexical.context_terms == occasion_terms(kb.lexical, kb.document.occasion)
    assert all(kb.lexical.document_frequency(t) >= 2 for t in kb.lexical.context_terms)


def test_an_abbreviations_expansion_is_searched_but_no_telling_word(small):
    """"LSS-brukare": the expansion ("stöd och service till vissa funktionshindrade") says what LSS is; an entry
    need not contain its words to answer. Here a made-up term whose expansion has a corpus word ("handbok")."""
    from assistant.lexicon import Lexicon, Term
    from assistant.query import understand

    kb = small.kb
    plain = understand("Har någon affischer och en handbok?", kb.gazetteer, kb.lexical, None, kb.lexicon)
    assert "handbok" in [w for w, _ in plain.telling]  # the word itself, asked for, is telling
    lexicon = Lexicon(None, (Term("HBK", "handbok", "test"),))
    u = understand("Har någon affischer och HBK?", kb.gazetteer, kb.lexical, None, lexicon)
    assert "handbok" not in [w for w, _ in u.telling] and "affischer" in [w for w, _ in u.telling]


def test_a_compound_the_corpus_has_only_as_parts_is_a_loose_telling_word(small):
    from assistant.query import written_as_such

    lexical = small.kb.lexical
    assert written_as_such("affischer", lexical) and not written_as_such("affischkvinnor", lexical)


def test_an_unknown_word_written_as_an_abbreviation_carries_the_topic(small):
    from assistant.carriers import unknown_abbreviation

    u = small.understand(Question("Erbjuder någon kommun EMDR för vuxna?"))
    assert unknown_abbreviation(u, "emdr") and not unknown_abbreviation(u, "vuxna")
    shouted = small.understand(Question("ERBJUDER NÅGON KOMMUN EMDR?"))  # all capitals: no word stands out
    assert not unknown_abbreviation(shouted, "emdr")
    assert not unknown_abbreviation(small.understand(Question("erbjuder någon emdr?")), "emdr")


def test_an_english_word_is_not_folded_into_a_swedish_one(small):
    from assistant.query import _correct

    # "gang" in "gang violence" is no "gång": in an English question a word is not folded onto a corpus word.
    assert _correct(["stod"], small.kb.lexical, english=False)[0] == ["stöd"]
    assert _correct(["stod"], small.kb.lexical, english=True)[0] == ["stod"]


def test_a_compound_of_two_corpus_words_is_not_missing_from_the_material(small):
    """"kampanjaffischer" is "kampanj" + "affischer", both the fixture's own words: the material speaks of it, so it
    is no word the answer says is missing (dev: "orosanmälningar" = "oro" + "anmälningar"). "reklamaffischer" is
    searched as "affischer" but "reklam" is no corpus word: that one is missing."""
    analyzer = small.kb.lexical.analyzer
    assert analyzer.of_corpus_parts("kampanjaffischer", ("affischer",))
    assert not analyzer.of_corpus_parts("reklamaffischer", ("affischer",))
    assert "kampanjaffischer" not in small.understand(Question("Finns det kampanjaffischer?")).unknown_words
    assert ask(small, "Finns det kampanjaffischer?").notice == ""
    u = small.understand(Question("Finns det reklamaffischer?"))
    assert u.unknown_words == ("reklamaffischer",) and ask(small, "Finns det reklamaffischer?").notice == "partial_topic"
