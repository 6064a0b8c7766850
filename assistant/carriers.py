"""Which of the question's words carry its topic: a question-level reading that needs the embedding, decided once
before the rules (policy.py) so they read plain data, never a call back into the model.

A word the material lacks only matters when the question is about it: "finska" in "finska kvinnor" is, "händer"
in "vad händer i Malmö" is not. The test is how much the question still means the same without the word (cosine
of the two question vectors, Ranker.without_similarity), beside whether it is an everyday Swedish word at all.
Each word set costs an embedding or more, so only the sets the rule for this question will read are tested: the
rules say which (policy.reads, a `Reads`), and a place-and-group question costs nothing here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

from .detail import fact_words
from .groups import find_groups
from .query import Understanding
from .thresholds import PolicyConfig

MeaningWithout = Callable[[tuple[str, ...]], float]  # the question's cosine to itself without these words

PLACE_AND_GROUP, PLACE, GROUP, TOPIC = "place_and_group", "place", "group", "topic"


@dataclass(frozen=True)
class Carriers:
    """The topic-carrying words of each word set the rules test; () where none carries it (or none was tested)."""

    unknown: tuple[str, ...] = ()  # of the words the corpus lacks (Understanding.unknown_words)
    telling: tuple[str, ...] = ()  # of the telling words that are no loose compound: what a place's or group's
    # entries may lack (policy.telling_gap)
    lacking: tuple[str, ...] = ()  # of the topic words a place's entries may be said to lack (lacking_words)


NO_CARRIERS = Carriers()


@dataclass(frozen=True)
class Reads:
    """Which of the word sets the rule for this question will read (policy.reads): only these are tested."""

    unknown: bool = False  # the unknown words' carriers (a group's or the topic's missing words)
    telling: bool = False  # the telling words' carriers, read only when no unknown word carries the topic
    lacking: bool = False  # a place's topic words, read when the place's entries have none of them
    related: bool = False  # the corpus words close to a missing carrier (a topic question's labelled answer)


EVERY_SET = Reads(unknown=True, telling=True, lacking=True, related=True)


def question_kind(u: Understanding) -> str:
    """Which rule answers the question (policy.select): both a place and a group, a place, a group, or the topic."""
    if u.places and u.groups:
        return PLACE_AND_GROUP
    if u.places:
        return PLACE
    if u.groups:
        return GROUP
    return TOPIC


def absent_terms(u: Understanding, corpus_text: str) -> tuple[str, ...]:
    """The field terms of the question (termer.csv: "HVB", "SoL") that the overview names neither as such nor by
    what they stand for ("hem för vård eller boende"): each names one thing, so a question about it asks for what
    the material lacks. A term that names a target group ("LSS", "MVK", "BUP": its expansion alone finds a group) is
    answered by that group's entries, so it is never said to be missing (dev: LSS and MVK questions are answerable;
    eval/tuning.md round ten)."""
    def named(phrase: str) -> bool:
        return re.search(r"(?<!\w)" + re.escape(phrase.lower()) + r"(?!\w)", corpus_text) is not None

    return tuple(term for term, name in u.field_terms
                 if not named(term) and not named(name) and not find_groups(name.lower()))


def find_carriers(u: Understanding, cfg: PolicyConfig, without: MeaningWithout, reads: Reads = EVERY_SET,
                  absent: tuple[str, ...] = ()) -> Carriers:
    """The carriers of the word sets the rule reads. A rule that reads both answers an unknown carrier first (a
    group's entries lacking "finska"), so the telling words are then not tested. A loose compound (Understanding.loose:
    "dagläger", which the corpus has only as parts) is tested for a place's few entries, which then lack even its
    parts ("radioinslag" for Piteå: no "radio", no "inslag"), not for a group's many (dev4-027, dev5-033: the
    children's entries answer "dagläger" in other words; eval/tuning.md round ten)."""
    fact = fact_words(u)  # "telefonnumret": the kind of answer asked for, never a missing topic

    def tested(words) -> tuple[str, ...]:
        return tuple(w for w in words if w not in fact)

    unknown = (tuple(absent) + topic_carriers(u, tested(u.unknown_words), cfg, without)) if reads.unknown else ()
    for_place = question_kind(u) == PLACE
    telling = () if unknown or not reads.telling or not u.telling else topic_carriers(
        u, tested(w for w, _ in u.telling if for_place or w not in u.loose), cfg, without, cfg.telling_similarity)
    lacking = topic_carriers(u, tested(lacking_words(u)), cfg, without) if reads.lacking and u.content_words else ()
    return Carriers(unknown, telling, lacking)


def topic_carriers(u: Understanding, words: tuple[str, ...], cfg: PolicyConfig, without: MeaningWithout,
                   floor: float | None = None) -> tuple[str, ...]:
    """The words that carry the question's topic. A content word that is no everyday Swedish word ("hund",
    "finska", "statsbidrag": lexicon.is_everyday) carries it: the question asks about it even when e5 barely
    notices its removal (0.96–0.97). An everyday word ("händer", "använt", "jobbat") carries it only when its
    removal changes what the question means (keep_similarity)."""
    if not words:
        return ()
    floor = cfg.content_similarity if floor is None else floor
    strong = tuple(w for w in words if w not in u.everyday
                   and (floor > 1 or unknown_abbreviation(u, w) or without((w,)) < floor))
    if strong:  # the topic is carried by the content word; the everyday words beside it are not missing
        return strong
    if without(words) >= cfg.keep_similarity:
        return ()
    if len(words) == 1:
        return words
    return tuple(w for w in words if without((w,)) < cfg.keep_similarity) or words


def confirm_telling(u: Understanding, without: MeaningWithout, cfg: PolicyConfig) -> Understanding:
    """An everyday Swedish word the corpus has in few entries (Understanding.doubtful: "polisen", Zipf 5.46, in
    four) is telling when the question means something else without it, by the test topic_carriers puts every
    everyday word to (keep_similarity): "Samarbete med polisen" is about the police, and its entries with only
    "samarbete" matched while those naming the police stood under "Tar upp en del"; "sitter hemma" in a question
    about the elderly stays background. A confirmed word is a content word from then on, no everyday one."""
    if not u.doubtful:
        return u
    confirmed = tuple((w, s) for w, s in u.doubtful if without((w,)) < cfg.keep_similarity)
    if not confirmed:
        return replace(u, doubtful=())
    words = {w for w, _ in confirmed}
    return replace(u, telling=u.telling + confirmed, everyday=tuple(w for w in u.everyday if w not in words),
                   doubtful=())


def unknown_abbreviation(u: Understanding, word: str) -> bool:
    """A word the corpus lacks, written as an abbreviation ("EMDR", "BRÅ" in a question in lower case): it names one
    thing, so the question asks about it, however little e5 notices it going (termer.csv's terms are expanded
    before this and never reach it)."""
    if word in u.everyday or not word.isalpha() or not 2 <= len(word) <= 6:
        return False
    source = u.topic_source or u.question  # an inherited topic is judged where it was written
    written = re.findall(r"\b" + re.escape(word) + r"\b", source, re.IGNORECASE)
    lower = sum(ch.islower() for ch in source)
    return any(w.isupper() for w in written) and lower > sum(ch.isupper() for ch in source)


def lacking_words(u: Understanding) -> tuple[str, ...]:
    """The topic words an answer may say are missing: those the corpus lacks, or whose index terms are rare enough
    to test (content_terms). A word most entries have ("våld") is never "missing" from a place's entries."""
    return tuple(w for w, stems in u.content_words if not stems or any(s in u.content_terms for s in stems))
