"""Export formats: which carry named graphs, and how each is written."""

import pyoxigraph as ox

FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
#: Formats that keep named graphs; the others merge every graph into one.
DATASET_FORMATS = {"trig", "nq", "jsonld"}
