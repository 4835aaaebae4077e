"""The HTTP API and the dashboard: a FastAPI app over one store (``detente serve``).

Routes parse and validate their input and call one function of the library
(:mod:`detente.web.views`, :mod:`detente.relations`, :mod:`detente.batch`); errors of the
:class:`~detente.errors.DetenteError` tree become JSON with a status (:data:`STATUS`).
Limits: request bodies over ``max_body`` bytes get 413, pages hold at most
:data:`~detente.web.views.MAX_LIMIT` rows, writes need the bearer token, CORS is off unless
origins are given. The store is used by one request at a time (a DuckDB connection is not
meant to be shared across threads); analysis runs under a lock of its own.
"""

from __future__ import annotations

import hmac
import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

import detente
from detente.errors import DataError, DetenteError, InputError, ModelError, StoreError
from detente.records import MODALITIES
from detente.store import Filters, Store, open_store
from detente.web import views
from detente.web.limits import BodyLimit, SecurityHeaders
from detente.web.models import ArticleIn, parse_articles

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("detente.web")
MAX_BODY = 2 * 1024 * 1024
#: HTTP status of each error class (the nearest class in the error's MRO wins).
STATUS: dict[type[DetenteError], int] = {InputError: 400, StoreError: 503, ModelError: 503, DataError: 500}

# -- query parameters shared by the list endpoints -------------------------------------------------
CODE = r"^[A-Za-z0-9]{1,16}$"
Dyad = Annotated[str | None, Query(pattern=r"^[A-Za-z0-9]{1,16}[-–][A-Za-z0-9]{1,16}$",
                                   description="Two actor codes, e.g. GBR-RUS (both directions).")]
Actor = Annotated[str | None, Query(pattern=CODE, description="An actor or country code, e.g. RUS or IGOWSTNAT.")]
Since = Annotated[date | None, Query(ge=date(1800, 1, 1), le=date(2200, 12, 31), description="From this date.")]
Until = Annotated[date | None, Query(ge=date(1800, 1, 1), le=date(2200, 12, 31), description="Up to this date.")]
Limit = Annotated[int, Query(ge=1, le=views.MAX_LIMIT, description="Rows per page.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
Text = Annotated[str | None, Query(min_length=1, max_length=200, description="Words in the trigger or quote.")]
By = Literal["day", "week", "month", "year"]
ArticleId = Annotated[str, PathParam(min_length=1, max_length=200, description="Article id or the source's id.")]

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad input (a detente InputError)"},
    422: {"description": "Invalid parameters or body"},
    503: {"description": "The store cannot be queried"},
}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


class State:
    """What the routes share: the store, its lock, the token, a lazily built pipeline."""

    def __init__(self, store: Store, token: str | None, pipeline: Any = None, model: str | None = None):
        self.store, self.token, self.closed = store, token, False
        self.lock = threading.Lock()
        self.nlp_lock = threading.Lock()
        self._pipeline, self.model = pipeline, model

    def pipeline(self) -> Any:
        with self.nlp_lock:
            if self._pipeline is None:
                from detente.pipeline import Pipeline

                self._pipeline = Pipeline(self.model)
            return self._pipeline

    def query(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            return fn(self.store, *args, **kwargs)


def create_app(
    store_url: str | Path | Store,
    token: str | None = None,
    *,
    pipeline: Any = None,
    model: str | None = None,
    max_body: int = MAX_BODY,
    cors_origins: list[str] | None = None,
    read_only: bool = False,
) -> FastAPI:
    """The app over a store (a DuckDB path, a ``postgresql://`` URL, or an open :class:`Store`).

    Args:
        store_url: where the data is. An open store is used as it is and not closed.
        token: the bearer token ``POST /api/articles`` needs; without one, writes are refused.
        pipeline: a built :class:`~detente.pipeline.Pipeline` (else one is built on first use).
        model: the spaCy pipeline to build when none is given.
        max_body: the largest request body accepted, in bytes (larger: 413).
        cors_origins: origins allowed by CORS (none by default: no CORS headers at all).
        read_only: open the store read-only (other processes may then read a DuckDB file
            while the server runs; an older store is not migrated, and writes fail).
    """
    opener: Callable[[], Store] | None = None
    if isinstance(store_url, Store):
        store = store_url
    else:
        url = str(store_url)
        opener = lambda: open_store(url, read_only=read_only and url != ":memory:")  # noqa: E731
        store = opener()  # now, so a store that cannot be opened is reported at once
    state = State(store, token or None, pipeline, model)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # An app may be started again after a shutdown (test clients do): reopen what was closed.
        with state.lock:
            if state.closed and opener is not None:
                state.store, state.closed = opener(), False
        yield
        if opener is not None:
            with state.lock:
                state.store.close()
                state.closed = True

    app = FastAPI(
        title="detente",
        version=detente.__version__,
        description="Actors, quotes and CAMEO events from news, with evidence; relations between "
                    "countries over time. Every span is a character range into the article text.",
        lifespan=lifespan,
        # Swagger UI and ReDoc load their scripts from a CDN; the OpenAPI document itself is
        # served at /openapi.json and works offline.
        docs_url=None,
        redoc_url=None,
    )
    app.state.detente = state
    _errors(app)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_body=max_body)
    _api(app, state)
    _dashboard(app)
    return app


# -- errors ------------------------------------------------------------------------------------
def status_of(error: DetenteError) -> int:
    """HTTP status of a detente error: its nearest class in :data:`STATUS`, else 500."""
    for klass in type(error).__mro__:
        if klass in STATUS:
            return STATUS[klass]
    return 500


def _errors(app: FastAPI) -> None:
    @app.exception_handler(DetenteError)
    async def detente_error(_: Request, exc: DetenteError) -> JSONResponse:
        status = status_of(exc)
        message = str(exc)
        if status >= 500:  # the engine's own words stay in the log, not in the answer
            log.error("%s", message)
            message = message.splitlines()[0][:300]
        return JSONResponse({"code": exc.code, "message": message, "hint": exc.hint}, status)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        message = f"{where}: {first.get('msg', 'invalid input')}" if where else str(first.get("msg", "invalid"))
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in errors]
        return JSONResponse({"code": "E422", "message": message, "detail": detail}, 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"code": f"E{exc.status_code}", "message": str(exc.detail)}, exc.status_code,
                            headers=getattr(exc, "headers", None))


# -- the API -----------------------------------------------------------------------------------
_bearer = HTTPBearer(auto_error=False, description="The token given to `detente serve --token`.")


def _api(app: FastAPI, state: State) -> None:
    def require_token(creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
        if state.token is None:
            raise HTTPException(403, "writes are disabled: start the server with --token or DETENTE_TOKEN")
        if creds is None or not hmac.compare_digest(creds.credentials.encode(), state.token.encode()):
            raise HTTPException(401, "a valid bearer token is needed", headers={"WWW-Authenticate": "Bearer"})

    @app.get("/api/health", tags=["service"])
    def health() -> dict[str, Any]:
        """Liveness: the version, whether the store answers, whether writes are enabled."""
        state.query(lambda s: s.has_article("0"))
        return {"status": "ok", "version": detente.__version__, "writes": state.token is not None}

    body_doc = {"requestBody": {"required": True, "content": {
        "application/json": {"schema": ArticleIn.model_json_schema(ref_template="#/components/schemas/{model}")},
        "text/plain": {"schema": {"type": "string", "minLength": 1}},
    }}}

    @app.post("/api/analyze", tags=["analysis"], responses=ERRORS, openapi_extra=body_doc)
    async def analyze(request: Request) -> dict[str, Any]:
        """Analyse one article (JSON with ``text``, or a plain-text body); nothing is stored.

        Returns the article, its mentions, quotes and events, each event with its evidence
        sentence and where the source, target and trigger sit in it."""
        article = parse_articles(await request.body(), request.headers.get("content-type"), many=False)[0]
        from starlette.concurrency import run_in_threadpool

        def run() -> dict[str, Any]:
            pipe = state.pipeline()
            with state.nlp_lock:
                return views.analysis(pipe.analyze(article))

        return await run_in_threadpool(run)

    write_doc = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
        "anyOf": [{"$ref": "#/components/schemas/ArticleIn"},
                  {"type": "array", "items": {"$ref": "#/components/schemas/ArticleIn"}, "minItems": 1,
                   "maxItems": 100}]}}}}}

    @app.post("/api/articles", tags=["store"], status_code=201, dependencies=[Depends(require_token)],
              responses={**ERRORS, 401: {"description": "No or wrong token"},
                         403: {"description": "Writes disabled"}, 413: {"description": "Body too large"}},
              openapi_extra=write_doc)
    async def add_articles(request: Request) -> dict[str, Any]:
        """Analyse and store articles (one JSON object or a list of up to 100); articles the
        store has already are skipped. Needs ``Authorization: Bearer TOKEN``."""
        articles = parse_articles(await request.body(), request.headers.get("content-type"), many=True)
        from starlette.concurrency import run_in_threadpool

        def run() -> dict[str, Any]:
            from detente.batch import ingest

            pipe = state.pipeline()
            with state.nlp_lock, state.lock:
                summary = ingest(articles, pipe, state.store)
            return {**summary.as_dict(), "ids": [a.id for a in articles]}

        return await run_in_threadpool(run)

    @app.get("/api/events", tags=["store"], responses=ERRORS)
    def events(
        dyad: Dyad = None, actor: Actor = None, since: Since = None, until: Until = None,
        code: Annotated[str | None, Query(pattern=r"^\d{2,4}$", description="CAMEO code prefix: 19, 0841.")] = None,
        root: Annotated[str | None, Query(pattern=r"^\d{1,2}$", description="CAMEO root code, 01–20.")] = None,
        quad: Annotated[int | None, Query(ge=1, le=4, description="Quad class 1–4.")] = None,
        modality: Annotated[Literal[MODALITIES] | None, Query()] = None,  # type: ignore[valid-type]
        article: Annotated[str | None, Query(min_length=1, max_length=200, description="An article id.")] = None,
        text: Text = None,
        evidence: Annotated[bool, Query(description="Add each event's evidence sentence and article.")] = False,
        limit: Limit = 100, offset: Offset = 0,
    ) -> dict[str, Any]:
        """Stored events, oldest first, filtered; with ``evidence=true`` each carries its
        evidence sentence with the source, target and trigger marked."""
        f = Filters(dyad=dyad, actor=actor, since=_iso(since), until=_iso(until), code=code, root=root,
                    quad_class=quad, modality=modality, article_id=article, text=text)

        def run(store: Store) -> dict[str, Any]:
            shape = (lambda found: views.events_with_evidence(store, found)) if evidence else None
            return views.paged(store.events, f, limit, offset, shape).as_dict()

        return state.query(run)

    @app.get("/api/quotes", tags=["store"], responses=ERRORS)
    def quotes(dyad: Dyad = None, actor: Actor = None, since: Since = None, until: Until = None,
               article: Annotated[str | None, Query(min_length=1, max_length=200)] = None, text: Text = None,
               limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Stored quotes with their speakers (``actor``: the speaker's code)."""
        f = Filters(dyad=dyad, actor=actor, since=_iso(since), until=_iso(until), article_id=article, text=text)
        return state.query(lambda s: views.paged(s.quotes, f, limit, offset).as_dict())

    @app.get("/api/actors", tags=["store"], responses=ERRORS)
    def actors(dyad: Dyad = None, actor: Actor = None, since: Since = None, until: Until = None,
               limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Actors by number of mentions."""
        f = Filters(dyad=dyad, actor=actor, since=_iso(since), until=_iso(until))
        return state.query(lambda s: views.paged(s.actors, f, limit, offset).as_dict())

    @app.get("/api/articles/{article_id}", tags=["store"],
             responses={**ERRORS, 404: {"description": "No such article"}})
    def article(article_id: ArticleId) -> dict[str, Any]:
        """One article: its text with every span (mentions, quotes, events) and its actors."""
        found = state.query(views.article_view, article_id)
        if found is None:
            raise HTTPException(404, f"no article '{article_id}'")
        return found

    @app.get("/api/relations/{a}/{b}", tags=["relations"], responses=ERRORS)
    def relations(a: Annotated[str, PathParam(pattern=CODE)], b: Annotated[str, PathParam(pattern=CODE)],
                  by: By = "week", since: Since = None, until: Until = None) -> dict[str, Any]:
        """Per period, A→B, B→A and both: story events by quad class, Goldstein, the relations
        index (−10…+10), articles and sources."""
        return state.query(views.relations_view, a, b, by, _iso(since), _iso(until))

    @app.get("/api/alerts", tags=["relations"], responses=ERRORS)
    def alerts(dyad: Dyad = None, since: Since = None, by: By = "week") -> dict[str, Any]:
        """Escalations and de-escalations of the relations index, newest first, each with the
        story events that drove it."""
        from detente import relations as rel

        found = state.query(lambda s: rel.alerts(s, dyad=dyad, since=_iso(since), by=by))
        return {"items": [a.as_dict() for a in found], "count": len(found)}

    @app.get("/api/summary", tags=["store"], responses=ERRORS)
    def summary(top: Annotated[int, Query(ge=1, le=100, description="Dyads to list.")] = 20) -> dict[str, Any]:
        """Counts (articles, mentions, events, quotes, actors) and the most active dyads."""
        def run(store: Store) -> dict[str, Any]:
            s = store.summary(1)
            counts = {k: int(s[k]) for k in ("articles", "mentions", "events", "quotes", "actors")}
            by_quad = {str(k): int(v) for k, v in s["by_quad_class"].items()}
            return {**counts, "by_quad_class": by_quad, "top_dyads": views.top_dyads(store, top)}

        return state.query(run)

    @app.get("/api/places", tags=["map"], responses=ERRORS)
    def places(dyad: Dyad = None, actor: Actor = None, since: Since = None, until: Until = None,
               quad: Annotated[int | None, Query(ge=1, le=4, description="Quad class 1–4.")] = None
               ) -> dict[str, Any]:
        """Where the matching events happened: one point per place (name, country, precision,
        latitude/longitude) with its events by quad class and mean Goldstein score."""
        f = Filters(dyad=dyad, actor=actor, since=_iso(since), until=_iso(until), quad_class=quad)
        return state.query(views.places, f)

    @app.get("/api/map/outlines", tags=["map"], response_class=FileResponse,
             responses={200: {"description": "GeoJSON FeatureCollection",
                              "content": {"application/geo+json": {"schema": {"type": "object"}}}}})
    def outlines() -> FileResponse:
        """Country outlines as GeoJSON (Natural Earth 1:110m, public domain), for drawing maps."""
        return FileResponse(views.outlines_path(), media_type="application/geo+json",
                            headers={"Cache-Control": "max-age=86400"})

    @app.get("/api/network", tags=["relations"], responses=ERRORS)
    def network(since: Since = None, until: Until = None,
                limit: Annotated[int, Query(ge=1, le=views.MAX_LIMIT, description="Edges to keep.")] = 60
                ) -> dict[str, Any]:
        """Who interacts with whom: edges with story events and mean Goldstein, and nodes."""
        return state.query(views.network, _iso(since), _iso(until), limit)


# -- the dashboard -----------------------------------------------------------------------------
def plotly_js() -> Path | None:
    """plotly.min.js as shipped inside the installed ``plotly`` package (no CDN)."""
    try:
        import plotly
    except ImportError:
        return None
    found = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    return found if found.is_file() else None


def _dashboard(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly() -> FileResponse:
        found = plotly_js()
        if found is None:
            raise HTTPException(404, "plotly is not installed: pip install 'detente[web]'")
        return FileResponse(found, media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")


__all__ = ["MAX_BODY", "STATUS", "create_app", "status_of"]
