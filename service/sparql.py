"""The SPARQL 1.1 Protocol endpoint /sparql (read-only).

* query by GET ?query=, POST application/x-www-form-urlencoded (query=) or POST
  application/sparql-query (the body); results by content negotiation or `format`
  (service.sparql_formats);
* GET /sparql without a query: the service description (Turtle by default);
* updates (update=, application/sparql-update), SERVICE, FROM / FROM NAMED, LOAD and the
  protocol's dataset parameters (default-graph-uri, named-graph-uri) are refused with 400
  before anything is evaluated (service.sparql_policy, checked in the query worker);
* every query runs in a worker process with a time limit and a row limit
  (service.query_pool, service.sparql_exec). A query past the time limit gets 503
  (like Fuseki: the server refused the work, the request itself was valid); all workers
  busy for as long as the time limit, 503 with Retry-After;
* responses carry `X-Parkstar-Truncated: true|false` and `X-Parkstar-Row-Limit`.

Errors are plain text, one line in Chinese and one in English."""

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, jsonify, request, url_for

from service.errors import text_error
from service.query_pool import PoolError
from service.sparql_formats import GRAPHS, RESULTS, negotiate

bp = Blueprint("sparql", __name__)

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
DCTERMS_TITLE = "http://purl.org/dc/terms/title"

_STATUS = {
    "update": 400,
    "service": 400,
    "dataset": 400,
    "syntax": 400,
    "too_long": 400,
    "evaluation": 400,
    "not_acceptable": 406,
}
_POOL_STATUS = {"timeout": 503, "busy": 503, "lost": 500, "unavailable": 503}


def _settings() -> dict:
    return current_app.config


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    query, problem = _read_request()
    if problem is not None:
        return problem
    if query is None:
        return service_description()
    results = negotiate(RESULTS, request.accept_mimetypes, request.values.get("format"))
    graphs = negotiate(GRAPHS, request.accept_mimetypes, request.values.get("format"))
    job = {
        "query": query,
        "results_format": results.key if results else None,
        "graph_format": graphs.key if graphs else None,
        "row_limit": _settings()["ROW_LIMIT"],
        "limits_link": url_for("sparql.limits", _external=True),
    }
    state = current_app.extensions["parkstar"]
    try:
        reply = state.pool.run(job)
    except PoolError as error:
        headers = {"Retry-After": "5"} if error.kind in ("busy", "unavailable") else {}
        return text_error(_POOL_STATUS[error.kind], error.zh, error.en, headers)
    if reply["kind"] != "ok":
        status = _STATUS.get(reply["kind"], 500)
        return text_error(status, reply["zh"], reply["en"])
    fmt = next(f for f in RESULTS + GRAPHS if f.key == reply["format"])
    response = Response(reply["body"], status=200, content_type=fmt.media_type)
    response.headers["X-Parkstar-Truncated"] = "true" if reply["truncated"] else "false"
    response.headers["X-Parkstar-Row-Limit"] = str(_settings()["ROW_LIMIT"])
    response.headers["Vary"] = "Accept"
    if reply["truncated"]:
        response.headers["Link"] = f'<{job["limits_link"]}>; rel="describedby"'
    return response


def _read_request() -> tuple[str | None, Response | None]:
    """The query of a SPARQL protocol request (None when there is none), or an error."""
    if request.args.getlist("default-graph-uri") or request.args.getlist("named-graph-uri"):
        return None, _refused_dataset()
    if request.method == "GET":
        if "update" in request.args:
            return None, _refused_update()
        queries = request.args.getlist("query")
    else:
        mimetype = request.mimetype
        if mimetype == "application/sparql-update":
            return None, _refused_update()
        if mimetype == "application/x-www-form-urlencoded":
            form = request.form
            if "update" in form:
                return None, _refused_update()
            if form.getlist("default-graph-uri") or form.getlist("named-graph-uri"):
                return None, _refused_dataset()
            queries = form.getlist("query")
        elif mimetype == "application/sparql-query":
            try:
                queries = [request.get_data(as_text=False).decode("utf-8")]
            except UnicodeDecodeError:
                return None, text_error(400, "查询必须为 UTF-8 编码", "the query must be encoded in UTF-8")
        else:
            return None, text_error(
                415,
                "POST 请求的内容类型应为 application/sparql-query 或 application/x-www-form-urlencoded",
                "a POST request must be application/sparql-query or application/x-www-form-urlencoded",
            )
        if not queries and request.method == "POST":
            return None, text_error(400, "请求中没有查询（query）", "the request has no query")
    if len(queries) > 1:
        return None, text_error(400, "只能有一个 query 参数", "exactly one query parameter is allowed")
    return (queries[0] if queries else None), None


def _refused_update() -> Response:
    return text_error(
        400,
        "本端点只读：不接受 SPARQL 更新",
        "this endpoint is read-only: SPARQL updates are refused",
    )


def _refused_dataset() -> Response:
    return text_error(
        400,
        "不接受 default-graph-uri / named-graph-uri：查询作用于本数据库（默认图为所有图的并集）",
        "default-graph-uri / named-graph-uri are refused: queries run on this store (the default graph is "
        "the union of all graphs)",
    )


@bp.get("/sparql/limits")
def limits():
    """The limits a truncated result links to."""
    settings = _settings()
    timeout, rows = settings["QUERY_TIMEOUT"], settings["ROW_LIMIT"]
    return jsonify(
        {
            "query_timeout_seconds": timeout,
            "row_limit": rows,
            "message": {
                "zh": f"每个查询最多运行 {timeout:g} 秒，最多返回 {rows:,} 行（解）或三元组；超出行数的结果被截断，"
                "并以响应头 X-Parkstar-Truncated: true 标明。请用 LIMIT/OFFSET 分页或缩小查询。",
                "en": f"Each query may run for {timeout:g} s and return at most {rows:,} solutions or triples; a "
                "longer result is truncated and marked with the response header X-Parkstar-Truncated: true. "
                "Page with LIMIT/OFFSET or narrow the query.",
            },
        }
    )


def service_description() -> Response:
    """The SPARQL 1.1 Service Description of this endpoint."""
    fmt = negotiate(GRAPHS, request.accept_mimetypes, request.values.get("format"))
    if fmt is None:
        return text_error(406, "服务描述只提供 RDF 格式", "the service description is offered in RDF formats only")
    settings = _settings()
    endpoint = ox.NamedNode(url_for("sparql.endpoint", _external=True))
    service = ox.BlankNode("service")
    dataset = ox.BlankNode("dataset")
    default_graph = ox.BlankNode("defaultGraph")

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    triples = [
        ox.Triple(service, ox.NamedNode(RDF_TYPE), sd("Service")),
        ox.Triple(service, sd("endpoint"), endpoint),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(
            service, ox.NamedNode(DCTERMS_TITLE), ox.Literal("parkstar 小微企业园星级评定 SPARQL 端点", language="zh")
        ),
        ox.Triple(
            service, ox.NamedNode(DCTERMS_TITLE), ox.Literal("parkstar park ratings SPARQL endpoint", language="en")
        ),
        ox.Triple(
            service,
            ox.NamedNode(RDFS_COMMENT),
            ox.Literal(
                f"只读。不接受更新、SERVICE、FROM/FROM NAMED 和 LOAD。每个查询最多 {settings['QUERY_TIMEOUT']:g} 秒、"
                f"{settings['ROW_LIMIT']:,} 行；被截断的结果带有响应头 X-Parkstar-Truncated: true。",
                language="zh",
            ),
        ),
        ox.Triple(
            service,
            ox.NamedNode(RDFS_COMMENT),
            ox.Literal(
                f"Read-only. Updates, SERVICE, FROM/FROM NAMED and LOAD are refused. Each query may run for "
                f"{settings['QUERY_TIMEOUT']:g} s and return {settings['ROW_LIMIT']:,} rows; a truncated result "
                "carries the response header X-Parkstar-Truncated: true.",
                language="en",
            ),
        ),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, ox.NamedNode(RDF_TYPE), sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, ox.NamedNode(RDF_TYPE), sd("Graph")),
    ]
    for f in RESULTS + GRAPHS:
        triples.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(f.iri)))
    state = current_app.extensions["parkstar"]
    for index, name in enumerate(_graph_names(state)):
        node = ox.BlankNode(f"namedGraph{index}")
        triples += [
            ox.Triple(dataset, sd("namedGraph"), node),
            ox.Triple(node, ox.NamedNode(RDF_TYPE), sd("NamedGraph")),
            ox.Triple(node, sd("name"), ox.NamedNode(name)),
        ]
    key = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
    rdf_format = key.get(fmt.key, ox.RdfFormat.RDF_XML)
    prefixes = {"sd": SD, "dcterms": "http://purl.org/dc/terms/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    if fmt.key == "ntriples":
        body = ox.serialize(triples, format=rdf_format)
    else:
        body = ox.serialize(triples, format=rdf_format, prefixes=prefixes)
    response = Response(body, content_type=fmt.media_type)
    response.headers["Vary"] = "Accept"
    return response


def _graph_names(state) -> list[str]:
    """The store's named graphs (read by the web process: a quick, fixed query)."""
    try:
        rows = state.store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
    except Exception:  # the description still describes the endpoint without them
        return []
    return sorted(row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode))
