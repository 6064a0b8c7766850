"""Finding the request in a long question: the sentence or clause that asks, apart from the background before it.

"Vi har många brukare som inte vågar ringa när förövaren är hemma, finns det sms-stöd?" asks for sms support; the
perpetrator is the situation, not the target group. Background informs the ranking (the whole question is still
embedded and searched) but sets no place or group gate (query.py).
"""

from __future__ import annotations

import re

from .text import words

# Words a Swedish (or English) question or request opens with.
OPENERS = frozenset(
    "vad vilka vilken vilket hur finns fanns har hade kan kunde gör görs gjorde är var vem när varför ska skulle "
    "får fick vet känner berätta visa ge tipsa nån någon några något what which how is are do does did has have "
    "can could any who where tell show".split()
)
# A leading clause counts as background only when it is a clause of its own, not a bare phrase: "I Malmö, vad
# finns för äldre?" keeps Malmö in the request. Not tuned: the shortest Swedish clause with subject, verb and
# object, "vi har många brukare", has four words.
MIN_BACKGROUND_WORDS = 4
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_CLAUSE = re.compile(r"(?<=[,;:–])\s+")


def split_request(text: str) -> tuple[str, str]:
    """(request, background). Background is what stands before the first sentence that asks (ends in "?"), and
    within that sentence the clauses before a later clause that opens a question. No background: ("text", "")."""
    sentences = [s for s in _SENTENCE.split(text.strip()) if s]
    first_ask = next((i for i, s in enumerate(sentences) if s.rstrip().endswith("?")), None)
    if first_ask is None:
        first_ask = len(sentences) - 1 if sentences else 0
    background = " ".join(sentences[:first_ask])
    request = " ".join(sentences[first_ask:])
    clauses = _CLAUSE.split(request)
    for i in range(len(clauses) - 1, 0, -1):
        opener = words(clauses[i])[:1]
        lead = " ".join(clauses[:i])
        if opener and opener[0] in OPENERS and len(words(lead)) >= MIN_BACKGROUND_WORDS:
            background = f"{background} {lead}".strip()
            request = " ".join(clauses[i:])
            break
    return request, background
