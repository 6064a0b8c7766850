"""The real corpus with the real model (slow tier): facts of today's document and answers to real questions."""

import dataclasses

import pytest
from conftest import ask, hit_ids

from assistant.policy import Notice


def test_gotland_elderly_returns_the_two_aldre_entries_with_links(assistant):
    a = ask(assistant, "vad finns för äldre på Gotland?")
    assert sorted(hit_ids(a)) == ["aldre/gotland", "aldre/region-gotland"]
    assert a.understood == "Äldre · Gotland"
    assert "På Gotlands äldreboenden kan äldre låna en Ipad." in a.markdown
    assert "(<https://www.gotland.se/>)" in a.markdown


def test_county_question_finds_entries_of_its_municipalities(assistant):
    ids = hit_ids(ask(assistant, "Vad görs i Skåne?"))
    assert {"allman-information/helsingborgs-kommun", "allman-information/lunds-kommun",
            "valdsutsatta-kvinnor/hoganas-kommun", "allman-information/kristianstad-kommun"} <= set(ids)
    assert not any("gotland" in h for h in ids)


@pytest.mark.parametrize(
    "question, notice",
    [("Vad görs i Uppsala?", Notice.NO_PLACE), ("Hur söker jag bygglov?", Notice.NO_TOPIC),
     ("Vem vann Melodifestivalen 2021?", Notice.NO_TOPIC), ("Vad finns för hbtq-personer?", Notice.EMPTY_SECTION)],
)
def test_no_match_answers_quote_nothing_and_say_why(assistant, question, notice):
    a = ask(assistant, question)
    assert a.abstained and a.hits == () and "###" not in a.markdown
    assert a.notice == notice.value


@pytest.mark.parametrize(
    "question, notice",
    [("Vad kostar parkering i Stockholm?", Notice.PLACE_WITHOUT_TOPIC), ("hbtq i Malmö", Notice.PLACE_WITHOUT_GROUP)],
)
def test_nothing_exact_at_a_place_is_a_labelled_fallback(assistant, question, notice):
    a = ask(assistant, question)
    assert a.notice == notice.value and a.hits and not a.exact
    assert a.message.startswith("Översikten har inga") or a.message.startswith("Översikten har inget")


def test_place_without_entries_falls_back_to_its_county_and_says_so(assistant):
    a = ask(assistant, "Vad görs i Linköping?")
    assert a.notice == Notice.COUNTY_FALLBACK.value
    assert "allman-information/norrkopings-kommun" in hit_ids(a)


def test_empty_section_quotes_entries_that_mention_the_group(assistant):
    a = ask(assistant, "Vad görs för våldsutövare?")
    assert a.notice == Notice.EMPTY_SECTION.value and not a.abstained
    assert "rubriken Våldsutövare" in a.message
    assert "allman-information/jonkoping-kommun" in hit_ids(a)


def test_topic_question_finds_the_named_service(assistant):
    assert hit_ids(ask(assistant, "Vilken kommun har en Corona-linje?"))[0] == "allman-information/gavle-kommun"
    assert hit_ids(ask(assistant, "Vilket telefonnummer har Origo?"))[0] == "hedersrelaterat-vald-och-fortryck/stockholms-lan"


def test_english_question_gets_the_same_quotes(assistant):
    sv = hit_ids(ask(assistant, "vad finns för äldre på Gotland?"))
    en = hit_ids(ask(assistant, "What is there for elderly people on Gotland?"))
    assert sorted(sv) == sorted(en)


def test_follow_up_keeps_the_group(assistant):
    first = ask(assistant, "vad finns för äldre på Gotland?")
    a = ask(assistant, "och i Malmö?", previous=first.context)
    assert a.understanding.groups == ("aldre",) and hit_ids(a)[0] == "aldre/malmo-kommun"


def test_quotes_are_verbatim_and_links_come_from_the_corpus(assistant, document):
    by_id = document.by_id()
    for question in ("Vad gör Malmö?", "Vad görs i Västra Götaland?", "affischer"):
        for q in ask(assistant, question).entries:
            assert q.text_lines == by_id[q.id].text_lines
            assert [l.url for l in q.links] == [l.url for l in by_id[q.id].links]


def test_the_question_path_uses_one_blas_thread(small):
    # Spinning OpenBLAS threads after the matrix product slow the next embedding (README, threadpoolctl).
    from threadpoolctl import threadpool_info

    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert blas and all(lib["num_threads"] == 1 for lib in blas)


def test_an_entrys_dense_score_mixes_its_whole_text_with_its_best_sentence(small):
    # A short question one sentence answers is diluted in a long entry's vector (RankingConfig.sentence_weight).
    import dataclasses

    import numpy as np

    ranker, emb = small.ranker, small.kb.embedder
    q = emb.encode_query("ringa en stödlinje")
    whole = np.array([emb.encode_passages([e.passage()])[0] @ q for e in ranker.entries])
    best = np.array([max((v @ q for v in emb.encode_passages(list(e.sentence_passages()))), default=w)
                     for e, w in zip(ranker.entries, whole)])
    w = ranker.config.sentence_weight
    assert 0 < w < 1
    assert np.allclose(ranker.dense_scores_for(q), (1 - w) * whole + w * best, atol=1e-5)
    assert not np.allclose(whole, best, atol=1e-3)  # the fixture has entries whose sentences differ
    alone = dataclasses.replace(ranker, config=dataclasses.replace(ranker.config, sentence_weight=0.0))
    assert np.allclose(alone.dense_scores_for(q), whole, atol=1e-5)


class _SynonymEmbedder:
    """The fake embedder, but it reads "reklam" as "kampanj": a model that knows the two are close."""

    def __init__(self, base):
        self.base, self.name, self.dimension = base, base.name, base.dimension

    def _text(self, text):
        return text.replace("reklam", "kampanj")

    def encode_query(self, text):
        return self.base.encode_query(self._text(text))

    def encode_queries(self, texts):
        return self.base.encode_queries([self._text(t) for t in texts])

    def encode_passages(self, texts, progress=False):
        return self.base.encode_passages(texts, progress)


def test_a_missing_word_reaches_the_corpus_words_the_model_puts_close_to_it(small, small_corpus, tmp_path):
    from conftest import ask, hit_ids

    from assistant.pipeline import Assistant
    from assistant.retrieval import Ranker
    from assistant.settings import Settings

    synonyms = _SynonymEmbedder(small.kb.embedder)
    ranker = Ranker(dataclasses.replace(small.kb, embedder=synonyms))
    assert ranker.related_words(("reklam",), 0.9) == (("reklam", ("kampanj",)),)
    assert ranker.related_words(("bygglov",), 0.9) == ()  # nothing close: nothing stands in
    assert ranker.related_words(("kampanjer",), 0.9) == ()  # the word's own forms are no related words

    a = Assistant.open(Settings(small_corpus, tmp_path / "index", synonyms.name), say=lambda m: None,
                       embedder=synonyms)
    answer = ask(a, "Har någon gjort reklam på Snapchat?")
    assert "barn-och-unga/malmo-stad" in hit_ids(answer)
    answer = ask(a, "Vilka har gjort reklam?")
    assert answer.notice == "partial_topic" and not answer.exact and hit_ids(answer)[0] == "barn-och-unga/malmo-stad"
    assert "närliggande ord (”kampanj”)" in answer.message
    assert "närliggande ord: ”kampanj”" in next(q.why for q in answer.entries if q.id == "barn-och-unga/malmo-stad")
    # The plain fake model does not put "kampanj" near "reklam", and the answer does not lead with that entry.
    assert "kampanj" not in dict(small.ranker.related_words(("reklam",), 0.9)).get("reklam", ())
    assert hit_ids(ask(small, "Vilka har gjort reklam?"))[:1] != ["barn-och-unga/malmo-stad"]
