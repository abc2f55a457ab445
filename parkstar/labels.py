"""Human labels of terms, in Chinese and English, from the ontology, the code lists and
the shapes (rdfs:label, skos:prefLabel, sh:name), so that no label is written in code."""

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from parkstar.criteria.model import Text
from parkstar.vocab import PS, RDFS, SH, SKOS

_LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, SH.name)


def lang_text(graph: Graph, node: Node, properties: tuple[URIRef, ...]) -> Text | None:
    """The first of `properties` that has a value, as zh/en text (either falls back to the other)."""
    for prop in properties:
        by_lang: dict[str, str] = {}
        for value in graph.objects(node, prop):
            if isinstance(value, Literal):
                by_lang.setdefault(value.language or "", str(value))
        if by_lang:
            zh = by_lang.get("zh") or by_lang.get("") or next(iter(by_lang.values()))
            en = by_lang.get("en") or by_lang.get("") or zh
            return Text(zh, en)
    return None


def compact(graph: Graph, node: Node | None) -> str | None:
    """A term as people read it in reports: a compact IRI (ps:landAreaMu), a literal's
    text, a blank node as _:id; None stays None."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        return graph.namespace_manager.normalizeUri(node)
    if isinstance(node, Literal):
        return str(node)
    return f"_:{node}"


def label(graph: Graph, node: Node) -> Text:
    """A term's label; its compact IRI when it has none, so a report never shows nothing."""
    found = lang_text(graph, node, _LABEL_PROPERTIES)
    if found is not None:
        return found
    text = compact(graph, node) or ""
    return Text(text, text)


def unit(graph: Graph, prop: Node) -> Text:
    """The unit a property's values are in (ps:unit), or empty text."""
    return lang_text(graph, prop, (PS.unit,)) or Text("", "")
