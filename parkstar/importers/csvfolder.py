"""Reading a folder of CSV files, one per sheet, named after the sheet's English name as
the form gives it (`park.csv`, `enterprises.csv`, …; the Chinese name, `园区.csv`, is
accepted too), with the same two header rows as the workbook. Files are UTF-8 (with or
without a byte-order mark); GB 18030 (GBK), which Excel writes on Chinese Windows, is
read too, with a notice. Every value is text, read as a value typed as text in the
workbook would be; row numbers count the CSV's records from 1, header rows included (the
line numbers, unless a quoted value spans lines)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from parkstar.criteria.model import Text
from parkstar.errors import ParkstarError
from parkstar.importers.cells import RawCell
from parkstar.importers.codes import fold
from parkstar.importers.form import Form, SheetSpec, load_form
from parkstar.importers.problems import Problem, Severity
from parkstar.importers.tables import Source, Table


def _decode(path: Path, problems: list[Problem], sheet: Text) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ParkstarError(
            f"{path} 既不是 UTF-8 也不是 GBK 编码的文本",
            f"{path} is neither UTF-8 nor GBK text",
        ) from None
    problems.append(
        Problem(
            Severity.NOTICE,
            "encoding",
            Text("文件按 GBK（GB 18030）编码读取", "the file was read as GBK (GB 18030)"),
            sheet=sheet,
        )
    )
    return text


def file_names(sheet: SheetSpec) -> set[str]:
    """Folded file names a sheet's CSV may have: the form's (documents-and-units.csv), the
    English name with "-", "_" or spaces (documents_&_units.csv, documents_units.csv …),
    the Chinese name (文件与部门.csv)."""
    names = {sheet.csv, f"{sheet.name.zh}.csv", f"{sheet.name.en}.csv"}
    for en in (sheet.name.en, sheet.name.en.replace("&", "and"), sheet.name.en.replace("&", "")):
        words = re.findall(r"[A-Za-z0-9]+", en.replace("&", " & "))
        for joint in ("-", "_", ""):
            names.add(joint.join(w for w in words) + ".csv")
    return {fold(n) for n in names}


def read_csv_folder(folder: Path, form: Form | None = None) -> Source:
    form = form or load_form()
    if not folder.is_dir():
        raise ParkstarError(f"找不到文件夹：{folder}", f"no such folder: {folder}")
    files = {fold(p.name): p for p in folder.iterdir() if p.suffix.lower() == ".csv"}
    tables: dict[str, Table | None] = {}
    problems: list[Problem] = []
    used: set[Path] = set()
    for sheet in form.sheets:
        candidates = file_names(sheet)
        path = files.get(fold(sheet.csv)) or next((files[n] for n in sorted(candidates) if n in files), None)
        if path is None:
            tables[sheet.id] = None
            continue
        used.add(path)
        text = _decode(path, problems, sheet.name)
        rows = []
        for number, record in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            row = [RawCell(value if value != "" else None) for value in record]
            if any(not c.empty for c in row):
                rows.append((number, row))
        tables[sheet.id] = Table(path.name, rows)
    for path in sorted(set(files.values()) - used):
        problems.append(
            Problem(
                Severity.WARNING,
                "unknown-sheet",
                Text(
                    f"表单中没有与 {path.name} 对应的表，已忽略",
                    f"no sheet of the form matches {path.name}; it is ignored",
                ),
                sheet=Text(path.name, path.name),
            )
        )
    return Source(folder, tables, problems)


def import_csv_folder(folder: Path, **options):
    from parkstar.importers.convert import convert

    form = options.pop("form", None) or load_form()
    return convert(read_csv_folder(folder, form), form=form, csv=True, **options)
