"""The import: from a finished download (or any folder) to a named file in the library.

One :class:`ImportTask` per video file goes through the stages in :func:`plan_imports`:
find the video files, parse file and folder names, read media info, decide the quality, match
the movie, score its custom formats, run the import checks (samples, upgrades, free space).
Accepted tasks are then imported one by one by :func:`import_file`: transfer (crash-safe, see
:mod:`reelarr.files`), record the movie file and history, replace the old file, bring the extras along.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import languages, mediainfo, metadata_files, paths, qualities, versions
from reelarr import settings as settings_store
from reelarr.commands import CommandFailed, CommandRun
from reelarr.context import Context
from reelarr.custom_formats import Format, FormatFacts, compile_format, matching_formats, score
from reelarr.errors import NotFound, ValidationFailed
from reelarr.events import FileRename, MovieFileDeleted, MovieImported, MovieRenamed, MovieUpdated
from reelarr.files import (
    JournalEntry,
    MediaManagementConfig,
    TransferFailed,
    TransferJournal,
    TransferKind,
    TransferMode,
    TransferOutcome,
    apply_permissions,
    disk_usage,
    move_folder,
    place_file,
    prune_empty_folders,
)
from reelarr.health import HealthIssue
from reelarr.library import ALL_VERSIONS, MovieRecord, load_movies
from reelarr.mediainfo import VIDEO_EXTENSIONS, Probe
from reelarr.models import CustomFormat, HistoryRecord, Movie, MovieFile, QualityProfile
from reelarr.naming import FileNamingFacts, MovieNamingFacts, NamedFormat, NamingConfig, movie_file_name
from reelarr.parser import (
    ParsedMovie,
    ParsedQuality,
    clean_title,
    parse_path,
    parse_subtitle_info,
    parse_title,
    parse_title_lenient,
)
from reelarr.parser.model import Detection
from reelarr.profiles import Copy, Profile, Propers, upgrade_refusal
from reelarr.qualities import Quality, Revision
from reelarr.versions import version_of

log = logging.getLogger(__name__)

IMPORTED_EVENT = "downloadFolderImported"
GRABBED_EVENT = "grabbed"
FILE_DELETED_EVENT = "movieFileDeleted"
RENAMED_EVENT = "movieFileRenamed"
SUBTITLE_EXTENSIONS = frozenset({".srt", ".ass", ".ssa", ".sub", ".idx", ".vtt", ".sup"})
# Radarr's lists of files no movie release needs: a download with one of them is suspect, and
# they are never brought along as extras, whatever the extra file extensions say.
EXECUTABLE_EXTENSIONS = frozenset({".bat", ".cmd", ".exe", ".sh"})
DANGEROUS_EXTENSIONS = frozenset({".arj", ".lnk", ".lzh", ".ps1", ".scr", ".vbs", ".zipx"})
# Radarr's sample limits: the shortest runtime a real file of a movie this long can have,
# as (longest movie runtime in minutes, shortest file runtime in seconds); longer movies 10 min.
SAMPLE_RUNTIME_LADDER = ((3, 15), (10, 90), (30, 300))
SAMPLE_RUNTIME_FLOOR_SECONDS = 600
# A movie without a known runtime is taken to be 45 minutes long, as Radarr does.
UNKNOWN_RUNTIME_MINUTES = 45
# When the file's runtime cannot be read, its size decides: under 70 MB (twice that from 1080p)
# is a sample.
SAMPLE_MAX_BYTES = 70 * 1024 * 1024
LARGE_SAMPLE_RESOLUTION = 1080
# Folders download clients unpack into; what is inside is still being written.
UNPACKING_PREFIXES = ("_UNPACK_", "_FAILED_")
# Bounds on a folder scan (manual import, a download, a rescan), which runs in a thread. A
# download or a movie folder is a few levels and a few hundred entries deep; a scan past these
# bounds was pointed at the wrong folder (``/``, a whole disk) and would hold a thread and the
# disk for minutes. It stops and says so instead.
SCAN_MAX_DEPTH = 6
SCAN_MAX_ENTRIES = 50_000
SCAN_MAX_SECONDS = 10.0
SCAN_TURN_SECONDS = 0.002
HARDLINK_WARNING_WINDOW = dt.timedelta(days=7)


# ---------------------------------------------------------------- the task


@dataclass(frozen=True)
class Rejection:
    reason: str
    type: str = "permanent"  # or "temporary": worth trying again later


@dataclass
class ImportTask:
    """One video file on its way into the library, and what was learnt about it."""

    path: Path
    folder: Path  # the download (or manual import) folder it was found in
    size: int = 0
    parsed: ParsedMovie | None = None
    parsed_folder: ParsedMovie | None = None
    probe: Probe | None = None
    quality: ParsedQuality = field(default_factory=ParsedQuality)
    movie: MovieRecord | None = None
    formats: list[Format] = field(default_factory=list)
    format_score: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    # What a user chose in manual import, over what the names say.
    chosen_release_group: str | None = None
    chosen_languages: list[int] | None = None

    @property
    def accepted(self) -> bool:
        return not self.rejections

    @property
    def release_group(self) -> str | None:
        if self.chosen_release_group is not None:
            return self.chosen_release_group or None
        return _first(p.release_group for p in (self.parsed, self.parsed_folder) if p)

    @property
    def edition(self) -> str | None:
        return _first(p.edition for p in (self.parsed, self.parsed_folder) if p)

    @property
    def scene_name(self) -> str | None:
        """The release name: the download folder's when it is a scene name, else the file's."""
        for parsed in (self.parsed_folder, self.parsed):
            if parsed is not None and parsed.is_scene:
                return parsed.scene_title or parsed.release_title
        return None

    @property
    def language_ids(self) -> list[int]:
        if self.chosen_languages:
            return self.chosen_languages
        parsed = [lang.id for p in (self.parsed, self.parsed_folder) if p for lang in p.languages]
        known = [lid for lid in dict.fromkeys(parsed) if lid != languages.UNKNOWN.id]
        if known:
            return known
        heard = (
            [languages.find_iso_language(code) for code in self.probe.info.audio_languages]
            if self.probe
            else []
        )
        return list(dict.fromkeys(lang.id for lang in heard if lang)) or [languages.UNKNOWN.id]


@dataclass(frozen=True)
class ImportFacts:
    """What every stage may consult, fetched once before the stages run."""

    movies: list[MovieRecord]
    profiles: dict[int, Profile]
    media: MediaManagementConfig
    naming: NamingConfig
    formats: list[Format] = field(default_factory=list)
    grabbed: HistoryRecord | None = None
    imported_paths: frozenset[str] = frozenset()
    # How many versions share each version's folder: those name their files apart.
    folder_sharers: dict[int, int] = field(default_factory=dict)

    @property
    def propers(self) -> Propers:
        try:
            return Propers(self.media.download_propers_and_repacks)
        except ValueError:
            return Propers.PREFER_AND_UPGRADE


@dataclass(frozen=True)
class ImportedFile:
    movie_id: int
    movie_file_id: int
    path: Path
    outcome: TransferOutcome
    is_upgrade: bool


@dataclass
class ImportResult:
    imported: list[ImportedFile] = field(default_factory=list)
    tasks: list[ImportTask] = field(default_factory=list)
    unsafe: list[Path] = field(default_factory=list)  # executable or dangerous files in the download

    @property
    def rejected(self) -> list[ImportTask]:
        return [task for task in self.tasks if task.rejections]


# ---------------------------------------------------------------- entry points


async def import_download(
    ctx: Context,
    path: str | Path,
    movie_id: int | None = None,
    download_id: str | None = None,
    mode: TransferMode | None = None,
) -> ImportResult:
    """Import a completed download (a file or a folder) into the library.

    ``movie_id`` (from the tracked download) skips matching by name; ``download_id`` finds the
    grab in history, whose quality and protocol fill gaps; ``mode`` None chooses as Radarr
    does: hardlink (or copy) for torrents when enabled, move for Usenet and unknown downloads.
    """
    facts = await load_facts(ctx, download_id)
    scan = await plan_imports(Path(path), facts, movie_id)
    if scan.note:
        log.warning("import of %s: %s", path, scan.note)
    tasks = scan.tasks
    chosen_mode = mode or transfer_mode_for(facts)
    result = ImportResult(tasks=tasks, unsafe=scan.unsafe)
    for task in best_per_movie(tasks, facts):
        result.imported.append(await import_file(ctx, task, facts, chosen_mode, download_id))
    return result


async def plan_imports(path: Path, facts: ImportFacts, movie_id: int | None = None) -> VideoScan:
    """Every video file under ``path`` with what was learnt about it and why it may not import."""
    scan = await asyncio.to_thread(find_video_files, path)
    tasks = scan.tasks
    for task in tasks:
        parse_names(task)
    await read_media_info(tasks, facts.media)
    for task in tasks:
        decide_quality(task, facts.grabbed)
        match_movie(task, facts, movie_id)
        score_formats(task, facts)
        check_import(task, facts)
    return scan


# ---------------------------------------------------------------- stages


@dataclass
class VideoScan:
    """The video files a folder scan found, the unsafe files beside them, and why it stopped
    early when it did."""

    tasks: list[ImportTask]
    note: str | None = None
    unsafe: list[Path] = field(default_factory=list)


def find_video_files(
    path: Path,
    *,
    max_depth: int = SCAN_MAX_DEPTH,
    max_entries: int = SCAN_MAX_ENTRIES,
    max_seconds: float = SCAN_MAX_SECONDS,
) -> VideoScan:
    """Video files in a download: the file itself, or every one in the folder and its
    sub-folders, within the scan bounds (blocking: call it in a thread)."""
    if path.is_file():
        if _is_video(path):
            return VideoScan([ImportTask(path, path.parent, path.stat().st_size)])
        return VideoScan([], unsafe=[path] if is_unsafe(path) else [])
    found: list[ImportTask] = []
    unsafe: list[Path] = []
    entries, too_deep = 0, False
    deadline = time.monotonic() + max_seconds
    turn = time.monotonic()
    for folder, subfolders, names in os.walk(path):
        if time.monotonic() - turn > SCAN_TURN_SECONDS:
            # Let the event loop's thread have the GIL now and then: without a pause, a thread
            # this busy keeps it for Python's whole switch interval at every request's step.
            time.sleep(SCAN_TURN_SECONDS / 2)
            turn = time.monotonic()
        if len(Path(folder).relative_to(path).parts) >= max_depth:
            too_deep = too_deep or bool(subfolders)
            subfolders[:] = []
        subfolders[:] = sorted(s for s in subfolders if not s.startswith("."))
        entries += len(subfolders) + len(names)
        for name in sorted(names):
            file = Path(folder) / name
            if is_unsafe(file):
                unsafe.append(file)
            elif _is_video(file) and not name.startswith("."):
                try:
                    found.append(ImportTask(file, path, file.stat().st_size))
                except OSError:
                    continue  # gone or unreadable since it was listed
        if entries > max_entries:
            stop = f"Stopped after {max_entries} files and folders: choose a smaller folder"
            return VideoScan(found, stop, unsafe)
        if time.monotonic() > deadline:
            return VideoScan(found, f"Stopped after {max_seconds:g} seconds: choose a smaller folder", unsafe)
    note = f"Folders more than {max_depth} levels down were not looked at" if too_deep else None
    return VideoScan(found, note, unsafe)


def parse_names(task: ImportTask) -> None:
    task.parsed = parse_path(str(task.path))
    task.parsed_folder = parse_title(task.path.parent.name, is_dir=True)


async def read_media_info(tasks: list[ImportTask], media: MediaManagementConfig) -> None:
    if not media.enable_media_info:
        return
    probes = await asyncio.gather(*(mediainfo.probe(task.path) for task in tasks))
    for task, found in zip(tasks, probes, strict=True):
        task.probe = found


def is_sample(task: ImportTask, movie_runtime_minutes: int) -> bool:
    """A sample by name (``sample`` as a word in the file or its folder), by runtime, or by size.

    By runtime, with Radarr's limits (:func:`minimum_runtime_seconds`): a 2-hour movie's
    sample is anything under 10 minutes, a 3-minute short's under 15 seconds. When the runtime
    cannot be read (no media info), a file under 70 MB (140 MB from 1080p) is a sample.
    Flash video is only ever a sample, as Radarr judges it.
    """
    words = f"{task.path.stem} {task.path.parent.name}".lower().replace(".", " ").replace("-", " ").split()
    if "sample" in words or task.path.suffix.lower() == ".flv":
        return True
    runtime = task.probe.info.runtime_seconds if task.probe else 0
    if runtime:
        return runtime < minimum_runtime_seconds(movie_runtime_minutes or UNKNOWN_RUNTIME_MINUTES)
    large = task.quality.quality.resolution >= LARGE_SAMPLE_RESOLUTION
    return task.size < SAMPLE_MAX_BYTES * (2 if large else 1)


def minimum_runtime_seconds(movie_runtime_minutes: int) -> int:
    """The shortest a file of a movie this long may run before it counts as a sample."""
    for longest_movie, shortest_file in SAMPLE_RUNTIME_LADDER:
        if movie_runtime_minutes <= longest_movie:
            return shortest_file
    return SAMPLE_RUNTIME_FLOOR_SECONDS


def decide_quality(task: ImportTask, grabbed: HistoryRecord | None) -> None:
    """The file's quality as Radarr augments it: the name, then the folder, the media info, the grab.

    Source and resolution each come from the most trustworthy place that states them; the
    grab's quality stands in when nothing names a source.
    """
    named = [p.quality for p in (task.parsed, task.parsed_folder) if p]
    grabbed_quality = stored_quality(grabbed.quality) if grabbed and grabbed.quality else None
    source = next((q.source for q in named if q.source_detection is not Detection.UNKNOWN), None)
    modifier = next((q.modifier for q in named if q.quality != qualities.UNKNOWN), qualities.Modifier.NONE)
    resolution = next((q.resolution for q in named if q.resolution_detection is not Detection.UNKNOWN), 0)
    if not resolution and task.probe is not None:
        resolution = resolution_of(task.probe.info.width, task.probe.info.height)
    revision = named[0].revision if named else Revision()
    if source is None:
        if grabbed_quality is not None:
            task.quality = ParsedQuality(grabbed_quality[0], grabbed_quality[1])
            return
        source = qualities.Source.UNKNOWN
    quality = qualities.find(source, resolution, modifier)
    if quality == qualities.UNKNOWN:
        quality = next((q.quality for q in named if q.quality != qualities.UNKNOWN), qualities.UNKNOWN)
    if quality == qualities.UNKNOWN and grabbed_quality is not None:
        quality, revision = grabbed_quality
    task.quality = ParsedQuality(quality, revision, Detection.NAME, Detection.NAME)


def resolution_of(width: int, height: int) -> int:
    """The resolution a frame size belongs to, allowing for letterboxed and cropped encodes."""
    if width >= 3200 or height >= 2100:
        return 2160
    if width >= 1800 or height >= 1000:
        return 1080
    if width >= 1200 or height >= 700:
        return 720
    if width >= 1000 or height >= 560:
        return 576
    return 480 if height else 0


def match_movie(task: ImportTask, facts: ImportFacts, movie_id: int | None) -> None:
    """The library movie: the tracked download's, else by ids or title and year in the names."""
    if movie_id is not None:
        task.movie = next((m for m in facts.movies if m.row.id == movie_id), None)
    else:
        found = (find_movie(p, facts.movies) for p in (task.parsed, task.parsed_folder) if p)
        task.movie = next((movie for movie in found if movie), None) or _match_leniently(task, facts)
    if task.movie is None:
        task.rejections.append(Rejection("Unknown Movie"))


def _match_leniently(task: ImportTask, facts: ImportFacts) -> MovieRecord | None:
    """For names Radarr's parser refuses or cannot map: the file name, then the folder name, then
    the media info's title, read leniently. Without a year a title counts only when it is the clean
    title of exactly one library movie (find_movie's rule). The reading that matched then names
    the file's quality, group and languages, as a strict reading would have."""
    media_title = task.probe.title if task.probe is not None else ""
    for name, is_dir in ((task.path.name, False), (task.path.parent.name, True), (media_title, False)):
        parsed = parse_title_lenient(name, is_dir=is_dir)
        movie = find_movie(parsed, facts.movies) if parsed is not None else None
        if movie is not None:
            if task.parsed is None:
                task.parsed = parsed
                decide_quality(task, facts.grabbed)
            return movie
    return None


def find_movie(parsed: ParsedMovie, movies: list[MovieRecord]) -> MovieRecord | None:
    if parsed.tmdb_id or parsed.imdb_id:
        by_id = next(
            (
                m
                for m in movies
                if (parsed.tmdb_id and m.row.tmdb_id == parsed.tmdb_id)
                or (parsed.imdb_id and m.row.imdb_id == parsed.imdb_id)
            ),
            None,
        )
        if by_id is not None:
            return by_id
    wanted = {clean_title(title) for title in parsed.movie_titles or (parsed.movie_title,)}
    candidates = [
        m
        for m in movies
        if m.row.clean_title in wanted or any(t.clean_title in wanted for t in m.alternative_titles)
    ]
    if parsed.year:
        candidates = [
            m for m in candidates if abs(m.row.year - parsed.year) <= 1 or m.row.secondary_year == parsed.year
        ]
    return candidates[0] if len(candidates) == 1 else None


def score_formats(task: ImportTask, facts: ImportFacts) -> None:
    """The custom formats the file matches and its score in the movie's profile."""
    if task.movie is None:
        return
    row = task.movie.row
    task.formats = matching_formats(
        facts.formats,
        FormatFacts(
            title=task.scene_name or task.path.stem,
            release_group=task.release_group,
            edition=task.edition or "",
            languages=tuple(task.language_ids),
            original_language=row.original_language,
            source=task.quality.quality.source,
            resolution=task.quality.quality.resolution,
            modifier=task.quality.quality.modifier,
            size=task.size,
            year=row.year,
        ),
    )
    profile = facts.profiles.get(row.quality_profile_id)
    task.format_score = score(profile.format_scores, task.formats) if profile else 0


def stored_file_format_facts(file: MovieFile, year: int, original_language: int) -> FormatFacts:
    """What a library file's custom formats are matched against: its release name, else its name."""
    quality = (stored_quality(file.quality) or (qualities.UNKNOWN, Revision()))[0]
    name = file.scene_name or Path(file.original_file_path or file.relative_path).stem
    return FormatFacts(
        title=name,
        release_group=file.release_group,
        edition=file.edition or "",
        languages=tuple(file.languages or ()),
        original_language=original_language,
        source=quality.source,
        resolution=quality.resolution,
        modifier=quality.modifier,
        size=file.size,
        year=year,
    )


def check_import(task: ImportTask, facts: ImportFacts) -> None:
    """Radarr's import checks, each adding its reason when it refuses."""
    if task.movie is None:
        return
    row = task.movie.row
    if is_sample(task, row.runtime):
        task.rejections.append(Rejection("Sample"))
        return
    if any(part.startswith(UNPACKING_PREFIXES) for part in task.path.relative_to(task.folder.parent).parts):
        task.rejections.append(Rejection("File is still being unpacked", "temporary"))
    if str(task.path) in facts.imported_paths:
        task.rejections.append(Rejection("File was already imported from this download"))
    if row.file_id is not None:
        refusal = upgrade_rejection(task, facts)
        if refusal is not None:
            task.rejections.append(refusal)
    if not facts.media.skip_free_space_check_when_importing:
        usage = disk_usage(Path(row.path).parent)
        needed = task.size + facts.media.minimum_free_space_when_importing * 1024 * 1024
        if usage is not None and usage.free < needed:
            task.rejections.append(
                Rejection(
                    f"Not enough free space: {usage.free // 2**20} MB free, {needed // 2**20} MB needed",
                    "temporary",
                )
            )


def upgrade_rejection(task: ImportTask, facts: ImportFacts) -> Rejection | None:
    """Why the file would not improve on the movie's existing one, per its profile.

    Quality (qualities in one group rank equal), then the revision, then the custom format
    score, which must grow by the profile's minimum increment (:func:`profiles.upgrade_refusal`).
    """
    assert task.movie is not None
    row = task.movie.row
    profile = facts.profiles.get(row.quality_profile_id)
    stored = stored_quality(_document(row.file_quality))
    if profile is None or stored is None:
        return None
    current = Copy(stored[0], stored[1], row.file_custom_format_score or 0)
    new = Copy(task.quality.quality, task.quality.revision, task.format_score)
    if upgrade_refusal(profile, current, new, facts.propers) is None:
        return None
    same_quality = profile.rank(new.quality) == profile.rank(current.quality) and (
        new.revision.sort_key() == current.revision.sort_key() or facts.propers is Propers.DO_NOT_UPGRADE
    )
    if same_quality:
        return Rejection(
            "Not a Custom Format upgrade for existing movie file. "
            f"Existing score: {current.format_score}. New score: {new.format_score}."
        )
    return Rejection(
        f"Not an upgrade for existing movie file. Existing quality: {current.quality.name}. "
        f"New Quality {new.quality.name}."
    )


def best_per_movie(tasks: list[ImportTask], facts: ImportFacts) -> list[ImportTask]:
    """One file per movie: the best per its profile, then by format score, then the largest;
    the others say why they were left."""

    def preference(task: ImportTask) -> tuple[int, tuple[int, int], int, int]:
        assert task.movie is not None
        profile = facts.profiles.get(task.movie.row.quality_profile_id)
        rank = (
            profile.rank(task.quality.quality)
            if profile
            else qualities.default_for(task.quality.quality).weight
        )
        return rank, task.quality.revision.sort_key(), task.format_score, task.size

    chosen: dict[int, ImportTask] = {}
    for task in sorted((t for t in tasks if t.accepted and t.movie), key=preference, reverse=True):
        assert task.movie is not None
        if task.movie.row.id in chosen:
            task.rejections.append(Rejection("A better file for this movie is imported from the same folder"))
        else:
            chosen[task.movie.row.id] = task
    return list(chosen.values())


# ---------------------------------------------------------------- importing one file


async def import_file(
    ctx: Context,
    task: ImportTask,
    facts: ImportFacts,
    mode: TransferMode,
    download_id: str | None = None,
) -> ImportedFile:
    """Transfer, record, replace the old file, bring the extras: the one place files are written."""
    assert task.movie is not None
    row = task.movie.row
    movie_folder = Path(row.path)
    name = version_file_name(task, facts) + task.path.suffix.lower()
    destination = movie_folder / name
    old_file = movie_folder / row.file_relative_path if row.file_id is not None else None
    if problem := paths.system_folder_problem(movie_folder) or paths.destination_problem(
        destination, movie_folder
    ):
        raise TransferFailed(f"{task.path} was not imported: {problem}")
    journal = transfer_journal(ctx)
    entry = journal.begin(task.path, destination, mode, old_file, facts.media.recycle_bin)
    try:
        outcome = await asyncio.to_thread(place_file, task.path, destination, mode)
    except OSError:
        await asyncio.to_thread(journal.roll_back, entry)
        raise
    apply_permissions(destination, facts.media)
    apply_permissions(movie_folder, facts.media)
    async with ctx.db.write() as uow:
        movie_file = await record_import(uow.session, task, destination, outcome, download_id)
        if row.file_id is not None:
            uow.publish(MovieFileDeleted(row.id, row.file_id, "upgrade"))
        uow.publish(MovieImported(row.id, movie_file.id, is_upgrade=row.file_id is not None))
    journal.recorded(entry)
    await asyncio.to_thread(journal.finish, entry)
    await asyncio.to_thread(import_extras, task, destination, facts.media, mode)
    # After the extras, so a release's own .nfo is kept aside rather than written over ours.
    await metadata_files.write_movie_metadata(ctx, row.id)
    if mode is TransferMode.MOVE:
        prune_empty_folders(task.path.parent, task.folder.parent)
    log.info("imported %s as %s (%s)", task.path, destination, transfer_method(outcome))
    return ImportedFile(row.id, movie_file.id, destination, outcome, row.file_id is not None)


def version_file_name(task: ImportTask, facts: ImportFacts) -> str:
    """The file's name for its version (see :func:`versioned_file_name`)."""
    assert task.movie is not None
    row = task.movie.row
    count = facts.folder_sharers.get(row.version_id, 1)
    return versioned_file_name(naming_facts(task), facts.naming, count)


def versioned_file_name(facts: FileNamingFacts, naming: NamingConfig, version_count: int) -> str:
    """The naming format's file name, with Plex's and Jellyfin's `` - 4K`` when ``version_count``
    versions share the folder and the format does not say ``{Version}`` (or files are not renamed)."""
    file_format = naming.standard_movie_format if naming.rename_movies else ""
    return movie_file_name(facts, naming) + versions.file_name_suffix(
        facts.version, version_count, file_format
    )


async def record_import(
    session: AsyncSession,
    task: ImportTask,
    destination: Path,
    outcome: TransferOutcome,
    download_id: str | None,
) -> MovieFile:
    """The movie file and its history, replacing the old file's record, in the caller's transaction."""
    assert task.movie is not None
    row = task.movie.row
    quality = quality_json(task.quality.quality, task.quality.revision)
    if row.file_id is not None:
        await session.execute(delete(MovieFile).where(MovieFile.id == row.file_id))
        session.add(
            HistoryRecord(
                movie_id=row.id,
                event_type=FILE_DELETED_EVENT,
                source_title=row.file_relative_path,
                quality=_document(row.file_quality),
                languages=_document(row.file_languages),
                data={"reason": "Upgrade"},
            )
        )
        await session.flush()
    movie_file = movie_file_row(task, destination, str(task.path.relative_to(task.folder.parent)))
    session.add(movie_file)
    await session.flush()
    data: dict[str, Any] = {
        "droppedPath": str(task.path),
        "importedPath": str(destination),
        "transferMode": transfer_method(outcome),
        "releaseGroup": task.release_group,
        "size": str(movie_file.size),
    }
    if outcome.hardlink_failure:
        data["hardlinkFailed"] = outcome.hardlink_failure
        data["message"] = f"Could not hardlink ({outcome.hardlink_failure}); the file was copied instead"
    session.add(
        HistoryRecord(
            movie_id=row.id,
            event_type=IMPORTED_EVENT,
            source_title=task.scene_name or task.path.name,
            quality=quality,
            languages=task.language_ids,
            custom_formats=[f.id for f in task.formats],
            custom_format_score=task.format_score,
            download_id=download_id,
            data=data,
        )
    )
    return movie_file


def transfer_method(outcome: TransferOutcome) -> str:
    """How the file got there, for history: a move stays a move though it is a hardlink and a delete."""
    if outcome.linked and outcome.mode is not TransferMode.MOVE:
        return "hardlink"
    return outcome.mode.value


def movie_file_row(task: ImportTask, destination: Path, original_path: str | None) -> MovieFile:
    """The movie file record for a task's file now at ``destination`` in the movie's folder."""
    assert task.movie is not None
    row = task.movie.row
    return MovieFile(
        movie_id=row.id,
        version_id=row.version_id,
        relative_path=str(destination.relative_to(row.path)),
        original_file_path=original_path,
        size=destination.stat().st_size,
        scene_name=task.scene_name,
        release_group=task.release_group,
        edition=task.edition or None,
        quality=quality_json(task.quality.quality, task.quality.revision),
        languages=task.language_ids,
        media_info=mediainfo.resource(task.probe) if task.probe else None,
        custom_format_score=task.format_score,
    )


def import_extras(
    task: ImportTask, destination: Path, media: MediaManagementConfig, mode: TransferMode
) -> list[Path]:
    """Subtitles and other extra files beside the video, renamed after it (``Movie (2020).en.forced.srt``)."""
    if not media.import_extra_files:
        return []
    wanted = {
        "." + ext.strip().lstrip(".").lower() for ext in media.extra_file_extensions.split(",") if ext.strip()
    }
    placed: list[Path] = []
    for extra in sorted(task.path.parent.rglob("*")):
        extension = extra.suffix.lower()
        if not extra.is_file() or extension not in wanted or extra.name.startswith(".") or is_unsafe(extra):
            continue
        if extension in SUBTITLE_EXTENSIONS:
            info = parse_subtitle_info(extra.name)
            parts = [info.language.iso_639_1] if info.language.iso_639_1 else []
            suffix = "".join(f".{part}" for part in (*parts, *info.tags)) + extension
        else:
            suffix = extension
        target = _free_extra_name(destination.with_name(destination.stem + suffix), placed)
        place_file(
            extra, target, TransferMode.COPY if mode is TransferMode.COPY else TransferMode.HARDLINK_OR_COPY
        )
        apply_permissions(target, media)
        if mode is TransferMode.MOVE:
            extra.unlink()
        placed.append(target)
    return placed


def _free_extra_name(target: Path, taken: list[Path]) -> Path:
    candidate, n = target, 1
    while candidate in taken:
        stem, _, rest = target.name.partition(".")
        candidate = target.with_name(f"{stem}.{n}.{rest}")
        n += 1
    return candidate


# ---------------------------------------------------------------- facts and records


async def load_facts(
    ctx: Context, download_id: str | None = None, chosen_version: int | None = None
) -> ImportFacts:
    """What an import judges by; the movie of ``chosen_version`` (a user's choice in manual
    import) or of the download's grab is seen through that version."""
    async with ctx.db.read() as session:
        movies = await load_movies(session)
        profiles = {p.id: Profile.from_row(p) for p in await session.scalars(select(QualityProfile))}
        formats = [
            compile_format(row.id, row.name, row.specifications)
            for row in await session.scalars(select(CustomFormat).order_by(CustomFormat.id))
        ]
        media = await settings_store.load(session, MediaManagementConfig)
        naming = await settings_store.load(session, NamingConfig)
        grabbed = imported = None
        if download_id:
            history = list(
                await session.scalars(
                    select(HistoryRecord)
                    .where(HistoryRecord.download_id == download_id)
                    .order_by(HistoryRecord.date.desc())
                )
            )
            grabbed = next((h for h in history if h.event_type == GRABBED_EVENT), None)
            imported = frozenset(
                h.data.get("droppedPath", "") for h in history if h.event_type == IMPORTED_EVENT
            )
        version_id = chosen_version if chosen_version is not None else version_of(grabbed)
        if version_id is not None:
            # The file goes to that version, not the default one.
            chosen = await load_movies(session, version=version_id)
            movies = [chosen[0] if chosen and m.row.id == chosen[0].row.id else m for m in movies]
        sharers = await versions.folder_sharers(session)
    return ImportFacts(
        movies, profiles, media, naming, formats, grabbed, imported or frozenset(), folder_sharers=sharers
    )


def transfer_mode_for(facts: ImportFacts) -> TransferMode:
    """Radarr's choice: torrents keep seeding (hardlink, else copy); Usenet downloads move."""
    protocol = str((facts.grabbed.data if facts.grabbed else {}).get("protocol", "")).lower()
    if protocol in ("torrent", "2"):
        return TransferMode.HARDLINK_OR_COPY if facts.media.copy_using_hardlinks else TransferMode.COPY
    return TransferMode.MOVE


def naming_facts(task: ImportTask) -> FileNamingFacts:
    assert task.movie is not None
    row = task.movie.row
    return FileNamingFacts(
        movie=movie_naming_facts(row),
        quality=task.quality.quality,
        revision=task.quality.revision,
        release_group=task.release_group,
        edition=task.edition,
        scene_name=task.scene_name,
        original_file_name=task.path.name,
        media_info=task.probe.info if task.probe else None,
        version=task.movie.row.version_name or "",
    )


def movie_naming_facts(row: Any) -> MovieNamingFacts:
    return MovieNamingFacts(
        title=row.title,
        year=row.year,
        original_title=row.original_title,
        imdb_id=row.imdb_id,
        tmdb_id=row.tmdb_id,
        certification=row.certification,
        collection=row.collection_title,
    )


def quality_json(quality: Quality, revision: Revision) -> dict[str, Any]:
    """Radarr's QualityModel, as movie files and history store it."""
    return {
        "quality": {
            "id": quality.id,
            "name": quality.name,
            "source": quality.source.value,
            "resolution": quality.resolution,
            "modifier": quality.modifier.value,
        },
        "revision": {"version": revision.version, "real": revision.real, "isRepack": revision.is_repack},
    }


def stored_quality(value: dict[str, Any] | None) -> tuple[Quality, Revision] | None:
    try:
        quality = qualities.by_id(int(value["quality"]["id"]))  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        return None
    revision = value.get("revision") or {}  # type: ignore[union-attr]
    return quality, Revision(
        version=int(revision.get("version", 1)),
        real=int(revision.get("real", 0)),
        is_repack=bool(revision.get("isRepack", False)),
    )


def _document(value: Any) -> Any:
    """A JSON column read by the library's fast query arrives as text; decode it once here."""
    return json.loads(value) if isinstance(value, str) else value


def _is_video(path: Path) -> bool:
    return path.suffix.lower() in VIDEO_EXTENSIONS


def is_unsafe(path: Path) -> bool:
    return path.suffix.lower() in EXECUTABLE_EXTENSIONS | DANGEROUS_EXTENSIONS


def _first(values: Any) -> Any:
    return next((v for v in values if v), None)


# ---------------------------------------------------------------- manual import


@dataclass(frozen=True)
class ManualChoice:
    """One file a user picked in manual import, with what they set for it."""

    path: Path
    movie_id: int
    quality: dict[str, Any] | None = None  # Radarr's QualityModel
    language_ids: list[int] | None = None
    release_group: str | None = None
    download_id: str | None = None
    # The movie's version the file is for; None: the one the download was grabbed for, else the default.
    movie_version_id: int | None = None


async def propose_imports(
    ctx: Context,
    folder: Path,
    movie_id: int | None = None,
    download_id: str | None = None,
    *,
    filter_existing_files: bool = True,
) -> list[ImportTask]:
    """What manual import shows for a folder (see :func:`scan_folder`), without the scan's note."""
    scan = await scan_folder(ctx, folder, movie_id, download_id, filter_existing_files=filter_existing_files)
    return scan.tasks


async def scan_folder(
    ctx: Context,
    folder: Path,
    movie_id: int | None = None,
    download_id: str | None = None,
    *,
    filter_existing_files: bool = True,
) -> VideoScan:
    """What manual import shows for a folder: every video file with its movie, quality and
    rejections; with ``filter_existing_files``, files the library already has are left out.
    The scan runs in a thread within the scan bounds; its note says when one was hit."""
    facts = await load_facts(ctx, download_id)
    scan = await plan_imports(folder, facts, movie_id)
    if scan.note:
        log.warning("manual import of %s: %s", folder, scan.note)
    if filter_existing_files:
        known = {str(Path(m.row.path) / m.row.file_relative_path) for m in facts.movies if m.row.file_id}
        scan.tasks = [task for task in scan.tasks if str(task.path) not in known]
    return scan


async def apply_choice(choice: ManualChoice, facts: ImportFacts) -> ImportTask:
    """The file a user picked, with their movie, quality, languages and release group applied."""
    found = await asyncio.to_thread(
        lambda: find_video_files(choice.path).tasks if choice.path.is_file() else []
    )
    if not found:
        return ImportTask(choice.path, choice.path.parent, rejections=[Rejection("No such file")])
    task = found[0]
    task.chosen_release_group = choice.release_group
    task.chosen_languages = choice.language_ids
    parse_names(task)
    await read_media_info([task], facts.media)
    decide_quality(task, facts.grabbed)
    chosen_quality = stored_quality(choice.quality)
    if chosen_quality is not None:
        task.quality = ParsedQuality(*chosen_quality)
    match_movie(task, facts, choice.movie_id)
    if task.movie is not None and choice.movie_version_id not in (None, task.movie.row.version_id):
        task.rejections.append(Rejection(f"Version {choice.movie_version_id} is not a version of this movie"))
        task.movie = None
    score_formats(task, facts)
    return task


async def reevaluate_choices(ctx: Context, choices: list[ManualChoice]) -> list[ImportTask]:
    """What manual import shows once the user changed a file's movie, quality or languages:
    the same checks as an automatic import, so the user sees the rejections before importing."""
    tasks = []
    for choice in choices:
        facts = await load_facts(ctx, choice.download_id, choice.movie_version_id)
        task = await apply_choice(choice, facts)
        if task.movie is None and not task.rejections:
            task.rejections.append(Rejection("Choose a movie for this file"))
        if task.movie is not None:
            await asyncio.to_thread(check_import, task, facts)
        tasks.append(task)
    return tasks


async def import_chosen(ctx: Context, choices: list[ManualChoice], mode: TransferMode | None) -> ImportResult:
    """Import the files a user picked, as they set them: the user's word overrides the checks
    (Radarr imports a manual choice even when it was shown with a rejection)."""
    result = ImportResult()
    for choice in choices:
        facts = await load_facts(ctx, choice.download_id, choice.movie_version_id)
        task = await apply_choice(choice, facts)
        result.tasks.append(task)
        if task.movie is not None:
            chosen_mode = mode or transfer_mode_for(facts)
            result.imported.append(await import_file(ctx, task, facts, chosen_mode, choice.download_id))
    return result


# ---------------------------------------------------------------- renaming and moving


@dataclass(frozen=True)
class Rename:
    """A library file whose name differs from what the naming format makes of it now.

    Paths are relative to the folder of the file's version (the movie's folder unless the
    version has its own), as Radarr's rename preview shows them.
    """

    movie_id: int
    movie_file_id: int
    existing_path: str
    new_path: str
    folder: str


async def preview_renames(ctx: Context, movie_ids: list[int]) -> list[Rename]:
    """The files of these movies that renaming would change, and their new names: each named
    for its version when the movie has several."""
    async with ctx.db.read() as session:
        seen = await load_movies(session, movie_ids=movie_ids, version=ALL_VERSIONS)
        by_version: dict[object, MovieRecord] = {m.row.version_id: m for m in seen}
        # A file recorded before versions existed belongs to its movie's default version.
        by_version.update({(None, m.row.id): m for m in seen if m.row.version_is_default})
        files = list(
            await session.scalars(
                select(MovieFile).where(MovieFile.movie_id.in_(movie_ids)).order_by(MovieFile.id)
            )
        )
        naming = await settings_store.load(session, NamingConfig)
        format_rows = list(await session.scalars(select(CustomFormat).order_by(CustomFormat.id)))
        folder_sharers = await versions.folder_sharers(session)
    formats = [compile_format(row.id, row.name, row.specifications) for row in format_rows]
    renaming = {row.id: row.include_when_renaming for row in format_rows}
    renames = []
    for file in files:
        movie = by_version[file.version_id if file.version_id is not None else (None, file.movie_id)].row
        path = Path(movie.path) / file.relative_path
        found = await mediainfo.probe(path) if path.exists() else None
        matched = matching_formats(
            formats, stored_file_format_facts(file, movie.year, movie.original_language)
        )
        quality, revision = stored_quality(file.quality) or (qualities.UNKNOWN, Revision())
        facts = FileNamingFacts(
            movie=movie_naming_facts(movie),
            quality=quality,
            revision=revision,
            release_group=file.release_group,
            edition=file.edition,
            scene_name=file.scene_name,
            original_file_name=Path(file.original_file_path).name if file.original_file_path else None,
            media_info=found.info if found else None,
            custom_formats=tuple(NamedFormat(f.name, renaming.get(f.id, False)) for f in matched),
            version=movie.version_name or "",
        )
        count = folder_sharers.get(movie.version_id, 1)
        new_path = versioned_file_name(facts, naming, count) + path.suffix.lower()
        if new_path != file.relative_path:
            renames.append(Rename(file.movie_id, file.id, file.relative_path, new_path, movie.path))
    return renames


async def rename_files(ctx: Context, movie_id: int, file_ids: list[int] | None = None) -> list[Rename]:
    """Give a movie's files the names the naming format makes, crash-safely, with their extras.

    Each file is linked (or copied) to its new name, the record is changed, and only then is
    the old name removed; a crash in between is finished or undone at the next start.
    """
    renames = [
        r for r in await preview_renames(ctx, [movie_id]) if file_ids is None or r.movie_file_id in file_ids
    ]
    async with ctx.db.read() as session:
        media = await settings_store.load(session, MediaManagementConfig)
    journal = transfer_journal(ctx)
    done = []
    for rename in renames:
        folder = Path(rename.folder)
        source, destination = folder / rename.existing_path, folder / rename.new_path
        if not source.exists() or destination.exists():
            log.warning("not renaming %s: it is missing or %s is taken", source, destination)
            continue
        if problem := paths.destination_problem(destination, folder):
            log.error("not renaming %s: %s", source, problem)
            continue
        entry = journal.begin(
            source, destination, TransferMode.MOVE, None, media.recycle_bin, TransferKind.RENAME
        )
        try:
            await asyncio.to_thread(place_file, source, destination, TransferMode.MOVE)
        except OSError:
            await asyncio.to_thread(journal.roll_back, entry)
            raise
        async with ctx.db.write() as uow:
            file = await uow.session.get_one(MovieFile, rename.movie_file_id)
            file.relative_path = rename.new_path
            uow.session.add(
                HistoryRecord(
                    movie_id=movie_id,
                    event_type=RENAMED_EVENT,
                    source_title=rename.existing_path,
                    quality=file.quality,
                    languages=file.languages,
                    data={
                        "sourcePath": str(source),
                        "sourceRelativePath": rename.existing_path,
                        "path": str(destination),
                        "relativePath": rename.new_path,
                    },
                )
            )
            uow.publish(MovieUpdated(movie_id))
        journal.recorded(entry)
        await asyncio.to_thread(journal.finish, entry)
        await asyncio.to_thread(rename_extras, source, destination)
        prune_empty_folders(source.parent, folder)
        done.append(rename)
    if done:
        renamed = tuple(FileRename(r.movie_file_id, r.existing_path) for r in done)
        await ctx.bus.publish(MovieRenamed(movie_id, renamed))
    return done


def extras_of(video: Path) -> list[Path]:
    """The extra files named after a library video (``Movie (2020).en.srt``, ``Movie (2020).nfo``)."""
    return [
        extra
        for extra in sorted(video.parent.glob(f"{_glob_escape(video.stem)}.*"))
        if extra != video and extra.is_file() and not _is_video(extra)
    ]


def rename_extras(old_video: Path, new_video: Path) -> list[Path]:
    """Extra files named after the video follow it to its new name."""
    moved = []
    for extra in extras_of(old_video):
        target = new_video.with_name(new_video.stem + extra.name[len(old_video.stem) :])
        if not target.exists():
            os.replace(extra, target)
            moved.append(target)
    return moved


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


async def move_movie_folder(ctx: Context, movie_id: int, new_path: str) -> None:
    """Move a movie's folder to ``new_path`` (a new path or root folder) and record it there.

    For ``PUT /movie/{id}?moveFiles=true`` and the movie editor's ``moveFiles``: call this
    instead of changing the movie's path. The move is journalled like a file transfer, so a
    crash leaves the folder and the database agreeing, before or after.
    """
    async with ctx.db.read() as session:
        movie = await session.get(Movie, movie_id)
        media = await settings_store.load(session, MediaManagementConfig)
        folders = await paths.load_folders(session, ctx.settings)
    if movie is None:
        raise NotFound("Movie", movie_id)
    source, destination = Path(movie.path), Path(new_path)
    if source == destination:
        return
    if problem := paths.movie_path_problem(destination, folders):
        raise ValidationFailed(("path", problem))
    if destination.exists() and any(destination.iterdir()):
        raise ValidationFailed(("path", f"'{destination}' already exists and is not empty"))
    journal = transfer_journal(ctx)
    entry = journal.begin(
        source, destination, TransferMode.MOVE, None, media.recycle_bin, TransferKind.FOLDER
    )
    try:
        await asyncio.to_thread(move_folder, source, destination)
    except OSError:
        await asyncio.to_thread(journal.roll_back, entry)
        raise
    async with ctx.db.write() as uow:
        row = await uow.session.get_one(Movie, movie_id)
        row.path = str(destination)
        uow.publish(MovieUpdated(movie_id))
    journal.recorded(entry)
    await asyncio.to_thread(journal.finish, entry)
    log.info("moved %s to %s", source, destination)


# ---------------------------------------------------------------- disk scan


@dataclass
class RescanResult:
    removed: list[int] = field(default_factory=list)  # movie file ids no longer on disk
    added: list[int] = field(default_factory=list)  # movie file ids found on disk


async def rescan_movies(ctx: Context, movie_ids: list[int] | None = None) -> RescanResult:
    """Bring the library in line with the movies' folders after files were changed by hand.

    A recorded file that is gone is forgotten (with history); a movie without a file whose
    folder holds one (not a sample) gets the best of them recorded where it lies.
    """
    facts = await load_facts(ctx)
    wanted = set(movie_ids) if movie_ids is not None else None
    result = RescanResult()
    for movie in facts.movies:
        row = movie.row
        if wanted is not None and row.id not in wanted:
            continue
        has_file = row.file_id is not None
        if has_file and not (Path(row.path) / row.file_relative_path).exists():
            await forget_missing_file(ctx, row)
            result.removed.append(row.file_id)
            has_file = False
        if not has_file and Path(row.path).is_dir():
            found = await find_in_folder(facts, movie)
            if found is not None:
                async with ctx.db.write() as uow:
                    movie_file = movie_file_row(found, found.path, None)
                    uow.session.add(movie_file)
                    await uow.session.flush()
                    uow.publish(MovieUpdated(row.id))
                result.added.append(movie_file.id)
    return result


async def forget_missing_file(ctx: Context, row: Any) -> None:
    async with ctx.db.write() as uow:
        await uow.session.execute(delete(MovieFile).where(MovieFile.id == row.file_id))
        uow.session.add(
            HistoryRecord(
                movie_id=row.id,
                event_type=FILE_DELETED_EVENT,
                source_title=row.file_relative_path,
                quality=_document(row.file_quality),
                languages=_document(row.file_languages),
                data={"reason": "MissingFromDisk"},
            )
        )
        uow.publish(MovieFileDeleted(row.id, row.file_id, "missingFromDisk"))
    log.info("%s is no longer on disk; forgotten", os.path.join(row.path, row.file_relative_path))


async def find_in_folder(facts: ImportFacts, movie: MovieRecord) -> ImportTask | None:
    """The best video file lying in a movie's folder, judged as an import would judge it."""
    scan = await asyncio.to_thread(find_video_files, Path(movie.row.path))
    if scan.note:
        log.warning("rescan of %s: %s", movie.row.path, scan.note)
    tasks = scan.tasks
    for task in tasks:
        parse_names(task)
    await read_media_info(tasks, facts.media)
    for task in tasks:
        decide_quality(task, None)
        match_movie(task, facts, movie.row.id)
        score_formats(task, facts)
        if is_sample(task, movie.row.runtime):
            task.rejections.append(Rejection("Sample"))
    return next(iter(best_per_movie(tasks, facts)), None)


# ---------------------------------------------------------------- recovery and health


def transfer_journal(ctx: Context) -> TransferJournal:
    return TransferJournal(ctx.settings.data_dir / "transfers")


async def recover_interrupted_transfers(ctx: Context) -> list[tuple[str, str]]:
    """Finish the transfers a crash interrupted after their record was written; undo the others."""
    journal = transfer_journal(ctx)
    done = []
    for entry in journal.pending():
        recorded = entry.stage == "recorded" or await _is_recorded(ctx, entry)
        if recorded:
            await asyncio.to_thread(journal.finish, entry)
            log.warning("finished the interrupted %s of %s", entry.kind, entry.destination)
        else:
            await asyncio.to_thread(journal.roll_back, entry)
            log.warning("rolled back the interrupted %s of %s", entry.kind, entry.source)
        done.append((entry.destination, "finished" if recorded else "rolled back"))
    return done


async def _is_recorded(ctx: Context, entry: JournalEntry) -> bool:
    """Whether the database already has what the entry was moving to its destination.

    An import's new file is one recorded at the destination since the transfer began (an old
    file may have had the same name); a rename's, any record there; a folder's, its movie.
    """
    async with ctx.db.read() as session:
        if entry.kind == TransferKind.FOLDER:
            return await session.scalar(select(Movie.id).where(Movie.path == entry.destination)) is not None
        query = select(MovieFile.relative_path, Movie.path).join(Movie, Movie.id == MovieFile.movie_id)
        if entry.kind == TransferKind.IMPORT:
            query = query.where(MovieFile.date_added >= dt.datetime.fromtimestamp(entry.started, dt.UTC))
        rows = await session.execute(query)
        return any(os.path.join(path, relative) == entry.destination for relative, path in rows)


async def check_hardlink_fallbacks(ctx: Context) -> list[HealthIssue]:
    """Recent imports that wanted a hardlink and got a copy: the library uses twice the space."""
    since = ctx.clock() - HARDLINK_WARNING_WINDOW
    async with ctx.db.read() as session:
        recent = list(
            await session.scalars(
                select(HistoryRecord.data).where(
                    HistoryRecord.event_type == IMPORTED_EVENT, HistoryRecord.date >= since
                )
            )
        )
    failures = [data for data in recent if data.get("hardlinkFailed")]
    if not failures:
        return []
    return [
        HealthIssue(
            "ImportMechanismCheck",
            "warning",
            f"{len(failures)} recent import(s) were copied because a hardlink could not be made "
            f"({failures[0]['hardlinkFailed']}); put downloads and the library on the same file system "
            "to save disk space",
            "import-mechanism-check",
        )
    ]


# ---------------------------------------------------------------- commands


async def run_downloaded_movies_scan(ctx: Context, run: CommandRun) -> str:
    """``DownloadedMoviesScan`` with a path: import that folder (what scripts and clients call)."""
    path = run.body.get("path")
    if not path:
        raise CommandFailed("A path to scan is required")
    result = await import_download(
        ctx, path, download_id=run.body.get("downloadClientId"), mode=_mode(run.body)
    )
    return f"Imported {len(result.imported)} file(s), {len(result.rejected)} rejected"


def _mode(body: dict[str, Any]) -> TransferMode | None:
    value = str(body.get("importMode", "auto")).lower()
    return {"move": TransferMode.MOVE, "copy": TransferMode.COPY}.get(value)


async def run_manual_import(ctx: Context, run: CommandRun) -> str:
    """``ManualImport``: import the files the user picked in manual import, as they set them."""
    choices = [
        ManualChoice(
            path=Path(str(item.get("path") or "")),
            movie_id=int(item.get("movieId") or 0),
            quality=item.get("quality"),
            language_ids=[int(lang["id"]) for lang in item.get("languages") or [] if "id" in lang] or None,
            release_group=item.get("releaseGroup"),
            download_id=item.get("downloadId"),
            movie_version_id=int(item["movieVersionId"]) if item.get("movieVersionId") else None,
        )
        for item in run.body.get("files") or []
        if item.get("path")
    ]
    if not choices:
        raise CommandFailed("No files were chosen to import")
    result = await import_chosen(ctx, choices, _mode(run.body))
    return f"Imported {len(result.imported)} file(s), {len(result.rejected)} rejected"


async def run_rename_files(ctx: Context, run: CommandRun) -> str:
    """``RenameFiles``: rename the chosen files of one movie."""
    movie_id = int(run.body.get("movieId") or 0)
    file_ids = [int(i) for i in run.body.get("files") or []]
    done = await rename_files(ctx, movie_id, file_ids or None)
    return f"Renamed {len(done)} file(s)"


async def run_rename_movie(ctx: Context, run: CommandRun) -> str:
    """``RenameMovie``: rename every file of the given movies."""
    done = [r for movie_id in run.body.get("movieIds") or [] for r in await rename_files(ctx, int(movie_id))]
    return f"Renamed {len(done)} file(s)"


async def run_rescan_movie(ctx: Context, run: CommandRun) -> str:
    """``RescanMovie``: one movie (``movieId``) or the whole library, as Bazarr and scripts ask."""
    movie_id = run.body.get("movieId")
    result = await rescan_movies(ctx, [int(movie_id)] if movie_id else None)
    return f"Found {len(result.added)} file(s), {len(result.removed)} missing"
