"""One test per policy rule, on the fixture corpus with the fake embedder (fast tier)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from conftest import ask, hit_ids

from assistant.policy import NEAR_HEADING, Notice, PolicyConfig, Selection, ranked
from assistant.query import Question
from assistant.retrieval import Evidence
from assistant.wording import notice_message


def test_place_and_group_quotes_the_groups_entries_from_the_place(small):
    a = ask(small, "Vad gör Malmö för äldre?")
    assert hit_ids(a) == ["aldre/malmo-kommun"]
    assert a.notice == Notice.NONE.value and not a.abstained


def test_place_and_group_with_nothing_for_the_group_there_says_so_then_shows_what_there_is(small):
    a = ask(small, "Vad finns för barn i Lund?")
    assert a.notice == Notice.PLACE_WITHOUT_GROUP.value and not a.exact and not a.abstained
    assert a.message.startswith("Översikten har inga exempel för barn och unga i Lund.")
    # The place's other entries under their own heading, then the group's entries in the same county.
    assert hit_ids(a) == ["allman-information/lunds-kommun", "allman-information/region-skane",
                          "barn-och-unga/malmo-stad"]
    assert "#### Annat från Lund" in a.markdown and "#### För barn och unga i samma län" in a.markdown
    assert a.to_record()["exact"] is False


def test_place_and_group_without_own_entries_falls_back_to_the_county(small):
    a = ask(small, "äldre i Helsingborg")
    assert a.notice == Notice.COUNTY_FALLBACK.value and not a.exact
    ids = hit_ids(a)
    assert ids[0] == "aldre/malmo-kommun"  # the group's entry in the county first, then the county's others
    assert set(ids[1:]) == {"allman-information/region-skane", "allman-information/lunds-kommun",
                            "allman-information/malmo-stad", "barn-och-unga/malmo-stad"}
    assert "samma län" in a.message and "#### Annat från samma län" in a.markdown


def test_place_with_nothing_in_its_county_either_is_refused(small):
    a = ask(small, "Vad görs i Uppsala?")
    assert a.notice == Notice.NO_PLACE.value and a.abstained and a.hits == ()
    assert a.message == "Översikten har inga exempel från Uppsala, och inga från samma län."


def test_place_only_lists_the_places_entries_before_its_regions(small):
    a = ask(small, "Vad görs i Malmö?")
    ids = hit_ids(a)
    assert set(ids[:3]) == {"allman-information/malmo-stad", "aldre/malmo-kommun", "barn-och-unga/malmo-stad"}
    assert ids[3:] == ["allman-information/region-skane"]
    assert [h.place_relation for h in a.hits] == ["direct"] * 3 + ["region"]


def test_place_without_own_entries_puts_the_region_first_then_the_county(small):
    a = ask(small, "Vad görs i Helsingborg?")
    assert a.notice == Notice.COUNTY_FALLBACK.value
    assert hit_ids(a)[0] == "allman-information/region-skane"
    assert {h.place_relation for h in a.hits[1:]} == {"county"}


def test_place_with_a_topic_it_lacks_says_so_and_shows_the_place(small):
    a = ask(small, "sommarjobb i Lund")
    assert a.notice == Notice.PLACE_WITHOUT_TOPIC.value and not a.exact
    assert hit_ids(a) == ["allman-information/lunds-kommun", "allman-information/region-skane"]
    assert a.message.startswith("Översikten har inget om ”sommarjobb” för Lund.")


def _carriers(similarity: dict, words: tuple[str, ...], everyday: tuple[str, ...] = ()) -> tuple[str, ...]:
    from assistant.carriers import topic_carriers
    from assistant.query import Understanding

    u = Understanding("q", (), (), (), (), everyday=everyday)
    return topic_carriers(u, words, PolicyConfig(keep_similarity=0.93), lambda ws: similarity[tuple(ws)])


def test_everyday_words_carry_no_topic_unless_dropping_them_changes_the_meaning():
    # Dropping "händer" leaves the question's meaning (0.96): incidental. Dropping "kostar" alone would not.
    assert _carriers({("händer",): 0.96}, ("händer",), everyday=("händer",)) == ()
    assert _carriers({("kostar",): 0.89}, ("kostar",), everyday=("kostar",)) == ("kostar",)
    both = {("kostar", "händer"): 0.89, ("kostar",): 0.90, ("händer",): 0.95}
    assert _carriers(both, ("kostar", "händer"), everyday=("kostar", "händer")) == ("kostar",)


def test_a_content_word_carries_the_topic_however_little_e5_notices_it():
    # "Finns det något för finska kvinnor?": e5 keeps 0.96 without "finska", yet the question asks about it.
    assert _carriers({("finska",): 0.96}, ("finska",)) == ("finska",)
    # Beside a content word, an everyday word is not what is missing.
    assert _carriers({("fick",): 0.90, ("statsbidrag",): 0.971}, ("statsbidrag", "fick"),
                     everyday=("fick",)) == ("statsbidrag",)


def test_group_only_puts_heading_entries_first(small):
    a = ask(small, "Vad finns för äldre?")
    assert set(hit_ids(a)) == {"aldre/malmo-kommun", "aldre/gotland"}
    assert all(h.group_level == 2 for h in a.hits)


def test_empty_heading_is_said_to_be_empty(small):
    a = ask(small, "Finns det något för hbtq-personer?")
    assert a.notice == Notice.EMPTY_SECTION.value and a.abstained
    assert "rubriken Hbtq-personer" in a.message and "inga andra poster nämner gruppen" in a.message


def test_topic_only_finds_the_entry_with_the_words(small):
    assert hit_ids(ask(small, "Vilken kommun erbjuder hjälp via sms?"))[0] == "allman-information/lunds-kommun"
    assert hit_ids(ask(small, "affischer"))[0] == "allman-information/malmo-stad"


def test_entries_close_in_meaning_follow_those_with_the_words():
    from assistant.policy import PolicyConfig, topic_only
    from assistant.query import Understanding

    u = Understanding("tidningen", (), (), ("tidning",), ("tidning",), content_words=(("tidningen", ("tidning",)),))
    ev = _evidence(3, [0.5, 0.1, 0.1], topical=[True, False, False])
    ev = ev.__class__(**{**ev.__dict__, "topic_lexical": np.array([2.0, 0, 0]), "topic_scores": np.array([0.9, 0.1, 0.1]),
                         "dense": np.array([0.86, 0.84, 0.70])})
    assert topic_only(u, ev, PolicyConfig(dense_extra_margin=0.0)).order == (0,)
    assert topic_only(u, ev, PolicyConfig(dense_extra_margin=0.04)).order == (0, 1)  # 0.84 ≥ 0.86 − 0.04


def _topic_question(words, everyday: bool = False):
    """Two topic words: the first the material lacks (an everyday word, if so said), the second found (stem 'x')
    in entries 0 and 2."""
    from assistant.query import Understanding

    missing, found = words
    return Understanding(f"{missing} {found}", (), (), ("x",), ("x",), unknown_words=(missing,),
                         content_words=((missing, ()), (found, ("x",))), everyday=(missing,) if everyday else ())


def _topic_evidence(u, similarity_without, dense=(0.80, 0.70, 0.78), topic=(2.0, 0.0, 1.5), related=None):
    """Three entries' evidence for a topic question, with the carriers its words get at this similarity."""
    from assistant.carriers import find_carriers
    from assistant.retrieval import NO_RELATED

    ev = _evidence(3, [0.5, 0.1, 0.4], topical=[t > 0 for t in topic])
    return replace(ev, topic_lexical=np.array(topic), topic_scores=np.array([0.9, 0.1, 0.7]), dense=np.array(dense),
                   carriers=find_carriers(u, PolicyConfig(), lambda ws: similarity_without),
                   related=related or NO_RELATED)


def test_a_missing_word_that_carries_the_topic_makes_the_answer_a_labelled_partial_one():
    from assistant.policy import PolicyConfig, topic_only

    # "Hur ansöker jag om bostadsbidrag?": entries with "ansöker" are shown, but the answer says "bostadsbidrag"
    # is not in the material and is no exact answer.
    u = _topic_question(("bostadsbidrag", "ansöker"))
    sel = topic_only(u, _topic_evidence(u, 0.80), PolicyConfig())
    assert sel.order == (0, 2) and sel.notice is Notice.PARTIAL_TOPIC and not sel.notice.exact
    # An entry close in meaning follows under its own heading, as in any topic answer.
    near = topic_only(u, _topic_evidence(u, 0.80, dense=(0.80, 0.795, 0.78)), PolicyConfig())
    assert near.order == (0, 2, 1) and near.headings == ((2, "Nära i betydelse (nämner inte frågans ord)"),)
    assert sel.words == ("bostadsbidrag",)
    assert notice_message(Notice.PARTIAL_TOPIC, words="”bostadsbidrag”").startswith("Översikten har inget om ”bostadsbidrag”.")


def test_a_missing_everyday_word_leaves_the_answer_exact():
    from assistant.policy import PolicyConfig, topic_only

    # "Har någon använt affischer?": the question means the same without "använt".
    u = _topic_question(("använt", "affischer"), everyday=True)
    sel = topic_only(u, _topic_evidence(u, 0.97), PolicyConfig())
    assert sel.order == (0, 2) and sel.notice is Notice.NONE


def test_meaning_alone_answers_a_missing_topic_word_only_above_its_floor_and_labelled():
    from assistant.policy import PolicyConfig, topic_only

    # "Vilka har gjort reklamkampanjer?": no entry has the word; the closest in meaning are shown, labelled.
    u = _topic_question(("reklamkampanjer", "x"))
    close = _topic_evidence(u, 0.80, dense=(0.86, 0.70, 0.855), topic=(0.0, 0.0, 0.0))
    sel = topic_only(u, close, PolicyConfig(meaning_floor=0.85, dense_margin=0.01))
    assert sel.order == (0, 2) and sel.notice is Notice.MEANING_ONLY and not sel.notice.exact
    far = topic_only(u, close, PolicyConfig(meaning_floor=0.87))
    assert far.order == () and far.notice is Notice.NO_TOPIC and far.words == ("reklamkampanjer",)


def test_topic_the_material_lacks_is_refused(small):
    a = ask(small, "Hur söker jag bygglov?")
    assert a.notice == Notice.NO_TOPIC.value and a.abstained


def test_a_missing_word_said_twice_is_named_once(small):
    a = ask(small, "Hur söker jag bygglov, bygglov och bygglov?")
    assert a.notice == Notice.NO_TOPIC.value and a.message.count("”bygglov”") == 1


def test_question_words_alone_are_too_vague(small):
    a = ask(small, "vad finns det?")
    assert a.notice == Notice.VAGUE.value and a.abstained


def test_empty_question_asks_for_one(small):
    a = ask(small, "   ")
    assert a.notice == Notice.EMPTY.value and a.message.startswith("Skriv en fråga")


def test_single_signal_modes_rank_by_that_signal_alone(small):
    a = ask(small, "sms telefontiden", mode="lexical")
    assert hit_ids(a) == ["allman-information/lunds-kommun"]  # the only entry with either word
    dense = ask(small, "sms telefontiden", mode="dense")
    assert len(dense.hits) >= 1 and dense.notice == ""


def _evidence(n: int, scores, topical=None) -> Evidence:
    z = np.zeros(n)
    return Evidence(np.asarray(scores, dtype=np.float32), None, z.astype(int), z.astype(int),
                    np.asarray(topical if topical is not None else [False] * n), z, z, ((),))


def test_tiers_are_sort_keys_not_arithmetic():
    # Old code encoded two tiers as first*10 + second, which breaks once the second reaches 10.
    ev = _evidence(3, [0.1, 0.2, 0.3])
    first = np.array([1, 0, 0])
    second = np.array([0, 12, 11])
    assert ranked(np.arange(3), ev, first, second) == (0, 1, 2)


def test_ties_fall_back_to_topic_match_then_score_then_document_order():
    ev = _evidence(4, [0.5, 0.5, 0.9, 0.5], topical=[False, False, False, True])
    assert ranked(np.arange(4), ev) == (3, 2, 0, 1)


@pytest.mark.parametrize("notice", list(Notice))
def test_every_notice_has_a_swedish_message(notice):
    text = notice_message(notice, places="Lund", groups="äldre", words="”x”", sections="Hbtq-personer", n=0)
    assert text and text[0].isupper() and text.rstrip().endswith((".", ":", "?”"))


def test_show_more_without_a_previous_answer_asks_for_a_question(small):
    a = ask(small, "visa fler")
    assert a.notice == Notice.NO_PREVIOUS.value and a.hits == ()
    assert a.message.startswith("Det finns inget tidigare svar")


def test_show_more_keeps_the_previous_notice_and_its_part_headings(small):
    first = ask(small, "Vad finns för barn i Lund?", k=1)
    assert first.notice == Notice.PLACE_WITHOUT_GROUP.value
    more = ask(small, "visa fler", previous=first.context, k=5)
    assert more.notice == Notice.PLACE_WITHOUT_GROUP.value and not more.exact  # still labelled as a fallback
    # The next page starts where the first stopped: at Region Skåne, under the region's own heading.
    assert "#### För hela regionen eller länet" in more.markdown and "#### För barn och unga i samma län" in more.markdown
    assert "#### Annat från Lund" in first.markdown and "#### Annat från Lund" not in more.markdown
    assert "Fortsättning: fler poster till förra frågan" in more.markdown
    assert not set(hit_ids(first)) & set(hit_ids(more))


def test_show_more_says_once_that_it_continues(small):
    first = ask(small, "Vad görs i Malmö?", k=1)
    more = ask(small, "visa fler", previous=first.context, k=1)
    assert more.notice == Notice.MORE.value and more.message.startswith("Fler poster till förra frågan")
    assert "Fortsättning" not in more.markdown and more.markdown.count("förra frågan") == 1
    rest = ask(small, "visa fler", previous=more.context, k=10)
    end = ask(small, "visa fler", previous=rest.context)
    assert end.notice == Notice.NO_MORE.value and "Fortsättning" not in end.markdown


def test_show_more_after_a_refusal_repeats_the_refusal(small):
    first = ask(small, "Hur söker jag bygglov?")
    more = ask(small, "visa fler", previous=first.context)
    assert more.notice == first.notice and more.hits == ()


def test_show_more_after_everything_was_shown_says_so(small):
    first = ask(small, "Vad gör Malmö för äldre?")
    more = ask(small, "visa fler", previous=first.context)
    assert more.notice == Notice.NO_MORE.value


def test_a_refusal_without_words_is_still_a_sentence():
    text = notice_message(Notice.NO_TOPIC, words="")
    assert text == "Översikten har inget som matchar frågan. Inga poster citeras."


def test_an_english_refusal_does_not_list_the_english_words_as_missing(small):
    a = ask(small, "How do I apply for a building permit?")
    assert a.abstained and a.notice == Notice.NO_TOPIC.value
    assert a.message.startswith("Översikten har inget som matchar frågan."), a.message


def test_a_question_pointing_back_is_about_the_entries_just_shown(small):
    first = ask(small, "Vad gör Piteå för kvinnor?")
    follow = ask(small, "har de något telefonnummer?", previous=first.context)
    assert follow.understanding.pointing and hit_ids(follow) == hit_ids(first)
    assert "**Kvinnojouren nås på 0911-123 45.**" in follow.markdown
    other = ask(small, "vad finns för äldre på Gotland?")
    again = ask(small, "har de något telefonnummer?", previous=other.context)
    assert set(hit_ids(again)) == set(hit_ids(other))  # nothing else, and the answer says what they lack
    assert "Översikten anger inget telefonnummer" in again.markdown
    assert "matchar" not in again.markdown and not again.exact  # walkthrough: "anger inget …", then "1 post matchar"
    # About the entries just shown: no further pages are promised, even when the rule behind it found more.
    one = ask(small, "Vad finns för äldre?", k=1)
    back = ask(small, "har de något telefonnummer?", previous=one.context, k=1)
    assert back.remaining == 0 and "visa fler" not in back.markdown


def test_two_groups_put_entries_of_both_first_then_the_rarer_groups():
    from assistant.policy import group_tiers

    # Entries: 0 youth heading, 1 honour heading, 2 youth heading that mentions honour, 3 mentions youth.
    youth, honour = np.array([2, 0, 2, 1]), np.array([0, 2, 1, 0])
    ev = _evidence(4, [0.9, 0.1, 0.2, 0.8])
    ev = ev.__class__(**{**ev.__dict__, "group_level": youth + honour, "group_each": (honour, youth)})
    idx = np.arange(4)
    assert ranked(idx, ev, *group_tiers(ev, idx)) == (2, 1, 0, 3)
    single = ev.__class__(**{**ev.__dict__, "group_level": youth, "group_each": (youth,)})
    assert ranked(idx, single, *group_tiers(single, idx)) == (0, 2, 3, 1)  # heading, then mention, by score


def test_corpus_words_close_in_meaning_to_a_missing_topic_word_join_a_labelled_answer():
    from assistant.policy import PARTIAL_HEADING, RELATED_HEADING, PolicyConfig, topic_only
    from assistant.retrieval import Related

    # "reklam på bussarna": no entry has "reklam"; entry 1 has "kampanj", which the model puts close to it.
    u = _topic_question(("reklam", "bussarna"))
    found = Related((("reklam", ("kampanj",)),), np.array([False, True, False]), np.array([0.0, 3.0, 0.0]),
                    np.array([0.2, 0.9, 0.1]))
    ev = _topic_evidence(u, 0.80, related=found)
    sel = topic_only(u, ev, PolicyConfig(related_dense_margin=0.15, related_first=False))
    # The entries with the question's own words first, then under its own heading the one with the related word.
    assert sel.order == (0, 2, 1) and sel.headings == ((2, RELATED_HEADING),)
    # With related_first (the default), the related word's entry leads: "reklam" carries the topic, "bussarna"
    # does not (test_an_entry_with_a_stand_in_for_the_missing_carrier_comes_first).
    # (Its entry is 0.10 further in meaning than the best own-word one: with stand_in_margin, that one leads.)
    lead = topic_only(u, ev, PolicyConfig(related_dense_margin=0.15, stand_in_margin=1.0))
    assert lead.order == (1, 0, 2) and lead.headings == ((1, PARTIAL_HEADING),)
    assert topic_only(u, ev, PolicyConfig(related_dense_margin=0.15)).order == (0, 2, 1)
    assert sel.notice is Notice.PARTIAL_TOPIC and not sel.notice.exact
    assert sel.related == (("reklam", ("kampanj",)),) and sel.words == ("reklam",)
    # Without the question's own words the related word's entry leads, with no heading over it.
    alone = _topic_evidence(u, 0.80, topic=(0.0, 0.0, 0.0), related=found)
    only = topic_only(u, alone, PolicyConfig(dense_extra_margin=0.0, related_dense_margin=0.15))
    assert only.order == (1,) and only.headings == () and only.notice is Notice.PARTIAL_TOPIC
    # An entry the whole question is far from in meaning (0.70 against the best 0.80) is not shown for its word.
    far = topic_only(u, ev, PolicyConfig(related_dense_margin=0.05))
    assert far.order == (0, 2) and far.related == ()
    # Nothing found: the answer is what the other words found, as before.
    assert topic_only(u, _topic_evidence(u, 0.80), PolicyConfig()).order == (0, 2)
    assert topic_only(u, _topic_evidence(u, 0.80), PolicyConfig()).related == ()

def test_only_the_missing_carriers_of_a_topic_question_are_looked_up_for_related_words(small, monkeypatch):
    """The lookup embeds once more per word: only a missing word that carries the topic (carriers.py) is looked up,
    only for a topic question, with the floors of the one config; related_floor 1.0 switches it off."""
    from assistant.retrieval import Related

    asked = []

    def related(u, ev, words, floor, context_floor, qvec, without=None, gain=0.0):
        asked.append((words, floor, context_floor))
        return Related()

    monkeypatch.setattr(small.ranker, "related", related)
    assert ask(small, "Finns det affischer?").notice == Notice.NONE.value and asked == []  # no word is missing
    carriers = small.decide(Question("Hur ansöker jag om bostadsbidrag?"))[1].carriers
    assert "bostadsbidrag" in carriers.unknown
    assert asked == [(carriers.unknown, small.policy.related_floor, small.policy.related_context_floor)]
    ask(small, "Vad finns om bostadsbidrag i Malmö?")  # a place's question: its entries are shown, no lookup
    assert len(asked) == 1
    # "händer" is missing but an everyday word that leaves the meaning (0.99 ≥ keep_similarity): no carrier, no lookup.
    real = small.ranker.without_similarity
    monkeypatch.setattr(small.ranker, "without_similarity", lambda u, qvec: lambda words: 0.99)
    u, ev, _ = small.decide(Question("Vad händer med affischer?"))
    assert u.unknown_words == ("händer",) and "händer" in u.everyday and ev.carriers.unknown == () and len(asked) == 1
    monkeypatch.setattr(small.ranker, "without_similarity", real)
    monkeypatch.setattr(small, "policy", replace(small.policy, related_floor=1.0))
    ask(small, "Hur ansöker jag om bostadsbidrag?")
    assert len(asked) == 1


def _recording(small, monkeypatch, similarity=None) -> list:
    """The word sets tested for whether they carry the topic, in order (each one embedding)."""
    tested = []
    real = small.ranker.without_similarity

    def recording(u, qvec):
        inner = similarity or real(u, qvec)
        return lambda words: tested.append(words) or inner(words)

    monkeypatch.setattr(small.ranker, "without_similarity", recording)
    return tested


def test_the_rules_read_plain_evidence_and_only_the_word_sets_they_say_they_read(small, monkeypatch):
    """No callback into the model reaches the rules (issue 15): the evidence is data. Each kind of question tests
    only the sets its rule reads (policy.reads): none for a place and a group, none for an empty heading."""
    from dataclasses import fields

    from assistant.carriers import NO_CARRIERS

    ev = small.decide(Question("Hur ansöker jag om bostadsbidrag?"))[1]
    assert not [f.name for f in fields(ev) if callable(getattr(ev, f.name))]
    tested = _recording(small, monkeypatch, lambda words: 0.5)
    assert small.decide(Question("Vad gör Malmö för äldre om bostadsbidrag?"))[1].carriers == NO_CARRIERS
    assert small.decide(Question("Finns det bostadsbidrag för hbtq-personer?"))[2].notice is Notice.EMPTY_SECTION
    assert tested == []
    carriers = small.decide(Question("Vad finns om bostadsbidrag i Malmö?"))[1].carriers
    assert carriers.lacking == ("bostadsbidrag",) and carriers.unknown == () and tested == [("bostadsbidrag",)]
    english = replace(small.understand(Question("Hur ansöker jag om bostadsbidrag?")), english=True)
    assert small.carriers_and_related(english, ev, None).carriers.unknown == ()  # English: the embedding decides


def test_a_groups_telling_words_are_tested_at_their_own_floor_after_its_unknown_words(small, monkeypatch):
    """"sms för äldre": the group's entries lack "sms", a telling word (the corpus has it), tested at
    telling_similarity (0.985), not the content words' 0.975; a group question whose unknown word carries the topic
    is answered by it, and its telling words are never tested."""
    from assistant.carriers import find_carriers

    u = small.understand(Question("Finns det sms för äldre?"))
    assert u.groups == ("aldre",) and [w for w, _ in u.telling] == ["sms"] and not u.unknown_words
    between = find_carriers(u, small.policy, lambda words: 0.98)  # under 0.985, over 0.975
    assert between.telling == ("sms",)
    tested = _recording(small, monkeypatch, lambda words: 0.98)
    _, ev, sel = small.decide(Question("Finns det sms för äldre?"))
    assert ev.carriers.telling == ("sms",) and tested == [("sms",)]
    # Lund's entry has the sms but is no entry for the elderly: it comes first, and nothing is an exact match.
    assert sel.notice is Notice.NO_FULL_MATCH and sel.words == ("sms", "äldre") and not sel.notice.exact
    tested = _recording(small, monkeypatch, lambda words: 0.96 if words == ("bostadsbidrag",) else 0.98)
    _, ev, sel = small.decide(Question("Finns det sms och bostadsbidrag för äldre?"))
    assert ev.carriers.unknown == ("bostadsbidrag",) and ev.carriers.telling == () and ("sms",) not in tested
    assert sel.notice is Notice.GROUP_WITHOUT_TOPIC and sel.words == ("bostadsbidrag",)


def test_a_places_topic_words_are_tested_only_when_its_entries_lack_them(small, monkeypatch):
    """"Finns det affischer i Malmö?": Malmö's entries have "affischer", so the lacking set is not read (policy.reads)
    and only the telling test embeds; "bostadsbidrag i Malmö" is tested, and the answer says Malmö has nothing."""
    from assistant.carriers import find_carriers
    from assistant.policy import reads

    tested = _recording(small, monkeypatch)
    u, ev, sel = small.decide(Question("Finns det affischer i Malmö?"))
    assert not reads(u, ev, small.ranker.filled_sections).lacking and ev.carriers.lacking == ()
    assert sel.notice is Notice.NONE and tested == [("affischer",)]  # the telling test alone
    assert find_carriers(u, small.policy, lambda words: 0.5).lacking == ("affischer",)  # had it been read
    u, ev, sel = small.decide(Question("Vad finns om bostadsbidrag i Malmö?"))
    assert reads(u, ev, small.ranker.filled_sections).lacking and ("bostadsbidrag",) in tested
    assert sel.notice is Notice.PLACE_WITHOUT_TOPIC and sel.words == ("bostadsbidrag",)


@pytest.mark.parametrize("question", [
    "Vad gör Malmö för äldre om bostadsbidrag?", "Finns det affischer i Malmö?", "Vad finns om bostadsbidrag i Malmö?",
    "sommarjobb i Lund", "Vad händer i Malmö?", "Finns det sms för äldre?", "Finns det något för finska kvinnor?",
    "Finns det bostadsbidrag för hbtq-personer?", "Hur ansöker jag om bostadsbidrag?", "Har någon använt affischer?",
    "kampanj på Snapchat i Skåne", "sms-stöd för kvinnor", "Vad görs i Uppsala om hundar?", "reklam på bussarna"])
def test_reading_only_the_sets_the_rule_reads_gives_the_answer_of_reading_them_all(small, question):
    """policy.reads must name every set its rule reads: a rule changed to read another set, without saying so,
    would quietly read "nothing carries the topic" (the default) and call a missing topic a match."""
    from assistant.carriers import EVERY_SET, find_carriers
    from assistant.policy import select

    u, ev, chosen = small.decide(Question(question), learned=False)
    without = small.ranker.without_similarity(u, small.ranker.embed(u))
    every = find_carriers(u, small.policy, without, EVERY_SET)
    related = small.ranker.related(u, ev, every.unknown, small.policy.related_floor,
                                   small.policy.related_context_floor, small.ranker.embed(u), without) \
        if every.unknown else ev.related
    full = select(u, replace(ev, carriers=every, related=related), small.ranker.filled_sections, cfg=small.policy)
    assert replace(full, scores=None) == replace(chosen, scores=None)
    assert (full.scores is None) == (chosen.scores is None) and (full.scores is None or (full.scores == chosen.scores).all())


def test_an_island_takes_på_in_the_notice():
    """"för hbtq-personer på Gotland", never "i Gotland"; a town takes "i", and a list gets each its own."""
    from assistant.wording import in_place, notice_message

    assert in_place("Gotland") == "på Gotland" and in_place("Malmö") == "i Malmö"
    assert in_place("Malmö och Lund") == "i Malmö och Lund"
    assert in_place("Gotland och Malmö") == "på Gotland och i Malmö"
    assert in_place("Lund, Gotland och Malmö") == "i Lund, på Gotland och i Malmö"
    said = notice_message(Notice.PLACE_WITHOUT_GROUP, groups="hbtq-personer", places="Gotland")
    assert said == "Översikten har inga exempel för hbtq-personer på Gotland."


def test_a_group_heading_beats_a_mention_that_shares_a_topic_word(small):
    """"Jour för pensionerade damer": an entry under the ÄLDRE heading comes before one that only mentions äldre,
    even when the mention shares a topic word and the heading entry does not."""
    from assistant.groups import BY_KEY
    from assistant.policy import group_only

    u = small.understand(Question("Finns det något särskilt för äldre?"))
    assert u.groups == ("aldre",)
    u = replace(u, content_terms=("sarskilt",))
    ev = replace(_evidence(2, [0.5, 0.9], topical=[False, True]), group_level=np.array([2, 1]),
                 group_each=(np.array([2, 1]),))
    assert group_only(u, ev, frozenset(BY_KEY["aldre"].sections)).order == (0, 1)


def test_the_telling_gap_of_a_place_or_group(small):
    """"Kan man i Hudiksvall ansöka via en e-tjänst?": none of the entries has "e-tjänst" (NO_TOPIC, the caller's
    *_WITHOUT_TOPIC); each has one of the words but none both (NO_FULL_MATCH); one has both (no gap). Only words
    that carry the topic count (topic_carriers)."""
    from assistant.carriers import find_carriers
    from assistant.policy import telling_gap

    u = replace(small.understand(Question("Vad görs i Malmö?")),
                telling=(("e-tjänst", ("etjän",)), ("ansöka", ("ansök",))))
    has_etj, has_ans = np.array([False, False, True]), np.array([False, True, True])
    ev = replace(_evidence(3, [0.5, 0.4, 0.3]), coverage=(has_etj * 1.0 + has_ans) / 2,
                 telling_each=(has_etj, has_ans), carriers=find_carriers(u, PolicyConfig(), lambda words: 0.5))
    assert telling_gap(u, ev, [0, 1]) == (Notice.NO_TOPIC, ("e-tjänst",))
    assert telling_gap(u, ev, [0, 1, 2]) is None
    split = replace(ev, telling_each=(np.array([True, False, False]), np.array([False, True, False])))
    assert telling_gap(u, split, [0, 1]) == (Notice.NO_FULL_MATCH, ("e-tjänst", "ansöka"))
    # A word whose removal leaves the meaning (an everyday verb such as "vända") carries nothing: no gap for it.
    weak = replace(ev, carriers=find_carriers(u, PolicyConfig(), lambda words: 0.99 if words == ("e-tjänst",) else 0.5))
    assert weak.carriers.telling == ("ansöka",) and telling_gap(u, weak, [0, 1]) is None
    assert telling_gap(replace(u, telling=()), ev, [0, 1]) is None


def test_a_place_entry_with_every_telling_word_matches_and_the_others_follow_as_partial(small):
    from assistant.policy import Selection, matches_first
    from assistant.wording import PARTIAL_HEADING

    u = replace(small.understand(Question("Vad görs i Malmö?")), telling=(("chatten", ("chatt",)),))
    ev = replace(_evidence(3, [0.9, 0.5, 0.4]), coverage=np.array([0.0, 1.0, 0.0]))
    chosen = matches_first(u, ev, Selection((0, 1, 2)))
    assert chosen.order == (1, 0, 2) and chosen.headings == ((1, PARTIAL_HEADING),)
    none = replace(ev, coverage=np.zeros(3))
    assert matches_first(u, none, Selection((0, 1, 2))) == Selection((0, 1, 2))  # telling_gap says it
    assert matches_first(replace(u, telling=()), ev, Selection((0, 1, 2))) == Selection((0, 1, 2))


def test_with_two_groups_only_entries_of_both_match():
    """"HRV mot unga": entries of both groups match; those of one follow as partial (not "22 poster matchar")."""
    from assistant.policy import Selection, every_group_first
    from assistant.wording import PARTIAL_HEADING

    ev = replace(_evidence(3, [0.5, 0.4, 0.3]), group_each=(np.array([2, 1, 0]), np.array([1, 2, 2])))
    assert every_group_first(ev, Selection((0, 1, 2))).headings == ((2, PARTIAL_HEADING),)
    assert every_group_first(ev, Selection((2, 0, 1))) == Selection((2, 0, 1))  # none of both first: unchanged
    one = replace(ev, group_each=(np.array([2, 1, 0]),))
    assert every_group_first(one, Selection((0, 1, 2))) == Selection((0, 1, 2))


def test_a_county_fallback_without_the_group_there_says_so_and_heads_what_it_shows(small):
    a = ask(small, "Vad gör Kiruna för äldre?")  # Norrbotten has only Piteå's entry, for women
    assert a.notice == Notice.COUNTY_FALLBACK.value and not a.exact
    assert hit_ids(a) == ["valdsutsatta-kvinnor/pitea-kommun"]
    assert a.message.startswith("Översikten har inga exempel för äldre från Kiruna eller från samma län."), a.message
    assert a.markdown.index("#### Annat från samma län") < a.markdown.index("Piteå kommun —")
    b = ask(small, "äldre i Helsingborg", k=1)  # Skåne has the group: its entry first, as before, under no heading
    assert b.message.startswith("Översikten har inga exempel för äldre från Helsingborg själv.")
    page = ask(small, "visa fler", previous=b.context)  # its next page starts under "Annat från samma län"
    assert page.notice == Notice.COUNTY_FALLBACK.value and "från Helsingborg själv" in page.message, page.message


def test_a_question_about_regions_counts_the_regions_entries_under_other_headings(small):
    """"Vilka regioner …": Region Skåne's entry under ALLMÄN INFORMATION is a region's own (the place tables name
    it a region); a question about the county boards, or about SKR by its name, does not count it."""
    region = next(i for i, e in enumerate(small.ranker.entries) if e.organisation == "Region Skåne")
    asked = small.decide(Question("Vilka regioner har gjort något?"))
    assert asked[0].groups == ("regioner",) and asked[1].group_level[region] == 2
    assert region in asked[2].order
    for question in ("Vad gör länsstyrelserna?", "Vad gör Sveriges kommuner och regioner?"):
        u, ev, _ = small.decide(Question(question))
        assert u.groups == ("regioner",) and ev.group_level[region] == 0


def test_a_places_entries_for_the_group_match_only_with_every_telling_word(small):
    """"hur många ipads har gotlands äldreboenden": the place's entry for the group with "ipads" matches; its other
    entry for the group follows under PARTIAL_HEADING, as for a place or a group alone (walkthrough: "affischer för
    äldre i Malmö" counted an entry without posters as a match)."""
    from assistant.policy import place_and_group
    from assistant.retrieval import DIRECT
    from assistant.wording import PARTIAL_HEADING

    u = replace(small.understand(Question("Vad gör Malmö för äldre?")), telling=(("ipads", ("ipad",)),))
    ev = replace(_evidence(3, [0.9, 0.5, 0.4]), relation=np.array([DIRECT, DIRECT, 0]),
                 group_level=np.array([2, 2, 0]), coverage=np.array([0.0, 1.0, 1.0]))
    chosen = place_and_group(u, ev)
    assert chosen.order == (1, 0) and chosen.headings == ((1, PARTIAL_HEADING),) and chosen.notice is Notice.NONE
    assert place_and_group(replace(u, telling=()), ev).headings == ()


def test_a_regions_entries_stand_apart_from_the_places_own():
    """Walkthrough: Region Västra Götaland stood under "Annat från Göteborg", and Färgelanda's three "matching"
    entries were two on the map: the region's entries after the place's get their own heading."""
    from dataclasses import replace as _replace

    from assistant.policy import region_apart, with_region_apart
    from assistant.retrieval import DIRECT, REGION
    from assistant.wording import REGION_WIDE

    ev = _replace(_evidence(4, [0.9, 0.8, 0.7, 0.6]), relation=np.array([DIRECT, DIRECT, REGION, 0]))
    assert region_apart(ev, (0, 1, 2)) == ((2, REGION_WIDE),)
    assert region_apart(ev, (0, 1)) == ()  # the place's own only
    assert region_apart(ev, (2,)) == ()  # the region's only: nothing to set apart from
    assert region_apart(ev, (0, 2, 1)) == ()  # not in two parts: no heading that would be wrong
    assert with_region_apart(ev, Selection((0, 1, 2))).headings == ((2, REGION_WIDE),)
    kept = Selection((0, 2), headings=((1, NEAR_HEADING),))
    assert with_region_apart(ev, kept) is kept  # an answer with parts of its own keeps them
    assert with_region_apart(ev, Selection((0, 1, 2), Notice.COUNTY_FALLBACK)).headings == ()  # a fallback: no claim


def test_a_place_without_the_group_sets_its_regions_entries_apart(small):
    from assistant.wording import REGION_WIDE, other_from

    a = ask(small, "Vad gör Lund för barn?")  # Lund has no entry for children; Region Skåne covers Lund
    assert not a.exact and a.entries
    stand = {e.id: e.standing for e in a.entries}
    assert stand["allman-information/lunds-kommun"] == other_from("Lund")
    assert stand["allman-information/region-skane"] == REGION_WIDE
    plain = ask(small, "Vad görs i Lund?")
    assert plain.exact and {e.id: e.standing for e in plain.entries}.get("allman-information/region-skane") == \
        "matchar frågan (för hela regionen eller länet)"


def test_an_entry_with_a_stand_in_for_the_missing_carrier_comes_first():
    """"Har någon kommun tagit fram ett beredskapsdokument …?": the entries matched only by the question's other
    words ("tagit fram") came before Arboga's "beredskap", the stand-in for the missing word that carries the topic.
    With related_first they follow it, under PARTIAL_HEADING; without it the old order stands."""
    from assistant.policy import PolicyConfig, topic_only
    from assistant.retrieval import Related
    from assistant.wording import PARTIAL_HEADING, RELATED_HEADING

    u = _topic_question(("beredskapsdokument", "tagit"))
    related = Related((("beredskapsdokument", ("beredskap",)),), topical=np.array([False, True, True]),
                      lexical=np.array([0.0, 1.5, 1.4]), scores=np.array([0.1, 0.8, 0.7]))
    ev = _topic_evidence(u, 0.80, dense=(0.80, 0.80, 0.79), related=related)
    first = topic_only(u, ev, PolicyConfig(related_first=True, dense_extra_margin=0.0))
    assert first.order == (2, 1, 0) and first.headings == ((2, PARTIAL_HEADING),)
    assert first.notice is Notice.PARTIAL_TOPIC and set(first.related_entries) == {1, 2}
    old = topic_only(u, ev, PolicyConfig(related_first=False, dense_extra_margin=0.0))
    assert old.order == (0, 2, 1) and old.headings == ((2, RELATED_HEADING),)


def test_a_stand_in_leads_only_when_its_entry_is_as_close_in_meaning_as_the_own_words_entry():
    """"brev hem till alla hushåll": the entries with "mail" (a stand-in for the missing "brev") led, though
    Hudiksvall's entry with the question's own "hushåll" is far closer in meaning: it now leads, and the stand-ins
    follow under RELATED_HEADING."""
    from assistant.policy import PolicyConfig, topic_only
    from assistant.retrieval import Related
    from assistant.wording import RELATED_HEADING

    u = _topic_question(("brev", "hushåll"))
    related = Related((("brev", ("mail",)),), topical=np.array([False, True, True]),
                      lexical=np.array([0.0, 1.5, 1.4]), scores=np.array([0.1, 0.8, 0.7]))
    ev = _topic_evidence(u, 0.80, dense=(0.84, 0.82, 0.81), related=related)
    now = topic_only(u, ev, PolicyConfig(dense_extra_margin=0.0))
    assert now.order == (0, 2, 1) and now.headings == ((2, RELATED_HEADING),)
    close = topic_only(u, _topic_evidence(u, 0.80, dense=(0.825, 0.82, 0.81), related=related),
                       PolicyConfig(dense_extra_margin=0.0))
    assert close.order == (2, 1, 0)  # within the margin: the stand-ins still lead
    off = topic_only(u, ev, PolicyConfig(dense_extra_margin=0.0, stand_in_margin=1.0))
    assert off.order == (2, 1, 0)


def test_a_groups_entries_without_the_carrier_weigh_in_the_questions_meaning():
    """"Finns det någon jour särskilt för kvinnor som gått i pension?": the women's heading came first, though the
    question is about the elderly. When the group's entries lack what carries the question, the rules' order and
    the dense order are fused (reciprocal ranks); with k = 0 the rules' order stands."""
    from assistant.policy import fused_with_meaning

    ev = replace(_evidence(4, [0.4, 0.3, 0.2, 0.1]), dense=np.array([0.80, 0.81, 0.79, 0.90]))
    assert fused_with_meaning(ev, (0, 1, 2, 3), 0) == (0, 1, 2, 3)
    assert fused_with_meaning(ev, (0, 1, 2, 3), 2) == (0, 3, 1, 2)  # last by the rules, first by meaning: second
    assert fused_with_meaning(replace(ev, dense=None), (0, 1), 2) == (0, 1)
    u = _topic_question(("pension", "kvinnor"))
    u = replace(u, groups=("kvinnor",))
    ev = replace(ev, group_level=np.array([2, 2, 1, 1]), carriers=replace(ev.carriers, unknown=("pension",)))
    from assistant.policy import PolicyConfig, group_only

    sel = group_only(u, ev, frozenset({"VÅLDSUTSATTA KVINNOR"}), PolicyConfig(group_gap_fusion=2))
    assert sel.notice is Notice.GROUP_WITHOUT_TOPIC and sel.order == (0, 3, 1, 2)
    assert group_only(u, ev, frozenset({"VÅLDSUTSATTA KVINNOR"}), PolicyConfig(group_gap_fusion=0)).order == (0, 1, 2, 3)


def test_a_field_term_without_words_in_the_material_is_no_vague_question():
    """Walkthrough: "finns det något om HVB-hem?" was answered "Frågan är för allmän": the term's expansion ("hem
    för vård eller boende") has no word the material has, which left nothing to search. The term is the topic, and
    the answer says the material lacks it."""
    from assistant.policy import PolicyConfig, topic_only
    from assistant.query import Understanding

    u = Understanding("finns det något om HVB-hem?", (), (), (), (), unknown_words=("hem", "vård"),
                      field_terms=(("HVB", "hem för vård eller boende"),))
    far = topic_only(u, _topic_evidence(u, 0.99, dense=(0.70, 0.70, 0.70), topic=(0.0, 0.0, 0.0)), PolicyConfig())
    assert far.notice is Notice.NO_TOPIC and far.words == ("HVB",)
    plain = Understanding("Vad finns om våld?", (), (), (), ())
    assert topic_only(plain, _topic_evidence(plain, 0.99, topic=(0.0, 0.0, 0.0)), PolicyConfig()).notice is Notice.VAGUE


def test_a_detail_questions_entries_without_the_fact_are_no_match():
    """Walkthrough: "har de något telefonnummer?" after two Stockholm entries said "2 poster matchar" though one had
    no number. The entries with the fact match; the rest follow under LACKS_FACT."""
    from assistant.policy import facts_first
    from assistant.wording import LACKS_FACT, NOT_MATCH_HEADINGS

    sel = facts_first(Selection((4, 7, 9)), (False, True, False))
    assert sel.order == (7, 4, 9) and sel.headings == ((1, LACKS_FACT),) and LACKS_FACT in NOT_MATCH_HEADINGS
    assert facts_first(Selection((4, 7)), (True, True)).order == (4, 7)  # every entry has it
    assert facts_first(Selection((4, 7)), (False, False)) == Selection((4, 7))  # none: the answer says so itself
    labelled = Selection((4, 7), Notice.PLACE_WITHOUT_GROUP)
    assert facts_first(labelled, (False, True)) is labelled  # a labelled answer claims no match anyway


def test_a_pointing_detail_question_counts_only_the_entries_with_the_fact(small):
    first = ask(small, "Vad görs i Piteå och Norrköping?")
    assert len(first.entries) >= 2
    a = ask(small, "har de något telefonnummer?", previous=first.context)
    with_number = [e for e in a.entries if e.phones]
    assert with_number and len(with_number) < len(a.entries)
    assert a.message.startswith(f"{len(with_number)} post") and a.entries[0].phones
    assert all(e.standing != "matchar frågan" for e in a.entries if not e.phones)


def test_facts_first_looks_only_at_the_matches_and_survives_show_more(small):
    """Reviewer: a region heading inside the matches switched facts_first off, and "visa fler" cut its pages from
    the order before facts_first, so a page repeated an entry and labelled one without the fact "matchar frågan"."""
    from assistant.policy import facts_first
    from assistant.wording import LACKS_FACT, NEAR_HEADING, REGION_WIDE

    region = Selection((3, 5, 8, 9), headings=((1, REGION_WIDE), (3, NEAR_HEADING)))
    sel = facts_first(region, (False, True, False, True))
    assert sel.order == (5, 3, 8, 9) and sel.headings == ((1, LACKS_FACT), (3, NEAR_HEADING))
    assert facts_first(region, (True, True, True, False)) is region  # every match has it; the near one is no match



def test_show_more_pages_follow_the_facts_first_order(small, monkeypatch):
    """The pages of "visa fler" are cut from the order facts_first made: no entry twice, none skipped, and the one
    without the fact is never "matchar frågan". The fact is faked on the rules' second entry."""
    rules = [e.id for e in ask(small, "Vad görs i Malmö?", k=10).entries]
    positions = small.kb.document.positions()
    target = positions[rules[1]]
    monkeypatch.setattr(type(small), "holds_fact", lambda self, u, order: tuple(i == target for i in order))
    seen, previous, standings = [], None, {}
    for text in ("Vad görs i Malmö?",) + ("visa fler",) * len(rules):
        answer = ask(small, text, previous=previous, k=1)
        previous = answer.context
        seen += [e.id for e in answer.entries]
        standings.update({e.id: e.standing for e in answer.entries})
    assert seen[0] == rules[1] and sorted(seen) == sorted(rules)  # each entry once, the one with the fact first
    assert [i for i, st in standings.items() if st.startswith("matchar")] == [rules[1]]


def test_partial_entries_far_in_meaning_from_the_matches_are_not_shown():
    """Precision of the shown entries (issue 15: "show fewer entries rather than pad to k"): an entry under
    PARTIAL_HEADING shares some of the question's words but, far in meaning from the matches, is noise. It is
    dropped; the entries after the block keep their heading, moved up."""
    from assistant.policy import partial_near_matches
    from assistant.wording import NEAR_HEADING, PARTIAL_HEADING

    ev = replace(_evidence(5, [0.5, 0.4, 0.3, 0.2, 0.1]), dense=np.array([0.90, 0.88, 0.80, 0.86, 0.89]))
    sel = Selection((0, 1, 2, 3, 4), headings=((1, PARTIAL_HEADING), (4, NEAR_HEADING)))
    cut = partial_near_matches(sel, ev, 0.07)
    assert cut.order == (0, 1, 3, 4) and cut.headings == ((1, PARTIAL_HEADING), (3, NEAR_HEADING))
    assert partial_near_matches(sel, ev, 1.0) is sel  # off
    none_near = partial_near_matches(sel, replace(ev, dense=np.array([0.90, 0.5, 0.5, 0.5, 0.89])), 0.07)
    assert none_near.order == (0, 4) and none_near.headings == ((1, NEAR_HEADING),)
    first = Selection((0, 1), headings=((0, PARTIAL_HEADING),))  # nothing above the heading to compare with
    assert partial_near_matches(first, ev, 0.07) is first


def test_a_question_about_the_entries_just_shown_keeps_their_headings():
    """"har de något telefonnummer?" after an answer with one match and partial entries: the partial ones shown
    again are no match now either (walkthrough: "8 poster matchar" where the answer before had one)."""
    from assistant.policy import within_previous
    from assistant.wording import NEAR_HEADING, PARTIAL_HEADING

    ev = _evidence(6, [0.6, 0.5, 0.4, 0.3, 0.2, 0.1])
    sel = Selection((0, 1, 2, 3, 4), headings=((1, PARTIAL_HEADING), (3, NEAR_HEADING)))
    again = within_previous(sel, ev, shown=(0, 2, 4, 5))
    assert again.order == (0, 2, 4) and again.headings == ((1, PARTIAL_HEADING), (2, NEAR_HEADING))
    only_partial = within_previous(sel, ev, shown=(2,))
    assert only_partial.order == (2,) and only_partial.headings == ((0, PARTIAL_HEADING),)
    assert within_previous(sel, ev, shown=()) is sel


def test_besides_leaves_out_what_was_shown_and_says_when_nothing_is_left():
    from assistant.policy import besides
    from assistant.wording import PARTIAL_HEADING

    ev = _evidence(6, [0.6, 0.5, 0.4, 0.3, 0.2, 0.1])
    sel = Selection((0, 1, 2, 3), headings=((2, PARTIAL_HEADING),))
    rest = besides(sel, ev, shown=(0, 2))
    assert rest.order == (1, 3) and rest.headings == ((1, PARTIAL_HEADING),)
    assert besides(sel, ev, shown=(0, 1, 2, 3)) == Selection((), Notice.NOTHING_BESIDES)
    theirs = besides(sel, ev, shown=(0,), pool=(5, 0, 4))  # no place: the shown organisations' other entries
    assert theirs.order == (4, 5) and theirs.notice is Notice.NONE
    assert besides(sel, ev, shown=(0,), pool=(0,)).notice is Notice.NOTHING_BESIDES
    assert "inget mer från Piteå" in notice_message(Notice.NOTHING_BESIDES, places="Piteå")


def test_a_loose_compound_is_tested_for_a_place_not_for_a_group(small):
    """"radioinslag" for Piteå: a compound the corpus has only as parts (Understanding.loose) still says what a
    place's few entries lack, when they lack even its parts; a group's many entries may say it in other words
    ("dagläger" for children), so there it is not tested."""
    from assistant.carriers import find_carriers

    place = small.understand(Question("Finns det sms i Malmö?"))
    group = small.understand(Question("Finns det sms för äldre?"))
    assert place.places and not place.groups and group.groups and not group.places
    assert [w for w, _ in place.telling] == ["sms"] == [w for w, _ in group.telling]
    loose_place, loose_group = replace(place, loose=("sms",)), replace(group, loose=("sms",))
    assert find_carriers(loose_place, small.policy, lambda words: 0.96).telling == ("sms",)
    assert find_carriers(loose_group, small.policy, lambda words: 0.96).telling == ()
    assert find_carriers(group, small.policy, lambda words: 0.96).telling == ("sms",)  # written as such: tested


def test_a_field_term_the_overview_never_names_is_what_is_missing(small):
    """"Har några HVB-hem fått särskild info om våld?": the overview names neither "HVB" nor "hem för vård eller
    boende", so the term is what the answer says is missing; a term that names a group ("LSS": the people with
    disabilities) or one the text has ("VNR", "våld i nära relationer") never is."""
    from assistant.carriers import Reads, absent_terms, find_carriers

    u = replace(small.understand(Question("Har några hem fått särskild info om våld?")),
                field_terms=(("HVB", "hem för vård eller boende"), ("VNR", "våld i nära relationer"),
                             ("LSS", "stöd och service till vissa funktionshindrade")))
    text = "kommunen informerar om våld i nära relationer. ett hem för äldre."
    assert absent_terms(u, text) == ("HVB",)
    assert absent_terms(u, text + " placerade på hvb.") == ()
    carriers = find_carriers(u, small.policy, lambda words: 0.999, absent=("HVB",))
    assert carriers.unknown[:1] == ("HVB",)
    assert find_carriers(u, small.policy, lambda words: 0.999, reads=Reads(), absent=("HVB",)).unknown == ()


def test_an_everyday_word_the_question_rests_on_is_telling():
    """"Samarbete med polisen": "polisen" is everyday Swedish (Zipf 5.46) but in few entries; without it the question
    means something else, so an exact answer must have it. "hemma" beside the elderly does not move the meaning."""
    from assistant.carriers import confirm_telling
    from assistant.query import Understanding

    u = Understanding("samarbete med polisen", (), (), ("samarbet", "polis"), ("samarbet", "polis"),
                      everyday=("polisen",), telling=(("samarbete", ("samarbet",)),),
                      doubtful=(("polisen", ("polis",)),))
    police = confirm_telling(u, lambda ws: 0.90, PolicyConfig())
    assert police.telling == (("samarbete", ("samarbet",)), ("polisen", ("polis",)))
    assert police.everyday == () and police.doubtful == ()
    home = confirm_telling(u, lambda ws: 0.97, PolicyConfig())
    assert home.telling == u.telling and home.everyday == ("polisen",) and home.doubtful == ()
    assert confirm_telling(replace(u, doubtful=()), lambda ws: 0.0, PolicyConfig()).telling == u.telling


def test_everyday_words_the_corpus_has_rarely_are_held_for_the_meaning_to_decide(small):
    from assistant.query import understand

    kb = small.kb
    u = understand("Vem har sms för att söka hjälp?", kb.gazetteer, kb.lexical, lexicon=kb.lexicon)
    assert [w for w, _ in u.doubtful] == ["hjälp"] and "hjälp" in u.everyday  # Zipf 5.53, in 2 of 8 entries
    assert [w for w, _ in u.telling] == ["sms"]


def test_a_county_fallback_names_no_missing_topic_it_did_not_find_missing(small):
    """Walkthrough: "Har Skara eller Lidköping gjort något för män som utövar våld?" said "och inget om ”våld”" over
    the county's entries about violence: the question's topic words are no missing topic here."""
    a = ask(small, "Har Ystad gjort något för våldsutövare mot våld?")
    assert a.notice == Notice.COUNTY_FALLBACK.value and hit_ids(a)
    assert "inget om" not in a.message and a.message.startswith("Översikten har inga exempel för våldsutövare")
