"""Release-name parser: movie title, year, edition, quality, languages and release group.

Pure functions with Radarr's behaviour, checked against Radarr's own parser test cases.
"""

from __future__ import annotations

from reelarr.languages import Language, find_iso_language

from .clean import clean_title, normalize_imdb_id, remove_accents, to_url_slug
from .edition import parse_edition
from .language import parse_languages, parse_subtitle_info, parse_subtitle_language
from .lenient import parse_path_lenient, parse_title_lenient
from .model import Detection, ParsedMovie, ParsedQuality, SubtitleInfo
from .quality import parse_quality
from .release_group import parse_release_group
from .title import get_scene_title, is_scene_title, parse_path, parse_title

__all__ = [
    "Detection",
    "Language",
    "ParsedMovie",
    "ParsedQuality",
    "SubtitleInfo",
    "clean_title",
    "find_iso_language",
    "get_scene_title",
    "is_scene_title",
    "normalize_imdb_id",
    "parse_edition",
    "parse_languages",
    "parse_path",
    "parse_path_lenient",
    "parse_quality",
    "parse_release_group",
    "parse_subtitle_info",
    "parse_subtitle_language",
    "parse_title",
    "parse_title_lenient",
    "remove_accents",
    "to_url_slug",
]
