"""Newznab (Usenet) and Torznab (torrents): one protocol, two flavours of attributes.

Both speak ``{baseUrl}{apiPath}?t=...&apikey=...`` and answer RSS 2.0 with ``newznab:attr``
or ``torznab:attr`` elements. ``t=caps`` says which searches and ids the indexer supports;
a movie search asks by IMDb/TMDB id when it can, else by title and year. Prowlarr points
``baseUrl`` at ``http://prowlarr:9696/5/`` with ``apiPath`` ``/api``.

Parsing (:func:`parse_caps`, :func:`parse_feed`) is pure and tested on saved feeds.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, ClassVar
from urllib.parse import urlencode

from pydantic import Field, field_validator

from reelarr.http import HttpClient
from reelarr.indexers.base import Indexer as IndexerBase
from reelarr.indexers.base import (
    IndexerError,
    IndexerFlag,
    IndexerRequest,
    RateLimitSettings,
    ReleaseInfo,
    SearchCriteria,
    TorrentSettings,
    flags_from_factors,
    looks_like_html,
    normalize_imdb_id,
    parse_float,
    parse_int,
)
from reelarr.providers import Form, Preset, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

DEFAULT_CATEGORIES = [2000, 2010, 2020, 2030, 2040, 2045, 2050, 2060]
SEARCH_PAGES = 3
DEFAULT_PAGE_SIZE = 100

# Newznab error codes (the ``<error code=.../>`` answer) and what the user should do about them.
_ERROR_ADVICE = {
    100: "the indexer rejected the API key: check the API key",
    101: "the indexer suspended the account",
    102: "the account is not allowed to use the API",
    500: "the indexer's request limit was reached; try again later",
    501: "the indexer's download limit was reached; try again later",
}


@dataclass(frozen=True)
class Capabilities:
    """What ``t=caps`` says; the defaults are what a Newznab server without caps is assumed to do."""

    page_size_max: int = DEFAULT_PAGE_SIZE
    page_size_default: int = DEFAULT_PAGE_SIZE
    search_available: bool = True
    movie_search_available: bool = True
    movie_search_params: tuple[str, ...] = ("q",)
    categories: tuple[tuple[int, str], ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "pageSizeMax": self.page_size_max,
            "pageSizeDefault": self.page_size_default,
            "searchAvailable": self.search_available,
            "movieSearchAvailable": self.movie_search_available,
            "movieSearchParams": list(self.movie_search_params),
            "categories": [list(c) for c in self.categories],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Capabilities:
        return cls(
            page_size_max=int(data["pageSizeMax"]),
            page_size_default=int(data["pageSizeDefault"]),
            search_available=bool(data["searchAvailable"]),
            movie_search_available=bool(data["movieSearchAvailable"]),
            movie_search_params=tuple(data["movieSearchParams"]),
            categories=tuple((int(i), str(n)) for i, n in data["categories"]),
        )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _parse_xml(body: str) -> ET.Element:
    if not body.strip():
        raise IndexerError("The indexer sent an empty answer")
    if looks_like_html(body):
        raise IndexerError(
            "The indexer answered with a web page instead of a feed: check the URL and API path"
        )
    try:
        root = ET.fromstring(body.strip())
    except ET.ParseError as exc:
        raise IndexerError(f"The indexer's answer is not valid XML ({exc})") from None
    if _local(root.tag) == "error":
        code = parse_int(root.get("code")) or 0
        description = root.get("description") or "unknown error"
        advice = _ERROR_ADVICE.get(code, "")
        retry = dt.timedelta(hours=1) if code == 500 else None
        raise IndexerError(
            f"The indexer answered error {code}: {description}" + (f" ({advice})" if advice else ""),
            retry_after=retry,
        )
    return root


def parse_caps(body: str) -> Capabilities:
    root = _parse_xml(body)
    if _local(root.tag) != "caps":
        raise IndexerError("The indexer's capabilities answer has no <caps> document")
    limits = next((e for e in root if _local(e.tag) == "limits"), None)
    maximum = parse_int(limits.get("max")) if limits is not None else None
    default = parse_int(limits.get("default")) if limits is not None else None
    search_available, movie_available = False, False
    movie_params: tuple[str, ...] = ("q",)
    for element in root.iter():
        name = _local(element.tag)
        available = (element.get("available") or "").lower() == "yes"
        if name == "search":
            search_available = available
        elif name == "movie-search":
            movie_available = available
            params = element.get("supportedParams") or element.get("supportedparams") or "q"
            movie_params = tuple(p.strip().lower() for p in params.split(",") if p.strip())
    categories = []
    for element in root.iter():
        if _local(element.tag) in ("category", "subcat"):
            category_id = parse_int(element.get("id"))
            if category_id is not None:
                categories.append((category_id, element.get("name") or ""))
    return Capabilities(
        page_size_max=maximum or DEFAULT_PAGE_SIZE,
        page_size_default=default or maximum or DEFAULT_PAGE_SIZE,
        search_available=search_available,
        movie_search_available=movie_available,
        movie_search_params=movie_params,
        categories=tuple(categories),
    )


def _date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError):
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _text(item: ET.Element, name: str) -> str | None:
    for child in item:
        if _local(child.tag) == name and child.text:
            return child.text.strip()
    return None


def parse_feed(body: str, protocol: str) -> list[ReleaseInfo]:
    """Releases in a Newznab/Torznab RSS answer; items without a title or a link are skipped."""
    root = _parse_xml(body)
    channel = (
        root if _local(root.tag) == "channel" else next((e for e in root if _local(e.tag) == "channel"), None)
    )
    if _local(root.tag) != "rss" or channel is None:
        raise IndexerError(f"The indexer's answer is not an RSS feed (found <{_local(root.tag)}>)")
    return [r for r in (_release(item, protocol) for item in channel if _local(item.tag) == "item") if r]


def _minutes(seconds: int | None) -> int | None:
    """Torznab gives seed times in seconds; Radarr's seed criteria are in minutes."""
    return None if seconds is None else seconds // 60


def _release(item: ET.Element, protocol: str) -> ReleaseInfo | None:
    attrs: dict[str, list[str]] = {}
    enclosure: ET.Element | None = None
    for child in item:
        name = _local(child.tag)
        if name == "attr" and child.get("name"):
            attrs.setdefault(child.get("name", "").lower(), []).append(child.get("value") or "")
        elif name == "enclosure" and enclosure is None:
            enclosure = child

    def attr(name: str) -> str | None:
        values = attrs.get(name)
        return values[0] if values else None

    title = _text(item, "title")
    link = enclosure.get("url") if enclosure is not None else None
    link = link or _text(item, "link")
    magnet = attr("magneturl")
    if link and link.startswith("magnet:"):
        magnet = magnet or link
    if not title or not (link or magnet):
        return None
    size = parse_int(attr("size"))
    if size is None and enclosure is not None:
        size = parse_int(enclosure.get("length"))
    size = size or parse_int(_text(item, "size")) or 0
    comments = _text(item, "comments") or ""
    guid = _text(item, "guid") or link or magnet or title
    info_url = comments.removesuffix("#comments") if comments else (guid if guid.startswith("http") else "")
    published = _date(attr("usenetdate")) if protocol == "usenet" else None
    published = published or _date(_text(item, "pubdate"))
    download_factor = parse_float(attr("downloadvolumefactor"))
    upload_factor = parse_float(attr("uploadvolumefactor"))
    seeders = parse_int(attr("seeders"))
    peers = parse_int(attr("peers"))
    if peers is None and seeders is not None and attr("leechers") is not None:
        peers = seeders + (parse_int(attr("leechers")) or 0)
    flags = flags_from_factors(
        1.0 if download_factor is None else download_factor, 1.0 if upload_factor is None else upload_factor
    )
    tags = {tag.lower() for tag in attrs.get("tag", [])}
    if "internal" in tags:
        flags |= IndexerFlag.G_Internal
    if "scene" in tags:
        flags |= IndexerFlag.G_Scene
    if "freeleech" in tags:
        flags |= IndexerFlag.G_Freeleech
    categories = tuple(
        c for c in (parse_int(v) for v in attrs.get("category", [])) if c is not None
    ) or tuple(c for c in (parse_int(_text(item, "category")),) if c is not None)
    return ReleaseInfo(
        guid=guid,
        title=title,
        size=size,
        download_url=link or magnet or "",
        info_url=info_url,
        comments_url=comments,
        protocol=protocol,
        publish_date=published,
        grabs=parse_int(attr("grabs")),
        seeders=seeders if protocol == "torrent" else None,
        peers=peers if protocol == "torrent" else None,
        info_hash=(attr("infohash") or "").lower() or None,
        magnet_url=magnet,
        imdb_id=normalize_imdb_id(attr("imdbid") or attr("imdb")),
        tmdb_id=parse_int(attr("tmdbid")) or None,
        indexer_flags=flags,
        download_volume_factor=1.0 if download_factor is None else download_factor,
        upload_volume_factor=1.0 if upload_factor is None else upload_factor,
        categories=categories,
        minimum_ratio=parse_float(attr("minimumratio")),
        minimum_seed_time=_minutes(parse_int(attr("minimumseedtime"))),
    )


# ---------------------------------------------------------------- settings


class NewznabConnection(ProviderSettings):
    base_url: Annotated[str, Form("URL", type="textbox")] = ""
    api_path: Annotated[
        str, Form("API Path", "Path to the api, usually /api", type="textbox", advanced=True)
    ] = "/api"
    api_key: Annotated[str, Form("API Key", type="textbox", privacy="apiKey")] = ""
    categories: Annotated[
        list[int],
        Form("Categories", "Drop down list, leave blank to disable standard/daily shows", type="select"),
    ] = Field(default_factory=lambda: list(DEFAULT_CATEGORIES))
    additional_parameters: Annotated[
        str, Form("Additional Parameters", "Added to every request, e.g. &extended=1", advanced=True)
    ] = ""
    remove_year: Annotated[
        bool,
        Form("Remove year from search string", "Should the year be left out of title searches?", "checkbox"),
    ] = False

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip()
        if not value.lower().startswith(("http://", "https://")):
            raise ValueError("The URL must start with http:// or https://")
        return value

    @field_validator("api_path")
    @classmethod
    def _slash(cls, value: str) -> str:
        value = value.strip() or "/api"
        return value if value.startswith("/") else f"/{value}"


class NewznabSettings(RateLimitSettings, NewznabConnection):
    """The connection first, then the limits: the order Radarr's form shows."""


class TorznabSettings(TorrentSettings, NewznabSettings):
    """Newznab's settings plus seeding goals and required flags."""


# ---------------------------------------------------------------- the implementations


class Newznab(IndexerBase):
    implementation: ClassVar[str] = "Newznab"
    implementation_name: ClassVar[str] = "Newznab"
    info_link: ClassVar[str] = "https://wiki.servarr.com/radarr/supported#newznab"
    settings_model: ClassVar[type[NewznabSettings]] = NewznabSettings
    protocol: ClassVar[str] = "usenet"
    presets: ClassVar[tuple[Preset, ...]] = (
        Preset("DrunkenSlug", {"baseUrl": "https://drunkenslug.com"}),
        Preset("NZBgeek", {"baseUrl": "https://api.nzbgeek.info"}),
        Preset("NZBFinder.ws", {"baseUrl": "https://nzbfinder.ws"}),
        Preset("NZBPlanet", {"baseUrl": "https://api.nzbplanet.net"}),
        Preset("Generic Newznab", {}),
    )

    settings: NewznabSettings
    capabilities: Capabilities | None = None
    """Set from the cache before a search; set again when this indexer fetched them itself."""

    def _url(self, params: dict[str, Any]) -> str:
        base = self.settings.base_url.rstrip("/") + self.settings.api_path
        query = urlencode({**params, "apikey": self.settings.api_key} if self.settings.api_key else params)
        return f"{base}?{query}{self.settings.additional_parameters}"

    def _categories(self) -> str:
        return ",".join(str(c) for c in self.settings.categories)

    def rss_request(self) -> IndexerRequest:
        return IndexerRequest(self._url({"t": "movie", "cat": self._categories(), "extended": 1}))

    def search_requests(self, criteria: SearchCriteria, caps: Capabilities) -> list[dict[str, Any]]:
        """The query parameters for a movie search, best first: by id when the indexer can."""
        if caps.movie_search_available:
            ids: dict[str, Any] = {}
            if "imdbid" in caps.movie_search_params and criteria.imdb_id:
                ids["imdbid"] = criteria.imdb_id.removeprefix("tt")
            if "tmdbid" in caps.movie_search_params and criteria.tmdb_id:
                ids["tmdbid"] = criteria.tmdb_id
            if ids:
                return [{"t": "movie", **ids}]
        query = criteria.title
        if criteria.year and not self.settings.remove_year:
            query = f"{query} {criteria.year}"
        function = "movie" if caps.movie_search_available else "search"
        return [{"t": function, "q": query}]

    async def _get(self, http: HttpClient, params: dict[str, Any]) -> str:
        response = await self.send(http, IndexerRequest(self._url(params)))
        return response.text

    async def fetch_capabilities(self, http: HttpClient) -> Capabilities:
        self.capabilities = parse_caps(await self._get(http, {"t": "caps"}))
        return self.capabilities

    async def fetch_rss(self, http: HttpClient) -> list[ReleaseInfo]:
        response = await self.send(http, self.rss_request())
        return self.stamp(parse_feed(response.text, self.protocol))

    async def search(self, http: HttpClient, criteria: SearchCriteria) -> list[ReleaseInfo]:
        caps = self.capabilities or await self.fetch_capabilities(http)
        page_size = min(caps.page_size_max, DEFAULT_PAGE_SIZE)
        releases: list[ReleaseInfo] = []
        for params in self.search_requests(criteria, caps):
            for page in range(SEARCH_PAGES):
                query = {**params, "cat": self._categories(), "extended": 1, "limit": page_size}
                if page:
                    query["offset"] = page * page_size
                found = parse_feed(await self._get(http, query), self.protocol)
                releases.extend(found)
                if len(found) < page_size:
                    break
        return self.stamp(releases)

    async def test(self, ctx: Context) -> list[tuple[str, str]]:
        try:
            await self.fetch_capabilities(ctx.http)
        except IndexerError as exc:
            return [("", str(exc))]
        return await super().test(ctx)


class Torznab(Newznab):
    implementation: ClassVar[str] = "Torznab"
    implementation_name: ClassVar[str] = "Torznab"
    info_link: ClassVar[str] = "https://wiki.servarr.com/radarr/supported#torznab"
    settings_model: ClassVar[type[NewznabSettings]] = TorznabSettings
    protocol: ClassVar[str] = "torrent"
    presets: ClassVar[tuple[Preset, ...]] = (Preset("Generic Torznab", {}),)
