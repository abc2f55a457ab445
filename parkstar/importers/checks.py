"""Checks across rows and sheets, after every cell has been read:

* uniqueness (the sheet's `unique` groups in the form): a park key used twice, an
  enterprise listed twice, an aspect assessed twice for one park. A repeated row that
  agrees with the first is one "duplicate" error; one that disagrees gives one "conflict"
  error per column that differs (two land areas for one park);
* references: every row of another sheet names a park key of the Park sheet;
* the Park sheet holds at least one park.

A cell already refused is left out of these checks, so one mistake gives one message."""

from __future__ import annotations

from typing import Any

from parkstar.criteria.model import Text
from parkstar.importers.form import Form, SheetSpec
from parkstar.importers.problems import Problem, Severity
from parkstar.importers.rows import Row


def check_rows(form: Form, rows: dict[str, list[Row]]) -> list[Problem]:
    problems: list[Problem] = []
    for sheet in form.sheets:
        for group in sheet.unique:
            problems.extend(_unique(sheet, group, rows.get(sheet.id, [])))
    problems.extend(_references(form, rows))
    return problems


def _unique(sheet: SheetSpec, group: tuple[str, ...], rows: list[Row]) -> list[Problem]:
    problems: list[Problem] = []
    first_seen: dict[tuple, Row] = {}
    headers_zh = "、".join(sheet.column(c).header.zh for c in group)
    headers_en = " + ".join(sheet.column(c).header.en for c in group)
    for row in rows:
        if any(c in row.invalid or c not in row.values for c in group):
            continue
        value = tuple(_hashable(row.values[c]) for c in group)
        first = first_seen.get(value)
        if first is None:
            first_seen[value] = row
            continue
        shown_value = " / ".join(row.shown.get(c, "") for c in group)
        differing = [
            c
            for c in sheet.columns
            if c.id not in group
            and c.id not in row.invalid
            and c.id not in first.invalid
            and row.values.get(c.id) != first.values.get(c.id)
        ]
        if not differing:
            column = sheet.column(group[-1])
            problems.append(
                row.problem(
                    column,
                    Severity.ERROR,
                    "duplicate",
                    Text(
                        f"与第 {first.number} 行重复（{headers_zh}“{shown_value}”只能出现一次）",
                        f"repeats row {first.number} ({headers_en} '{shown_value}' may appear only once)",
                    ),
                    found=shown_value,
                    expected=Text("删除重复的行", "the repeated row deleted"),
                )
            )
            continue
        for column in differing:
            there = first.shown.get(column.id, "（空）")
            here = row.shown.get(column.id, "（空）")
            problems.append(
                row.problem(
                    column,
                    Severity.ERROR,
                    "conflict",
                    Text(
                        f"{headers_zh}“{shown_value}”已在第 {first.number} 行出现，两行的“{column.header.zh}”不一致"
                        f"（第 {first.number} 行为“{there}”）",
                        f"{headers_en} '{shown_value}' already appears in row {first.number} with a different "
                        f"'{column.header.en}' (row {first.number} has '{there}')",
                    ),
                    found=here,
                    expected=Text(
                        f"每个{headers_zh}只填一行；保留正确的值并删除另一行",
                        f"one row per {headers_en}; keep the right value and delete the other row",
                    ),
                )
            )
    return problems


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _references(form: Form, rows: dict[str, list[Row]]) -> list[Problem]:
    if form.park_sheet not in rows:
        return []  # the Park sheet is missing: that error is reported once, not per row
    park_sheet = form.sheet(form.park_sheet)
    keys = {row.key for row in rows[form.park_sheet] if row.key is not None}
    problems: list[Problem] = []
    if not rows[form.park_sheet]:
        problems.append(
            Problem(
                Severity.ERROR,
                "no-parks",
                Text(f"“{park_sheet.name.zh}”表中没有园区", f"the {park_sheet.name.en} sheet lists no park"),
                sheet=park_sheet.name,
                expected=Text("每个园区一行", "one row per park"),
            )
        )
    listed = "、".join(sorted(keys)) or "—"
    for sheet in form.sheets:
        if sheet.id == form.park_sheet:
            continue
        for row in rows.get(sheet.id, []):
            key = row.key
            if key is None or key in keys:
                continue
            problems.append(
                row.problem(
                    sheet.key_column,
                    Severity.ERROR,
                    "unknown-park",
                    Text(
                        f"园区编号“{key}”不在“{park_sheet.name.zh}”表中",
                        f"park key '{key}' is not on the {park_sheet.name.en} sheet",
                    ),
                    found=key,
                    expected=Text(
                        f"“{park_sheet.name.zh}”表中的园区编号：{listed}",
                        f"a park key of the {park_sheet.name.en} sheet: {listed}",
                    ),
                )
            )
    return problems
