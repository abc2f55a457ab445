"""The standard's table rebuilt from the shapes: each requirement's test written out as
text ("占地面积 ≥ 20 亩 或 建筑面积 ≥ 20,000 m²") and as data (path, constraint, value),
per indicator, level and park category."""

from rdflib import Graph, Literal
from rdflib.term import Node

from parkstar.criteria.model import AnyOf, Constraint, Criteria, PropertyTest, Requirement, Test, Text
from parkstar.labels import compact, label, unit
from parkstar.numbers import format_number, number

_OPS = {"minInclusive": "≥", "minExclusive": ">", "maxInclusive": "≤", "maxExclusive": "<"}


def value_data(graph: Graph, node: Node) -> object:
    """A term as JSON-ready data: a number, a literal's value, or a compact IRI."""
    if isinstance(node, Literal):
        n = number(node)
        if n is not None:
            return int(n) if n == n.to_integral_value() else float(n)
        return node.toPython()
    return compact(graph, node)


def constraint_data(graph: Graph, c: Constraint) -> dict:
    data: dict = {"constraint": c.kind}
    if c.kind in _OPS:
        data["op"] = _OPS[c.kind]
    if isinstance(c.value, tuple):
        data["values"] = [value_data(graph, v) for v in c.value]
        data["labels"] = [label(graph, v).as_dict() for v in c.value]
    else:
        data["value"] = value_data(graph, c.value)
        if not isinstance(c.value, Literal):
            data["label"] = label(graph, c.value).as_dict()
    if c.parameter is not None:
        data["parameter"] = compact(graph, c.parameter)
    return data


def test_data(graph: Graph, test: Test) -> dict:
    """A test tree as JSON-ready data."""
    if isinstance(test, PropertyTest):
        return {
            "path": test.path_key,
            "label": label(graph, test.last_property).as_dict(),
            "unit": unit(graph, test.last_property).as_dict(),
            "constraints": [constraint_data(graph, c) for c in test.constraints],
        }
    key = "any_of" if isinstance(test, AnyOf) else "all_of"
    return {key: [test_data(graph, t) for t in test.parts]}


def test_text(graph: Graph, test: Test) -> Text:
    """A test tree as one sentence per language."""
    if isinstance(test, PropertyTest):
        return _property_text(graph, test)
    parts = [test_text(graph, t) for t in test.parts]
    if isinstance(test, AnyOf):
        return Text(" 或 ".join(p.zh for p in parts), " or ".join(p.en for p in parts))
    return Text("；".join(p.zh for p in parts), "; ".join(p.en for p in parts))


def _property_text(graph: Graph, test: PropertyTest) -> Text:
    name = label(graph, test.last_property)
    u = unit(graph, test.last_property)
    zh: list[str] = []
    en: list[str] = []
    for c in test.constraints:
        if c.kind in _OPS:
            n = number(c.value)
            shown = format_number(n) if n is not None else str(c.value)
            sep_zh = "" if u.zh in ("", "%") else " "
            sep_en = "" if u.en in ("", "%") else " "
            zh.append(f"{name.zh} {_OPS[c.kind]} {shown}{sep_zh}{u.zh}")
            en.append(f"{name.en} {_OPS[c.kind]} {shown}{sep_en}{u.en}")
        elif c.kind == "hasValue":
            item = label(graph, c.value) if not isinstance(c.value, Literal) else None
            if item is None:
                zh.append(f"{name.zh}：{c.value}")
                en.append(f"{name.en}: {c.value}")
            else:
                zh.append(f"{name.zh}：{item.zh}")
                en.append(f"{name.en}: {item.en}")
        elif c.kind == "in":
            items = [label(graph, v) for v in c.value]
            zh.append(f"{name.zh} ∈ {{{'、'.join(i.zh for i in items)}}}")
            en.append(f"{name.en} ∈ {{{', '.join(i.en for i in items)}}}")
        elif c.kind == "qualifiedValueShape":
            items = [label(graph, v) for v in c.value]
            zh.append(f"{name.zh}：至少一项属于 {{{'、'.join(i.zh for i in items)}}}")
            en.append(f"{name.en}: at least one of {{{', '.join(i.en for i in items)}}}")
    if not zh:
        zh.append(f"{name.zh}：须填写")
        en.append(f"{name.en}: recorded")
    return Text("，".join(zh), ", ".join(en))


def requirement_data(criteria: Criteria, r: Requirement) -> dict:
    graph = criteria.context
    return {
        "id": compact(graph, r.iri),
        "file": r.source.name,
        "name": r.name.as_dict(),
        "message": r.message.as_dict(),
        "rule": test_text(graph, r.test).as_dict(),
        "test": test_data(graph, r.test),
        "needs_data": [compact(graph, d) for d in r.needs],
    }


def standard_table(criteria: Criteria) -> dict:
    """The whole standard, per indicator × level × park category, from the shapes."""
    graph = criteria.context
    cells = []
    for indicator in criteria.indicators:
        for level in criteria.levels:
            requirements = criteria.for_cell(indicator.iri, level)
            for category in criteria.categories:
                applying = [r for r in requirements if r.category in (None, category.iri)]
                clauses: list[Text] = []
                for r in applying:
                    if r.clause not in clauses:
                        clauses.append(r.clause)
                cells.append(
                    {
                        "indicator": indicator.number,
                        "indicator_label": indicator.label.as_dict(),
                        "level": level,
                        "category": compact(graph, category.iri),
                        "category_label": category.label.as_dict(),
                        "clause": {
                            "zh": "".join(c.zh for c in clauses),
                            "en": "; ".join(c.en for c in clauses),
                        },
                        "requirements": [requirement_data(criteria, r) for r in applying],
                    }
                )
    return {
        "indicators": [
            {"number": i.number, "id": compact(graph, i.iri), "label": i.label.as_dict()} for i in criteria.indicators
        ],
        "levels": criteria.levels,
        "categories": [{"id": compact(graph, c.iri), "label": c.label.as_dict()} for c in criteria.categories],
        "cells": cells,
    }
