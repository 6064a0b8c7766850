"""The Gradio chat. Thin: every answer comes from `Assistant.ask(Question)`; the app only shows it.

API endpoint (gradio_client): `/svara` with (fråga, målgrupp, län, k) → dict with the
understood places and groups, hits (entry id, score), abstained flag and answer text.

What the page adds on top of Gradio (see CSS and HEAD): Swedish labels for Gradio's own buttons whatever
the browser's language, readable aria-labels on chat messages, AA contrast, a visible focus ring, one
scroll area on a phone, and each new answer scrolled so that its start is at the top of the chat.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import gradio as gr

from .answer import Answer, escape_md, swedish_date, to_csv, to_markdown
from .embedding import single_thread
from .errors import FeedbackError, InsatsError
from .feedback import UNVOTE, VERDICTS, check_writable, record
from .groups import GROUPS
from .overview import ANY  # one "no filter" choice for the chat and the map tab
from .pipeline import Assistant
from .query import Context, Question
from .settings import Settings
from .text import clean_user_text, slugify

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
NO_ANSWER_YET = "Ställ en fråga först."
THANKS = "Tack! Ditt omdöme om svaret är sparat."
UNVOTED = "Ditt omdöme är borttaget."

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
    "Filter": "Filtrera", "Clear filter": "Ta bort filtret", "Download all": "Ladda ned allt",
    # Gradio's own Swedish (sv browsers) says it differently: one wording for everyone.
    "Rensa chatten": "Rensa samtalet", "Gilla": "Bra svar", "Ogilla": "Dåligt svar", "Close API docs": "Stäng API-beskrivningen",
}

CSS = """
#question textarea::placeholder { color: #595959; opacity: 1; }
.dark #question textarea::placeholder { color: #b0b0b0; }
*:focus-visible, #question textarea:focus, .gradio-container input:focus-visible {
  outline: 3px solid #1d4ed8 !important; outline-offset: 2px !important;
}
/* The chat's ↓ button floats over the text; answers are scrolled to their start instead. */
#chat .scroll-down-button-container { display: none !important; }
/* The chat's copy/clear buttons float over the first lines of text: give them a row of their own above it. */
#chat > .wrapper { display: flex; flex-direction: column; }
#chat .icon-button-wrapper.top-panel { position: static !important; order: -1; align-self: flex-end;
  margin: 2px 4px; box-shadow: none; }
#chat-heading h2 { margin: 0.2em 0; font-size: var(--text-lg); }
#intro p { margin: 0; }
#feedback-status { min-height: 1.5em; }
footer .show-api, footer a, footer button { color: #374151 !important; }
.dark footer .show-api, .dark footer a, .dark footer button { color: #d1d5db !important; }
/* Phone: one scroll area (the page); the chat grows with its answers instead of scrolling inside itself. */
@media (max-width: 640px) {
  /* The question box stays in reach while the answers scroll by. */
  #ask-row { position: sticky; top: 0; z-index: 30; background: var(--body-background-fill); padding: 4px 0; }
  #chat, #chat .bubble-wrap, #chat [role="log"] { height: auto !important; max-height: none !important;
    overflow: visible !important; }
  #chat { min-height: 0 !important; }
}
"""

HEAD = """
<script>
(() => {
  const SV = __SWEDISH__;
  const ATTRS = ["aria-label", "title", "placeholder"];
  const plain = (el) => (el.innerText || el.textContent || "").replace(/\\s+/g, " ").trim();
  // Chat messages carry their Markdown source as aria-label: say who speaks and give the readable text.
  function messageLabel(el) {
    const label = el.getAttribute("aria-label") || "";
    if (label.startsWith("user's message")) el.dataset.who = "Din fråga: ";
    else if (label.startsWith("bot's message")) el.dataset.who = "Svar: ";
    if (!el.dataset.who) return;
    const want = el.dataset.who + plain(el).slice(0, 300);
    if (label !== want) el.setAttribute("aria-label", want);
  }
  let pending = false;
  function relabelMessages() {  // message text arrives after its aria-label: relabel once per frame
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      document.querySelectorAll(`[data-who], [aria-label^="user's message"], [aria-label^="bot's message"]`)
        .forEach(messageLabel);
    });
  }
  function translate(root) {
    if (!(root instanceof Element)) return;
    const nodes = [root, ...root.querySelectorAll("*")];
    for (const el of nodes) {
      for (const a of ATTRS) {
        const v = el.getAttribute(a);
        if (v && SV[v.trim()]) el.setAttribute(a, SV[v.trim()]);
      }
      for (const n of el.childNodes) {
        if (n.nodeType === 3) {
          const t = n.nodeValue.trim();
          if (t && SV[t]) n.nodeValue = n.nodeValue.replace(t, SV[t]);
        }
      }
    }
  }
  function start() {
    document.documentElement.lang = "sv";
    translate(document.body);
    new MutationObserver((changes) => {
      if (document.documentElement.lang !== "sv") document.documentElement.lang = "sv";
      relabelMessages();
      for (const c of changes) {
        if (c.type === "childList") c.addedNodes.forEach((n) => translate(n.nodeType === 3 ? n.parentElement : n));
        else if (c.type === "characterData") translate(c.target.parentElement);
        else translate(c.target);
      }
    }).observe(document.documentElement, {subtree: true, childList: true, characterData: true,
                                          attributes: true, attributeFilter: ATTRS.concat(["lang"])});
  }
  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);

  // The start of the newest answer at the top of the chat (or of the page, where the chat does not scroll).
  function scroller(el) {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p).overflowY;
      if ((s === "auto" || s === "scroll") && p.scrollHeight > p.clientHeight + 1) return p;
    }
    return null;
  }
  window.insatsguidenShowAnswer = (tries = 20) => {
    const bots = document.querySelectorAll("#chat .message-row.bot-row, #chat .bot-row, #chat [data-testid='bot']");
    const last = bots[bots.length - 1];
    if (!last) { if (tries > 0) setTimeout(() => window.insatsguidenShowAnswer(tries - 1), 100); return; }
    const box = scroller(last);
    if (box) box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top - 4;
    else {  // the page scrolls (phone): bring the answer's start up, below the question box that stays on top
      const r = last.getBoundingClientRect();
      const ask = document.getElementById("ask-row");
      const top = ask ? ask.getBoundingClientRect().height : 0;
      if (r.top < top || r.bottom > window.innerHeight) window.scrollBy(0, r.top - 8 - top);
    }
  };
  // Tab out of a dropdown: Gradio lets focus fall into its open list, which then stays open over the next
  // dropdown. Close it (blur) and move focus to the next (Shift: previous) control ourselves.
  const TABBABLE = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), textarea:not([disabled]), " +
                   "select:not([disabled]), [tabindex]:not([tabindex='-1'])";
  document.addEventListener("keydown", (e) => {
    const input = e.target;
    if (e.key !== "Tab" || !(input instanceof HTMLInputElement) || input.getAttribute("role") !== "combobox") return;
    const all = [...document.querySelectorAll(TABBABLE)].filter(
      (el) => el.offsetParent !== null && !el.closest("[role=listbox], ul.options"));
    const next = all[all.indexOf(input) + (e.shiftKey ? -1 : 1)];
    if (!next) return;
    e.preventDefault();
    e.stopPropagation();
    input.blur();
    next.focus();
  }, true);
})();
</script>
"""

SHOW_ANSWER_JS = "() => { setTimeout(() => window.insatsguidenShowAnswer && window.insatsguidenShowAnswer(), 50); }"


@dataclass
class Shown:
    """One answer in the chat: what the feedback on it is about."""

    answer_id: str
    question: str
    entry_ids: list[str]


@dataclass
class Session:
    """Per-browser-tab state: the conversation context (for follow-ups) and the answers shown, by the chat
    message index of each answer (what a thumb's LikeData.index points at)."""

    previous: Context | None = None
    answers: dict[int, Shown] = field(default_factory=dict)


def _county_choices(assistant: Assistant) -> list[str]:
    return [ANY] + assistant.county_names


def _filter(value: str | None) -> str | None:
    return None if not value or value == ANY else value


def _decimal(x: float) -> str:
    """Swedish decimal comma."""
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


def write_exports(answer: Answer, folder: Path) -> tuple[Path, Path]:
    """The answer's quotes as Markdown (question and date first) and as CSV for Excel with Swedish settings
    (semicolons, UTF-8 with BOM), each in a folder of its own so names never collide between users."""
    folder.mkdir(parents=True, exist_ok=True)
    day = dt.date.today()
    md_path = folder / export_name(answer.question, day, "md")
    csv_path = folder / export_name(answer.question, day, "csv")
    md_path.write_text(to_markdown(answer, day), encoding="utf-8")
    csv_path.write_text(to_csv(answer, delimiter=";"), encoding="utf-8-sig", newline="")
    return md_path, csv_path


def verdict_of(liked) -> str:
    """LikeData.liked: True (thumb up), False (thumb down), '' or None (the thumb clicked off again)."""
    if liked is True:
        return "upp"
    if liked is False:
        return "ner"
    return UNVOTE


def _downloads_off() -> tuple:
    return (gr.update(value=None, interactive=False), gr.update(value=None, interactive=False))


def build_app(assistant: Assistant, feedback_path: Path) -> gr.Blocks:
    doc = assistant.kb.document
    export_dir = Path(tempfile.mkdtemp(prefix="insatsguiden-"))

    def respond(question, history, session: Session, group_label, county_name):
        """One question → one answer appended to the chat; an empty question changes nothing."""
        text = clean_user_text(question or "")
        if not text:
            return (gr.skip(),) * 7
        session = session or Session()
        history = list(history or [])
        try:
            answer = assistant.ask(Question(text, _filter(group_label), _filter(county_name), session.previous))
        except InsatsError as exc:  # a problem the user can act on, in Swedish; never a traceback
            history += [{"role": "user", "content": escape_md(text)},
                        {"role": "assistant", "content": escape_md(exc.user_message())}]
            return ("", history, session, NO_ANSWER_YET, *_downloads_off(), "")
        session.previous = answer.context
        history.append({"role": "user", "content": escape_md(text)})
        history.append({"role": "assistant", "content": answer.markdown})
        answer_id = uuid.uuid4().hex[:12]
        session.answers[len(history) - 1] = Shown(answer_id, answer.question, [e.id for e in answer.entries])
        try:
            md_path, csv_path = write_exports(answer, export_dir / answer_id)
        except OSError as exc:  # a full disk costs the downloads, never the answer
            return ("", history, session, why_markdown(answer), *_downloads_off(),
                    f"Citaten kunde inte sparas för nedladdning ({exc.strerror or exc}).")
        return ("", history, session, why_markdown(answer), gr.update(value=str(md_path), interactive=True),
                gr.update(value=str(csv_path), interactive=True), "")

    def ask_example(sample, history, session, group_label, county_name):
        """An example is asked at once when clicked."""
        text = sample[0] if isinstance(sample, (list, tuple)) and sample else sample
        return respond(text if isinstance(text, str) else "", history, session, group_label, county_name)

    def on_like(data: gr.LikeData, session: Session):
        """Save the vote for the answer it was given on; the status line (not a toast) thanks the user."""
        session = session or Session()
        idx = data.index if isinstance(data.index, int) else data.index[0]
        shown = session.answers.get(idx)
        if shown is None:
            return session, "Svaret kunde inte hittas; omdömet sparades inte."
        verdict = verdict_of(data.liked)
        try:
            record(feedback_path, shown.question, shown.entry_ids, verdict, answer_id=shown.answer_id)
        except FeedbackError as exc:
            return session, f"Omdömet kunde inte sparas: {exc}"
        return session, UNVOTED if verdict == UNVOTE else THANKS

    def clear():
        """A new conversation: no messages, no follow-up context, no filters, no exports, no "why"."""
        return ([], Session(), NO_ANSWER_YET, *_downloads_off(), ANY, ANY, "", "")

    def api_answer(fråga: str, målgrupp: str = "", län: str = "", k: int = 10) -> dict:
        """Svarar på en fråga med ordagranna citat ur översikten."""
        try:
            k = max(1, min(int(k), 100))
        except (TypeError, ValueError):
            k = 10
        try:
            return assistant.ask(Question(fråga or "", _filter(målgrupp), _filter(län), k=k)).to_record(entries=True)
        except InsatsError as exc:  # the same Swedish message as in the chat, as data
            return {"question": fråga or "", "error": exc.user_message(), "hits": [], "abstained": True,
                    "exact": False, "notice": "error", "answer": escape_md(exc.user_message())}

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
            "Inget i citaten är omskrivet; finns inget i materialet säger Insatsguiden det.",
            elem_id="intro",
        )
        session = gr.State(Session())
        with gr.Tabs() as tabs:
            with gr.Tab("Fråga", id="fraga"):
                with gr.Row():
                    with gr.Column(scale=4):
                        with gr.Row(equal_height=True, elem_id="ask-row"):
                            box = gr.Textbox(label="Din fråga", show_label=False, lines=1, scale=5,
                                             placeholder="Skriv en fråga, t.ex. ”vad finns för äldre på Gotland?”",
                                             max_length=MAX_QUESTION, elem_id="question")
                            send = gr.Button("Fråga", variant="primary", scale=1, min_width=90, elem_id="send")
                        examples = gr.Dataset(components=[box], samples=[[e] for e in EXAMPLES],
                                              label="Exempel (klicka för att fråga)", elem_id="examples")
                        gr.Markdown("## Samtal", elem_id="chat-heading")
                        chat = gr.Chatbot(label="Samtal", show_label=False, height=430, autoscroll=False,
                                          sanitize_html=True, allow_tags=False, buttons=["copy", "copy_all"],
                                          elem_id="chat")
                        status = gr.Markdown("", elem_id="feedback-status")
                    with gr.Column(scale=1, min_width=220):
                        group = gr.Dropdown([ANY] + [g.label for g in GROUPS], value=ANY, label="Målgrupp (filter)",
                                            elem_id="filter-group")
                        county = gr.Dropdown(_county_choices(assistant), value=ANY, label="Län (filter)",
                                             elem_id="filter-county")
                        new = gr.Button("Ny fråga (rensa)", elem_id="new")
                        dl_md = gr.DownloadButton("Ladda ned citaten (Markdown)", value=None, interactive=False,
                                                  elem_id="download-md")
                        dl_csv = gr.DownloadButton("Ladda ned citaten (CSV för Excel)", value=None,
                                                   interactive=False, elem_id="download-csv")
                with gr.Accordion("Källor: varför posterna valdes", open=False, elem_id="why-panel"):
                    why = gr.Markdown(NO_ANSWER_YET, elem_id="why")
            overview = _overview_tab(assistant, box)

        outputs = [box, chat, session, why, dl_md, dl_csv, status]
        inputs = [box, chat, session, group, county]
        cleared = [chat, session, why, dl_md, dl_csv, group, county, status, box]

        for event in (box.submit, send.click):
            event(respond, inputs, outputs, api_visibility="private", concurrency_limit=CONCURRENCY
                  ).then(None, js=SHOW_ANSWER_JS)
        examples.click(ask_example, [examples, chat, session, group, county], outputs, api_visibility="private",
                       concurrency_limit=CONCURRENCY).then(None, js=SHOW_ANSWER_JS)
        chat.like(on_like, [session], [session, status], api_visibility="private")
        new.click(clear, None, cleared, api_visibility="private")
        chat.clear(clear, None, cleared, api_visibility="private")
        if overview is not None and getattr(overview, "ask", None) is not None:
            # Choosing a municipality on the map tab writes its question into the box: ask it in the chat.
            overview.ask.then(lambda: gr.Tabs(selected="fraga"), None, tabs, api_visibility="private").then(
                respond, inputs, outputs, api_visibility="private", concurrency_limit=CONCURRENCY
            ).then(None, js=SHOW_ANSWER_JS)
        gr.api(api_answer, api_name="svara", concurrency_limit=CONCURRENCY)
        gr.api(api_feedback, api_name="aterkoppling", concurrency_limit=CONCURRENCY)
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
    """What `demo.launch` needs for the page to look and read as it should (Gradio 6 takes these at launch)."""
    import json

    theme = gr.themes.Default().set(
        button_primary_background_fill="#9a3412", button_primary_background_fill_hover="#7c2d12",
        button_primary_text_color="#ffffff", button_primary_background_fill_dark="#9a3412",
        button_primary_background_fill_hover_dark="#7c2d12", button_primary_text_color_dark="#ffffff",
    )
    head = HEAD.replace("__SWEDISH__", json.dumps(SWEDISH, ensure_ascii=False))
    return {"theme": theme, "css": CSS, "head": head}


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
                    quiet=True, footer_links=["api"], ssr_mode=False, **launch_style())
    except OSError as exc:
        print(f"Fel: kan inte starta servern på {host}:{port} ({exc}). Välj en annan port med --port.",
              file=sys.stderr)
        return 1
    return 0
