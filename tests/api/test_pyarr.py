"""pyarr 5.2.0's ``RadarrAPI`` (the Python client for Radarr) against a running Reelarr.

Every public method of ``RadarrAPI`` and its base classes is found by introspection; each is
either called by one of the tests below (which say so with ``@uses``) or listed in ``EXCEPTIONS``
with the reason. Every request pyarr sends must be an operation of Radarr's v3 document, and
pyarr raises on any 4xx/5xx, so "works" means Radarr's answer, not merely a route.

The server is ``create_app`` under uvicorn on 127.0.0.1 (pyarr speaks HTTP through requests);
lookups go to the local TMDB stand-in, searches to a local Newznab indexer, grabs to a Usenet
blackhole on real folders, and webhook notifications to a local receiver.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import json
import re
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import pytest
import requests
from pyarr import RadarrAPI
from pyarr.exceptions import PyarrResourceNotFound
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from contract import OPENAPI
from fake_tmdb import API_KEY, FakeTmdb
from local_server import serving
from reelarr import config
from reelarr.app import create_app

METHODS = sorted(
    name for name, member in inspect.getmembers(RadarrAPI, inspect.isfunction) if not name.startswith("_")
)
EXCEPTIONS = {
    "basic_auth": "builds a requests HTTPBasicAuth object; it sends no request",
    "upd_manual_import": "PUT /manualimport is not in Radarr's v3 document (Radarr imports with POST)",
}
USED: set[str] = set()
TITLE = "The.Matrix.1999.1080p.BluRay.x264-GRP"
INDEXER_KEY = "local-indexer-key"


def _operations() -> list[tuple[str, re.Pattern[str]]]:
    document = json.loads(OPENAPI.read_text())
    found = []
    for path, operations in document["paths"].items():
        pattern = re.sub(r"\{[^}]+\}", "[^/]+", path)
        for method in operations:
            # Radarr's RestPutById routes {id:int?}: PUT /tag and PUT /movie answer too.
            optional_id = method == "put" and path.endswith("/{id}")
            regex = pattern.removesuffix("/[^/]+") + "(/[^/]+)?" if optional_id else pattern
            found.append((method.upper(), re.compile(f"{regex}/?", re.IGNORECASE)))
    return found


OPERATIONS = _operations()


@dataclass
class Pyarr:
    """pyarr's client, remembering which of its methods a test called and which requests it sent."""

    client: RadarrAPI
    url: str
    root: Path
    blackhole: Path
    indexer_url: str
    called: set[str] = field(default_factory=set)
    sent: list[tuple[str, str]] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        if name in METHODS:
            self.called.add(name)
        return getattr(self.client, name)

    def raw(self, method: str, path: str, **kwargs: Any) -> Any:
        """A call pyarr has no method for (setting up what a test reads back)."""
        response = requests.request(
            method,
            f"{self.url}/api/v3/{path}",
            headers={"X-Api-Key": self.client.api_key},
            timeout=30,
            **kwargs,
        )
        assert response.status_code < 300, response.text
        return response.json() if response.content else None


def uses(*names: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Marks the pyarr methods a test drives; the test fails if it does not call all of them."""
    unknown = set(names) - set(METHODS)
    assert not unknown, f"not methods of RadarrAPI: {unknown}"
    USED.update(names)

    def wrap(test: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(test)
        def run(*args: Any, **kwargs: Any) -> None:
            api: Pyarr = kwargs["pyarr"]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # the deprecated aliases are methods too
                test(*args, **kwargs)
            assert set(names) <= api.called, f"not called: {set(names) - api.called}"
            outside = [
                f"{method} {path}"
                for method, path in api.sent
                if not any(m == method and regex.fullmatch(path) for m, regex in OPERATIONS)
            ]
            assert outside == [], "requests outside Radarr's document"

        return run

    return wrap


@dataclass
class LocalIndexer:
    """A Newznab indexer: capabilities, one search result, and its .nzb."""

    base_url: str = ""
    results: list[str] = field(default_factory=list)

    async def api(self, request: Request) -> Response:
        params = request.query_params
        if params.get("apikey") != INDEXER_KEY:
            return Response('<error code="100" description="Incorrect user credentials"/>')
        if params.get("t") == "caps":
            return Response(
                '<?xml version="1.0"?><caps><limits max="100" default="100"/><searching>'
                '<search available="yes" supportedParams="q"/>'
                '<movie-search available="yes" supportedParams="q,imdbid,tmdbid"/></searching>'
                '<categories><category id="2000" name="Movies"/></categories></caps>',
                media_type="application/xml",
            )
        published = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
        items = "".join(
            f"<item><title>{escape(title)}</title><guid>{self.base_url}/details/{escape(title)}</guid>"
            f"<pubDate>{published.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
            f'<link>{self.base_url}/get/{escape(title)}</link><enclosure url="{self.base_url}/get/'
            f'{escape(title)}" length="8000000000" type="application/x-nzb"/>'
            '<newznab:attr name="category" value="2000"/><newznab:attr name="size" value="8000000000"/>'
            '<newznab:attr name="tmdbid" value="603"/></item>'
            for title in self.results
        )
        return Response(
            '<?xml version="1.0"?><rss version="2.0" '
            'xmlns:newznab="http://www.newznab.com/DTD/2010/feeds/attributes/"><channel><title>Local</title>'
            f"{items}</channel></rss>",
            media_type="application/rss+xml",
        )

    async def nzb(self, request: Request) -> Response:
        title = request.path_params["title"]
        return Response(
            '<?xml version="1.0"?><nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">'
            f'<file poster="p" date="1" subject="{escape(title)} yEnc (1/1)">'
            "<groups><group>a.b</group></groups>"
            '<segments><segment bytes="100" number="1">part1@example</segment></segments></file></nzb>',
            media_type="application/x-nzb",
        )


@pytest.fixture
def pyarr(tmp_path: Path, tmdb: FakeTmdb) -> Iterator[Pyarr]:
    indexer = LocalIndexer()
    hooks_received: list[Any] = []

    async def hook(request: Request) -> Response:
        hooks_received.append(await request.body())
        return JSONResponse({})

    stand_ins = Starlette(
        routes=[
            Route("/api", indexer.api),
            Route("/get/{title}", indexer.nzb),
            Route("/hook", hook, methods=["POST", "PUT"]),
        ]
    )
    settings = config.load(tmp_path / "data", {})
    root, blackhole = tmp_path / "movies", tmp_path / "blackhole"
    for folder in (root, blackhole / "nzb", blackhole / "watch"):
        folder.mkdir(parents=True)
    with serving(stand_ins) as indexer_url, serving(create_app(settings, scheduler_tick_seconds=3600)) as url:
        indexer.base_url = indexer_url
        client = RadarrAPI(url, settings.api_key)
        api = Pyarr(client, url, root, blackhole, indexer_url)
        client.session.hooks["response"].append(
            lambda response, **_: api.sent.append((response.request.method, urlsplit(response.url).path))
        )
        api.raw(
            "PUT",
            "config/metadata",
            json={"tmdbApiKey": API_KEY, "tmdbBaseUrl": tmdb.api_url, "imageBaseUrl": tmdb.image_url},
        )
        api.indexer = indexer  # type: ignore[attr-defined]
        yield api


def test_every_method_of_radarr_api_is_driven_or_excepted_with_a_reason() -> None:
    assert set(EXCEPTIONS) <= set(METHODS)
    assert set(METHODS) - USED - set(EXCEPTIONS) == set()
    assert USED & set(EXCEPTIONS) == set()
    assert len(METHODS) >= 90  # the introspection found pyarr's surface, not an empty class


def _add_matrix(pyarr: Pyarr, **options: Any) -> dict[str, Any]:
    [found] = pyarr.lookup_movie("tmdb:603")
    movie: dict[str, Any] = pyarr.add_movie(
        found, str(pyarr.root), 1, search_for_movie=False, minimum_availability="released", **options
    )
    return movie


def _add_indexer(pyarr: Pyarr) -> int:
    """pyarr reads, changes and deletes indexers but cannot add one (Prowlarr does that)."""
    fields = {"baseUrl": pyarr.indexer_url, "apiPath": "/api", "apiKey": INDEXER_KEY, "categories": [2000]}
    body = {
        "name": "Local Newznab",
        "implementation": "Newznab",
        "configContract": "NewznabSettings",
        "enableRss": True,
        "enableAutomaticSearch": True,
        "enableInteractiveSearch": True,
        "priority": 25,
        "tags": [],
        "fields": [{"name": name, "value": value} for name, value in fields.items()],
    }
    return int(pyarr.raw("POST", "indexer", json=body)["id"])


def _add_blackhole(pyarr: Pyarr) -> dict[str, Any]:
    [schema] = pyarr.get_download_client_schema("UsenetBlackhole")
    folders = {"nzbFolder": str(pyarr.blackhole / "nzb"), "watchFolder": str(pyarr.blackhole / "watch")}
    for item in schema["fields"]:
        item["value"] = folders.get(item["name"], item.get("value"))
    created: dict[str, Any] = pyarr.add_download_client({**schema, "name": "Blackhole", "enable": True})
    return created


def _video(path: Path) -> None:
    """A sparse file big enough not to count as a sample when its runtime cannot be read."""
    with path.open("wb") as video:
        video.write(b"\x1a\x45\xdf\xa3")
        video.truncate(2 * 1024**3)


def _wait_for_command(pyarr: Pyarr, command_id: int) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while (state := pyarr.get_command(command_id))["status"] in ("queued", "started"):
        assert time.monotonic() < deadline, state
        time.sleep(0.05)
    assert state["status"] == "completed", state
    return dict(state)


@uses(
    "add_root_folder",
    "get_root_folder",
    "del_root_folder",
    "get_disk_space",
    "lookup_movie",
    "lookup_movie_by_tmdb_id",
    "lookup_movie_by_imdb_id",
    "add_movie",
    "get_movie",
    "get_movie_by_movie_id",
    "upd_movie",
    "upd_movies",
    "del_movie",
)
def test_movies_are_looked_up_added_changed_and_deleted(pyarr: Pyarr) -> None:
    folder = pyarr.add_root_folder(str(pyarr.root))
    assert folder["path"] == str(pyarr.root) and folder["accessible"] is True
    assert pyarr.get_root_folder() == [folder] or pyarr.get_root_folder()[0]["id"] == folder["id"]
    assert pyarr.get_root_folder(folder["id"])["path"] == str(pyarr.root)
    assert any(disk["freeSpace"] > 0 for disk in pyarr.get_disk_space())

    assert [m["title"] for m in pyarr.lookup_movie("The Matrix")][:1] == ["The Matrix"]
    assert pyarr.lookup_movie_by_tmdb_id(603)[0]["imdbId"] == "tt0133093"
    assert pyarr.lookup_movie_by_imdb_id("tt0133093")[0]["tmdbId"] == 603
    movie = _add_matrix(pyarr)
    assert (movie["title"], movie["year"], movie["monitored"]) == ("The Matrix", 1999, True)
    assert pyarr.get_movie() == [pyarr.get_movie(movie["id"])]
    assert [m["id"] for m in pyarr.get_movie(603, tmdb=True)] == [movie["id"]]
    assert pyarr.get_movie_by_movie_id(movie["id"])["tmdbId"] == 603
    assert pyarr.lookup_movie("tmdb:603")[0]["id"] == movie["id"]  # the lookup knows it is in the library

    changed = pyarr.upd_movie({**pyarr.get_movie(movie["id"]), "monitored": False}, move_files=False)
    assert changed["monitored"] is False and pyarr.get_movie(movie["id"])["monitored"] is False
    [edited] = pyarr.upd_movies(
        {"movieIds": [movie["id"]], "monitored": True, "minimumAvailability": "inCinemas"}
    )
    assert (edited["monitored"], edited["minimumAvailability"]) == (True, "inCinemas")

    pyarr.del_movie(movie["id"], delete_files=True, add_exclusion=True)
    assert pyarr.get_movie() == []
    with pytest.raises(PyarrResourceNotFound):
        pyarr.get_movie(movie["id"])
    pyarr.del_root_folder(folder["id"])
    assert pyarr.get_root_folder() == []


@uses("import_movies", "del_movie", "del_movies", "get_movie")
def test_movies_are_imported_in_bulk_and_deleted_in_bulk(pyarr: Pyarr) -> None:
    pyarr.add_root_folder(str(pyarr.root))
    found = [pyarr.lookup_movie(f"tmdb:{tmdb_id}")[0] for tmdb_id in (603, 604, 605)]
    imported = pyarr.import_movies(
        [
            {
                **movie,
                "path": str(pyarr.root / movie["folder"]),
                "rootFolderPath": str(pyarr.root),
                "qualityProfileId": 1,
                "monitored": True,
            }
            for movie in found
        ]
    )
    assert sorted(m["tmdbId"] for m in imported) == [603, 604, 605]
    ids = [m["id"] for m in pyarr.get_movie()]
    assert len(ids) == 3
    pyarr.del_movie(ids[:2], delete_files=True, add_exclusion=False)
    assert [m["id"] for m in pyarr.get_movie()] == ids[2:]
    pyarr.del_movies({"movieIds": ids[2:], "deleteFiles": True, "addImportExclusion": False})
    assert pyarr.get_movie() == []


@uses(
    "post_command",
    "get_command",
    "get_movie_files_by_movie_id",
    "get_movie_file",
    "del_movie_file",
    "get_movie_history",
    "get_manual_import",
    "get_calendar",
)
def test_files_found_on_disk_are_listed_imported_by_hand_and_deleted(pyarr: Pyarr) -> None:
    pyarr.add_root_folder(str(pyarr.root))
    movie = _add_matrix(pyarr)
    folder = Path(movie["path"])
    folder.mkdir()
    _video(folder / f"{TITLE}.mkv")
    command = pyarr.post_command("RescanMovie", movieId=movie["id"])  # type: ignore[arg-type]
    assert command["name"] == "RescanMovie"
    _wait_for_command(pyarr, command["id"])
    assert any(c["id"] == command["id"] for c in pyarr.get_command())
    [moviefile] = pyarr.get_movie_files_by_movie_id(movie["id"])
    assert moviefile["relativePath"] == f"{TITLE}.mkv"
    assert moviefile["quality"]["quality"]["name"] == "Bluray-1080p"
    assert pyarr.get_movie_file(moviefile["id"])["id"] == moviefile["id"]
    assert [f["id"] for f in pyarr.get_movie_file([moviefile["id"]])] == [moviefile["id"]]
    pyarr.del_movie_file(moviefile["id"])
    assert pyarr.get_movie_files_by_movie_id(movie["id"]) == []
    assert not (folder / f"{TITLE}.mkv").exists()
    assert [h["eventType"] for h in pyarr.get_movie_history(movie["id"], "movieFileDeleted")] == [
        "movieFileDeleted"
    ]

    # A release in a download folder, offered for a manual import into the movie.
    downloads = pyarr.root.parent / "downloads" / TITLE
    downloads.mkdir(parents=True)
    _video(downloads / f"{TITLE}.mkv")
    [candidate] = pyarr.get_manual_import(
        str(downloads.parent), movie_id=movie["id"], filter_existing_files=True
    )
    assert (
        candidate["movie"]["id"] == movie["id"] and candidate["quality"]["quality"]["name"] == "Bluray-1080p"
    )
    imported = pyarr.raw(
        "POST",
        "command",
        json={
            "name": "ManualImport",
            "importMode": "move",
            "files": [
                {
                    "path": candidate["path"],
                    "movieId": movie["id"],
                    "quality": candidate["quality"],
                    "languages": [],
                }
            ],
        },
    )
    _wait_for_command(pyarr, imported["id"])
    files = pyarr.get_movie_files_by_movie_id(movie["id"])
    assert len(files) == 1
    pyarr.del_movie_file([files[0]["id"]])
    assert pyarr.get_movie_files_by_movie_id(movie["id"]) == []

    start = dt.datetime(1999, 1, 1)
    assert [m["tmdbId"] for m in pyarr.get_calendar(start, start + dt.timedelta(days=365))] == [603]
    assert pyarr.get_calendar(dt.datetime(1980, 1, 1), dt.datetime(1980, 2, 1), unmonitored=False) == []


@uses(
    "get_indexer",
    "get_indexer_schema",
    "upd_indexer",
    "del_indexer",
    "get_download_client_schema",
    "add_download_client",
    "get_download_client",
    "upd_download_client",
    "get_release",
    "post_release",
    "get_queue",
    "get_queue_details",
    "get_queue_status",
    "del_queue",
    "get_blocklist",
    "get_blocklist_by_movie_id",
    "del_blocklist",
    "get_history",
    "del_download_client",
)
def test_a_release_is_searched_grabbed_queued_removed_and_blocklisted(pyarr: Pyarr) -> None:
    [newznab] = pyarr.get_indexer_schema("Newznab")
    assert {"baseUrl", "apiPath", "apiKey", "categories"} <= {f["name"] for f in newznab["fields"]}
    pyarr.indexer.results.append(TITLE)  # type: ignore[attr-defined]  # the save test finds it
    indexer_id = _add_indexer(pyarr)
    assert [i["id"] for i in pyarr.get_indexer()] == [indexer_id]
    indexer = pyarr.get_indexer(indexer_id)
    assert pyarr.upd_indexer(indexer_id, {**indexer, "priority": 10})["priority"] == 10
    client = _add_blackhole(pyarr)
    assert pyarr.get_download_client() == [pyarr.get_download_client(client["id"])]
    assert pyarr.upd_download_client(client["id"], {**client, "priority": 2})["priority"] == 2

    pyarr.add_root_folder(str(pyarr.root))
    movie = _add_matrix(pyarr)
    [release] = pyarr.get_release(movie["id"])
    assert (release["title"], release["indexerId"], release["approved"]) == (TITLE, indexer_id, True)
    grabbed = pyarr.post_release(release["guid"], indexer_id)
    assert grabbed["guid"] == release["guid"]
    assert (pyarr.blackhole / "nzb" / f"{TITLE}.nzb").exists()
    assert [
        h["eventType"]
        for h in pyarr.get_history(page=1, page_size=10, sort_key="date", sort_dir="descending")["records"]
    ] == ["grabbed"]

    # The blackhole's client reports the download once it appears in the watch folder.
    (pyarr.blackhole / "watch" / TITLE).mkdir()
    (pyarr.blackhole / "watch" / TITLE / f"{TITLE}.mkv").write_bytes(b"\0" * 1000)
    _wait_for_command(pyarr, pyarr.post_command("RefreshMonitoredDownloads")["id"])  # type: ignore[arg-type]
    queue = pyarr.get_queue(1, 10, "ascending", "timeleft", include_unknown_movie_items=True)
    [item] = queue["records"]
    assert (item["title"], item["movieId"], item["protocol"]) == (TITLE, movie["id"], "usenet")
    [detail] = pyarr.get_queue_details(movie["id"], include_movie=True)
    assert detail["id"] == item["id"] and detail["movie"]["id"] == movie["id"]
    assert pyarr.get_queue_status()["totalCount"] == 1

    pyarr.del_queue(item["id"], remove_from_client=True, blocklist=True)
    assert pyarr.get_queue()["records"] == []
    assert not (pyarr.blackhole / "watch" / TITLE).exists()
    [blocked] = pyarr.get_blocklist(1, 10, "date", "descending")["records"]
    assert blocked["sourceTitle"] == TITLE
    assert [b["id"] for b in pyarr.get_blocklist_by_movie_id(movie["id"])] == [blocked["id"]]
    pyarr.del_blocklist(blocked["id"])
    assert pyarr.get_blocklist()["records"] == []

    pyarr.del_download_client(client["id"])
    pyarr.del_indexer(indexer_id)
    assert pyarr.get_download_client() == [] and pyarr.get_indexer() == []


@uses("post_release_push", "get_queue", "force_grab_queue_item", "del_queue_bulk", "del_blocklist_bulk")
def test_a_pushed_release_waits_out_its_delay_until_force_grabbed(pyarr: Pyarr) -> None:
    _add_blackhole(pyarr)
    pyarr.add_root_folder(str(pyarr.root))
    movie = _add_matrix(pyarr)
    [delay] = pyarr.raw("GET", "delayprofile")
    pyarr.raw("PUT", f"delayprofile/{delay['id']}", json={**delay, "usenetDelay": 600})
    published = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    [decision] = pyarr.post_release_push(TITLE, f"{pyarr.indexer_url}/get/{TITLE}", "usenet", published)
    assert decision["title"] == TITLE
    [pending] = pyarr.get_queue()["records"]
    assert (pending["status"], pending["movieId"]) == ("delay", movie["id"])
    pyarr.force_grab_queue_item(pending["id"])
    assert (pyarr.blackhole / "nzb" / f"{TITLE}.nzb").exists()

    # A download Reelarr did not grab is removed from the queue too (Unpackerr's call).
    other = "Inception.2010.1080p.BluRay.x264-GRP"
    (pyarr.blackhole / "watch" / other).mkdir()
    (pyarr.blackhole / "watch" / other / f"{other}.mkv").write_bytes(b"\0" * 1000)
    (pyarr.blackhole / "watch" / TITLE).mkdir()
    (pyarr.blackhole / "watch" / TITLE / f"{TITLE}.mkv").write_bytes(b"\0" * 1000)
    _wait_for_command(pyarr, pyarr.post_command("RefreshMonitoredDownloads")["id"])  # type: ignore[arg-type]
    items = pyarr.get_queue(include_unknown_movie_items=True)["records"]
    assert sorted(i["title"] for i in items) == sorted([TITLE, other])
    pyarr.del_queue_bulk([i["id"] for i in items], remove_from_client=True, blocklist=True)
    assert pyarr.get_queue(include_unknown_movie_items=True)["records"] == []
    blocked = pyarr.get_blocklist()["records"]
    assert TITLE in {b["sourceTitle"] for b in blocked}
    pyarr.del_blocklist_bulk([b["id"] for b in blocked])
    assert pyarr.get_blocklist()["records"] == []


@uses(
    "get_quality_profile_schema",
    "add_quality_profile",
    "get_quality_profile",
    "upd_quality_profile",
    "del_quality_profile",
    "get_quality_definition",
    "upd_quality_definition",
    "get_language",
    "get_custom_filter",
)
def test_quality_profiles_and_definitions_are_managed(pyarr: Pyarr) -> None:
    schema = pyarr.get_quality_profile_schema()
    bluray = next(i for i in schema["items"] if i.get("quality", {}).get("name") == "Bluray-1080p")
    bluray["allowed"] = True
    english = pyarr.get_language(1)
    assert english["name"] == "English" and english in pyarr.get_language()
    profile = pyarr.add_quality_profile(
        "pyarr 1080p",
        schema,
        bluray["quality"]["id"],
        upgrade_allowed=True,
        language=english,
        min_format_score=0,
    )
    assert (profile["name"], profile["cutoff"], profile["language"]["name"]) == ("pyarr 1080p", 7, "English")
    assert pyarr.get_quality_profile(profile["id"]) == profile
    assert profile in pyarr.get_quality_profile()
    renamed = pyarr.upd_quality_profile(profile["id"], {**profile, "name": "pyarr renamed"})
    assert renamed["name"] == "pyarr renamed"
    pyarr.del_quality_profile(profile["id"])
    with pytest.raises(PyarrResourceNotFound):
        pyarr.get_quality_profile(profile["id"])

    definitions = pyarr.get_quality_definition()
    bluray_definition = next(d for d in definitions if d["quality"]["name"] == "Bluray-1080p")
    assert pyarr.get_quality_definition(bluray_definition["id"]) == bluray_definition
    changed = pyarr.upd_quality_definition(bluray_definition["id"], {**bluray_definition, "minSize": 5.5})
    assert (
        changed["minSize"] == 5.5 and pyarr.get_quality_definition(bluray_definition["id"])["minSize"] == 5.5
    )

    pyarr.raw(
        "POST",
        "customfilter",
        json={
            "type": "movieIndex",
            "label": "Mine",
            "filters": [{"key": "monitored", "value": [True], "type": "equal"}],
        },
    )
    assert [f["label"] for f in pyarr.get_custom_filter()] == ["Mine"]


@uses("create_tag", "get_tag", "upd_tag", "get_tag_detail", "del_tag")
def test_tags_are_created_renamed_detailed_and_deleted(pyarr: Pyarr) -> None:
    tag = pyarr.create_tag("pyarr")
    assert tag["label"] == "pyarr" and pyarr.get_tag() == [tag]
    assert pyarr.upd_tag(tag["id"], "renamed") == {"id": tag["id"], "label": "renamed"}
    assert pyarr.get_tag(tag["id"])["label"] == "renamed"
    pyarr.add_root_folder(str(pyarr.root))
    movie = _add_matrix(pyarr, tags=[tag["id"]])
    assert pyarr.get_tag_detail(tag["id"])["movieIds"] == [movie["id"]]
    assert [d["id"] for d in pyarr.get_tag_detail()] == [tag["id"]]
    pyarr.del_tag(tag["id"])
    assert pyarr.get_tag() == []


@uses(
    "get_notification_schema",
    "add_notification",
    "get_notification",
    "upd_notification",
    "del_notification",
    "get_import_list_schema",
    "add_import_list",
    "get_import_list",
    "upd_import_list",
    "del_import_list",
    "get_metadata",
    "get_remote_path_mapping",
)
def test_notifications_import_lists_metadata_and_path_mappings_are_managed(pyarr: Pyarr) -> None:
    [webhook] = pyarr.get_notification_schema("Webhook")
    for item in webhook["fields"]:
        if item["name"] == "url":
            item["value"] = f"{pyarr.indexer_url}/hook"
    created = pyarr.add_notification({**webhook, "name": "Hook", "onGrab": True})  # its test reaches the hook
    assert pyarr.get_notification() == [pyarr.get_notification(created["id"])]
    assert pyarr.upd_notification(created["id"], {**created, "name": "Renamed"})["name"] == "Renamed"
    pyarr.del_notification(created["id"])
    assert pyarr.get_notification() == []

    # Another Radarr to import from: this Reelarr itself, as Radarr's own "Radarr" list would see it.
    pyarr.add_root_folder(str(pyarr.root))
    [radarr_list] = pyarr.get_import_list_schema("RadarrImport")  # type: ignore[arg-type]
    values = {"baseUrl": pyarr.url, "apiKey": pyarr.client.api_key}
    for item in radarr_list["fields"]:
        item["value"] = values.get(item["name"], item.get("value"))
    listed = pyarr.add_import_list(
        {
            **radarr_list,
            "name": "Myself",
            "enabled": True,
            "enableAuto": False,
            "rootFolderPath": str(pyarr.root),
            "qualityProfileId": 1,
            "minimumAvailability": "released",
        }
    )
    assert pyarr.get_import_list() == [pyarr.get_import_list(listed["id"])]
    assert pyarr.upd_import_list(listed["id"], {**listed, "name": "Me"})["name"] == "Me"
    pyarr.del_import_list(listed["id"])
    assert pyarr.get_import_list() == []

    [kodi] = [s for s in pyarr.raw("GET", "metadata/schema") if s["implementation"] == "XbmcMetadata"]
    consumer = pyarr.raw("POST", "metadata", json={**kodi, "name": "Kodi", "enable": True})
    assert pyarr.get_metadata() == [pyarr.get_metadata(consumer["id"])]

    mapping = pyarr.raw(
        "POST",
        "remotepathmapping",
        json={"host": "sabnzbd", "remotePath": "/downloads/", "localPath": f"{pyarr.root.parent}/"},
    )
    assert (
        pyarr.get_remote_path_mapping() == [mapping]
        and pyarr.get_remote_path_mapping(mapping["id"]) == mapping
    )


@uses(
    "get_system_status",
    "get_health",
    "get_update",
    "get_backup",
    "get_log",
    "get_task",
    "get_config_ui",
    "upd_config_ui",
    "get_config_host",
    "upd_config_host",
    "get_config_naming",
    "upd_config_naming",
    "get_media_management",
    "upd_media_management",
    "get_config_download_client",
    "upd_config_download_client",
)
def test_system_information_and_settings_are_read_and_saved(pyarr: Pyarr) -> None:
    assert pyarr.get_system_status()["version"].startswith(("4.", "5.", "6."))
    assert {"IndexerRssCheck", "IndexerSearchCheck"} <= {h["source"] for h in pyarr.get_health()}
    assert pyarr.get_update() == []  # updates come with the package, none are offered here
    backup = pyarr.post_command("Backup")
    _wait_for_command(pyarr, backup["id"])
    [made] = pyarr.get_backup()
    assert made["name"].endswith(".zip")
    log = pyarr.get_log(1, 5, "time", "descending", "level", "info")
    assert log["pageSize"] == 5 and log["totalRecords"] >= 1
    tasks = pyarr.get_task()
    health_task = next(t for t in tasks if t["taskName"] == "CheckHealth")
    assert pyarr.get_task(health_task["id"])["taskName"] == "CheckHealth"

    ui = pyarr.upd_config_ui({**pyarr.get_config_ui(), "firstDayOfWeek": 1})
    assert ui["firstDayOfWeek"] == 1 and pyarr.get_config_ui()["firstDayOfWeek"] == 1
    host = pyarr.upd_config_host({**pyarr.get_config_host(), "instanceName": "Reelarr pyarr"})
    assert host["instanceName"] == "Reelarr pyarr"
    naming = pyarr.upd_config_naming({**pyarr.get_config_naming(), "renameMovies": True})
    assert naming["renameMovies"] is True and pyarr.get_config_naming()["renameMovies"] is True
    media = pyarr.upd_media_management({**pyarr.get_media_management(), "recycleBinCleanupDays": 3})
    assert media["recycleBinCleanupDays"] == 3
    downloads = pyarr.upd_config_download_client(
        {**pyarr.get_config_download_client(), "checkForFinishedDownloadInterval": 2}
    )
    assert downloads["checkForFinishedDownloadInterval"] == 2
