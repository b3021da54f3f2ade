"""What the parser returns: a release's movie facts and its quality."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from reelarr import qualities
from reelarr.languages import Language
from reelarr.qualities import Modifier, Quality, Revision, Source


class Detection(StrEnum):
    """Where a quality's source or resolution came from; Radarr reports this to clients."""

    UNKNOWN = "unknown"
    NAME = "name"
    EXTENSION = "extension"


@dataclass(frozen=True, slots=True)
class ParsedQuality:
    quality: Quality = qualities.UNKNOWN
    revision: Revision = field(default_factory=Revision)
    source_detection: Detection = Detection.UNKNOWN
    resolution_detection: Detection = Detection.UNKNOWN
    # The resolution the name states, kept for qualities that have none of their own (CAM, TS).
    stated_resolution: int = 0

    @property
    def source(self) -> Source:
        return self.quality.source

    @property
    def resolution(self) -> int:
        return self.quality.resolution or self.stated_resolution

    @property
    def modifier(self) -> Modifier:
        return self.quality.modifier


@dataclass(frozen=True, slots=True)
class ParsedMovie:
    movie_title: str
    movie_titles: tuple[str, ...]
    year: int
    edition: str
    quality: ParsedQuality
    languages: tuple[Language, ...]
    release_group: str | None
    original_title: str
    release_title: str
    # The release title with the movie title replaced by "A Movie", as tags were read from it.
    simple_release_title: str = ""
    release_hash: str | None = None
    imdb_id: str | None = None
    tmdb_id: int = 0
    hardcoded_subs: str | None = None
    is_scene: bool = False
    scene_title: str | None = None
    # CD1 / Part 3 of a movie split over several files; 0 when whole. Set by the lenient parser.
    part: int = 0


@dataclass(frozen=True, slots=True)
class SubtitleInfo:
    """What a subtitle file name says about itself: ``Movie.2019.en.forced.srt``."""

    language: Language
    tags: tuple[str, ...] = ()
    raw_title: str | None = None
    title: str | None = None
