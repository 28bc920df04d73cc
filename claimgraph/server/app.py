"""The FastAPI application: a JSON API and the HTML pages, both over :mod:`claimgraph.core`.

Every page has a JSON twin: ``/claims`` answers HTML to a browser (``Accept: text/html``) and
JSON to everything else; ``/claims.json`` is always JSON. Errors are ``{"error": message}`` with a
4xx status (HTML pages show the same message). Every response carries a Content-Security-Policy
that allows scripts, styles and images from this server only, so text from an article can never
run as code even if it got past the escaping.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import Optional

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .. import __version__, core
from . import render

HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
#: largest request body accepted by POST /analyse and POST /documents
MAX_BODY_BYTES = 2_000_000
EXPORT_FORMATS = {"jsonl": ("application/x-ndjson", ".jsonl"), "plover": ("application/x-ndjson", ".jsonl"),
                  "geojson": ("application/geo+json", ".geojson"), "acled": ("text/csv", ".csv"),
                  "prov": ("application/json", ".json"), "csv": ("application/zip", ".zip"),
                  "parquet": ("application/zip", ".zip")}
#: seconds the server waits at start for another process that holds the database
READ_WAIT = float(os.environ.get("CLAIMGRAPH_LOCK_WAIT", "10"))


class ClientError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class Store:
    """The server's database connection; each request reads through its own cursor."""

    def __init__(self, db, writable: bool):
        from ..store import Corpus

        self.path = core.db_path(db)
        self.writable = writable
        if writable:
            self.corpus = Corpus(self.path)
        else:
            self.corpus = core.open_read(self.path, wait=READ_WAIT,
                                         on_wait=lambda m: print(f"waiting: {m}", file=sys.stderr, flush=True))
        self.write_lock = threading.Lock()

    def reader(self):
        from ..store import Corpus

        c = Corpus.__new__(Corpus)
        c.path = self.path
        c.con = self.corpus.con.cursor()
        return c


def create_app(db=None, writable: bool = False, allow_private: bool = False) -> FastAPI:
    """The application over database ``db`` (read-only unless ``writable``). Article URLs given
    to ``POST /analyse`` and ``POST /documents`` are fetched under the ingest fetch policy:
    loopback, private and link-local addresses are refused unless ``allow_private``."""
    from ..ingest.fetch import FetchPolicy

    store = Store(db, writable)
    policy = FetchPolicy(allow_private=allow_private)
    app = FastAPI(title="claimgraph", version=__version__, docs_url=None, redoc_url=None,
                  description="Who claims what in war and conflict news: documents, claims with their source "
                              "chains, actors, places, figures, events and stories. Every HTML page has a JSON "
                              "twin (the same path with .json, or any request without Accept: text/html).")
    app.state.store = store
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(version=__version__, qs=_qs)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        # an empty form field means "any": drop it before the parameters are read
        qs = request.scope.get("query_string", b"")
        if qs:
            from urllib.parse import parse_qsl, urlencode

            request.scope["query_string"] = urlencode(
                [(k, v) for k, v in parse_qsl(qs.decode("latin-1"), keep_blank_values=True) if v != ""]).encode()
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
            response = JSONResponse({"error": f"request body over {MAX_BODY_BYTES:,} bytes"}, status_code=413)
        else:
            response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def wants_html(request: Request) -> bool:
        return not request.url.path.endswith(".json") and "text/html" in request.headers.get("accept", "")

    def error(request: Request, status: int, message: str, param: Optional[str] = None):
        if wants_html(request):
            return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                              status_code=status)
        body = {"error": message}
        if param:
            body["param"] = param
        return JSONResponse(body, status_code=status)

    @app.exception_handler(core.Invalid)
    async def invalid(request: Request, exc: core.Invalid):
        return error(request, 400, str(exc), exc.param)

    @app.exception_handler(core.NotFound)
    async def not_found(request: Request, exc: core.NotFound):
        return error(request, 404, str(exc))

    @app.exception_handler(ClientError)
    async def client_error(request: Request, exc: ClientError):
        return error(request, exc.status, exc.message)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError):
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ())[1:]) or "request"
        return error(request, 400, f"{where}: {first.get('msg')} (got {first.get('input')!r})", where)

    def page(request: Request, template: str, data: dict, json_data=None):
        if wants_html(request):
            return templates.TemplateResponse(request, template, {**data, "query": dict(request.query_params),
                                                                  "path": request.url.path.removesuffix(".json")})
        return JSONResponse(json_data if json_data is not None else data)

    def both(path: str, **kw):
        """Register a GET route at ``path`` and ``path.json``."""
        def wrap(fn):
            app.get(path + ".json", include_in_schema=False, **kw)(fn)
            return app.get(path, **kw)(fn)
        return wrap

    # -- pages with JSON twins ------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def home(request: Request):
        if not wants_html(request):
            return JSONResponse({"name": "claimgraph", "version": __version__, "openapi": "/openapi.json",
                                 "endpoints": ["/documents", "/claims", "/actors", "/places", "/figures", "/events",
                                               "/stories", "/map", "/analyse", "/export/{format}"]})
        c = store.reader()
        return templates.TemplateResponse(request, "home.html", {
            "stats": c.stats(), "docs": core.documents(c, limit=20).as_dict(),
            "stories": core.stories(c, limit=10).as_dict(), "path": "/"})

    @both("/documents")
    def documents(request: Request, outlet: Optional[str] = None, q: Optional[str] = None,
                  since: Optional[str] = None, until: Optional[str] = None, sort: Optional[str] = None,
                  limit: int = Query(core.DEFAULT_LIMIT), offset: int = 0):
        """Stored articles with their record counts."""
        p = core.documents(store.reader(), outlet=outlet, q=q, since=since, until=until, sort=sort,
                           limit=limit, offset=offset).as_dict()
        return page(request, "documents.html", {"page": p}, p)

    @both("/documents/{doc_id}")
    def document(request: Request, doc_id: str):
        """One article with all its records (attributions with their source chain, claims, places,
        dates, figures, events, actor mentions)."""
        view = core.document(store.reader(), doc_id)
        return page(request, "article.html", article_context(view), view)

    def article_context(view: dict) -> dict:
        return {"view": view, "text": render.highlighted_text(view["document"]["text"], view),
                "notes": render.notes_json(render.record_notes(view)), "tree": render.attribution_tree(view),
                "claims_by_attr": _claims_by_attr(view), "layers": render.LAYERS, "labels": render.LABELS}

    @both("/claims")
    def claims(request: Request, doc: Optional[str] = None, source: Optional[str] = None,
               evidence: Optional[str] = None, certainty: Optional[str] = None, stance: Optional[str] = None,
               polarity: Optional[str] = None, min_depth: int = 0, outlet: Optional[str] = None,
               place: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
               q: Optional[str] = None, boilerplate: bool = False, sort: Optional[str] = None,
               limit: int = Query(core.DEFAULT_LIMIT), offset: int = 0):
        """Claims with their source chain, evidence, certainty, hedges and outlet stance, filtered."""
        p = core.claims(store.reader(), doc=doc, source=source, evidence=evidence, certainty=certainty,
                        stance=stance, polarity=polarity, min_depth=min_depth, outlet=outlet, place=place,
                        since=since, until=until, q=q, boilerplate=boilerplate, sort=sort, limit=limit,
                        offset=offset).as_dict()
        from ..model import CERTAINTY, EVIDENCE_TYPES, OUTLET_STANCE

        return page(request, "claims.html", {"page": p, "certainty_values": CERTAINTY,
                                             "evidence_values": EVIDENCE_TYPES, "stance_values": OUTLET_STANCE}, p)

    @both("/actors")
    def actors(request: Request, kind: Optional[str] = None, q: Optional[str] = None, sort: Optional[str] = None,
               limit: int = Query(core.DEFAULT_LIMIT), offset: int = 0):
        """Canonical actors with mention, document and claim counts."""
        p = core.actors(store.reader(), kind=kind, q=q, sort=sort, limit=limit, offset=offset).as_dict()
        return page(request, "actors.html", {"page": p}, p)

    @both("/places")
    def places(request: Request, q: Optional[str] = None, country: Optional[str] = None, doc: Optional[str] = None,
               sort: Optional[str] = None, limit: int = Query(core.DEFAULT_LIMIT), offset: int = 0):
        """Resolved places (GeoNames id, admin1, country, coordinates) with mention and claim counts."""
        p = core.places(store.reader(), q=q, country=country, doc=doc, sort=sort, limit=limit,
                        offset=offset).as_dict()
        return page(request, "places.html", {"page": p}, p)

    @both("/events")
    def events(request: Request, type: Optional[str] = None, actor: Optional[str] = None,  # noqa: A002
               place: Optional[str] = None, certainty: Optional[str] = None, doc: Optional[str] = None,
               since: Optional[str] = None, until: Optional[str] = None, q: Optional[str] = None,
               sort: Optional[str] = None, limit: int = Query(core.DEFAULT_LIMIT), offset: int = 0):
        """PLOVER events with ACLED type, place, date and the reporting claim's source chain."""
        p = core.events(store.reader(), type=type, actor=actor, place=place, certainty=certainty, doc=doc,
                        since=since, until=until, q=q, sort=sort, limit=limit, offset=offset).as_dict()
        return page(request, "events.html", {"page": p}, p)

    @both("/figures")
    def figures(request: Request, counts: Optional[str] = None, actor: Optional[str] = None,
                source: Optional[str] = None, doc: Optional[str] = None, since: Optional[str] = None,
                until: Optional[str] = None, measure: Optional[str] = None,
                limit: int = Query(core.DEFAULT_LIMIT), offset: int = 0):
        """Figures (value, what is counted, whose, since when, according to whom); conflicting
        values for the same measure flagged. ``measure`` picks the one charted on the HTML page."""
        every = core.figures(store.reader(), counts=counts, actor=actor, source=source, doc=doc, since=since,
                             until=until, limit=None)
        core.paging(limit, offset)
        p = {**every.as_dict(), "limit": limit, "offset": offset, "rows": every.rows[offset:offset + limit]}
        if not wants_html(request):
            return JSONResponse(p)
        measures = sorted({r["measure"] for r in every.rows if r["measure"]},
                          key=lambda m: (-sum(r["measure"] == m for r in every.rows), m))
        chosen = measure if measure in measures else (measures[0] if measures else None)
        chart = render.figure_chart([r for r in every.rows if r["measure"] == chosen]) if chosen else None
        return page(request, "figures.html", {"page": p, "measures": measures, "measure": chosen, "chart": chart})

    @both("/stories")
    def stories(request: Request, q: Optional[str] = None, since: Optional[str] = None,
                until: Optional[str] = None, sort: Optional[str] = None,
                limit: int = Query(core.DEFAULT_LIMIT), offset: int = 0):
        """Stories across articles: independent origins, echoes, contradictions."""
        p = core.stories(store.reader(), q=q, since=since, until=until, sort=sort, limit=limit,
                         offset=offset).as_dict()
        return page(request, "stories.html", {"page": p}, p)

    @both("/stories/{story_id}")
    def story(request: Request, story_id: str):
        """One story: its claims grouped by independent origin, the relay graph, echoes with the
        share of text they repeat, a timeline of first reports and contradictions."""
        s = core.story(store.reader(), story_id)
        return page(request, "story.html", {"s": s, "relays": render.relay_svg(s["relays"])}, s)

    @both("/map")
    def map_(request: Request, q: Optional[str] = None, country: Optional[str] = None,
             type: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None):  # noqa: A002
        """The map's data: located places with their counts, and located events grouped by place
        (``/events`` lists the events one by one)."""
        c = store.reader()
        pl = core.places(c, q=q, country=country, located=True, limit=None).rows
        ev = core.event_sites(c, type=type, since=since, until=until)
        data = {"places": pl, "event_sites": ev}
        if not wants_html(request):
            return JSONResponse(data)
        return page(request, "map.html", {**data, "svg": render.map_svg(pl, ev)})

    # -- analysis and ingest ----------------------------------------------------------------
    @app.get("/analyse", include_in_schema=False)
    def analyse_form(request: Request):
        return templates.TemplateResponse(request, "analyse.html", {"path": "/analyse"})

    @app.post("/analyse")
    async def analyse(request: Request):
        """Analyse one article without storing it: JSON ``{"text"| "url", "outlet", "published",
        "title"}`` or the analyse form; returns the records in the shape of ``/documents/{id}``."""
        body = await _body(request)
        text, meta = _article(body, policy)
        from starlette.concurrency import run_in_threadpool

        view = await run_in_threadpool(core.analyse_text, text, **meta)
        if "application/json" in request.headers.get("content-type", "") or not wants_html(request):
            return JSONResponse(view)
        return templates.TemplateResponse(request, "article.html",
                                          {**article_context(view), "unsaved": True, "path": "/analyse"})

    @app.post("/documents", status_code=201)
    async def add_document(request: Request):
        """Ingest one article (JSON ``{"text"| "url", "outlet", "published", "title"}``): analyse,
        store, link. 201 with the document id; 200 when the same text was stored already."""
        if not store.writable:
            raise ClientError(403, "this server is read-only; start it with `claimgraph serve --writable` to ingest")
        body = await _body(request)
        text, meta = _article(body, policy)
        from starlette.concurrency import run_in_threadpool

        doc_id, new = await run_in_threadpool(_ingest, store, text, meta)
        return JSONResponse({"id": doc_id, "stored": new, "url": f"/documents/{doc_id}"},
                            status_code=201 if new else 200)

    # -- exports --------------------------------------------------------------------------
    @app.get("/export/{fmt}")
    def export(fmt: str):
        """The whole corpus in one export format: jsonl, plover, geojson, acled, prov, csv or
        parquet (the last two as a zip of one table per record type)."""
        if fmt not in EXPORT_FORMATS:
            raise ClientError(404, f"unknown export format {fmt!r}; one of {', '.join(EXPORT_FORMATS)}")
        from ..export import export as run_export

        media, suffix = EXPORT_FORMATS[fmt]
        tmp = Path(tempfile.mkdtemp(prefix="claimgraph-export-"))
        out = tmp / f"claimgraph-{fmt}{'' if fmt in ('csv', 'parquet') else suffix}"
        run_export(store.reader(), fmt, out)
        if fmt in ("csv", "parquet"):
            out = Path(shutil.make_archive(str(out), "zip", root_dir=out))
        from starlette.background import BackgroundTask

        return FileResponse(out, media_type=media, filename=out.name,
                            background=BackgroundTask(shutil.rmtree, tmp, ignore_errors=True))

    @app.get("/version")
    def version():
        """claimgraph's version and the database served."""
        return {"version": __version__, "db": str(store.path), "writable": store.writable}

    return app


def _qs(query: dict, **changes) -> str:
    """The query string of ``query`` with ``changes`` applied (empty values dropped)."""
    from urllib.parse import urlencode

    merged = {**query, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "") and not (k == "offset" and v == 0)})


def _claims_by_attr(view: dict) -> dict:
    out: dict = {}
    for c in view["claims"]:
        out.setdefault(c.get("attribution"), []).append(c)
    return out


async def _body(request: Request) -> dict:
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise ClientError(413, f"request body over {MAX_BODY_BYTES:,} bytes")
    ctype = request.headers.get("content-type", "")
    if "application/json" in ctype:
        import json

        try:
            body = json.loads(raw or b"null")
        except ValueError as exc:
            raise ClientError(400, f"the body is not JSON: {exc}") from exc
        if not isinstance(body, dict):
            raise ClientError(400, 'the body must be a JSON object such as {"text": "..."}')
        return body
    if "form" in ctype:
        form = await request.form()
        return {k: v for k, v in form.items() if isinstance(v, str)}
    raise ClientError(415, "send JSON (Content-Type: application/json) or a form")


def _article(body: dict, policy) -> tuple[str, dict]:
    """(text, metadata) from a request body with ``text`` or ``url``."""
    for k in ("text", "url", "outlet", "published", "title"):
        if body.get(k) is not None and not isinstance(body[k], str):
            raise ClientError(400, f"{k} must be a string")
    text = (body.get("text") or "").strip()
    url = (body.get("url") or "").strip()
    meta = {k: (body.get(k) or "").strip() or None for k in ("outlet", "published", "title")}
    if text and url:
        raise ClientError(400, "give text or url, not both")
    if url:
        if not url.startswith(("http://", "https://")):
            raise ClientError(400, f"url must start with http:// or https://, not {url[:40]!r}")
        from ..ingest.readers import Article, read_url

        items = list(read_url(url, policy))
        arts = [i for i in items if isinstance(i, Article)]
        if not arts:
            reason = items[0].reason if items else "no article text found"
            raise ClientError(422, f"could not read {url}: {reason}")
        a = arts[0]
        text = a.text
        meta = {"outlet": meta["outlet"] or a.outlet, "published": meta["published"] or a.published,
                "title": meta["title"] or a.title, "url": url}
    if not text:
        raise ClientError(400, "give the article as text or url")
    if len(text) > core.MAX_TEXT_CHARS:
        raise ClientError(413, f"text has {len(text):,} characters; at most {core.MAX_TEXT_CHARS:,} are analysed")
    if meta.get("published"):
        from ..ingest.readers import normalize_date

        norm = normalize_date(meta["published"])
        if not norm:
            raise ClientError(400, f"published: {meta['published']!r} is not a date; use YYYY-MM-DD")
        meta["published"] = norm
    return text, meta


def _ingest(store: Store, text: str, meta: dict) -> tuple[str, bool]:
    from ..ingest.readers import Article
    from ..ingestion import link_pending, store_documents, to_document

    doc = to_document(Article(text=text, source=meta.get("url") or "POST /documents", url=meta.get("url"),
                              outlet=meta.get("outlet"), title=meta.get("title"),
                              published=meta.get("published")), {})
    with store.write_lock:
        report = store_documents(store.corpus, [doc])
        if report.stored:
            link_pending(store.corpus)
    return doc.id, bool(report.stored)
