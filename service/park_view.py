"""One park's page: its stored rating (the JSON of `parkstar explain`, unchanged) plus what
the page shows around it — region and city names, the indicators' names for the matrix,
and what the park holds (enterprises, services, facilities, platforms, documents) read from its own data
in the store, labelled from the ontology and the code lists."""

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from parkstar.engine.rater import ParkRating
from parkstar.labels import label, lang_text, unit
from parkstar.rdf.terms import to_rdflib
from parkstar.vocab import DCTERMS, PREFIXES, PS, RDFS
from service.ratings import REGION_BASE, StoredRatings, city_code, park_id


@dataclass(frozen=True)
class Holding:
    """A list on the park page: the things linked to the park by `link` (or linking to it,
    when `incoming`), with one column per property."""

    key: str
    title: dict
    link: URIRef
    columns: tuple[URIRef, ...]
    incoming: bool = False


HOLDINGS = (
    Holding(
        "enterprises",
        {"zh": "入驻企业", "en": "Resident enterprises"},
        PS.residentIn,
        (PS.creditCode, PS.entityKind, PS.industry, PS.annualOutput, PS.aboveSizeSince, PS.tenancyStart),
        incoming=True,
    ),
    Holding(
        "services",
        {"zh": "服务", "en": "Services"},
        PS.offersService,
        (PS.serviceCategory, PS.feeBasis, PS.providedBy),
    ),
    Holding(
        "facilities", {"zh": "设施", "en": "Facilities"}, PS.hasFacility, (PS.facilityCategory, PS.facilityLocation)
    ),
    Holding("platforms", {"zh": "平台", "en": "Platforms"}, PS.hasPlatform, (PS.platformKind, PS.platformStatus)),
    Holding("documents", {"zh": "文件", "en": "Documents"}, PS.hasDocument, (PS.documentType,)),
)


def park_graph(stored: StoredRatings, park: URIRef) -> Graph:
    """The park's own data as stored (the subgraph the rating was computed from)."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for q in stored.results.store.park_quads(park, stored.results.rater.incoming):
        graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return graph


def _text(graph: Graph, context: Graph, node: Node) -> dict | str | int | float | None:
    """A value as the page shows it: a label for a term, the value of a literal."""
    if isinstance(node, Literal):
        value = node.toPython()
        return value if isinstance(value, int | float | str) and not isinstance(value, bool) else str(node)
    own = lang_text(graph, node, (RDFS.label,))  # e.g. a service institution of the park
    return (own or label(context, node)).as_dict()


def _name(graph: Graph, node: Node) -> dict:
    title = graph.value(node, DCTERMS.title)
    return {"zh": str(title), "en": str(title)} if title is not None else label(graph, node).as_dict()


def holdings(stored: StoredRatings, graph: Graph, park: URIRef) -> list[dict]:
    context = stored.context
    found = []
    for holding in HOLDINGS:
        nodes = set(graph.subjects(holding.link, park)) if holding.incoming else set(graph.objects(park, holding.link))
        rows = []
        for node in nodes:
            cells = []
            for prop in holding.columns:
                values = [_text(graph, context, v) for v in graph.objects(node, prop)]
                cells.append(values[0] if len(values) == 1 else (values or None))
            rows.append({"node": str(node), "name": _name(graph, node), "values": cells})
        rows.sort(key=lambda r: (str(r["name"]["zh"]), r["node"]))
        found.append(
            {
                "key": holding.key,
                "title": holding.title,
                "properties": [stored.compact(p) for p in holding.columns],
                "columns": [label(context, p).as_dict() for p in holding.columns],
                "units": [_unit(context, p) for p in holding.columns],
                "rows": rows,
            }
        )
    return found


def _unit(context: Graph, prop: URIRef) -> dict | None:
    found = unit(context, prop)
    return found.as_dict() if found.zh or found.en else None


def park_page(stored: StoredRatings, rating: ParkRating) -> dict:
    """The park page's data: every field of the park's JSON (docs/json-output.md) first."""
    data = stored.park(rating)
    city = city_code(rating.region)
    graph = park_graph(stored, rating.park)
    data.update(
        {
            "id": park_id(rating.park),
            "edition": stored.results.edition_id,
            "region_name": stored.name_of(rating.region),
            "city": f"region:{city}" if city else None,
            "city_name": stored.name_of(URIRef(REGION_BASE + city)) if city else None,
            "indicators": [{"number": i.number, "label": i.label.as_dict()} for i in stored.criteria.indicators],
            "holdings": holdings(stored, graph, rating.park),
            "triples": len(graph),
        }
    )
    return data
