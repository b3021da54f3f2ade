"""Quality profiles: their item lists, Radarr's default profiles, and the rules a profile must keep.

A profile's items are ordered lowest to highest preference. An item is one quality
(``{"quality": id, "allowed": bool}``) or a group of equal qualities
(``{"id": 1000+, "name": str, "allowed": bool, "items": [...]}``). The cutoff names an item:
a quality id or a group id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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
