"""The chat controller in-process (fast tier: fixture corpus, fake embedder, no browser): every method."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from assistant.chat import (NOTHING_TO_FOLLOW, THANKS, TYPE_A_QUESTION, UNVOTED, Chat, Conversation, export_name, verdict_of,
                            why_markdown)
from assistant.feedback import votes


@pytest.fixture()
def chat(small, tmp_path) -> Chat:
    return Chat(small, tmp_path / "feedback.sqlite", tmp_path / "exports")


def _as_swedish_excel(data: bytes) -> list[list[str]]:
    """How Excel with Swedish settings opens a CSV: UTF-8 only with a BOM (else Windows-1252), `;` between columns."""
    text = data[3:].decode("utf-8") if data.startswith(b"\xef\xbb\xbf") else data.decode("cp1252", "replace")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_ask_appends_the_question_and_its_answer_and_offers_the_downloads(chat):
    result = chat.ask(Conversation(), "vad finns för äldre på Gotland?")
    conv = result.conversation
    assert [m["role"] for m in conv.messages] == ["user", "assistant"]
    assert conv.messages[1]["content"] == conv.turns[0].answer.markdown
    assert conv.turns[0].message_index == 1 and conv.previous is not None
    assert result.exports is not None and all(p.exists() for p in result.exports)
    assert "Gotland" in result.why


def test_an_empty_question_changes_nothing_and_a_long_paste_is_answered_from_its_ends(chat):
    empty = chat.ask(Conversation(), "   ")
    assert empty.changed is False and empty.conversation == Conversation() and empty.status == TYPE_A_QUESTION
    # Minutes pasted with the question at the end, longer than a question may be: the end is read, not lost.
    pasted = "Nämnden diskuterade budgeten för hemtjänsten. " * 400 + "Vad gör Malmö för äldre?"
    result = chat.ask(Conversation(), pasted)
    answer = result.conversation.turns[0].answer
    assert answer.understood == "Äldre · Malmö" and answer.understanding.truncated and "kortats" in answer.markdown
    shown = result.conversation.messages[0]["content"]
    assert len(shown) < 10_100 and shown.endswith("Vad gör Malmö för äldre?") and " … " in shown


def test_a_pasted_text_is_shortened_between_words():
    from assistant.chat import shorten_paste

    text = "diskuterade " * 2000 + "slutet?"
    short = shorten_paste(text)
    assert len(short) <= 10_000 and short.endswith("slutet?")
    assert all(w in ("diskuterade", "…", "slutet?") for w in short.split())  # no word cut in two
    assert shorten_paste("kort fråga") == "kort fråga"
    assert shorten_paste(" " * 12_000) == "" and shorten_paste("Vad gör Malmö?" + "\n" * 12_000) == "Vad gör Malmö?"
    assert len(shorten_paste("x" * 30_000)) <= 10_000  # one endless word: cut, not lost


def test_a_paste_of_blanks_is_no_question(chat):
    assert chat.ask(Conversation(), " " * 12_000).status == TYPE_A_QUESTION


def test_a_follow_up_leans_on_the_answer_before_it(chat):
    first = chat.ask(Conversation(), "vad finns för äldre på Gotland?").conversation
    second = chat.ask(first, "och i Malmö?")
    assert "Äldre" in second.conversation.turns[-1].answer.groups
    assert NOTHING_TO_FOLLOW not in second.conversation.messages[-1]["content"]


def test_a_follow_up_with_nothing_to_follow_says_so_and_leaves_no_context(chat):
    more = chat.more(Conversation())  # "visa fler" first thing
    assert more.conversation.previous is None and more.exports is None
    assert "inget tidigare svar" in more.conversation.messages[-1]["content"]
    after = chat.ask(more.conversation, "och i Malmö?")
    text = after.conversation.messages[-1]["content"]
    assert NOTHING_TO_FOLLOW in text and "fler" not in after.conversation.turns[-1].answer.message
    assert "Malmö" in after.conversation.turns[-1].answer.places


def test_a_follow_up_after_an_answer_with_nothing_found_keeps_its_topic(chat):
    """'statsbidrag?' finds nothing; 'och i Malmö?' asks about statsbidrag in Malmö, not about Malmö in general."""
    first = chat.ask(Conversation(), "Hur mycket statsbidrag fick kommunerna?")
    assert first.conversation.turns[0].answer.entries == ()
    assert first.conversation.previous is not None
    second = chat.ask(first.conversation, "och i Malmö?")
    answer = second.conversation.turns[-1].answer
    assert NOTHING_TO_FOLLOW not in second.conversation.messages[-1]["content"]
    assert "Malmö" in answer.places and "statsbidrag" in answer.message


def test_a_question_with_nothing_understood_is_no_context(chat):
    first = chat.ask(Conversation(), "hej")
    assert first.conversation.previous is None


def test_more_continues_the_latest_answer(chat):
    first = chat.ask(Conversation(), "Vad görs i Skåne?")
    shown = {e.id for e in first.conversation.turns[0].answer.entries}
    nxt = chat.more(first.conversation)
    assert not shown & {e.id for e in nxt.conversation.turns[-1].answer.entries}


def test_a_vote_is_saved_for_the_answer_it_was_given_on_and_can_be_withdrawn(chat):
    conv = chat.ask(Conversation(), "Vad görs i Skåne?").conversation
    conv = chat.ask(conv, "vad finns för äldre på Gotland?").conversation
    gotland = conv.turns[1]
    assert chat.vote(conv, 3, True) == THANKS
    assert chat.vote(conv, [3, None], None) == UNVOTED
    assert chat.vote(conv, 1, False) == THANKS
    rows = votes(chat.feedback_path)
    assert [(r.question, r.verdict) for r in rows] == [("vad finns för äldre på Gotland?", "upp"),
                                                       ("vad finns för äldre på Gotland?", "ingen"),
                                                       ("Vad görs i Skåne?", "ner")]
    assert rows[0].answer_id == rows[1].answer_id == gotland.answer_id != rows[2].answer_id
    assert rows[0].entry_ids == tuple(e.id for e in gotland.answer.entries)
    assert "kunde inte hittas" in chat.vote(conv, 0, True)  # a question, not an answer


def test_clear_starts_a_new_conversation(chat):
    conv = chat.ask(Conversation(), "vad finns för äldre på Gotland?").conversation
    cleared = chat.clear()
    assert cleared.conversation == Conversation() and cleared.exports is None
    assert "fortsättning" not in chat.ask(cleared.conversation, "och för barn?").conversation.messages[-1]["content"]
    assert conv.turns  # the old conversation is untouched: conversations are values


def test_export_holds_every_answer_of_the_conversation_in_order(chat):
    conv = Conversation()
    for q in ("vad finns för äldre på Gotland?", "och i Malmö?", "Vad görs i Skåne?"):
        conv = chat.ask(conv, q).conversation
    md_path, csv_path = chat.export(conv, dt.date(2026, 12, 5))
    md = md_path.read_text("utf-8")
    assert md.startswith("# Samtal i Insatsguiden") and "3 frågor" in md
    positions = [md.index(f"## {i}. {q}") for i, q in
                 enumerate(("vad finns för äldre på Gotland?", "och i Malmö?", "Vad görs i Skåne?"), start=1)]
    assert positions == sorted(positions)
    data = csv_path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = _as_swedish_excel(data)
    assert rows[0][:3] == ["nr", "fråga", "id"] and all(len(r) == len(rows[0]) for r in rows)
    expected = [(str(i), t.asked, e.id) for i, t in enumerate(conv.turns, start=1) for e in t.answer.entries]
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == expected and {r[0] for r in rows[1:]} == {"1", "2", "3"}
    assert csv_path.name == "insatsguiden-samtal-vad-finns-for-aldre-pa-gotland-2026-12-05.csv"


def test_nothing_quoted_means_no_downloads(chat):
    result = chat.ask(Conversation(), "Hur söker jag bygglov?")
    assert result.conversation.turns and not result.conversation.turns[0].answer.entries
    assert result.exports is None and chat.export(result.conversation) is None


def test_export_names_and_why_panel_and_verdicts(small):
    from conftest import ask

    assert export_name("Vad gör Malmö för äldre?", dt.date(2026, 1, 2), "md") == \
        "insatsguiden-vad-gor-malmo-for-aldre-2026-01-02.md"
    text = why_markdown(ask(small, "Vad gör Malmö för äldre?"))
    assert text.splitlines()[2].startswith("1. Malmö kommun") and "(orten)" not in text
    assert "poäng" not in text and "aldre/malmo-kommun" not in text  # no raw scores or ids for a user to puzzle over
    assert [verdict_of(v) for v in (True, False, "", None)] == ["upp", "ner", "ingen", "ingen"]


def test_more_after_an_answer_that_found_nothing_promises_no_more_entries(chat):
    first = chat.ask(Conversation(), "Hur mycket statsbidrag fick kommunerna?").conversation
    nxt = chat.more(first)
    text = nxt.conversation.messages[-1]["content"]
    assert "Fortsättning" not in text and "statsbidrag" in text and nxt.conversation.turns[-1].answer.entries == ()
