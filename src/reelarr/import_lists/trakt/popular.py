"""Trakt Popular List: Trakt's movie feeds (trending, popular, anticipated, box office, most
watched and recommended by period) with Radarr's filters: rating, certification, genres, years."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from reelarr.import_lists.trakt import TraktImport, TraktSettingsBase
from reelarr.providers import Form

FEEDS = {
    0: ("Trending Movies", "movies/trending"),
    1: ("Popular Movies", "movies/popular"),
    2: ("Top Anticipated Movies", "movies/anticipated"),
    3: ("Top Box Office Movies", "movies/boxoffice"),
    4: ("Top Watched Movies By Week", "movies/watched/weekly"),
    5: ("Top Watched Movies By Month", "movies/watched/monthly"),
    6: ("Top Watched Movies By Year", "movies/watched/yearly"),
    7: ("Top Watched Movies Of All Time", "movies/watched/all"),
    8: ("Recommended Movies By Week", "movies/recommended/weekly"),
    9: ("Recommended Movies By Month", "movies/recommended/monthly"),
    10: ("Recommended Movies By Year", "movies/recommended/yearly"),
    11: ("Recommended Movies Of All Time", "movies/recommended/all"),
}


class TraktPopularSettings(TraktSettingsBase):
    trakt_list_type: Annotated[
        int,
        Form(
            "List Type",
            "Type of list you're seeking to import from",
            type="select",
            select_options=tuple((k, label) for k, (label, _) in FEEDS.items()),
        ),
    ] = 1
    rating: Annotated[str, Form("Rating", "Filter movies by rating range (0-100)")] = "0-100"
    certification: Annotated[
        str, Form("Certification", "Filter movies by a certification (NR,G,PG,PG-13,R,NC-17)")
    ] = ""
    genres: Annotated[
        str, Form("Genres", "Filter movies by Trakt genre slug (comma separated), only for popular lists")
    ] = ""
    years: Annotated[str, Form("Years", "Filter movies by year or year range")] = ""
    trakt_additional_parameters: Annotated[
        str, Form("Additional Parameters", "Additional Trakt API parameters", advanced=True)
    ] = ""


class TraktPopularImport(TraktImport):
    implementation = "TraktPopularImport"
    implementation_name = "Trakt Popular List"
    settings_model = TraktPopularSettings

    def path(self) -> str:
        settings = self.settings
        assert isinstance(settings, TraktPopularSettings)
        filters = {
            "years": settings.years,
            "genres": settings.genres.lower(),
            "ratings": settings.rating,
            "certifications": settings.certification.lower(),
            "limit": settings.limit,
        }
        feed = FEEDS.get(settings.trakt_list_type, FEEDS[1])[1]
        return f"{feed}?{urlencode(filters)}{settings.trakt_additional_parameters}"
