"""The application workbook (申报表): a template parks fill in, and the import of a filled
workbook (or a folder of CSV files, one per sheet) into RDF in the parkstar vocabulary,
with every data-quality problem reported at once, before anything is produced.

The layout lives in `data/forms/workbook.toml` (`form`), the drop-down lists in the
ontology's code lists (`codes`). Reading cells is `cells`, row and sheet checks `rows`
and `checks`, the RDF `build`; `workbook` and `csvfolder` read the two kinds of input.

    from parkstar.importers import import_path
    result = import_path(Path("申报表.xlsx"))
    if result.ok: result.graph.serialize(...)
    else: for problem in result.errors: print(problem.line("zh"))
"""

from __future__ import annotations

from pathlib import Path

from parkstar.errors import ParkstarError
from parkstar.importers.convert import ImportResult
from parkstar.importers.problems import Problem, Severity

__all__ = ["ImportResult", "Problem", "Severity", "import_path", "write_template"]


def import_path(path: Path, **options) -> ImportResult:
    """Import a workbook (.xlsx, .xlsm) or a folder of CSV files."""
    from parkstar.importers.csvfolder import import_csv_folder
    from parkstar.importers.workbook import import_workbook

    if path.is_dir():
        return import_csv_folder(path, **options)
    if not path.exists():
        raise ParkstarError(f"找不到文件或文件夹：{path}", f"no such file or folder: {path}")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ParkstarError(
            f"{path}：应为 Excel 工作簿（.xlsx）或 CSV 文件所在的文件夹",
            f"{path}: an Excel workbook (.xlsx) or a folder of CSV files is expected",
        )
    return import_workbook(path, **options)


def write_template(path: Path, **options):
    from parkstar.importers.template import write_template as write

    return write(path, **options)
