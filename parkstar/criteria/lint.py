"""`parkstar check-standard`: lints the criteria themselves, so a standards body editing
the files learns of a mistake before any park is rated with it.

Checks: every indicator has requirements at every level and for every park category it
distinguishes; no threshold weakens as the level rises; every requirement has a clause,
a name and a message in Chinese and English; every parkstar term used is defined in the
ontology; parameter-governed thresholds equal their parameter; the shapes are valid SHACL."""

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pyshacl.entrypoints import meta_validate
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from parkstar import paths
from parkstar.criteria.model import Criteria, PropertyTest, Requirement, Test, Text
from parkstar.labels import compact
from parkstar.numbers import number
from parkstar.rdf.reading import read_graph
from parkstar.vocab import CODE, PS, RDF, SH

_STRONGER_IS_HIGHER = {
    "minInclusive": True,
    "minExclusive": True,
    "minCount": True,
    "maxInclusive": False,
    "maxExclusive": False,
    "maxCount": False,
}
_OWN_NAMESPACES = (str(PS), str(CODE))


@dataclass(frozen=True)
class Problem:
    file: str
    shape: str
    text: Text


def lint(criteria: Criteria, ontology_dir: Path | None = None) -> list[Problem]:
    ontology = read_graph([ontology_dir or paths.ONTOLOGY_DIR])
    problems: list[Problem] = []
    problems += _coverage(criteria)
    problems += _monotonic(criteria)
    problems += _texts(criteria)
    problems += _defined_terms(criteria, ontology)
    problems += _parameters(criteria)
    problems += _shacl_validity(criteria)
    return problems


def _name(criteria: Criteria, node: Node) -> str:
    return compact(criteria.shapes, node) or ""


def _problem(criteria: Criteria, r: Requirement, zh: str, en: str) -> Problem:
    return Problem(r.source.name, _name(criteria, r.iri), Text(zh, en))


def _coverage(criteria: Criteria) -> list[Problem]:
    problems = []
    first_file = criteria.shape_files[0].name if criteria.shape_files else "shapes/"
    for indicator in criteria.indicators:
        requirements = [r for r in criteria.requirements if r.indicator == indicator.iri]
        split = {r.category for r in requirements if r.category is not None}
        for level in criteria.levels:
            here = [r for r in requirements if r.level == level]
            label = f"{indicator.number} {indicator.label.zh}"
            if not here:
                problems.append(
                    Problem(
                        f"level-{level}.ttl",
                        label,
                        Text(
                            f"指标 {label} 在 {level}★ 没有任何要求",
                            f"indicator {indicator.number} ({indicator.label.en}) has no requirement at {level}★",
                        ),
                    )
                )
                continue
            general = any(r.category is None for r in here)
            for category in split:
                if not general and not any(r.category == category for r in here):
                    name = _name(criteria, category)
                    problems.append(
                        Problem(
                            here[0].source.name,
                            label,
                            Text(
                                f"指标 {label} 在 {level}★ 缺少适用于 {name} 的要求",
                                f"indicator {indicator.number} has no {level}★ requirement for {name}",
                            ),
                        )
                    )
    if not criteria.indicators:
        problems.append(Problem(first_file, "-", Text("没有任何指标", "no indicators")))
    return problems


def _leaves(test: Test) -> list[PropertyTest]:
    if isinstance(test, PropertyTest):
        return [test]
    return [leaf for part in test.parts for leaf in _leaves(part)]


def _monotonic(criteria: Criteria) -> list[Problem]:
    """For each indicator, category, path and kind of bound: the bound must not weaken as
    the level rises. A general requirement counts for every category."""
    bounds: dict[tuple, dict[int, tuple[Decimal, Requirement]]] = defaultdict(dict)
    allowed: dict[tuple, dict[int, tuple[frozenset, Requirement]]] = defaultdict(dict)
    categories = [c.iri for c in criteria.categories] or [None]
    for r in criteria.requirements:
        for category in categories if r.category is None else [r.category]:
            for leaf in _leaves(r.test):
                for c in leaf.constraints:
                    key = (r.indicator, category, leaf.path_key, c.kind)
                    if c.kind in _STRONGER_IS_HIGHER and c.kind not in ("minCount", "maxCount"):
                        value = number(c.value)
                        if value is None:
                            continue
                        best = bounds[key].get(r.level)
                        higher = _STRONGER_IS_HIGHER[c.kind]
                        if best is None or (value > best[0]) == higher:
                            bounds[key][r.level] = (value, r)
                    elif c.kind == "in":
                        allowed[key][r.level] = (frozenset(c.value), r)
    problems: list[Problem] = []
    seen: set[tuple] = set()
    for key, by_level in bounds.items():
        levels = sorted(by_level)
        higher = _STRONGER_IS_HIGHER[key[3]]
        for low, high in itertools.pairwise(levels):
            (lv, _), (hv, hr) = by_level[low], by_level[high]
            if (hv < lv) if higher else (hv > lv):
                if (hr.iri, key[2]) in seen:
                    continue
                seen.add((hr.iri, key[2]))
                problems.append(
                    _problem(
                        criteria,
                        hr,
                        f"{high}★ 对 {key[2]} 的阈值 {hv} 比 {low}★ 的 {lv} 更宽松",
                        f"{high}★ threshold {hv} on {key[2]} is weaker than {low}★'s {lv}",
                    )
                )
    for key, by_level in allowed.items():
        levels = sorted(by_level)
        for low, high in itertools.pairwise(levels):
            (lv, _), (hv, hr) = by_level[low], by_level[high]
            if not hv <= lv:
                if (hr.iri, key[2]) in seen:
                    continue
                seen.add((hr.iri, key[2]))
                extra = ", ".join(sorted(_name(criteria, v) for v in hv - lv))
                problems.append(
                    _problem(
                        criteria,
                        hr,
                        f"{high}★ 对 {key[2]} 允许 {low}★ 不允许的取值：{extra}",
                        f"{high}★ allows values on {key[2]} that {low}★ does not: {extra}",
                    )
                )
    return problems


def _texts(criteria: Criteria) -> list[Problem]:
    problems = []
    for r in criteria.requirements:
        for prop, name in ((PS.clause, "ps:clause"), (SH.name, "sh:name"), (SH.message, "sh:message")):
            langs = {o.language for o in criteria.shapes.objects(r.iri, prop) if isinstance(o, Literal)}
            for lang in ("zh", "en"):
                if lang not in langs:
                    problems.append(
                        _problem(criteria, r, f"缺少 {lang} 语言的 {name}", f"{name} missing in language '{lang}'")
                    )
        if r.indicator_number == 0:
            problems.append(
                _problem(
                    criteria,
                    r,
                    "指标未在本体中定义编号（ps:indicatorNumber）",
                    "the indicator has no ps:indicatorNumber in the ontology",
                )
            )
        for dq in r.needs:
            if (dq, SH.targetClass, None) not in criteria.shapes:
                problems.append(
                    _problem(
                        criteria,
                        r,
                        f"ps:needsData 指向未定义的数据质量形状 {dq}",
                        f"ps:needsData names an undefined data-quality shape {dq}",
                    )
                )
    for dq, text in criteria.data_quality.items():
        if not text.zh or not text.en or text.zh == text.en:
            problems.append(
                Problem(
                    "data-quality.ttl",
                    _name(criteria, dq),
                    Text(
                        "数据质量形状缺少中文或英文消息",
                        "data-quality shape lacks a Chinese or English message",
                    ),
                )
            )
    return problems


def _defined_terms(criteria: Criteria, ontology: Graph) -> list[Problem]:
    defined = set(ontology.subjects())
    problems = []
    for file in criteria.shape_files:
        part = read_graph([file])
        used = {t for triple in part for t in triple if isinstance(t, URIRef) and str(t).startswith(_OWN_NAMESPACES)}
        for term in sorted(used - defined):
            problems.append(
                Problem(
                    file.name,
                    _name(criteria, term),
                    Text("使用了本体中未定义的术语", "uses a term the ontology does not define"),
                )
            )
    for rule in criteria.rules:
        prefixes = dict(re.findall(r"PREFIX\s+(\w*):\s*<([^>]+)>", rule.query))
        body = re.sub(r"#[^\n]*", "", rule.query)
        for prefix, local in set(re.findall(r"(?<![\w<])(\w+):(\w+)", body)):
            base = prefixes.get(prefix)
            if base and base.startswith(_OWN_NAMESPACES) and URIRef(base + local) not in defined:
                problems.append(
                    Problem(
                        rule.source.name,
                        f"{prefix}:{local}",
                        Text(
                            "规则使用了本体中未定义的术语",
                            "the rule uses a term the ontology does not define",
                        ),
                    )
                )
    return problems


def _parameters(criteria: Criteria) -> list[Problem]:
    problems = []
    for r in criteria.requirements:
        for leaf in _leaves(r.test):
            for c in leaf.constraints:
                if c.parameter is None:
                    continue
                value = criteria.context.value(c.parameter, PS.value)
                if value is None or number(value) != number(c.value):
                    problems.append(
                        _problem(
                            criteria,
                            r,
                            f"阈值 {c.value} 与参数 {_name(criteria, c.parameter)} 的值 {value} 不一致",
                            f"threshold {c.value} differs from parameter {_name(criteria, c.parameter)} = {value}",
                        )
                    )
    return problems


def _shacl_validity(criteria: Criteria) -> list[Problem]:
    conforms, report, _text = meta_validate(criteria.shapes, inference="none")
    if conforms:
        return []
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage)
        problems.append(
            Problem(
                "shapes/",
                _name(criteria, focus),
                Text(f"不是有效的 SHACL：{message}", f"not valid SHACL: {message}"),
            )
        )
    return problems
