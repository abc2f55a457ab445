"""Checked rows → RDF in the parkstar vocabulary (docs/input-format.md). IRIs come from the
form: the park `…/id/park/<key>`, an enterprise `…/id/enterprise/<credit code>`, the
park's other nodes `…/id/park/<key>/<kind>-<n>` numbered in row order, so the same
workbook always gives the same graph (and a CSV folder of it the same graph too)."""

from __future__ import annotations

import string
from collections import defaultdict
from decimal import Decimal
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from parkstar.importers.form import ColumnSpec, Form, NodeSpec
from parkstar.importers.rows import Row
from parkstar.vocab import PREFIXES


def decimal_literal(value: Decimal) -> Literal:
    """An exact xsd:decimal in plain notation (15000, not 1.5E+4)."""
    if value == 0:
        value = Decimal(0)
    text = format(value.normalize(), "f")
    return Literal(text, datatype=XSD.decimal)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class _Builder:
    def __init__(self, form: Form) -> None:
        self.form = form
        self.graph = Graph()
        for prefix, ns in PREFIXES.items():
            self.graph.bind(prefix, ns)
        self.graph.bind("park", f"{form.iri_base}park/")
        self.graph.bind("ent", f"{form.iri_base}enterprise/")
        self.counters: dict[tuple[str, str], int] = defaultdict(int)
        self.named: dict[tuple[str, str], dict[str, URIRef]] = defaultdict(dict)
        self.ensured: dict[tuple[str, str], URIRef] = {}

    def iri(self, spec: NodeSpec, key: str, row: Row | None, n: int | None = None) -> URIRef:
        values = {name: str(value) for name, value in (row.values.items() if row else [])}
        values.update(key=key, n="" if n is None else str(n))
        return URIRef(self.form.iri_base + spec.iri.format_map(values))

    def singleton(self, spec: NodeSpec) -> bool:
        return _fields(spec.iri) <= {"key"}

    def typed(self, node: URIRef, spec: NodeSpec) -> None:
        for cls in spec.classes:
            self.graph.add((node, RDF.type, cls))

    def link(self, node: URIRef, spec: NodeSpec, key: str) -> None:
        if spec.parent is None or spec.link is None:
            return
        parent = self.ensure(spec.parent, key)
        if spec.to_parent:
            self.graph.add((node, spec.link, parent))
        else:
            self.graph.add((parent, spec.link, node))

    def ensure(self, node_id: str, key: str) -> URIRef:
        """A node that exists once per park (the park, its operator), made on first use."""
        found = self.ensured.get((key, node_id))
        if found is not None:
            return found
        spec = self.form.nodes[node_id]
        node = self.iri(spec, key, None)
        self.ensured[(key, node_id)] = node
        self.typed(node, spec)
        self.link(node, spec, key)
        return node

    def row(self, row: Row) -> None:
        key = row.key
        assert key is not None
        nodes: dict[str, URIRef] = {}
        for node_id in row.nodes:
            spec = self.form.nodes[node_id]
            if self.singleton(spec):
                nodes[node_id] = self.ensure(node_id, key)
                continue
            self.counters[(key, node_id)] += 1
            node = self.iri(spec, key, row, self.counters[(key, node_id)])
            self.typed(node, spec)
            self.link(node, spec, key)
            nodes[node_id] = node
        for column in row.sheet.columns:
            if column.type == "key" or column.id not in row.values:
                continue
            self.value(nodes[column.node], column, row.values[column.id], key)  # type: ignore[index]

    def value(self, subject: URIRef, column: ColumnSpec, value: Any, key: str) -> None:
        prop = column.predicate
        assert prop is not None
        g = self.graph
        kind = column.type
        if kind == "text":
            g.add((subject, prop, Literal(value, lang=column.lang or None)))
        elif kind == "decimal":
            g.add((subject, prop, decimal_literal(value)))
        elif kind == "integer":
            g.add((subject, prop, Literal(int(value))))
        elif kind == "boolean":
            if column.true_object is not None:
                if value:
                    g.add((subject, prop, column.true_object))
            else:
                g.add((subject, prop, Literal(bool(value))))
        elif kind == "date":
            g.add((subject, prop, Literal(value, datatype=XSD.date)))
        elif kind in ("code", "industry", "region"):
            for item in value if isinstance(value, list) else [value]:
                g.add((subject, prop, item))
        elif kind == "credit_code":
            g.add((subject, prop, Literal(value)))
        elif kind == "named_node":
            g.add((subject, prop, self.named_node(column, value, key)))
        else:
            raise ValueError(f"unknown column type {kind}")

    def named_node(self, column: ColumnSpec, name: str, key: str) -> URIRef:
        """One node per distinct name within a park (a service institution)."""
        target = self.form.nodes[column.target]  # type: ignore[index]
        known = self.named[(key, target.id)]
        if name not in known:
            node = self.iri(target, key, None, len(known) + 1)
            known[name] = node
            self.typed(node, target)
            self.graph.add((node, RDFS.label, Literal(name, lang=column.lang or None)))
        return known[name]


def build_graph(form: Form, rows: dict[str, list[Row]]) -> Graph:
    builder = _Builder(form)
    for sheet in form.sheets:  # the Park sheet comes first in the form
        for row in rows.get(sheet.id, []):
            builder.row(row)
    return builder.graph
