"""A problem found in a workbook: where (sheet, row, column letter and header), what was
found, what was expected, in Chinese and English.

Three severities: an *error* refuses the workbook (no RDF is produced); a *warning* is
accepted but worth a look (a column the form does not know, a city-level region code); a
*notice* says what was normalised on the way in (full-width digits, stray spaces)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from parkstar.criteria.model import Text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"

    @property
    def label(self) -> Text:
        return _SEVERITY_LABELS[self]


_SEVERITY_LABELS = {
    Severity.ERROR: Text("错误", "error"),
    Severity.WARNING: Text("警告", "warning"),
    Severity.NOTICE: Text("提示", "notice"),
}
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTICE: 2}


@dataclass(frozen=True)
class Problem:
    severity: Severity
    kind: str  # a stable machine-readable name: "credit-code", "unknown-code", "duplicate", ...
    message: Text  # what is wrong, or what was done to the value
    sheet: Text | None = None
    row: int | None = None  # the row number as Excel (or a CSV line counter) shows it
    column: str | None = None  # Excel column letter
    header: Text | None = None
    found: str | None = None  # the value as typed
    expected: Text | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self, lang: str = "zh") -> str:
        parts: list[str] = []
        if lang == "en":
            if self.sheet is not None:
                parts.append(f"sheet {self.sheet.en}")
            if self.row is not None:
                parts.append(f"row {self.row}")
            if self.column is not None:
                header = f" “{self.header.en}”" if self.header else ""
                parts.append(f"column {self.column}{header}")
            return ", ".join(parts)
        if self.sheet is not None:
            parts.append(f"“{self.sheet.zh}”表")
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column is not None:
            header = f"（{self.header.zh}）" if self.header else ""
            parts.append(f"{self.column} 列{header}")
        return " ".join(parts)

    def line(self, lang: str = "zh") -> str:
        """One line: severity, where, what is wrong, what was found and what was expected."""
        where = self.location(lang)
        if lang == "en":
            text = f"{self.severity.label.en}: {where + ': ' if where else ''}{self.message.en}"
            if self.found is not None:
                text += f"; found “{self.found}”"
            if self.expected is not None:
                text += f"; expected {self.expected.en}"
            return text
        text = f"{self.severity.label.zh}：{where + '：' if where else ''}{self.message.zh}"
        if self.found is not None:
            text += f"；填写的是“{self.found}”"
        if self.expected is not None:
            text += f"；应为{self.expected.zh}"
        return text

    def __str__(self) -> str:
        return f"{self.line('zh')} | {self.line('en')}"

    def as_dict(self) -> dict:
        return {
            "severity": str(self.severity),
            "kind": self.kind,
            "sheet": self.sheet.as_dict() if self.sheet else None,
            "row": self.row,
            "column": self.column,
            "header": self.header.as_dict() if self.header else None,
            "found": self.found,
            "expected": self.expected.as_dict() if self.expected else None,
            "message": self.message.as_dict(),
            "text": {"zh": self.line("zh"), "en": self.line("en")},
        }

    def sort_key(self, sheet_order: dict[str, int]) -> tuple:
        sheet = sheet_order.get(self.sheet.en, -1) if self.sheet else -1
        column = (len(self.column), self.column) if self.column else (0, "")
        return (_ORDER[self.severity], sheet, self.row or 0, column, self.kind)
