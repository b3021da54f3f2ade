"""Dates and times on every page, as Settings > UI asks: short and long date formats, 12- or
24-hour time, and "Today"/"Yesterday"/"Tomorrow" when relative dates are on.

The formats are Radarr's (moment.js tokens such as ``MMM D YYYY`` and ``h(:mm)a``), so a
configuration imported from Radarr reads the same. Times are shown in the server's time zone.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup, escape

from reelarr.settings import UiSettings

# Longest first, so that "MMMM" is not read as "MM" twice; "(:mm)" is minutes unless on the hour.
_TOKENS = re.compile(r"\(:mm\)|YYYY|YY|MMMM|MMM|MM|M|DD|Do|D|dddd|ddd|HH|H|hh|h|mm|ss|A|a")
_RELATIVE = {0: "Today", -1: "Yesterday", 1: "Tomorrow"}


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def moment_format(moment: dt.datetime, pattern: str) -> str:
    """``moment`` written with moment.js tokens; any other character is kept as it is."""
    hour12 = moment.hour % 12 or 12
    values = {
        "(:mm)": f":{moment.minute:02d}" if moment.minute else "",
        "YYYY": f"{moment.year:04d}",
        "YY": f"{moment.year % 100:02d}",
        "MMMM": moment.strftime("%B"),
        "MMM": moment.strftime("%b"),
        "MM": f"{moment.month:02d}",
        "M": str(moment.month),
        "DD": f"{moment.day:02d}",
        "Do": _ordinal(moment.day),
        "D": str(moment.day),
        "dddd": moment.strftime("%A"),
        "ddd": moment.strftime("%a"),
        "HH": f"{moment.hour:02d}",
        "H": str(moment.hour),
        "hh": f"{hour12:02d}",
        "h": str(hour12),
        "mm": f"{moment.minute:02d}",
        "ss": f"{moment.second:02d}",
        "A": "AM" if moment.hour < 12 else "PM",
        "a": "am" if moment.hour < 12 else "pm",
    }
    return _TOKENS.sub(lambda match: values[match.group(0)], pattern)


def as_local(value: Any) -> dt.datetime | None:
    """A stored moment (ISO text, datetime or date) in the server's time zone; None if empty."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, dt.datetime):
        return value.astimezone() if value.tzinfo else value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    raise TypeError(f"not a date: {value!r}")


class DateFormatter:
    """One page's way of writing dates, from the UI settings and the moment the page is made."""

    def __init__(self, ui: UiSettings, now: dt.datetime | None = None) -> None:
        self.ui = ui
        self.today = (now or dt.datetime.now().astimezone()).date()

    def short_date(self, moment: dt.datetime) -> str:
        if self.ui.show_relative_dates and (moment.date() - self.today).days in _RELATIVE:
            return _RELATIVE[(moment.date() - self.today).days]
        return moment_format(moment, self.ui.short_date_format)

    def long_date(self, moment: dt.datetime) -> str:
        return moment_format(moment, self.ui.long_date_format)

    def time(self, moment: dt.datetime) -> str:
        return moment_format(moment, self.ui.time_format)

    def element(self, value: Any, *, with_time: bool) -> Markup:
        """A ``<time>`` element: the short form shown, the full one in its title for a hover."""
        moment = as_local(value)
        if moment is None:
            return Markup("")
        shown = f"{self.short_date(moment)} {self.time(moment)}" if with_time else self.short_date(moment)
        full = f"{self.long_date(moment)} {self.time(moment)}"
        return Markup('<time datetime="{}" title="{}">{}</time>').format(
            moment.isoformat(), escape(full), escape(shown)
        )


def _formatter(context: Any) -> DateFormatter:
    request = context.get("request")
    ui = getattr(request.state, "ui", None) if request is not None else None
    return DateFormatter(ui or UiSettings())


@pass_context
def date_filter(context: Any, value: Any) -> Markup:
    """``{{ value | date }}``: the short date (or Today, Yesterday, Tomorrow)."""
    return _formatter(context).element(value, with_time=False)


@pass_context
def datetime_filter(context: Any, value: Any) -> Markup:
    """``{{ value | datetime }}``: the short date and the time."""
    return _formatter(context).element(value, with_time=True)


@pass_context
def long_date_filter(context: Any, value: Any) -> str:
    """``{{ value | long_date }}``: the long date alone, as headings use it."""
    moment = as_local(value)
    return _formatter(context).long_date(moment) if moment else ""


FILTERS = {"date": date_filter, "datetime": datetime_filter, "long_date": long_date_filter}
