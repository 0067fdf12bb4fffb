"""Fixtures for the front desk: a clinic folder, an app on it, and a real server in a thread."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from handouts.files.starter import write_starter
from handouts.serve.app import Settings, create_app

ZOE = "Zoë O'Brien & <b>Sons</b>"


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    folder = tmp_path / "clinic"
    write_starter(folder)
    return folder


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" content="([^"]+)"', html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


@dataclass
class Desk:
    """A test client on a clinic's app, with the page's CSRF token at hand."""

    client: TestClient
    csrf: str
    clinic: Path

    def post(self, url: str, **kwargs):  # type: ignore[no-untyped-def]
        headers = {"X-CSRF-Token": self.csrf, **kwargs.pop("headers", {})}
        return self.client.post(url, headers=headers, **kwargs)

    def make(self, name: str = ZOE, goals: tuple[str, ...] = ("sleep",), **fields: str) -> int:
        data = {"name": name, "goals": list(goals), **fields}
        response = self.post("/api/sheet", data=data)
        assert response.status_code == 200, response.text
        return int(response.json()["sheet"])


@pytest.fixture
def desk(clinic: Path) -> Iterator[Desk]:
    app = create_app(Settings(clinic_dir=clinic, max_upload=64 * 1024, max_rows=20, warm_up=False))
    with TestClient(app) as client:
        yield Desk(client, csrf_of(client.get("/").text), clinic)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Live:
    url: str
    clinic: Path


@pytest.fixture
def live(clinic: Path) -> Iterator[Live]:
    """The app served by uvicorn on a free port, as ``handouts serve`` runs it."""
    port = free_port()
    app = create_app(Settings(clinic_dir=clinic, warm_up=False))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the server did not start"
    yield Live(f"http://127.0.0.1:{port}", clinic)
    server.should_exit = True
    thread.join(timeout=5)
