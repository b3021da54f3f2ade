"""Radarr's rows into Reelarr's tables, inside one write transaction.

Each section is found again by its natural key (a tag's label, a profile's or provider's name,
a movie's TMDB id), so a second run updates what the first wrote and never duplicates it.
Radarr's ids are kept in :class:`Ids` while the run lasts, to re-point references (a profile's
custom formats, a movie's tags, history's movie) at Reelarr's ids. History and blocklist rows
carry no natural key; the highest Radarr id imported is remembered in the ``fromRadarr``
settings row and a later run takes only newer rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import custom_formats, settings
from reelarr.download_clients import DOWNLOAD_CLIENTS
from reelarr.downloads import DownloadClientConfig
from reelarr.errors import ValidationFailed
from reelarr.files import MediaManagementConfig, is_writable_folder
from reelarr.from_radarr import mapping, passwords
from reelarr.from_radarr.report import Report
from reelarr.from_radarr.source import RadarrData, SourceError, json_value
from reelarr.indexers import INDEXERS
from reelarr.indexers.fetching import IndexerConfig
from reelarr.library import sort_title
from reelarr.metadata_files import METADATA_CONSUMERS
from reelarr.models import (
    AlternativeTitle,
    BlocklistRecord,
    Collection,
    CustomFormat,
    DelayProfile,
    HistoryRecord,
    ImportExclusion,
    Movie,
    MovieFile,
    MovieMetadata,
    MovieVersion,
    ProviderDefinition,
    QualityDefinition,
    QualityProfile,
    ReleaseProfile,
    RemotePathMapping,
    RootFolder,
    SettingsSection,
    Tag,
    User,
)
from reelarr.naming import NamingConfig
from reelarr.notifications import NOTIFICATIONS
from reelarr.parser.clean import clean_title
from reelarr.providers import SECRET_MASK, ProviderKind, secret_names

MARKER = "fromRadarr"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", ""})


@dataclass
class Ids:
    """Radarr id → Reelarr id, per section."""

    tags: dict[int, int] = field(default_factory=dict)
    formats: dict[int, int] = field(default_factory=dict)
    profiles: dict[int, int] = field(default_factory=dict)
    download_clients: dict[int, int] = field(default_factory=dict)
    indexers: dict[int, int] = field(default_factory=dict)
    movies: dict[int, int] = field(default_factory=dict)

    def tag_list(self, value: Any) -> list[int]:
        return [self.tags[t] for t in json_value(value, []) or [] if t in self.tags]


async def apply(session: AsyncSession, data: RadarrData, report: Report, *, merge: bool) -> None:
    marker = await session.get(SettingsSection, MARKER)
    existing_movies = await session.scalar(select(func.count()).select_from(Movie)) or 0
    if existing_movies and marker is None and not merge:
        raise SourceError(
            f"Reelarr already has {existing_movies} movies; run again with --merge to merge Radarr's "
            "library into it by TMDB id"
        )
    state = dict(marker.value) if marker else {}
    ids = Ids()
    await _tags(session, data, ids, report)
    await _root_folders(session, data, report)
    await _quality_definitions(session, data, report)
    await _custom_formats(session, data, ids, report)
    await _quality_profiles(session, data, ids, report)
    await _delay_profiles(session, data, ids, report)
    await _providers(session, data, ids, report)
    await _release_profiles(session, data, ids, report)
    await _remote_path_mappings(session, data, report)
    await _settings(session, data, report)
    await _collections(session, data, ids, report)
    await _movies(session, data, ids, report)
    await _exclusions(session, data, report)
    state["historyMaxId"] = await _history(session, data, ids, report, state.get("historyMaxId", 0))
    state["blocklistMaxId"] = await _blocklist(session, data, ids, report, state.get("blocklistMaxId", 0))
    await _user(session, data, report)
    for table, reason in (
        ("ImportLists", "import lists come in a later version of Reelarr"),
        ("AutoTagging", "Reelarr has no auto tagging"),
    ):
        for row in data.rows(table):
            report.skipped.append(f"{table} '{row.get('Name')}': not imported: {reason}")
    if rows := data.rows("DownloadHistory"):
        report.skipped.append(
            f"DownloadHistory ({len(rows)} rows): not imported: Reelarr's history already holds "
            "every grab, import and failure"
        )
    state["importedAt"] = dt.datetime.now(dt.UTC).isoformat()
    state["migration"] = data.migration
    if marker is None:
        session.add(SettingsSection(key=MARKER, value=state))
    else:
        marker.value = state


def _flag(row: dict[str, Any], name: str, default: bool = False) -> bool:
    value = row.get(name)
    return default if value is None else bool(value)


async def _tags(session: AsyncSession, data: RadarrData, ids: Ids, report: Report) -> None:
    known = {tag.label.lower(): tag for tag in await session.scalars(select(Tag))}
    for row in data.rows("Tags"):
        label = str(row["Label"])
        tag = known.get(label.lower())
        report.add("tags", new=tag is None)
        if tag is None:
            tag = Tag(label=label)
            session.add(tag)
            await session.flush()
            known[label.lower()] = tag
        ids.tags[row["Id"]] = tag.id


async def _root_folders(session: AsyncSession, data: RadarrData, report: Report) -> None:
    known = set(await session.scalars(select(RootFolder.path)))
    for row in data.rows("RootFolders"):
        path = str(row["Path"]).rstrip("/") or "/"
        report.add("root folders", new=path not in known)
        if path not in known:
            session.add(RootFolder(path=path))
            known.add(path)
        if not is_writable_folder(path):
            report.needs_human.append(
                f"root folder {path} is missing or not writable here; mount it at the same path, or "
                "move the movies with Reelarr's movie editor after the import"
            )


async def _quality_definitions(session: AsyncSession, data: RadarrData, report: Report) -> None:
    known = {row.quality_id: row for row in await session.scalars(select(QualityDefinition))}
    for row in data.rows("QualityDefinitions"):
        definition = known.get(row["Quality"])
        if definition is None:
            report.skipped.append(
                f"quality definition {row['Title']!r}: Reelarr has no quality {row['Quality']}"
            )
            continue
        definition.title = str(row["Title"])
        definition.min_size = row["MinSize"]
        definition.max_size = row["MaxSize"]
        definition.preferred_size = row.get("PreferredSize")
        report.add("quality definitions", new=False)


async def _custom_formats(session: AsyncSession, data: RadarrData, ids: Ids, report: Report) -> None:
    known = {row.name: row for row in await session.scalars(select(CustomFormat))}
    for row in data.rows("CustomFormats"):
        specifications = []
        for index, wrapped in enumerate(json_value(row["Specifications"], [])):
            body = dict(wrapped.get("body") or {})
            raw = {
                "implementation": wrapped.get("type", ""),
                "name": body.get("name", ""),
                "negate": body.get("negate", False),
                "required": body.get("required", False),
                "fields": body,
            }
            stored, problems = custom_formats.normalize_specification(raw, index)
            if stored is None:
                report.skipped.append(f"custom format {row['Name']!r}: {problems[0][1]}")
                continue
            if problems:
                report.needs_human.append(
                    f"custom format {row['Name']!r}: {problems[0][1]}; fix it in Reelarr"
                )
            specifications.append(stored)
        custom_format = known.get(row["Name"])
        report.add("custom formats", new=custom_format is None)
        if custom_format is None:
            custom_format = CustomFormat(name=row["Name"])
            session.add(custom_format)
        custom_format.include_when_renaming = bool(row["IncludeCustomFormatWhenRenaming"])
        custom_format.specifications = specifications
        await session.flush()
        ids.formats[row["Id"]] = custom_format.id


async def _quality_profiles(session: AsyncSession, data: RadarrData, ids: Ids, report: Report) -> None:
    known = {row.name: row for row in await session.scalars(select(QualityProfile))}
    for row in data.rows("QualityProfiles", "Profiles"):
        profile = known.get(row["Name"])
        report.add("quality profiles", new=profile is None)
        if profile is None:
            profile = QualityProfile(name=row["Name"])
            session.add(profile)
        profile.cutoff = row["Cutoff"]
        profile.items = json_value(row["Items"], [])
        profile.upgrade_allowed = _flag(row, "UpgradeAllowed")
        profile.min_format_score = row.get("MinFormatScore") or 0
        profile.cutoff_format_score = row.get("CutoffFormatScore") or 0
        profile.min_upgrade_format_score = row.get("MinUpgradeFormatScore", 1) or 1
        language = row.get("Language")
        profile.language_id = int(language) if language is not None else 1
        profile.format_items = [
            {"format": ids.formats[item["format"]], "score": item.get("score", 0)}
            for item in json_value(row["FormatItems"], [])
            if item.get("format") in ids.formats
        ]
        await session.flush()
        ids.profiles[row["Id"]] = profile.id


async def _delay_profiles(session: AsyncSession, data: RadarrData, ids: Ids, report: Report) -> None:
    known = {(row.order, tuple(row.tags)): row for row in await session.scalars(select(DelayProfile))}
    for row in data.rows("DelayProfiles"):
        tags = ids.tag_list(row["Tags"])
        profile = known.get((row["Order"], tuple(tags)))
        report.add("delay profiles", new=profile is None)
        if profile is None:
            profile = DelayProfile(order=row["Order"], tags=tags)
            session.add(profile)
        profile.enable_usenet = bool(row["EnableUsenet"])
        profile.enable_torrent = bool(row["EnableTorrent"])
        profile.preferred_protocol = mapping.PROTOCOL.get(row["PreferredProtocol"], "usenet")
        profile.usenet_delay = row["UsenetDelay"]
        profile.torrent_delay = row["TorrentDelay"]
        profile.bypass_if_highest_quality = _flag(row, "BypassIfHighestQuality")
        profile.bypass_if_above_custom_format_score = _flag(row, "BypassIfAboveCustomFormatScore")
        profile.minimum_custom_format_score = row.get("MinimumCustomFormatScore") or 0


def _indexer_options(row: dict[str, Any], ids: Ids) -> dict[str, Any]:
    return {
        "enableRss": _flag(row, "EnableRss"),
        "enableAutomaticSearch": _flag(row, "EnableAutomaticSearch"),
        "enableInteractiveSearch": _flag(row, "EnableInteractiveSearch"),
        "downloadClientId": ids.download_clients.get(row.get("DownloadClientId") or 0, 0),
    }


def _client_options(row: dict[str, Any], ids: Ids) -> dict[str, Any]:
    return {
        "enable": _flag(row, "Enable"),
        "removeCompletedDownloads": _flag(row, "RemoveCompletedDownloads", True),
        "removeFailedDownloads": _flag(row, "RemoveFailedDownloads", True),
    }


def _notification_options(row: dict[str, Any], ids: Ids) -> dict[str, Any]:
    """Every ``On...`` switch and ``IncludeHealthWarnings``, in the options' camelCase."""
    return {
        mapping.camel(name): bool(value)
        for name, value in row.items()
        if (name.startswith("On") or name == "IncludeHealthWarnings") and value is not None
    }


def _no_options(row: dict[str, Any], ids: Ids) -> dict[str, Any]:
    return {}


# Download clients come before indexers, whose options name a download client.
FAMILIES: tuple[tuple[str, str, ProviderKind, Callable[[dict[str, Any], Ids], dict[str, Any]]], ...] = (
    ("DownloadClients", "download clients", DOWNLOAD_CLIENTS, _client_options),
    ("Indexers", "indexers", INDEXERS, _indexer_options),
    ("Notifications", "notifications", NOTIFICATIONS, _notification_options),
    ("Metadata", "metadata consumers", METADATA_CONSUMERS, _no_options),
)


def _flattened(settings: dict[str, Any]) -> dict[str, Any]:
    """Radarr stores nested settings (``{"seedCriteria": {"seedRatio": 1}}``) that its API and
    Reelarr's settings name with a dot (``seedCriteria.seedRatio``)."""
    flat: dict[str, Any] = {}
    for key, value in settings.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{inner}": v for inner, v in value.items()})
        else:
            flat[key] = value
    return flat


async def _providers(session: AsyncSession, data: RadarrData, ids: Ids, report: Report) -> None:
    mapped_hosts = {row["Host"].lower() for row in data.rows("RemotePathMappings")}
    for table, section, kind, options_of in FAMILIES:
        known = {
            row.name: row
            for row in await session.scalars(
                select(ProviderDefinition).where(ProviderDefinition.kind == kind.kind)
            )
        }
        for row in data.rows(table):
            name, implementation_name = str(row["Name"]), str(row["Implementation"])
            if table == "Metadata" and not row["Enable"]:
                continue  # Radarr lists every consumer, switched off until the user turns one on
            try:
                implementation = kind.implementation(implementation_name)
            except ValidationFailed:
                report.needs_human.append(
                    f"{kind.label.lower()} {name!r} ({implementation_name}): Reelarr has no such "
                    "implementation yet; not imported"
                )
                continue
            raw = _flattened(json_value(row["Settings"], {}) or {})
            # A running Radarr's API sends secrets as the mask: they are left empty, to re-enter.
            masked = sorted(
                k for k in secret_names(implementation.settings_model) if raw.get(k) == SECRET_MASK
            )
            try:
                model = implementation.settings_model.model_validate(
                    {k: v for k, v in raw.items() if k not in masked}
                )
            except ValidationError as exc:
                report.needs_human.append(
                    f"{kind.label.lower()} {name!r}: settings not imported: {exc.errors()[0]['msg']}"
                )
                continue
            options = kind.options_model.model_validate(options_of(row, ids))
            definition = known.get(name)
            report.add(section, new=definition is None)
            if definition is None:
                definition = ProviderDefinition(kind=kind.kind, name=name)
                session.add(definition)
            definition.implementation = implementation.implementation
            definition.config_contract = type(model).__name__
            definition.settings = model.model_dump(mode="json", by_alias=True)
            definition.options = options.model_dump(mode="json", by_alias=True)
            definition.enable = bool(row["Enable"]) if "Enable" in row else kind.is_enabled(options)
            definition.priority = row.get("Priority") or 25
            definition.tags = ids.tag_list(row.get("Tags"))
            await session.flush()
            if implementation.implementation.lower() != implementation_name.lower():
                report.mapped.append(
                    f"{kind.label.lower()} {name!r}: {implementation_name} → {implementation.implementation}"
                )
            if masked:
                report.needs_human.append(
                    f"{kind.label.lower()} {name!r}: Radarr's API hides {', '.join(masked)}; re-enter them"
                )
            host = str(definition.settings.get("host") or "").lower()
            if table == "DownloadClients" and host not in LOCAL_HOSTS and host not in mapped_hosts:
                report.needs_human.append(
                    f"download client {name!r} runs on {host}: if it sees downloads under other paths "
                    "than Reelarr, add a remote path mapping"
                )
            if table == "DownloadClients":
                ids.download_clients[row["Id"]] = definition.id
            elif table == "Indexers":
                ids.indexers[row["Id"]] = definition.id


async def _release_profiles(session: AsyncSession, data: RadarrData, ids: Ids, report: Report) -> None:
    known = {
        (row.name, tuple(row.required), tuple(row.ignored)): row
        for row in await session.scalars(select(ReleaseProfile))
    }
    for row in data.rows("ReleaseProfiles", "Restrictions"):
        required, ignored = mapping.terms(row.get("Required")), mapping.terms(row.get("Ignored"))
        if json_value(row.get("Preferred"), []):
            report.skipped.append(
                f"restriction {row['Id']}: preferred terms not imported; "
                "Radarr 5 turned them into custom formats"
            )
        if not required and not ignored:
            continue
        profile = known.get((row.get("Name"), tuple(required), tuple(ignored)))
        report.add("release profiles", new=profile is None)
        if profile is None:
            profile = ReleaseProfile(name=row.get("Name"), required=required, ignored=ignored)
            session.add(profile)
        profile.enabled = _flag(row, "Enabled", True)
        profile.indexer_id = ids.indexers.get(row.get("IndexerId") or 0, 0)
        profile.tags = ids.tag_list(row["Tags"])


async def _remote_path_mappings(session: AsyncSession, data: RadarrData, report: Report) -> None:
    known = {(row.host, row.remote_path) for row in await session.scalars(select(RemotePathMapping))}
    for row in data.rows("RemotePathMappings"):
        key = (row["Host"], row["RemotePath"])
        report.add("remote path mappings", new=key not in known)
        if key not in known:
            session.add(
                RemotePathMapping(
                    host=row["Host"], remote_path=row["RemotePath"], local_path=row["LocalPath"]
                )
            )
            known.add(key)


async def _settings(session: AsyncSession, data: RadarrData, report: Report) -> None:
    config = data.config()
    sections: list[type[BaseModel]] = [
        MediaManagementConfig,
        IndexerConfig,
        DownloadClientConfig,
        settings.UiSettings,
    ]
    for model in sections:
        section, taken = mapping.section_from_config(model, config)
        if taken:
            await settings.save(session, section)
            report.add("settings", new=False)
    for row in data.rows("NamingConfig")[:1]:
        naming = NamingConfig(
            rename_movies=bool(row["RenameMovies"]),
            replace_illegal_characters=bool(row["ReplaceIllegalCharacters"]),
            colon_replacement_format=mapping.COLON_REPLACEMENT.get(row["ColonReplacementFormat"], "smart"),
            standard_movie_format=row["StandardMovieFormat"] or NamingConfig().standard_movie_format,
            movie_folder_format=row["MovieFolderFormat"] or NamingConfig().movie_folder_format,
        )
        await settings.save(session, naming)
        report.add("settings", new=False)


async def _collections(session: AsyncSession, data: RadarrData, ids: Ids, report: Report) -> None:
    known = {row.tmdb_id: row for row in await session.scalars(select(Collection))}
    for row in data.rows("Collections"):
        collection = known.get(row["TmdbId"])
        report.add("collections", new=collection is None)
        if collection is None:
            collection = Collection(tmdb_id=row["TmdbId"])
            session.add(collection)
            known[row["TmdbId"]] = collection
        collection.title = row["Title"]
        collection.clean_title = row["CleanTitle"] or clean_title(row["Title"])
        collection.sort_title = row.get("SortTitle") or sort_title(row["Title"])
        collection.overview = row.get("Overview") or ""
        collection.images = json_value(row["Images"], [])
        collection.monitored = bool(row["Monitored"])
        collection.quality_profile_id = ids.profiles.get(row["QualityProfileId"])
        collection.root_folder_path = row["RootFolderPath"]
        collection.minimum_availability = mapping.MOVIE_STATUS.get(row["MinimumAvailability"], "released")
        collection.search_on_add = bool(row["SearchOnAdd"])
        collection.tags = ids.tag_list(row.get("Tags"))
        collection.added = mapping.date(row.get("Added")) or dt.datetime.now(dt.UTC)
        collection.last_info_sync = mapping.date(row.get("LastInfoSync"))


def _metadata_values(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "tmdb_id": row["TmdbId"],
        "imdb_id": row.get("ImdbId") or None,
        "title": row["Title"],
        "clean_title": row.get("CleanTitle") or clean_title(row["Title"]),
        "sort_title": row.get("SortTitle") or sort_title(row["Title"]),
        "original_title": row.get("OriginalTitle") or "",
        "original_language": row.get("OriginalLanguage") or 1,
        "year": row.get("Year") or 0,
        "secondary_year": row.get("SecondaryYear"),
        "status": mapping.MOVIE_STATUS.get(row["Status"], "tba"),
        "overview": row.get("Overview") or "",
        "in_cinemas": mapping.date(row.get("InCinemas")),
        "physical_release": mapping.date(row.get("PhysicalRelease")),
        "digital_release": mapping.date(row.get("DigitalRelease")),
        "runtime": row.get("Runtime") or 0,
        "certification": row.get("Certification"),
        "website": row.get("Website"),
        "youtube_trailer_id": row.get("YouTubeTrailerId"),
        "studio": row.get("Studio"),
        "genres": json_value(row.get("Genres"), []),
        "keywords": json_value(row.get("Keywords"), []),
        "ratings": mapping.ratings(json_value(row.get("Ratings"), {})),
        "images": json_value(row.get("Images"), []),
        "popularity": float(row.get("Popularity") or 0.0),
        "collection_tmdb_id": row.get("CollectionTmdbId"),
        "collection_title": row.get("CollectionTitle"),
        "recommendations": json_value(row.get("Recommendations"), []),
        "last_info_sync": mapping.date(row.get("LastInfoSync")),
    }


def _movie_values(row: dict[str, Any], ids: Ids) -> dict[str, Any]:
    return {
        "path": row["Path"],
        "monitored": bool(row["Monitored"]),
        "minimum_availability": mapping.MOVIE_STATUS.get(row["MinimumAvailability"], "released"),
        "tags": ids.tag_list(row.get("Tags")),
        "added": mapping.date(row.get("Added")) or dt.datetime.now(dt.UTC),
        "last_search_time": mapping.date(row.get("LastSearchTime")),
    }


def _file_values(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "relative_path": row.get("RelativePath") or "",
        "original_file_path": row.get("OriginalFilePath"),
        "size": row["Size"],
        "date_added": mapping.date(row["DateAdded"]) or dt.datetime.now(dt.UTC),
        "scene_name": row.get("SceneName"),
        "release_group": row.get("ReleaseGroup"),
        "edition": row.get("Edition"),
        "quality": mapping.quality(json_value(row["Quality"], {})) or mapping.quality({"quality": 0}) or {},
        "languages": mapping.languages(json_value(row["Languages"], [])),
        "media_info": mapping.media_info(json_value(row.get("MediaInfo"), None), row.get("SceneName") or ""),
        "indexer_flags": row.get("IndexerFlags") or 0,
    }


def _update(row: Any, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(row, name, value)


BATCH = 500


async def _insert_many(session: AsyncSession, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """Plain multi-row inserts: the ORM would insert row by row on SQLite to learn each new id,
    which makes a 20,000-movie library take minutes instead of seconds."""
    for start in range(0, len(rows), BATCH):
        await session.execute(insert(model), rows[start : start + BATCH])


async def _movies(session: AsyncSession, data: RadarrData, ids: Ids, report: Report) -> None:
    """Movies with their metadata, alternative titles, default version and file.

    New rows go in with plain multi-row inserts and their ids are read back by natural key
    (TMDB id, then metadata id, then movie id); rows a previous run wrote are updated in place.
    """
    radarr_metadata = {row["Id"]: row for row in data.rows("MovieMetadata")}
    files_by_id = {row["Id"]: row for row in data.rows("MovieFiles")}
    titles: dict[int, list[dict[str, Any]]] = {}
    for row in data.rows("AlternativeTitles"):
        titles.setdefault(row["MovieMetadataId"], []).append(row)
    default_profile: int = next(iter(ids.profiles.values()), 0) or (
        await session.scalar(select(func.min(QualityProfile.id))) or 0
    )

    known_metadata = {row.tmdb_id: row for row in await session.scalars(select(MovieMetadata))}
    metadata_ids = {tmdb_id: row.id for tmdb_id, row in known_metadata.items()}
    paths = dict((await session.execute(select(Movie.path, Movie.movie_metadata_id))).tuples().all())
    chosen: list[tuple[dict[str, Any], dict[str, Any]]] = []
    seen_paths: set[str] = set()
    new_metadata = []
    for row in data.rows("Movies"):
        meta_row = radarr_metadata.get(row["MovieMetadataId"])
        if meta_row is None:
            report.skipped.append(
                f"movie {row['Id']} at {row['Path']}: its metadata row is missing in Radarr"
            )
            continue
        owner = paths.get(row["Path"])
        if (owner is not None and owner != metadata_ids.get(meta_row["TmdbId"])) or row["Path"] in seen_paths:
            report.skipped.append(
                f"movie {meta_row['Title']!r}: {row['Path']} already belongs to another movie"
            )
            continue
        seen_paths.add(row["Path"])
        values = _metadata_values(meta_row)
        existing = known_metadata.get(meta_row["TmdbId"])
        if existing is None:
            new_metadata.append(values)
        else:
            _update(existing, values)
        chosen.append((row, meta_row))
    await _insert_many(session, MovieMetadata, new_metadata)
    await session.flush()
    metadata_ids = dict(
        (await session.execute(select(MovieMetadata.tmdb_id, MovieMetadata.id))).tuples().all()
    )

    known_movies = {row.movie_metadata_id: row for row in await session.scalars(select(Movie))}
    new_movies = []
    for row, meta_row in chosen:
        values = _movie_values(row, ids)
        existing_movie = known_movies.get(metadata_ids[meta_row["TmdbId"]])
        report.add("movies", new=existing_movie is None)
        if existing_movie is None:
            new_movies.append({**values, "movie_metadata_id": metadata_ids[meta_row["TmdbId"]]})
        else:
            _update(existing_movie, values)
    await _insert_many(session, Movie, new_movies)
    await session.flush()
    movie_ids = dict((await session.execute(select(Movie.movie_metadata_id, Movie.id))).tuples().all())

    await session.execute(
        delete(AlternativeTitle).where(
            AlternativeTitle.movie_metadata_id.in_([metadata_ids[m["TmdbId"]] for _, m in chosen])
        )
    )
    await _insert_many(
        session,
        AlternativeTitle,
        [
            {
                "movie_metadata_id": metadata_ids[meta_row["TmdbId"]],
                "title": title["Title"],
                "clean_title": title["CleanTitle"] or clean_title(title["Title"]),
                "source_type": mapping.TITLE_SOURCE.get(title["SourceType"], "tmdb"),
            }
            for _, meta_row in chosen
            for title in titles.get(meta_row["Id"], [])
        ],
    )

    versions = {
        row.movie_id: row
        for row in await session.scalars(select(MovieVersion).where(MovieVersion.is_default))
    }
    new_versions = []
    for row, meta_row in chosen:
        movie_id = movie_ids[metadata_ids[meta_row["TmdbId"]]]
        ids.movies[row["Id"]] = movie_id
        radarr_profile = int(row.get("QualityProfileId", row.get("ProfileId")) or 0)
        profile_id = ids.profiles.get(radarr_profile, default_profile)
        if movie_id in versions:
            versions[movie_id].quality_profile_id = profile_id
        else:
            new_versions.append(
                {"movie_id": movie_id, "is_default": True, "name": "", "quality_profile_id": profile_id}
            )
    await _insert_many(session, MovieVersion, new_versions)
    await session.flush()
    version_ids = dict(
        (await session.execute(select(MovieVersion.movie_id, MovieVersion.id).where(MovieVersion.is_default)))
        .tuples()
        .all()
    )

    files = {row.version_id: row for row in await session.scalars(select(MovieFile))}
    new_files = []
    for row, _ in chosen:
        file_row = files_by_id.get(row["MovieFileId"])
        if file_row is None:
            continue
        movie_id = ids.movies[row["Id"]]
        values = _file_values(file_row)
        existing_file = files.get(version_ids[movie_id])
        report.add("movie files", new=existing_file is None)
        if existing_file is None:
            new_files.append({**values, "movie_id": movie_id, "version_id": version_ids[movie_id]})
        else:
            _update(existing_file, values)
    await _insert_many(session, MovieFile, new_files)
    await session.flush()


async def _exclusions(session: AsyncSession, data: RadarrData, report: Report) -> None:
    known = {row.tmdb_id: row for row in await session.scalars(select(ImportExclusion))}
    for row in data.rows("ImportExclusions"):
        exclusion = known.get(row["TmdbId"])
        report.add("import list exclusions", new=exclusion is None)
        if exclusion is None:
            exclusion = ImportExclusion(tmdb_id=row["TmdbId"])
            session.add(exclusion)
            known[row["TmdbId"]] = exclusion
        exclusion.movie_title = row.get("MovieTitle") or ""
        exclusion.movie_year = row.get("MovieYear") or 0


async def _history(session: AsyncSession, data: RadarrData, ids: Ids, report: Report, after: int) -> int:
    newest = after
    orphans = 0
    new_rows = []
    for row in data.rows("History"):
        newest = max(newest, row["Id"])
        if row["Id"] <= after:
            continue
        movie_id = ids.movies.get(row["MovieId"])
        if movie_id is None:
            orphans += 1
            continue
        values = json_value(row.get("Data"), {}) or {}
        if str(values.get("indexerId") or "").isdigit():
            # A grab names its indexer by id: Reelarr's, so a download still running finds its settings.
            values["indexerId"] = str(ids.indexers.get(int(values["indexerId"]), 0))
        try:
            score = int(values.get("customFormatScore") or 0)
        except ValueError:
            score = 0
        new_rows.append(
            {
                "movie_id": movie_id,
                "event_type": mapping.HISTORY_EVENT.get(row.get("EventType") or 0, "unknown"),
                "source_title": row["SourceTitle"],
                "quality": mapping.quality(json_value(row["Quality"], {})) or {},
                "languages": mapping.languages(json_value(row["Languages"], [])),
                "custom_format_score": score,
                "date": mapping.date(row["Date"]) or dt.datetime.now(dt.UTC),
                "download_id": row.get("DownloadId"),
                "data": {**values, "radarrHistoryId": row["Id"]},
            }
        )
        report.add("history", new=True)
    await _insert_many(session, HistoryRecord, new_rows)
    if orphans:
        report.skipped.append(f"history: {orphans} records of movies no longer in Radarr's library")
    return newest


async def _blocklist(session: AsyncSession, data: RadarrData, ids: Ids, report: Report, after: int) -> int:
    newest = after
    new_rows = []
    for row in data.rows("Blocklist"):
        newest = max(newest, row["Id"])
        movie_id = ids.movies.get(row.get("MovieId") or 0)
        if row["Id"] <= after or movie_id is None:
            continue
        new_rows.append(
            {
                "movie_id": movie_id,
                "source_title": row["SourceTitle"],
                "quality": mapping.quality(json_value(row["Quality"], {})) or {},
                "languages": mapping.languages(json_value(row["Languages"], [])),
                "date": mapping.date(row["Date"]) or dt.datetime.now(dt.UTC),
                "published_date": mapping.date(row.get("PublishedDate")),
                "size": row.get("Size"),
                "protocol": mapping.PROTOCOL.get(row.get("Protocol") or 0, "unknown"),
                "indexer": row.get("Indexer"),
                "indexer_flags": row.get("IndexerFlags") or 0,
                "message": row.get("Message"),
                "torrent_info_hash": row.get("TorrentInfoHash"),
            }
        )
        report.add("blocklist", new=True)
    await _insert_many(session, BlocklistRecord, new_rows)
    return newest


async def _user(session: AsyncSession, data: RadarrData, report: Report) -> None:
    for row in data.rows("Users"):
        if not row.get("Salt") or not row.get("Iterations"):
            report.needs_human.append(
                f"user {row['Username']!r}: Radarr kept an old unsalted hash, which Reelarr does not "
                "accept; set a new password on first login"
            )
            continue
        stored = passwords.stored_form(row["Password"], row["Salt"], row["Iterations"])
        user = await session.scalar(select(User).where(User.username == row["Username"]))
        report.add("users", new=user is None)
        if user is None:
            user = User(identifier=row["Identifier"], username=row["Username"])
            session.add(user)
        user.password_hash = stored
        report.mapped.append(f"user {row['Username']!r}: your Radarr password works")
