"""Names of the store's graphs. Data graphs are named by their source (a region, a
submission): `https://w3id.org/parkstar/id/graph/<source>`. Provenance of every data
graph is kept in one graph of its own, so an export carries it along."""

import re

from rdflib import URIRef

from parkstar.errors import ParkstarError
from parkstar.vocab import ID

GRAPH_BASE = f"{ID}graph/"
PROVENANCE_GRAPH = URIRef(f"{GRAPH_BASE}provenance")
RATINGS_PREFIX = f"{GRAPH_BASE}ratings/"
RATINGS_INDEX = URIRef(f"{RATINGS_PREFIX}index")  # which graph holds each edition's current ratings
STAGING_PREFIX = "urn:parkstar:staging:"
# Names the data graphs a load is writing: readers skip them, the next writer removes them.
LOADING_GRAPH = STAGING_PREFIX + "loading"
LOADING = "urn:parkstar:beingLoaded"


def ratings_graph(edition_id: str) -> URIRef:
    """Where the ratings under one edition of the criteria are stored."""
    return URIRef(RATINGS_PREFIX + edition_id)


def is_data_graph(name: str) -> bool:
    """Data graphs hold submitted data; provenance, ratings and staging graphs do not."""
    return name != str(PROVENANCE_GRAPH) and not name.startswith((RATINGS_PREFIX, STAGING_PREFIX))


_SOURCE = re.compile(r"^[\w.\-]+$")


def graph_name(source: str) -> URIRef:
    """The graph for a source: a short name (`hangzhou-2025`) or a full IRI."""
    if source.startswith(("http://", "https://", "urn:")):
        name = URIRef(source)
    elif _SOURCE.match(source):
        name = URIRef(GRAPH_BASE + source)
    else:
        raise ParkstarError(
            f"图名“{source}”无效：应为字母、数字、点、连字符组成的短名，或完整 IRI",
            f"invalid graph name '{source}': use letters, digits, dots and hyphens, or a full IRI",
        )
    if not is_data_graph(str(name)):
        raise ParkstarError(f"图名“{source}”为系统保留", f"graph name '{source}' is reserved")
    return name
