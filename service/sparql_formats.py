"""Result formats of the SPARQL endpoint and content negotiation.

SELECT and ASK results: SPARQL JSON (the default), XML, CSV and TSV. CONSTRUCT and
DESCRIBE results: Turtle (the default), N-Triples, JSON-LD and RDF/XML. The format is
chosen from the `format` parameter when it names one (the short names SPARQLWrapper and
most endpoints use: json, xml, csv, tsv, turtle, nt, json-ld, rdf…), else from the Accept
header. Formats are named by short keys so that a query worker needs no import of this
module's callers: the worker maps a key to pyoxigraph's format itself."""

from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept


@dataclass(frozen=True)
class Format:
    key: str
    media_type: str  # what the response's Content-Type says
    accepted: tuple[str, ...]  # media types a client may ask for it by
    names: tuple[str, ...]  # values of the `format` parameter
    iri: str  # its IRI in http://www.w3.org/ns/formats/ (for the service description)


RESULTS = (
    Format(
        "json",
        "application/sparql-results+json",
        ("application/sparql-results+json", "application/json"),
        ("json", "srj"),
        "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    ),
    Format(
        "xml",
        "application/sparql-results+xml",
        ("application/sparql-results+xml", "application/xml", "text/xml"),
        ("xml", "srx"),
        "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    ),
    Format(
        "csv", "text/csv; charset=utf-8", ("text/csv",), ("csv",), "http://www.w3.org/ns/formats/SPARQL_Results_CSV"
    ),
    Format(
        "tsv",
        "text/tab-separated-values; charset=utf-8",
        ("text/tab-separated-values",),
        ("tsv",),
        "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    ),
)

GRAPHS = (
    Format(
        "turtle",
        "text/turtle; charset=utf-8",
        ("text/turtle", "application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3"),
        ("turtle", "ttl", "n3"),
        "http://www.w3.org/ns/formats/Turtle",
    ),
    Format(
        "ntriples",
        "application/n-triples",
        ("application/n-triples",),
        ("nt", "ntriples", "n-triples"),
        "http://www.w3.org/ns/formats/N-Triples",
    ),
    Format(
        "jsonld",
        "application/ld+json",
        ("application/ld+json", "application/json"),
        ("json-ld", "jsonld", "json"),
        "http://www.w3.org/ns/formats/JSON-LD",
    ),
    Format(
        "rdfxml",
        "application/rdf+xml",
        ("application/rdf+xml", "application/xml", "text/xml"),
        ("rdf", "rdf+xml", "rdfxml", "xml"),
        "http://www.w3.org/ns/formats/RDF_XML",
    ),
)

BY_KEY = {f.key: f for f in RESULTS + GRAPHS}


def negotiate(formats: tuple[Format, ...], accept: MIMEAccept, name: str | None) -> Format | None:
    """The format to answer in: the one the `format` parameter names, else the best match
    for the Accept header (the first listed on a tie, so `*/*` gets the default), else the
    default when the client states no preference; None when nothing it accepts is offered."""
    if name:
        wanted = name.strip().lower()
        for f in formats:
            if wanted in f.names or wanted in f.accepted:
                return f
    if not accept:
        return formats[0]
    offered = [media for f in formats for media in f.accepted]
    best = accept.best_match(offered)
    if best is None:
        return None
    return next(f for f in formats if best in f.accepted)
