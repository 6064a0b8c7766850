"""The chat as a controller: what each click does, as plain methods on plain data, without Gradio.

`app.py` only wires Gradio's components to these methods, so every rule of the conversation (what a follow-up
leans on, which answer a thumb is for, what the downloads hold) is tested in-process (tests/test_chat.py).
A `Conversation` is immutable; each method returns a `ChatResult` with the next one.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from .answer import Answer, conversation_csv, conversation_markdown, escape_md
from .checks import MAX_QUESTION, check_question
from .errors import FeedbackError, InsatsError
from .feedback import UNVOTE, record
from .policy import Notice
from .query import Context, Question, is_followup
from .text import ends_of, slugify

NO_ANSWER_YET = "Ställ en fråga först."
# The chat's box takes a pasted text up to this long (app.py): an e-mail or minutes with the question at the end.
# Swedish text runs under 1.2 bytes a character in UTF-8 (å/ä/ö take 2, dashes and quotation marks 3), so 20 000
# stay well under the server's 64 kB body limit (api.MAX_BODY); only a text of 3-byte characters throughout
# (Chinese, say) could pass it, and the API's limit then says so.
PASTE_MAX = 20_000


def shorten_paste(text: str) -> str:
    """A pasted text longer than a question may be: its beginning and its end (where a question pasted after a
    long text stands), cut between words. The understanding shortens it further and the answer says so."""
    if len(text) <= MAX_QUESTION:
        return text
    text = " ".join(text.split())  # blanks squeezed, as check_question does: a paste of empty lines is short
    if len(text) <= MAX_QUESTION:
        return text
    return ends_of(text, MAX_QUESTION // 2 - 2)  # with " … " within MAX_QUESTION


TYPE_A_QUESTION = "Skriv en fråga i rutan först, till exempel ”vad finns för äldre på Gotland?”"
THANKS = "Tack! Ditt omdöme om svaret är sparat."
UNVOTED = "Ditt omdöme är borttaget."
NOTHING_TO_FOLLOW = ("Det finns ingen tidigare fråga i samtalet att bygga vidare på, så frågan besvaras som den "
                     "står. Ställ gärna hela frågan, t.ex. ”vad finns för äldre i Malmö?”.")


@dataclass(frozen=True)
class Turn:
    """One answered question: what the user typed, the answer, and the id feedback names it by."""

    answer_id: str
    asked: str
    answer: Answer
    message_index: int  # where the answer stands in the chat's messages (what a thumb points at)


@dataclass(frozen=True)
class Conversation:
    """Everything one browser tab remembers: the messages, the answered turns, and the context for follow-ups
    (None when there is nothing to follow)."""

    messages: tuple[dict, ...] = ()
    turns: tuple[Turn, ...] = ()
    previous: Context | None = None

    def turn_at(self, index: int) -> Turn | None:
        return next((t for t in self.turns if t.message_index == index), None)

    @property
    def quoted(self) -> bool:
        """Something to download: at least one answer quoted an entry."""
        return any(t.answer.entries for t in self.turns)


@dataclass(frozen=True)
class ChatResult:
    conversation: Conversation
    why: str = NO_ANSWER_YET  # the "why" panel for the newest answer
    status: str = ""  # the line under the chat: thanks for a vote, a problem with the downloads
    exports: tuple[Path, Path] | None = None  # Markdown and CSV of the whole conversation, when something was quoted
    changed: bool = True  # False: nothing to update (an empty question)


def _decimal(x: float) -> str:
    return f"{x:.3f}".replace(".", ",")


def why_markdown(answer: Answer) -> str:
    """The "why" panel: what was understood and why each entry was chosen, in the user's own words."""
    if not answer.entries:
        return "Inga poster citerades."
    u = answer.understanding
    topics = [w for w in (u.topic_words if u else ()) if w]
    parts = list(answer.groups) + list(answer.places) + ([f"ämne: {', '.join(topics)}"] if topics else [])
    lines = [f"**{escape_md(' · '.join(parts) or answer.question)}**", ""]
    for e in answer.entries:
        # No scores or ids: a rank already says the order, and the numbers of different rules do not compare.
        lines.append(f"{e.rank}. {escape_md(e.organisation)} ({escape_md(e.place)}): {escape_md(e.why)}")
    return "\n".join(lines)


def export_name(question: str, day: dt.date, suffix: str) -> str:
    """A file name an office can read: insatsguiden-<fråga-slug>-<YYYY-MM-DD>.<suffix>."""
    ascii_text = unicodedata.normalize("NFKD", slugify(question)).encode("ascii", "ignore").decode()
    slug = ascii_text[:60].strip("-") or "svar"
    return f"insatsguiden-{slug}-{day.isoformat()}.{suffix}"


def verdict_of(liked) -> str:
    """Gradio's LikeData.liked: True (thumb up), False (thumb down), '' or None (the thumb clicked off again)."""
    if liked is True:
        return "upp"
    if liked is False:
        return "ner"
    return UNVOTE


def nothing_to_follow(answer: Answer, conversation: Conversation) -> bool:
    """An elliptic follow-up ("och i Malmö?", "visa fler") in a conversation that has no earlier answer."""
    u = answer.understanding
    return conversation.previous is None and u is not None and bool(u.question) and is_followup(u)


def keeps_context(answer: Answer) -> bool:
    """An answer is the context of the next question when it quoted something, or when it understood a place,
    a group or a topic even though the overview had nothing ("statsbidrag?" then "och i Skåne?" asks about
    statsbidrag in Skåne). "visa fler" with nothing before it, or a question with nothing understood, must not
    become the context."""
    if answer.notice == Notice.NO_PREVIOUS.value:
        return False
    u = answer.understanding
    understood = u is not None and bool(u.places or u.groups or u.topic_words)
    return bool(answer.entries) or understood


class Chat:
    """One assistant, one feedback database and one export folder, shared by every conversation."""

    def __init__(self, assistant, feedback_path: Path, export_dir: Path):
        self.assistant = assistant
        self.feedback_path = feedback_path
        self.export_dir = export_dir

    def ask(self, conversation: Conversation, text: str | None, group: str | None = None,
            county: str | None = None) -> ChatResult:
        """A question (or a follow-up) → its answer appended; an empty question changes nothing."""
        try:
            cleaned = check_question(shorten_paste(text or ""))
        except InsatsError as exc:
            if not (text or "").strip():
                return ChatResult(conversation, status=TYPE_A_QUESTION, changed=False)
            return self._problem(conversation, (text or "")[:200], exc)
        try:
            answer = self.assistant.ask(Question(cleaned, group, county, conversation.previous))
        except InsatsError as exc:  # a problem the user can act on, in Swedish; never a traceback
            return self._problem(conversation, cleaned, exc)
        markdown = answer.markdown
        if nothing_to_follow(answer, conversation) and answer.notice != Notice.NO_PREVIOUS.value:
            markdown = f"*{NOTHING_TO_FOLLOW}*\n\n{markdown}"
        messages = conversation.messages + ({"role": "user", "content": escape_md(cleaned)},
                                            {"role": "assistant", "content": markdown})
        turn = Turn(uuid.uuid4().hex[:12], cleaned, answer, len(messages) - 1)
        previous = answer.context if keeps_context(answer) else conversation.previous
        nxt = Conversation(messages, conversation.turns + (turn,), previous)
        exports, status = None, ""
        if nxt.quoted:
            try:
                exports = self.export(nxt)
            except OSError as exc:  # a full disk costs the downloads, never the answer
                status = f"Citaten kunde inte sparas för nedladdning ({exc.strerror or exc})."
        return ChatResult(nxt, why_markdown(answer), status, exports)

    def more(self, conversation: Conversation) -> ChatResult:
        """The next entries of the latest answer ("visa fler")."""
        return self.ask(conversation, "visa fler")

    def _problem(self, conversation: Conversation, text: str, exc: InsatsError) -> ChatResult:
        messages = conversation.messages + ({"role": "user", "content": escape_md(text)},
                                            {"role": "assistant", "content": escape_md(exc.user_message())})
        nxt = replace(conversation, messages=messages)
        return ChatResult(nxt, NO_ANSWER_YET, "", self.export(nxt) if nxt.quoted else None)

    def vote(self, conversation: Conversation, index: int | list | tuple, liked) -> str:
        """Save a thumb for the answer it was given on; returns the status line that thanks the user."""
        idx = index if isinstance(index, int) else index[0]
        turn = conversation.turn_at(idx)
        if turn is None:
            return "Svaret kunde inte hittas; omdömet sparades inte."
        verdict = verdict_of(liked)
        try:
            record(self.feedback_path, turn.asked, [e.id for e in turn.answer.entries], verdict,
                   answer_id=turn.answer_id)
        except FeedbackError as exc:
            return f"Omdömet kunde inte sparas: {exc}"
        return UNVOTED if verdict == UNVOTE else THANKS

    def clear(self) -> ChatResult:
        """A new conversation: no messages, no follow-up context, no downloads."""
        return ChatResult(Conversation())

    def export(self, conversation: Conversation, day: dt.date | None = None) -> tuple[Path, Path] | None:
        """The whole conversation as Markdown (as it was read) and as CSV for Excel with Swedish settings
        (semicolons, UTF-8 with BOM, one row per quoted entry), in a folder of its own per export so names
        never collide between users; None when nothing was quoted."""
        if not conversation.quoted:
            return None
        day = day or dt.date.today()
        turns = [(t.asked, t.answer) for t in conversation.turns]
        folder = self.export_dir / uuid.uuid4().hex[:12]
        folder.mkdir(parents=True, exist_ok=True)
        first = conversation.turns[0].asked
        name = first if len(turns) == 1 else f"samtal {first}"
        md_path = folder / export_name(name, day, "md")
        csv_path = folder / export_name(name, day, "csv")
        md_path.write_text(conversation_markdown(turns, day), encoding="utf-8")
        csv_path.write_text(conversation_csv(turns, delimiter=";"), encoding="utf-8-sig", newline="")
        return md_path, csv_path
