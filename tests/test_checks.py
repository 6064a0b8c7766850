"""The question checks shared by the CLI, the chat and the JSON API."""

import pytest

from assistant.checks import MAX_QUESTION, check_k, check_question
from assistant.errors import UsageError


@pytest.mark.parametrize("k", [1, 10, 100, "7"])
def test_k_in_range_is_kept(k):
    assert check_k(k) == int(k)


@pytest.mark.parametrize("k, words", [(0, "mellan 1 och 100, inte 0"), (101, "inte 101"), ("nio", "heltal"),
                                      (2.5, "heltal"), (True, "heltal"), (None, "heltal")])
def test_k_out_of_range_or_not_a_number_is_refused_in_swedish(k, words):
    with pytest.raises(UsageError, match=words):
        check_k(k)


def test_a_question_is_cleaned_and_must_be_text_of_some_length():
    assert check_question("  vad\u202e finns\x00 för äldre?  ") == "vad finns för äldre?"
    assert len(check_question("å" * MAX_QUESTION)) == MAX_QUESTION
    for bad, words in (("", "skriv en fråga"), ("\x00 \u200b", "skriv en fråga"), (5, "text"),
                       ("x" * (MAX_QUESTION + 1), "för lång \\(10 001 tecken; högst 10 000\\)")):
        with pytest.raises(UsageError, match=words):
            check_question(bad)
