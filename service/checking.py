"""Checking an uploaded file: an application workbook or an RDF file is read, checked and
rated in memory — never stored. A file with errors is rejected with every problem listed
(sheet/row/column for a workbook, line for RDF) instead of a rating.

The upload is written to a private temporary folder under its own base name, so that
messages name the file the user sent ("park.ttl:12") and never a server path."""

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from parkstar.engine import Rater
from parkstar.errors import ParkstarError
from parkstar.importers import Problem, import_path
from parkstar.quality import DataProblem, check_quads, locate
from parkstar.rdf.reading import RDF_SUFFIXES, parse_file
from parkstar.report.data import rating_data

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
ACCEPTED_SUFFIXES = (*WORKBOOK_SUFFIXES, *RDF_SUFFIXES)


@dataclass
class CheckResult:
    file: str
    kind: str  # "workbook" or "rdf"
    problems: list[dict] = field(default_factory=list)  # errors first; warnings and notices after
    ratings: list[dict] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return any(p["severity"] == "error" for p in self.problems)

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "kind": self.kind,
            "accepted": not self.rejected,
            "problems": self.problems,
            "ratings": self.ratings,
        }


def safe_name(filename: str | None) -> str:
    """The base name of an uploaded file, reduced to characters safe in a file name."""
    base = re.split(r"[\\/]", filename or "")[-1].strip()
    base = re.sub(r"[^\w.\-]+", "_", base).lstrip(".")
    return base[:120] or "upload"


def check_upload(filename: str | None, content: bytes, rater: Rater) -> CheckResult:
    """Read, check and rate one uploaded file. Raises ParkstarError for a file type this
    check does not read."""
    name = safe_name(filename)
    suffix = Path(name).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise UnsupportedFile(name)
    with tempfile.TemporaryDirectory(prefix="parkstar-check-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        if suffix in WORKBOOK_SUFFIXES:
            return _workbook(path, rater, folder)
        return _rdf(path, rater, folder)


class UnsupportedFile(ParkstarError):
    def __init__(self, name: str) -> None:
        known = " ".join(ACCEPTED_SUFFIXES)
        super().__init__(
            f"无法检查“{name}”：应为申报表（.xlsx）或 RDF 文件（{known}）",
            f"cannot check '{name}': an application workbook (.xlsx) or an RDF file ({known}) is expected",
        )


def _workbook(path: Path, rater: Rater, folder: str) -> CheckResult:
    result = CheckResult(path.name, "workbook")
    try:
        imported = import_path(path)
    except ParkstarError as error:  # not a workbook at all
        result.problems.append(_message(error, folder))
        return result
    result.problems = [_from_import(p) for p in imported.problems]
    if imported.ok and imported.graph is not None:
        _rate(result, imported.graph, rater)
    return result


def _rdf(path: Path, rater: Rater, folder: str) -> CheckResult:
    result = CheckResult(path.name, "rdf")
    try:
        quads = parse_file(path)
    except ParkstarError as error:  # a syntax error, with its line and column
        result.problems.append(_message(error, folder))
        return result
    found = locate(check_quads(quads), [path])
    result.problems = sorted((_from_data(p, folder) for p in found), key=lambda p: p["severity"] != "error")
    if not result.rejected:
        _rate(result, quads, rater)
    return result


def _rate(result: CheckResult, data, rater: Rater) -> None:
    ratings = list(rater.rate(data))
    if not ratings:
        result.problems.append(
            _problem("error", None, "文件中没有园区（rdf:type ps:Park）", "the file has no park (rdf:type ps:Park)")
        )
    result.ratings = [rating_data(rater.criteria.context, r) for r in ratings]


def _problem(severity: str, where: dict | None, zh: str, en: str, **extra) -> dict:
    return {"severity": severity, "where": where, "message": {"zh": zh, "en": en}, **extra}


def _hide(text: str, folder: str) -> str:
    return text.replace(f"{folder}/", "").replace(folder, "")


def _message(error: ParkstarError, folder: str) -> dict:
    zh, en = _hide(error.zh, folder), _hide(error.en, folder)
    line = re.search(r"\bline (\d+)", en)
    if line is None:
        return _problem("error", None, zh, en)
    file = en.split(" line ", 1)[0]
    where = {"zh": f"{file} 第 {line.group(1)} 行", "en": f"{file} line {line.group(1)}"}
    return _problem("error", where, zh, en, line=int(line.group(1)))


def _from_import(p: Problem) -> dict:
    where = {"zh": p.location("zh"), "en": p.location("en")} if (p.sheet or p.row or p.column) else None
    return _problem(
        str(p.severity),
        where,
        p.message.zh,
        p.message.en,
        kind=p.kind,
        sheet=p.sheet.as_dict() if p.sheet else None,
        row=p.row,
        column=p.column,
        found=p.found,
        expected=p.expected.as_dict() if p.expected else None,
    )


def _from_data(p: DataProblem, folder: str) -> dict:
    place = _hide(p.where, folder) if p.where else None
    line = int(place.rsplit(":", 1)[1]) if place and place.rsplit(":", 1)[-1].isdigit() else None
    subject = p.focus + (f" {p.path}" if p.path else "")
    where = {"zh": f"{place} （{subject}）", "en": f"{place} ({subject})"} if place else {"zh": subject, "en": subject}
    return _problem(
        p.severity,
        where,
        p.text.get("zh"),
        p.text.get("en"),
        kind=p.shape,
        line=line,
        found=p.value,
        expected=None,
    )
