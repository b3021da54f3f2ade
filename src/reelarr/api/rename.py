"""``/api/v3/rename`` previews renames; ``config/naming/examples`` shows unsaved formats at work.

The renames themselves run as the ``RenameFiles`` and ``RenameMovie`` commands.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import ValidationError
from pydantic.alias_generators import to_camel

from reelarr import importing
from reelarr import settings as settings_store
from reelarr.api.base import CtxDep, SessionDep
from reelarr.api.limits import Id
from reelarr.errors import ValidationFailed
from reelarr.naming import NamingConfig, naming_examples

router = APIRouter()


@router.get("/rename", tags=["RenameMovie"])
async def preview(ctx: CtxDep, movie_id: Annotated[list[Id], Query(alias="movieId")]) -> list[dict[str, Any]]:
    """Radarr's RenameMovieResource for each file whose name would change."""
    return [
        {
            "movieId": rename.movie_id,
            "movieFileId": rename.movie_file_id,
            "existingPath": rename.existing_path,
            "newPath": rename.new_path,
        }
        for rename in await importing.preview_renames(ctx, movie_id)
    ]


@router.get("/config/naming/examples", tags=["NamingConfig"])
async def examples(
    session: SessionDep,
    rename_movies: Annotated[bool | None, Query(alias="renameMovies")] = None,
    replace_illegal_characters: Annotated[bool | None, Query(alias="replaceIllegalCharacters")] = None,
    colon_replacement_format: Annotated[str | None, Query(alias="colonReplacementFormat")] = None,
    standard_movie_format: Annotated[str | None, Query(alias="standardMovieFormat")] = None,
    movie_folder_format: Annotated[str | None, Query(alias="movieFolderFormat")] = None,
) -> dict[str, Any]:
    """The sample movie named by the saved formats, or by the unsaved ones the UI sends."""
    saved = await settings_store.load(session, NamingConfig)
    overrides = {
        "rename_movies": rename_movies,
        "replace_illegal_characters": replace_illegal_characters,
        "colon_replacement_format": colon_replacement_format,
        "standard_movie_format": standard_movie_format,
        "movie_folder_format": movie_folder_format,
    }
    merged = {**saved.model_dump(), **{k: v for k, v in overrides.items() if v is not None}}
    try:
        config = NamingConfig.model_validate(merged)
    except ValidationError as exc:
        raise ValidationFailed(*((to_camel(str(e["loc"][0])), e["msg"]) for e in exc.errors())) from None
    return naming_examples(config)
