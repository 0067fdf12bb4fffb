"""The FastAPI application: settings, shared state and the error pages.

``create_app`` builds one app for one clinic folder. Routes live in the
``routes_*`` modules; this module wires them to the shared state (workspace,
history, worker pools) and makes sure no error page ever shows client data
or a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import PlainTextResponse, Response

from handouts.files.search_path import Workspace
from handouts.serve import core
from handouts.serve.security import Guard, GuardMiddleware
from handouts.store import Store, open_store

HERE = Path(__file__).parent
T = TypeVar("T")
log = logging.getLogger("handouts.serve")


@dataclass
class Settings:
    """How the server was started."""

    clinic_dir: Path | None = None
    host: str = "127.0.0.1"
    token: str | None = None
    render_workers: int = 2  # sheets and previews drawn at once; the machine's cores, roughly
    max_rows: int = 2000  # rows in one uploaded client list
    max_upload: int = 4 * 1024 * 1024  # bytes in one upload
    warm_up: bool = True  # draw a sample sheet at start (tests switch it off: many short-lived apps)


@dataclass
class Desk:
    """Everything the routes share: the clinic, its history, the pools that draw off the event loop."""

    settings: Settings
    ws: Workspace
    home: Path  # the clinic folder, or output/ when none is configured (the demo clinic)
    store: Store
    templates: Jinja2Templates
    render_pool: ThreadPoolExecutor
    batch_pool: ThreadPoolExecutor
    jobs: dict[str, Any] = field(default_factory=dict)

    @property
    def output(self) -> Path:
        return self.home / "output" if self.settings.clinic_dir is not None else self.home

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """Run ``func`` in the render pool, so the event loop keeps serving other tabs meanwhile."""
        return await asyncio.get_running_loop().run_in_executor(self.render_pool, lambda: func(*args))


def home_for(clinic_dir: Path | None) -> Path:
    """Where history and sheets go: the clinic folder, or ./output for the demo clinic."""
    return clinic_dir.resolve() if clinic_dir is not None else (Path.cwd() / "output").resolve()


def create_app(settings: Settings) -> FastAPI:
    """One front desk for one clinic folder."""
    ws = core.open_workspace(settings.clinic_dir)
    settings.clinic_dir = ws.clinic_dir  # also a clinic.yaml found in the current folder
    home = home_for(settings.clinic_dir)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    desk = Desk(settings, ws, home, open_store(home), templates,
                ThreadPoolExecutor(settings.render_workers, thread_name_prefix="render"),
                ThreadPoolExecutor(1, thread_name_prefix="batch"))
    guard = Guard(host=settings.host, token=settings.token, max_body=settings.max_upload + 64 * 1024)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.warm_up:  # the first receptionist does not wait for fonts and templates to load
            desk.render_pool.submit(core.warm_up, ws)
        yield
        desk.render_pool.shutdown(wait=False, cancel_futures=True)
        desk.batch_pool.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(title="handouts", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.desk = desk
    app.add_middleware(GuardMiddleware, guard=guard)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _error_pages(app)
    from handouts.serve import routes_batch, routes_clients, routes_print, routes_sheet

    for module in (routes_sheet, routes_clients, routes_batch, routes_print):
        app.include_router(module.router)

    return app


def _error_pages(app: FastAPI) -> None:
    """Plain error pages: a status and a sentence, never the request's data or a traceback."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        text = {404: "Not found.", 405: "Not allowed."}.get(exc.status_code, "The request could not be handled.")
        return PlainTextResponse(text, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return PlainTextResponse("The request was not understood.", status_code=400)

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> Response:
        log.error("internal problem (%s) on %s %s", type(exc).__name__, request.method, request.url.path)
        return PlainTextResponse("handouts met an internal problem; the server's log names it.", status_code=500)


def desk_of(request: Request) -> Desk:
    """The shared state, from a request."""
    return request.app.state.desk  # type: ignore[no-any-return]


def page(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    """Render an HTML template with the things every page needs (CSRF token, clinic name)."""
    desk = desk_of(request)
    context.update(csrf=request.state.csrf, clinic=core.options(desk.ws).clinic,
                   demo=desk.settings.clinic_dir is None)
    return desk.templates.TemplateResponse(request, name, context, status_code=status)
