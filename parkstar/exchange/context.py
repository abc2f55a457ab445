"""The JSON-LD context of the parkstar vocabulary ships in the package: exports embed it,
and a file that refers to it by IRI is read with the local copy — never fetched."""

import json
from functools import cache
from pathlib import Path

CONTEXT_IRI = "https://w3id.org/parkstar/context.jsonld"
CONTEXT_FILE = Path(__file__).with_name("context.jsonld")


@cache
def context() -> dict:
    """The context object (the value of "@context")."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def with_local_context(document: object) -> object:
    """The same JSON-LD document with references to the parkstar context replaced by the
    context itself (recursively), so that no parser needs to fetch it."""
    if isinstance(document, dict):
        out = {}
        for key, value in document.items():
            if key == "@context":
                out[key] = _replace(value)
            else:
                out[key] = with_local_context(value)
        return out
    if isinstance(document, list):
        return [with_local_context(item) for item in document]
    return document


def _replace(value: object) -> object:
    if value == CONTEXT_IRI:
        return context()
    if isinstance(value, list):
        return [_replace(v) for v in value]
    return value
