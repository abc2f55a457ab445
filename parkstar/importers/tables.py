"""What the readers (xlsx, CSV folder) hand to the importer: for each sheet of the form, its
header rows and data rows as raw cells, or None when the sheet is missing. Also: matching
sheet names and headers to the form, tolerant of spacing, width and case."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from parkstar.criteria.model import Text
from parkstar.importers.cells import RawCell
from parkstar.importers.codes import fold
from parkstar.importers.form import Form, SheetSpec
from parkstar.importers.problems import Problem, Severity


@dataclass
class Table:
    title: str  # the sheet's title or the CSV file's name, as found
    rows: list[tuple[int, list[RawCell]]]  # (row number, cells), header rows included


@dataclass
class Source:
    path: Path
    tables: dict[str, Table | None]  # sheet id → its table, None when missing
    problems: list[Problem] = field(default_factory=list)


def letter(index: int) -> str:
    """0 → "A"."""
    return get_column_letter(index + 1)


def sheet_names(sheet: SheetSpec) -> set[str]:
    """Folded names a sheet may carry: "园区", "Park", "园区 Park", "园区（Park）", "park"."""
    names = {sheet.name.zh, sheet.name.en, f"{sheet.name.zh}{sheet.name.en}", f"{sheet.name.zh}({sheet.name.en})"}
    return {fold(n) for n in names}


def match_sheet(form: Form, title: str) -> SheetSpec | None:
    folded = fold(title)
    for sheet in form.sheets:
        if folded in sheet_names(sheet):
            return sheet
    return None


def is_form_sheet(form: Form, title: str) -> bool:
    """The instructions and codes sheets, which the importer skips."""
    folded = fold(title)
    return folded in {fold(form.instructions.zh), fold(form.instructions.en), fold(form.codes.zh), fold(form.codes.en)}


def missing_sheet(form: Form, sheet: SheetSpec, csv: bool) -> Problem:
    if csv:
        message = Text(
            f"缺少文件 {sheet.csv}（“{sheet.name.zh}”表）",
            f"the file {sheet.csv} (sheet {sheet.name.en}) is missing",
        )
    else:
        message = Text(f"工作簿中缺少“{sheet.name.zh}”表", f"the workbook has no sheet {sheet.name.en}")
    return Problem(
        Severity.ERROR,
        "missing-sheet",
        message,
        sheet=sheet.name,
        expected=Text(
            f"按模板保留全部表（可留空）：{'、'.join(s.name.zh for s in form.sheets)}",
            f"every sheet of the template, even if empty: {', '.join(s.name.en for s in form.sheets)}",
        ),
    )
