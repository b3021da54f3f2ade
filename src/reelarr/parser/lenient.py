"""Lenient parsing: answers for the names Radarr's parser refuses or gets half right.

``parse_title`` stays Radarr-exact, refusals included. This path is for callers that already know
the movie or can confirm it (a search for one movie, an import matched against the library), so a
looser reading cannot grab the wrong film. It reads yearless names (``The_Italian_Job.mkv``), moves
alternative titles in brackets out of the title and drops credits (``Mise à Sac (Alain Cavalier,
1967)``), cuts edition, 3D, IMAX, HDR and VR markers from the end of the title, strips website and
uploader prefixes, and reports ``CD2``/``Part 3`` as a part number. The title read the strict way
(or the whole title before a marker) stays among ``movie_titles`` so a match on it still counts.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .model import ParsedMovie
from .title import (
    MAX_TITLE_LENGTH,
    TitleMatch,
    is_valid_release_name,
    movie_from_title,
    parse_title,
    release_title_of,
)

# "www.site.tld - ", "[www.site.tld]", "ww.Tamilblasters.sbs - " in front of a name.
_SITE_PREFIX = re.compile(
    r"^\s*(?:[\[(]\s*(?:www?[.,])?[-\w]+(?:[.,][-\w]+)*[.,][a-z]{2,6}\s*[\])]"
    r"|(?:www?[.,])?[-\w]+(?:[.,][-\w]+)*[.,][a-z]{2,6}(?=\s+-\s)|www\s+\w+\s+[a-z]{2,6}(?=\s+-\s))[\s_-]*",
    re.IGNORECASE,
)
# Lower-case scene files named after their group: "blow-how.to.be.single.2016.720p.mkv". Such a
# name has no other dash; "spider-man.2002.720p.bluray.x264-sparks" keeps its first word.
_SCENE_PREFIX = re.compile(r"^[a-z0-9]{2,8}-(?=[a-z0-9]+\.[^-]*$)")
# "(1)The Girl With The Dragon Tattoo", "09.03.08.The.Doors": a collection's numbering or a date.
_NUMBERING = re.compile(r"^(?:\(\d{1,2}\)|\d\d\.\d\d\.\d\d\.)\s*(?=[^\W\d_])")
# "(CD3) Movie.avi": a part marker in front.
_LEADING_PART = re.compile(r"^\s*[\[(]?(?:cd|dis[ck])\s?(\d{1,2})[\])]?[\s._-]*", re.IGNORECASE)
# CD1, Disc 2, Part 3, pt.2 after the title.
_PART = re.compile(r"(?<![^\W_])(?:cd|dis[ck]|part|pt)[\s._-]?(\d{1,2})(?![^\W_])", re.IGNORECASE)

# Words that end a title: sources, resolutions, codecs, audio, editions, 3D, HDR, part markers,
# languages. Short ones that are also ordinary words count only in capitals.
_TAG_WORDS = (
    r"\d{3,4}[pi]|[48]k|uhd|blu-?ray|bd(?:rip|remux|25|50)?|br-?rip|dvd(?:rip|scr|r|9|5)?|web(?:-?dl|-?rip)?"
    r"|hdtv|pdtv|sdtv|hd-?rip|hdcam|hdts|camrip|telesync|telecine|r[56]|screener|dvdscreener|remux"
    r"|[xh]\.?26[45]|xvid|divx|hevc|avc|10-?bit|8-?bit|aac(?:2\.0)?|ac3|dts(?:-?hd)?|ddp?5\.?1|flac"
    r"|mp3|truehd|atmos|proper|repack|internal|limited|readnfo|multi|dual(?:-?audio)?|dubbed|subbed"
    r"|vostfr|truefrench|french|german|hindi|tamil|telugu|english|spanish|castellano|latino|russian"
    r"|3d|h-?sbs|h-?ou|imax|hdr(?:10\+?)?|dovi|vr(?:180|360)?|extended|unrated|uncut|uncensored"
    r"|remastered|directors|theatrical|criterion|edition|cd\d{1,2}|dis[ck][\s._-]?\d{1,2}"
    r"|part[\s._-]?\d{1,2}|mp4|mkv|avi|webm|[12]cd|2in1|subs?|rip|\d{3,4}x\d{3,4}|(?:bd|br|bdrip|brrip|dvd)mux"
    r"|convert|pal|ntsc|secam|doku|swissgerman|xxx|vff|vfq|vf2|vp9|opus|director'?s?|ppv"
)
_CAPITAL_TAGS = r"TS|TC|CAM|SCR|DC|SE|EE|HC|HQ|HD|SD|DV|ITA|ENG|RUS|SUB|FR|VF|VO|VOST|OM"
_BOUNDARY = r"[\s._\-\[\](){}+,]"
# Every tag starts with a letter or digit: checking that first makes runs of separators cheap.
_TAG = re.compile(
    r"(?:^|(?<="
    + _BOUNDARY
    + r"))(?=[0-9A-Za-z])(?:(?i:"
    + _TAG_WORDS
    + r")|"
    + _CAPITAL_TAGS
    + r")(?=$|"
    + _BOUNDARY
    + r")"
)
# Technical tags inside a title Radarr read mean it ran past the real title (its year may be the
# "2020" of "BT.2020"); language and edition words do not (The Good German, The Christmas Edition).
_TECHNICAL_WORDS = (
    r"\d{3,4}[pi]|[48]k|uhd|blu-?ray|bd(?:rip|remux)|br-?rip|dvd(?:rip|scr)|web-?(?:dl|rip)|hdtv|hd-?rip"
    r"|hdcam|camrip|telesync|remux|[xh]\.?26[45]|xvid|divx|hevc|10-?bit|aac|ac3|dts|flac|truehd|atmos"
    r"|hdr(?:10\+?)?|dovi"
)
_TECHNICAL = re.compile(
    r"(?<=" + _BOUNDARY + r")(?=[0-9A-Za-z])(?i:" + _TECHNICAL_WORDS + r")(?=$|" + _BOUNDARY + r")"
)
# Markers glued to the end of a title Radarr read: "Alien DC", "Pacific Rim 3D", "Movie VR180".
_TRAILING_MARKER = re.compile(
    r"[\s.]+(?:(?i:(?:3d|h-?sbs|imax|hdr(?:10\+?)?|vr(?:180|360)?|extended|unrated|uncut|remastered"
    r"|directors|theatrical|criterion)(?:[\s.]+(?:cut|edition|version))?|special[\s.]+edition)"
    r"|DC|SE|EE|HQ|HC|OM)$"
)
_YEAR_ANYWHERE = re.compile(r"(?i)(?<!\d)(?<!bt\.)(?<!bt)(?<!rec\.)(?:19|20)\d\d(?![\dpi])")
# A bracket closing a title: an alternative title, or credits when it holds a comma or a year.
_TITLE_BRACKET = re.compile(r"[(\[]([^()\[\]]*)[)\]]$")
_AKA = re.compile(r"^a\.?k\.?a\.?\s+", re.IGNORECASE)
_TRAILING_CLUTTER = " \t._-([{+,"
_SEPARATORS = " \t._-[](){}+,"
_YEAR_FIRST = re.compile(r"\(?(?:19|20)\d\d\)?[\s._-]")
_LAST_LATIN = 0x24F  # the end of Latin Extended-B: "Mise à Sac" is Latin, "Трон" is not
_CLOSING = re.compile(r"[\])]")


def _strip_prefixes(name: str) -> str:
    site = _SITE_PREFIX.match(name, 0, 120)
    if site is not None and site.end() < len(name):
        name = name[site.end() :]
    numbering = _NUMBERING.match(name)
    if numbering is not None and numbering.end() < len(name):
        name = name[numbering.end() :]
    if name.islower():
        name = _SCENE_PREFIX.sub("", name, count=1)
    return name


def _split_brackets(title: str) -> tuple[str, list[str]]:
    """``Youth In Revolt (Be Bad)`` -> ``Youth In Revolt`` and ``["Be Bad"]``; credits are dropped."""
    bracket = _TITLE_BRACKET.search(title)
    if bracket is None:
        return title, []
    primary = title[: bracket.start()].rstrip()
    if not primary:
        return title, []
    inner = _AKA.sub("", bracket.group(1).strip())
    credits = "," in inner or _YEAR_ANYWHERE.search(inner)
    return primary, [] if credits or not inner else [inner]


def _has_non_latin_letter(word: str) -> bool:
    return any(ch.isalpha() and ord(ch) > _LAST_LATIN for ch in word)


def _latin_tail(title: str) -> str:
    """``Трон: Наследие / TRON: Legacy`` -> ``TRON: Legacy``: the Latin-script title after a local one."""
    if title.isascii():
        return title
    words = title.split()
    last_foreign = max((index for index, word in enumerate(words) if _has_non_latin_letter(word)), default=-1)
    tail = words[last_foreign + 1 :]
    while tail and not any(ch.isalnum() for ch in tail[0]):
        tail = tail[1:]  # the "/" between the two
    return " ".join(tail) if last_foreign >= 0 and tail else title


def _without_markers(title: str) -> str:
    while True:
        # Only the end can hold a marker; searching just that keeps long titles linear.
        tail_start = max(0, len(title) - 40)
        marker = _TRAILING_MARKER.search(title, tail_start)
        shorter = title[: marker.start()] if marker else title
        if shorter == title or not shorter.strip():
            return title
        title = shorter


_UNCLOSED_BRACKET = re.compile(r"[(\[][^()\[\]]*$")


def _refined(parsed: ParsedMovie, part: int, also: tuple[str, ...] = ()) -> ParsedMovie:
    closed = _UNCLOSED_BRACKET.sub("", parsed.movie_title).rstrip() or parsed.movie_title
    primary, extras = _split_brackets(closed)
    primary = _without_markers(_latin_tail(primary))
    titles = dict.fromkeys([primary, *extras, *parsed.movie_titles, *also])
    if primary == parsed.movie_title and len(titles) == len(parsed.movie_titles) and not part:
        return parsed
    return replace(parsed, movie_title=primary, movie_titles=tuple(titles), part=part)


def _part_of(name: str) -> int:
    """The number of the last CD/Disc/Part marker: ``CD1.of.2`` has none after ``CD1``."""
    numbers = _PART.findall(name)
    return int(numbers[-1]) if numbers else 0


def _title_start(release_title: str, position: int) -> int:
    """Past tags that lead the name: ``[DVDRip-ITA]The Movie``, ``h265 - HEVC Riddick ...``."""
    while True:
        start = position
        while start < len(release_title) and release_title[start] in _SEPARATORS:
            start += 1
        tag = _TAG.match(release_title, start)
        if tag is None:
            return position if release_title[position : position + 1] not in ("]", ")") else start
        position = tag.end()


def _up_to_first_tag(
    title: str, name: str, strict: ParsedMovie | None = None, also: tuple[str, ...] = ()
) -> ParsedMovie | None:
    """The title runs up to the first tag or year; a year after it counts, none means year 0."""
    release_title = release_title_of(name)
    leading = _LEADING_PART.match(release_title)
    body_start = _title_start(release_title, leading.end() if leading else 0)
    tag = _TAG.search(release_title, body_start + 1)
    raw_end = tag.start() if tag else len(release_title)
    # The first year after the title's first word: it ends the title if it comes before any tag.
    year_match = _YEAR_ANYWHERE.search(release_title, body_start + 1)
    if year_match is not None and year_match.start() < raw_end:
        raw_end = year_match.start()
    raw_title = release_title[body_start:raw_end].rstrip(_TRAILING_CLUTTER)
    if raw_title[:1] in ("[", "(") and not _CLOSING.search(raw_title):
        raw_title = raw_title[1:]  # "[Taxi 1998]": the bracket holds the whole name
    if not raw_title:
        return None
    year = int(year_match.group()) if year_match else 0
    quality = strict.quality if strict is not None else None
    parsed = movie_from_title(title, release_title, TitleMatch(raw_title, year), quality)
    if parsed is None:
        return None
    part = int(leading.group(1)) if leading else _part_of(release_title[raw_end:])
    return _refined(parsed, part, (*(strict.movie_titles if strict is not None else ()), *also))


def parse_title_lenient(title: str, is_dir: bool = False) -> ParsedMovie | None:
    """Radarr's answer refined, or a best reading of a name Radarr refuses; year 0 when unknown."""
    if not isinstance(title, str) or not title:
        return None
    title = title[:MAX_TITLE_LENGTH]
    if not is_valid_release_name(title):
        return None
    name = _strip_prefixes(title)
    strict = parse_title(name, is_dir)
    if strict is None and not is_dir and _YEAR_FIRST.match(name):
        strict = parse_title(name, is_dir=True)  # "2008 The Incredible Hulk.mp4", as folders are read
    # Radarr's own reading of the whole name stays among the titles, so a match on it still counts.
    unstripped = parse_title(title, is_dir) if name != title else None
    also = unstripped.movie_titles if unstripped is not None else ()
    if strict is None:
        return _up_to_first_tag(title, name, also=also)
    if _TECHNICAL.search(strict.movie_title, 1):
        # Radarr's title runs into tags ("Civil War HDR  HEVC  BT" from "...BT.2020..."):
        # its year is no year either.
        reread = _up_to_first_tag(title, name, strict, also)
        if reread is not None:
            return reread
    tail = strict.simple_release_title
    after_title = max(tail.find("A Movie"), tail.find("A.Movie"))
    return _refined(strict, _part_of(tail[after_title + 7 :] if after_title >= 0 else tail), also)


# A slash between spaces is no folder: "Guardians of the Galaxy (CamRip / 2014)".
_PATH_SEPARATOR = re.compile(r"(?<! )[\\/]|[\\/](?! )")


def parse_path_lenient(path: str) -> ParsedMovie | None:
    """A file path read leniently: the file name, then its folder.

    A folder wins over a yearless file name when it has a year or is a release name itself
    (``Charlie.And.Boots.DVDRip.XviD-TheWretched/wthd-cab.avi``).
    """
    if not isinstance(path, str) or not path:
        return None
    parts = [part for part in _PATH_SEPARATOR.split(path[-2 * MAX_TITLE_LENGTH :]) if part]
    if not parts:
        return None
    from_file = parse_title_lenient(parts[-1])
    if (from_file is not None and from_file.year) or len(parts) < 2:
        return from_file
    from_folder = parse_title_lenient(parts[-2], is_dir=True)
    if from_folder is not None and (from_folder.year or from_file is None or _TECHNICAL.search(parts[-2])):
        return from_folder
    return from_file
