"""Release group: the scene or P2P group that made a release, usually after the last dash."""

from __future__ import annotations

import re

from .common import TORRENT_SUFFIX, WEBSITE_PREFIX, remove_file_extension

# "[Group] Title - 01 [hash]": anime groups lead.
_ANIME_GROUP = re.compile(r"^\[(?P<group>(?!\s)[^\]]+?(?<!\s))\](?:_|-|\s|\.)?")
# Indexer and reposter tags glued after the real group, and everything up to an SxxEyy.
_REPOST_SUFFIX = re.compile(
    r"(?:-(?:RP|1|NZBGeek|Obfuscated|Obfuscation|Scrambled|sample|Pre|postbot|xpost|Rakuv[a-z0-9]*|WhiteRev"
    r"|BUYMORE|AsRequested|AlternativeToRequested|GEROV|Z0iDS3N|Chamele0n|4P|4Planet|AlteZachen|RePACKPOST))+$",
    re.IGNORECASE,
)
_UP_TO_EPISODE = re.compile(r"^.*?[-._ ]S\d+E\d+[-._ ]", re.IGNORECASE)
# Groups whose names break the usual dash rule, matched anywhere as whole words.
_KNOWN_GROUPS = re.compile(
    r"\b(?:KRaLiMaRKo|E\.N\.D|D-Z0N3|Koten_Gars|BluDragon|ZØNEHD|HQMUX|VARYG|YIFY|YTS(?:\.(?:MX|LT|AG))?"
    r"|TMd|Eml\ HDTeam|LMain|DarQ|BEN\ THE\ MEN|TAoE|QxR|126811)\b",
    re.IGNORECASE,
)
# P2P encoders who sign at the end of a bracketed or parenthesized block: "(... 10bit Tigole)".
_SIGNING_GROUPS = re.compile(
    r"(?<=[._ \[(])(?:Joy|ImE|UTR|t3nzin|Anime\ Time|Project\ Angel|Hakata\ Ramen|HONE|GiLG|Vyndros|SEV"
    r"|Garshasp|Kappa|Natty|RCVR|SAMPA|YOGI|r00t|EDPH|FreetheFish|Anna|Bandi|Qman|theincognito|HDO|DusIctv"
    r"|DHD|CtrlHD|-ZR-|ADC|XZVN|RH|Kametsu|Tigole|afm72|Ghost|Silence|MONOLITH|RZeroX)(?=[)\]])",
)
# "-GROUP" (optionally "-GR-OUP"), not followed by a resolution, and not a known non-group tail
# such as WEB-DL or DTS-HD; or "[GROUP]" closing the name. "Not followed by a resolution" is checked
# against the last resolution's position, found once, rather than by a look-ahead per dash: that
# made names with thousands of dashes quadratic.
_DASH_GROUP = re.compile(
    r"""-(?P<group>[a-z0-9]+(?:-[a-z0-9]+)?)(?=\b|[-._ ]|$)
    |[-._ ]\[(?P<bracketed>[a-z0-9]+)\]$""",
    re.IGNORECASE | re.VERBOSE,
)
_RESOLUTION = re.compile(r"480p|576p|720p|1080p|2160p", re.IGNORECASE)
_NOT_A_GROUP_TAIL = re.compile(
    r"""(?:WEB-(?:DL|Rip)|Blu-Ray|480p|576p|720p|1080p|2160p|DTS-HD|DTS-X|DTS-MA|DTS-ES|-ES|-EN|-CAT|-ENG
    |-JAP|-GER|-FRA|-FRE|-ITA|-HDRip|\d{1,2}-bit|[ ._]\d{4}-\d{2}|-\d{2}|tmdb(?:id)?-\d+|tt\d{7,8})$""",
    re.IGNORECASE | re.VERBOSE,
)
_LONGEST_TAIL = 32
_INVALID_GROUP = re.compile(r"[se]\d+|[0-9a-f]{8}", re.IGNORECASE)


def _ends_with_non_group_tail(title: str, end: int) -> bool:
    # Every tail is short, so only the last few characters need looking at.
    return _NOT_A_GROUP_TAIL.search(title, max(0, end - _LONGEST_TAIL), end) is not None


def _accepted_group(title: str, match: re.Match[str]) -> str | None:
    """The group a ``-GROUP`` match stands for once known non-group tails are ruled out."""
    group = match.group("group")
    dash = group.find("-")
    if dash >= 0:
        first_end = match.start("group") + dash
        if _ends_with_non_group_tail(title, first_end):
            return None
        # "-Blu-bits" is a group even though "-bits" alone could end a known tail.
        return group[:dash] if _ends_with_non_group_tail(title, match.end("group")) else group
    return None if _ends_with_non_group_tail(title, match.end("group")) else group


def _dash_group(title: str) -> str | None:
    found: str | None = None
    position = 0
    last_resolution = max((match.start() for match in _RESOLUTION.finditer(title)), default=-1)
    while True:
        match = _DASH_GROUP.search(title, position)
        if match is None:
            break
        if match.group("group") is not None and last_resolution > match.end("group"):
            position = match.start() + 1
            continue
        group = match.group("bracketed")
        if group is None:
            group = _accepted_group(title, match)
        if group is None:
            position = match.start() + 1
            continue
        found = group
        position = match.end() if match.group("bracketed") else match.start("group") + len(group)
    if found is None or found.isdigit() or _INVALID_GROUP.fullmatch(found):
        return None
    return found


def parse_release_group(title: str) -> str | None:
    """The group that released ``title``, or ``None`` when it names none."""
    title = remove_file_extension(title.strip()[:1024])
    title = WEBSITE_PREFIX.sub("", title, count=1)
    if title.endswith("]"):
        title = TORRENT_SUFFIX.sub("", title)
    if title.startswith("["):
        anime = _ANIME_GROUP.match(title)
        if anime is not None:
            return anime.group("group")
    title = _REPOST_SUFFIX.sub("", title)
    episode = _UP_TO_EPISODE.search(title)
    if episode is not None:
        title = title[episode.end() :]
    for exceptions in (_KNOWN_GROUPS, _SIGNING_GROUPS):
        named = exceptions.findall(title)
        if named:
            return str(named[-1])
    if "-" not in title and "[" not in title:
        return None
    return _dash_group(title)
