"""Every difference between two editions, worked out from the loaded criteria (never from
a list kept by hand), so editing a file changes the diff with no Python: requirements
added or removed, thresholds and other constraints changed (matched by property path and
constraint kind, wherever they sit in the shape's "all of" / "any of"), clause, name or
message changed, parameters, rules, and any other shape (e.g. data quality) redefined."""

from collections import Counter
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.term import Node

from parkstar.criteria.describe import value_data
from parkstar.criteria.model import AnyOf, Criteria, PropertyTest, Requirement, Test, Text
from parkstar.editions.delta import closure
from parkstar.labels import compact, label, lang_text, unit
from parkstar.numbers import format_number, number
from parkstar.vocab import PS, RDF, RDFS, SH

#: Kinds of change, with their names in both languages.
KINDS: dict[str, Text] = {
    "requirement_added": Text("新增要求", "requirement added"),
    "requirement_removed": Text("删除要求", "requirement removed"),
    "threshold_changed": Text("阈值变更", "threshold changed"),
    "constraint_changed": Text("约束变更", "constraint changed"),
    "constraint_added": Text("新增约束", "constraint added"),
    "constraint_removed": Text("删除约束", "constraint removed"),
    "text_changed": Text("文字变更", "text changed"),
    "cell_changed": Text("所属单元格变更", "cell changed"),
    "data_needs_changed": Text("所需数据变更", "data needed changed"),
    "parameter_changed": Text("参数值变更", "parameter value changed"),
    "parameter_text_changed": Text("参数说明变更", "parameter text changed"),
    "parameter_added": Text("新增参数", "parameter added"),
    "parameter_removed": Text("删除参数", "parameter removed"),
    "rule_changed": Text("规则变更", "rule changed"),
    "rule_added": Text("新增规则", "rule added"),
    "rule_removed": Text("删除规则", "rule removed"),
    "shape_changed": Text("其他形状变更", "other shape changed"),
    "shape_added": Text("新增其他形状", "other shape added"),
    "shape_removed": Text("删除其他形状", "other shape removed"),
}
_NUMERIC = {
    "minInclusive",
    "maxInclusive",
    "minExclusive",
    "maxExclusive",
    "minCount",
    "maxCount",
    "qualifiedMinCount",
    "qualifiedMaxCount",
}
_BOUND = {
    "minInclusive": Text("下限（≥）", "lower bound (≥)"),
    "minExclusive": Text("下限（>）", "lower bound (>)"),
    "maxInclusive": Text("上限（≤）", "upper bound (≤)"),
    "maxExclusive": Text("上限（<）", "upper bound (<)"),
    "minCount": Text("最少个数", "minimum count"),
    "maxCount": Text("最多个数", "maximum count"),
    "qualifiedMinCount": Text("符合条件的最少个数", "minimum count of qualifying values"),
    "qualifiedMaxCount": Text("符合条件的最多个数", "maximum count of qualifying values"),
}
_TEXTS = ((PS.clause, "ps:clause"), (SH.name, "sh:name"), (SH.message, "sh:message"))
_PARAMETER_TEXTS = ((RDFS.label, "rdfs:label"), (PS.rationale, "ps:rationale"), (PS.unit, "ps:unit"))


@dataclass(frozen=True)
class Change:
    """One difference. `subject` is the requirement, parameter, rule or shape changed;
    `aspect` what about it (e.g. "ps:landAreaMu sh:minInclusive", "sh:name")."""

    kind: str
    subject: str
    indicator: int | None
    level: int | None
    category: str | None  # None: every category
    aspect: str | None
    old: object
    new: object
    text: Text

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "kind_label": KINDS[self.kind].as_dict(),
            "subject": self.subject,
            "indicator": self.indicator,
            "level": self.level,
            "category": self.category,
            "aspect": self.aspect,
            "old": self.old,
            "new": self.new,
            "text": self.text.as_dict(),
        }

    @property
    def key(self) -> tuple:
        """What the change is, without its wording: for comparing diffs in tests."""
        return (self.kind, self.subject, self.aspect, _hashable(self.old), _hashable(self.new))


def _hashable(value: object) -> object:
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    return value


def diff_criteria(old: Criteria, new: Criteria) -> list[Change]:
    """Every change from `old` to `new`, sorted by indicator, level, category, subject."""
    changes: list[Change] = []
    before = {r.iri: r for r in old.requirements}
    after = {r.iri: r for r in new.requirements}
    for iri in sorted(before.keys() | after.keys(), key=str):
        if iri not in after:
            changes.append(_whole(old, before[iri], "requirement_removed"))
        elif iri not in before:
            changes.append(_whole(new, after[iri], "requirement_added"))
        else:
            changes += _requirement_changes(old, new, before[iri], after[iri])
    changes += _parameter_changes(old, new)
    changes += _rule_changes(old, new)
    changes += _other_shape_changes(old, new, before.keys() | after.keys())
    return sorted(
        changes,
        key=lambda c: (c.indicator or 99, c.level or 99, c.category or "", c.subject, c.kind, c.aspect or ""),
    )


# ── requirements ─────────────────────────────────────────────────────────────
def _where(graph: Graph, r: Requirement) -> tuple[int, int, str | None]:
    return r.indicator_number, r.level, compact(graph, r.category)


def _title(r: Requirement, graph: Graph) -> Text:
    return Text(
        f"{r.level}★ {r.name.zh}（{compact(graph, r.iri)}）", f"{r.level}★ {r.name.en} ({compact(graph, r.iri)})"
    )


def _whole(criteria: Criteria, r: Requirement, kind: str) -> Change:
    graph = criteria.context
    t = _title(r, graph)
    verb = KINDS[kind]
    return Change(
        kind,
        compact(graph, r.iri),
        *_where(graph, r),
        None,
        None,
        None,
        Text(f"{verb.zh}：{t.zh}", f"{verb.en}: {t.en}"),
    )


def _requirement_changes(old: Criteria, new: Criteria, a: Requirement, b: Requirement) -> list[Change]:
    graph = new.context
    subject = compact(graph, b.iri)
    where = _where(graph, b)
    t = _title(b, graph)
    found: list[Change] = []

    def add(kind: str, aspect: str, before: object, after: object, zh: str, en: str) -> None:
        found.append(Change(kind, subject, *where, aspect, before, after, Text(f"{t.zh}：{zh}", f"{t.en}: {en}")))

    for attr, aspect in (
        ("indicator", "ps:indicator"),
        ("level", "ps:level"),
        ("category", "ps:appliesToCategory"),
        ("target_class", "sh:targetClass"),
    ):
        x, y = getattr(a, attr), getattr(b, attr)
        if x != y:
            xs, ys = _shown(old.context, x), _shown(graph, y)
            add(
                "cell_changed",
                aspect,
                _plain(old.context, x),
                _plain(graph, y),
                f"{aspect} {xs.zh} → {ys.zh}",
                f"{aspect} {xs.en} → {ys.en}",
            )
    for prop, aspect in _TEXTS:
        x, y = lang_text(old.shapes, a.iri, (prop,)), lang_text(new.shapes, b.iri, (prop,))
        if x != y:
            add(
                "text_changed",
                aspect,
                x.as_dict() if x else None,
                y.as_dict() if y else None,
                f"{aspect}“{x.zh if x else ''}”→“{y.zh if y else ''}”",
                f"{aspect} '{x.en if x else ''}' → '{y.en if y else ''}'",
            )
    if set(a.needs) != set(b.needs):
        x = sorted(compact(old.context, n) for n in a.needs)
        y = sorted(compact(graph, n) for n in b.needs)
        add("data_needs_changed", "ps:needsData", x, y, f"所需数据 {x} → {y}", f"data needed {x} → {y}")
    _test_changes(old, new, a, b, add)
    return found


def _shown(graph: Graph, node: object) -> Text:
    if node is None:
        return Text("（全部类别）", "(every category)")
    if isinstance(node, int):
        return Text(str(node), str(node))
    return label(graph, node)


def _plain(graph: Graph, node: object) -> object:
    return node if node is None or isinstance(node, int) else compact(graph, node)


Slot = tuple[tuple, str, str]  # (where in the any-of tree, path, constraint kind)


def _atoms(test: Test, route: tuple = ()) -> list[tuple[Slot, PropertyTest, object]]:
    """Each constraint of a test tree with its slot. A branch of an "any of" is named by
    the paths it tests, not by its position, so reordering a shape changes nothing."""
    if isinstance(test, PropertyTest):
        return [((route, test.path_key, c.kind), test, c.value) for c in test.constraints]
    found = []
    for part in test.parts:
        inner = (*route, ("any", _paths(part))) if isinstance(test, AnyOf) else route
        found += _atoms(part, inner)
    return found


def _paths(test: Test) -> tuple[str, ...]:
    if isinstance(test, PropertyTest):
        return (test.path_key,)
    return tuple(sorted({p for part in test.parts for p in _paths(part)}))


def _norm(value: object) -> object:
    """Compare values, not spellings: 60 equals 60.0; a list of allowed values is a set."""
    if isinstance(value, tuple):
        return frozenset(_norm(v) for v in value)
    n = number(value) if isinstance(value, Literal) else None
    return n if n is not None else value


def _test_changes(old: Criteria, new: Criteria, a: Requirement, b: Requirement, add) -> None:
    before: dict[Slot, list] = {}
    after: dict[Slot, list] = {}
    leaf_of: dict[Slot, PropertyTest] = {}
    for slot, leaf, value in _atoms(a.test):
        before.setdefault(slot, []).append(value)
        leaf_of.setdefault(slot, leaf)
    for slot, leaf, value in _atoms(b.test):
        after.setdefault(slot, []).append(value)
        leaf_of[slot] = leaf
    for slot in sorted(before.keys() | after.keys(), key=str):
        xs, ys = before.get(slot, []), after.get(slot, [])
        if Counter(map(_norm, xs)) == Counter(map(_norm, ys)):
            continue
        _route, path, kind = slot
        leaf = leaf_of[slot]
        graph = new.context if slot in after else old.context
        name = label(graph, leaf.last_property)
        u = unit(graph, leaf.last_property)
        aspect = f"{path} sh:{kind}"
        if len(xs) == 1 and len(ys) == 1:
            x, y = _describe_value(old.context, xs[0], u), _describe_value(graph, ys[0], u)
            changed = "threshold_changed" if kind in _NUMERIC else "constraint_changed"
            what = _BOUND.get(kind, Text(f"sh:{kind}", f"sh:{kind}"))
            add(
                changed,
                aspect,
                _value_data(old.context, xs[0]),
                _value_data(graph, ys[0]),
                f"{name.zh}的{what.zh} {x.zh} → {y.zh}",
                f"{name.en} {what.en} {x.en} → {y.en}",
            )
            continue
        removed = Counter(map(_norm, xs)) - Counter(map(_norm, ys))
        added = Counter(map(_norm, ys)) - Counter(map(_norm, xs))
        for value in xs:
            if removed[_norm(value)] > 0:
                removed[_norm(value)] -= 1
                v = _describe_value(old.context, value, u)
                add(
                    "constraint_removed",
                    aspect,
                    _value_data(old.context, value),
                    None,
                    f"删除 {name.zh} sh:{kind} {v.zh}",
                    f"removed {name.en} sh:{kind} {v.en}",
                )
        for value in ys:
            if added[_norm(value)] > 0:
                added[_norm(value)] -= 1
                v = _describe_value(graph, value, u)
                add(
                    "constraint_added",
                    aspect,
                    None,
                    _value_data(graph, value),
                    f"新增 {name.zh} sh:{kind} {v.zh}",
                    f"added {name.en} sh:{kind} {v.en}",
                )


def _describe_value(graph: Graph, value: object, u: Text) -> Text:
    if isinstance(value, tuple):
        items = [label(graph, v) for v in value]
        return Text("{" + "、".join(i.zh for i in items) + "}", "{" + ", ".join(i.en for i in items) + "}")
    n = number(value) if isinstance(value, Literal) else None
    if n is not None:
        shown = format_number(n)
        return Text(
            f"{shown}{'' if u.zh in ('', '%') else ' '}{u.zh}", f"{shown}{'' if u.en in ('', '%') else ' '}{u.en}"
        )
    if isinstance(value, Literal):
        return Text(str(value), str(value))
    return label(graph, value)


def _value_data(graph: Graph, value: object) -> object:
    if isinstance(value, tuple):
        return sorted(str(value_data(graph, v)) for v in value)
    return value_data(graph, value)


# ── parameters, rules, other shapes ──────────────────────────────────────────
def _parameters(criteria: Criteria) -> set[Node]:
    return set(criteria.shapes.subjects(RDF.type, PS.Parameter))


def _parameter_changes(old: Criteria, new: Criteria) -> list[Change]:
    found: list[Change] = []
    a, b = _parameters(old), _parameters(new)
    for p in sorted(a | b, key=str):
        graph = new.context if p in b else old.context
        name = compact(graph, p)
        title = label(graph, p)

        def add(
            kind: str, aspect: str | None, before: object, after: object, zh: str, en: str, name=name, title=title
        ) -> None:
            found.append(
                Change(
                    kind,
                    name,
                    None,
                    None,
                    None,
                    aspect,
                    before,
                    after,
                    Text(f"参数 {title.zh}（{name}）：{zh}", f"parameter {title.en} ({name}): {en}"),
                )
            )

        if p not in b:
            add("parameter_removed", None, None, None, "已删除", "removed")
            continue
        if p not in a:
            add("parameter_added", None, None, None, "新增", "added")
            continue
        x, y = old.shapes.value(p, PS.value), new.shapes.value(p, PS.value)
        if _norm(x) != _norm(y):
            u = unit(graph, p)
            xs, ys = _describe_value(old.context, x, u), _describe_value(graph, y, u)
            add(
                "parameter_changed",
                "ps:value",
                _value_data(old.context, x),
                _value_data(graph, y),
                f"{xs.zh} → {ys.zh}",
                f"{xs.en} → {ys.en}",
            )
        for prop, aspect in _PARAMETER_TEXTS:
            tx, ty = lang_text(old.shapes, p, (prop,)), lang_text(new.shapes, p, (prop,))
            if tx != ty:
                add(
                    "parameter_text_changed",
                    aspect,
                    tx.as_dict() if tx else None,
                    ty.as_dict() if ty else None,
                    f"{aspect}“{tx.zh if tx else ''}”→“{ty.zh if ty else ''}”",
                    f"{aspect} '{tx.en if tx else ''}' → '{ty.en if ty else ''}'",
                )
    return found


def _rule_changes(old: Criteria, new: Criteria) -> list[Change]:
    a = {r.name: r for r in old.rules}
    b = {r.name: r for r in new.rules}
    found = []
    for name in sorted(a.keys() | b.keys()):
        if name not in b:
            kind = "rule_removed"
        elif name not in a:
            kind = "rule_added"
        elif a[name].query.strip() != b[name].query.strip():
            kind = "rule_changed"
        else:
            continue
        verb = KINDS[kind]
        found.append(
            Change(
                kind, name, None, None, None, None, None, None, Text(f"{verb.zh}：{name}.rq", f"{verb.en}: {name}.rq")
            )
        )
    return found


def _other_shape_changes(old: Criteria, new: Criteria, requirements: set) -> list[Change]:
    """Any other resource defined in the shapes (data-quality shapes, …), compared whole."""
    skip = requirements | _parameters(old) | _parameters(new)
    skip |= set(old.shapes.subjects(RDF.type, PS.Edition)) | set(new.shapes.subjects(RDF.type, PS.Edition))
    a = {s for s in old.shapes.subjects() if isinstance(s, URIRef)} - skip
    b = {s for s in new.shapes.subjects() if isinstance(s, URIRef)} - skip
    found = []
    for node in sorted(a | b, key=str):
        if node not in b:
            kind = "shape_removed"
        elif node not in a:
            kind = "shape_added"
        elif not isomorphic(closure(old.shapes, node), closure(new.shapes, node)):
            kind = "shape_changed"
        else:
            continue
        name = compact(new.context if node in b else old.context, node)
        verb = KINDS[kind]
        found.append(
            Change(kind, name, None, None, None, None, None, None, Text(f"{verb.zh}：{name}", f"{verb.en}: {name}"))
        )
    return found
