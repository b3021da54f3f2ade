"""Metadata files beside the library's videos, for media centres that read them (Radarr's metadata consumers).

A consumer is a provider of kind ``metadata`` (``/api/v3/metadata``), one class each for Radarr's
five: Roksbox, WDTV and Emby (Legacy) write Radarr's small XML files and a poster; Kometa is
retired and writes nothing; the main one is "Kodi (XBMC) / Emby": a Kodi-format movie NFO named
after the video
(``The Matrix (1999).nfo``, or ``movie.nfo`` with *Use Movie.nfo*) and the movie's
``poster.jpg`` and ``fanart.jpg`` from the local cover cache. The files are written after each
import and again after a rename (whose extras already carried the NFO to the new name), always
under a temporary name first, so a media centre never reads half a file.

A release's own ``.nfo`` (scene info, imported as an extra) is kept as ``<name>.nfo-orig``
rather than overwritten, as Radarr does when a consumer writes NFOs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from reelarr import languages, metadata
from reelarr.errors import ValidationFailed
from reelarr.files import partial_name
from reelarr.health import HealthIssue
from reelarr.mediainfo import VIDEO_EXTENSIONS
from reelarr.models import Collection, Credit, Movie, MovieFile, MovieMetadata, MovieVersion
from reelarr.providers import Form, Provider, ProviderKind, ProviderSettings, definitions

if TYPE_CHECKING:
    from reelarr.context import Context

log = logging.getLogger(__name__)

KIND = "metadata"
NFO_DECLARATION = '<?xml version="1.0" encoding="utf-8" standalone="yes"?>'
RELEASE_NFO_SUFFIX = ".nfo-orig"
COVER_TYPES = ("poster", "fanart")
TMDB_MOVIE_URL = "https://www.themoviedb.org/movie/{}"
YOUTUBE_TRAILER = "plugin://plugin.video.youtube/?action=play_video&videoid={}"
# Kodi's names for the rating sources Reelarr stores.
KODI_RATING_NAMES = {"tmdb": "themoviedb", "imdb": "imdb"}
# Kodi's codec names where Radarr's (as media info stores them) differ.
KODI_VIDEO_CODECS = {"x264": "h264", "h264": "h264", "x265": "hevc", "h265": "hevc"}
KODI_AUDIO_CODECS = {
    "DTS": "dca",
    "DTS-ES": "dca",
    "DTS-X": "dtshd_ma",
    "DTS-HD MA": "dtshd_ma",
    "DTS-HD HRA": "dtshd_hra",
    "TrueHD Atmos": "truehd",
    "EAC3 Atmos": "eac3",
}
LANGUAGE_OPTIONS = tuple((language.id, language.name) for language in languages.ALL if language.id > 0)


# ---------------------------------------------------------------- what is written about


@dataclass(frozen=True)
class MovieDetails:
    """A library movie with its file, read once for every consumer."""

    movie_id: int
    folder: Path
    video: Path
    metadata: MovieMetadata
    media_info: dict[str, Any] | None
    collection_overview: str
    cast: tuple[Credit, ...]
    added: dt.datetime | None = None


async def load_details(session: AsyncSession, movie_id: int) -> MovieDetails | None:
    """The movie and its default version's file; None when it has no file."""
    movie = await session.scalar(
        select(Movie).options(selectinload(Movie.metadata_)).where(Movie.id == movie_id)
    )
    file = await session.scalar(
        select(MovieFile)
        .join(MovieVersion, MovieFile.version_id == MovieVersion.id)
        .where(MovieVersion.movie_id == movie_id, MovieVersion.is_default.is_(True))
    )
    if movie is None or file is None:
        return None
    meta = movie.metadata_
    overview = None
    if meta.collection_tmdb_id:
        overview = await session.scalar(
            select(Collection.overview).where(Collection.tmdb_id == meta.collection_tmdb_id)
        )
    cast = await session.scalars(
        select(Credit)
        .where(Credit.movie_metadata_id == meta.id, Credit.type == "cast")
        .order_by(Credit.order)
    )
    return MovieDetails(
        movie_id=movie.id,
        folder=Path(movie.path),
        video=Path(movie.path) / file.relative_path,
        metadata=meta,
        media_info=file.media_info,
        collection_overview=overview or "",
        cast=tuple(cast),
        added=movie.added,
    )


# ---------------------------------------------------------------- the consumers


class MetadataConsumer(Provider):
    """Base of the metadata consumers: override :meth:`write`."""

    kind = KIND

    async def write(self, ctx: Context, details: MovieDetails) -> list[Path]:
        """Write this consumer's files for the movie; return the paths written."""
        raise NotImplementedError


class XbmcMetadataSettings(ProviderSettings):
    """Radarr's XbmcMetadataSettings, in its order."""

    movie_metadata: Annotated[
        bool,
        Form("Movie Metadata", "Writes <movie-filename>.nfo (or movie.nfo) for Kodi and Emby", "checkbox"),
    ] = True
    use_movie_nfo: Annotated[
        bool,
        Form("Use Movie.nfo", "Writes movie.nfo instead of the default <movie-filename>.nfo", "checkbox"),
    ] = False
    movie_metadata_language: Annotated[
        int,
        Form(
            "Metadata Language",
            "The title is the original title when this is the movie's original language",
            "select",
            select_options=LANGUAGE_OPTIONS,
        ),
    ] = languages.ENGLISH.id
    movie_metadata_url: Annotated[
        bool,
        Form(
            "Movie Metadata URL",
            "Adds the movie's TMDB address after the NFO's XML",
            "checkbox",
            advanced=True,
        ),
    ] = Field(default=False, alias="movieMetadataURL")
    add_collection_name: Annotated[
        bool,
        Form(
            "Collection Name", "Names the movie's collection as its set in the NFO", "checkbox", advanced=True
        ),
    ] = True
    movie_images: Annotated[
        bool, Form("Movie Images", "Copies poster.jpg and fanart.jpg into the movie's folder", "checkbox")
    ] = True


class KodiMetadata(MetadataConsumer):
    implementation = "XbmcMetadata"
    implementation_name = "Kodi (XBMC) / Emby"
    info_link = "https://wiki.servarr.com/radarr/supported#xbmcmetadata"
    settings_model = XbmcMetadataSettings

    async def write(self, ctx: Context, details: MovieDetails) -> list[Path]:
        settings = self.settings
        assert isinstance(settings, XbmcMetadataSettings)
        written = []
        if settings.movie_metadata:
            nfo = details.video.with_name(
                "movie.nfo" if settings.use_movie_nfo else details.video.stem + ".nfo"
            )
            text = movie_nfo(details, settings)
            await asyncio.to_thread(write_nfo, nfo, text)
            await asyncio.to_thread(remove_stale_nfos, nfo.parent)
            written.append(nfo)
        if settings.movie_images:
            for cover_type in COVER_TYPES:
                cached = await cached_cover(ctx, details, cover_type)
                if cached is not None:
                    target = details.folder / f"{cover_type}.jpg"
                    await asyncio.to_thread(write_atomically, target, cached.read_bytes())
                    written.append(target)
        return written


class MovieFilesSettings(ProviderSettings):
    movie_metadata: Annotated[bool, Form("Movie Metadata", type="checkbox")] = True
    movie_images: Annotated[bool, Form("Movie Images", type="checkbox")] = True


class RoksboxMetadataSettings(MovieFilesSettings):
    """Roksbox: ``<video file>.xml`` and the poster as ``<movie folder name>.jpg``."""


class WdtvMetadataSettings(MovieFilesSettings):
    """WD TV Live: ``<video file>.xml`` and the poster as ``folder.jpg``."""


class RoksboxMetadata(MetadataConsumer):
    """Roksbox's ``<video>`` file (title, genres, description, length in minutes) as Radarr writes it."""

    implementation = "RoksboxMetadata"
    implementation_name = "Roksbox"
    info_link = "https://wiki.servarr.com/radarr/supported#roksboxmetadata"
    settings_model = RoksboxMetadataSettings

    async def write(self, ctx: Context, details: MovieDetails) -> list[Path]:
        assert isinstance(self.settings, RoksboxMetadataSettings)
        meta = details.metadata
        video = ET.Element("video")
        for tag, value in (
            ("title", meta.title),
            ("genre", " / ".join(meta.genres or [])),
            ("description", meta.overview),
            ("length", str(meta.runtime or 0)),
        ):
            _text(video, tag, value)
        image = details.folder / f"{details.folder.name}.jpg"
        return await _write_files(ctx, details, self.settings, video, image)


class WdtvMetadata(MetadataConsumer):
    """WD TV Live's ``<details>`` file (Reelarr's movie id, title, genres, overview) as Radarr writes it."""

    implementation = "WdtvMetadata"
    implementation_name = "WDTV"
    info_link = "https://wiki.servarr.com/radarr/supported#wdtvmetadata"
    settings_model = WdtvMetadataSettings

    async def write(self, ctx: Context, details: MovieDetails) -> list[Path]:
        assert isinstance(self.settings, WdtvMetadataSettings)
        meta = details.metadata
        root = ET.Element("details")
        for tag, value in (
            ("id", str(details.movie_id)),
            ("title", meta.title),
            ("genre", " / ".join(meta.genres or [])),
            ("overview", meta.overview),
        ):
            _text(root, tag, value)
        return await _write_files(ctx, details, self.settings, root, details.folder / "folder.jpg")


async def _write_files(
    ctx: Context, details: MovieDetails, settings: MovieFilesSettings, root: ET.Element, image: Path
) -> list[Path]:
    """``<video file>.xml`` from ``root`` and the poster (else the fanart) at ``image``, as each is on."""
    written = []
    if settings.movie_metadata:
        target = details.video.with_suffix(".xml")
        await asyncio.to_thread(write_atomically, target, xdocument_text(root).encode("utf-8"))
        written.append(target)
    if settings.movie_images:
        for cover_type in COVER_TYPES:
            cached = await cached_cover(ctx, details, cover_type)
            if cached is not None:
                await asyncio.to_thread(write_atomically, image, cached.read_bytes())
                written.append(image)
                break
    return written


class MediaBrowserMetadataSettings(ProviderSettings):
    movie_metadata: Annotated[
        bool, Form("Movie Metadata", "Writes movie.xml for Emby before 4.x", "checkbox")
    ] = True


class MediaBrowserMetadata(MetadataConsumer):
    """Emby (Legacy): the ``movie.xml`` old Emby versions read, as Radarr writes it (no images)."""

    implementation = "MediaBrowserMetadata"
    implementation_name = "Emby (Legacy)"
    info_link = "https://wiki.servarr.com/radarr/supported#mediabrowsermetadata"
    settings_model = MediaBrowserMetadataSettings

    async def write(self, ctx: Context, details: MovieDetails) -> list[Path]:
        assert isinstance(self.settings, MediaBrowserMetadataSettings)
        if not self.settings.movie_metadata:
            return []
        meta = details.metadata
        rating = ((meta.ratings or {}).get("tmdb") or {}).get("value") or 0
        movie = ET.Element("Movie")
        for tag, value in (
            ("id", meta.imdb_id or ""),
            ("Status", (meta.status or "")[:1].upper() + (meta.status or "")[1:]),
            ("Added", details.added.strftime("%m/%d/%Y %H:%M:%S %p") if details.added else ""),
            ("LockData", "false"),
            ("Overview", meta.overview),
            ("LocalTitle", meta.title),
            ("Rating", f"{float(rating):g}"),
            ("ProductionYear", str(meta.year or 0)),
            ("RunningTime", str(meta.runtime or 0)),
            ("IMDB", meta.imdb_id or ""),
        ):
            _text(movie, tag, value)
        genres = ET.SubElement(movie, "Genres")
        for genre in meta.genres or []:
            _text(genres, "Genre", genre)
        target = details.folder / "movie.xml"
        await asyncio.to_thread(write_atomically, target, xdocument_text(movie).encode("utf-8"))
        return [target]


class KometaMetadataSettings(ProviderSettings):
    deprecated: Annotated[bool, Form("Deprecated", type="checkbox", hidden="hidden")] = True


class KometaMetadata(MetadataConsumer):
    """Kometa: retired by Radarr, which keeps it only so old settings load; it writes nothing."""

    implementation = "KometaMetadata"
    implementation_name = "Kometa"
    info_link = "https://wiki.servarr.com/radarr/supported#kometametadata"
    settings_model = KometaMetadataSettings

    async def write(self, ctx: Context, details: MovieDetails) -> list[Path]:
        return []


def xdocument_text(root: ET.Element) -> str:
    """The XML as .NET's ``XDocument.ToString()`` gives it (Radarr's output): two-space indents,
    no declaration, ``<empty />`` elements."""
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="unicode")


IMPLEMENTATIONS: tuple[type[MetadataConsumer], ...] = (
    KodiMetadata,
    MediaBrowserMetadata,
    RoksboxMetadata,
    WdtvMetadata,
    KometaMetadata,
)


class MetadataOptions(BaseModel):
    """Metadata consumers have no switches besides ``enable``."""


METADATA_CONSUMERS = ProviderKind(
    kind=KIND,
    label="Metadata",
    implementations=IMPLEMENTATIONS,
    options_model=MetadataOptions,
    resource_columns=("enable",),
)


async def check_kometa(ctx: Context) -> list[HealthIssue]:
    """Kometa stays enabled only in name: it writes nothing, so its user should switch it off."""
    async with ctx.db.read() as session:
        rows = await definitions(session, METADATA_CONSUMERS.kind)
    if not any(d.enable and d.implementation == KometaMetadata.implementation for d in rows):
        return []
    return [
        HealthIssue(
            "MetadataCheck",
            "warning",
            "Kometa metadata is enabled but no longer writes any files: disable it in Settings > Metadata",
        )
    ]


async def write_movie_metadata(ctx: Context, movie_id: int) -> list[Path]:
    """Every enabled consumer's files for the movie's file; a consumer that fails is logged, not raised,
    because the import or rename it follows has already succeeded."""
    async with ctx.db.read() as session:
        enabled = [d for d in await definitions(session, KIND) if d.enable]
        details = await load_details(session, movie_id) if enabled else None
    if details is None:
        return []
    written = []
    for definition in enabled:
        try:
            consumer = METADATA_CONSUMERS.build(definition)
            assert isinstance(consumer, MetadataConsumer)
            written += await consumer.write(ctx, details)
        except (OSError, ValidationFailed) as exc:
            log.warning("metadata %r could not write for %s: %s", definition.name, details.video, exc)
    return written


# ---------------------------------------------------------------- the Kodi NFO


def movie_nfo(details: MovieDetails, settings: XbmcMetadataSettings) -> str:
    """Kodi's movie NFO (https://kodi.wiki/view/NFO_files/Movies), which Emby and Jellyfin also read."""
    meta = details.metadata
    movie = ET.Element("movie")
    original_language = settings.movie_metadata_language == meta.original_language
    _text(movie, "title", meta.original_title if original_language and meta.original_title else meta.title)
    _text(movie, "originaltitle", meta.original_title or meta.title)
    _text(movie, "sorttitle", meta.sort_title or meta.title)
    movie.append(_ratings(meta.ratings or {}))
    _text(movie, "plot", meta.overview)
    _text(movie, "runtime", str(meta.runtime or ""))
    poster, fanart = remote_cover(meta, "poster"), remote_cover(meta, "fanart")
    if poster:
        _text(movie, "thumb", poster).set("aspect", "poster")
    if fanart:
        _text(ET.SubElement(movie, "fanart"), "thumb", fanart)
    _text(movie, "mpaa", meta.certification or "")
    ET.SubElement(movie, "uniqueid", type="tmdb", default="true").text = str(meta.tmdb_id)
    if meta.imdb_id:
        ET.SubElement(movie, "uniqueid", type="imdb").text = meta.imdb_id
    for genre in meta.genres or []:
        _text(movie, "genre", genre)
    if settings.add_collection_name and meta.collection_title:
        collection = ET.SubElement(movie, "set")
        _text(collection, "name", meta.collection_title)
        _text(collection, "overview", details.collection_overview)
    premiered = meta.in_cinemas or meta.digital_release or meta.physical_release
    if premiered is not None:
        _text(movie, "premiered", premiered.astimezone(dt.UTC).date().isoformat())
    _text(movie, "year", str(meta.year or ""))
    if meta.studio:
        _text(movie, "studio", meta.studio)
    if meta.youtube_trailer_id:
        _text(movie, "trailer", YOUTUBE_TRAILER.format(meta.youtube_trailer_id))
    if details.media_info:
        movie.append(_file_info(details.media_info))
    for credit in details.cast:
        actor = ET.SubElement(movie, "actor")
        _text(actor, "name", credit.person_name)
        _text(actor, "role", credit.character or "")
        _text(actor, "order", str(credit.order))
        headshot = next((i.get("remoteUrl") for i in credit.images or [] if i.get("remoteUrl")), None)
        if headshot:
            _text(actor, "thumb", headshot)
    ET.indent(movie)
    text = f"{NFO_DECLARATION}\n{ET.tostring(movie, encoding='unicode')}\n"
    if settings.movie_metadata_url:
        text += TMDB_MOVIE_URL.format(meta.tmdb_id) + "\n"
    return text


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = value
    return element


def _ratings(ratings: dict[str, Any]) -> ET.Element:
    element = ET.Element("ratings")
    first = True
    for source, name in KODI_RATING_NAMES.items():
        rating = ratings.get(source) or {}
        if not rating.get("votes") and not rating.get("value"):
            continue
        entry = ET.SubElement(element, "rating", name=name, max="10", default="true" if first else "false")
        _text(entry, "value", str(rating.get("value", 0)))
        _text(entry, "votes", str(rating.get("votes", 0)))
        first = False
    return element


def _file_info(media_info: dict[str, Any]) -> ET.Element:
    """Kodi's ``streamdetails`` from the media info stored with the file (no need to read the file again)."""
    file_info = ET.Element("fileinfo")
    streams = ET.SubElement(file_info, "streamdetails")
    video = ET.SubElement(streams, "video")
    codec = str(media_info.get("videoCodec") or "")
    _text(video, "codec", KODI_VIDEO_CODECS.get(codec.lower(), codec.lower()))
    width, _, height = str(media_info.get("resolution") or "").partition("x")
    if width.isdigit() and height.isdigit() and int(height):
        _text(video, "aspect", f"{int(width) / int(height):.2f}")
        _text(video, "width", width)
        _text(video, "height", height)
    seconds = _seconds(str(media_info.get("runTime") or ""))
    if seconds:
        _text(video, "durationinseconds", str(seconds))
    hdr = _hdr_type(str(media_info.get("videoDynamicRangeType") or ""))
    if hdr:
        _text(video, "hdrtype", hdr)
    audio_languages = [code for code in str(media_info.get("audioLanguages") or "").split("/") if code]
    # Media info keeps the codec and channels of the first audio stream only.
    for index, language in enumerate(audio_languages or [""]):
        audio = ET.SubElement(streams, "audio")
        if index == 0:
            codec = str(media_info.get("audioCodec") or "")
            _text(audio, "codec", KODI_AUDIO_CODECS.get(codec, codec.lower()))
            _text(audio, "channels", str(_channel_count(float(media_info.get("audioChannels") or 0))))
        if language:
            _text(audio, "language", language)
    for language in str(media_info.get("subtitles") or "").split("/"):
        if language:
            _text(ET.SubElement(streams, "subtitle"), "language", language)
    return file_info


def _channel_count(layout: float) -> int:
    """Kodi counts every channel: Radarr's 5.1 is 6, 7.1 is 8."""
    main = int(layout)
    return main + round((layout - main) * 10)


def _seconds(runtime: str) -> int:
    """Seconds in a ``1:52:07`` runtime; 0 when it is not one."""
    parts = runtime.split(":")
    if not all(part.isdigit() for part in parts):
        return 0
    total = 0
    for part in parts:
        total = total * 60 + int(part)
    return total


def _hdr_type(dynamic_range_type: str) -> str:
    """Kodi's ``hdrtype`` for Radarr's dynamic range type (``DV HDR10``, ``HLG``...)."""
    upper = dynamic_range_type.upper()
    if "DV" in upper:
        return "dolbyvision"
    if "HLG" in upper:
        return "hlg"
    return "hdr10" if "HDR" in upper else ""


# ---------------------------------------------------------------- writing


def write_nfo(path: Path, text: str) -> None:
    """Write the NFO, first keeping a release's own ``.nfo`` found under that name."""
    if path.exists() and not _is_movie_nfo(path):
        os.replace(path, path.with_name(path.stem + RELEASE_NFO_SUFFIX))
    write_atomically(path, text.encode("utf-8"))


def remove_stale_nfos(folder: Path) -> list[Path]:
    """Remove the movie NFOs named after a video that is gone (an upgrade's new file has a new name).

    ``movie.nfo`` and NFOs that are not Kodi movie NFOs (a release's own) are never touched.
    """
    videos = {p.stem for p in folder.iterdir() if p.suffix.lower() in VIDEO_EXTENSIONS}
    stale = [
        nfo
        for nfo in folder.glob("*.nfo")
        if nfo.stem not in videos and nfo.name != "movie.nfo" and _is_movie_nfo(nfo)
    ]
    for nfo in stale:
        nfo.unlink()
    return stale


def _is_movie_nfo(path: Path) -> bool:
    with open(path, "rb") as reader:
        head = reader.read(4096)
    return b"<movie>" in head or b"<movie " in head


def write_atomically(path: Path, content: bytes) -> None:
    """Write under a temporary name, flush it to disk, then rename it into place."""
    partial = partial_name(path)
    with open(partial, "wb") as writer:
        writer.write(content)
        writer.flush()
        os.fsync(writer.fileno())
    os.replace(partial, path)


async def cached_cover(ctx: Context, details: MovieDetails, cover_type: str) -> Path | None:
    """The movie's image in the local cover cache, fetched into it first when it is not there yet."""
    cached = ctx.settings.media_cover_dir / str(details.movie_id) / f"{cover_type}.jpg"
    if await asyncio.to_thread(cached.is_file):
        return cached
    remote = remote_cover(details.metadata, cover_type)
    async with ctx.db.read() as session:
        hosts = (await metadata.load_settings(session)).image_hosts
    if remote and await metadata.cache_image(ctx.http, remote, cached, hosts):
        return cached
    return None


def remote_cover(meta: MovieMetadata, cover_type: str) -> str | None:
    """The TMDB address of the movie's image of that type."""
    return next((i.get("remoteUrl") for i in meta.images or [] if i.get("coverType") == cover_type), None)
