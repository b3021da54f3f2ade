"""A movie's ``remoteUrl`` is fetched only from the image hosts in the metadata settings: never
from the machine itself, its network, or a redirect there; only images, and not too big."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient
from movie_steps import add_movie
from sqlalchemy import update
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from fake_tmdb import JPEG, FakeTmdb
from local_server import serving
from reelarr.context import Context
from reelarr.metadata import MAX_IMAGE_BYTES
from reelarr.models import MovieMetadata

PRIVATE_ADDRESS = "10.0.0.1"


@dataclass
class Recorder:
    """A local web server that answers every path as ``answer`` says and remembers each request."""

    answer: Response
    seen: list[str] = field(default_factory=list)
    url: str = ""

    @property
    def host(self) -> str:
        return self.url.split("://", 1)[1]

    def app(self) -> Starlette:
        async def any_path(request: Request) -> Response:
            self.seen.append(request.url.path)
            return self.answer

        return Starlette(routes=[Route("/{path:path}", any_path)])


@pytest.fixture
def servers() -> Iterator[ExitStack]:
    with ExitStack() as stack:
        yield stack


def _serve(stack: ExitStack, answer: Response, host: str = "127.0.0.1") -> Recorder:
    recorder = Recorder(answer)
    recorder.url = stack.enter_context(serving(recorder.app(), host=host))
    return recorder


@pytest.fixture
def private_address() -> str:
    """10.0.0.1 on this namespace's loopback device, so a server can listen there (the tests run
    as root in a network namespace of their own: nothing outside sees it)."""
    subprocess.run(["ip", "addr", "replace", f"{PRIVATE_ADDRESS}/32", "dev", "lo"], check=True)
    return PRIVATE_ADDRESS


def _point_poster_at(client: TestClient, url: str) -> None:
    ctx: Context = client.app.state.ctx  # type: ignore[attr-defined]

    async def write() -> None:
        async with ctx.db.write() as uow:
            await uow.session.execute(
                update(MovieMetadata).values(images=[{"coverType": "poster", "remoteUrl": url}])
            )

    assert client.portal is not None
    client.portal.call(write)


def _allow(client: TestClient, tmdb: FakeTmdb, *hosts: str) -> None:
    response = client.put("/api/v3/config/metadata", json={"imageHosts": [tmdb.image_host, *hosts]})
    assert response.status_code == 202, response.text


def _poster_status(client: TestClient, movie_id: int) -> int:
    return client.get(f"/MediaCover/{movie_id}/poster.jpg").status_code


def test_a_cover_on_loopback_or_a_private_address_is_not_fetched(
    api: TestClient, tmdb: FakeTmdb, movies_root, servers: ExitStack, private_address: str
) -> None:
    movie = add_movie(api, movies_root, 603)
    for host in ("127.0.0.1", private_address):
        target = _serve(servers, Response(JPEG, media_type="image/jpeg"), host=host)
        _point_poster_at(api, f"{target.url}/t/p/original/poster.jpg")
        assert _poster_status(api, movie["id"]) == 404
        assert target.seen == []


def test_a_redirect_from_an_allowed_host_to_loopback_or_a_private_address_is_not_followed(
    api: TestClient, tmdb: FakeTmdb, movies_root, servers: ExitStack, private_address: str
) -> None:
    movie = add_movie(api, movies_root, 603)
    for host in ("127.0.0.1", private_address):
        target = _serve(servers, Response(JPEG, media_type="image/jpeg"), host=host)
        bouncer = _serve(servers, RedirectResponse(f"{target.url}/secret.jpg", status_code=302))
        _allow(api, tmdb, bouncer.host)
        _point_poster_at(api, f"{bouncer.url}/poster.jpg")
        assert _poster_status(api, movie["id"]) == 404
        assert bouncer.seen == ["/poster.jpg"]
        assert target.seen == []


def test_a_redirect_between_allowed_hosts_is_followed(
    api: TestClient, tmdb: FakeTmdb, movies_root, servers: ExitStack
) -> None:
    movie = add_movie(api, movies_root, 603)
    mirror = _serve(servers, Response(JPEG, media_type="image/jpeg"))
    bouncer = _serve(servers, RedirectResponse(f"{mirror.url}/poster.jpg", status_code=301))
    _allow(api, tmdb, bouncer.host, mirror.host)
    _point_poster_at(api, f"{bouncer.url}/poster.jpg")
    response = api.get(f"/MediaCover/{movie['id']}/poster.jpg")
    assert response.status_code == 200 and response.content == JPEG
    assert mirror.seen == ["/poster.jpg"]


@pytest.mark.parametrize(
    "answer",
    [
        Response(b"<html>not a poster</html>", media_type="text/html"),
        Response(b"\xff" * (MAX_IMAGE_BYTES + 1), media_type="image/jpeg"),
    ],
    ids=["not an image", "over the size cap"],
)
def test_an_allowed_host_answering_with_no_image_or_too_much_is_not_kept(
    api: TestClient, tmdb: FakeTmdb, movies_root, servers: ExitStack, data_dir, answer: Response
) -> None:
    movie = add_movie(api, movies_root, 603)
    server = _serve(servers, answer)
    _allow(api, tmdb, server.host)
    _point_poster_at(api, f"{server.url}/poster.jpg")
    assert _poster_status(api, movie["id"]) == 404
    assert server.seen == ["/poster.jpg"]
    assert not (data_dir / "MediaCover" / str(movie["id"]) / "poster.jpg").exists()


def test_the_image_hosts_default_to_tmdbs(client: TestClient) -> None:
    assert client.get("/api/v3/config/metadata").json()["imageHosts"] == ["image.tmdb.org"]
