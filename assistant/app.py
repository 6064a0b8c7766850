"""The Gradio chat. Thin: every answer comes from `Assistant.ask(Question)`; the app only shows it.

API endpoint (gradio_client): `/svara` with (fråga, målgrupp, län, k) → dict with the
understood places and groups, hits (entry id, score), abstained flag and answer text.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import gradio as gr

from .answer import Answer, escape_md, swedish_date, to_csv, to_markdown
from .embedding import single_thread
from .errors import FeedbackError
from .feedback import VERDICTS, check_writable, record
from .groups import GROUPS
from .pipeline import Assistant
from .query import Context, Question
from .settings import Settings
from .text import clean_user_text

EXAMPLES = [
    "vad finns för äldre på Gotland?",
    "Vad görs i Skåne?",
    "Vilka arbetar mot hedersrelaterat våld?",
    "Vilken kommun har en Corona-linje?",
    "Finns det något för hbtq-personer?",
]
# Queue settings: answers are quick and CPU-bound, so a few at a time on two cores; the rest wait in the queue.
CONCURRENCY = 4
MAX_QUEUE = 256
MAX_QUESTION = 10_000
ANY = "Alla"


@dataclass
class Session:
    """Per-browser-tab state: the conversation context (for follow-ups) and the answers shown."""

    previous: Context | None = None
    shown: list[tuple[str, list[str]]] = field(default_factory=list)  # (question, entry ids) per answer


def _county_choices(assistant: Assistant) -> list[str]:
    return [ANY] + assistant.county_names


def _filter(value: str | None) -> str | None:
    return None if not value or value == ANY else value


def why_markdown(answer: Answer) -> str:
    if not answer.entries:
        return "Inga poster citerades."
    lines = [f"**{escape_md(answer.understood or answer.question)}**", ""]
    for e in answer.entries:
        lines.append(f"{e.rank}. `{e.id}` — {escape_md(e.organisation)} ({escape_md(e.place)}): {escape_md(e.why)}; "
                     f"poäng {e.score:.3f}")
    return "\n".join(lines)


def build_app(assistant: Assistant, feedback_path: Path) -> gr.Blocks:
    doc = assistant.kb.document
    export_dir = Path(tempfile.mkdtemp(prefix="insatsguiden-"))

    def respond(question, history, session: Session, group_label, county_name):
        session = session or Session()
        history = list(history or [])
        answer = assistant.ask(Question(question or "", _filter(group_label), _filter(county_name),
                                        session.previous))
        if answer.question:
            session.previous = answer.context
        history.append({"role": "user", "content": escape_md(question or "")})
        history.append({"role": "assistant", "content": answer.markdown})
        session.shown.append((answer.question, [e.id for e in answer.entries]))
        n = len(session.shown)
        md_path = export_dir / f"citat-{id(session)}-{n}.md"
        csv_path = export_dir / f"citat-{id(session)}-{n}.csv"
        md_path.write_text(to_markdown(answer), encoding="utf-8")
        csv_path.write_text(to_csv(answer), encoding="utf-8")
        return "", history, session, why_markdown(answer), gr.update(value=str(md_path)), gr.update(value=str(csv_path))

    def on_like(data: gr.LikeData, session: Session):
        session = session or Session()
        answers = session.shown
        # Chat rows alternate user/assistant; the answer index is half the message index.
        idx = data.index if isinstance(data.index, int) else data.index[0]
        position = idx // 2
        if not 0 <= position < len(answers):
            gr.Warning("Svaret kunde inte hittas; återkopplingen sparades inte.")
            return session
        question, ids = answers[position]
        verdict = "upp" if data.liked else "ner"
        try:
            record(feedback_path, question, ids, verdict)
            gr.Info("Tack! Återkopplingen är sparad.")
        except FeedbackError as exc:
            gr.Warning(f"Återkopplingen kunde inte sparas: {exc}")
        return session

    def clear():
        return [], Session(), "", gr.update(value=None), gr.update(value=None)

    def api_answer(fråga: str, målgrupp: str = "", län: str = "", k: int = 10) -> dict:
        """Svarar på en fråga med ordagranna citat ur översikten."""
        try:
            k = max(1, min(int(k), 100))
        except (TypeError, ValueError):
            k = 10
        return assistant.ask(Question(fråga or "", _filter(målgrupp), _filter(län), k=k)).to_record(entries=True)

    known_ids = {e.id for e in doc.entries}

    def api_feedback(fråga: str, poster: str, omdöme: str) -> dict:
        """Sparar tumme upp eller ner för ett svar: frågan, de citerade posternas id (kommaseparerade) och 'upp'/'ner'."""
        verdict = (omdöme or "").strip().lower()
        if verdict not in VERDICTS:
            return {"saved": False, "message": "Omdömet ska vara 'upp' eller 'ner'."}
        ids = [i for i in (poster or "").replace(",", " ").split() if i]
        unknown = [i for i in ids if i not in known_ids]
        if unknown:
            return {"saved": False, "message": f"Okända post-id: {', '.join(unknown[:5])}."}
        try:
            record(feedback_path, clean_user_text(fråga or "")[:MAX_QUESTION], ids, verdict)
        except FeedbackError as exc:
            return {"saved": False, "message": f"Återkopplingen kunde inte sparas: {exc}"}
        return {"saved": True, "message": "Tack! Återkopplingen är sparad."}

    with gr.Blocks(title="Insatsguiden", analytics_enabled=False) as demo:
        gr.Markdown(
            "# Insatsguiden\n"
            f"Frågor om kommuners och regioners arbete mot våld under covid-19. Svaren citerar ordagrant "
            f"”{escape_md(doc.title)}” från {doc.publisher} (senast uppdaterad {swedish_date(doc)}), med länkar. "
            "Inget i citaten är omskrivet; finns inget i materialet säger Insatsguiden det."
        )
        session = gr.State(Session())
        with gr.Row():
            with gr.Column(scale=4):
                chat = gr.Chatbot(label="Samtal", height=520, sanitize_html=True, allow_tags=False,
                                  buttons=["copy", "copy_all"], elem_id="chat")
                with gr.Row():
                    box = gr.Textbox(placeholder="Skriv en fråga, t.ex. ”vad finns för äldre på Gotland?”",
                                     show_label=False, scale=5, max_length=MAX_QUESTION, elem_id="question")
                    send = gr.Button("Fråga", variant="primary", scale=1, elem_id="send")
                gr.Examples(EXAMPLES, inputs=box, label="Exempel att klicka på")
            with gr.Column(scale=1, min_width=220):
                group = gr.Dropdown([ANY] + [g.label for g in GROUPS], value=ANY, label="Målgrupp (filter)")
                county = gr.Dropdown(_county_choices(assistant), value=ANY, label="Län (filter)")
                new = gr.Button("Ny fråga (rensa)")
                dl_md = gr.DownloadButton("Ladda ned citaten (Markdown)", value=None)
                dl_csv = gr.DownloadButton("Ladda ned citaten (CSV)", value=None)
        with gr.Accordion("Källor: varför posterna valdes", open=False):
            why = gr.Markdown("Ställ en fråga först.")
        outputs = [box, chat, session, why, dl_md, dl_csv]
        filt = [group, county]

        box.submit(respond, [box, chat, session, *filt], outputs, api_visibility="private",
                   concurrency_limit=CONCURRENCY)
        send.click(respond, [box, chat, session, *filt], outputs, api_visibility="private",
                   concurrency_limit=CONCURRENCY)
        chat.like(on_like, [session], [session], api_visibility="private")
        new.click(clear, None, [chat, session, why, dl_md, dl_csv], api_visibility="private")
        gr.api(api_answer, api_name="svara", concurrency_limit=CONCURRENCY)
        gr.api(api_feedback, api_name="aterkoppling", concurrency_limit=CONCURRENCY)
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=MAX_QUEUE)
    return demo


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, feedback: str | None = None) -> int:
    assistant = Assistant.open(settings)
    # Parallelism comes from the queue (CONCURRENCY requests at once), and one question is a batch of one,
    # which a single thread encodes as fast as two: more threads would only contend for the cores.
    single_thread(assistant.kb.embedder)
    assistant.ask(Question(EXAMPLES[0]))  # warm-up: the model's first call is slow; not inside a user's question
    feedback_path = Path(feedback) if feedback else settings.corpus_dir.parent / "feedback.jsonl"
    problem = check_writable(feedback_path)
    if problem:
        print(f"Obs: tumme upp/ner kan inte sparas ({problem}); välj en annan fil med --feedback.",
              file=sys.stderr, flush=True)
    demo = build_app(assistant, feedback_path)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"Obs: servern lyssnar på {host}, inte bara på den här datorn.", file=sys.stderr)
    print(f"Insatsguiden är igång: öppna http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port} i webbläsaren "
          f"(avsluta med Ctrl+C).", file=sys.stderr, flush=True)
    try:
        demo.launch(server_name=host, server_port=port, share=False, inbrowser=False, show_error=False,
                    quiet=True, footer_links=["api"], ssr_mode=False, theme=gr.themes.Default())
    except OSError as exc:
        print(f"Fel: kan inte starta servern på {host}:{port} ({exc}). Välj en annan port med --port.",
              file=sys.stderr)
        return 1
    return 0
