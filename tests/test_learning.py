"""The learned ranker and decision (ranking.py, decision.py, tools/training.py): how they are applied, saved and
gated (fast tier; hand-made models and the fixture corpus)."""

from __future__ import annotations

from assistant.wording import notice_message

import numpy as np
import pytest

from assistant import decision, features
from assistant.errors import IndexBuildError
from assistant.policy import NEAR_HEADING, Notice, Selection
from assistant.query import Question
from assistant.ranking import LinearRanker, load_ranker, ranker_for, ranker_path, reorder
from assistant.tools import training


def _ranker(weight_on: str, model: str = "test-hash") -> LinearRanker:
    n = len(features.NAMES)
    w = np.zeros(n, np.float32)
    w[features.NAMES.index(weight_on)] = 1.0
    return LinearRanker(features.NAMES, np.zeros(n, np.float32), np.ones(n, np.float32), w, model)


def _evidence(small, text: str):
    u, ev, selection = small.decide(Question(text), learned=False)
    assert ev is not None
    return u, ev, selection


def test_rows_have_one_column_per_named_feature(small):
    _, ev, selection = _evidence(small, "Vad görs för äldre?")
    x = features.rows(ev, selection.order, selection.headings)
    assert x.shape == (len(selection.order), len(features.NAMES)) and np.isfinite(x).all()
    assert x[0, features.NAMES.index("rule_rank")] == 1.0


def test_blocks_follow_the_headings():
    assert features.blocks(5, ((2, "A"), (4, "B"))).tolist() == [0, 0, 1, 1, 2]
    assert features.blocks(3, ()).tolist() == [0, 0, 0]


def test_reordering_never_moves_an_entry_across_a_heading(small):
    _, ev, _ = _evidence(small, "Vad görs för äldre?")
    order = tuple(range(min(5, len(ev.scores))))
    assert len(order) >= 3
    headed = Selection(order, headings=((1, NEAR_HEADING),))
    # a model that prefers the last entries by the rules' order: only the part after the heading may change
    new = reorder(headed, ev, LinearRanker(features.NAMES, np.zeros(len(features.NAMES), np.float32),
                                           np.ones(len(features.NAMES), np.float32),
                                           -_ranker("rule_rank").weights, "test-hash"))
    assert new.order[0] == order[0] and set(new.order[1:]) == set(order[1:])
    assert new.order[1:] == tuple(reversed(order[1:]))


def test_a_saved_model_reads_back_and_a_broken_one_is_named(tmp_path):
    m = _ranker("dense")
    path = ranker_path(tmp_path, "test-hash")
    path.write_text(m.to_json(), "utf-8")
    back = load_ranker(path)
    assert back is not None and np.array_equal(back.weights, m.weights)
    assert ranker_for(tmp_path, "test-hash") is not None and ranker_for(tmp_path, "other-model") is None
    assert load_ranker(tmp_path / "saknas.json") is None
    path.write_text('{"format": 1, "names": ["x"]}', "utf-8")
    with pytest.raises(IndexBuildError, match="andra särdrag"):
        load_ranker(path)


def test_an_exact_answer_the_decision_doubts_is_said_to_be_unsure(small):
    u, ev, selection = _evidence(small, "Vad görs för äldre?")
    assert Notice(selection.notice).exact and selection.order
    n = len(decision.NAMES)
    ones, zeros = np.ones(n, np.float32), np.zeros(n, np.float32)
    sure = decision.ExactModel(decision.NAMES, zeros, ones, zeros, bias=5.0, threshold=0.5, model="test-hash")
    doubt = decision.ExactModel(decision.NAMES, zeros, ones, zeros, bias=-5.0, threshold=0.5, model="test-hash")
    assert decision.unsure(u, ev, selection, sure) == selection
    doubted = decision.unsure(u, ev, selection, doubt)
    assert doubted.notice is Notice.UNSURE and doubted.order == selection.order and not Notice.UNSURE.exact
    assert notice_message(Notice.UNSURE).startswith("Det är osäkert att översikten svarar på just det här.")


def test_the_assistant_applies_a_decision_model_when_one_is_given(small):
    n = len(decision.NAMES)
    doubt = decision.ExactModel(decision.NAMES, np.zeros(n, np.float32), np.ones(n, np.float32),
                                np.zeros(n, np.float32), bias=-5.0, threshold=0.5, model="test-hash")
    small.exact_model = doubt
    try:
        a = small.ask(Question("Vad görs för äldre?"))
        assert a.notice == Notice.UNSURE.value and not a.exact and a.hits
    finally:
        small.exact_model = None
    assert small.ask(Question("Vad görs för äldre?")).exact


def _sample(split: str, grades: list[int], x: list[list[float]]) -> training.Sample:
    order = tuple(range(len(grades)))
    return training.Sample(split, f"{split}-{len(grades)}", Selection(order), None, np.asarray(x, np.float32),
                           np.asarray(grades, np.float32), tuple(sorted(grades, reverse=True)))


def test_pairs_come_only_from_entries_whose_grades_differ():
    n = len(features.NAMES)
    s = _sample("dev", [2, 0, 0], [[1.0] * n, [0.0] * n, [0.0] * n])
    x, y = training.pairs([s])
    assert len(y) == 4 and sorted(y.tolist()) == [0, 0, 1, 1]  # (2 > 0) twice, both ways round


def test_ndcg_matches_the_textbook_values():
    assert training.ndcg([2, 0], (2,)) == pytest.approx(1.0)
    assert training.ndcg([0, 2], (2,)) == pytest.approx(1 / np.log2(3))


def test_a_model_that_loses_on_any_held_out_set_does_not_earn_its_place():
    rules = {"dev": 0.90, "dev2": 0.80}
    assert training.Choice(0.1, rules, {0.1: {"dev": 0.91, "dev2": 0.80}}).earns_its_place
    assert not training.Choice(0.1, rules, {0.1: {"dev": 0.95, "dev2": 0.79}}).earns_its_place


def test_the_decision_must_cut_false_exact_answers_without_doubting_true_ones():
    good = {"dev3": {"no_answer": 30, "exact_rules": 0.1, "exact_model": 0.0, "true_exact_relabelled": 0.01}}
    costly = {"dev3": {"no_answer": 30, "exact_rules": 0.1, "exact_model": 0.0, "true_exact_relabelled": 0.2}}
    useless = {"dev3": {"no_answer": 30, "exact_rules": 0.1, "exact_model": 0.1, "true_exact_relabelled": 0.0}}
    assert training.decision_earns_its_place(good)
    assert not training.decision_earns_its_place(costly) and not training.decision_earns_its_place(useless)
    assert not training.decision_earns_its_place({})
