"""What is the case about an answer (Notice): named by the decision (policy.py, decision.py), said in Swedish by
the rendering (wording.py). Its own module, so that the two stages share the name without importing each other."""

from __future__ import annotations

from enum import Enum


class Notice(Enum):
    """Why an answer looks the way it does; its Swedish sentence is wording.notice_message's."""

    NONE = ""
    EMPTY = "empty"  # no question at all
    VAGUE = "vague"  # only question words: nothing to match
    NO_PLACE = "no_place"  # the place has no entries, nor has its county
    NO_TOPIC = "no_topic"  # what is asked about is not in the material
    COUNTY_FALLBACK = "county_fallback"  # nothing from the place itself: entries from its county
    PLACE_WITHOUT_GROUP = "place_without_group"  # the place has entries, none for the group: shown instead
    PLACE_WITHOUT_TOPIC = "place_without_topic"  # the place has entries, none about the topic: shown instead
    GROUP_WITHOUT_TOPIC = "group_without_topic"  # the group has entries, none about the topic: shown instead
    PARTIAL_TOPIC = "partial_topic"  # part of the topic is in the material, a word that carries it is not
    MEANING_ONLY = "meaning_only"  # no entry has the words that carry the topic; these are close in meaning
    EMPTY_SECTION = "empty_section"  # the group's heading is empty in the document
    MORE = "more"  # "visa fler": the next entries of the previous answer
    NO_MORE = "no_more"  # "visa fler" when everything has been shown
    NOTHING_BESIDES = "nothing_besides"  # "vad mer gör de där?" when the previous answer showed all there is
    NO_PREVIOUS = "no_previous"  # "visa fler" with no answer before it
    NO_ORGANISATION = "no_organisation"  # the question names an organisation ("Region Skåne") without entries
    UNSURE = "unsure"  # the rules found entries, the learned decision (decision.py) doubts they answer the question
    NO_FULL_MATCH = "no_full_match"  # every topic word is in the material, but no entry has all that tell the topic

    @property
    def exact(self) -> bool:
        """Whether quotes shown under this notice answer the question as asked; the others are labelled
        fallbacks (another place, the place's other entries, mere mentions of a group) or no quotes at all."""
        return self in (Notice.NONE, Notice.MORE)
