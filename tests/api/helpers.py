"""Helpers for the API tests: a bearer client and a check of bodies against OpenAPI."""

from __future__ import annotations

from typing import Any

from django.test import Client


def bearer(raw: str) -> Client:
    """A client without a session that sends `Authorization: Bearer <raw>`."""
    return Client(headers={"authorization": f"Bearer {raw}"})


# --- Response bodies against the OpenAPI document ---------------------------------


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def assert_matches_schema(
    document: dict[str, Any], schema: dict[str, Any], value: Any, where: str = "body"
) -> None:
    """A small structural check: every object has exactly the documented properties,
    the required ones are present, and scalar types agree. Enough to catch a field
    that is added, dropped or renamed without the document knowing."""
    schema = _resolve(document, schema)
    if "anyOf" in schema:
        errors = []
        for option in schema["anyOf"]:
            try:
                assert_matches_schema(document, option, value, where)
                return
            except AssertionError as error:
                errors.append(str(error))
        raise AssertionError(f"{where}: {value!r} matches none of {errors}")
    kind = schema.get("type")
    if kind == "object":
        assert isinstance(value, dict), f"{where}: expected an object, got {value!r}"
        properties = schema.get("properties", {})
        assert set(value) == set(properties), (
            f"{where}: keys {sorted(value)} differ from documented {sorted(properties)}"
        )
        for name in schema.get("required", []):
            assert name in value, f"{where}: required {name} missing"
        for name, item in value.items():
            assert_matches_schema(document, properties[name], item, f"{where}.{name}")
    elif kind == "array":
        assert isinstance(value, list), f"{where}: expected an array, got {value!r}"
        for index, item in enumerate(value):
            assert_matches_schema(document, schema["items"], item, f"{where}[{index}]")
    elif kind == "string":
        assert isinstance(value, str), f"{where}: expected a string, got {value!r}"
    elif kind == "integer":
        assert isinstance(value, int) and not isinstance(value, bool), (
            f"{where}: expected an integer, got {value!r}"
        )
    elif kind == "boolean":
        assert isinstance(value, bool), f"{where}: expected a boolean, got {value!r}"
    elif kind == "null":
        assert value is None, f"{where}: expected null, got {value!r}"
    else:
        raise AssertionError(f"{where}: the check does not know schema {schema!r}")


def response_schema(document: dict[str, Any], path: str, status: int = 200) -> dict[str, Any]:
    operation = document["paths"][path]["get"]
    return operation["responses"][str(status)]["content"]["application/json"]["schema"]
