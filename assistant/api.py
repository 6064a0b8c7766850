"""The programmatic ways in, beside the chat on the same server.

- A plain JSON API (FastAPI, which Gradio runs on anyway): `POST /api/fraga` answers with
  `Answer.to_record(entries=True)`, `POST /api/aterkoppling` records a vote; the OpenAPI schema is served at
  `/api/docs` (and `/api/openapi.json`). Bad input gets a 422 with a Swedish message, a body over
  `MAX_BODY` bytes a 413.
- Gradio's own endpoints `/svara` and `/aterkoppling` (for gradio_client), answering the same records.

Both call `Assistant.ask(Question)` after the same checks as the CLI and the chat (`checks.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .checks import K_DEFAULT, K_MAX, K_MIN, MAX_QUESTION, check_k, check_question, no_filter
from .errors import FeedbackError, InsatsError, UsageError
from .feedback import VERDICTS, record
from .answer import escape_md
from .query import Question
from .text import clean_user_text

MAX_BODY = 64 * 1024  # bytes: a question is at most MAX_QUESTION characters (≤ 40 KB in UTF-8) plus the fields
TOO_LARGE = f"Förfrågan är för stor (högst {MAX_BODY // 1024} kB). En fråga får vara högst {MAX_QUESTION:,} tecken." \
    .replace(",", " ")


class AnswerService:
    """The checks and the call behind every programmatic way in; raises UsageError with a Swedish message."""

    def __init__(self, assistant, feedback_path: Path):
        self.assistant = assistant
        self.feedback_path = feedback_path
        self.known_ids = frozenset(e.id for e in assistant.kb.document.entries)

    def question(self, text: object, group: str | None = None, county: str | None = None,
                 k: object = K_DEFAULT) -> Question:
        cleaned, k = check_question(text), check_k(k)
        group, county = no_filter(group), no_filter(county)
        if group and not self.assistant.group_key(group):
            raise UsageError(f"okänd målgrupp '{group}'")
        if county and not self.assistant.county(county):
            raise UsageError(f"okänt län '{county}'; skriv länets namn, t.ex. 'Skåne län'")
        return Question(cleaned, group, county, k=k)

    def answer(self, text: object, group: str | None = None, county: str | None = None, k: object = K_DEFAULT) -> dict:
        return self.assistant.ask(self.question(text, group, county, k)).to_record(entries=True)

    def vote(self, question: object, entry_ids: list[str], verdict: object, answer_id: str | None = None) -> None:
        verdict = str(verdict or "").strip().lower()
        if verdict not in VERDICTS:
            raise UsageError("omdömet ska vara 'upp' eller 'ner'")
        if not isinstance(question, str) or len(question) > MAX_QUESTION:
            raise UsageError(f"frågan ska vara text, högst {MAX_QUESTION} tecken")
        unknown = [i for i in entry_ids if i not in self.known_ids]
        if unknown:
            raise UsageError(f"okända post-id: {', '.join(unknown[:5])}")
        record(self.feedback_path, clean_user_text(question), entry_ids, verdict, answer_id=answer_id)


class GradioApi:
    """`/svara` and `/aterkoppling` for gradio_client: errors come back as data, in the record's own shape."""

    def __init__(self, service: AnswerService):
        self.service = service

    def answer(self, fråga: str, målgrupp: str = "", län: str = "", k: int = 10) -> dict:
        """Svarar på en fråga med ordagranna citat ur översikten."""
        try:
            return self.service.answer(fråga or "", målgrupp, län, k)
        except InsatsError as exc:  # the same Swedish message as in the chat, as data
            return {"question": fråga or "", "error": exc.user_message(), "hits": [], "entries": [], "abstained": True,
                    "exact": False, "notice": "error", "answer": escape_md(exc.user_message())}

    def feedback(self, fråga: str, poster: str, omdöme: str) -> dict:
        """Sparar tumme upp eller ner för ett svar: frågan, de citerade posternas id (kommaseparerade) och 'upp'/'ner'."""
        ids = [i for i in (poster or "").replace(",", " ").split() if i]
        try:
            self.service.vote((fråga or "")[:MAX_QUESTION], ids, omdöme)
        except UsageError as exc:
            return {"saved": False, "message": str(exc)[:1].upper() + str(exc)[1:] + "."}
        except FeedbackError as exc:
            return {"saved": False, "message": f"Återkopplingen kunde inte sparas: {exc}"}
        return {"saved": True, "message": "Tack! Återkopplingen är sparad."}


def gradio_api(assistant, feedback_path: Path) -> GradioApi:
    return GradioApi(AnswerService(assistant, feedback_path))


# -- the JSON API ----------------------------------------------------------------------------------------------

FIELD_NAMES = {"fråga": "fråga", "målgrupp": "målgrupp", "län": "län", "k": "k", "poster": "poster",
               "omdöme": "omdöme", "svar_id": "svar_id"}
PYDANTIC_SV = {
    "missing": "saknas", "string_type": "ska vara text", "int_type": "ska vara ett heltal",
    "int_parsing": "ska vara ett heltal", "int_from_float": "ska vara ett heltal",
    "greater_than_equal": f"ska vara minst {K_MIN}", "less_than_equal": f"ska vara högst {K_MAX}",
    "string_too_long": f"är för lång (högst {MAX_QUESTION} tecken)", "string_too_short": "får inte vara tom",
    "list_type": "ska vara en lista med post-id", "literal_error": "ska vara 'upp' eller 'ner'",
    "json_invalid": "är ingen giltig JSON", "model_attributes_type": "ska vara ett JSON-objekt",
    "dict_type": "ska vara ett JSON-objekt", "extra_forbidden": "är inget känt fält",
}


def swedish_validation(errors: list[dict]) -> str:
    """Pydantic's errors as one Swedish sentence per field: 'fråga saknas; k ska vara högst 100'."""
    parts = []
    for e in errors:
        loc = [str(x) for x in e.get("loc", ()) if x != "body"]
        name = FIELD_NAMES.get(loc[0], loc[0]) if loc and not loc[0].isdigit() else "förfrågan"
        parts.append(f"{name} {PYDANTIC_SV.get(e.get('type', ''), 'är fel')}")
    return "; ".join(dict.fromkeys(parts)) or "förfrågan är fel"


class BodyLimit:
    """ASGI middleware: a request body over `limit` bytes gets 413 before it is read into memory, whether it
    says its length (Content-Length) or streams it (chunked)."""

    def __init__(self, app, limit: int = MAX_BODY):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return await _too_large(send)
        if scope.get("method") not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        # Read the (small) body here, counting, so a streamed one over the cap never reaches the app.
        chunks, seen = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            seen += len(chunks[-1])
            if seen > self.limit:
                return await _too_large(send)
            if not message.get("more_body"):
                break
        body, replayed = b"".join(chunks), False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _too_large(send) -> None:
    import json

    body = json.dumps({"fel": TOO_LARGE}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class Fraga(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"fråga": "vad finns för äldre på Gotland?", "k": 5}]})
    fråga: str = Field(min_length=1, max_length=MAX_QUESTION, description="frågan, på svenska (eller engelska)")
    målgrupp: str | None = Field(None, description="filter: målgrupp, t.ex. 'Äldre' (frågans egen går före)")
    län: str | None = Field(None, description="filter: län, t.ex. 'Skåne län' (frågans egen ort går före)")
    k: int = Field(K_DEFAULT, ge=K_MIN, le=K_MAX, description="högst så många poster")

class Aterkoppling(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fråga: str = Field(max_length=MAX_QUESTION, description="frågan som svaret gällde")
    poster: list[str] = Field(default_factory=list, max_length=100, description="de citerade posternas id")
    omdöme: Literal["upp", "ner"]
    svar_id: str | None = Field(None, max_length=64, description="svarets id, om klienten har ett")



def docs_page(schema: dict) -> str:
    """The API described on one plain page, from its OpenAPI schema: FastAPI's Swagger page loads its script and
    style from a CDN, which an offline machine cannot reach (it showed a blank page)."""
    import html
    import json

    def esc(x) -> str:
        return html.escape(str(x))

    parts = [f"<!doctype html><html lang='sv'><head><meta charset='utf-8'><title>{esc(schema['info']['title'])} – "
             "API</title><style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
             "pre{background:#f3f4f6;padding:.75rem;overflow:auto}code{background:#f3f4f6}</style></head><body>",
             f"<h1>{esc(schema['info']['title'])}: JSON-API</h1><p>{esc(schema['info'].get('description', ''))}</p>",
             "<p>Hela beskrivningen som OpenAPI: <a href='/api/openapi.json'><code>/api/openapi.json</code></a>.</p>"]
    schemas = schema.get("components", {}).get("schemas", {})
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            parts.append(f"<h2><code>{esc(method.upper())} {esc(path)}</code></h2><p>{esc(op.get('summary', ''))}</p>")
            ref = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            body = schemas.get(ref.get("$ref", "").rsplit("/", 1)[-1], ref)
            if body:
                parts.append("<p>Begäran (JSON):</p><pre>" + esc(json.dumps(body, ensure_ascii=False, indent=2)) + "</pre>")
    parts.append("</body></html>")
    return "\n".join(parts)


def json_api(assistant, feedback_path: Path):
    """The FastAPI app with the JSON routes; `serve` mounts the chat on it at '/'."""
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse

    service = AnswerService(assistant, feedback_path)

    app = FastAPI(title="Insatsguiden", version="1", docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Frågor om kommuners och regioners arbete mot våld under covid-19, besvarade med "
                              "ordagranna citat ur Jämställdhetsmyndighetens översikt. Svaret har samma form som "
                              "`insatsguiden ask --json`.")

    @app.get("/api/docs", include_in_schema=False)
    def docs():
        from fastapi.responses import HTMLResponse

        return HTMLResponse(docs_page(app.openapi()))

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError):
        return JSONResponse({"fel": f"Fel: {swedish_validation(list(exc.errors()))}."}, status_code=422)

    @app.post("/api/fraga", summary="Ställ en fråga", tags=["Insatsguiden"], response_model=None)
    def fraga(body: Fraga) -> JSONResponse:
        try:
            return JSONResponse(service.answer(body.fråga, body.målgrupp, body.län, body.k))
        except UsageError as exc:
            return JSONResponse({"fel": exc.user_message()}, status_code=422)
        except InsatsError as exc:  # the index or corpus: the server's problem, said in Swedish
            return JSONResponse({"fel": exc.user_message()}, status_code=503)

    @app.post("/api/aterkoppling", summary="Tumme upp eller ner för ett svar", tags=["Insatsguiden"],
              response_model=None)
    def aterkoppling(body: Aterkoppling) -> JSONResponse | dict:
        try:
            service.vote(body.fråga, body.poster, body.omdöme, body.svar_id)
        except UsageError as exc:
            return JSONResponse({"fel": exc.user_message()}, status_code=422)
        except FeedbackError as exc:
            return JSONResponse({"fel": exc.user_message()}, status_code=503)
        return {"sparad": True, "meddelande": "Tack! Återkopplingen är sparad."}

    return app
