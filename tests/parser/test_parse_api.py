"""``GET /api/v3/parse`` answers in Radarr's ParseResource shape, checked against Radarr's OpenAPI."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from reelarr.api.parse import router

OPENAPI_FILE = Path("/work/shared/reference/radarr-api-v3-openapi.json")


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0 to JSON Schema: ``nullable`` becomes a null type.

    Object references may be null too: Radarr has no object to show for an unparsed title's
    movie info or for a movie that is not in the library.
    """
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {
        key: _json_schema(value) for key, value in node.items() if key not in ("nullable", "readOnly")
    }
    if "$ref" in node:
        return {"anyOf": [converted, {"type": "null"}]}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@pytest.fixture(scope="module")
def parse_resource_validator() -> jsonschema.Validator:
    document = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    converted = _json_schema(copy.deepcopy(document))
    schema = {"$ref": "#/components/schemas/ParseResource", "components": converted["components"]}
    validator_class = jsonschema.validators.validator_for(schema)
    return validator_class(schema)


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    app.include_router(router, prefix="/api/v3")
    return TestClient(app)


def test_a_release_name_is_parsed_into_radarrs_shape(
    client: TestClient, parse_resource_validator: jsonschema.Validator
) -> None:
    title = "The.Movie.Title.2019.2160p.UHD.BluRay.REMUX.HDR.HEVC.Atmos-GROUP"
    response = client.get("/api/v3/parse", params={"title": title})
    assert response.status_code == 200
    body = response.json()
    parse_resource_validator.validate(body)
    info = body["parsedMovieInfo"]
    assert info["movieTitles"] == ["The Movie Title"]
    assert info["primaryMovieTitle"] == "The Movie Title"
    assert info["year"] == 2019
    assert info["releaseGroup"] == "GROUP"
    assert info["quality"]["quality"] == {
        "id": 31,
        "name": "Remux-2160p",
        "source": "bluray",
        "resolution": 2160,
        "modifier": "remux",
    }
    assert info["quality"]["revision"] == {"version": 1, "real": 0, "isRepack": False}
    assert body["movie"] is None
    assert body["customFormats"] == []
    assert body["customFormatScore"] == 0


def test_languages_and_ids_come_back_with_radarr_ids(
    client: TestClient, parse_resource_validator: jsonschema.Validator
) -> None:
    title = "Movie.Title.2016.German.DTS.DL.720p.BluRay.x264-RlsGrp [tt1234567]"
    body = client.get("/api/v3/parse", params={"title": title}).json()
    parse_resource_validator.validate(body)
    assert {(language["id"], language["name"]) for language in body["languages"]} == {
        (4, "German"),
        (-2, "Original"),
    }
    assert body["parsedMovieInfo"]["imdbId"] == "tt1234567"


@pytest.mark.parametrize("title", ["", "THIS SHOULD NEVER PARSE", "185d86a343e39f3341e35c4dad3f9959"])
def test_a_name_that_does_not_parse_has_no_movie_info(
    client: TestClient, parse_resource_validator: jsonschema.Validator, title: str
) -> None:
    body = client.get("/api/v3/parse", params={"title": title}).json()
    parse_resource_validator.validate(body)
    assert body["title"] == title
    assert body["parsedMovieInfo"] is None


def test_the_schema_check_rejects_a_wrong_shape(parse_resource_validator: jsonschema.Validator) -> None:
    with pytest.raises(jsonschema.ValidationError):
        parse_resource_validator.validate({"title": "x", "unexpected": 1})
