"""The Gradio chat and the server around it. Thin: `build_app` wires components to the `Chat` controller
(chat.py), which calls `Assistant.ask(Question)`; the JSON API (api.py) is mounted beside it on one server.

What the page adds on top of Gradio (static/app.css, static/app.js): Swedish labels for Gradio's own buttons
whatever the browser's language, readable aria-labels on chat messages, AA contrast, a visible focus ring, one
scroll area, a question bar that stays on screen, and each new answer scrolled so that its start is in view.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import gradio as gr

from .answer import escape_md, swedish_date
from .api import BodyLimit, gradio_api, json_api
from .chat import NO_ANSWER_YET, PASTE_MAX, Chat, ChatResult, Conversation
from .checks import ANY, no_filter
from .embedding import single_thread
from .errors import FeedbackError
from .feedback import DB_NAME, LEGACY_NAME, check_writable, import_legacy
from .groups import GROUPS
from .pipeline import Assistant
from .query import Question
from .settings import Settings

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

# Gradio's own strings that stay English in an English-language browser (some are not translatable at all):
# HEAD replaces them in text, aria-label, title and placeholder, so every visitor reads Swedish.
SWEDISH = {
    "Copy message": "Kopiera meddelandet", "Copied message": "Meddelandet är kopierat",
    "Copy conversation": "Kopiera hela samtalet", "Copied conversation": "Samtalet är kopierat",
    "Copy": "Kopiera", "Copied": "Kopierat", "Like": "Bra svar", "Dislike": "Dåligt svar",
    "Liked": "Markerat som bra svar", "Disliked": "Markerat som dåligt svar", "Clear": "Rensa samtalet",
    "Scroll down": "Rulla ned", "Loading": "Laddar", "Loading...": "Laddar …", "Loading…": "Laddar …",
    "Use via API": "Använd via API", "Use via API or MCP": "Använd via API", "Built with Gradio": "Byggd med Gradio",
    "built with": "byggd med", "Settings": "Inställningar", "Textbox": "Fråga", "Dropdown": "Lista",
    "Download": "Ladda ned", "Error": "Fel", "Close": "Stäng", "chatbot conversation": "Samtal",
    "Gradio footer navigation": "Sidfot", "Submit": "Skicka", "Retry": "Försök igen", "Undo": "Ångra",
    "Edit": "Redigera", "Share": "Dela", "Remove": "Ta bort", "Empty": "Tom", "Info": "Information",
    "Warning": "Varning", "Dismiss": "Stäng", "Processing": "Arbetar", "More tabs": "Fler flikar",
    "Table actions": "Tabellens funktioner", "Copy table data": "Kopiera tabellen", "Fullscreen": "Helskärm",
    "Exit fullscreen": "Lämna helskärm", "Exit fullscreen mode": "Lämna helskärm", "Sort ascending": "Sortera stigande",
    "Sort descending": "Sortera fallande", "Clear sort": "Ta bort sortering", "Search...": "Sök …", "Search": "Sök",
    "Filter": "Filtrera", "Open cell menu": "Öppna cellens meny", "Clear filter": "Ta bort filtret", "Download all": "Ladda ned allt",
    # Gradio's own Swedish (sv browsers) says it differently: one wording for everyone.
    "Rensa chatten": "Rensa samtalet", "Gilla": "Bra svar", "Ogilla": "Dåligt svar", "Close API docs": "Stäng API-beskrivningen",
}

STATIC = Path(__file__).resolve().parent / "static"
CSS_PATH = STATIC / "app.css"  # layout, contrast, focus ring, one scroll area
PAGE_CSS_PATH = STATIC / "page.css"  # the page around Gradio's app (margins), which app.css cannot reach
JS_PATH = STATIC / "app.js"  # Swedish for Gradio's own strings, message labels, scrolling to a new answer

SHOW_ANSWER_JS = "() => { setTimeout(() => window.insatsguidenShowAnswer && window.insatsguidenShowAnswer(), 50); }"


def _county_choices(assistant: Assistant) -> list[str]:
    return [ANY] + assistant.county_names


def _downloads(exports) -> tuple:
    """Both download buttons: enabled with the files when something was quoted, else disabled and empty."""
    if not exports:
        return (gr.update(value=None, interactive=False), gr.update(value=None, interactive=False))
    md_path, csv_path = exports
    return (gr.update(value=str(md_path), interactive=True), gr.update(value=str(csv_path), interactive=True))


def build_app(assistant: Assistant, feedback_path: Path) -> gr.Blocks:
    """Wire Gradio's components to the `Chat` controller; every rule lives there, not here."""
    doc = assistant.kb.document
    chat_ctl = Chat(assistant, feedback_path, Path(tempfile.mkdtemp(prefix="insatsguiden-")))

    def show(result: ChatResult) -> tuple:
        """A ChatResult as the outputs [box, chat, conversation, why, dl_md, dl_csv, status]."""
        if not result.changed:  # nothing typed: the conversation stays; a notice by the page says what to do
            if result.status:
                gr.Info(result.status, title="Tips")  # the status line alone stands in the tools column, far from the box
            return (*(gr.skip(),) * 6, result.status)
        return ("", list(result.conversation.messages), result.conversation, result.why,
                *_downloads(result.exports), result.status)

    # The chat's messages are never an input: the browser would send the whole conversation with every question,
    # and after a dozen long answers the request passes the 64 kB body limit (api.MAX_BODY) and the chat stops.
    # They live in the `conversation` state, on the server.
    def respond(question, conversation: Conversation, group_label, county_name):
        return show(chat_ctl.ask(conversation or Conversation(), question, no_filter(group_label), no_filter(county_name)))

    def ask_example(sample, conversation, group_label, county_name):
        """An example is asked at once when clicked."""
        text = sample[0] if isinstance(sample, (list, tuple)) and sample else sample
        return respond(text if isinstance(text, str) else "", conversation, group_label, county_name)

    def on_like(data: gr.LikeData, conversation: Conversation):
        return chat_ctl.vote(conversation or Conversation(), data.index, data.liked)

    def clear():
        """A new conversation: no messages, no follow-up context, no filters, no exports, no "why"."""
        result = chat_ctl.clear()
        return ([], result.conversation, result.why, *_downloads(None), ANY, ANY, "", "")

    with gr.Blocks(title="Insatsguiden", analytics_enabled=False) as demo:
        gr.Markdown(
            "# Insatsguiden\n"
            f"Frågor om kommuners och regioners arbete mot våld under covid-19. Svaren citerar ordagrant "
            f"”{escape_md(doc.title)}” från {doc.publisher} (senast uppdaterad {swedish_date(doc)}), med länkar. "
            "Inget i citaten är omskrivet; finns inget i materialet säger Insatsguiden det.",
            elem_id="intro",
        )
        conversation = gr.State(Conversation())
        with gr.Tabs() as tabs:
            with gr.Tab("Fråga", id="fraga"):
                with gr.Row(elem_id="main-row"):
                    with gr.Column(scale=4, elem_id="chat-col"):
                        box = gr.Textbox(label="Din fråga", show_label=False, lines=1, scale=5, render=False,
                                         placeholder="Skriv en fråga, t.ex. ”vad finns för äldre på Gotland?”",
                                         max_length=PASTE_MAX, elem_id="question")
                        examples = gr.Dataset(components=[box], samples=[[e] for e in EXAMPLES],
                                              label="Exempel (klicka för att fråga)", elem_id="examples")
                        gr.Markdown("## Samtal", elem_id="chat-heading")
                        # No "copy all": Gradio writes it as "user: …" / "assistant: …"; the Markdown download
                        # is the whole conversation in Swedish.
                        chat = gr.Chatbot(label="Samtal", show_label=False, autoscroll=False,
                                          sanitize_html=True, allow_tags=False, buttons=["copy"],
                                          feedback_options=("Like", "Dislike"), elem_id="chat")
                        with gr.Accordion("Källor: varför posterna valdes", open=False, elem_id="why-panel"):
                            why = gr.Markdown(NO_ANSWER_YET, elem_id="why")
                        with gr.Row(equal_height=True, elem_id="ask-row"):
                            box.render()
                            send = gr.Button("Fråga", variant="primary", scale=1, min_width=90, elem_id="send")
                    with gr.Column(scale=1, min_width=220, elem_id="tools-col"):
                        with gr.Accordion("Filter och nedladdning", open=True, elem_id="tools"):
                            group = gr.Dropdown([ANY] + [g.label for g in GROUPS], value=ANY,
                                                label="Målgrupp (filter)", elem_id="filter-group")
                            county = gr.Dropdown(_county_choices(assistant), value=ANY, label="Län (filter)",
                                                 elem_id="filter-county")
                            new = gr.Button("Ny fråga (rensa)", elem_id="new")
                            dl_md = gr.DownloadButton("Ladda ned samtalet (Markdown)", value=None, interactive=False,
                                                      elem_id="download-md")
                            dl_csv = gr.DownloadButton("Ladda ned citaten (CSV för Excel)", value=None,
                                                       interactive=False, elem_id="download-csv")
                        status = gr.Markdown("", elem_id="feedback-status")
            overview = _overview_tab(assistant, box)

        outputs = [box, chat, conversation, why, dl_md, dl_csv, status]
        inputs = [box, conversation, group, county]
        cleared = [chat, conversation, why, dl_md, dl_csv, group, county, status, box]

        for event in (box.submit, send.click):
            event(respond, inputs, outputs, api_visibility="private", concurrency_limit=CONCURRENCY
                  ).then(None, js=SHOW_ANSWER_JS)
        examples.click(ask_example, [examples, conversation, group, county], outputs,
                       api_visibility="private", concurrency_limit=CONCURRENCY).then(None, js=SHOW_ANSWER_JS)
        chat.like(on_like, [conversation], [status], api_visibility="private")
        new.click(clear, None, cleared, api_visibility="private")
        chat.clear(clear, None, cleared, api_visibility="private")
        if overview is not None and getattr(overview, "ask", None) is not None:
            # Choosing a municipality on the map tab writes its question into the box: ask it in the chat.
            overview.ask.then(lambda: gr.Tabs(selected="fraga"), None, tabs, api_visibility="private").then(
                respond, inputs, outputs, api_visibility="private", concurrency_limit=CONCURRENCY
            ).then(None, js=SHOW_ANSWER_JS)
        api = gradio_api(assistant, feedback_path)
        gr.api(api.answer, api_name="svara", concurrency_limit=CONCURRENCY)
        gr.api(api.feedback, api_name="aterkoppling", concurrency_limit=CONCURRENCY)
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=MAX_QUEUE)
    return demo


def _overview_tab(assistant: Assistant, box: gr.Textbox):
    """The tab "Karta och översikt" (assistant/overview.py builds its content)."""
    try:
        from .overview import overview_tab
    except ImportError:  # the overview module is optional for the chat
        return None
    with gr.Tab("Karta och översikt", id="oversikt", elem_id="overview-tab"):
        gr.Markdown("## Karta och översikt\nVar i landet arbetet finns, enligt översikten. Välj en kommun för att "
                    "ställa frågan om den i chatten, eller klicka på en rad i tabellen för att läsa posten.")
        return overview_tab(assistant, on_ask=box)


def launch_style() -> dict:
    """Theme, stylesheet and script for the page (Gradio 6 takes these where the app is mounted or launched).
    System fonts only: nothing is fetched, and every letter of a heading is drawn in one font."""
    import json

    fonts = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "DejaVu Sans", "sans-serif"]
    theme = gr.themes.Default(font=fonts, font_mono=["ui-monospace", "DejaVu Sans Mono", "monospace"]).set(
        button_primary_background_fill="#9a3412", button_primary_background_fill_hover="#7c2d12",
        button_primary_text_color="#ffffff", button_primary_background_fill_dark="#9a3412",
        button_primary_background_fill_hover_dark="#7c2d12", button_primary_text_color_dark="#ffffff",
    )
    head = (f"<script>window.INSATSGUIDEN_SV = {json.dumps(SWEDISH, ensure_ascii=False)};</script>\n"
            f"<script>\n{JS_PATH.read_text('utf-8')}</script>\n"
            f"<style>\n{PAGE_CSS_PATH.read_text('utf-8')}</style>\n")
    return {"theme": theme, "css": CSS_PATH.read_text("utf-8"), "head": head}


def server_app(assistant: Assistant, feedback_path: Path):
    """One ASGI app: the JSON API at /api/…, the chat (and Gradio's /svara) at /, all bodies capped."""
    demo = build_app(assistant, feedback_path)
    app = json_api(assistant, feedback_path)
    app = gr.mount_gradio_app(app, demo, path="", footer_links=["api"], ssr_mode=False, show_error=False,
                              **launch_style())
    return BodyLimit(app), demo


def _port_free(host: str, port: int) -> str | None:
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds: a closed port in TIME_WAIT is free
        try:
            s.bind((host, port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def prepare(settings: Settings, feedback: str | Path | None = None) -> tuple[Assistant, Path]:
    """The assistant, warmed up, and its feedback database (with an older feedback.jsonl imported once)."""
    assistant = Assistant.open(settings)
    # Parallelism comes from the threads serving requests, and one question is a batch of one,
    # which a single thread encodes as fast as two: more threads per question would only contend for the cores.
    single_thread(assistant.kb.embedder)
    assistant.ask(Question(EXAMPLES[0]))  # warm-up: the model's first call is slow; not inside a user's question
    feedback_path = Path(feedback) if feedback else settings.corpus_dir.parent / DB_NAME
    problem = check_writable(feedback_path)
    if problem:
        print(f"Obs: tumme upp/ner kan inte sparas ({problem}); välj en annan fil med --feedback.",
              file=sys.stderr, flush=True)
    else:
        try:
            n = import_legacy(feedback_path)
            if n:
                print(f"{n} äldre omdömen lästes in från {feedback_path.with_name(LEGACY_NAME)}.", file=sys.stderr)
        except FeedbackError as exc:
            print(f"Obs: {exc.user_message()}", file=sys.stderr, flush=True)
    return assistant, feedback_path


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, feedback: str | None = None) -> int:
    import uvicorn

    problem = _port_free(host, port)
    if problem:
        print(f"Fel: kan inte starta servern på {host}:{port} ({problem}). Välj en annan port med --port.",
              file=sys.stderr)
        return 1
    assistant, feedback_path = prepare(settings, feedback)
    asgi, _demo = server_app(assistant, feedback_path)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"Obs: servern lyssnar på {host}, inte bara på den här datorn.", file=sys.stderr)
    shown = "127.0.0.1" if host == "0.0.0.0" else host
    print(f"Insatsguiden är igång: öppna http://{shown}:{port} i webbläsaren; JSON-API:t beskrivs på "
          f"http://{shown}:{port}/api/docs (avsluta med Ctrl+C).", file=sys.stderr, flush=True)
    config = uvicorn.Config(asgi, host=host, port=port, log_level="warning", access_log=False,
                            timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    quiet_shutdown(server)
    server.run()
    return 0


def quiet_shutdown(server) -> None:
    """Ctrl+C or SIGTERM ends the open event streams of connected browsers; that is the end of the job, not an
    error to print as a traceback. Everything uvicorn logs before shutdown is still printed."""
    import logging

    class Stopping(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            return not server.should_exit

    for name in ("uvicorn.error", "uvicorn"):
        logging.getLogger(name).addFilter(Stopping())


def serve_in_thread(assistant: Assistant, feedback_path: Path, host: str = "127.0.0.1"):
    """The same server on a free loopback port in a thread of this process (load test, tests);
    returns (stop, url)."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as s:
        s.bind((host, 0))
        port = s.getsockname()[1]
    asgi, _demo = server_app(assistant, feedback_path)
    server = uvicorn.Server(uvicorn.Config(asgi, host=host, port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 60
    while not server.started and time.time() < deadline and thread.is_alive():
        time.sleep(0.05)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)

    return stop, f"http://{host}:{port}/"
