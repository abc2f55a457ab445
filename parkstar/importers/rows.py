"""From a sheet's raw table to checked rows: find the columns by their headers, read every
cell with `cells`, and report each problem with its sheet, row, column letter and header.
Cross-row checks (duplicates, references) are in `checks`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from parkstar.criteria.model import Text
from parkstar.importers.cells import CellError, Context, RawCell, Undecidable, parse_cell, shown
from parkstar.importers.codes import fold
from parkstar.importers.form import ColumnSpec, SheetSpec
from parkstar.importers.problems import Problem, Severity
from parkstar.importers.tables import Table, letter

_KIND_BY_TYPE = {
    "key": "invalid-key",
    "integer": "not-a-number",
    "decimal": "not-a-number",
    "boolean": "not-a-boolean",
    "date": "not-a-date",
    "code": "unknown-code",
    "industry": "industry-code",
    "region": "region-code",
    "credit_code": "credit-code",
}


@dataclass
class Row:
    sheet: SheetSpec
    number: int
    values: dict[str, Any] = field(default_factory=dict)  # column id → accepted value
    shown: dict[str, str] = field(default_factory=dict)  # column id → the cell as typed
    invalid: set[str] = field(default_factory=set)  # column ids whose cell was refused
    letters: dict[str, str] = field(default_factory=dict)  # column id → Excel letter
    nodes: list[str] = field(default_factory=list)  # the nodes this row describes

    @property
    def key(self) -> str | None:
        return self.values.get(self.sheet.key_column.id)

    def problem(self, column: ColumnSpec, severity: Severity, kind: str, message: Text, **extra: Any) -> Problem:
        return Problem(
            severity,
            kind,
            message,
            sheet=self.sheet.name,
            row=self.number,
            column=self.letters.get(column.id),
            header=column.header,
            **extra,
        )


@dataclass
class Columns:
    index: dict[str, int]  # column id → 0-based position
    first_data_row: int


_UNIT_SUFFIX = re.compile(r"\([^()]*\)$")


def _base(header: str) -> str:
    """A folded header without its trailing unit in brackets: 建筑面积（万平方米） → 建筑面积."""
    return _UNIT_SUFFIX.sub("", fold(header))


def map_columns(sheet: SheetSpec, table: Table, header_rows: int) -> tuple[Columns, list[Problem]]:
    """Find each column of the form by its Chinese (row 1) or English (row 2) header."""
    problems: list[Problem] = []
    rows = dict(table.rows)
    first = rows.get(1, [])
    second = rows.get(2, [])
    by_header: dict[str, ColumnSpec] = {}
    for column in sheet.columns:
        by_header.setdefault(fold(column.header.zh), column)
        by_header.setdefault(fold(column.header.en), column)
    index: dict[str, int] = {}
    second_matches = 0
    for position in range(max(len(first), len(second))):
        top = first[position].value if position < len(first) else None
        below = second[position].value if position < len(second) else None
        top_text = fold(shown(top)) if top is not None else ""
        below_text = fold(shown(below)) if below is not None else ""
        column = by_header.get(top_text) or by_header.get(below_text)
        if column is None:
            renamed = next(
                (
                    c
                    for c in sheet.columns
                    if c.unit is not None and top_text and _base(top_text) == _base(c.header.zh) != fold(c.header.zh)
                ),
                None,
            )
            if renamed is not None and renamed.unit is not None:  # another unit: the values would be misread
                unit = renamed.unit
                problems.append(
                    Problem(
                        Severity.ERROR,
                        "unit-mismatch",
                        Text(
                            f"表头的单位与表单不同，本列应以“{unit.zh}”填写",
                            f"the header's unit differs from the form's; the column is in {unit.en}",
                        ),
                        sheet=sheet.name,
                        row=1,
                        column=letter(position),
                        header=renamed.header,
                        found=shown(top),
                        expected=Text(
                            f"表头“{renamed.header.zh}”，数值以{unit.zh}计",
                            f"the header '{renamed.header.zh}', values in {unit.en}",
                        ),
                    )
                )
                index.setdefault(f"~{renamed.id}", position)  # not read, but not reported missing either
                continue
            if top_text or below_text:
                problems.append(
                    Problem(
                        Severity.WARNING,
                        "unknown-column",
                        Text("表单中没有这一列，已忽略", "the form has no such column; it is ignored"),
                        sheet=sheet.name,
                        row=1,
                        column=letter(position),
                        found=shown(top if top is not None else below),
                    )
                )
            continue
        if column.id in index:
            problems.append(
                Problem(
                    Severity.WARNING,
                    "duplicate-column",
                    Text(
                        f"与 {letter(index[column.id])} 列重复，已忽略",
                        f"repeats column {letter(index[column.id])}; it is ignored",
                    ),
                    sheet=sheet.name,
                    row=1,
                    column=letter(position),
                    header=column.header,
                )
            )
            continue
        index[column.id] = position
        if below_text == fold(column.header.en):
            second_matches += 1
    for column in sheet.columns:
        if f"~{column.id}" in index:
            del index[f"~{column.id}"]
            continue
        if column.id not in index:
            problems.append(
                Problem(
                    Severity.ERROR if column.required else Severity.WARNING,
                    "missing-column",
                    Text(
                        "缺少必填列" if column.required else "缺少此列，按空值处理",
                        "a required column is missing" if column.required else "the column is missing; read as empty",
                    ),
                    sheet=sheet.name,
                    row=1,
                    header=column.header,
                    expected=Text(
                        f"表头为“{column.header.zh}”（第 1 行）或“{column.header.en}”（第 2 行）的列",
                        f"a column headed '{column.header.zh}' (row 1) or '{column.header.en}' (row 2)",
                    ),
                )
            )
    first_data = header_rows + 1
    if header_rows >= 2 and second_matches == 0 and any(not c.empty for c in second):
        first_data = 2
        problems.append(
            Problem(
                Severity.WARNING,
                "header-rows",
                Text(
                    "第 2 行不是英文表头，按数据读入",
                    "row 2 does not hold the English headers and is read as data",
                ),
                sheet=sheet.name,
                row=2,
            )
        )
    return Columns(index, first_data), problems


def _ordered(sheet: SheetSpec) -> list[ColumnSpec]:
    """The key first, then the columns others depend on (qualifiers), then the rest."""
    needed = {c.qualifier for c in sheet.columns if c.qualifier}
    return sorted(sheet.columns, key=lambda c: (c.type != "key", c.id not in needed))


def read_rows(sheet: SheetSpec, table: Table, ctx: Context) -> tuple[list[Row], list[Problem]]:
    columns, problems = map_columns(sheet, table, ctx.form.header_rows)
    order = _ordered(sheet)
    rows: list[Row] = []
    for number, cells in table.rows:
        if number < columns.first_data_row:
            continue
        raw = {cid: cells[i] if i < len(cells) else RawCell() for cid, i in columns.index.items()}
        if all(cell.empty for cell in raw.values()):
            continue
        row = Row(sheet, number, letters={cid: letter(i) for cid, i in columns.index.items()})
        for column in order:
            cell = raw.get(column.id)
            if cell is None or cell.empty:
                continue
            row.shown[column.id] = shown(cell.value)
            qualifier = row.values.get(column.qualifier) if column.qualifier else None
            if column.qualifier and column.qualifier in row.invalid:
                row.invalid.add(column.id)  # the qualifier's own message covers this cell
                continue
            try:
                parsed = parse_cell(cell, column, ctx, qualifier)
            except Undecidable:
                row.invalid.add(column.id)
                continue
            except CellError as error:
                row.invalid.add(column.id)
                problems.append(
                    row.problem(
                        column,
                        Severity.ERROR,
                        error.kind or _KIND_BY_TYPE.get(column.type, "invalid-value"),
                        error.message,
                        found=error.found if error.found is not None else shown(cell.value),
                        expected=error.expected,
                    )
                )
                continue
            if parsed.value == "" or parsed.value == []:
                continue
            row.values[column.id] = parsed.value
            if parsed.notes:  # one notice per cell, naming every normalisation applied
                notes = list(dict.fromkeys(parsed.notes))
                note = Text("；".join(n.zh for n in notes), "; ".join(n.en for n in notes))
                problems.append(row.problem(column, Severity.NOTICE, "normalised", note, found=shown(cell.value)))
            for warning in parsed.warnings:
                problems.append(row.problem(column, Severity.WARNING, "check", warning, found=shown(cell.value)))
        filled = set(row.values) | row.invalid
        row.nodes = [
            n for n in sheet.nodes if n in sheet.always or any(c.node == n and c.id in filled for c in sheet.columns)
        ]
        if not row.nodes:
            key_column = sheet.key_column
            problems.append(
                row.problem(
                    key_column,
                    Severity.WARNING,
                    "empty-row",
                    Text("这一行只有园区编号，没有其他内容，已跳过", "the row holds only a park key and is skipped"),
                )
            )
            continue
        for column in sheet.columns:
            needed = column.type == "key" or column.node in row.nodes
            if column.required and needed and column.id not in filled and column.id in columns.index:
                problems.append(
                    row.problem(
                        column,
                        Severity.ERROR,
                        "required",
                        Text("必填项未填写", "a required value is missing"),
                        expected=Text(f"填写“{column.header.zh}”", f"a value for '{column.header.en}'"),
                    )
                )
                row.invalid.add(column.id)
        _check_order(row, problems)
        rows.append(row)
    return rows, problems


def _check_order(row: Row, problems: list[Problem]) -> None:
    """A date column declared `not_before` another may not precede it (tenancy end ≥ start)."""
    for column in row.sheet.columns:
        if column.not_before is None:
            continue
        later, earlier = row.values.get(column.id), row.values.get(column.not_before)
        if later is not None and earlier is not None and later < earlier:
            other = row.sheet.column(column.not_before)
            problems.append(
                row.problem(
                    column,
                    Severity.ERROR,
                    "date-order",
                    Text(
                        f"早于“{other.header.zh}”（{earlier.isoformat()}）",
                        f"before '{other.header.en}' ({earlier.isoformat()})",
                    ),
                    found=row.shown.get(column.id),
                    expected=Text(f"不早于 {earlier.isoformat()} 的日期", f"a date on or after {earlier.isoformat()}"),
                )
            )
            row.invalid.add(column.id)
            row.values.pop(column.id, None)
