"""TMDB: search, look up by TMDB or IMDb id, movie details, collections and the changes feed.

Reelarr talks to TMDB's API v3 directly with the user's own credentials: an API key (sent
as the ``api_key`` query) or a v4 read access token (sent as a Bearer token; it is the long
``eyJ...`` string on TMDB's API settings page). The key is set in the UI, with
``PUT /api/v3/config/metadata`` (``{"tmdbApiKey": "..."}``), or with the environment variable
``REELARR_TMDB_API_KEY``; ``REELARR_TMDB_BASE_URL`` or ``tmdbBaseUrl`` point Reelarr at
another server (the tests use a local one).

Without a key, lookups fail with :class:`TmdbNotConfigured`, whose message says how to set
one; adding a movie still works when the client sends its title and year (Overseerr does),
and the movie's metadata is filled in by the first refresh after a key is set.

Requests go through the shared :class:`reelarr.http.HttpClient`, which spaces requests to
TMDB, waits out a 429's ``Retry-After`` and retries 502/503/504; what TMDB still refuses
after that becomes :class:`TmdbUnavailable`, so a refresh can leave the library untouched
and try again on its next run.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import httpx
from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import languages, logs
from reelarr import settings as settings_store
from reelarr.files import write_private
from reelarr.http import HostLimit, HttpClient
from reelarr.settings import Section

log = logging.getLogger(__name__)

DEFAULT_TMDB_BASE_URL = "https://api.themoviedb.org/3"
DEFAULT_IMAGE_BASE_URL = "https://image.tmdb.org/t/p"
# Covers are fetched from these hosts only ("host" or "host:port"); Settings > Metadata's
# ``imageHosts`` lists them, so a movie's ``remoteUrl`` cannot make Reelarr fetch anything else.
DEFAULT_IMAGE_HOSTS = ("image.tmdb.org",)
# TMDB's largest originals are a few MB: anything bigger is not a cover and is not kept.
MAX_IMAGE_BYTES = 10 * 1024 * 1024
# TMDB's image CDN answers directly; a short chain allows a mirror, a longer one is a loop.
MAX_IMAGE_REDIRECTS = 3
# Everything a library movie needs, in one request per movie.
DETAILS_APPENDED = "release_dates,alternative_titles,translations,credits,keywords,external_ids,images,videos"
# TMDB's changes feed answers for at most 14 days at a time.
CHANGES_WINDOW = dt.timedelta(days=14)
# TMDB allows about 50 requests a second per IP; staying well below leaves room for the UI.
TMDB_REQUEST_INTERVAL_SECONDS = 0.05
HOW_TO_SET_KEY = (
    "No TMDB API key is configured. Get one at https://www.themoviedb.org/settings/api and set it "
    'in Settings > Metadata, with PUT /api/v3/config/metadata {"tmdbApiKey": "..."}, '
    "or in the environment variable REELARR_TMDB_API_KEY."
)
# TMDB release types (https://developer.themoviedb.org/reference/movie-release-dates).
PREMIERE, THEATRICAL_LIMITED, THEATRICAL, DIGITAL, PHYSICAL = 1, 2, 3, 4, 5
CERTIFICATION_COUNTRY = "US"
CREW_JOBS_KEPT = frozenset({"Director", "Screenplay", "Writer", "Producer", "Original Music Composer"})
STILL_COMING = frozenset({"Rumored", "Planned", "In Production", "Post Production"})


class MetadataSettings(Section):
    """Where and how to reach TMDB, and the availability delay (API ``config/metadata``)."""

    section: ClassVar[str] = "metadata"
    tmdb_api_key: str = ""
    tmdb_base_url: str = DEFAULT_TMDB_BASE_URL
    image_base_url: str = DEFAULT_IMAGE_BASE_URL
    image_hosts: list[str] = Field(default_factory=lambda: list(DEFAULT_IMAGE_HOSTS))
    # When the last refresh of the whole library finished; the next one asks TMDB what changed since.
    last_changes_sync: dt.datetime | None = None
    availability_delay: int = 0


async def load_settings(session: AsyncSession) -> MetadataSettings:
    """The stored settings with ``REELARR_TMDB_API_KEY`` / ``REELARR_TMDB_BASE_URL`` applied."""
    stored = await settings_store.load(session, MetadataSettings)
    overrides = {
        name: os.environ[variable]
        for name, variable in (
            ("tmdb_api_key", "REELARR_TMDB_API_KEY"),
            ("tmdb_base_url", "REELARR_TMDB_BASE_URL"),
        )
        if os.environ.get(variable)
    }
    effective = stored.model_copy(update=overrides)
    logs.redact(effective.tmdb_api_key)
    return effective


# ---------------------------------------------------------------- failures


class MetadataError(Exception):
    """TMDB could not answer; the message is meant for the user."""


class TmdbNotConfigured(MetadataError):
    def __init__(self) -> None:
        super().__init__(HOW_TO_SET_KEY)


class TmdbUnavailable(MetadataError):
    """TMDB failed (5xx, still 429 after waiting, unreachable): worth trying again later."""


class MovieNotFoundOnTmdb(MetadataError):
    def __init__(self, tmdb_id: int | str) -> None:
        super().__init__(f"TMDB has no movie {tmdb_id}")
        self.tmdb_id = tmdb_id


# ---------------------------------------------------------------- what TMDB tells us


@dataclass
class CreditInfo:
    credit_tmdb_id: str
    person_tmdb_id: int
    person_name: str
    type: str  # cast or crew
    character: str | None = None
    department: str | None = None
    job: str | None = None
    order: int = 0
    images: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class MovieInfo:
    """One movie as TMDB describes it, in Reelarr's terms (Radarr's field meanings)."""

    tmdb_id: int
    title: str
    original_title: str = ""
    original_language: int = languages.ENGLISH.id
    year: int = 0
    imdb_id: str | None = None
    overview: str = ""
    tmdb_status: str = ""
    in_cinemas: dt.datetime | None = None
    physical_release: dt.datetime | None = None
    digital_release: dt.datetime | None = None
    physical_release_note: str | None = None
    runtime: int = 0
    certification: str | None = None
    studio: str | None = None
    website: str | None = None
    youtube_trailer_id: str | None = None
    genres: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    ratings: dict[str, Any] = field(default_factory=dict)
    popularity: float = 0.0
    collection_tmdb_id: int | None = None
    collection_title: str | None = None
    alternative_titles: list[str] = field(default_factory=list)
    credits: list[CreditInfo] = field(default_factory=list)
    # False for search results, which lack release dates, credits and alternative titles.
    complete: bool = True


@dataclass
class CollectionInfo:
    tmdb_id: int
    title: str
    overview: str
    images: list[dict[str, Any]]
    parts: list[MovieInfo]


def movie_status(info: MovieInfo, now: dt.datetime) -> str:
    """Radarr's status from the dates: released once on disc/digital (or 90 days after
    cinemas), inCinemas from the cinema date, announced while dated or in production, else tba."""
    releases = [d for d in (info.physical_release, info.digital_release) if d is not None]
    if any(d <= now for d in releases):
        return "released"
    if info.in_cinemas is not None and info.in_cinemas <= now:
        if not releases and info.in_cinemas + dt.timedelta(days=90) <= now:
            return "released"
        return "inCinemas"
    if releases or info.in_cinemas is not None or info.tmdb_status in STILL_COMING:
        return "announced"
    return "released" if info.tmdb_status == "Released" else "tba"


# ---------------------------------------------------------------- the client


class TmdbClient:
    def __init__(self, http: HttpClient, settings: MetadataSettings) -> None:
        if not settings.tmdb_api_key.strip():
            raise TmdbNotConfigured()
        self._http = http
        self._key = settings.tmdb_api_key.strip()
        self._base = settings.tmdb_base_url.rstrip("/")
        self._images = settings.image_base_url.rstrip("/")
        self._is_bearer = self._key.startswith("eyJ")
        self.requests_made = 0
        http.set_limit(urlsplit(self._base).netloc, HostLimit(min_interval=TMDB_REQUEST_INTERVAL_SECONDS))

    async def _get(self, path: str, **params: Any) -> dict[str, Any]:
        headers = {"Accept": "application/json"}
        if self._is_bearer:
            headers["Authorization"] = f"Bearer {self._key}"
        else:
            params["api_key"] = self._key
        self.requests_made += 1
        try:
            response = await self._http.get(f"{self._base}{path}", params=params, headers=headers)
        except httpx.HTTPError as exc:
            raise TmdbUnavailable(f"Cannot reach TMDB at {self._base}: {type(exc).__name__}") from exc
        if response.status_code == 200:
            body: dict[str, Any] = response.json()
            return body
        message = _tmdb_message(response)
        if response.status_code == 401:
            raise MetadataError(f"TMDB refused the API key: {message}. Check it in Settings > Metadata.")
        if response.status_code == 404:
            raise MovieNotFoundOnTmdb(path.rsplit("/", 1)[-1])
        if response.status_code == 429 or response.status_code >= 500:
            raise TmdbUnavailable(f"TMDB is unavailable (HTTP {response.status_code}): {message}")
        raise MetadataError(f"TMDB answered HTTP {response.status_code}: {message}")

    async def get(self, path: str, **params: Any) -> dict[str, Any]:
        """TMDB's JSON for any v3 path, with the key and rate limit of every other call (import lists)."""
        return await self._get(path, **params)

    def summary(self, result: dict[str, Any]) -> MovieInfo:
        """A search-style result (discover, lists, recommendations) as a :class:`MovieInfo`."""
        return self._summary(result)

    async def search(self, title: str, year: int | None = None) -> list[MovieInfo]:
        params: dict[str, Any] = {"query": title, "include_adult": "false"}
        if year:
            params["year"] = year
        body = await self._get("/search/movie", **params)
        return [self._summary(result) for result in body.get("results", [])]

    async def movie(self, tmdb_id: int) -> MovieInfo:
        try:
            body = await self._get(f"/movie/{tmdb_id}", append_to_response=DETAILS_APPENDED)
        except MovieNotFoundOnTmdb:
            raise MovieNotFoundOnTmdb(tmdb_id) from None
        return self._details(body)

    async def movie_for_imdb(self, imdb_id: str) -> MovieInfo | None:
        """The movie with this IMDb id, as a search result (no release dates or credits)."""
        body = await self._get(f"/find/{imdb_id}", external_source="imdb_id")
        results = body.get("movie_results") or []
        return self._summary(results[0]) if results else None

    async def collection(self, collection_id: int) -> CollectionInfo:
        body = await self._get(f"/collection/{collection_id}")
        return CollectionInfo(
            tmdb_id=int(body["id"]),
            title=body.get("name") or "",
            overview=body.get("overview") or "",
            images=self._covers(body),
            parts=[self._summary(part) for part in body.get("parts", [])],
        )

    async def changed_movie_ids(self, since: dt.datetime, until: dt.datetime) -> set[int]:
        """Ids of movies TMDB changed in ``[since, until]`` (at most 14 days, TMDB's limit)."""
        params = {"start_date": since.date().isoformat(), "end_date": until.date().isoformat()}
        changed: set[int] = set()
        page, pages = 1, 1
        while page <= pages:
            body = await self._get("/movie/changes", page=page, **params)
            changed.update(int(item["id"]) for item in body.get("results", []))
            pages = int(body.get("total_pages") or 1)
            page += 1
        return changed

    # ------------------------------------------------------------ mapping TMDB's JSON

    def _image_url(self, path: str | None) -> str | None:
        return f"{self._images}/original{path}" if path else None

    def _covers(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        """Poster first and fanart second: Bazarr reads them by position."""
        covers = []
        for cover_type, key in (("poster", "poster_path"), ("fanart", "backdrop_path")):
            url = self._image_url(body.get(key))
            if url:
                covers.append({"coverType": cover_type, "remoteUrl": url})
        return covers

    def _summary(self, result: dict[str, Any]) -> MovieInfo:
        released = _date(result.get("release_date"))
        return MovieInfo(
            tmdb_id=int(result["id"]),
            title=result.get("title") or result.get("original_title") or "",
            original_title=result.get("original_title") or "",
            original_language=_language_id(result.get("original_language")),
            year=released.year if released else 0,
            overview=result.get("overview") or "",
            in_cinemas=released,
            images=self._covers(result),
            ratings=_ratings(result),
            popularity=float(result.get("popularity") or 0),
            complete=False,
        )

    def _details(self, body: dict[str, Any]) -> MovieInfo:
        in_cinemas, digital, physical, note, certification = _release_dates(body)
        title = body.get("title") or body.get("original_title") or ""
        collection = body.get("belongs_to_collection") or {}
        companies = body.get("production_companies") or []
        imdb_id = body.get("imdb_id") or (body.get("external_ids") or {}).get("imdb_id")
        primary = _date(body.get("release_date")) or in_cinemas
        return MovieInfo(
            tmdb_id=int(body["id"]),
            title=title,
            original_title=body.get("original_title") or title,
            original_language=_language_id(body.get("original_language")),
            year=primary.year if primary else 0,
            imdb_id=imdb_id or None,
            overview=body.get("overview") or "",
            tmdb_status=body.get("status") or "",
            in_cinemas=in_cinemas,
            physical_release=physical,
            digital_release=digital,
            physical_release_note=note,
            runtime=int(body.get("runtime") or 0),
            certification=certification,
            studio=companies[0]["name"] if companies else None,
            website=body.get("homepage") or None,
            youtube_trailer_id=_trailer(body),
            genres=[genre["name"] for genre in body.get("genres", [])],
            keywords=[k["name"] for k in (body.get("keywords") or {}).get("keywords", [])],
            images=self._covers(body),
            ratings=_ratings(body),
            popularity=float(body.get("popularity") or 0),
            collection_tmdb_id=collection.get("id"),
            collection_title=collection.get("name"),
            alternative_titles=_alternative_titles(body, title),
            credits=list(self._credits(body)),
        )

    def _credits(self, body: dict[str, Any]) -> Iterable[CreditInfo]:
        credits = body.get("credits") or {}
        for person in credits.get("cast", []):
            yield CreditInfo(
                credit_tmdb_id=person["credit_id"],
                person_tmdb_id=int(person["id"]),
                person_name=person.get("name") or "",
                type="cast",
                character=person.get("character"),
                order=int(person.get("order") or 0),
                images=self._headshot(person),
            )
        for person in credits.get("crew", []):
            if person.get("job") in CREW_JOBS_KEPT:
                yield CreditInfo(
                    credit_tmdb_id=person["credit_id"],
                    person_tmdb_id=int(person["id"]),
                    person_name=person.get("name") or "",
                    type="crew",
                    department=person.get("department"),
                    job=person.get("job"),
                    images=self._headshot(person),
                )

    def _headshot(self, person: dict[str, Any]) -> list[dict[str, Any]]:
        url = self._image_url(person.get("profile_path"))
        return [{"coverType": "headshot", "remoteUrl": url}] if url else []


async def cache_image(http: HttpClient, url: str, destination: Path, hosts: Iterable[str]) -> bool:
    """Fetch one image into the local cache; False when it could not or may not be fetched.

    Every hop, the first and each redirect, must be on one of ``hosts`` (the settings'
    ``image_hosts``), and a host given by name must resolve to public addresses only, so a
    movie's ``remoteUrl`` cannot reach the machine itself or its network. The answer must say
    it is an image and stay under :data:`MAX_IMAGE_BYTES`; reading stops as soon as it does not.
    """
    allowed = {host.strip().lower() for host in hosts if host.strip()}
    for _ in range(MAX_IMAGE_REDIRECTS + 1):
        if problem := await image_url_problem(url, allowed):
            log.warning("not fetching image %s: %s", logs.scrub(url), problem)
            return False
        try:
            async with http.stream(url) as response:
                if response.is_redirect:
                    url = str(response.url.join(response.headers.get("location", "")))
                    continue
                content = await _read_image(response, url)
        except httpx.HTTPError as exc:
            log.info("could not fetch image %s: %s", logs.scrub(url), type(exc).__name__)
            return False
        if content is None:
            return False
        await asyncio.to_thread(write_private, destination, content)
        return True
    log.warning("not fetching image %s: more than %d redirects", logs.scrub(url), MAX_IMAGE_REDIRECTS)
    return False


async def image_url_problem(url: str, allowed: set[str]) -> str | None:
    """Why ``url`` may not be fetched as an image, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "not an http(s) URL"
    host = parts.hostname.lower()
    try:
        port = parts.port
    except ValueError:
        return "its port is not a number"
    if host not in allowed and f"{host}:{port}" not in allowed:
        listed = ", ".join(sorted(allowed)) or "none"
        return f"{host} is not one of the image hosts in Settings > Metadata ({listed})"
    try:
        ipaddress.ip_address(host)
        return None  # an address the user listed themselves
    except ValueError:
        pass
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port or 443)
    except OSError as exc:
        return f"{host} does not resolve ({exc})"
    for *_, address in found:
        ip = ipaddress.ip_address(address[0])
        if not ip.is_global:
            return f"{host} resolves to {ip}, which is not a public address"
    return None


async def _read_image(response: httpx.Response, url: str) -> bytes | None:
    if response.status_code != 200:
        return None
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if not kind.startswith("image/"):
        log.warning("not keeping %s: it is %s, not an image", logs.scrub(url), kind or "untyped")
        return None
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_IMAGE_BYTES:
        log.warning(
            "not keeping %s: %s bytes is over the %d-byte cap", logs.scrub(url), declared, MAX_IMAGE_BYTES
        )
        return None
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) > MAX_IMAGE_BYTES:
            log.warning("not keeping %s: larger than the %d-byte cap", logs.scrub(url), MAX_IMAGE_BYTES)
            return None
    return bytes(body) or None


def _tmdb_message(response: httpx.Response) -> str:
    try:
        return str(response.json().get("status_message") or response.reason_phrase)
    except ValueError:
        return response.reason_phrase


def _date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _language_id(iso_code: str | None) -> int:
    language = languages.find_iso_language(iso_code) if iso_code else None
    return language.id if language else languages.UNKNOWN.id


def _ratings(body: dict[str, Any]) -> dict[str, Any]:
    return {
        "tmdb": {
            "votes": int(body.get("vote_count") or 0),
            "value": float(body.get("vote_average") or 0),
            "type": "user",
        }
    }


def _release_dates(
    body: dict[str, Any],
) -> tuple[dt.datetime | None, dt.datetime | None, dt.datetime | None, str | None, str | None]:
    """In cinemas, digital, physical, the physical release's note, and the certification.

    The earliest theatrical date anywhere counts as "in cinemas" (TMDB's own ``release_date``
    when none is listed); digital and physical dates come from the US when it has them, as
    Radarr's users expect, else from the earliest anywhere.
    """
    by_type: dict[int, list[tuple[dt.datetime, str, str]]] = {}
    certification = None
    for country in (body.get("release_dates") or {}).get("results", []):
        code = country.get("iso_3166_1", "")
        for release in country.get("release_dates", []):
            when = _date(release.get("release_date"))
            if when is None:
                continue
            by_type.setdefault(int(release.get("type") or 0), []).append(
                (when, code, release.get("note") or "")
            )
            if code == CERTIFICATION_COUNTRY and release.get("certification") and not certification:
                certification = release["certification"]

    def earliest(kinds: tuple[int, ...], prefer_country: bool) -> tuple[dt.datetime, str] | None:
        candidates = [entry for kind in kinds for entry in by_type.get(kind, [])]
        if prefer_country:
            local = [entry for entry in candidates if entry[1] == CERTIFICATION_COUNTRY]
            candidates = local or candidates
        if not candidates:
            return None
        when, _country, note = min(candidates)
        return when, note

    cinema = earliest((THEATRICAL, THEATRICAL_LIMITED), prefer_country=False)
    in_cinemas = cinema[0] if cinema else _date(body.get("release_date"))
    digital = earliest((DIGITAL,), prefer_country=True)
    physical = earliest((PHYSICAL,), prefer_country=True)
    return (
        in_cinemas,
        digital[0] if digital else None,
        physical[0] if physical else None,
        (physical[1] or None) if physical else None,
        certification,
    )


def _alternative_titles(body: dict[str, Any], title: str) -> list[str]:
    """TMDB's alternative titles and the translated titles, once each: release names use both."""
    seen = {title.casefold()}
    titles = []
    candidates = [t.get("title") for t in (body.get("alternative_titles") or {}).get("titles", [])]
    candidates += [
        (t.get("data") or {}).get("title") for t in (body.get("translations") or {}).get("translations", [])
    ]
    if body.get("original_title"):
        candidates.append(body["original_title"])
    for candidate in candidates:
        if candidate and candidate.casefold() not in seen:
            seen.add(candidate.casefold())
            titles.append(candidate)
    return titles


def _trailer(body: dict[str, Any]) -> str | None:
    for video in (body.get("videos") or {}).get("results", []):
        if video.get("site") == "YouTube" and video.get("type") == "Trailer":
            return str(video["key"])
    return None
