"""What-if on the standard: which values of an edition an analyst may change (each
requirement's numeric thresholds and each numeric parameter), read from the criteria
rather than listed by hand, and the submitted form checked field by field before anything
is computed. The overrides are keyed as parkstar.editions.sandbox expects them."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import Literal

from parkstar.criteria.model import Criteria, PropertyTest, Test
from parkstar.labels import compact, label, unit
from parkstar.numbers import number
from parkstar.vocab import PS, RDF, XSD

#: Bounds an analyst can move; a plain sh:minCount 1 is "the fact is recorded", not a threshold.
BOUNDS = ("minInclusive", "minExclusive", "maxInclusive", "maxExclusive", "qualifiedMinCount", "qualifiedMaxCount")
COUNTS = ("minCount", "maxCount", "qualifiedMinCount", "qualifiedMaxCount")
INTEGER_TYPES = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.nonNegativeInteger, XSD.positiveInteger}
DRAFT_ID = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")


@dataclass(frozen=True)
class Field:
    """One editable value: `subject` and `aspect` are the sandbox's override key."""

    subject: str
    aspect: str
    value: Decimal
    integer: bool  # the datatype takes whole numbers only
    percent: bool
    data: dict  # what the form shows: labels, indicator, level, category, unit

    @property
    def name(self) -> str:
        return f"{self.subject}|{self.aspect}"


def _leaves(test: Test) -> list[PropertyTest]:
    if isinstance(test, PropertyTest):
        return [test]
    return [leaf for part in test.parts for leaf in _leaves(part)]


def editable_fields(criteria: Criteria) -> list[Field]:
    """Every numeric threshold no parameter governs (one field per requirement, path and
    bound that names it unambiguously), then every numeric parameter."""
    graph = criteria.context
    indicators = {i.number: i.label.as_dict() for i in criteria.indicators}
    found: list[Field] = []
    for r in sorted(criteria.requirements, key=lambda r: (r.level, r.indicator_number, str(r.iri))):
        slots: dict[tuple[str, str], list] = {}
        for leaf in _leaves(r.test):
            for c in leaf.constraints:
                wanted = c.kind in BOUNDS or (c.kind in COUNTS and number(c.value) not in (None, 0, 1))
                if wanted and isinstance(c.value, Literal) and number(c.value) is not None:
                    slots.setdefault((leaf.path_key, c.kind), []).append((leaf, c))
        for (path, kind), items in sorted(slots.items()):
            if len(items) != 1 or items[0][1].parameter is not None:
                continue  # ambiguous within the shape, or moved with its parameter
            leaf, c = items[0]
            u = unit(graph, leaf.last_property)
            found.append(
                Field(
                    subject=compact(graph, r.iri),
                    aspect=f"{path} sh:{kind}",
                    value=number(c.value),
                    integer=kind in COUNTS or c.value.datatype in INTEGER_TYPES,
                    percent=u.en == "%",
                    data={
                        "kind": "threshold",
                        "requirement_name": r.name.as_dict(),
                        "property": label(graph, leaf.last_property).as_dict(),
                        "bound": kind,
                        "indicator": r.indicator_number,
                        "indicator_label": indicators.get(r.indicator_number),
                        "level": r.level,
                        "category": compact(graph, r.category),
                        "category_label": label(graph, r.category).as_dict() if r.category is not None else None,
                        "unit": u.as_dict(),
                    },
                )
            )
    shapes = criteria.shapes
    for p in sorted(shapes.subjects(RDF.type, PS.Parameter), key=str):
        value = shapes.value(p, PS.value)
        n = number(value) if isinstance(value, Literal) and not isinstance(value.toPython(), bool) else None
        if n is None:
            continue  # a code or a yes/no: not a number to type in
        governed = sorted(
            {
                compact(graph, r.iri)
                for r in criteria.requirements
                for leaf in _leaves(r.test)
                for c in leaf.constraints
                if c.parameter == p
            }
        )
        u = unit(graph, p)
        found.append(
            Field(
                subject=compact(graph, p),
                aspect="ps:value",
                value=n,
                integer=value.datatype in INTEGER_TYPES,
                percent=u.en == "%",
                data={
                    "kind": "parameter",
                    "label": label(graph, p).as_dict(),
                    "governs": governed,
                    "unit": u.as_dict(),
                },
            )
        )
    return found


def field_data(f: Field, submitted: str | None = None, error: dict | None = None) -> dict:
    value = int(f.value) if f.value == f.value.to_integral_value() else float(f.value)
    return {
        "name": f.name,
        "subject": f.subject,
        "aspect": f.aspect,
        "value": value,
        "submitted": submitted,
        "integer": f.integer,
        "error": error,
        **f.data,
    }


def check_value(f: Field, text: str) -> tuple[Decimal | None, dict | None]:
    """A submitted value as a number, or a message in both languages saying why not."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None, {"zh": f"“{text}”不是数字", "en": f"'{text}' is not a number"}
    if not value.is_finite():
        return None, {"zh": f"“{text}”不是有限的数", "en": f"'{text}' is not a finite number"}
    if f.integer and value != value.to_integral_value():
        return None, {"zh": f"须为整数：{text}", "en": f"must be a whole number: {text}"}
    if value < 0:
        return None, {"zh": f"不能为负数：{text}", "en": f"cannot be negative: {text}"}
    if f.percent and value > 100:
        return None, {"zh": f"百分比不能超过 100：{text}", "en": f"a percentage cannot exceed 100: {text}"}
    return value, None


def read_form(fields: list[Field], form) -> tuple[dict[tuple[str, str], Decimal], list[dict], bool]:
    """The overrides the form asks for (values that differ from the edition's), each
    field's data for the page with its message, and whether any field was refused."""
    overrides: dict[tuple[str, str], Decimal] = {}
    shown, refused = [], False
    for f in fields:
        text = form.get(f.name)
        if text is None or not text.strip():
            shown.append(field_data(f))
            continue
        value, error = check_value(f, text)
        shown.append(field_data(f, text, error))
        if error is not None:
            refused = True
        elif value != f.value:
            overrides[(f.subject, f.aspect)] = int(value) if f.integer else value
    return overrides, shown, refused


def check_draft_id(identifier: str, known: set[str]) -> dict | None:
    """Why a draft identifier cannot be used, or None."""
    if not DRAFT_ID.match(identifier or ""):
        return {
            "zh": "草案标识只能由字母、数字和连字符组成（如 zj-star-2-land-55）",
            "en": "a draft identifier is letters, digits and hyphens only (e.g. zj-star-2-land-55)",
        }
    if identifier in known:
        return {
            "zh": f"版本“{identifier}”已存在，不会覆盖",
            "en": f"edition '{identifier}' already exists; not overwritten",
        }
    return None
