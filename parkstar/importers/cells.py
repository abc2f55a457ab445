"""Reading one cell: normalising what is harmless and refusing what is ambiguous.

Normalised, with a notice naming what was done (the value is accepted):
  * full-width characters in numbers, codes, dates and yes/no cells (“２５” → 25, “Ｃ３８”
    → C38) — Unicode NFKC;
  * leading and trailing spaces, including full-width and non-breaking ones, in any cell;
  * spaces and hyphens inside a credit code, lower-case letters in a credit code or an
    industry code;
  * thousands separators in strict groups (“1,200” → 1200);
  * the column's own unit typed after a number (“42亩” in the 亩 column, “80%” in a %
    column, “2024年” in a year column);
  * a %-formatted number in a % column (Excel stores 80 % as 0.8; it is read as 80).
Accepted silently: a number typed as text (“25”), codes written without their section
letter (“3825” → C3825), a label, an English label or a notation instead of the Chinese
drop-down label, dates as 2024-06-30, 2024/6/30, 2024.6.30 or 2024年6月30日.
Refused, with a message saying what is expected:
  * Chinese numerals (“二十”) — a number in digits is expected;
  * multipliers and loose separators (“1,2万”, “1.5万”, “3 000”) — a plain number in the
    column's unit is expected;
  * any other unit than the column's (“42 m²” in the 亩 column);
  * a fraction in a whole-number column, a value outside the column's range;
  * a yes/no cell that is not 是/否 (“maybe”), a code not in its list, a credit code whose
    check character does not match, an industry or region code that does not exist.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rdflib import URIRef

from parkstar import creditcode
from parkstar.criteria.model import Text
from parkstar.importers.codes import INDUSTRY, REGION, CodeLists, Concept, fold
from parkstar.importers.form import ColumnSpec, Form
from parkstar.numbers import format_number

_SPACES = " \t\r\n\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff"
_CHINESE_NUMERALS = set("零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟")
_MULTIPLIERS = set("万亿千百")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LIST_SEPARATORS = re.compile(r"[、，,；;\s]+")

NOTE_FULL_WIDTH = Text("全角字符已转换为半角", "full-width characters were converted to half-width")
NOTE_SPACES = Text("已去掉首尾空格", "leading and trailing spaces were removed")


@dataclass(frozen=True)
class RawCell:
    """A cell as read: the value openpyxl gives (str, int, float, bool, datetime, None) or
    the text of a CSV field, and the Excel number format when there is one."""

    value: Any = None
    number_format: str | None = None

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip(_SPACES))


@dataclass
class Parsed:
    value: Any
    notes: list[Text] = field(default_factory=list)  # normalisations applied → notices
    warnings: list[Text] = field(default_factory=list)


class CellError(Exception):
    """A value that cannot be accepted: what is wrong and what is expected."""

    def __init__(
        self, message: Text, expected: Text | None = None, found: str | None = None, kind: str | None = None
    ) -> None:
        super().__init__(message.en)
        self.message = message
        self.expected = expected
        self.found = found
        self.kind = kind


class Undecidable(Exception):
    """A value that cannot be checked because another cell it depends on is wrong (that
    cell is reported; this one is not, so one mistake gives one message)."""


@dataclass(frozen=True)
class Context:
    form: Form
    codes: CodeLists
    today: dt.date


# ---------------------------------------------------------------------------- display


def shown(value: Any) -> str:
    """A cell value as the user sees it, for messages."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _n(value: Decimal) -> str:
    """2024 → "2024", 10000000 → "10,000,000" (grouped from five digits on)."""
    return format_number(value) if abs(value) >= 10000 else format(value.normalize(), "f")


def _range_text(column: ColumnSpec) -> tuple[str, str]:
    unit_zh = f"，单位：{column.unit.zh}" if column.unit else ""
    unit_en = f" in {column.unit.en}" if column.unit else ""
    if column.min is not None and column.max is not None:
        span = f"{_n(column.min)}–{_n(column.max)}"
        return f"（{span}{unit_zh}）", f"{unit_en} ({span})"
    return (f"（{unit_zh.lstrip('，')}）" if unit_zh else ""), unit_en


# ---------------------------------------------------------------------------- text


def clean_text(value: Any) -> Parsed:
    """A name or title: trimmed; full-width characters kept (they belong in Chinese names)."""
    text = shown(value) if not isinstance(value, str) else value
    trimmed = text.strip(_SPACES)
    notes = [NOTE_SPACES] if trimmed != text else []
    return Parsed(trimmed, notes)


def clean_token(value: Any) -> Parsed:
    """A number, code or date typed as text: trimmed, then NFKC (full-width → half-width)."""
    text = value if isinstance(value, str) else shown(value)
    notes: list[Text] = []
    trimmed = text.strip(_SPACES)
    if trimmed != text:
        notes.append(NOTE_SPACES)
    normal = unicodedata.normalize("NFKC", trimmed).replace("\u2212", "-")
    if normal != trimmed:
        notes.append(NOTE_FULL_WIDTH)
    return Parsed(normal.strip(_SPACES), notes)


# ---------------------------------------------------------------------------- numbers


def parse_number(raw: RawCell, column: ColumnSpec) -> Parsed:
    """A decimal in the column's typed unit, range-checked, then multiplied by its factor."""
    value = raw.value
    rng_zh, rng_en = _range_text(column)
    expected = Text(f"数字{rng_zh}", f"a number{rng_en}")
    notes: list[Text] = []
    if isinstance(value, bool):
        raise CellError(Text("这里应填数字，不是“是/否”", "a number is expected here, not a yes/no value"), expected)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        raise CellError(Text("这里应填数字，不是日期", "a number is expected here, not a date"), expected)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError(Text("不是有效数字", "not a valid number"), expected)
        number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        if column.percent and raw.number_format and "%" in raw.number_format:
            number *= 100  # Excel stores 72.5 % as 0.725
            notes.append(
                Text(
                    f"单元格为百分比格式，按 {_n(number)}% 读入",
                    f"the cell is formatted as a percentage and is read as {_n(number)} %",
                )
            )
    else:
        token = clean_token(value)
        notes.extend(token.notes)
        number = _number_from_text(token.value, column, expected, notes)
    _check_range(number, column, expected)
    return Parsed(number * column.factor, notes)


def _number_from_text(text: str, column: ColumnSpec, expected: Text, notes: list[Text]) -> Decimal:
    body = text
    if column.unit is not None:
        for unit in (column.unit.zh, column.unit.en):
            folded = unicodedata.normalize("NFKC", unit)
            if folded and body.endswith(folded) and _NUMBER.fullmatch(body[: -len(folded)].strip()):
                body = body[: -len(folded)].strip()
                notes.append(Text(f"已去掉单位“{unit}”", f"the unit '{unit}' was removed"))
                break
    if _NUMBER.fullmatch(body):
        return Decimal(body)
    if _GROUPED.fullmatch(body):
        notes.append(Text("已去掉千位分隔符", "thousands separators were removed"))
        return Decimal(body.replace(",", ""))
    if any(ch in _CHINESE_NUMERALS for ch in body) and not any(ch.isdigit() for ch in body):
        raise CellError(
            Text(
                "不是数字：请用阿拉伯数字填写（如 20），不要用汉字数字",
                "not a number: write it in digits (e.g. 20), not in Chinese numerals",
            ),
            expected,
        )
    unit_zh = column.unit.zh if column.unit else ""
    unit_en = column.unit.en if column.unit else "the column's unit"
    if any(ch in _MULTIPLIERS for ch in body) or "," in body or " " in body:
        raise CellError(
            Text(
                f"不是数字：请直接填写以{unit_zh or '本列单位'}计的数，不要带“万”等数量词或分隔符",
                f"not a number: write a plain number in {unit_en}, without 万 or other multipliers or separators",
            ),
            expected,
        )
    raise CellError(Text("不是数字", "not a number"), expected)


def _check_range(number: Decimal, column: ColumnSpec, expected: Text) -> None:
    unit_zh = column.unit.zh if column.unit else ""
    unit_en = f" {column.unit.en}" if column.unit else ""
    if column.min is not None and number < column.min:
        if column.min == 0:
            raise CellError(Text("不能为负数", "must not be negative"), expected, kind="out-of-range")
        raise CellError(
            Text(
                f"小于最小值 {_n(column.min)}{unit_zh}",
                f"below the minimum {_n(column.min)}{unit_en}",
            ),
            expected,
            kind="out-of-range",
        )
    if column.max is not None and number > column.max:
        if column.percent:
            raise CellError(Text("百分数不能超过 100", "a percentage cannot exceed 100"), expected, kind="out-of-range")
        raise CellError(
            Text(
                f"超出合理范围（最大 {_n(column.max)}{unit_zh}），请检查单位",
                f"beyond the plausible range (at most {_n(column.max)}{unit_en}); check the unit",
            ),
            expected,
            kind="out-of-range",
        )


def parse_integer(raw: RawCell, column: ColumnSpec) -> Parsed:
    parsed = parse_number(raw, column)
    number: Decimal = parsed.value
    if number != number.to_integral_value():
        rng_zh, rng_en = _range_text(column)
        raise CellError(
            Text("应为整数", "a whole number is expected"),
            Text(f"整数{rng_zh}", f"a whole number{rng_en}"),
            kind="not-an-integer",
        )
    return Parsed(int(number), parsed.notes)


# ---------------------------------------------------------------------------- booleans, dates


def parse_boolean(raw: RawCell, form: Form) -> Parsed:
    expected = Text(f"“{form.shown_true}”或“{form.shown_false}”", f"{form.shown_true} (yes) or {form.shown_false} (no)")
    value = raw.value
    if isinstance(value, bool):
        return Parsed(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value in (0, 1):
        return Parsed(bool(value))
    token = clean_token(value)
    word = fold(token.value)
    if word in {fold(w) for w in form.true_words}:
        return Parsed(True, token.notes)
    if word in {fold(w) for w in form.false_words}:
        return Parsed(False, token.notes)
    raise CellError(Text("不是“是”或“否”", "not a yes/no value"), expected)


def parse_date(raw: RawCell) -> Parsed:
    expected = Text("日期，如 2024-06-30", "a date such as 2024-06-30")
    value = raw.value
    if isinstance(value, dt.datetime):
        return Parsed(value.date())
    if isinstance(value, dt.date):
        return Parsed(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise CellError(
            Text(
                "这里应填日期，不是数字（请把单元格设为日期格式）",
                "a date is expected here, not a number (format the cell as a date)",
            ),
            expected,
        )
    token = clean_token(value)
    text = token.value
    if " " in text and _ISO_DATE.match(text):  # "2024-06-30 00:00:00" from a CSV export
        day_part, _, time_part = text.partition(" ")
        if time_part.strip() in ("00:00:00", "00:00"):
            text = day_part
    match = _DATE.fullmatch(text)
    if not match:
        raise CellError(Text("不是日期", "not a date"), expected)
    try:
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise CellError(Text("日期不存在", "no such date"), expected) from None
    if not 1900 <= day.year <= 2100:
        raise CellError(Text("年份不合理", "implausible year"), expected)
    return Parsed(day, token.notes)


# ---------------------------------------------------------------------------- code lists


def _choices_text(ctx: Context, scheme: Any, concepts: list[Concept] | None = None) -> Text:
    names = [c.label.zh for c in concepts] if concepts is not None else ctx.codes.choices(scheme)
    label = ctx.codes.scheme_label(scheme)
    if len(names) <= 20:
        listed = "、".join(dict.fromkeys(names))
        return Text(f"“{label.zh}”代码表中的一项：{listed}", f"one of the code list '{label.en}': {listed}")
    return Text(
        f"“{label.zh}”代码表中的一项（见“{ctx.form.codes.zh}”表）",
        f"an entry of the code list '{label.en}' (see the {ctx.form.codes.en} sheet)",
    )


def _as_listed(notes: list[Text], typed: Any, concept: Concept) -> list[Text]:
    """Drop the full-width notice when the value is written exactly as in the code list
    (labels such as 公益（免费） have full-width brackets of their own)."""
    if NOTE_FULL_WIDTH not in notes:
        return notes
    text = typed if isinstance(typed, str) else shown(typed)
    written = "".join(text.split()).casefold()
    listed = (concept.label.zh, concept.label.en, concept.notation, *concept.alt_labels, concept.coded_label)
    if written in {"".join(k.split()).casefold() for k in listed}:
        return [n for n in notes if n != NOTE_FULL_WIDTH]
    return notes


def parse_code(raw: RawCell, column: ColumnSpec, ctx: Context, qualifier: Any = None) -> Parsed:
    """A concept of the column's scheme by its Chinese or English label, notation or alt
    label. Labels shared by several concepts (明显 for two aspects) are told apart by the
    qualifier column's concept (the aspect), through `qualifier_property` (ps:levelOf)."""
    scheme = column.scheme_iri
    token = clean_token(raw.value)
    found = ctx.codes.lookup(scheme, token.value)
    if column.qualifier is not None:
        if qualifier is None:
            if len(found) > 1:
                raise Undecidable()
        else:
            allowed = [
                c for c in ctx.codes.concepts(scheme) if ctx.codes.value(c.iri, column.qualifier_property) == qualifier
            ]
            if found and not any(c in allowed for c in found):
                owner = ctx.codes.concept(qualifier)
                owner_label = owner.label if owner else Text(str(qualifier), str(qualifier))
                raise CellError(
                    Text(
                        f"“{token.value}”不是“{owner_label.zh}”的等级",
                        f"'{token.value}' is not a level of '{owner_label.en}'",
                    ),
                    _choices_text(ctx, scheme, allowed),
                )
            found = [c for c in found if c in allowed]
    if len(found) == 1:
        return Parsed(found[0].iri, _as_listed(token.notes, raw.value, found[0]))
    if len(found) > 1:
        raise CellError(
            Text("名称对应多个代码，请填写代码", "the name matches several codes; write the code"),
            Text("、".join(c.notation for c in found), ", ".join(c.notation for c in found)),
        )
    label = ctx.codes.scheme_label(scheme)
    raise CellError(
        Text(f"不在“{label.zh}”代码表中", f"not in the code list '{label.en}'"),
        _choices_text(ctx, scheme),
    )


def parse_industry(raw: RawCell, ctx: Context) -> Parsed:
    """A GB/T 4754-2017 code in section-letter form (C3825): written with or without the
    letter, any case; its division must exist and the letter must be the division's."""
    expected = Text(
        "GB/T 4754-2017 行业代码，如 C38 或 C3825（可省略门类字母）",
        "a GB/T 4754-2017 code such as C38 or C3825 (the section letter may be left out)",
    )
    token = clean_token(raw.value)
    text = "".join(token.value.split())
    notes = list(token.notes)
    by_label = ctx.codes.lookup(INDUSTRY, text)
    if len(by_label) == 1:
        return Parsed(by_label[0].iri, _as_listed(notes, raw.value, by_label[0]))
    match = re.fullmatch(r"([A-Za-z]?)(\d{2,4})(\D*)", text) or re.fullmatch(r"([A-Za-z])()(\D*)", text)
    if not match:
        raise CellError(Text("不是有效的行业代码", "not a valid industry code"), expected)
    letter, digits, tail = match[1].upper(), match[2], match[3]
    if letter != match[1]:
        notes.append(Text("行业代码中的小写字母已转为大写", "lower-case letters in the industry code were capitalised"))
    if not digits:
        section = ctx.codes.sections().get(letter)
        if section is None:
            raise CellError(Text(f"没有门类 {letter}", f"there is no section {letter}"), expected)
        return Parsed(section.iri, notes)
    division = ctx.codes.division(digits[:2])
    if division is None:
        raise CellError(
            Text(f"GB/T 4754-2017 中没有大类 {digits[:2]}", f"GB/T 4754-2017 has no division {digits[:2]}"), expected
        )
    section_letter = division.notation[0]
    if letter and letter != section_letter:
        raise CellError(
            Text(
                f"大类 {digits[:2]}（{division.label.zh}）属门类 {section_letter}，不属门类 {letter}",
                f"division {digits[:2]} ({division.label.en}) is in section {section_letter}, not {letter}",
            ),
            Text(f"{section_letter}{digits}", f"{section_letter}{digits}"),
        )
    code = f"{section_letter}{digits}"
    if tail:
        listed = ctx.codes.lookup(INDUSTRY, code)
        if listed and fold(tail) not in {fold(listed[0].label.zh), fold(listed[0].label.en)}:
            raise CellError(
                Text(
                    f"代码 {code} 的名称是“{listed[0].label.zh}”，与所填名称不符",
                    f"code {code} is named '{listed[0].label.en}', not '{tail}'",
                ),
                Text(code, code),
            )
        if not listed:
            notes.append(
                Text(
                    f"代码后的名称“{tail}”未核对，已忽略",
                    f"the name '{tail}' after the code was not checked and is ignored",
                )
            )
    return Parsed(URIRef(f"{INDUSTRY}/{code}"), notes)


def parse_region(raw: RawCell, ctx: Context) -> Parsed:
    """A GB/T 2260 code (or name) in the region list, in force today."""
    expected = Text(
        "现行的 GB/T 2260 县级行政区划代码或名称，如 330683 或 嵊州市",
        "a GB/T 2260 county-level code or name in force, e.g. 330683 or 嵊州市",
    )
    token = clean_token(raw.value)
    found = ctx.codes.lookup(REGION, token.value)
    if not found:
        match = re.fullmatch(r"(\d{6})(\D*)", "".join(token.value.split()))
        if match and not match[2]:
            raise CellError(
                Text(f"浙江省行政区划代码中没有 {match[1]}", f"{match[1]} is not a Zhejiang GB/T 2260 code"), expected
            )
        raise CellError(
            Text("不是浙江省的行政区划代码或名称", "not a Zhejiang administrative-division code or name"), expected
        )
    concept = found[0]
    start, end = ctx.codes.region_validity(concept)
    if end is not None and end < ctx.today:
        raise CellError(
            Text(
                f"{concept.notation} {concept.label.zh} 已于 {end.isoformat()} 后停用",
                f"{concept.notation} {concept.label.en} was abolished after {end.isoformat()}",
            ),
            expected,
        )
    if start is not None and start > ctx.today:
        raise CellError(
            Text(
                f"{concept.notation} 自 {start.isoformat()} 起才生效",
                f"{concept.notation} is in force only from {start.isoformat()}",
            ),
            expected,
        )
    warnings = []
    if not ctx.codes.is_county_level(concept):
        warnings.append(
            Text(
                f"{concept.notation} {concept.label.zh} 不是县级行政区，宜填园区所在的县（市、区）",
                f"{concept.notation} {concept.label.en} is not county-level; "
                "the park's county, county-level city or district is expected",
            )
        )
    return Parsed(concept.iri, _as_listed(token.notes, raw.value, concept), warnings)


def parse_credit_code(raw: RawCell) -> Parsed:
    """An 18-character unified social credit code with a matching check character."""
    expected = Text(
        "18 位统一社会信用代码（GB 32100-2015），末位为校验码",
        "an 18-character unified social credit code (GB 32100-2015) ending in its check character",
    )
    token = clean_token(raw.value)
    notes = list(token.notes)
    compact = re.sub(r"[\s\-]", "", token.value)
    if compact != token.value:
        notes.append(Text("已去掉代码中的空格和连字符", "spaces and hyphens inside the code were removed"))
    upper = compact.upper()
    if upper != compact:
        notes.append(Text("小写字母已转为大写", "lower-case letters were capitalised"))
    if len(upper) != 18:
        raise CellError(
            Text(f"应为 18 位，实为 {len(upper)} 位", f"18 characters are expected, not {len(upper)}"), expected
        )
    bad = sorted({c for c in upper if c not in creditcode.ALPHABET})
    if bad:
        listed = "、".join(bad)
        raise CellError(
            Text(
                f"含有代码中不使用的字符 {listed}（不用 I、O、Z、S、V）",
                f"contains {', '.join(bad)}, which credit codes do not use (no I, O, Z, S or V)",
            ),
            expected,
        )
    if not upper[2:8].isdigit():
        raise CellError(
            Text(
                "第 3–8 位应为登记机关的行政区划代码（数字）",
                "characters 3–8 must be the registering office's area code (digits)",
            ),
            expected,
        )
    check = creditcode.check_character(upper[:17])
    if upper[17] != check:
        raise CellError(
            Text(
                f"校验码不符：按前 17 位应为“{check}”，填写的是“{upper[17]}”，可能有一位抄错",
                f"the check character does not match: the first 17 characters give '{check}', not '{upper[17]}'; "
                "a character is probably mistyped",
            ),
            expected,
        )
    return Parsed(upper, notes)


def parse_key(raw: RawCell, form: Form) -> Parsed:
    token = clean_token(raw.value)
    if not form.key_pattern.fullmatch(token.value):
        raise CellError(
            Text(
                "园区编号只能由字母、数字和 - _ . 组成（不超过 64 个字符）",
                "a park key may hold only letters, digits, '-', '_' and '.' (at most 64)",
            ),
            Text("如 deqing-leidian", "e.g. deqing-leidian"),
        )
    return Parsed(token.value, token.notes)


def split_list(raw: RawCell) -> list[RawCell]:
    """The items of a multi-valued cell, separated by 、，,；; or spaces."""
    if not isinstance(raw.value, str):
        return [raw]
    text = unicodedata.normalize("NFKC", raw.value)
    return [RawCell(part) for part in _LIST_SEPARATORS.split(text) if part]


def parse_cell(raw: RawCell, column: ColumnSpec, ctx: Context, qualifier: Any = None) -> Parsed:
    """The value of a non-empty cell of `column`; CellError when it cannot be accepted."""
    kind = column.type
    if kind == "key":
        return parse_key(raw, ctx.form)
    if kind in ("text", "named_node"):
        return clean_text(raw.value)
    if kind == "decimal":
        return parse_number(raw, column)
    if kind == "integer":
        return parse_integer(raw, column)
    if kind == "boolean":
        return parse_boolean(raw, ctx.form)
    if kind == "date":
        return parse_date(raw)
    if kind == "credit_code":
        return parse_credit_code(raw)
    if kind == "region":
        return parse_region(raw, ctx)
    if kind in ("industry", "code"):
        single = parse_industry if kind == "industry" else None
        if column.multiple:
            values, notes = [], []
            for item in split_list(raw):
                try:
                    parsed = single(item, ctx) if single else parse_code(item, column, ctx, qualifier)
                except CellError as error:
                    error.found = shown(item.value)
                    raise
                values.append(parsed.value)
                notes.extend(parsed.notes)
            return Parsed(list(dict.fromkeys(values)), list(dict.fromkeys(notes)))
        return single(raw, ctx) if single else parse_code(raw, column, ctx, qualifier)
    raise ValueError(f"unknown column type {kind}")
