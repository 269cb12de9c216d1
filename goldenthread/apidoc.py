"""OpenAPI declarations the areas' routers share."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field


def file_response(*media_types: str) -> dict[str, Any]:
    """``openapi_extra`` for an operation whose 200 answer is a file, not JSON: the schema
    names the file's media types, so that clients (and Schemathesis) expect them."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {
        "responses": {
            200: {"description": "The file.", "content": dict.fromkeys(media_types, binary)}
        }
    }


# A row's id as input: a positive 64-bit integer (a larger one would overflow the database's
# integer in an `IN (...)` lookup, which answers a server error instead of a refusal).
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
