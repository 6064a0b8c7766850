"""The one way in: `Assistant.ask(Question) -> Answer`, for the CLI, the app, the API, the evaluation,
the load test and the benchmarks alike.

question → understanding (query.py) → evidence per entry (retrieval.py), with the words that carry the topic
(carriers.py) → selection (policy.py) → quoted answer (answer.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

import numpy as np

from .answer import Answer, compose
from .carriers import MeaningWithout, absent_terms, confirm_telling, find_carriers
from .decision import ExactModel, model_for, unsure
from .detail import best_sentence, detail_kind
from .embedding import Embedder
from .groups import BY_KEY, GROUPS
from .indexing import KnowledgeBase, open_index
from .places import Place
from .policy import (Notice, PolicyConfig, Selection, besides, facts_first, more, reads, select,
                     within_previous)
from .query import Question, Understanding, apply_filters, understand
from .ranking import LinearRanker, ranker_for, reorder
from .retrieval import MODES, NO_RELATED, Evidence, Ranker
from .settings import Settings


@dataclass
class Assistant:
    kb: KnowledgeBase
    ranker: Ranker
    settings: Settings
    policy: PolicyConfig = field(default_factory=PolicyConfig)
    learned: LinearRanker | None = None  # the learned order within each part of an answer (ranking.py)
    exact_model: ExactModel | None = None  # the learned doubt about an exact answer (decision.py)

    @classmethod
    def open(cls, settings: Settings | None = None, say: Callable[[str], None] | None = None,
             embedder: Embedder | None = None) -> "Assistant":
        """Load (or build) the index for the settings; `embedder` replaces the model (tests use a fake one)."""
        settings = settings or Settings.resolve()
        kwargs = {"say": say} if say else {}
        kb = open_index(settings, embedder=embedder, **kwargs)
        model = kb.embedder.name
        return cls(kb, Ranker(kb).prepare(), settings, learned=ranker_for(settings.corpus_dir, model),
                   exact_model=model_for(settings.corpus_dir, model))

    # -- filters beside the chat ----------------------------------------------------
    def group_key(self, value: str | None) -> str | None:
        """A group filter given as key or label; None for anything else (an unknown filter is no filter)."""
        if not value:
            return None
        if value in BY_KEY:
            return value
        return next((g.key for g in GROUPS if g.label == value), None)

    def county(self, name: str | None) -> Place | None:
        if not name:
            return None
        return next((p for p in self.kb.gazetteer.aliases.values() if p.kind == "county" and p.name == name), None)

    @property
    def county_names(self) -> list[str]:
        return sorted(self.kb.gazetteer.county_names.values())

    # -- the path ----------------------------------------------------------------------
    def understand(self, question: Question) -> Understanding:
        previous = question.previous.understanding if question.previous else None
        u = understand(question.text or "", self.kb.gazetteer, self.kb.lexical, previous, self.kb.lexicon)
        group, county = self.group_key(question.group), self.county(question.county)
        return apply_filters(u, group, county) if group or county else u

    def decide(self, question: Question, learned: bool = True) -> tuple[Understanding, Evidence | None, Selection]:
        """Understand, gather the evidence, select by the rules and (learned=True, full system) order each part of
        the answer by the learned ranker. The training of that ranker reads the rules' selection (learned=False)."""
        mode = question.mode if question.mode in MODES else "full"
        u = self.understand(question)
        if not u.question:
            return u, None, Selection((), Notice.EMPTY)
        if u.more and question.previous is None:
            return u, None, Selection((), Notice.NO_PREVIOUS)
        qvec = self.ranker.embed(u, mode)
        if mode == "full" and qvec is not None and not u.groups and not u.more and self.policy.group_floor < 1:
            key = self.ranker.group_by_meaning(qvec, self.policy.group_floor, self.policy.group_margin)
            if key:
                u = replace(u, groups=(key,), groups_by_meaning=True)
        without = self.ranker.without_similarity(u, qvec) if mode == "full" else None
        if without is not None and u.doubtful:
            u = confirm_telling(u, without, self.policy)
        ev = self.ranker.evidence(u, mode, qvec)
        if without is not None:
            ev = self.carriers_and_related(u, ev, qvec, without)
        selection = select(u, ev, self.ranker.filled_sections, mode, self.policy)
        if learned and mode == "full" and self.learned is not None:
            selection = reorder(selection, ev, self.learned)
        if learned and mode == "full" and self.exact_model is not None:
            selection = unsure(u, ev, selection, self.exact_model)
        return u, ev, selection

    def carriers_and_related(self, u: Understanding, ev: Evidence, qvec: np.ndarray | None,
                             without: MeaningWithout | None = None) -> Evidence:
        """The question-level readings that embed once more, for only the word sets the rule will read (policy.reads):
        which words carry the topic (carriers.py) and the corpus words close to a missing one (Ranker.related), as
        plain data on the evidence."""
        cfg = self.policy
        without = without or self.ranker.without_similarity(u, qvec)
        needed = reads(u, ev, self.ranker.filled_sections, cfg)
        carriers = find_carriers(u, cfg, without, needed, absent_terms(u, self.kb.document.lower_text) if u.field_terms else ())
        related = NO_RELATED
        if needed.related and carriers.unknown:
            related = self.ranker.related(u, ev, carriers.unknown, cfg.related_floor, cfg.related_context_floor,
                                          qvec, without, cfg.related_gain)
        return replace(ev, carriers=carriers, related=related)

    def shown_and_theirs(self, shown_ids: tuple[str, ...], has_place: bool
                         ) -> tuple[tuple[int, ...], tuple[int, ...] | None]:
        """The positions of the entries an answer showed and, for a follow-up that names no place ("vad mer gör
        de?"), every entry of the organisations they came from (None when the place decides)."""
        positions, entries = self.kb.document.positions(), self.kb.document.entries
        shown = tuple(positions[i] for i in shown_ids if i in positions)
        if has_place:
            return shown, None
        orgs = {entries[i].organisation for i in shown}
        return shown, tuple(i for i, e in enumerate(entries) if e.organisation in orgs)

    def holds_fact(self, u: Understanding, order: tuple[int, ...]) -> tuple[bool, ...]:
        """Per entry of the order, whether it holds the kind of fact a detail question asks for (all True when
        the question asks for none)."""
        kind = detail_kind(u)
        if kind is None:
            return tuple(True for _ in order)
        entries = self.kb.document.entries
        return tuple(best_sentence(entries[i].text_lines, kind, u) is not None for i in order)

    def ask(self, question: Question) -> Answer:
        """Understand, rank, select, quote."""
        u, ev, selection = self.decide(question)
        shown: tuple[str, ...] = ()
        if ev is None:
            hits: tuple = ()
        else:
            full = question.mode == "full"  # facts_first is a rule: the single-signal systems stay bare
            pointing = u.pointing and question.previous is not None
            if full and not pointing:  # before "visa fler" cuts its page from the order
                selection = facts_first(selection, self.holds_fact(u, selection.order))
            if u.more and question.previous is not None:
                shown = question.previous.shown
                if u.besides:  # "vad mer?" after "vad mer gör de där?": what no answer so far has shown
                    before, pool = self.shown_and_theirs(shown, bool(u.places))
                    selection = more(besides(selection, ev, before, pool), 0)
                else:
                    selection = more(selection, len(shown))
            elif u.besides and question.previous is not None:
                shown = question.previous.shown  # numbered on, and kept out of a "vad mer?" after it
                selection = besides(selection, ev, *self.shown_and_theirs(shown, bool(u.places)))
            elif pointing:
                selection = within_previous(selection, ev, self.shown_and_theirs(question.previous.shown, True)[0])
                if full:
                    selection = facts_first(selection, self.holds_fact(u, selection.order))
            scores = ev.scores if selection.scores is None else selection.scores
            k = max(1, question.k)
            related = tuple(w for _, near in selection.related for w in near)
            shown_for_word = set(selection.related_entries)
            hits = tuple(self.ranker.hit(i, float(scores[i]), u, ev, related if i in shown_for_word else ())
                         for i in selection.order[:k])
        return compose(u, selection, hits, self.kb.document, self.kb.gazetteer, self.kb.warning, shown)
