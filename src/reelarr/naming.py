"""File and folder names from the user's formats: ``{Movie Title} ({Release Year})``.

Pure functions of a format, the token values and the naming settings. Token names match
case-insensitively; the separator inside a token (space, dot, dash, underscore) replaces the
spaces of its value; an all-lower or all-upper token lower- or upper-cases the value; a
number after a colon truncates (negative: keeps the end). Characters a file system refuses
are replaced, and colons per the colon replacement setting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class ColonReplacement(StrEnum):
    DELETE = "delete"
    DASH = "dash"
    SPACE_DASH = "spaceDash"
    SPACE_DASH_SPACE = "spaceDashSpace"
    SMART = "smart"


class NamingConfig(BaseModel):
    """The naming settings (API ``config/naming``), with Radarr's defaults."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")
    section: ClassVar[str] = "naming"

    rename_movies: bool = False
    replace_illegal_characters: bool = True
    colon_replacement_format: ColonReplacement = ColonReplacement.SMART
    standard_movie_format: str = "{Movie Title} ({Release Year}) {Quality Full}"
    movie_folder_format: str = "{Movie Title} ({Release Year})"


@dataclass(frozen=True)
class MovieNamingFacts:
    """What the movie-level tokens (the only ones a folder format may use) are made from."""

    title: str
    year: int
    original_title: str = ""
    imdb_id: str | None = None
    tmdb_id: int = 0
    certification: str | None = None
    collection: str | None = None


_TOKEN = re.compile(
    r"\{(?P<prefix>[- ._\[(]*)"
    r"(?P<token>[a-z0-9]+(?:(?P<sep>[- ._]+)[a-z0-9]+)*)"
    r"(?::(?P<modifier>[ ,a-z0-9|+-]+(?<![- ])))?"
    r"(?P<suffix>[- ._)\]]*)\}",
    re.IGNORECASE,
)
_PLEX_TAG = re.compile(r"\{(?P<kind>imdb|edition)-(?P<inner>\{[^{}]+\})\}", re.IGNORECASE)
_ILLEGAL = re.compile(r'[\\/<>?*|"]')
# With "replace illegal characters" on, Radarr substitutes look-alikes; off, it drops them.
_ILLEGAL_SUBSTITUTES = {"\\": "+", "/": "+", "<": "", ">": "", "?": "!", "*": "-", "|": "", '"': ""}
_TRAILING_ARTICLE = re.compile(r"^(?P<article>The|An|A)\s+(?P<rest>.+)$", re.IGNORECASE)


def title_the(title: str) -> str:
    """``The Matrix`` → ``Matrix, The``: the article moved to the end, as libraries sort."""
    match = _TRAILING_ARTICLE.match(title)
    return f"{match['rest']}, {match['article']}" if match else title


def clean_title_token(title: str) -> str:
    """The title without punctuation, for ``{Movie CleanTitle}``."""
    title = title.replace("&", "and").replace("/", " ").replace("\\", " ")
    title = re.sub(r"[^\w\s\-]", "", title)
    return re.sub(r"\s+", " ", title).strip()


def movie_tokens(movie: MovieNamingFacts) -> dict[str, str]:
    """Token values keyed by canonical name (lower case, single spaces)."""
    first = unicodedata.normalize("NFKD", title_the(movie.title)[:1]).encode("ascii", "ignore").decode()
    return {
        "movie title": movie.title,
        "movie cleantitle": clean_title_token(movie.title),
        "movie titlethe": title_the(movie.title),
        "movie cleantitlethe": clean_title_token(title_the(movie.title)),
        "movie titlefirstcharacter": (first or "_").upper(),
        "movie originaltitle": movie.original_title or movie.title,
        "movie cleanoriginaltitle": clean_title_token(movie.original_title or movie.title),
        "movie collection": movie.collection or "",
        "movie collectionthe": title_the(movie.collection or ""),
        "movie certification": movie.certification or "",
        "release year": str(movie.year) if movie.year else "",
        "imdbid": movie.imdb_id or "",
        "tmdbid": str(movie.tmdb_id) if movie.tmdb_id else "",
    }


def replace_colons(text: str, mode: ColonReplacement) -> str:
    if mode is ColonReplacement.DELETE:
        return text.replace(":", "")
    if mode is ColonReplacement.DASH:
        return text.replace(":", "-")
    if mode is ColonReplacement.SPACE_DASH:
        return text.replace(":", " -")
    if mode is ColonReplacement.SPACE_DASH_SPACE:
        return text.replace(": ", " - ").replace(":", " - ")
    # Smart: "Title: Sub" reads best as "Title - Sub"; a colon inside a word becomes a dash.
    return re.sub(r"(?<=\S):(?=\S)", "-", text.replace(": ", " - "))


def legalize(text: str, config: NamingConfig) -> str:
    """Make one path segment safe for every common file system."""
    text = replace_colons(text, config.colon_replacement_format)
    if config.replace_illegal_characters:
        text = _ILLEGAL.sub(lambda m: _ILLEGAL_SUBSTITUTES[m.group(0)], text)
    else:
        text = _ILLEGAL.sub("", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(". ")


def render(template: str, values: Mapping[str, str]) -> str:
    """Substitute tokens in ``template``; unknown tokens are left as written."""

    def plex(match: re.Match[str]) -> str:
        inner = render(match["inner"], values)
        return f"{{{match['kind'].lower()}-{inner}}}" if inner else ""

    template = _PLEX_TAG.sub(plex, template)

    def substitute(match: re.Match[str]) -> str:
        token = match["token"]
        sep = match["sep"] or " "
        key = re.sub(r"[- ._]+", " ", token).lower()
        if key not in values:
            return match.group(0)
        value = values[key]
        if match["modifier"] and re.fullmatch(r"-?\d+", match["modifier"]):
            length = int(match["modifier"])
            value = value[:length].rstrip() if length >= 0 else value[length:].lstrip()
        if sep != " ":
            value = value.replace(" ", sep)
        letters = [c for c in token if c.isalpha()]
        if letters and all(c.islower() for c in letters):
            value = value.lower()
        elif letters and all(c.isupper() for c in letters):
            value = value.upper()
        if not value:
            return ""
        return f"{match['prefix']}{value}{match['suffix']}"

    rendered = _TOKEN.sub(substitute, template)
    return re.sub(r"\(\s*\)|\[\s*\]", "", rendered)


def movie_folder_name(movie: MovieNamingFacts, config: NamingConfig) -> str:
    """The movie's folder name from the folder format."""
    return legalize(render(config.movie_folder_format, movie_tokens(movie)), config) or legalize(
        movie.title, config
    )
