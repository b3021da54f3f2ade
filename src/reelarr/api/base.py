"""What every API v3 router shares: dependencies, models and error shapes.

Who may call the API is decided before any router runs, by :mod:`reelarr.security.gate`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, model_validator
from pydantic.alias_generators import to_camel
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException as StarletteHTTPException

from reelarr.api.limits import INT32_MAX, PAGE_SIZE_MAX, storable_problem
from reelarr.context import Context
from reelarr.errors import NotFound, ValidationFailed

log = logging.getLogger(__name__)


# ---------------------------------------------------------------- dependencies


def get_context(request: Request) -> Context:
    ctx: Context = request.app.state.ctx
    return ctx


CtxDep = Annotated[Context, Depends(get_context)]


async def read_session(ctx: CtxDep) -> AsyncIterator[AsyncSession]:
    async with ctx.db.read() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(read_session)]


# ---------------------------------------------------------------- models


class ApiModel(BaseModel):
    """Radarr's JSON: camelCase names; unknown fields that clients echo back are ignored.

    Whatever a body holds, even in the fields a model ignores or keeps as plain JSON, must be
    something the database can store: see :func:`limits.storable_problem`.
    """

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        problem = storable_problem(data)
        if problem is not None:
            raise ValueError(problem)
        return data


class Paging(ApiModel):
    page: int = 1
    page_size: int = 10
    sort_key: str | None = None
    sort_direction: Literal["default", "ascending", "descending"] = "default"


def paging(
    page: Annotated[int, Query(ge=1, le=INT32_MAX)] = 1,
    pageSize: Annotated[int, Query(ge=1, le=PAGE_SIZE_MAX)] = 10,
    sortKey: str | None = None,
    sortDirection: Literal["default", "ascending", "descending"] = "default",
) -> Paging:
    return Paging(page=page, page_size=pageSize, sort_key=sortKey, sort_direction=sortDirection)


PagingDep = Annotated[Paging, Depends(paging)]

EVERY_RECORD = -1


def paging_or_every_record(
    page: Annotated[int, Query(ge=1, le=INT32_MAX)] = 1,
    pageSize: Annotated[int, Query(ge=EVERY_RECORD, le=PAGE_SIZE_MAX)] = 10,
    sortKey: str | None = None,
    sortDirection: Literal["default", "ascending", "descending"] = "default",
) -> Paging:
    """Paging where ``pageSize=-1`` asks for every record on one page: Radarr passes the size to
    SQLite's LIMIT, where -1 means no limit, and Overseerr reads all exclusions that way."""
    if pageSize == 0:
        raise ValidationFailed(("pageSize", "Page size must be 1 or more, or -1 for every record"))
    return Paging(page=page, page_size=pageSize, sort_key=sortKey, sort_direction=sortDirection)


PagingOrEveryRecordDep = Annotated[Paging, Depends(paging_or_every_record)]


def paged(p: Paging, records: list[Any], total: int, default_sort_key: str) -> dict[str, Any]:
    return {
        "page": p.page,
        "pageSize": p.page_size,
        "sortKey": p.sort_key or default_sort_key,
        "sortDirection": p.sort_direction,
        "totalRecords": total,
        "records": records,
    }


# ---------------------------------------------------------------- errors in Radarr's shape


def validation_body(
    problems: list[tuple[str, str]], attempted: dict[str, object] | None = None
) -> list[dict[str, Any]]:
    attempted = attempted or {}
    return [
        {
            "propertyName": prop,
            "errorMessage": message,
            "attemptedValue": attempted.get(prop),
            "severity": "error",
            "errorCode": "ValidationError",
        }
        for prop, message in problems
    ]


def _loc_to_property(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


async def on_request_validation(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems: list[tuple[str, str]] = []
    attempted: dict[str, object] = {}
    for error in exc.errors():
        prop = _loc_to_property(tuple(error.get("loc", ())))
        message = error.get("msg", "Invalid value")
        if error.get("type") == "json_invalid":
            prop, message = "body", "The request body is not valid JSON"
        elif error.get("type") == "missing":
            message = f"'{prop}' is required"
        problems.append((prop, message))
        value = error.get("input")
        if isinstance(value, str | int | float | bool) or value is None:
            attempted[prop] = value
    return JSONResponse(validation_body(problems, attempted), status_code=400)


async def on_validation_failed(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ValidationFailed)
    return JSONResponse(validation_body(exc.problems, exc.attempted), status_code=400)


async def on_not_found(_request: Request, exc: Exception) -> Response:
    return JSONResponse({"message": str(exc)}, status_code=404)


async def on_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404 and exc.detail == "Not Found":
        # No such route. Plain text on purpose: Bazarr probes /api/system/status and only
        # falls back to /api/v3 when the answer is not JSON.
        return PlainTextResponse("Not Found", status_code=404)
    return JSONResponse({"message": exc.detail}, status_code=exc.status_code, headers=exc.headers)


EXCEPTION_HANDLERS = {
    RequestValidationError: on_request_validation,
    ValidationFailed: on_validation_failed,
    NotFound: on_not_found,
    StarletteHTTPException: on_http_exception,
}
