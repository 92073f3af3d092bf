"""Assertion helpers shared by the API tests."""

from __future__ import annotations


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def error(status: int, field: str | None, message: str, code: str = "invalid") -> dict:
    """The API's error body; ``field`` None for errors about no single parameter."""
    if field is None:
        return {"error": {"status": status, "code": code, "message": message, "fields": {}}}
    return {"error": {"status": status, "code": code, "message": f"{field}: {message}", "fields": {field: [message]}}}
