"""What keeps the front desk private: token, CSRF, host check, headers and a name-free access log.

* Off localhost, every request needs the access token: given once as
  ``?token=`` (then kept in an HttpOnly cookie and dropped from the address
  bar by a redirect) or sent as a cookie.
* Every POST carries the CSRF token (form field or ``X-CSRF-Token`` header)
  that matches the page's cookie, so another site cannot make sheets or forget
  clients through the receptionist's browser.
* On localhost, the Host header must name this machine: a page elsewhere
  cannot reach the app by pointing its own domain at 127.0.0.1.
* The Content-Security-Policy allows only this app's own script file; client
  text is escaped into HTML and can never run.
* The access log has method, path and status only; client names never travel
  in a path, and query strings are not logged.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import secrets
import time
from dataclasses import dataclass, field

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

CSRF_COOKIE = "handouts_csrf"
TOKEN_COOKIE = "handouts_token"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
       "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'")
access_log = logging.getLogger("handouts.serve.access")


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the app on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Guard:
    """The server's security settings, decided once at start."""

    host: str = "127.0.0.1"
    token: str | None = None  # required when set (always set off localhost)
    csrf_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    max_body: int = 4 * 1024 * 1024  # bytes in one request: a client list of a few thousand rows fits

    def csrf_for(self, session: str) -> str:
        """The CSRF token for a browser's session cookie: an HMAC, so it cannot be guessed from outside."""
        return hmac.new(self.csrf_secret.encode(), session.encode(), "sha256").hexdigest()


def new_session() -> str:
    return secrets.token_urlsafe(24)


class GuardMiddleware(BaseHTTPMiddleware):
    """Token, host, CSRF cookie and security headers on every request; the access log line after it."""

    def __init__(self, app, guard: Guard) -> None:  # type: ignore[no-untyped-def]
        super().__init__(app)
        self.guard = guard

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        started = time.perf_counter()
        response = await self._guarded(request, call_next)
        _headers(response)
        access_log.info("%s %s %s %.0fms", request.method, request.url.path, response.status_code,
                        (time.perf_counter() - started) * 1000)
        return response

    async def _guarded(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if is_loopback(self.guard.host) and not _local_host_header(request.headers.get("host", "")):
            return PlainTextResponse("This address is not served here.", status_code=421)
        if self.guard.token is not None:
            given = request.query_params.get("token")
            if given is not None and hmac.compare_digest(given, self.guard.token):
                redirect = RedirectResponse(request.url.path, status_code=303)  # drop the token from the address
                redirect.set_cookie(TOKEN_COOKIE, given, httponly=True, samesite="strict")
                return redirect
            cookie = request.cookies.get(TOKEN_COOKIE, "")
            if not hmac.compare_digest(cookie, self.guard.token):
                return PlainTextResponse("Access token needed: open the address printed when the server started.",
                                         status_code=401)
        if _too_big(request, self.guard.max_body):
            return PlainTextResponse(f"The upload is too large: at most {self.guard.max_body // (1024 * 1024)} MB.",
                                     status_code=413)
        session = request.cookies.get(CSRF_COOKIE) or ""
        if request.method not in SAFE_METHODS and not await _csrf_ok(request, self.guard, session):
            return PlainTextResponse("This form has expired or did not come from this app: reload the page and "
                                     "try again.", status_code=403)
        fresh = not session
        if fresh:
            session = new_session()
        request.state.csrf = self.guard.csrf_for(session)
        response = await call_next(request)
        if fresh:
            response.set_cookie(CSRF_COOKIE, session, httponly=True, samesite="strict")
        return response


def _too_big(request: Request, limit: int) -> bool:
    """A body declared larger than ``limit`` (or with no length at all, which browsers never send)."""
    if request.method in SAFE_METHODS:
        return False
    length = request.headers.get("content-length")
    if length is None:
        return request.headers.get("transfer-encoding", "").lower() == "chunked"
    return not length.isdigit() or int(length) > limit


def _local_host_header(host: str) -> bool:
    name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
    return name in ("localhost", "127.0.0.1", "[::1]", "testserver") or name.startswith("127.")


async def _csrf_ok(request: Request, guard: Guard, session: str) -> bool:
    """The request's CSRF token matches its session cookie (header first, then the form field)."""
    if not session:
        return False
    expected = guard.csrf_for(session)
    given = request.headers.get(CSRF_HEADER, "")
    if not given and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        body = await request.body()  # cached: the route reads the same body again

        async def replay() -> dict[str, object]:
            return {"type": "http.request", "body": body, "more_body": False}

        async with Request(request.scope, replay).form() as form:
            given = str(form.get(CSRF_FIELD) or "")
    return bool(given) and hmac.compare_digest(given, expected)


def _headers(response: Response) -> None:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("Cache-Control", "no-store")
