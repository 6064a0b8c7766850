"""Meaning beyond the whole entry (fast tier, fixture corpus): each sentence's vector, and corpus words close in
meaning to a question word the corpus lacks."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from conftest import ask, hit_ids

from assistant.pipeline import Assistant
from assistant.policy import PolicyConfig
from assistant.query import Question
from assistant.retrieval import Ranker
from assistant.settings import Settings


def test_an_entrys_dense_score_mixes_its_whole_text_with_its_best_sentence(small):
    # A short question one sentence answers is diluted in a long entry's vector (RankingConfig.sentence_weight).
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


def test_an_entry_without_sentences_of_three_words_keeps_its_whole_text_score(small):
    ranker = small.ranker
    kb = dataclasses.replace(small.kb, sentence_owner=np.zeros(0, dtype=np.int64))
    q = small.kb.embedder.encode_query("affischer i tvättstugor")
    plain = Ranker(kb)
    assert plain._sentence_runs is None
    whole = np.array([small.kb.embedder.encode_passages([e.passage()])[0] @ q for e in ranker.entries])
    assert np.allclose(plain.dense_scores_for(q), whole, atol=1e-5)


class _Model:
    """The fake embedder with what a real model knows: "reklam" means "kampanj" (in a question too);
    "sjukhus" alone looks like "apoteken", but not inside a question; "assistans" alone is close to the common
    word "hjälp"."""

    ALONE = {"sjukhus": "apoteken", "assistans": "hjälp"}

    def __init__(self, base):
        self.base, self.name, self.dimension = base, base.name, base.dimension

    def _text(self, text):
        return self.ALONE.get(text.strip(), text).replace("reklam", "kampanj")

    def encode_query(self, text):
        return self.base.encode_query(self._text(text))

    def encode_queries(self, texts):
        return self.base.encode_queries([self._text(t) for t in texts])

    def encode_passages(self, texts, progress=False):
        return self.base.encode_passages(texts, progress)


@pytest.fixture
def knowing(small, small_corpus, tmp_path):
    model = _Model(small.kb.embedder)
    a = Assistant.open(Settings(small_corpus, tmp_path / "index", model.name), say=lambda m: None, embedder=model)
    # The hash model's whole-question scores say nothing about meaning, so the dense agreement a related word's
    # entry needs is switched off here (tests/test_policy.py tests it).
    a.policy = dataclasses.replace(PolicyConfig(), related_dense_margin=1.0)
    return a


def test_a_missing_word_reaches_the_corpus_words_the_model_puts_close_to_it(knowing):
    ranker, emb = knowing.ranker, knowing.kb.embedder
    assert ranker.related_words(("reklam",), 0.9) == (("reklam", ("kampanj",)),)
    assert ranker.related_words(("bygglov",), 0.9) == ()  # nothing close: nothing stands in
    assert ranker.related_words(("kampanjer",), 0.9) == ()  # the word's own forms are no related words
    # "hjälp" is in two of the nine entries: too common to stand in for anything.
    assert knowing.kb.lexical.document_frequency("hjälp") >= 2 and ranker.related_words(("assistans",), 0.9) == ()


def test_a_look_alike_is_kept_out_by_the_question_it_would_stand_in(knowing):
    ranker, emb = knowing.ranker, knowing.kb.embedder
    assert ranker.related_words(("sjukhus",), 0.9) == (("sjukhus", ("apoteken",)),)  # alone, it looks close
    question = "Vad gör sjukhus mot våld?"
    assert ranker.related_words(("sjukhus",), 0.9, question, emb.encode_query(question), 0.95) == ()
    question = "Vilka har gjort reklam?"
    assert ranker.related_words(("reklam",), 0.9, question, emb.encode_query(question), 0.95) == \
        (("reklam", ("kampanj",)),)


def test_a_related_words_entries_make_a_labelled_answer_that_names_the_word(knowing, small):
    answer = ask(knowing, "Vilka har gjort reklam?")
    assert answer.notice == "partial_topic" and not answer.exact and hit_ids(answer)[0] == "barn-och-unga/malmo-stad"
    assert "liknande betydelse som frågans (”kampanj”)" in answer.message
    assert "liknande betydelse som frågans: ”kampanj”" in next(q.why for q in answer.entries if q.id == "barn-och-unga/malmo-stad")
    # The plain fake model does not put "kampanj" near "reklam": that entry is not what it leads with.
    assert hit_ids(ask(small, "Vilka har gjort reklam?"))[:1] != ["barn-och-unga/malmo-stad"]


def test_show_more_names_only_the_related_words_its_own_entries_have(knowing):
    first = knowing.ask(Question("Vilka har gjort reklam?", k=1))
    assert hit_ids(first) == ["barn-och-unga/malmo-stad"] and "”kampanj”" in first.message
    more = knowing.ask(Question("visa fler", previous=first.context))
    assert more.hits and "barn-och-unga/malmo-stad" not in hit_ids(more)
    assert "kampanj" not in more.message


def test_a_stand_in_must_keep_the_meaning_clearly_better_than_dropping_the_word(knowing):
    """"samiska" → "samordna" kept the question's meaning 0.973 against 0.971 without the word: a look-alike that
    only just beat dropping it. A stand-in must beat it by `gain` (PolicyConfig.related_gain)."""
    ranker, emb = knowing.ranker, knowing.kb.embedder
    question = "Vilka har gjort reklam?"
    qvec = emb.encode_query(question)
    kept = float(emb.encode_query(question.replace("reklam", "kampanj")) @ qvec)
    just_below = lambda words: kept - 0.001  # noqa: E731 (dropping the word leaves nearly as much)
    assert ranker.related_words(("reklam",), 0.9, question, qvec, 0.0, just_below) == (("reklam", ("kampanj",)),)
    assert ranker.related_words(("reklam",), 0.9, question, qvec, 0.0, just_below, gain=0.005) == ()
    assert ranker.related_words(("reklam",), 0.9, question, qvec, 0.0, lambda words: kept - 0.01, gain=0.005) == \
        (("reklam", ("kampanj",)),)
