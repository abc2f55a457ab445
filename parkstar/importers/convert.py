"""Tables → checked rows → RDF, or the list of every problem. A workbook with any error
gives no graph at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from parkstar.importers.build import build_graph
from parkstar.importers.cells import Context
from parkstar.importers.checks import check_rows
from parkstar.importers.codes import CodeLists, load_code_lists
from parkstar.importers.form import Form, load_form
from parkstar.importers.problems import Problem, Severity
from parkstar.importers.rows import Row, read_rows
from parkstar.importers.tables import Source, missing_sheet


@dataclass
class ImportResult:
    source: Path
    graph: Graph | None  # None when there is any error
    problems: list[Problem] = field(default_factory=list)
    parks: list[str] = field(default_factory=list)  # park keys, in sheet order

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def notices(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.NOTICE]

    @property
    def ok(self) -> bool:
        return not self.errors


def convert(
    source: Source,
    *,
    form: Form | None = None,
    codes: CodeLists | None = None,
    today: dt.date | None = None,
    csv: bool = False,
) -> ImportResult:
    form = form or load_form()
    ctx = Context(form, codes or load_code_lists(), today or dt.date.today())
    problems: list[Problem] = list(source.problems)
    rows: dict[str, list[Row]] = {}
    for sheet in form.sheets:
        table = source.tables.get(sheet.id)
        if table is None:
            problems.append(missing_sheet(form, sheet, csv))
            continue
        sheet_rows, sheet_problems = read_rows(sheet, table, ctx)
        rows[sheet.id] = sheet_rows
        problems.extend(sheet_problems)
    problems.extend(check_rows(form, rows))
    order = {s.name.en: i for i, s in enumerate(form.sheets)}
    problems.sort(key=lambda p: p.sort_key(order))
    parks = list(dict.fromkeys(r.key for r in rows.get(form.park_sheet, []) if r.key))
    if any(p.is_error for p in problems):
        return ImportResult(source.path, None, problems, parks)
    return ImportResult(source.path, build_graph(form, rows), problems, parks)
