"""Quality profiles: their item lists, Radarr's default profiles, and the rules a profile must keep.

A profile's items are ordered lowest to highest preference. An item is one quality
(``{"quality": id, "allowed": bool}``) or a group of equal qualities
(``{"id": 1000+, "name": str, "allowed": bool, "items": [...]}``). The cutoff names an item:
a quality id or a group id.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

from reelarr import qualities as q
from reelarr.languages import ENGLISH


def _group_items() -> list[dict[str, Any]]:
    """Every quality in Radarr's default order, WEB-DL and WEBRip grouped per resolution."""
    items: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    next_group_id = q.FIRST_GROUP_ID
    for default in q.DEFAULTS:
        if default.group is None:
            items.append({"quality": default.quality.id, "items": [], "allowed": False})
            continue
        group = groups.get(default.group)
        if group is None:
            group = {"id": next_group_id, "name": default.group, "items": [], "allowed": False}
            next_group_id += 1
            groups[default.group] = group
            items.append(group)
        group["items"].append({"quality": default.quality.id, "items": [], "allowed": False})
    return items


def schema_items() -> list[dict[str, Any]]:
    """The items of a new profile: every quality, none allowed (``qualityprofile/schema``)."""
    return _group_items()


def _with_allowed(allowed: set[int]) -> list[dict[str, Any]]:
    items = _group_items()
    for item in items:
        if "id" in item:
            members = {child["quality"] for child in item["items"]}
            item["allowed"] = bool(members & allowed)
            for child in item["items"]:
                child["allowed"] = item["allowed"]
        else:
            item["allowed"] = item["quality"] in allowed
    return items


@dataclass(frozen=True)
class DefaultProfile:
    name: str
    cutoff: q.Quality
    allowed: tuple[q.Quality, ...]


_WEB_480 = (q.WEBDL_480P, q.WEBRIP_480P)
_WEB_720 = (q.WEBDL_720P, q.WEBRIP_720P)
_WEB_1080 = (q.WEBDL_1080P, q.WEBRIP_1080P)
_WEB_2160 = (q.WEBDL_2160P, q.WEBRIP_2160P)

DEFAULT_PROFILES: tuple[DefaultProfile, ...] = (
    DefaultProfile(
        "Any",
        q.BLURAY_480P,
        (
            q.SDTV,
            q.DVD,
            *_WEB_480,
            q.BLURAY_480P,
            q.BLURAY_576P,
            q.HDTV_720P,
            *_WEB_720,
            q.BLURAY_720P,
            q.HDTV_1080P,
            *_WEB_1080,
            q.BLURAY_1080P,
            q.REMUX_1080P,
            q.HDTV_2160P,
            *_WEB_2160,
            q.BLURAY_2160P,
            q.REMUX_2160P,
        ),
    ),
    DefaultProfile("SD", q.BLURAY_480P, (q.SDTV, q.DVD, *_WEB_480, q.BLURAY_480P, q.BLURAY_576P)),
    DefaultProfile("HD-720p", q.BLURAY_720P, (q.HDTV_720P, *_WEB_720, q.BLURAY_720P)),
    DefaultProfile("HD-1080p", q.BLURAY_1080P, (q.HDTV_1080P, *_WEB_1080, q.BLURAY_1080P, q.REMUX_1080P)),
    DefaultProfile("Ultra-HD", q.REMUX_2160P, (q.HDTV_2160P, *_WEB_2160, q.BLURAY_2160P, q.REMUX_2160P)),
    DefaultProfile(
        "HD - 720p/1080p",
        q.BLURAY_720P,
        (q.HDTV_720P, q.HDTV_1080P, *_WEB_720, *_WEB_1080, q.BLURAY_720P, q.BLURAY_1080P, q.REMUX_1080P),
    ),
)


def default_profile_rows() -> Iterator[dict[str, Any]]:
    """Column values for the profiles a new install starts with."""
    for profile in DEFAULT_PROFILES:
        yield {
            "name": profile.name,
            "upgrade_allowed": False,
            "cutoff": profile.cutoff.id,
            "items": _with_allowed({quality.id for quality in profile.allowed}),
            "min_format_score": 0,
            "cutoff_format_score": 0,
            "min_upgrade_format_score": 1,
            "format_items": [],
            "language_id": ENGLISH.id,
        }


def iter_qualities(items: Iterable[dict[str, Any]]) -> Iterator[int]:
    """Every quality id in an item list, groups flattened."""
    for item in items:
        if item.get("items"):
            yield from iter_qualities(item["items"])
        elif item.get("quality") is not None:
            yield item["quality"]


def validate_items(items: list[dict[str, Any]], cutoff: int) -> list[tuple[str, str]]:
    """Problems with a profile's items and cutoff, as (property, message) pairs."""
    problems: list[tuple[str, str]] = []
    seen = list(iter_qualities(items))
    known = {quality.id for quality in q.ALL}
    unknown = sorted(set(seen) - known)
    if unknown:
        problems.append(("items", f"Unknown quality id(s): {', '.join(map(str, unknown))}"))
    duplicates = sorted({quality for quality in seen if seen.count(quality) > 1})
    if duplicates:
        problems.append(("items", f"Quality id(s) listed more than once: {', '.join(map(str, duplicates))}"))
    missing = sorted(known - set(seen))
    if missing:
        names = ", ".join(q.by_id(quality).name for quality in missing)
        problems.append(("items", f"Must contain all qualities; missing: {names}"))
    if not any(item.get("allowed") for item in items):
        problems.append(("items", "Must contain at least one allowed quality"))
    allowed_ids = {
        item.get("id") if item.get("items") else item.get("quality") for item in items if item.get("allowed")
    }
    if cutoff not in allowed_ids:
        problems.append(("cutoff", "Cutoff must be an allowed quality or group"))
    group_ids = [item["id"] for item in items if item.get("items")]
    if len(group_ids) != len(set(group_ids)):
        problems.append(("items", "Group ids must be unique"))
    return problems


# ---------------------------------------------------------------- the rules a profile sets


@dataclass(frozen=True)
class Profile:
    """A quality profile ready for decisions: its item list turned into a quality ranking.

    A quality's rank is the position of its item; qualities in one group share a rank, so
    neither upgrades the other.
    """

    id: int
    name: str
    upgrade_allowed: bool
    cutoff: int
    items: tuple[dict[str, Any], ...]
    min_format_score: int = 0
    cutoff_format_score: int = 0
    min_upgrade_format_score: int = 1
    format_scores: dict[int, int] = field(default_factory=dict)
    language_id: int = ENGLISH.id
    ranks: dict[int, int] = field(init=False, repr=False)
    allowed: frozenset[int] = field(init=False, repr=False)
    cutoff_rank: int = field(init=False, repr=False)

    def __post_init__(self) -> None:
        ranks: dict[int, int] = {}
        allowed: set[int] = set()
        cutoff_rank = -1
        for rank, item in enumerate(self.items):
            members = list(iter_qualities([item]))
            for quality_id in members:
                ranks[quality_id] = rank
            if item.get("allowed"):
                allowed.update(members)
            item_id = item.get("id") if item.get("items") else item.get("quality")
            if item_id == self.cutoff:
                cutoff_rank = rank
        object.__setattr__(self, "ranks", ranks)
        object.__setattr__(self, "allowed", frozenset(allowed))
        object.__setattr__(self, "cutoff_rank", cutoff_rank)

    @classmethod
    def from_row(cls, row: Any) -> Profile:
        """From a stored profile (anything with the quality profile table's attributes)."""
        return cls(
            id=row.id,
            name=row.name,
            upgrade_allowed=row.upgrade_allowed,
            cutoff=row.cutoff,
            items=tuple(row.items),
            min_format_score=row.min_format_score,
            cutoff_format_score=row.cutoff_format_score,
            min_upgrade_format_score=row.min_upgrade_format_score,
            format_scores={item["format"]: item.get("score", 0) for item in row.format_items},
            language_id=row.language_id,
        )

    def allows(self, quality: q.Quality) -> bool:
        return quality.id in self.allowed

    def rank(self, quality: q.Quality) -> int:
        """Higher is better; qualities the profile does not list rank below all others."""
        return self.ranks.get(quality.id, -1)

    @property
    def cutoff_name(self) -> str:
        for item in self.items:
            if item.get("items") and item.get("id") == self.cutoff:
                return str(item.get("name", ""))
        try:
            return q.by_id(self.cutoff).name
        except KeyError:
            return str(self.cutoff)

    def quality_cutoff_met(self, quality: q.Quality) -> bool:
        return self.rank(quality) >= self.cutoff_rank

    def cutoff_met(self, quality: q.Quality, format_score: int) -> bool:
        """Whether a copy this good is all the profile wants: nothing would upgrade it."""
        return self.quality_cutoff_met(quality) and format_score >= self.cutoff_format_score


class Propers(StrEnum):
    """The media management setting for propers and repacks."""

    PREFER_AND_UPGRADE = "preferAndUpgrade"
    DO_NOT_UPGRADE = "doNotUpgrade"
    DO_NOT_PREFER = "doNotPrefer"


@dataclass(frozen=True, slots=True)
class Copy:
    """One copy of a movie being compared: a file, a queued download or a release."""

    quality: q.Quality
    revision: q.Revision = field(default_factory=q.Revision)
    format_score: int = 0


def is_revision_upgrade(current: Copy, new: Copy) -> bool:
    """The same quality in a later revision (a proper, a repack or a REAL)."""
    return current.quality == new.quality and new.revision.sort_key() > current.revision.sort_key()


def upgrade_refusal(
    profile: Profile, current: Copy, new: Copy, propers: Propers = Propers.PREFER_AND_UPGRADE
) -> str | None:
    """Why ``new`` would not improve on ``current`` under ``profile``, or ``None`` if it would.

    Quality decides first, then the revision (unless propers are not upgrades), then the
    custom format score, which must grow by at least the profile's minimum increment.
    """
    new_rank, current_rank = profile.rank(new.quality), profile.rank(current.quality)
    if new_rank > current_rank:
        return None
    if new_rank < current_rank:
        return f"{current.quality.name} is better than {new.quality.name}"
    if propers is not Propers.DO_NOT_UPGRADE:
        if is_revision_upgrade(current, new):
            return None
        if new.revision.sort_key() < current.revision.sort_key() and current.quality == new.quality:
            return f"{current.quality.name} is a newer revision than this release"
    if new.format_score <= current.format_score:
        return (
            f"Custom format score {new.format_score} is not better than the existing {current.format_score}"
        )
    if new.format_score - current.format_score < profile.min_upgrade_format_score:
        return (
            f"Custom format score {new.format_score} does not improve on {current.format_score} "
            f"by the profile's minimum of {profile.min_upgrade_format_score}"
        )
    return None


def cutoff_refusal(
    profile: Profile, current: Copy, new: Copy, propers: Propers = Propers.PREFER_AND_UPGRADE
) -> str | None:
    """Why nothing should replace ``current`` because it already meets the cutoff, or ``None``.

    A proper or repack of the very same quality is still wanted when propers upgrade.
    """
    if not profile.cutoff_met(current.quality, current.format_score):
        return None
    if propers is Propers.PREFER_AND_UPGRADE and is_revision_upgrade(current, new):
        return None
    if profile.cutoff_format_score and current.format_score >= profile.cutoff_format_score:
        return (
            f"Existing {current.quality.name} with custom format score {current.format_score} "
            f"meets the cutoff {profile.cutoff_name} and score {profile.cutoff_format_score}"
        )
    return f"Existing {current.quality.name} meets the cutoff {profile.cutoff_name}"


# ---------------------------------------------------------------- delay and release profiles

USENET, TORRENT = "usenet", "torrent"


@dataclass(frozen=True, slots=True)
class DelayRule:
    """A delay profile: which protocols are on, which is preferred, how long each waits."""

    id: int = 0
    enable_usenet: bool = True
    enable_torrent: bool = True
    preferred_protocol: str = USENET
    usenet_delay: int = 0  # minutes
    torrent_delay: int = 0
    bypass_if_highest_quality: bool = False
    bypass_if_above_custom_format_score: bool = False
    minimum_custom_format_score: int = 0
    order: int = 2**31 - 1
    tags: frozenset[int] = frozenset()

    @classmethod
    def from_row(cls, row: Any) -> DelayRule:
        return cls(
            id=row.id,
            enable_usenet=row.enable_usenet,
            enable_torrent=row.enable_torrent,
            preferred_protocol=row.preferred_protocol,
            usenet_delay=row.usenet_delay,
            torrent_delay=row.torrent_delay,
            bypass_if_highest_quality=row.bypass_if_highest_quality,
            bypass_if_above_custom_format_score=row.bypass_if_above_custom_format_score,
            minimum_custom_format_score=row.minimum_custom_format_score,
            order=row.order,
            tags=frozenset(row.tags or ()),
        )

    def allows_protocol(self, protocol: str) -> bool:
        return {USENET: self.enable_usenet, TORRENT: self.enable_torrent}.get(protocol, True)

    def delay_minutes(self, protocol: str) -> int:
        return {USENET: self.usenet_delay, TORRENT: self.torrent_delay}.get(protocol, 0)


def delay_rule_for(rules: Iterable[DelayRule], movie_tags: Iterable[int]) -> DelayRule:
    """The delay profile for a movie: the first by order whose tags it shares, else the
    untagged default; a permissive profile with no delay when there is none at all."""
    tags = set(movie_tags)
    ordered = sorted(rules, key=lambda rule: rule.order)
    for rule in ordered:
        if rule.tags and rule.tags & tags:
            return rule
    return next((rule for rule in ordered if not rule.tags), DelayRule())


@dataclass(frozen=True)
class ReleaseRule:
    """A release profile: terms a title must contain and must not, for an indexer and tags."""

    id: int = 0
    name: str = ""
    enabled: bool = True
    required: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()
    indexer_id: int = 0
    tags: frozenset[int] = frozenset()

    @classmethod
    def from_row(cls, row: Any) -> ReleaseRule:
        return cls(
            id=row.id,
            name=row.name or "",
            enabled=row.enabled,
            required=tuple(row.required or ()),
            ignored=tuple(row.ignored or ()),
            indexer_id=row.indexer_id,
            tags=frozenset(row.tags or ()),
        )

    def applies_to(self, indexer_id: int, movie_tags: Iterable[int]) -> bool:
        if not self.enabled or (self.indexer_id and self.indexer_id != indexer_id):
            return False
        return not self.tags or bool(self.tags & set(movie_tags))


_REGEX_TERM = re.compile(r"^/(.+)/(i?)$")


@lru_cache(maxsize=1024)
def _term_matcher(term: str) -> Callable[[str], bool]:
    as_regex = _REGEX_TERM.match(term.strip())
    if as_regex:
        pattern = re.compile(as_regex.group(1), re.IGNORECASE)
        return lambda title: pattern.search(title) is not None
    lowered = term.strip().lower()
    return lambda title: lowered in title.lower()


def term_matches(term: str, title: str) -> bool:
    """Whether a release profile term is in a title: plain terms ignore case; ``/regex/`` terms
    are regular expressions (case-insensitive too)."""
    return bool(term.strip()) and _term_matcher(term)(title)


def release_rule_refusal(rules: Iterable[ReleaseRule], title: str) -> str | None:
    """Why the applicable release profiles refuse a title, or ``None``."""
    for rule in rules:
        if rule.required and not any(term_matches(term, title) for term in rule.required):
            return f"Does not contain one of the required terms: {', '.join(rule.required)}"
        found = [term for term in rule.ignored if term_matches(term, title)]
        if found:
            return f"Contains one of the rejected terms: {', '.join(found)}"
    return None
