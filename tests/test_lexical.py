"""BM25 is built by bm25s and scored with numpy from its saved arrays: both must give the same scores."""

from __future__ import annotations

import numpy as np

from assistant.lexical import Bm25Scores, LexicalIndex


def test_numpy_scores_equal_bm25s_scores(tmp_path):
    passages = ["Lunds kommun har en stödlinje och sms.", "Malmö har affischer i tvättstugor.",
                "Gotland lånar ut Ipads till äldre.", "Piteå har kodord på apoteken och sms."]
    lexical = LexicalIndex.build(passages)
    lexical.save(tmp_path)
    loaded = Bm25Scores.load(tmp_path)
    for query in (["sms"], ["sms", "affisch"], ["äldr", "ipad", "okänt-ord"], []):
        ours = loaded.scores(query)
        known = [t for t in query if t in lexical._model.vocab_dict]
        theirs = lexical._model.get_scores(known) if known else np.zeros(len(passages))
        assert np.allclose(ours, theirs), query
    assert loaded.scores(["sms"]).argmax() in (0, 3) and loaded.scores(["sms"])[1] == 0


def test_damaged_arrays_are_refused(tmp_path):
    lexical = LexicalIndex.build(["en text om sms", "en annan text"])
    lexical.save(tmp_path)
    (tmp_path / "indptr.csc.index.npy").write_bytes((tmp_path / "indptr.csc.index.npy").read_bytes()[:60])
    try:
        Bm25Scores.load(tmp_path)
    except (ValueError, OSError, EOFError):
        return
    raise AssertionError("a truncated index file was read as if whole")


def _analyzer():
    from assistant.lexical import build_analyzer

    return build_analyzer([
        "Information i väntrum och ett webbinarium om våld.",
        "Orosanmälningar och anmälningar ökar; kampanjer på bussar.",
        "Vi har en stödlinje och ringar på fingrarna.",
        "En hemleverans av mat till oro.",
    ])


def test_an_unknown_word_reaches_the_corpus_word_it_is_a_form_of():
    a = _analyzer()
    assert "väntrum" in a.forms_of("väntrummen")  # doubled last consonant of the definite plural
    assert "webbinarium" in a.forms_of("webbinarier")
    assert a.forms_of("vård") == ()  # short stems are left alone: too many words begin with them


def test_an_unknown_compound_is_about_its_last_part_when_it_joins_corpus_words():
    a = _analyzer()
    assert a.head_of("våldsanmälningar") == ("anmälningar",)  # "våld" + linking -s- + "anmälningar"
    assert a.head_of("reklamkampanjer") == ("kampanjer",)  # unknown first part, but a long corpus word last
    assert a.head_of("matleveranser") == ("hemleverans",)  # a corpus compound with the same last part
    assert a.head_of("tonåringar") == ()  # "tonå" is no word: "ringar" is no part of it


def test_the_words_a_missing_word_may_be_close_to_are_corpus_words_not_names_or_numbers():
    from assistant.lexical import meaning_vocabulary

    known = frozenset({"kampanj", "affischer", "sms", "2019", "lunds", "medelpad", "stödlinje", "covid"})
    assert meaning_vocabulary(known, ["Lunds kommun", "Polisen Medelpad"]) == ("affischer", "covid", "kampanj",
                                                                                "stödlinje")


def test_a_hyphenated_name_with_a_stop_word_is_a_term_of_its_own():
    """"Corona-linjen": "corona" alone is a stop word ("under corona"), so the name was read as "linje" and matched
    "nationella hjälplinjer" (walkthrough, on the first screen's example). Numbers and short endings stay as before."""
    from assistant.lexical import build_analyzer, named_with_stop_word, stem

    a = build_analyzer(["Gävle har Corona-linjen.", "De hänvisar till nationella hjälplinjer under covid-19.",
                        "Material på iPad:en."])
    assert stem("coronalinje") in a.terms("Corona-linje") and stem("coronalinje") in a.terms("Corona-linjen")
    assert stem("coronalinje") not in a.terms("hjälplinjer")
    assert "covid" not in " ".join(a.terms("covid-19"))
    assert a.terms("info-material") == ["material"]  # the corpus writes no "infomaterial": no term of its own
    assert named_with_stop_word(["corona", "linjen"]) and not named_with_stop_word(["covid", "19"])
    assert not named_with_stop_word(["ipad", "en"]) and not named_with_stop_word(["sms", "stöd"])


def test_the_named_line_is_the_telling_word(small):
    from assistant.lexical import stem
    from assistant.query import understand

    lexical = LexicalIndex.build(["Gävle kommun har inrättat en stödlinje, Corona-linjen, dit personer kan ringa.",
                                  "Gävle hänvisar till nationella hjälplinjer.", "Malmö har affischer.",
                                  "Lund har sms.", "Piteå har kodord."])
    u = understand("Vilken kommun har en Corona-linje?", small.kb.gazetteer, lexical, None, small.kb.lexicon)
    assert dict(u.telling).get("corona-linje") == (stem("coronalinje"),), u.telling


def test_a_compounds_first_part_may_be_a_word_of_the_language():
    """"telefonlinje": the corpus has "stödlinje" and "linjen" but "telefon" only in compounds, so the word was
    wholly unknown; with a general word list (wordfreq) its first part is a word and "linje" its head. A first part
    that is no word ("tonå" in "tonåringar") still splits nothing."""
    from assistant.lexical import build_analyzer
    from assistant.lexicon import is_frequent

    a = build_analyzer(["Gävle har en stödlinje; personalen bemannar linjen.", "Telefontiden är fördubblad.",
                        "Ringar på vattnet."])
    assert a.head_of("telefonlinje") == ()
    assert a.head_of("telefonlinje", is_frequent) == ("linje",)  # a corpus word by its stem ("linjen")
    assert a.head_of("tonåringar", is_frequent) == ()
    # After a word of the language alone, the last part must be a corpus word itself, not an ending of some.
    b = build_analyzer(["Regeringen och isoleringen."])
    assert b.head_of("parkering", is_frequent) == ()


def test_the_assistants_own_word_for_the_document_is_no_topic(small):
    """"Vilka regioner finns med i översikten?" was answered "Översikten har inget om ”översikten”": the word the
    assistant itself uses for the document is read as the document, not as a topic the entries lack."""
    from assistant.query import understand

    for text in ("Vilka regioner finns med i översikten?", "Vad tar materialet upp om äldre?",
                 "vad finns i oversikten om sms", "Vilka regioner finns med i sammanställningen?",
                 "Vilka kommuner i Stockholms län är med i sammanstallningen?"):
        u = understand(text, small.kb.gazetteer, small.kb.lexical, None, small.kb.lexicon)
        document_words = {"översikten", "oversikten", "materialet", "sammanställningen", "sammanstallningen"}
        assert not document_words & set(u.topic_words), (text, u.topic_words)
    assert "sms" in understand("vad finns i oversikten om sms", small.kb.gazetteer, small.kb.lexical, None,
                               small.kb.lexicon).topic_words
