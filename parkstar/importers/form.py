"""The application workbook's layout, read from `data/forms/workbook.toml`: sheets, their
columns (headers, RDF property, datatype, unit and conversion factor, code list,
required), and the RDF nodes a row creates. Nothing about the form is written in Python;
this module only gives the file a typed shape and rejects a malformed one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, SKOS, XSD

from parkstar import paths
from parkstar.criteria.model import Text
from parkstar.errors import ParkstarError
from parkstar.tomlfile import read_toml
from parkstar.vocab import CODE, PREFIXES

FORM_FILE = paths.DATA_DIR / "forms" / "workbook.toml"

COLUMN_TYPES = frozenset(
    {
        "key",
        "text",
        "integer",
        "decimal",
        "boolean",
        "date",
        "code",
        "industry",
        "region",
        "credit_code",
        "named_node",
    }
)
#: Column types whose values come from a code list (and get a drop-down).
CODED_TYPES = frozenset({"code", "industry", "region", "boolean"})

_NAMESPACES = {
    **PREFIXES,
    "rdfs": str(RDFS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "skos": str(SKOS),
    "xsd": str(XSD),
}


def expand(compact: str, where: str) -> URIRef:
    """`ps:landAreaMu` → its IRI; a full IRI in angle brackets is taken as is."""
    if compact.startswith("<") and compact.endswith(">"):
        return URIRef(compact[1:-1])
    prefix, sep, local = compact.partition(":")
    if not sep or prefix not in _NAMESPACES:
        raise _bad(where, f"未知前缀的 IRI“{compact}”", f"IRI with an unknown prefix: '{compact}'")
    return URIRef(_NAMESPACES[prefix] + local)


@dataclass(frozen=True)
class NodeSpec:
    id: str
    classes: tuple[URIRef, ...]
    iri: str
    parent: str | None = None
    link: URIRef | None = None
    to_parent: bool = False

    @property
    def per_park(self) -> bool:
        """A node that exists once per park (its IRI has no ordinal)."""
        return "{n}" not in self.iri


@dataclass(frozen=True)
class ColumnSpec:
    id: str
    header: Text
    type: str
    node: str | None = None
    predicate: URIRef | None = None
    required: bool = False
    unit: Text | None = None
    factor: Decimal = Decimal(1)
    min: Decimal | None = None
    max: Decimal | None = None
    percent: bool = False
    scheme: str | None = None
    qualifier: str | None = None
    qualifier_property: URIRef | None = None
    multiple: bool = False
    lang: str | None = None
    true_object: URIRef | None = None
    not_before: str | None = None
    target: str | None = None
    note: Text | None = None

    @property
    def coded(self) -> bool:
        return self.type in CODED_TYPES

    @property
    def scheme_iri(self) -> URIRef | None:
        if self.type == "industry":
            return URIRef(f"{CODE}industry")
        if self.type == "region":
            return URIRef(f"{CODE}region")
        return URIRef(f"{CODE}{self.scheme}") if self.scheme else None


@dataclass(frozen=True)
class SheetSpec:
    id: str
    name: Text
    csv: str
    columns: tuple[ColumnSpec, ...]
    always: tuple[str, ...] = ()
    unique: tuple[tuple[str, ...], ...] = ()
    note: Text | None = None

    def column(self, column_id: str) -> ColumnSpec:
        for c in self.columns:
            if c.id == column_id:
                return c
        raise KeyError(column_id)

    @property
    def key_column(self) -> ColumnSpec:
        return next(c for c in self.columns if c.type == "key")

    @property
    def nodes(self) -> list[str]:
        found: list[str] = []
        for c in self.columns:
            if c.node and c.node not in found:
                found.append(c.node)
        return found


@dataclass(frozen=True)
class Form:
    title: Text
    version: str
    instructions: Text
    codes: Text
    header_rows: int
    template_rows: int
    iri_base: str
    key_pattern: re.Pattern[str]
    park_sheet: str
    true_words: tuple[str, ...]
    false_words: tuple[str, ...]
    shown_true: str
    shown_false: str
    nodes: dict[str, NodeSpec]
    sheets: tuple[SheetSpec, ...] = field(default=())

    def sheet(self, sheet_id: str) -> SheetSpec:
        for s in self.sheets:
            if s.id == sheet_id:
                return s
        raise KeyError(sheet_id)


def _bad(where: str, zh: str, en: str) -> ParkstarError:
    return ParkstarError(f"表单定义 {where}：{zh}", f"form definition {where}: {en}")


def _text(table: dict, stem: str, where: str, *, required: bool = True) -> Text | None:
    prefix = f"{stem}_" if stem else ""
    zh, en = table.get(f"{prefix}zh"), table.get(f"{prefix}en")
    if zh is None and en is None and not required:
        return None
    if not isinstance(zh, str) or not isinstance(en, str):
        raise _bad(where, f"缺少 {stem or '名称'} 的中英文（zh/en）", f"missing the zh/en of {stem or 'the name'}")
    return Text(zh, en)


def _decimal(value: object, where: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _bad(where, f"不是数：{value!r}", f"not a number: {value!r}")
    return Decimal(str(value))


def _column(raw: dict, where: str, nodes: dict[str, NodeSpec]) -> ColumnSpec:
    cid = raw.get("id")
    if not isinstance(cid, str):
        raise _bad(where, "列缺少 id", "a column has no id")
    where = f"{where} 列/column {cid}"
    ctype = raw.get("type")
    if ctype not in COLUMN_TYPES:
        raise _bad(where, f"未知列类型“{ctype}”", f"unknown column type '{ctype}'")
    node = raw.get("node")
    if ctype != "key":
        if node not in nodes:
            raise _bad(where, f"未定义的节点“{node}”", f"undefined node '{node}'")
        if "property" not in raw:
            raise _bad(where, "缺少 property", "no property")
    if ctype == "code" and not raw.get("scheme"):
        raise _bad(where, "代码列缺少 scheme", "a code column needs a scheme")
    if ctype == "named_node" and raw.get("target") not in nodes:
        raise _bad(where, "named_node 列缺少有效的 target 节点", "a named_node column needs a target node")
    unit = None
    if "unit_zh" in raw or "unit_en" in raw:
        unit = Text(str(raw.get("unit_zh", raw.get("unit_en"))), str(raw.get("unit_en", raw.get("unit_zh"))))
    return ColumnSpec(
        id=cid,
        header=_text(raw, "", where),  # type: ignore[arg-type]
        type=ctype,
        node=node,
        predicate=expand(raw["property"], where) if "property" in raw else None,
        required=bool(raw.get("required", False)),
        unit=unit,
        factor=_decimal(raw.get("factor", "1"), where) or Decimal(1),
        min=_decimal(raw.get("min"), where),
        max=_decimal(raw.get("max"), where),
        percent=bool(raw.get("percent", False)),
        scheme=raw.get("scheme"),
        qualifier=raw.get("qualifier"),
        qualifier_property=expand(raw["qualifier_property"], where) if "qualifier_property" in raw else None,
        multiple=bool(raw.get("multiple", False)),
        lang=raw.get("lang"),
        true_object=expand(raw["true_object"], where) if "true_object" in raw else None,
        not_before=raw.get("not_before"),
        target=raw.get("target"),
        note=_text(raw, "note", where, required=False),
    )


def _node(nid: str, raw: dict) -> NodeSpec:
    where = f"nodes.{nid}"
    classes = raw.get("class", [])
    if isinstance(classes, str):
        classes = [classes]
    if "iri" not in raw:
        raise _bad(where, "缺少 iri", "no iri")
    return NodeSpec(
        id=nid,
        classes=tuple(expand(c, where) for c in classes),
        iri=raw["iri"],
        parent=raw.get("parent"),
        link=expand(raw["link"], where) if "link" in raw else None,
        to_parent=raw.get("link_direction") == "to_parent",
    )


def _sheet(raw: dict, nodes: dict[str, NodeSpec]) -> SheetSpec:
    sid = raw.get("id")
    where = f"sheets.{sid}"
    columns = tuple(_column(c, where, nodes) for c in raw.get("columns", []))
    ids = [c.id for c in columns]
    if len(ids) != len(set(ids)):
        raise _bad(where, "列 id 重复", "duplicate column ids")
    if sum(c.type == "key" for c in columns) != 1:
        raise _bad(
            where, "每个表须恰有一个 key 列（园区编号）", "every sheet needs exactly one key column (the park key)"
        )
    for c in columns:
        for other in (c.qualifier, c.not_before):
            if other is not None and other not in ids:
                raise _bad(
                    where, f"列 {c.id} 引用了不存在的列 {other}", f"column {c.id} refers to unknown column {other}"
                )
    unique = tuple(tuple(group) for group in raw.get("unique", []))
    for group in unique:
        for cid in group:
            if cid not in ids:
                raise _bad(where, f"unique 中的列 {cid} 不存在", f"unique names unknown column {cid}")
    return SheetSpec(
        id=sid,
        name=_text(raw, "", where),  # type: ignore[arg-type]
        csv=raw.get("csv", f"{sid}.csv"),
        columns=columns,
        always=tuple(raw.get("always", [])),
        unique=unique,
        note=_text(raw, "note", where, required=False),
    )


def read_form(path: Path) -> Form:
    raw = read_toml(path, "表单定义文件", "the form definition")
    meta = raw.get("form", {})
    booleans = raw.get("booleans", {})
    nodes = {nid: _node(nid, spec) for nid, spec in raw.get("nodes", {}).items()}
    for node in nodes.values():
        if node.parent is not None and node.parent not in nodes:
            raise _bad(f"nodes.{node.id}", f"未定义的上级节点 {node.parent}", f"undefined parent node {node.parent}")
    sheets = tuple(_sheet(s, nodes) for s in raw.get("sheets", []))
    form = Form(
        title=_text(meta, "title", "form"),  # type: ignore[arg-type]
        version=str(meta.get("version", "")),
        instructions=_text(meta, "instructions", "form"),  # type: ignore[arg-type]
        codes=_text(meta, "codes", "form"),  # type: ignore[arg-type]
        header_rows=int(meta.get("header_rows", 2)),
        template_rows=int(meta.get("template_rows", 500)),
        iri_base=meta.get("iri_base", "https://w3id.org/parkstar/id/"),
        key_pattern=re.compile(meta.get("key_pattern", r"^[A-Za-z0-9][A-Za-z0-9._-]*$")),
        park_sheet=meta.get("park_sheet", "park"),
        true_words=tuple(str(w) for w in booleans.get("true", ["是"])),
        false_words=tuple(str(w) for w in booleans.get("false", ["否"])),
        shown_true=str(booleans.get("shown_true", "是")),
        shown_false=str(booleans.get("shown_false", "否")),
        nodes=nodes,
        sheets=sheets,
    )
    try:
        form.sheet(form.park_sheet)
    except KeyError:
        raise _bad(
            "form.park_sheet", f"没有 id 为 {form.park_sheet} 的表", f"no sheet with id {form.park_sheet}"
        ) from None
    for sheet in sheets:
        for nid in sheet.always:
            if nid not in sheet.nodes:
                raise _bad(
                    f"sheets.{sheet.id}", f"always 中的节点 {nid} 不在本表", f"always names node {nid} not on the sheet"
                )
    return form


@lru_cache(maxsize=4)
def load_form(path: Path | None = None) -> Form:
    return read_form(path or FORM_FILE)
