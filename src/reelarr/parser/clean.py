"""Title normalization for matching, URL slugs and IMDb id normalization."""

from __future__ import annotations

import re
import unicodedata

# Umlauts are spelled out (ä -> ae) the way German titles are written without them.
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})

# A filler word between two others; the acronym checks happen in _keep_filler.
_FILLER_WORD = re.compile(r"(?<=[\W_])(?:a|an|the|and|or|of)(?=[\W_])", re.IGNORECASE)
_LOOSE_LETTER = re.compile(r"[^a-zA-Z0-9_']\w[^a-zA-Z0-9_']")
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
_IMDB_ID = re.compile(r"(?:tt)?(\d{1,8})", re.IGNORECASE)


def remove_accents(text: str) -> str:
    """Drop combining marks: ``Carnivàle`` becomes ``Carnivale``."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _keep_filler(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    # A filler right after a single letter set off by separators (the "E" of "N K L E a") is
    # part of an acronym; so is an "a" right before one.
    if start >= 3 and _LOOSE_LETTER.fullmatch(text, start - 3, start):
        return match.group()
    if match.group().lower() == "a" and _LOOSE_LETTER.fullmatch(text, end, end + 3):
        return match.group()
    return ""


def clean_title(title: str) -> str:
    """Radarr's matching key for a title: lower case, no accents, separators or inner filler words."""
    stripped = title.strip()
    if stripped.lstrip("+-").isdigit() and stripped.isascii():
        return title
    text = remove_accents(title.translate(_UMLAUTS))
    text = _FILLER_WORD.sub(_keep_filler, text)
    return _NOT_ALPHANUMERIC.sub("", text).lower()


_SLUG_SPACE = re.compile(r"\s")
_SLUG_INVALID = re.compile(r"[^a-z0-9\s\-_]")


def to_url_slug(
    value: str,
    invalid_dash_replacement: bool = False,
    trim_end_chars: str | None = "-_",
    deduplicate_chars: str | None = "-_",
) -> str:
    """A lower-case URL slug; runs of ``deduplicate_chars`` collapse to their last character."""
    slug = remove_accents(value.lower())
    slug = _SLUG_SPACE.sub("-", slug)
    slug = _SLUG_INVALID.sub("-" if invalid_dash_replacement else "", slug)
    if trim_end_chars:
        slug = slug.rstrip(trim_end_chars)
    if deduplicate_chars:
        run = re.compile("[" + re.escape(deduplicate_chars) + "]{2,}")
        slug = run.sub(lambda m: m.group()[-1], slug)
    return slug


def normalize_imdb_id(value: str) -> str | None:
    """``123`` and ``tt0000123`` both become ``tt0000123``; anything else is ``None``."""
    match = _IMDB_ID.fullmatch(value.strip()) if value else None
    if match is None:
        return None
    return "tt" + match.group(1).rjust(7, "0")
