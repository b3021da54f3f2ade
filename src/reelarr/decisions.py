"""The decision engine: which releases to take for which movie, and why every other one was refused.

Each rule is a small pure function over a :class:`Candidate` (a parsed release mapped to a
movie) and the :class:`DecisionFacts` the caller fetched beforehand (movies, files, queue,
history, blocklist, settings, profiles): nothing here touches the database or the network.
Rules sit in priority groups; evaluation stops after the first group that rejects, so the
cheap checks on the release alone spare the rest. :func:`rank` orders accepted releases as
Radarr does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from reelarr import profiles
from reelarr import qualities as q
from reelarr.custom_formats import Format, matching_formats, release_facts
from reelarr.languages import ANY, ORIGINAL
from reelarr.languages import by_id as language_by_id
from reelarr.parser import ParsedMovie, clean_title, parse_title, parse_title_lenient
from reelarr.profiles import Copy, DelayRule, Profile, Propers, ReleaseRule

MB = 1024**2
# Radarr's stand-in when a movie's runtime is unknown, for the size limits.
DEFAULT_RUNTIME_MINUTES = 110
SAMPLE_MAX_BYTES = 70 * MB
PROPER_MAX_FILE_AGE = dt.timedelta(days=7)
RECENT_GRAB = dt.timedelta(hours=12)


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class Release:
    """A release offered by an indexer; the fields mirror ``reelarr.indexers.ReleaseInfo``."""

    guid: str
    title: str
    size: int = 0
    download_url: str = ""
    indexer_id: int = 0
    indexer: str = ""
    indexer_priority: int = 25
    protocol: str = "unknown"
    publish_date: dt.datetime | None = None
    seeders: int | None = None
    peers: int | None = None
    info_hash: str | None = None
    indexer_flags: int = 0
    imdb_id: str | None = None
    tmdb_id: int | None = None

    def age(self, now: dt.datetime) -> dt.timedelta:
        return now - self.publish_date if self.publish_date else dt.timedelta(0)


@dataclass(frozen=True, slots=True)
class MovieFile:
    quality: q.Quality
    revision: q.Revision = field(default_factory=q.Revision)
    format_score: int = 0
    release_group: str | None = None
    date_added: dt.datetime | None = None

    @property
    def copy(self) -> Copy:
        return Copy(self.quality, self.revision, self.format_score)


@dataclass(frozen=True, slots=True, eq=False)
class Movie:
    """What the rules need of a library movie; ``available`` is worked out by the caller.
    Movies compare by identity: one object per library movie in a batch."""

    id: int
    title: str
    year: int
    profile: Profile
    monitored: bool = True
    available: bool = True
    tmdb_id: int = 0
    imdb_id: str | None = None
    secondary_year: int | None = None
    alternative_titles: tuple[str, ...] = ()
    # The titles' matching keys as stored beside them; worked out here when not given.
    clean_titles: tuple[str, ...] = ()
    original_language: int = 1
    runtime: int = 0
    tags: frozenset[int] = frozenset()
    file: MovieFile | None = None
    # The version this is: a movie with several versions is judged once per version, each
    # with its own profile, monitored flag and file (see DecisionFacts.other_versions).
    version_id: int | None = None
    version_name: str = ""
    is_default_version: bool = True


@dataclass(frozen=True, slots=True)
class Grab:
    """A grab in history (or a download in the queue) for a movie; ``version_id`` None is a
    grab from before versions, which served the default version."""

    movie_id: int
    copy: Copy
    source_title: str = ""
    download_id: str | None = None
    date: dt.datetime | None = None
    imported: bool = False
    version_id: int | None = None

    def serves(self, movie: Movie) -> bool:
        """Whether this grab is for ``movie``'s version."""
        if self.version_id is None:
            return movie.is_default_version
        return self.version_id == movie.version_id


@dataclass(frozen=True, slots=True)
class Blocked:
    movie_id: int
    source_title: str
    protocol: str = "unknown"
    indexer: str | None = None
    info_hash: str | None = None


@dataclass(frozen=True, slots=True)
class Indexer:
    """Per-indexer facts: its tags, back-off and torrent requirements."""

    id: int
    name: str = ""
    tags: frozenset[int] = frozenset()
    blocked_until: dt.datetime | None = None
    minimum_seeders: int = 0
    required_flags: int = 0


@dataclass(frozen=True, slots=True)
class SizeLimits:
    """A quality definition's limits in MB per minute of runtime; ``None`` is no limit."""

    minimum: float = 0
    maximum: float | None = None
    preferred: float | None = None


@dataclass(frozen=True, slots=True)
class Settings:
    """The global settings the rules read (indexer and media management config)."""

    minimum_age: int = 0  # minutes, Usenet
    maximum_size: int = 0  # MB, 0 is off
    retention: int = 0  # days, Usenet, 0 is off
    allow_hardcoded_subs: bool = False
    whitelisted_hardcoded_subs: str = ""
    propers: Propers = Propers.PREFER_AND_UPGRADE
    prefer_indexer_flags: bool = False
    skip_free_space_check: bool = False
    minimum_free_space: int = 100  # MB


class SearchKind(StrEnum):
    RSS = "rss"
    AUTOMATIC = "automatic"  # a search the scheduler or an add started
    INTERACTIVE = "interactive"  # a search the user started


@dataclass
class DecisionFacts:
    """Everything the rules read, fetched once per batch by the caller."""

    movies: dict[int, Movie]
    now: dt.datetime
    # A movie's versions other than its default one (which ``movies`` holds), by movie id.
    other_versions: dict[int, list[Movie]] = field(default_factory=dict)
    formats: Sequence[Format] = ()
    settings: Settings = field(default_factory=Settings)
    sizes: dict[int, SizeLimits] = field(default_factory=dict)
    delay_rules: Sequence[DelayRule] = ()
    release_rules: Sequence[ReleaseRule] = ()
    indexers: dict[int, Indexer] = field(default_factory=dict)
    queue: dict[int, list[Grab]] = field(default_factory=dict)
    history: dict[int, list[Grab]] = field(default_factory=dict)
    blocklist: dict[int, list[Blocked]] = field(default_factory=dict)
    # Free bytes where each movie lives; a movie not listed has unknown free space.
    free_space: dict[int, int] = field(default_factory=dict)
    # When a release for the movie first started waiting out its delay.
    pending_since: dict[int, dt.datetime] = field(default_factory=dict)
    # Library movies by (clean title, year), each movie under its year and secondary year.
    _titles: dict[tuple[str, int], list[Movie]] | None = field(default=None, init=False, repr=False)
    _by_tmdb: dict[int, Movie] | None = field(default=None, init=False, repr=False)
    _by_imdb: dict[str, Movie] | None = field(default=None, init=False, repr=False)

    def _index(self) -> None:
        titles: dict[tuple[str, int], list[Movie]] = {}
        for movie in self.movies.values():
            years = {movie.year, movie.secondary_year or movie.year, 0}
            for title in set(clean_titles_of(movie)):
                for year in years:
                    titles.setdefault((title, year), []).append(movie)
        self._titles = titles
        self._by_tmdb = {m.tmdb_id: m for m in self.movies.values() if m.tmdb_id}
        self._by_imdb = {m.imdb_id: m for m in self.movies.values() if m.imdb_id}

    def find_movie(self, parsed: ParsedMovie, release: Release) -> Movie | None:
        """The library movie a release is for: by TMDB or IMDb id, else by title and year; a
        year off by one (release years often differ) only when exactly one movie fits."""
        if self._titles is None:
            self._index()
        assert self._titles is not None and self._by_tmdb is not None and self._by_imdb is not None
        tmdb_id = release.tmdb_id or parsed.tmdb_id
        if tmdb_id and tmdb_id in self._by_tmdb:
            return self._by_tmdb[tmdb_id]
        imdb_id = release.imdb_id or parsed.imdb_id
        if imdb_id and imdb_id in self._by_imdb:
            return self._by_imdb[imdb_id]
        titles = [clean_title(title) for title in parsed.movie_titles or (parsed.movie_title,)]
        year = parsed.year
        for title in titles:
            exact = self._titles.get((title, year))
            if exact:
                return exact[0]
        if not year:
            return None
        near = {
            movie
            for title in titles
            for off_by_one in (year - 1, year + 1)
            for movie in self._titles.get((title, off_by_one), ())
        }
        return near.pop() if len(near) == 1 else None


def clean_titles_of(movie: Movie) -> tuple[str, ...]:
    return movie.clean_titles or tuple(clean_title(t) for t in (movie.title, *movie.alternative_titles))


def year_fits(movie: Movie, year: int, *, tolerance: int = 0) -> bool:
    if not year:
        return True
    years = (movie.year, movie.secondary_year or movie.year)
    return any(abs(candidate - year) <= tolerance for candidate in years)


def title_matches(movie: Movie, parsed: ParsedMovie) -> bool:
    """Whether a parsed release names this movie: one of its titles, and its year give or take one."""
    wanted = set(clean_titles_of(movie))
    named = any(clean_title(t) in wanted for t in (parsed.movie_titles or (parsed.movie_title,)))
    return named and year_fits(movie, parsed.year, tolerance=1)


# ---------------------------------------------------------------- candidates and decisions


class RejectionType(StrEnum):
    PERMANENT = "permanent"
    TEMPORARY = "temporary"


@dataclass(frozen=True, slots=True)
class Rejection:
    reason: str
    type: RejectionType = RejectionType.PERMANENT


@dataclass
class Candidate:
    """A release, what its title says, and the movie it was mapped to (Radarr's RemoteMovie)."""

    release: Release
    parsed: ParsedMovie | None
    movie: Movie | None
    search: SearchKind = SearchKind.RSS
    searched_movie_id: int | None = None
    formats: list[Format] = field(default_factory=list)
    format_score: int = 0

    @property
    def quality(self) -> q.Quality:
        return self.parsed.quality.quality if self.parsed else q.UNKNOWN

    @property
    def copy(self) -> Copy:
        assert self.parsed is not None
        return Copy(self.quality, self.parsed.quality.revision, self.format_score)


@dataclass
class Decision:
    candidate: Candidate
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def approved(self) -> bool:
        return not self.rejections

    @property
    def temporarily_rejected(self) -> bool:
        return bool(self.rejections) and all(r.type is RejectionType.TEMPORARY for r in self.rejections)


Rule = Callable[[Candidate, DecisionFacts], Rejection | None]


def _size(size: int) -> str:
    return f"{size / 1024**3:.1f} GB" if size >= 1024**3 else f"{size / MB:.1f} MB"


def _user_invoked(c: Candidate) -> bool:
    return c.search is SearchKind.INTERACTIVE


# ---------------------------------------------------------------- rules on the release alone


def quality_allowed(c: Candidate, f: DecisionFacts) -> Rejection | None:
    assert c.movie is not None
    if not c.movie.profile.allows(c.quality):
        return Rejection(f"Quality {c.quality.name} is not wanted in profile {c.movie.profile.name}")
    return None


def acceptable_size(c: Candidate, f: DecisionFacts) -> Rejection | None:
    assert c.movie is not None
    size = c.release.size
    limits = f.sizes.get(c.quality.id)
    if not size or limits is None:
        return None
    runtime = c.movie.runtime or DEFAULT_RUNTIME_MINUTES
    minimum = limits.minimum * MB * runtime
    if size < minimum:
        return Rejection(
            f"{_size(size)} is smaller than the minimum of {_size(int(minimum))} for {c.quality.name}"
        )
    if limits.maximum is not None and limits.maximum > 0:
        maximum = limits.maximum * MB * runtime
        if size > maximum:
            return Rejection(
                f"{_size(size)} is larger than the maximum of {_size(int(maximum))} for {c.quality.name}"
            )
    return None


def maximum_size(c: Candidate, f: DecisionFacts) -> Rejection | None:
    limit = f.settings.maximum_size * MB
    if limit and c.release.size > limit:
        return Rejection(f"{_size(c.release.size)} is too big; the maximum size is {_size(limit)}")
    return None


def not_sample(c: Candidate, f: DecisionFacts) -> Rejection | None:
    if "sample" in c.release.title.lower() and 0 < c.release.size < SAMPLE_MAX_BYTES:
        return Rejection("Sample")
    return None


_RAW_DISC = re.compile(r"\b(VIDEO_TS|BDMV|BDISO)\b", re.IGNORECASE)
_RAW_CONTAINERS = {".vob": "DVD", ".iso": "DVD", ".m2ts": "Bluray"}


def raw_disk(c: Candidate, f: DecisionFacts) -> Rejection | None:
    found = _RAW_DISC.search(c.release.title)
    if found:
        return Rejection(f"Raw {found.group(1).upper()} release")
    extension = c.release.title[c.release.title.rfind(".") :].lower()
    if extension in _RAW_CONTAINERS:
        return Rejection(f"Raw {_RAW_CONTAINERS[extension]} release")
    return None


def language(c: Candidate, f: DecisionFacts) -> Rejection | None:
    assert c.movie is not None and c.parsed is not None
    profile = c.movie.profile
    wanted = profile.language_id
    if wanted == ANY.id:
        return None
    if wanted == ORIGINAL.id:
        wanted = c.movie.original_language
    found = [lang.id for lang in c.parsed.languages if lang.id] or [c.movie.original_language]
    if wanted in found:
        return None
    names = ", ".join((language_by_id(i) or ANY).name for i in found)
    wanted_name = (language_by_id(wanted) or ANY).name
    return Rejection(f"Language {names} is not wanted in profile {profile.name}, which wants {wanted_name}")


def hardcoded_subs(c: Candidate, f: DecisionFacts) -> Rejection | None:
    assert c.parsed is not None
    found = c.parsed.hardcoded_subs
    if not found or f.settings.allow_hardcoded_subs:
        return None
    allowed = {tag.strip().lower() for tag in f.settings.whitelisted_hardcoded_subs.split(",") if tag.strip()}
    if found.lower() in allowed:
        return None
    return Rejection(f"Hardcoded subs found: {found}")


def custom_format_score(c: Candidate, f: DecisionFacts) -> Rejection | None:
    assert c.movie is not None
    minimum = c.movie.profile.min_format_score
    if c.format_score >= minimum:
        return None
    names = ", ".join(cf.name for cf in c.formats) or "none"
    return Rejection(
        f"Custom formats [{names}] have score {c.format_score}, "
        f"below the minimum of {minimum} in profile {c.movie.profile.name}"
    )


def release_restrictions(c: Candidate, f: DecisionFacts) -> Rejection | None:
    assert c.movie is not None
    tags = c.movie.tags
    rules = [rule for rule in f.release_rules if rule.applies_to(c.release.indexer_id, tags)]
    reason = profiles.release_rule_refusal(rules, c.release.title)
    return Rejection(reason) if reason else None


def protocol(c: Candidate, f: DecisionFacts) -> Rejection | None:
    assert c.movie is not None
    rule = profiles.delay_rule_for(f.delay_rules, c.movie.tags)
    if not rule.allows_protocol(c.release.protocol):
        return Rejection(f"{c.release.protocol.capitalize()} is disabled in the delay profile")
    return None


def retention(c: Candidate, f: DecisionFacts) -> Rejection | None:
    days = f.settings.retention
    if c.release.protocol != profiles.USENET or not days:
        return None
    age = c.release.age(f.now)
    if age > dt.timedelta(days=days):
        return Rejection(f"{age.days} days old, older than the retention of {days} days")
    return None


def minimum_age(c: Candidate, f: DecisionFacts) -> Rejection | None:
    minutes = f.settings.minimum_age
    if c.release.protocol != profiles.USENET or not minutes or c.release.publish_date is None:
        return None
    age = int(c.release.age(f.now).total_seconds() // 60)
    if age < minutes:
        return Rejection(
            f"{age} minutes old, below the minimum age of {minutes} minutes", RejectionType.TEMPORARY
        )
    return None


def blocked_indexer(c: Candidate, f: DecisionFacts) -> Rejection | None:
    indexer = f.indexers.get(c.release.indexer_id)
    if indexer and indexer.blocked_until and indexer.blocked_until > f.now:
        until = indexer.blocked_until.strftime("%Y-%m-%d %H:%M UTC")
        return Rejection(
            f"Indexer {indexer.name or c.release.indexer} is blocked until {until} after failures",
            RejectionType.TEMPORARY,
        )
    return None


def indexer_tags(c: Candidate, f: DecisionFacts) -> Rejection | None:
    assert c.movie is not None
    indexer = f.indexers.get(c.release.indexer_id)
    if indexer and indexer.tags and not indexer.tags & c.movie.tags:
        return Rejection("The movie has none of the indexer's tags")
    return None


def torrent_seeding(c: Candidate, f: DecisionFacts) -> Rejection | None:
    indexer = f.indexers.get(c.release.indexer_id)
    if c.release.protocol != profiles.TORRENT or indexer is None or c.release.seeders is None:
        return None
    if c.release.seeders < indexer.minimum_seeders:
        return Rejection(
            f"Not enough seeders: {c.release.seeders}; the indexer's minimum is {indexer.minimum_seeders}"
        )
    return None


def required_indexer_flags(c: Candidate, f: DecisionFacts) -> Rejection | None:
    indexer = f.indexers.get(c.release.indexer_id)
    if indexer is None or not indexer.required_flags:
        return None
    if c.release.indexer_flags & indexer.required_flags == 0:
        return Rejection("None of the indexer's required flags is set on this release")
    return None


# ---------------------------------------------------------------- rules against the library


def wrong_movie(c: Candidate, f: DecisionFacts) -> Rejection | None:
    """In a search, a release that maps to another movie than the one searched for."""
    assert c.movie is not None
    if c.searched_movie_id is not None and c.movie.id != c.searched_movie_id:
        return Rejection(f"Wrong movie: the release is for {c.movie.title} ({c.movie.year})")
    return None


def monitored(c: Candidate, f: DecisionFacts) -> Rejection | None:
    assert c.movie is not None
    if not c.movie.monitored and not _user_invoked(c):
        return Rejection("Movie is not monitored")
    return None


def availability(c: Candidate, f: DecisionFacts) -> Rejection | None:
    assert c.movie is not None
    if not c.movie.available and not _user_invoked(c):
        return Rejection(f"{c.movie.title} ({c.movie.year}) is not available yet")
    return None


def upgrade_allowed(c: Candidate, f: DecisionFacts) -> Rejection | None:
    assert c.movie is not None
    file, profile = c.movie.file, c.movie.profile
    if file is None or profile.upgrade_allowed:
        return None
    better_quality = profile.rank(c.quality) > profile.rank(file.quality)
    if better_quality or c.format_score > file.format_score:
        return Rejection("Existing file and the quality profile does not allow upgrades")
    return None


def upgrade_disk(c: Candidate, f: DecisionFacts) -> Rejection | None:
    assert c.movie is not None
    file, profile = c.movie.file, c.movie.profile
    if file is None:
        return None
    reason = profiles.cutoff_refusal(profile, file.copy, c.copy, f.settings.propers)
    if reason:
        return Rejection(reason)
    reason = profiles.upgrade_refusal(profile, file.copy, c.copy, f.settings.propers)
    if reason:
        return Rejection(f"Existing file on disk is of equal or higher preference: {reason}")
    return None


def _grab_refusal(c: Candidate, f: DecisionFacts, grab: Grab, what: str) -> str | None:
    assert c.movie is not None
    profile = c.movie.profile
    if profiles.cutoff_refusal(profile, grab.copy, c.copy, f.settings.propers):
        return f"{what} already meets the cutoff: {grab.copy.quality.name}"
    if not profile.upgrade_allowed and c.movie.file is not None:
        return f"{what} exists and the quality profile does not allow upgrades"
    if profiles.upgrade_refusal(profile, grab.copy, c.copy, f.settings.propers):
        return f"{what} is of equal or higher preference: {grab.copy.quality.name}"
    return None


def queue(c: Candidate, f: DecisionFacts) -> Rejection | None:
    assert c.movie is not None
    for queued in f.queue.get(c.movie.id, ()):
        if not queued.serves(c.movie):
            continue
        reason = _grab_refusal(c, f, queued, "Release in queue")
        if reason:
            return Rejection(reason)
    return None


def taken_for_another_version(c: Candidate, f: DecisionFacts) -> Rejection | None:
    """A release downloading (or grabbed lately) for one version is never grabbed again for another."""
    assert c.movie is not None
    info_hash = (c.release.info_hash or "").lower()
    title = c.release.title.lower()
    recent = [g for g in f.history.get(c.movie.id, ()) if g.date and f.now - g.date <= RECENT_GRAB]
    for grab in (*f.queue.get(c.movie.id, ()), *recent):
        if grab.serves(c.movie):
            continue
        same_hash = bool(info_hash) and (grab.download_id or "").lower() == info_hash
        if same_hash or grab.source_title.lower() == title:
            return Rejection(f"Release is already grabbed for another version: {_version_label(grab, f)}")
    return None


def _version_label(grab: Grab, f: DecisionFacts) -> str:
    versions = [f.movies[grab.movie_id], *f.other_versions.get(grab.movie_id, ())]
    served = next((v for v in versions if grab.serves(v)), None)
    return (served.version_name or "the default version") if served else "a deleted version"


def history(c: Candidate, f: DecisionFacts) -> Rejection | None:
    """In RSS sync, a recent grab that this release would not improve on."""
    assert c.movie is not None
    if c.search is not SearchKind.RSS:
        return None
    for grab in f.history.get(c.movie.id, ()):
        if not grab.serves(c.movie) or grab.imported or grab.date is None or f.now - grab.date > RECENT_GRAB:
            continue
        reason = _grab_refusal(c, f, grab, "Recent grab in history")
        if reason:
            return Rejection(reason)
    return None


def already_imported(c: Candidate, f: DecisionFacts) -> Rejection | None:
    assert c.movie is not None
    if c.movie.file is None:
        return None
    info_hash = (c.release.info_hash or "").lower()
    for grab in f.history.get(c.movie.id, ()):
        if not grab.imported or not grab.serves(c.movie):
            continue
        if info_hash and (grab.download_id or "").lower() == info_hash:
            return Rejection("Has the same torrent hash as a grab in history that was already imported")
        if grab.source_title.lower() == c.release.title.lower():
            return Rejection("Has the same release name as a grab in history that was already imported")
    return None


def blocklist(c: Candidate, f: DecisionFacts) -> Rejection | None:
    assert c.movie is not None
    info_hash = (c.release.info_hash or "").lower()
    title = c.release.title.lower()
    for blocked in f.blocklist.get(c.movie.id, ()):
        if info_hash and (blocked.info_hash or "").lower() == info_hash:
            return Rejection("Release is blocklisted")
        if blocked.source_title.lower() == title and blocked.protocol == c.release.protocol:
            return Rejection("Release is blocklisted")
    return None


def repack(c: Candidate, f: DecisionFacts) -> Rejection | None:
    assert c.movie is not None and c.parsed is not None
    file = c.movie.file
    revision = c.parsed.quality.revision
    if not revision.is_repack or file is None or f.settings.propers is Propers.DO_NOT_PREFER:
        return None
    if not profiles.is_revision_upgrade(file.copy, c.copy):
        return None
    if f.settings.propers is Propers.DO_NOT_UPGRADE:
        return Rejection("Repack downloading is disabled")
    if not file.release_group:
        return Rejection("Unable to tell the existing file's release group")
    if not c.parsed.release_group:
        return Rejection("Unable to tell this release's group")
    if file.release_group.lower() != c.parsed.release_group.lower():
        return Rejection(
            f"A repack from another release group: release {c.parsed.release_group}, "
            f"existing file {file.release_group}"
        )
    return None


def proper(c: Candidate, f: DecisionFacts) -> Rejection | None:
    """In RSS sync, a proper only replaces a file when propers upgrade and the file is new."""
    assert c.movie is not None
    file = c.movie.file
    if c.search is not SearchKind.RSS or file is None or f.settings.propers is Propers.DO_NOT_PREFER:
        return None
    if not profiles.is_revision_upgrade(file.copy, c.copy):
        return None
    if f.settings.propers is Propers.DO_NOT_UPGRADE:
        return Rejection("Proper downloading is disabled")
    if file.date_added and f.now - file.date_added > PROPER_MAX_FILE_AGE:
        return Rejection("A proper for a file added more than 7 days ago")
    return None


def delay(c: Candidate, f: DecisionFacts) -> Rejection | None:
    """Wait out the delay profile so a better release can turn up, unless one of its bypasses
    applies. Not applied to searches a user started."""
    assert c.movie is not None
    if _user_invoked(c):
        return None
    rule = profiles.delay_rule_for(f.delay_rules, c.movie.tags)
    minutes = rule.delay_minutes(c.release.protocol)
    if not minutes:
        return None
    file = c.movie.file
    if file is not None and profiles.is_revision_upgrade(file.copy, c.copy):
        return None
    profile = c.movie.profile
    preferred = c.release.protocol == rule.preferred_protocol
    if rule.bypass_if_highest_quality and preferred and profile.allowed:
        best = max(profile.ranks[quality_id] for quality_id in profile.allowed)
        if profile.rank(c.quality) == best:
            return None
    if rule.bypass_if_above_custom_format_score and c.format_score >= rule.minimum_custom_format_score:
        return None
    waiting_since = f.pending_since.get(c.movie.id)
    waited = f.now - waiting_since if waiting_since else c.release.age(f.now)
    if waited >= dt.timedelta(minutes=minutes):
        return None
    return Rejection(f"Waiting for a better release: delay of {minutes} minutes", RejectionType.TEMPORARY)


# ---------------------------------------------------------------- rules on the disk


def free_space(c: Candidate, f: DecisionFacts) -> Rejection | None:
    assert c.movie is not None
    free = f.free_space.get(c.movie.id)
    if f.settings.skip_free_space_check or free is None or not c.release.size:
        return None
    left = free - c.release.size
    if left <= 0:
        return Rejection(f"Not enough free space: {_size(free)} free, the release is {_size(c.release.size)}")
    if left < f.settings.minimum_free_space * MB:
        return Rejection(
            f"Not enough free space: {_size(left)} would be left, "
            f"below the minimum of {f.settings.minimum_free_space} MB"
        )
    return None


RULE_GROUPS: tuple[tuple[Rule, ...], ...] = (
    (
        wrong_movie,
        quality_allowed,
        acceptable_size,
        maximum_size,
        not_sample,
        raw_disk,
        language,
        hardcoded_subs,
        custom_format_score,
        release_restrictions,
        protocol,
        retention,
        minimum_age,
        blocked_indexer,
        indexer_tags,
        torrent_seeding,
        required_indexer_flags,
    ),
    (
        monitored,
        availability,
        upgrade_allowed,
        upgrade_disk,
        taken_for_another_version,
        queue,
        history,
        already_imported,
        blocklist,
        repack,
        proper,
        delay,
    ),
    (free_space,),
)


# ---------------------------------------------------------------- deciding a batch


def candidate_for(
    release: Release,
    facts: DecisionFacts,
    *,
    search: SearchKind = SearchKind.RSS,
    searched_movie: Movie | None = None,
) -> Candidate:
    """Parse a release, map it to a movie (the searched one when its titles or ids match) and
    work out its custom formats and score for that movie's profile."""
    parsed = parse_title(release.title)
    movie: Movie | None = None
    if parsed is not None:
        if searched_movie is not None and _is_searched_movie(searched_movie, parsed, release):
            movie = searched_movie
        else:
            movie = facts.find_movie(parsed, release)
    if movie is None and searched_movie is not None:
        lenient = _lenient_match(release, searched_movie)
        if lenient is not None:
            parsed, movie = lenient, searched_movie
    candidate = Candidate(
        release, parsed, movie, search, searched_movie.id if searched_movie is not None else None
    )
    if parsed is not None and movie is not None:
        format_facts = release_facts(
            parsed,
            size=release.size,
            indexer_flags=release.indexer_flags,
            movie_year=movie.year,
            original_language=movie.original_language,
        )
        candidate.formats = matching_formats(facts.formats, format_facts)
        scores = movie.profile.format_scores
        candidate.format_score = sum(scores.get(cf.id, 0) for cf in candidate.formats)
    return candidate


def _lenient_match(release: Release, movie: Movie) -> ParsedMovie | None:
    """The searched movie is known, so a name Radarr's parser refuses or cannot map (no year,
    an alternative title in brackets, an edition or 3D marker before the year, a site prefix) is
    read leniently and taken when it names that movie; quality, group and languages as usual."""
    parsed = parse_title_lenient(release.title)
    if parsed is None or not _is_searched_movie(movie, parsed, release):
        return None
    return parsed


def _unparsable(release: Release, searched_movie_id: int | None) -> Rejection:
    """Say when the name lacks a year: that is why Radarr's parser refused it."""
    lenient = parse_title_lenient(release.title)
    if lenient is None or lenient.year:
        return Rejection("Unable to parse release")
    if searched_movie_id is None:
        return Rejection(
            "Unable to parse release: the name has no year, and a release without one is only"
            " taken in a search for its movie"
        )
    return Rejection(
        f"Unable to parse release: the name has no year, and its title ({lenient.movie_title})"
        " is not one of the searched movie's titles"
    )


def _is_searched_movie(movie: Movie, parsed: ParsedMovie, release: Release) -> bool:
    tmdb_id = release.tmdb_id or parsed.tmdb_id
    if tmdb_id and movie.tmdb_id:
        return tmdb_id == movie.tmdb_id
    imdb_id = release.imdb_id or parsed.imdb_id
    if imdb_id and movie.imdb_id:
        return imdb_id == movie.imdb_id
    return title_matches(movie, parsed)


def evaluate(candidate: Candidate, facts: DecisionFacts) -> Decision:
    """Run the rule groups in order; stop after the first group that rejects."""
    if candidate.parsed is None:
        return Decision(candidate, [_unparsable(candidate.release, candidate.searched_movie_id)])
    if candidate.movie is None:
        return Decision(candidate, [Rejection("Unknown movie: unable to match the release to a movie")])
    rejections: list[Rejection] = []
    for group in RULE_GROUPS:
        for rule in group:
            rejection = rule(candidate, facts)
            if rejection is not None:
                rejections.append(rejection)
        if rejections:
            break
    if rejections and not candidate.parsed.year:
        # A note, not a new reason to reject: it is as temporary as the rejections it joins.
        temporary = all(r.type is RejectionType.TEMPORARY for r in rejections)
        note = f"Year unknown: the release names no year and was matched to {candidate.movie.title} by title"
        rejections.append(Rejection(note, RejectionType.TEMPORARY if temporary else RejectionType.PERMANENT))
    return Decision(candidate, rejections)


def decide(
    releases: Iterable[Release],
    facts: DecisionFacts,
    *,
    search: SearchKind = SearchKind.RSS,
    searched_movie: Movie | None = None,
) -> list[Decision]:
    """A decision for every release, ranked: accepted best first, then the rejected."""
    decisions = [
        evaluate(candidate, facts)
        for release in releases
        for candidate in per_version(
            candidate_for(release, facts, search=search, searched_movie=searched_movie), facts
        )
    ]
    return rank(decisions, facts)


def per_version(candidate: Candidate, facts: DecisionFacts) -> list[Candidate]:
    """The candidate once for each version of its movie, scored against that version's profile."""
    movie = candidate.movie
    others = facts.other_versions.get(movie.id, ()) if movie is not None else ()
    if not others:
        return [candidate]
    judged = [candidate]
    for version in others:
        scores = version.profile.format_scores
        judged.append(
            replace(
                candidate,
                movie=version,
                formats=list(candidate.formats),
                format_score=sum(scores.get(cf.id, 0) for cf in candidate.formats),
            )
        )
    return judged


def _size_distance(c: Candidate, f: DecisionFacts) -> float:
    """How far the release is from the quality's preferred size (0 when there is none)."""
    limits = f.sizes.get(c.quality.id)
    if c.movie is None or limits is None or limits.preferred is None or not c.release.size:
        return 0.0
    runtime = c.movie.runtime or DEFAULT_RUNTIME_MINUTES
    return abs(c.release.size - limits.preferred * MB * runtime)


def rank(decisions: Iterable[Decision], facts: DecisionFacts) -> list[Decision]:
    """Radarr's order: approved before rejected; then quality (and revision unless propers are
    not preferred), custom format score, the delay profile's preferred protocol, indexer
    priority (lower first), indexer flags if preferred, seeders for torrents, size nearest the
    preferred size, and the newest release."""
    prefer_revisions = facts.settings.propers is not Propers.DO_NOT_PREFER

    def key(decision: Decision) -> tuple[float, ...]:
        c = decision.candidate
        if c.movie is None or c.parsed is None:
            return (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        revision = c.parsed.quality.revision.sort_key() if prefer_revisions else (0, 0)
        rule = profiles.delay_rule_for(facts.delay_rules, c.movie.tags)
        release = c.release
        return (
            0 if decision.approved else 1,
            -c.movie.profile.rank(c.quality),
            -revision[0],
            -revision[1],
            -c.format_score,
            0 if release.protocol == rule.preferred_protocol else 1,
            release.indexer_priority,
            -release.indexer_flags.bit_count() if facts.settings.prefer_indexer_flags else 0,
            -(release.seeders or 0) if release.protocol == profiles.TORRENT else 0,
            _size_distance(c, facts),
            release.age(facts.now).total_seconds(),
        )

    return sorted(decisions, key=key)


def best_per_movie(decisions: Iterable[Decision]) -> dict[int, Decision]:
    """The first approved decision per movie from a ranked list: what RSS sync grabs for a
    movie with one version."""
    return {movie_id: decision for (movie_id, _), decision in best_per_version(decisions).items()}


def best_per_version(decisions: Iterable[Decision]) -> dict[tuple[int, int | None], Decision]:
    """The first approved decision per movie version from a ranked list, by (movie id, version
    id); a release chosen for one version is not chosen again for another."""
    best: dict[tuple[int, int | None], Decision] = {}
    taken: set[tuple[int, str]] = set()
    for decision in decisions:
        movie, release = decision.candidate.movie, decision.candidate.release
        if not decision.approved or movie is None:
            continue
        key, release_key = (movie.id, movie.version_id), (release.indexer_id, release.guid)
        if key not in best and release_key not in taken:
            best[key] = decision
            taken.add(release_key)
    return best
