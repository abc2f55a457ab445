"""`parkstar template`: the blank application workbook, written from the form
(`data/forms/workbook.toml`) and the code lists (`ontology/codes/`).

* one sheet per sheet of the form, headers in Chinese (row 1, with the unit) and English
  (row 2), frozen; a comment on each header says what to write; required headers are
  shaded;
* a drop-down (Excel data validation) on every coded column and every yes/no column, fed
  from the hidden codes sheet; range checks on numbers and dates; text format on key,
  code and credit-code columns so Excel keeps them as typed;
* a read-only instructions sheet listing every column;
* a hidden codes sheet holding the drop-down lists, read from the ontology's code lists.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from parkstar.criteria.model import Text
from parkstar.importers.codes import CodeLists, load_code_lists
from parkstar.importers.form import ColumnSpec, Form, SheetSpec, load_form
from parkstar.numbers import format_number

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_EN_FONT = Font(italic=True, color="595959")
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)

_TYPE_TEXT = {
    "key": Text("园区编号", "park key"),
    "text": Text("文字", "text"),
    "integer": Text("整数", "whole number"),
    "decimal": Text("数字", "number"),
    "boolean": Text("是/否", "yes/no"),
    "date": Text("日期（如 2024-06-30）", "date (e.g. 2024-06-30)"),
    "code": Text("下拉选择", "drop-down"),
    "industry": Text("GB/T 4754 行业代码", "GB/T 4754 industry code"),
    "region": Text("GB/T 2260 行政区划代码", "GB/T 2260 region code"),
    "credit_code": Text("统一社会信用代码", "unified social credit code"),
    "named_node": Text("机构名称", "institution name"),
}

_GENERAL = [
    Text(
        "每个表第 1 行为中文表头、第 2 行为英文表头，从第 3 行起每行一条记录；请勿改动表头。",
        "Row 1 holds the Chinese headers and row 2 the English ones; records start in row 3. "
        "Do not change the headers.",
    ),
    Text(
        "各表以“园区编号”关联到“园区”表中的园区；一个工作簿可填写多个园区。",
        "Every sheet links its rows to a park of the Park sheet by the park key; a workbook may hold several parks.",
    ),
    Text(
        "带下拉框的列请从下拉列表中选择（也可填写代码表中的代码或英文名称）。",
        "Pick coded values from the drop-downs (the code or the English name from the code lists is accepted too).",
    ),
    Text(
        "数字请用阿拉伯数字按表头单位填写，不要写“二十”“1.2万”等；全角数字和首尾空格会自动规范化并给出提示。",
        "Write numbers in digits, in the unit of the header, never as 二十 or 1.2万; "
        "full-width digits and stray spaces are normalised, with a notice.",
    ),
    Text(
        "建筑面积以万平方米填写（如 5.62），导入时精确换算为平方米；占地面积以亩填写。",
        "Floor area is in 10,000 m² (e.g. 5.62) and converted exactly to m² on import; land area is in mu.",
    ),
    Text(
        "导入（parkstar import）时一次列出全部问题（表、行、列、填写值和应填内容）；有任何错误时不生成数据。",
        "On import (parkstar import) every problem is listed at once (sheet, row, column, value and what is expected); "
        "a workbook with any error produces no data.",
    ),
    Text(
        "也可按表导出为 CSV 文件（文件名见下表，保留两行表头），放在同一文件夹中导入。",
        "The sheets may also be saved as CSV files (named as below, both header rows kept) in one folder and imported.",
    ),
]


def _codes_sheet(book: Workbook, form: Form, codes: CodeLists) -> dict[str, str]:
    """Write the hidden codes sheet; return each list's cell range, by scheme (or "boolean")."""
    ws = book.create_sheet(form.codes.zh)
    ranges: dict[str, str] = {}
    lists: list[tuple[str, Text, list[str]]] = [
        ("boolean", Text("是/否", "yes/no"), [form.shown_true, form.shown_false])
    ]
    seen: set[str] = set()
    for sheet in form.sheets:
        for column in sheet.columns:
            scheme = column.scheme_iri
            if scheme is None or str(scheme) in seen:
                continue
            seen.add(str(scheme))
            lists.append((str(scheme), codes.scheme_label(scheme), codes.choices(scheme)))
    for index, (name, label, entries) in enumerate(lists, start=1):
        col = get_column_letter(index)
        ws.cell(row=1, column=index, value=label.zh).font = _BOLD
        ws.cell(row=2, column=index, value=label.en).font = _EN_FONT
        for offset, entry in enumerate(entries, start=3):
            ws.cell(row=offset, column=index, value=entry)
        ws.column_dimensions[col].width = max(12, min(40, max((len(e) for e in entries), default=4) * 2))
        last = 2 + max(len(entries), 1)
        ranges[name] = f"{quote_sheetname(ws.title)}!${col}$3:${col}${last}"
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    return ranges


def _comment(column: ColumnSpec) -> str:
    lines = [f"{column.header.zh} / {column.header.en}"]
    kind = _TYPE_TEXT[column.type]
    lines.append(f"{kind.zh} / {kind.en}")
    if column.unit:
        lines.append(f"单位 unit: {column.unit.zh}")
    if column.min is not None or column.max is not None:
        low = format_number(column.min) if column.min is not None else ""
        high = format_number(column.max) if column.max is not None else ""
        lines.append(f"范围 range: {low}–{high}")
    if column.required:
        lines.append("必填 / required")
    if column.note:
        lines.append(column.note.zh)
        lines.append(column.note.en)
    return "\n".join(lines)


def _validation(column: ColumnSpec, ranges: dict[str, str]) -> DataValidation | None:
    header = column.header
    if column.type == "boolean":
        dv = DataValidation(type="list", formula1=ranges["boolean"], allow_blank=True)
        dv.error = "请选择“是”或“否”。 / Pick 是 (yes) or 否 (no)."
    elif column.coded:
        dv = DataValidation(type="list", formula1=ranges[str(column.scheme_iri)], allow_blank=True)
        if column.type in ("industry", "region") or column.multiple:
            # an open list: a class code (C3825), a name, or several codes may be typed
            dv.errorStyle = "information"
            dv.error = "不在下拉列表中，导入时将核对。 / Not in the list; it is checked on import."
        else:
            dv.error = "请从下拉列表中选择。 / Pick a value from the list."
    elif column.type in ("integer", "decimal"):
        low = format_number(column.min).replace(",", "") if column.min is not None else "-1E+15"
        high = format_number(column.max).replace(",", "") if column.max is not None else "1E+15"
        dv = DataValidation(
            type="whole" if column.type == "integer" else "decimal",
            operator="between",
            formula1=low,
            formula2=high,
            allow_blank=True,
        )
        dv.errorStyle = "warning"
        dv.error = f"应为 {low}–{high} 之间的数。 / A number from {low} to {high} is expected."
    elif column.type == "date":
        dv = DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)", formula2="DATE(2100,12,31)")
        dv.allow_blank = True
        dv.errorStyle = "warning"
        dv.error = "应为日期，如 2024-06-30。 / A date such as 2024-06-30 is expected."
    else:
        return None
    dv.showErrorMessage = True
    dv.errorTitle = f"{header.zh} / {header.en}"
    dv.promptTitle = header.zh[:32]
    return dv


def _data_sheet(book: Workbook, sheet: SheetSpec, form: Form, ranges: dict[str, str]) -> Worksheet:
    ws = book.create_sheet(sheet.name.zh)
    last_row = form.header_rows + form.template_rows
    for index, column in enumerate(sheet.columns, start=1):
        col = get_column_letter(index)
        top = ws.cell(row=1, column=index, value=column.header.zh)
        top.font = _BOLD
        top.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        top.alignment = Alignment(wrap_text=True, vertical="center")
        comment = Comment(_comment(column), "parkstar")
        comment.width, comment.height = 320, 160
        top.comment = comment
        below = ws.cell(row=2, column=index, value=column.header.en)
        below.font = _EN_FONT
        below.alignment = Alignment(wrap_text=True, vertical="center")
        width = max(len(column.header.zh) * 2 + 2, len(column.header.en) + 2, 10)
        ws.column_dimensions[col].width = min(width, 36)
        dv = _validation(column, ranges)
        if dv is not None:
            dv.add(f"{col}{form.header_rows + 1}:{col}{last_row}")
            ws.add_data_validation(dv)
        if column.type in ("key", "credit_code", "industry", "region"):
            for row in range(form.header_rows + 1, last_row + 1):
                ws.cell(row=row, column=index).number_format = "@"
        elif column.type == "date":
            for row in range(form.header_rows + 1, last_row + 1):
                ws.cell(row=row, column=index).number_format = "yyyy-mm-dd"
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = ws.cell(row=form.header_rows + 1, column=2)
    return ws


def _values(column: ColumnSpec, codes: CodeLists) -> str:
    kind = _TYPE_TEXT[column.type]
    if column.type == "code" and column.scheme_iri is not None:
        scheme = codes.scheme_label(column.scheme_iri)
        return f"{kind.zh}：{scheme.zh} / {kind.en}: {scheme.en}"
    return f"{kind.zh} / {kind.en}"


def _instructions(book: Workbook, form: Form, codes: CodeLists) -> None:
    ws = book.active
    ws.title = form.instructions.zh
    ws.append([form.title.zh])
    ws["A1"].font = _TITLE
    ws.append([form.title.en])
    ws.append([f"表单版本 / form version {form.version}"])
    ws.append([])
    for line in _GENERAL:
        ws.append([f"• {line.zh}"])
        ws.append([f"  {line.en}"])
        ws.cell(row=ws.max_row, column=1).font = _EN_FONT
    ws.append([])
    header = [
        "表 / Sheet",
        "CSV",
        "列 / Col",
        "表头 / Header",
        "Header",
        "单位 / Unit",
        "必填 / Required",
        "填写 / Values",
        "说明 / Notes",
    ]
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
    for sheet in form.sheets:
        ws.append([f"{sheet.name.zh} / {sheet.name.en}", sheet.csv, "", sheet.note.zh if sheet.note else ""])
        ws.cell(row=ws.max_row, column=1).font = _BOLD
        for index, column in enumerate(sheet.columns, start=1):
            ws.append(
                [
                    "",
                    "",
                    get_column_letter(index),
                    column.header.zh,
                    column.header.en,
                    column.unit.zh if column.unit else "",
                    "是 / yes" if column.required else "",
                    _values(column, codes),
                    f"{column.note.zh} {column.note.en}" if column.note else "",
                ]
            )
    for col, width in zip("ABCDEFGHI", (26, 30, 8, 30, 36, 12, 12, 26, 80), strict=True):
        ws.column_dimensions[col].width = width
    ws.protection.sheet = True


def write_template(path: Path, form: Form | None = None, codes: CodeLists | None = None) -> Workbook:
    form = form or load_form()
    codes = codes or load_code_lists()
    book = Workbook()
    _instructions(book, form, codes)
    ranges = _codes_sheet(book, form, codes)
    for sheet in form.sheets:
        _data_sheet(book, sheet, form, ranges)
    codes_ws = book[form.codes.zh]
    book.move_sheet(codes_ws, offset=len(book.sheetnames) - 1 - book.sheetnames.index(codes_ws.title))
    book.active = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return book
