"""Reading an application workbook (.xlsx) into tables, one per sheet of the form. Sheets
are found by their Chinese or English name; the instructions and codes sheets are
skipped; any other sheet is reported and ignored. Values are the cached results Excel
stored (a formula never calculated reads as empty)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from parkstar.criteria.model import Text
from parkstar.errors import ParkstarError
from parkstar.importers.cells import RawCell
from parkstar.importers.form import Form, load_form
from parkstar.importers.problems import Problem, Severity
from parkstar.importers.tables import Source, Table, is_form_sheet, match_sheet


def read_workbook(path: Path, form: Form | None = None) -> Source:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    form = form or load_form()
    if not path.exists():
        raise ParkstarError(f"找不到文件：{path}", f"no such file: {path}")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise ParkstarError(
            f"{path} 不是可读取的 Excel 工作簿（.xlsx）：{error}",
            f"{path} is not a readable Excel workbook (.xlsx): {error}",
        ) from None
    tables: dict[str, Table | None] = {sheet.id: None for sheet in form.sheets}
    problems: list[Problem] = []
    try:
        for ws in book.worksheets:
            spec = match_sheet(form, ws.title)
            if spec is None:
                if not is_form_sheet(form, ws.title):
                    problems.append(
                        Problem(
                            Severity.WARNING,
                            "unknown-sheet",
                            Text(
                                f"表单中没有“{ws.title}”表，已忽略",
                                f"the form has no sheet '{ws.title}'; it is ignored",
                            ),
                            sheet=Text(ws.title, ws.title),
                        )
                    )
                continue
            if tables[spec.id] is not None:
                problems.append(
                    Problem(
                        Severity.ERROR,
                        "duplicate-sheet",
                        Text(
                            f"“{spec.name.zh}”表出现了两次（“{ws.title}”）",
                            f"the {spec.name.en} sheet appears twice ('{ws.title}')",
                        ),
                        sheet=spec.name,
                        expected=Text("每个表只有一个", "each sheet once"),
                    )
                )
                continue
            rows = []
            ws.reset_dimensions()  # do not trust the stored used range: read every row
            for number, cells in enumerate(ws.iter_rows(), start=1):
                row = [RawCell(_value(c.value), getattr(c, "number_format", None)) for c in cells]
                if any(not c.empty for c in row):
                    rows.append((number, row))
            tables[spec.id] = Table(ws.title, rows)
    finally:
        book.close()
    return Source(path, tables, problems)


def _value(value: object) -> object:
    if isinstance(value, dt.time) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def import_workbook(path: Path, **options):
    from parkstar.importers.convert import convert

    form = options.pop("form", None) or load_form()
    return convert(read_workbook(path, form), form=form, **options)
