"""Running one SPARQL query in a query worker: the policy check, evaluation with
pyoxigraph, the row limit and serialization. Everything that can take long happens here,
inside a worker process the web process kills when the time limit passes.

The row limit: at most `row_limit` solutions (SELECT) or triples (CONSTRUCT, DESCRIBE)
are read from Oxigraph's lazy iterator, plus one to know whether there were more. The
rows kept are re-read as a SPARQL JSON document by pyoxigraph, so every result format is
still written by pyoxigraph's own serializers. A truncated result says so:

* always, in the response headers `X-Parkstar-Truncated: true` and `X-Parkstar-Row-Limit`
  (set by the web layer from `truncated` in the reply);
* in SPARQL JSON and XML results, by a link in the head (`head.link` / `<link href>`):
  the place the SPARQL 1.1 results formats reserve for metadata about a result, so every
  conforming client still reads the document; it points to `/sparql/limits`, which states
  the limits in both languages. An extra JSON member would be invisible to clients and
  is not allowed in the XML format;
* in Turtle and N-Triples, by a comment on the first line.
CSV and TSV have no place for it besides the headers."""

import json
import re
from itertools import islice
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from service.sparql_policy import GRAPH_FORMS, Refused, check

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def execute(store: ox.Store, job: dict) -> dict:
    """Run a job {query, results_format, graph_format, row_limit, limits_link} and
    reply {kind: "ok", format, body, truncated, rows} or {kind, zh, en} for a refusal
    ("update", "service", "dataset", "syntax", "too_long"), an unacceptable format
    ("not_acceptable"), a query Oxigraph cannot evaluate ("evaluation") or a store error
    ("error")."""
    try:
        checked = check(job["query"])
    except Refused as refused:
        return {"kind": refused.reason, "zh": refused.zh, "en": refused.en}
    graph = checked.form in GRAPH_FORMS
    key = job["graph_format"] if graph else job["results_format"]
    if key is None:
        return {
            "kind": "not_acceptable",
            "zh": "无法以所要求的格式（Accept）返回此类查询的结果",
            "en": "the results of this kind of query are not available in the format asked for (Accept)",
        }
    limit = int(job["row_limit"])
    try:
        result = store.query(job["query"], use_default_graph_as_union=True)
        if isinstance(result, ox.QueryBoolean):
            body, truncated, rows = result.serialize(format=RESULT_FORMATS[key]), False, 1
        elif isinstance(result, ox.QuerySolutions):
            body, truncated, rows = _solutions(result, key, limit, job.get("limits_link"))
        else:
            body, truncated, rows = _triples(result, key, limit, checked.prefixes)
    except SyntaxError as error:
        return {"kind": "syntax", "zh": f"SPARQL 语法错误：{error}", "en": f"SPARQL syntax error: {error}"}
    except (ValueError, RuntimeError, TypeError) as error:
        return {"kind": "evaluation", "zh": f"查询无法执行：{error}", "en": f"the query cannot be evaluated: {error}"}
    except OSError as error:
        return {"kind": "error", "zh": f"读取数据库失败：{error}", "en": f"reading the store failed: {error}"}
    return {"kind": "ok", "format": key, "body": body, "truncated": truncated, "rows": rows}


def _solutions(result: ox.QuerySolutions, key: str, limit: int, link: str | None) -> tuple[bytes, bool, int]:
    names = [v.value for v in result.variables]
    kept = list(islice(result, limit + 1))
    truncated = len(kept) > limit
    kept = kept[:limit]
    document = {
        "head": {"vars": names},
        "results": {"bindings": [{n: _term(row[n]) for n in names if row[n] is not None} for row in kept]},
    }
    solutions = ox.parse_query_results(json.dumps(document), format=ox.QueryResultsFormat.JSON)
    body = solutions.serialize(format=RESULT_FORMATS[key])
    if truncated and link:
        body = _linked(body, key, link)
    return body, truncated, len(kept)


def _triples(result: ox.QueryTriples, key: str, limit: int, prefixes: dict[str, str]) -> tuple[bytes, bool, int]:
    kept = list(islice(result, limit + 1))
    truncated = len(kept) > limit
    kept = kept[:limit]
    fmt = GRAPH_FORMATS[key]
    usable = {p: iri for p, iri in prefixes.items() if p} if key in ("turtle", "rdfxml", "jsonld") else None
    body = ox.serialize(kept, format=fmt, prefixes=usable) if usable else ox.serialize(kept, format=fmt)
    if truncated and key in ("turtle", "ntriples"):
        note = (
            f"# truncated: the first {limit:,} triples only (row limit) / 已截断：仅前 {limit:,} 个三元组（行数上限）\n"
        )
        body = note.encode() + body
    return body, truncated, len(kept)


def _term(term) -> dict:
    """A term in the SPARQL 1.1 (1.2 for triple terms and directions) JSON results format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        data = {"type": "literal", "value": term.value}
        if term.language:
            data["xml:lang"] = term.language
            if term.direction is not None:
                data["its:dir"] = str(term.direction)
        elif term.datatype.value != XSD_STRING:
            data["datatype"] = term.datatype.value
        return data
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {"subject": _term(term.subject), "predicate": _term(term.predicate), "object": _term(term.object)},
        }
    raise ValueError(f"unexpected term {term!r}")


_XML_HEAD_END = re.compile(rb"</head>|<head\s*/>")


def _linked(body: bytes, key: str, link: str) -> bytes:
    if key == "json":
        document = json.loads(body)
        document.setdefault("head", {})["link"] = [link]
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    if key == "xml":
        match = _XML_HEAD_END.search(body)
        if match is None:
            return body
        opening = b"" if match.group(0) == b"</head>" else b"<head>"
        closing = f"<link href={quoteattr(link)}/></head>".encode()
        return body[: match.start()] + opening + closing + body[match.end() :]
    return body
