"""A DCAT/VoID description of an exported dataset: publisher, region, date, licence,
counts of triples, parks and enterprises per graph, and the criteria edition its ratings
used. It travels with every export so the receiving office knows what it got."""

from datetime import date

from rdflib import BNode, Graph, Literal, URIRef

from parkstar import __version__
from parkstar.vocab import DCTERMS, ID, PS, RDF, XSD

DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
DESCRIPTION_GRAPH = URIRef(f"{ID}graph/description")
DEFAULT_LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")


def describe(
    counts: dict[URIRef, tuple[int, int, int]],
    publisher: str,
    region: URIRef | None,
    edition: URIRef | None,
    licence: URIRef = DEFAULT_LICENCE,
) -> Graph:
    """`counts`: per data graph, (triples, parks, enterprises)."""
    g = Graph()
    g.bind("dcat", DCAT)
    g.bind("void", VOID)
    g.bind("dcterms", str(DCTERMS))
    dataset = URIRef(f"{ID}dataset/export-{date.today().isoformat()}")
    g.add((dataset, RDF.type, URIRef(DCAT + "Dataset")))
    g.add((dataset, RDF.type, URIRef(VOID + "Dataset")))
    g.add((dataset, DCTERMS.title, Literal("小微企业园数据", lang="zh")))
    g.add((dataset, DCTERMS.title, Literal("Small and micro enterprise park data", lang="en")))
    g.add((dataset, DCTERMS.issued, Literal(date.today().isoformat(), datatype=XSD.date)))
    g.add((dataset, DCTERMS.license, licence))
    publisher_node = BNode()
    g.add((dataset, DCTERMS.publisher, publisher_node))
    g.add((publisher_node, RDF.type, URIRef("http://xmlns.com/foaf/0.1/Agent")))
    g.add((publisher_node, URIRef("http://xmlns.com/foaf/0.1/name"), Literal(publisher)))
    if region is not None:
        g.add((dataset, DCTERMS.spatial, region))
    if edition is not None:
        g.add((dataset, PS.edition, edition))
    g.add((dataset, PS.toolVersion, Literal(f"parkstar {__version__}")))
    total = [0, 0, 0]
    for name, (triples, parks, firms) in sorted(counts.items()):
        subset = URIRef(str(name))
        g.add((dataset, URIRef(VOID + "subset"), subset))
        g.add((subset, URIRef(VOID + "triples"), Literal(triples)))
        g.add((subset, PS.parkCount, Literal(parks)))
        g.add((subset, PS.enterpriseCount, Literal(firms)))
        total = [total[0] + triples, total[1] + parks, total[2] + firms]
    g.add((dataset, URIRef(VOID + "triples"), Literal(total[0])))
    g.add((dataset, PS.parkCount, Literal(total[1])))
    g.add((dataset, PS.enterpriseCount, Literal(total[2])))
    return g
