"""``reelarr parse "<title>"``: show what the parser makes of a release name."""

from __future__ import annotations

import argparse
import json
from typing import Any

from . import ParsedMovie, parse_title


def movie_as_dict(movie: ParsedMovie) -> dict[str, Any]:
    quality = movie.quality
    return {
        "title": movie.movie_title,
        "alternativeTitles": list(movie.movie_titles[1:]),
        "year": movie.year,
        "edition": movie.edition,
        "quality": quality.quality.name,
        "source": str(quality.source),
        "resolution": quality.resolution,
        "modifier": str(quality.modifier),
        "revision": {
            "version": quality.revision.version,
            "real": quality.revision.real,
            "isRepack": quality.revision.is_repack,
        },
        "languages": [language.name for language in movie.languages],
        "releaseGroup": movie.release_group,
        "releaseHash": movie.release_hash,
        "imdbId": movie.imdb_id,
        "tmdbId": movie.tmdb_id,
        "hardcodedSubs": movie.hardcoded_subs,
        "isScene": movie.is_scene,
    }


def _readable(movie: ParsedMovie) -> str:
    quality = movie.quality
    revision = quality.revision
    rows = [
        ("Title", movie.movie_title),
        ("Also known as", ", ".join(movie.movie_titles[1:])),
        ("Year", str(movie.year) if movie.year else ""),
        ("Edition", movie.edition),
        ("Quality", quality.quality.name),
        ("Source", str(quality.source)),
        ("Resolution", f"{quality.resolution}p" if quality.resolution else "unknown"),
        ("Modifier", str(quality.modifier)),
        (
            "Revision",
            f"version {revision.version}, real {revision.real}" + (", repack" if revision.is_repack else ""),
        ),
        ("Languages", ", ".join(language.name for language in movie.languages)),
        ("Release group", movie.release_group or ""),
        ("IMDb id", movie.imdb_id or ""),
        ("TMDb id", str(movie.tmdb_id) if movie.tmdb_id else ""),
        ("Hardcoded subs", movie.hardcoded_subs or ""),
    ]
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label + ':':<{width + 1}} {value}" for label, value in rows if value)


def main(argv: list[str]) -> int:
    """Print the parsed fields of a release name; 1 when the name does not parse."""
    arguments = argparse.ArgumentParser(prog="reelarr parse", description="Parse a movie release name.")
    arguments.add_argument("title", help="release or file name")
    arguments.add_argument("--json", action="store_true", help="print the result as JSON")
    if argv[:1] == ["parse"]:  # called with the subcommand still in front
        argv = argv[1:]
    options = arguments.parse_args(argv)
    movie = parse_title(options.title)
    if movie is None:
        print(f"Not a movie release name: {options.title!r}")
        return 1
    if options.json:
        print(json.dumps(movie_as_dict(movie), ensure_ascii=False, indent=2))
    else:
        print(_readable(movie))
    return 0
