"""The server-sent event stream tells connected clients about changes as they happen."""

from __future__ import annotations

import json
import threading
import time

from fastapi.testclient import TestClient


def _read_events(client: TestClient, wanted: int, trigger: threading.Thread) -> list[tuple[str, dict]]:
    events: list[tuple[str, dict]] = []
    with client.stream("GET", "/stream/events") as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        name = None
        for line in response.iter_lines():
            if line == ": connected":
                trigger.start()  # the stream is registered: what happens now reaches us
            elif line.startswith("event: "):
                name = line[len("event: ") :]
            elif line.startswith("data: ") and name:
                events.append((name, json.loads(line[len("data: ") :])))
                if len(events) >= wanted:
                    break
    return events


def test_command_progress_reaches_a_connected_client(client: TestClient) -> None:
    def post_command() -> None:
        time.sleep(0.3)
        client.post("/api/v3/command", json={"name": "CheckHealth"})

    events = _read_events(client, 3, threading.Thread(target=post_command))
    assert [e[0] for e in events] == ["command"] * 3
    assert [e[1]["resource"]["status"] for e in events] == ["queued", "started", "completed"][: len(events)]
    assert all(e[1]["resource"]["name"] == "CheckHealth" for e in events)


def test_the_stream_needs_the_api_key(client: TestClient) -> None:
    del client.headers["x-api-key"]
    assert client.get("/stream/events").status_code == 401
