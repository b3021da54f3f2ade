"""The server-sent event stream tells connected clients about changes as they happen."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient


def _read_events(
    client: TestClient, name_wanted: str, count: int, trigger: threading.Thread
) -> list[tuple[str, dict]]:
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
                if name == name_wanted:
                    events.append((name, json.loads(line[len("data: ") :])))
                if len(events) >= count:
                    break
    return events


def test_command_progress_reaches_a_connected_client(client: TestClient) -> None:
    def post_command() -> None:
        time.sleep(0.3)
        client.post("/api/v3/command", json={"name": "CheckHealth"})

    events = _read_events(client, "command", 3, threading.Thread(target=post_command))
    assert [e[0] for e in events] == ["command"] * 3
    assert [e[1]["resource"]["status"] for e in events] == ["queued", "started", "completed"][: len(events)]
    assert all(e[1]["resource"]["name"] == "CheckHealth" for e in events)


def test_the_stream_needs_the_api_key(client: TestClient) -> None:
    del client.headers["x-api-key"]
    assert client.get("/stream/events").status_code == 401


def test_bazarr_hears_movie_changes_over_the_signalr_hub(client: TestClient, movies_root: Path) -> None:
    key = client.headers["x-api-key"]
    negotiated = client.post(f"/signalr/messages/negotiate?negotiateVersion=1&access_token={key}")
    assert negotiated.status_code == 200
    token = negotiated.json()["connectionToken"]
    client.post("/api/v3/rootfolder", json={"path": str(movies_root)})
    with client.websocket_connect(f"/signalr/messages?id={token}&access_token={key}") as hub:
        hub.send_text('{"protocol":"json","version":1}\x1e')
        assert hub.receive_text() == "{}\x1e"
        movie = {
            "title": "Heat",
            "year": 1995,
            "tmdbId": 949,
            "qualityProfileId": 1,
            "rootFolderPath": str(movies_root),
        }
        created = client.post("/api/v3/movie", json=movie).json()
        frames = []
        while True:
            frame = json.loads(hub.receive_text().rstrip("\x1e"))
            if frame.get("type") == 1 and frame["arguments"][0]["name"] == "movie":
                frames.append(frame)
                break
    message = frames[0]["arguments"][0]
    assert frames[0]["target"] == "receiveMessage"
    assert message["body"]["action"] == "updated"
    assert message["body"]["resource"] == {"id": created["id"], "title": "Heat", "year": 1995, "tmdbId": 949}


def test_the_signalr_hub_needs_the_api_key(client: TestClient) -> None:
    key = client.headers.pop("x-api-key")
    assert client.post("/signalr/messages/negotiate?access_token=wrong").status_code == 401
    assert client.post(f"/signalr/messages/negotiate?access_token={key}").status_code == 200
