"""Explanations: for a requirement, the actual values the park has and the values the
shapes require, in Chinese and English; and, for a requirement not met, how far off the
park is (for an "any of" requirement, the closest branch). Everything is read from the
requirement's test tree and the ontology's labels and units."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from parkstar.criteria.model import AllOf, AnyOf, Constraint, PropertyTest, Test, Text
from parkstar.labels import label, unit
from parkstar.numbers import format_number, number

_PLAIN_VALUES_KEPT = 50_000
_NUMERIC = {"minInclusive": "≥", "minExclusive": ">", "maxInclusive": "≤", "maxExclusive": "<"}


#: A park's values along a property test's path.
ValuesOf = Callable[[PropertyTest], list[Node]]


@dataclass
class Finding:
    """One constraint checked against the park: what it has, what it needs."""

    property: URIRef
    kind: str
    text: Text
    holds: bool
    shortfall: Decimal | None = None  # required − actual, for numeric thresholds
    relative: float = float("inf")  # shortfall / required: how far, comparable across branches
    required: object = None
    actual: list[object] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "property": str(self.property),
            "constraint": self.kind,
            "holds": self.holds,
            "actual": self.actual,
            "required": self.required,
            "shortfall": None if self.shortfall is None else float(self.shortfall),
            "text": self.text.as_dict(),
        }


@dataclass
class Explanation:
    """All findings of a requirement; for "any of", the branches and the closest one."""

    findings: list[Finding]
    text: Text
    holds: bool
    relative: float
    branches: list["Explanation"] = field(default_factory=list)
    closest: int | None = None
    #: its entry in stored records as JSON, by outcome and missing-data messages (filled
    #: by results.codec.record_json: an explanation is shared by every park it fits)
    encoded: dict[tuple, str] = field(default_factory=dict, init=False, repr=False, compare=False)


class Explainer:
    def __init__(self, context: Graph) -> None:
        self.context = context
        self._label = cache(lambda node: label(context, node))  # labels are read once per term
        self._unit = cache(lambda node: unit(context, node))
        self._label_of_iri = cache(lambda iri: self._label(URIRef(iri)))  # from a plain IRI string
        self._plain_values: dict[tuple[Node, ...], list[object]] = {}  # _plain_all by values

    def explain(self, test: Test, values: ValuesOf) -> Explanation:
        """Findings for a test, reading a park's values through `values`."""
        if isinstance(test, PropertyTest):
            findings = self._property(test, values(test))
            return self._combine_all(findings, [])
        if isinstance(test, AllOf):
            parts = [self.explain(t, values) for t in test.parts]
            return self._combine_all([f for p in parts for f in p.findings], parts)
        return self._any(test, values)

    def _combine_all(self, findings: list[Finding], parts: list[Explanation]) -> Explanation:
        failing = [f for f in findings if not f.holds]
        texts = self._merge_missing(failing or findings)
        text = Text("；".join(t.zh for t in texts), "; ".join(t.en for t in texts))
        relative = max((f.relative for f in failing), default=0.0)
        return Explanation(findings, text, not failing, relative)

    def _merge_missing(self, findings: list[Finding]) -> list[Text]:
        """Items missing from one property read as one sentence: "园内基础设施：缺少通信、网络"."""
        entries: list[Text | URIRef] = []
        missing: dict[URIRef, list[Finding]] = {}
        for f in findings:
            if f.kind == "hasValue" and not f.holds and isinstance(f.required, str):
                if f.property not in missing:
                    missing[f.property] = []
                    entries.append(f.property)
                missing[f.property].append(f)
            else:
                entries.append(f.text)
        return [e if isinstance(e, Text) else self._missing_text(e, missing[e]) for e in entries]

    def _missing_text(self, prop: URIRef, group: list[Finding]) -> Text:
        name = self._label(prop)
        items = sorted((self._label_of_iri(f.required) for f in group), key=lambda t: t.en)
        return Text(
            f"{name.zh}：缺少{'、'.join(x.zh for x in items)}",
            f"{name.en}: missing {', '.join(x.en for x in items)}",
        )

    def _any(self, test: AnyOf, values: ValuesOf) -> Explanation:
        branches = [self.explain(t, values) for t in test.parts]
        holds = any(b.holds for b in branches)
        closest = min(range(len(branches)), key=lambda i: branches[i].relative) if branches else None
        text = Text("；或".join(b.text.zh for b in branches), "; or ".join(b.text.en for b in branches))
        findings = [f for b in branches for f in b.findings]
        relative = 0.0 if holds else min((b.relative for b in branches), default=float("inf"))
        return Explanation(findings, text, holds, relative, branches, closest)

    def _property(self, test: PropertyTest, values: list[Node]) -> list[Finding]:
        name = self._label(test.last_property)
        u = self._unit(test.last_property)
        findings: list[Finding] = []
        for c in test.constraints:
            finding = self._finding(test, c, values, name, u)
            if finding is not None:
                findings.append(finding)
        if not findings and any(c.kind == "minCount" for c in test.constraints):
            findings.append(self._count(test, values, name))
        return findings

    def _finding(self, test: PropertyTest, c: Constraint, values: list[Node], name: Text, u: Text) -> Finding | None:
        if c.kind in _NUMERIC:
            return self._numeric(test, c, values, name, u)
        if c.kind == "hasValue":
            present = c.value in values
            item = self._label(c.value)
            if isinstance(c.value, Literal):
                text = Text(
                    f"{name.zh}：{self._show(values, 'zh') or '未填写'}，需为 {item.zh}",
                    f"{name.en}: {self._show(values, 'en') or 'not recorded'}, needs {item.en}",
                )
            elif present:
                text = Text(f"{name.zh}：有{item.zh}", f"{name.en}: has {item.en}")
            else:
                text = Text(f"{name.zh}：缺少{item.zh}", f"{name.en}: {item.en} missing")
            return Finding(
                test.last_property,
                "hasValue",
                text,
                present,
                None,
                0.0 if present else 1.0,
                self._plain(c.value),
                self._plain_all(values),
            )
        if c.kind == "in":
            allowed = c.value
            holds = bool(values) and all(v in allowed for v in values)
            wanted = [self._label(v) for v in allowed]
            text = Text(
                f"{name.zh}：{self._show(values, 'zh') or '未填写'}，需为"
                f"{'、'.join(w.zh for w in wanted)}{'之一' if len(wanted) > 1 else ''}",
                f"{name.en}: {self._show(values, 'en') or 'not recorded'}, needs {' or '.join(w.en for w in wanted)}",
            )
            return Finding(
                test.last_property,
                "in",
                text,
                holds,
                None,
                0.0 if holds else 1.0,
                [self._plain(v) for v in allowed],
                self._plain_all(values),
            )
        if c.kind == "qualifiedValueShape":
            matching = [v for v in values if v in c.value]
            wanted = [self._label(v) for v in c.value]
            holds = len(matching) >= 1
            text = Text(
                f"{name.zh}：{self._show(values, 'zh') or '无'}，需至少一项属于{'、'.join(w.zh for w in wanted)}",
                f"{name.en}: {self._show(values, 'en') or 'none'}, needs at least one of "
                f"{', '.join(w.en for w in wanted)}",
            )
            return Finding(
                test.last_property,
                "qualifiedValueShape",
                text,
                holds,
                None,
                0.0 if holds else 1.0,
                [self._plain(v) for v in c.value],
                self._plain_all(values),
            )
        return None

    def _numeric(self, test: PropertyTest, c: Constraint, values: list[Node], name: Text, u: Text) -> Finding:
        required = number(c.value)
        op = _NUMERIC[c.kind]
        need_zh = f"需 {op} {format_number(required)}{_unit(u.zh)}"
        need_en = f"needs {op} {format_number(required)}{_unit(u.en)}"
        actual = number(values[0]) if len(values) == 1 else None
        if actual is None:
            shown = self._show(values, "zh")
            zh = f"{name.zh}{'为 ' + shown + '（不是数字）' if values else '未填写'}，{need_zh}"
            shown_en = self._show(values, "en")
            en = f"{name.en} {'is ' + shown_en + ' (not a number)' if values else 'not recorded'}, {need_en}"
            return Finding(
                test.last_property,
                c.kind,
                Text(zh, en),
                False,
                None,
                float("inf"),
                float(required),
                self._plain_all(values),
            )
        holds = {
            "minInclusive": actual >= required,
            "minExclusive": actual > required,
            "maxInclusive": actual <= required,
            "maxExclusive": actual < required,
        }[c.kind]
        shortfall = None if holds else abs(required - actual)
        relative = 0.0 if holds else float(shortfall / abs(required)) if required else 1.0
        text = Text(
            f"{name.zh} {format_number(actual)}{_unit(u.zh)}，{need_zh}",
            f"{name.en} {format_number(actual)}{_unit(u.en)}, {need_en}",
        )
        return Finding(test.last_property, c.kind, text, holds, shortfall, relative, float(required), [float(actual)])

    def _count(self, test: PropertyTest, values: list[Node], name: Text) -> Finding:
        holds = bool(values)
        text = Text(
            f"{name.zh}：{self._show(values, 'zh') if holds else '未填写'}",
            f"{name.en}: {self._show(values, 'en') if holds else 'not recorded'}",
        )
        return Finding(
            test.last_property,
            "minCount",
            text,
            holds,
            None,
            0.0 if holds else float("inf"),
            1,
            self._plain_all(values),
        )

    def _show(self, values: list[Node], lang: str) -> str:
        parts = []
        for v in values:
            if isinstance(v, Literal):
                n = number(v)
                parts.append(format_number(n) if n is not None else str(v))
            else:
                parts.append(self._label(v).get(lang))
        return ("、" if lang == "zh" else ", ").join(sorted(parts))

    @staticmethod
    def _plain(node: Node) -> object:
        if isinstance(node, Literal):
            n = number(node)
            if n is not None:
                return float(n)
            return node.toPython() if isinstance(node.value, bool) else str(node)
        return str(node)

    def _plain_all(self, values: list[Node]) -> list[object]:
        """The values as plain JSON values (a new list each time; worked out once per values)."""
        key = tuple(values)
        found = self._plain_values.get(key)
        if found is None:
            if len(self._plain_values) >= _PLAIN_VALUES_KEPT:
                self._plain_values.clear()  # a worker rates chunk after chunk: keep it bounded
            found = self._plain_values[key] = [self._plain(v) for v in values]
        return list(found)


def _unit(text: str) -> str:
    if not text:
        return ""
    return text if text == "%" else f" {text}"
