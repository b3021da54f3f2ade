"""Remote path mappings: a download client's view of a folder, translated to Reelarr's."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import select

from reelarr.api.base import ApiModel, CtxDep, SessionDep
from reelarr.api.limits import Id, Int32
from reelarr.errors import NotFound, ValidationFailed
from reelarr.events import ConfigChanged
from reelarr.models import RemotePathMapping

router = APIRouter(tags=["RemotePathMapping"])


class MappingIn(ApiModel):
    id: Int32 = 0
    host: str = ""
    remote_path: str = ""
    local_path: str = ""


def _json(row: RemotePathMapping) -> dict[str, Any]:
    return {"id": row.id, "host": row.host, "remotePath": row.remote_path, "localPath": row.local_path}


def _with_separator(path: str) -> str:
    separator = "\\" if "\\" in path and "/" not in path else "/"
    return path if path.endswith(separator) else path + separator


def _checked(body: MappingIn, others: list[RemotePathMapping]) -> MappingIn:
    problems = []
    if not body.host.strip():
        problems.append(("host", "Host is required"))
    if not body.remote_path.strip():
        problems.append(("remotePath", "Remote path is required"))
    if not body.local_path.strip().startswith("/"):
        problems.append(("localPath", "Local path must be an absolute path"))
    if problems:
        raise ValidationFailed(*problems)
    checked = MappingIn(
        id=body.id,
        host=body.host.strip(),
        remote_path=_with_separator(body.remote_path.strip()),
        local_path=_with_separator(body.local_path.strip()),
    )
    for other in others:
        if (
            other.id != body.id
            and other.host.lower() == checked.host.lower()
            and other.remote_path == checked.remote_path
        ):
            raise ValidationFailed(("remotePath", "RemotePath already configured for this host"))
    return checked


@router.get("/remotepathmapping")
async def list_mappings(session: SessionDep) -> list[dict[str, Any]]:
    return [
        _json(row) for row in await session.scalars(select(RemotePathMapping).order_by(RemotePathMapping.id))
    ]


@router.get("/remotepathmapping/{mapping_id}")
async def get_mapping(mapping_id: Id, session: SessionDep) -> dict[str, Any]:
    row = await session.get(RemotePathMapping, mapping_id)
    if row is None:
        raise NotFound("RemotePathMapping", mapping_id)
    return _json(row)


@router.post("/remotepathmapping", status_code=201)
async def create_mapping(body: MappingIn, ctx: CtxDep) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        checked = _checked(body, list(await uow.session.scalars(select(RemotePathMapping))))
        row = RemotePathMapping(
            host=checked.host, remote_path=checked.remote_path, local_path=checked.local_path
        )
        uow.session.add(row)
        await uow.session.flush()
        uow.publish(ConfigChanged("remotepathmapping"))  # re-checks where the clients' folders land
        return _json(row)


async def update_mapping(body: MappingIn, ctx: CtxDep, mapping_id: Id | None = None) -> dict[str, Any]:
    target = mapping_id or body.id
    async with ctx.db.write() as uow:
        row = await uow.session.get(RemotePathMapping, target)
        if row is None:
            raise NotFound("RemotePathMapping", target)
        body.id = target
        checked = _checked(body, list(await uow.session.scalars(select(RemotePathMapping))))
        row.host, row.remote_path, row.local_path = checked.host, checked.remote_path, checked.local_path
        uow.publish(ConfigChanged("remotepathmapping"))
        return _json(row)


router.add_api_route("/remotepathmapping", update_mapping, methods=["PUT"], status_code=202)
router.add_api_route("/remotepathmapping/{mapping_id}", update_mapping, methods=["PUT"], status_code=202)


@router.delete("/remotepathmapping/{mapping_id}")
async def delete_mapping(mapping_id: Id, ctx: CtxDep) -> Response:
    async with ctx.db.write() as uow:
        row = await uow.session.get(RemotePathMapping, mapping_id)
        if row is None:
            raise NotFound("RemotePathMapping", mapping_id)
        await uow.session.delete(row)
        uow.publish(ConfigChanged("remotepathmapping"))
    return Response(status_code=200)
