"""What to show, and when to say the material has nothing: one small rule per kind of question.

Ranking (retrieval.py) gives every entry its signals, and carriers.py says which question words carry the
topic, both as plain data; a policy here picks and orders the entries for
one kind of question and names the notice that goes with the answer. Tiers are sort keys (most
important first), never arithmetic. Adding a rule means adding one function here and one test; a rule that reads
another set of carriers says so in `reads` (tests/test_policy.py holds every kind of question to it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .carriers import GROUP, PLACE, PLACE_AND_GROUP, Reads, question_kind
from .groups import BY_KEY
from .notice import Notice
from .query import Understanding
from .retrieval import COUNTY, DIRECT, REGION, Evidence
from .thresholds import PolicyConfig
from .wording import (LACKS_FACT, NEAR_HEADING, NOT_MATCH_HEADINGS, OTHER_FROM_COUNTY,  # noqa: F401 (re-exported)
                      PARTIAL_HEADING, REGION_WIDE, RELATED_HEADING, from_place, group_in_county, other_from)


@dataclass(frozen=True)
class Selection:
    """The entries to show, best first (positions in the document), and the notice for the answer."""

    order: tuple[int, ...]
    notice: Notice = Notice.NONE
    scores: np.ndarray | None = None  # set when the policy ranked by other scores than the evidence's
    sections: tuple[str, ...] = ()  # empty headings, for EMPTY_SECTION
    words: tuple[str, ...] = ()  # the question's words the material lacks (NO_TOPIC, the *_WITHOUT_TOPIC notices,
    # PARTIAL_TOPIC, MEANING_ONLY, COUNTY_FALLBACK)
    headings: tuple[tuple[int, str], ...] = ()  # (position in order, heading): parts of a labelled fallback
    related: tuple[tuple[str, tuple[str, ...]], ...] = ()  # missing word → corpus words close in meaning that found
    # entries (PARTIAL_TOPIC)
    related_entries: tuple[int, ...] = ()  # the entries shown for such a word (only they are said to have it)
    group_in_county: bool = True  # COUNTY_FALLBACK: whether the county has entries for the group (a "visa fler" keeps it)


def ranked(idx: np.ndarray, ev: Evidence, *tiers: np.ndarray, scores: np.ndarray | None = None) -> tuple[int, ...]:
    """Order by the tiers (first is most important, each descending), then topic match, then score,
    then document order."""
    idx = np.asarray(idx, dtype=np.int64)
    s = ev.scores if scores is None else scores
    keys = [idx, -s[idx].astype(np.float64), -ev.topical[idx].astype(np.int64)]
    keys += [-np.asarray(t, dtype=np.float64) for t in reversed(tiers)]
    return tuple(int(i) for i in idx[np.lexsort(keys)])


def covered(ev: Evidence, idx: np.ndarray) -> np.ndarray:
    """A first tier where place and group decide the set: the entries with every telling word of the question
    ("Göteborgs instagramkonto om heder") before the others. dev2 0.961 → 0.967, dev3 0.936 → 0.938; as a tier of
    every policy it cost dev4 (0.840 → 0.838: generic words such as "personal" ordered topic answers)."""
    if ev.coverage is None:
        return np.zeros(len(idx))
    return ev.coverage[np.asarray(idx, dtype=np.int64)]


def _where(mask: np.ndarray) -> np.ndarray:
    return np.flatnonzero(mask)


def place_and_group(u: Understanding, ev: Evidence) -> Selection:
    """The group's entries from the place (and from its region as a whole); else, said so plainly, the
    place's other entries and the group's entries in the same county; else the place's county."""
    direct, region, county = ev.relation == DIRECT, ev.relation == REGION, ev.relation == COUNTY
    has_group = ev.group_level > 0
    if (direct & has_group).any():
        idx = _where((direct | region) & has_group)
        # "hur många ipads har gotlands äldreboenden": only the entries with every telling word match; the place's
        # other entries for the group follow as partial, as for a place or a group alone.
        chosen = Selection(ranked(idx, ev, covered(ev, idx), direct[idx], ev.group_level[idx]))
        return with_region_apart(ev, matches_first(u, ev, chosen))
    if direct.any():
        return place_without_group(u, ev)
    nearby = region | county
    if not nearby.any():
        return Selection((), Notice.NO_PLACE)
    first_idx = _where(nearby & has_group)
    first = ranked(first_idx, ev, ev.group_level[first_idx], region[first_idx])
    rest_idx = _where(nearby & ~has_group)
    rest = ranked(rest_idx, ev, region[rest_idx])
    # Nothing for the group in the county either ("Vad gör Kiruna för äldre?"): what there is stands under its
    # own heading from the start, so no entry reads as one for the group.
    headings = ((len(first), OTHER_FROM_COUNTY),) if rest else ()
    return Selection(first + rest, Notice.COUNTY_FALLBACK, headings=headings, group_in_county=bool(first))


def place_without_group(u: Understanding, ev: Evidence) -> Selection:
    """Nothing for the group at the place: its other entries, then the group's entries in the same county,
    each part under its own heading, and the answer says it is no exact match."""
    direct, region, county = ev.relation == DIRECT, ev.relation == REGION, ev.relation == COUNTY
    places = ", ".join(p.name for p in u.places)
    other = _where(direct | region)
    first = ranked(other, ev, direct[other])
    near = _where(county & (ev.group_level > 0))
    second = tuple(i for i in ranked(near, ev, ev.group_level[near]) if i not in first)
    headings = [(0, other_from(places)), *region_apart(ev, first)]
    if second:
        groups = " och ".join(BY_KEY[g].label.lower() for g in u.groups)
        headings.append((len(first), group_in_county(groups)))
    return Selection(first + second, Notice.PLACE_WITHOUT_GROUP, headings=tuple(headings))


def region_apart(ev: Evidence, order: tuple[int, ...]) -> tuple[tuple[int, str], ...]:
    """Where a place's own entries end and its region's or county's begin ("Region Västra Götaland" after
    Göteborg's), as a heading: walkthrough, Region Västra Götaland stood under "Annat från Göteborg", and
    Färgelanda's three "matching" entries were two on the map. `order` has the place's own entries first."""
    first = next((n for n, i in enumerate(order) if ev.relation[i] == REGION), None)
    if not first or any(ev.relation[i] == DIRECT for i in order[first:]):
        return ()
    return ((first, REGION_WIDE),)


def with_region_apart(ev: Evidence, chosen: Selection) -> Selection:
    """An exact place answer without parts of its own gets the region's entries under REGION_WIDE."""
    if chosen.headings or not chosen.notice.exact:
        return chosen
    return replace(chosen, headings=region_apart(ev, chosen.order))


def place_entries(ev: Evidence) -> Selection:
    """The place's entries (then its region's); else its county's, as a fallback; else none (NO_PLACE)."""
    direct, region, county = ev.relation == DIRECT, ev.relation == REGION, ev.relation == COUNTY
    if direct.any():
        idx = _where(direct | region)
        return Selection(ranked(idx, ev, direct[idx]))
    near = _where(region | county)
    if not len(near):
        return Selection((), Notice.NO_PLACE)
    return Selection(ranked(near, ev, region[near]), Notice.COUNTY_FALLBACK)


def topic_absent_there(u: Understanding, ev: Evidence, order: list[int] | tuple[int, ...],
                       cfg: PolicyConfig = PolicyConfig()) -> bool:
    """None of these entries (a place's) has a topic word, and none is close in meaning: only then may the answer
    say the topic is missing there (carriers.lacking)."""
    if not u.content_words or not len(order):
        return False
    idx = list(order)
    close = ev.dense is not None and float(ev.dense[idx].max()) >= cfg.place_topic_floor
    return not ev.topical[idx].any() and not close


def reads(u: Understanding, ev: Evidence, filled_sections: frozenset[str], cfg: PolicyConfig = PolicyConfig()
          ) -> Reads:
    """The word sets the rule for this question will read (carriers.find_carriers tests only these, an embedding
    each or more). A rule that starts reading another set must say so here: tests/test_policy.py compares every
    kind of question's answer with all sets tested. Testing a place's topic words for every place question cost
    dev6 0.33 embeddings a question; they are read only when the place's entries have none of them."""
    kind = question_kind(u)
    if kind == PLACE_AND_GROUP:
        return Reads()
    if kind == PLACE:
        order = place_entries(ev).order
        return Reads(telling=True, lacking=topic_absent_there(u, ev, order, cfg)) if order else Reads()
    if kind == GROUP:
        if empty_sections(u, filled_sections):
            return Reads()
        return Reads(unknown=not u.english, telling=True)
    return Reads(unknown=not u.english, related=cfg.related_floor < 1)


def empty_sections(u: Understanding, filled_sections: frozenset[str]) -> tuple[str, ...]:
    """The named groups' headings that have no entries ("HBTQ-PERSONER")."""
    return tuple(s for g in u.groups for s in BY_KEY[g].sections if s not in filled_sections)


def place_only(u: Understanding, ev: Evidence, cfg: PolicyConfig = PolicyConfig()) -> Selection:
    """The place's entries (then its region's); else its county's. Topic words the place's entries lack are
    ignored when they are everyday words; otherwise the answer says the topic is missing there and shows
    what the place has."""
    chosen = place_entries(ev)
    if not chosen.order:
        return chosen
    order = list(chosen.order)
    gap = telling_gap(u, ev, order)  # the place's entries share words with the question, none has all
    if gap and chosen.notice is Notice.COUNTY_FALLBACK:
        if gap[0] is Notice.NO_TOPIC:  # "inga exempel från X själv, och inget om …"
            return Selection(chosen.order, Notice.COUNTY_FALLBACK, words=gap[1])
    elif gap:
        notice = Notice.PLACE_WITHOUT_TOPIC if gap[0] is Notice.NO_TOPIC else gap[0]
        return Selection(chosen.order, notice, words=gap[1])
    if topic_absent_there(u, ev, order, cfg):
        missing = ev.carriers.lacking
        if missing and chosen.notice is Notice.COUNTY_FALLBACK:  # nothing from the place itself either
            return Selection(chosen.order, Notice.COUNTY_FALLBACK, words=missing)
        if missing:
            return Selection(chosen.order, Notice.PLACE_WITHOUT_TOPIC, words=missing)
    return with_region_apart(ev, matches_first(u, ev, chosen))


def matches_first(u: Understanding, ev: Evidence, chosen: Selection) -> Selection:
    """"Vilken webbplats har chatten i Malmö?": the place's (or group's) entry with the telling words matches; the
    others follow under PARTIAL_HEADING (they answer the place or group, not the topic), never counted as matches."""
    if not u.telling or ev.coverage is None or not (ev.coverage[list(chosen.order)] >= 1.0).any():
        return chosen  # no entry has them all: telling_gap has said so
    order, _, headings, _ = split_by_coverage(u, ev, chosen.order, list(chosen.headings))
    return replace(chosen, order=order, headings=tuple(headings))


def telling_gap(u: Understanding, ev: Evidence,
                order: list[int] | tuple[int, ...]) -> tuple[Notice, tuple[str, ...]] | None:
    """What these entries (a place's, a group's) lack of the telling words that carry the topic (carriers.py:
    not "vända" in "vart kan hon vända sig"; not a loose compound such as "dagläger", Understanding.loose). None
    when one of them has every such word. Else, when a word is in
    none of them ("e-tjänst" for Hudiksvall, whose entry shares only "ansöka"), (NO_TOPIC, those words); when each
    is in one but none has all ("e-tjänst" in one, "ansöka" in another), (NO_FULL_MATCH, the words). The caller
    names the notice NO_TOPIC stands for (PLACE_WITHOUT_TOPIC, GROUP_WITHOUT_TOPIC)."""
    if not u.telling or len(ev.telling_each) != len(u.telling) or not len(order):
        return None
    carriers = ev.carriers.telling
    if not carriers:
        return None
    idx = np.asarray(order, dtype=np.int64)
    if having(u, ev, carriers)[idx].any():
        return None
    absent = tuple(w for w in carriers if not having(u, ev, (w,))[idx].any())
    return (Notice.NO_TOPIC, absent) if absent else (Notice.NO_FULL_MATCH, carriers)


def group_tiers(ev: Evidence, idx: np.ndarray) -> tuple[np.ndarray, ...]:
    """How entries of the named groups are ordered. One group: under its heading before mentioning it. Several:
    entries of more of the groups first, then by the rarest group's level, then the next's."""
    if len(ev.group_each) < 2:
        return (ev.group_level[idx],)
    count = sum((levels[idx] > 0).astype(np.int64) for levels in ev.group_each)
    return (count, *(levels[idx] for levels in ev.group_each))


def fused_with_meaning(ev: Evidence, order: tuple[int, ...], k: int) -> tuple[int, ...]:
    """The rules' order and the whole question's dense order combined by reciprocal-rank fusion (k; 0 = the rules'
    order): where the rules know the answer lacks what carries the question, its meaning should weigh in."""
    if not k or ev.dense is None or len(order) < 2:
        return order
    rule_rank = {i: r for r, i in enumerate(order)}
    dense_rank = {i: r for r, i in enumerate(sorted(order, key=lambda i: (-float(ev.dense[i]), i)))}
    return tuple(sorted(order, key=lambda i: (-(1 / (k + rule_rank[i]) + 1 / (k + dense_rank[i])), rule_rank[i])))


def group_only(u: Understanding, ev: Evidence, filled_sections: frozenset[str],
               cfg: PolicyConfig = PolicyConfig()) -> Selection:
    """Entries under the group's heading, then those that mention it; an empty heading is said to be so, and
    a topic the group's entries lack ("samiska kvinnor") is said to be missing before they are shown, which are
    then ordered with the question's meaning too (fused_with_meaning)."""
    # No tier of "has any topic word" above the heading: one shared word ("särskilt", "dela") put mentions of
    # the group before its own entries. Dropping that tier raised every dev set (dev2 0.967 → 0.969, dev3 0.941 →
    # 0.945, dev4 0.841 → 0.844, dev5 0.886 → 0.891; no type fell). The telling words still come first (covered).
    idx = _where(ev.group_level > 0)
    order = ranked(idx, ev, covered(ev, idx), *group_tiers(ev, idx))
    empty = empty_sections(u, filled_sections)
    if empty:
        return Selection(order, Notice.EMPTY_SECTION, sections=empty)
    missing = ev.carriers.unknown
    if order and missing:  # the group's entries answer the rest of the question, never the missing word
        return Selection(fused_with_meaning(ev, order, cfg.group_gap_fusion), Notice.GROUP_WITHOUT_TOPIC,
                         words=missing)
    # "sms-stöd för kvinnor": the group's entries without an sms are no match (the same promise as a place's).
    gap = telling_gap(u, ev, order)
    if not gap:
        return every_group_first(ev, matches_first(u, ev, Selection(order)))
    elsewhere = having(u, ev, gap[1]) & (ev.group_level == 0)
    if elsewhere.any():  # entries with the words that do not name the group: they, then the group's, both partial
        first = ranked(_where(elsewhere), ev)
        groups = tuple(BY_KEY[g].label.lower() for g in u.groups)
        return Selection(first + order, Notice.NO_FULL_MATCH, words=gap[1] + groups)
    return Selection(order, Notice.GROUP_WITHOUT_TOPIC if gap[0] is Notice.NO_TOPIC else gap[0], words=gap[1])


def every_group_first(ev: Evidence, chosen: Selection) -> Selection:
    """"HRV mot unga": only entries of both groups match; those of one group follow under PARTIAL_HEADING (the
    order already puts entries of more groups first, group_tiers). One group, or no entry of all: unchanged."""
    if len(ev.group_each) < 2 or chosen.headings or not chosen.order:
        return chosen
    every = np.logical_and.reduce([levels > 0 for levels in ev.group_each])
    cut = next((n for n, i in enumerate(chosen.order) if not every[i]), None)
    if not cut:  # none of all the groups (cut 0), or every entry has them all (None)
        return chosen
    return replace(chosen, headings=((cut, PARTIAL_HEADING),))


def having(u: Understanding, ev: Evidence, words: tuple[str, ...]) -> np.ndarray:
    """Per entry, whether it has every one of these telling words."""
    out = np.ones(len(ev.scores), dtype=bool)
    for (w, _), each in zip(u.telling, ev.telling_each):
        if w in words:
            out &= each
    return out


def term_without_words(u: Understanding) -> tuple[str, ...]:
    """The field terms a question names (termer.csv: "HVB"), for a question left with no topic word the material
    has (topic_only calls it only then): the term is what the question asks about, and what the answer must say is
    missing or only near in meaning (walkthrough: "HVB-hem" was called too general)."""
    return tuple(term for term, _ in u.field_terms)


def topic_only(u: Understanding, ev: Evidence, cfg: PolicyConfig = PolicyConfig()) -> Selection:
    """Entries that contain the topic words (close enough to the best), then those close in meaning; when no
    entry contains them, entries whose meaning is close enough. A word that carries the topic and is missing from
    the material is said to be missing: what the other words or the meaning found is then a labelled, inexact
    answer. Refuse when neither words nor meaning support any entry."""
    # Every word of an English question is unknown to a Swedish corpus: there the multilingual embedding,
    # not the words, says whether the material has the topic.
    missing = ev.carriers.unknown
    if not u.content_terms and not missing and not u.english:
        if u.field_terms:  # "finns det något om HVB-hem?": a term the material has no word of is no vague question
            missing = term_without_words(u)
        else:
            # Only question words, or only words nearly every entry has ("Vad finns om våld?"): too broad to pick.
            return Selection((), Notice.VAGUE)
    topic = ev.topic_lexical
    top = float(topic.max()) if topic.size else 0.0
    matched = _where(ev.topical & (topic > 0) & (topic >= cfg.relative_cutoff * top))
    order, scores, headings = ranked(matched, ev, scores=ev.topic_scores), ev.topic_scores, []
    found = ev.related if missing else None
    related: tuple[tuple[str, tuple[str, ...]], ...] = ()
    near_word: list[int] = []
    if found is not None and found.found:
        # Entries with a corpus word close to the missing one follow those with the question's own words.
        rtop = float(found.lexical.max())
        agree = found.topical & (found.lexical >= cfg.relative_cutoff * rtop)
        if ev.dense is not None:  # the whole question's meaning must agree, not only the word's
            agree &= ev.dense >= float(ev.dense.max()) - cfg.related_dense_margin
        with_word = ranked(_where(agree), ev, scores=found.scores)
        near_word = [i for i in with_word if i not in order]
        if cfg.related_first and with_word and order and stand_in_as_close(ev, with_word, order, cfg):
            # The missing word carries the topic (carriers.py); the words the entries share with the question do
            # not. An entry with a stand-in for the carrier comes before one with only the other words.
            rest = tuple(i for i in order if i not in with_word)
            if rest:
                headings.append((len(with_word), PARTIAL_HEADING))
            order, related, near_word = tuple(with_word) + rest, found.words, list(with_word)
        elif near_word:
            if order:
                headings.append((len(order), RELATED_HEADING))
            else:
                scores = found.scores
            order, related = order + tuple(near_word), found.words
    if order:
        notice = Notice.PARTIAL_TOPIC if missing else Notice.NONE
        if not missing:
            order, notice, headings, telling = split_by_coverage(u, ev, order, headings)
            if telling:
                missing = telling
        # A partial answer keeps them too, under their heading: without them the dev questions lost nDCG@10
        # (0.920 → 0.918, dev4 0.818 → 0.809) for a little less noise (share relevant 0.73 → 0.74).
        if ev.dense is not None and cfg.dense_extra_margin > 0:
            best = float(ev.dense[list(matched) if len(matched) else list(order)].max())
            extra = [i for i in ranked(_where(ev.dense >= best - cfg.dense_extra_margin), ev, scores=ev.dense)
                     if i not in order]
            if extra:
                headings.append((len(order), NEAR_HEADING))
                order += tuple(extra)
        return Selection(order, notice, scores=scores, words=missing, headings=tuple(headings), related=related,
                         related_entries=tuple(near_word) if related else ())
    if ev.dense is not None and len(ev.dense):
        best = float(ev.dense.max())
        floor = cfg.english_floor if u.english else cfg.meaning_floor if missing else cfg.dense_floor
        if best >= floor:
            near = _where(ev.dense >= best - cfg.dense_margin)
            return Selection(ranked(near, ev, scores=ev.dense), Notice.MEANING_ONLY if missing else Notice.NONE,
                             scores=ev.dense, words=missing)
    # An English question's words are all missing from a Swedish text ("councils", "ran"): naming them says nothing.
    return Selection((), Notice.NO_TOPIC, words=missing or (() if u.english else tuple(w for w, _ in u.content_words)))


def stand_in_as_close(ev: Evidence, with_word: tuple[int, ...], order: tuple[int, ...], cfg: PolicyConfig) -> bool:
    """Whether the entries with a stand-in for the missing word are about as close to the question's meaning
    (whole-entry cosine, within cfg.stand_in_margin) as the best entry with the question's own words: only then do
    they come first (related_first). "brev hem till alla hushåll": "mail" and "skicka" led, Hudiksvall's letter to
    every household, dense's first, followed as a partial match."""
    own = [i for i in order if i not in with_word]
    if ev.dense is None or not own or cfg.stand_in_margin >= 1.0:
        return True
    return float(ev.dense[list(with_word)].max()) >= float(ev.dense[own].max()) - cfg.stand_in_margin


def split_by_coverage(u: Understanding, ev: Evidence, order: tuple[int, ...], headings: list[tuple[int, str]]
                      ) -> tuple[tuple[int, ...], Notice, list[tuple[int, str]], tuple[str, ...]]:
    """Only entries with every telling word of the question match it ("e-tjänst" in a question on help against
    violence); the others that share some of its words follow under PARTIAL_HEADING. When none has them all, the
    answer is NO_FULL_MATCH and names the telling words (returned last)."""
    if ev.coverage is None or not u.telling:
        return order, Notice.NONE, headings, ()
    full = tuple(i for i in order if ev.coverage[i] >= 1.0)
    if len(full) == len(order):
        return order, Notice.NONE, headings, ()
    rest = tuple(i for i in order if ev.coverage[i] < 1.0)
    if not full:
        return order, Notice.NO_FULL_MATCH, headings, tuple(w for w, _ in u.telling)
    return full + rest, Notice.NONE, [(len(full), PARTIAL_HEADING), *headings], ()


def partial_near_matches(selection: Selection, ev: Evidence, margin: float) -> Selection:
    """Of the entries under the first PARTIAL_HEADING after some matches, keep those whose meaning is within
    margin of the best match (whole-entry cosine): sharing a word of the question is not enough to be shown
    (precision of the shown entries, eval/tuning.md round eight). Later headings move up by what was dropped."""
    if ev.dense is None or margin >= 1.0:
        return selection
    at = next((pos for pos, h in selection.headings if h == PARTIAL_HEADING and pos > 0), None)
    if at is None:
        return selection
    end = min((pos for pos, _ in selection.headings if pos > at), default=len(selection.order))
    ref = max(float(ev.dense[i]) for i in selection.order[:at])
    block = selection.order[at:end]
    dropped = {i for i in block if float(ev.dense[i]) < ref - margin}
    if not dropped:
        return selection
    return keep_only(selection, set(selection.order) - dropped)


def plain(ev: Evidence) -> Selection:
    """The single-signal systems of the evaluation (dense, lexical, fused): every entry with a score."""
    order = [int(i) for i in np.argsort(-ev.scores, kind="stable") if ev.scores[i] > 0]
    return Selection(tuple(order))


def named_organisation_absent(u: Understanding, selection: Selection) -> Selection:
    """"Vad gör Region Skåne?" when the overview has no entry from Region Skåne: said plainly, and the county's
    entries follow under their own heading as what there is, not as a match."""
    if not u.absent_organisations:
        return selection
    places = ", ".join(p.name for p in u.places)
    headings = ((0, from_place(places)),) if selection.order else ()
    return Selection(selection.order, Notice.NO_ORGANISATION, words=u.absent_organisations, headings=headings)


def select(u: Understanding, ev: Evidence, filled_sections: frozenset[str], mode: str = "full",
           cfg: PolicyConfig = PolicyConfig()) -> Selection:
    """Pick the rule for the kind of question."""
    if not u.question:
        return Selection((), Notice.EMPTY)
    if mode != "full":
        return plain(ev)
    kind = question_kind(u)
    if kind == PLACE_AND_GROUP:
        chosen = place_and_group(u, ev)
    elif kind == PLACE:
        chosen = place_only(u, ev, cfg)
    elif kind == GROUP:
        chosen = group_only(u, ev, filled_sections, cfg)
    else:
        chosen = topic_only(u, ev, cfg)
    chosen = partial_near_matches(chosen, ev, cfg.partial_margin)
    return named_organisation_absent(u, chosen) if kind in (PLACE_AND_GROUP, PLACE) else chosen


def within_previous(selection: Selection, ev: Evidence, shown: tuple[int, ...]) -> Selection:
    """"har de något telefonnummer?": the question is about the entries just shown. Keep the chosen entries
    among them; if none of them was chosen, show them again (the answer then says what they lack)."""
    if not shown:
        return selection
    before = set(shown)
    if any(i in before for i in selection.order):
        # Each kept entry stays under its heading: a partial entry shown again is no match now either
        # (walkthrough: a question about the shown entries after "1 post matchar … 9 till tar upp en del" said
        # "8 poster matchar").
        return keep_only(selection, before)
    return Selection(ranked(np.asarray(shown), ev))


def besides(selection: Selection, ev: Evidence, shown: tuple[int, ...],
            pool: tuple[int, ...] | None = None) -> Selection:
    """"vad mer gör de där?": what the previous answer did not show: this selection without the entries shown,
    or, when the follow-up names no place (pool given: the other entries of the organisations shown), those.
    Nothing left is said, not filled with the entries already read (walkthrough: Piteå's one entry again as
    "1 post matchar")."""
    before = set(shown)
    if pool is not None:
        rest = np.asarray([i for i in pool if i not in before], dtype=np.int64)
        return Selection(ranked(rest, ev)) if len(rest) else Selection((), Notice.NOTHING_BESIDES)
    kept = keep_only(selection, set(selection.order) - before)
    return kept if kept.order else Selection((), Notice.NOTHING_BESIDES)


def keep_only(selection: Selection, keep: set[int] | frozenset[int]) -> Selection:
    """The selection with only these entries, in its order; each heading stays over what is left of its part, and
    a part with nothing left loses its heading."""
    starts: dict[int, list[str]] = {}
    for pos, h in selection.headings:
        starts.setdefault(pos, []).append(h)
    order: list[int] = []
    headings: list[tuple[int, str]] = []
    pending: list[str] = []
    for n, i in enumerate(selection.order):
        if n in starts:
            pending = starts[n]
        if i in keep:
            headings += [(len(order), h) for h in pending]
            pending = []
            order.append(i)
    return replace(selection, order=tuple(order), headings=tuple(headings))


def matches_end(selection: Selection) -> int:
    """Where the entries an exact answer counts as matches end: its first NOT_MATCH_HEADINGS heading, else the end."""
    return next((pos for pos, h in selection.headings if h in NOT_MATCH_HEADINGS), len(selection.order))


def facts_first(selection: Selection, holds: tuple[bool, ...]) -> Selection:
    """"har de något telefonnummer?": of the entries an exact answer counts as matches (those before its first
    NOT_MATCH_HEADINGS heading; holds: per entry of the order, whether it has such a fact, detail.best_sentence),
    those with the fact match; the others follow under LACKS_FACT (walkthrough: "2 poster matchar" where one had a
    number). A heading inside the matches ("För hela regionen eller länet") gives way: its order no longer holds.
    All or none with the fact: unchanged (none: the answer says the overview gives no such fact)."""
    if not selection.notice.exact:
        return selection
    cut = matches_end(selection)
    part, part_holds = selection.order[:cut], holds[:cut]
    if all(part_holds) or not any(part_holds):
        return selection
    with_fact = tuple(i for i, h in zip(part, part_holds) if h)
    without = tuple(i for i, h in zip(part, part_holds) if not h)
    later = tuple((pos, h) for pos, h in selection.headings if pos >= cut)
    return replace(selection, order=with_fact + without + selection.order[cut:],
                   headings=((len(with_fact), LACKS_FACT), *later))


def more(previous: Selection, shown: int) -> Selection:
    """"visa fler": the entries of the previous answer after those already shown, with its notice and part
    headings kept (a fallback stays labelled as one); an empty previous answer is repeated as it was."""
    if not previous.order:
        return previous
    rest = previous.order[shown:]
    if not rest:
        return Selection((), Notice.NO_MORE)
    started = [h for pos, h in previous.headings if pos <= shown]
    headings = ([(0, started[-1])] if started else []) + [(pos - shown, h) for pos, h in previous.headings
                                                          if pos > shown]
    notice = Notice.MORE if previous.notice is Notice.NONE else previous.notice
    return replace(previous, order=rest, notice=notice, headings=tuple(headings))
