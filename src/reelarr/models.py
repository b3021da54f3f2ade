"""The tables, by section. Relationships are loaded explicitly (``lazy="raise"``).

A movie's wanted copy hangs off a *version*: every movie has one default version holding its
quality profile and (at most) one file, and may have more (a 2160p and a 1080p copy), each with
its own profile, monitored flag, folder and file. API v3 shows the default version as Radarr's
single profile/file; ``/api/v3/movieversion`` and the ``/version/{name}/`` view show the others.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reelarr.db import Base, JSONDocument, UTCDateTime, utcnow

# ---------------------------------------------------------------- library


class MovieMetadata(Base):
    """What TMDB says about a movie; shared by the library, collections and import lists."""

    __tablename__ = "movie_metadata"

    id: Mapped[int] = mapped_column(primary_key=True)
    tmdb_id: Mapped[int] = mapped_column(Integer, unique=True)
    imdb_id: Mapped[str | None] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(Text)
    clean_title: Mapped[str] = mapped_column(Text, default="", index=True)
    sort_title: Mapped[str] = mapped_column(Text, default="")
    original_title: Mapped[str] = mapped_column(Text, default="")
    original_language: Mapped[int] = mapped_column(Integer, default=1)
    year: Mapped[int] = mapped_column(Integer, default=0)
    secondary_year: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="tba")
    overview: Mapped[str] = mapped_column(Text, default="")
    in_cinemas: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    physical_release: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    digital_release: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    physical_release_note: Mapped[str | None] = mapped_column(Text)
    runtime: Mapped[int] = mapped_column(Integer, default=0)
    certification: Mapped[str | None] = mapped_column(String(20))
    website: Mapped[str | None] = mapped_column(Text)
    youtube_trailer_id: Mapped[str | None] = mapped_column(String(40))
    studio: Mapped[str | None] = mapped_column(Text)
    genres: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    keywords: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    ratings: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    images: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument, default=list)
    popularity: Mapped[float] = mapped_column(Float, default=0.0)
    collection_tmdb_id: Mapped[int | None] = mapped_column(Integer, index=True)
    collection_title: Mapped[str | None] = mapped_column(Text)
    recommendations: Mapped[list[int]] = mapped_column(JSONDocument, default=list)
    last_info_sync: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    alternative_titles: Mapped[list[AlternativeTitle]] = relationship(
        back_populates="metadata_", lazy="raise", cascade="all, delete-orphan"
    )


class AlternativeTitle(Base):
    __tablename__ = "alternative_titles"

    id: Mapped[int] = mapped_column(primary_key=True)
    movie_metadata_id: Mapped[int] = mapped_column(
        ForeignKey("movie_metadata.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(Text)
    clean_title: Mapped[str] = mapped_column(Text, index=True)
    source_type: Mapped[str] = mapped_column(String(20), default="tmdb")

    metadata_: Mapped[MovieMetadata] = relationship(back_populates="alternative_titles", lazy="raise")


class Credit(Base):
    __tablename__ = "credits"

    id: Mapped[int] = mapped_column(primary_key=True)
    movie_metadata_id: Mapped[int] = mapped_column(
        ForeignKey("movie_metadata.id", ondelete="CASCADE"), index=True
    )
    credit_tmdb_id: Mapped[str] = mapped_column(String(40))
    person_tmdb_id: Mapped[int] = mapped_column(Integer)
    person_name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(10))  # cast or crew
    character: Mapped[str | None] = mapped_column(Text)
    department: Mapped[str | None] = mapped_column(Text)
    job: Mapped[str | None] = mapped_column(Text)
    order: Mapped[int] = mapped_column(Integer, default=0)
    images: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument, default=list)


class Collection(Base):
    __tablename__ = "collections"

    id: Mapped[int] = mapped_column(primary_key=True)
    tmdb_id: Mapped[int] = mapped_column(Integer, unique=True)
    title: Mapped[str] = mapped_column(Text)
    clean_title: Mapped[str] = mapped_column(Text, default="")
    sort_title: Mapped[str] = mapped_column(Text, default="")
    overview: Mapped[str] = mapped_column(Text, default="")
    images: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument, default=list)
    monitored: Mapped[bool] = mapped_column(Boolean, default=False)
    quality_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("quality_profiles.id", ondelete="SET NULL")
    )
    root_folder_path: Mapped[str | None] = mapped_column(Text)
    minimum_availability: Mapped[str] = mapped_column(String(20), default="released")
    search_on_add: Mapped[bool] = mapped_column(Boolean, default=False)
    tags: Mapped[list[int]] = mapped_column(JSONDocument, default=list)
    added: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_info_sync: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Movie(Base):
    """A movie in the library: where it lives and whether it is wanted."""

    __tablename__ = "movies"

    id: Mapped[int] = mapped_column(primary_key=True)
    movie_metadata_id: Mapped[int] = mapped_column(
        ForeignKey("movie_metadata.id", ondelete="RESTRICT"), unique=True
    )
    path: Mapped[str] = mapped_column(Text, unique=True)
    monitored: Mapped[bool] = mapped_column(Boolean, default=True)
    minimum_availability: Mapped[str] = mapped_column(String(20), default="released")
    tags: Mapped[list[int]] = mapped_column(JSONDocument, default=list)
    add_options: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    added: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_search_time: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    metadata_: Mapped[MovieMetadata] = relationship(lazy="raise")
    versions: Mapped[list[MovieVersion]] = relationship(
        back_populates="movie", lazy="raise", cascade="all, delete-orphan", order_by="MovieVersion.id"
    )


class MovieChange(Base):
    """A movie whose resource changed since the served movie list last looked: written by database
    triggers on every table the resource shows (migration 0004), consumed by ``api.movie_list``."""

    __tablename__ = "movie_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    movie_id: Mapped[int] = mapped_column(Integer)


class MovieVersion(Base):
    """One wanted copy of a movie: its quality profile and its file. Every movie has a default one."""

    __tablename__ = "movie_versions"
    __table_args__ = (
        # At most one default version per movie (partial index on both databases).
        Index(
            "uq_movie_versions_default",
            "movie_id",
            unique=True,
            sqlite_where=text("is_default"),
            postgresql_where=text("is_default"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    movie_id: Mapped[int] = mapped_column(ForeignKey("movies.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text, default="")
    is_default: Mapped[bool] = mapped_column(Boolean, default=True)
    quality_profile_id: Mapped[int] = mapped_column(
        ForeignKey("quality_profiles.id", ondelete="RESTRICT"), index=True
    )
    monitored: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # A folder of its own (under any root folder); None keeps the file in the movie's folder.
    # The default version always lives in the movie's folder.
    path: Mapped[str | None] = mapped_column(Text)

    movie: Mapped[Movie] = relationship(back_populates="versions", lazy="raise")
    file: Mapped[MovieFile | None] = relationship(back_populates="version", lazy="raise", uselist=False)


class MovieFile(Base):
    __tablename__ = "movie_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    movie_id: Mapped[int] = mapped_column(ForeignKey("movies.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("movie_versions.id", ondelete="SET NULL"), unique=True
    )
    relative_path: Mapped[str] = mapped_column(Text)
    original_file_path: Mapped[str | None] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    date_added: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    scene_name: Mapped[str | None] = mapped_column(Text)
    release_group: Mapped[str | None] = mapped_column(Text)
    edition: Mapped[str | None] = mapped_column(Text)
    quality: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    languages: Mapped[list[int]] = mapped_column(JSONDocument, default=list)
    media_info: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    indexer_flags: Mapped[int] = mapped_column(Integer, default=0)
    custom_format_score: Mapped[int] = mapped_column(Integer, default=0)

    version: Mapped[MovieVersion | None] = relationship(back_populates="file", lazy="raise")


class RootFolder(Base):
    __tablename__ = "root_folders"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(Text, unique=True)


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(100), unique=True)


class AutoTag(Base):
    """An automatic tagging rule: the tags a movie gets while its specifications match."""

    __tablename__ = "auto_tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    remove_tags_automatically: Mapped[bool] = mapped_column(Boolean, default=False)
    tags: Mapped[list[int]] = mapped_column(JSONDocument, default=list)
    # Radarr's specification JSON: implementation, name, negate, required and the fields' values.
    specifications: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument, default=list)


class ImportExclusion(Base):
    __tablename__ = "import_exclusions"

    id: Mapped[int] = mapped_column(primary_key=True)
    tmdb_id: Mapped[int] = mapped_column(Integer, unique=True)
    movie_title: Mapped[str] = mapped_column(Text, default="")
    movie_year: Mapped[int] = mapped_column(Integer, default=0)


# ---------------------------------------------------------------- profiles and formats


class QualityDefinition(Base):
    __tablename__ = "quality_definitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    quality_id: Mapped[int] = mapped_column(Integer, unique=True)
    title: Mapped[str] = mapped_column(Text)
    weight: Mapped[int] = mapped_column(Integer)
    min_size: Mapped[float | None] = mapped_column(Float)
    max_size: Mapped[float | None] = mapped_column(Float)
    preferred_size: Mapped[float | None] = mapped_column(Float)


class QualityProfile(Base):
    __tablename__ = "quality_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    upgrade_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    cutoff: Mapped[int] = mapped_column(Integer)
    # Ordered items as Radarr stores them: {"quality": id, "allowed": bool} or a group
    # {"id": 1000+, "name": str, "allowed": bool, "items": [...]}.
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument)
    min_format_score: Mapped[int] = mapped_column(Integer, default=0)
    cutoff_format_score: Mapped[int] = mapped_column(Integer, default=0)
    min_upgrade_format_score: Mapped[int] = mapped_column(Integer, default=1)
    format_items: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument, default=list)
    language_id: Mapped[int] = mapped_column(Integer, default=1)


class CustomFormat(Base):
    __tablename__ = "custom_formats"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    include_when_renaming: Mapped[bool] = mapped_column(Boolean, default=False)
    # Radarr's specification JSON: implementation, name, negate, required and the fields' values.
    specifications: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument, default=list)


class DelayProfile(Base):
    __tablename__ = "delay_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    enable_usenet: Mapped[bool] = mapped_column(Boolean, default=True)
    enable_torrent: Mapped[bool] = mapped_column(Boolean, default=True)
    preferred_protocol: Mapped[str] = mapped_column(String(10), default="usenet")
    usenet_delay: Mapped[int] = mapped_column(Integer, default=0)
    torrent_delay: Mapped[int] = mapped_column(Integer, default=0)
    bypass_if_highest_quality: Mapped[bool] = mapped_column(Boolean, default=False)
    bypass_if_above_custom_format_score: Mapped[bool] = mapped_column(Boolean, default=False)
    minimum_custom_format_score: Mapped[int] = mapped_column(Integer, default=0)
    order: Mapped[int] = mapped_column(Integer, default=2147483647)
    tags: Mapped[list[int]] = mapped_column(JSONDocument, default=list)


class ReleaseProfile(Base):
    __tablename__ = "release_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    required: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    ignored: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    indexer_id: Mapped[int] = mapped_column(Integer, default=0)
    tags: Mapped[list[int]] = mapped_column(JSONDocument, default=list)


# ---------------------------------------------------------------- providers and their status


class ProviderDefinition(Base):
    """An indexer, download client, notification or import list the user configured."""

    __tablename__ = "provider_definitions"
    __table_args__ = (UniqueConstraint("kind", "name", name="uq_provider_definitions_kind_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(Text)
    implementation: Mapped[str] = mapped_column(String(60))
    config_contract: Mapped[str] = mapped_column(String(80), default="")
    settings: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    # The kind's own switches: enableRss/enableAutomaticSearch for indexers, onGrab for
    # notifications, removeCompletedDownloads for download clients, and so on.
    options: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    enable: Mapped[bool] = mapped_column(Boolean, default=True)
    priority: Mapped[int] = mapped_column(Integer, default=25)
    tags: Mapped[list[int]] = mapped_column(JSONDocument, default=list)


class ProviderStatus(Base):
    """Failure back-off for one provider."""

    __tablename__ = "provider_status"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(
        ForeignKey("provider_definitions.id", ondelete="CASCADE"), unique=True
    )
    initial_failure: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    most_recent_failure: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    disabled_till: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    data: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)


class RemotePathMapping(Base):
    __tablename__ = "remote_path_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str] = mapped_column(Text)
    remote_path: Mapped[str] = mapped_column(Text)
    local_path: Mapped[str] = mapped_column(Text)


# ---------------------------------------------------------------- commands and scheduled tasks


class CommandRecord(Base):
    __tablename__ = "commands"
    __table_args__ = (Index("ix_commands_status_name", "status", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    body: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    status: Mapped[str] = mapped_column(String(20), default="queued")
    result: Mapped[str] = mapped_column(String(20), default="unknown")
    trigger: Mapped[str] = mapped_column(String(20), default="manual")
    message: Mapped[str | None] = mapped_column(Text)
    exception: Mapped[str | None] = mapped_column(Text)
    client_user_agent: Mapped[str | None] = mapped_column(Text)
    queued: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    started: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ended: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class ScheduledTask(Base):
    __tablename__ = "scheduled_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    interval_minutes: Mapped[int] = mapped_column(Integer)
    last_execution: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_start_time: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


# ---------------------------------------------------------------- history and blocklist


class HistoryRecord(Base):
    __tablename__ = "history"
    __table_args__ = (Index("ix_history_movie_id_date", "movie_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    movie_id: Mapped[int] = mapped_column(Integer)  # kept after the movie is deleted
    event_type: Mapped[str] = mapped_column(String(40), index=True)
    source_title: Mapped[str] = mapped_column(Text, default="")
    quality: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    languages: Mapped[list[int]] = mapped_column(JSONDocument, default=list)
    custom_formats: Mapped[list[int]] = mapped_column(JSONDocument, default=list)
    custom_format_score: Mapped[int] = mapped_column(Integer, default=0)
    date: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    download_id: Mapped[str | None] = mapped_column(String(200), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)


class BlocklistRecord(Base):
    __tablename__ = "blocklist"

    id: Mapped[int] = mapped_column(primary_key=True)
    movie_id: Mapped[int] = mapped_column(Integer, index=True)
    # The version the release was grabbed for; None: the default version.
    movie_version_id: Mapped[int | None] = mapped_column(Integer)
    source_title: Mapped[str] = mapped_column(Text)
    quality: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    languages: Mapped[list[int]] = mapped_column(JSONDocument, default=list)
    custom_formats: Mapped[list[int]] = mapped_column(JSONDocument, default=list)
    date: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_date: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    size: Mapped[int | None] = mapped_column(BigInteger)
    protocol: Mapped[str] = mapped_column(String(10), default="unknown")
    indexer: Mapped[str | None] = mapped_column(Text)
    indexer_flags: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)
    torrent_info_hash: Mapped[str | None] = mapped_column(String(64), index=True)


class PendingRelease(Base):
    """A release waiting out a delay profile (or a temporary rejection) before it is grabbed."""

    __tablename__ = "pending_releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    movie_id: Mapped[int] = mapped_column(ForeignKey("movies.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    added: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    release: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    reason: Mapped[str] = mapped_column(String(20), default="delay")


# ---------------------------------------------------------------- settings and users


class SettingsSection(Base):
    """Run-time settings, one typed section (naming, media management, ui...) per row."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSONDocument)


class CustomFilter(Base):
    """A filter a user saved in a list view (Radarr's UI and ours), kept as the client sent it."""

    __tablename__ = "custom_filters"

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(Text, default="")
    label: Mapped[str] = mapped_column(Text, default="")
    filters: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument, default=list)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    identifier: Mapped[str] = mapped_column(String(40), unique=True)
    username: Mapped[str] = mapped_column(Text, unique=True)
    password_hash: Mapped[str] = mapped_column(Text)


class UiSession(Base):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a
    copy of the database signs nobody in. Deleting the row signs the browser out."""

    __tablename__ = "ui_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
