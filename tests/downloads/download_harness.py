"""Helpers for the download tests: a local file server (the indexer's downloads) and app shortcuts."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from reelarr.context import Context


class FileServer:
    """Serves bytes registered under a path, as an indexer serves .torrent and .nzb files."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        files = self.files

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = files.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def offer(self, name: str, content: bytes) -> str:
        self.files[f"/{name}"] = content
        return f"{self.base_url}/{name}"


def context(client: TestClient) -> Context:
    ctx: Context = client.app.state.ctx  # type: ignore[attr-defined]
    return ctx


def call(client: TestClient, fn: Any, *args: Any, **kwargs: Any) -> Any:
    async def run() -> Any:
        return await fn(*args, **kwargs)

    return client.portal.call(run)  # type: ignore[union-attr]


def add_movie(client: TestClient, root: Path, title: str, year: int, tmdb_id: int) -> int:
    client.post("/api/v3/rootfolder", json={"path": str(root)})
    body = {
        "title": title,
        "year": year,
        "tmdbId": tmdb_id,
        "qualityProfileId": 1,
        "rootFolderPath": str(root),
        "monitored": True,
        "status": "released",
        "physicalRelease": f"{year}-06-01T00:00:00Z",
    }
    response = client.post("/api/v3/movie", json=body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def fields(**values: Any) -> list[dict[str, Any]]:
    return [{"name": name, "value": value} for name, value in values.items()]
