"""Text renderings for the terminal: the ratings table, a park's explanation (matrix,
failures, gap) and the standard's table, in Chinese or English."""

import unicodedata

from parkstar.criteria.model import Criteria, Text
from parkstar.engine.outcome import Outcome
from parkstar.engine.rater import ParkRating

_WORDS = {
    "park": Text("园区", "park"),
    "category": Text("类别", "category"),
    "stars": Text("星级", "stars"),
    "note": Text("说明", "note"),
    "pending": Text("{level}★ 待定：{what}", "{level}★ pending: {what}"),
    "blocked": Text("{level}★ 未达：{what}", "{level}★ not reached: {what}"),
    "top": Text("已达最高星级", "highest level reached"),
    "indicator": Text("指标", "indicator"),
    "failures": Text("不符合或无法评定的要求", "requirements not met or not assessable"),
    "gap": Text("距 {level}★ 还差", "missing for {level}★"),
    "none": Text("无", "none"),
    "missing": Text("缺少数据", "missing data"),
    "legend": Text("✓ 符合　✗ 不符合　? 无法评定", "✓ met  ✗ not met  ? not assessable"),
    "clause": Text("条文", "clause"),
    "edition": Text("标准版本", "edition"),
}


def word(key: str, lang: str, **values: object) -> str:
    return _WORDS[key].get(lang).format(**values)


def width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(pad(h, w) for h, w in zip(headers, widths, strict=False)).rstrip()]
    lines.append("  ".join("─" * w for w in widths))
    lines += ["  ".join(pad(c, w) for c, w in zip(row, widths, strict=False)).rstrip() for row in rows]
    return "\n".join(lines)


def stars_text(stars: int) -> str:
    return f"{stars}★" if stars else "0"


def rating_note(rating: ParkRating, lang: str) -> str:
    """Why the park stops where it does, in one line."""
    if rating.next_level is None:
        return word("top", lang)
    blocking = [r for r in rating.gap() if r.outcome is Outcome.NOT_MET]
    if rating.pending_level is not None:
        what = "，".join(r.requirement.name.get(lang) for r in rating.gap()[:3])
        return word("pending", lang, level=rating.pending_level, what=what)
    cells = [c for c in rating.cells if c.level == rating.next_level and c.outcome is not Outcome.MET]
    what_list = [r.requirement.name.get(lang) for r in blocking[:3]]
    what_list += [m.get(lang) for c in cells for m in c.missing][: 3 - len(what_list)]
    sep = "，" if lang == "zh" else "; "
    return word("blocked", lang, level=rating.next_level, what=sep.join(what_list))


def ratings_table(ratings: list[ParkRating], lang: str) -> str:
    headers = [word(k, lang) for k in ("park", "category", "stars", "note")]
    rows = [
        [
            r.name.get(lang),
            r.category_label.get(lang) if r.category_label else "?",
            stars_text(r.stars),
            rating_note(r, lang),
        ]
        for r in ratings
    ]
    return table(headers, rows)


def explanation(rating: ParkRating, lang: str, edition: str | None = None) -> str:
    """The matrix, every failure with actual and required values, and the gap (and the
    edition of the criteria, when given)."""
    lines = [
        f"{rating.name.get(lang)}  <{rating.park}>",
        f"{word('stars', lang)}: {stars_text(rating.stars)}",
    ]
    if rating.category_label:
        lines[-1] += f"   {word('category', lang)}: {rating.category_label.get(lang)}"
    if edition is not None:
        lines[-1] += f"   {word('edition', lang)}: {edition}"
    lines.append("")
    indicators = sorted({c.indicator for c in rating.cells}, key=lambda i: i.number)
    headers = [word("indicator", lang)] + [f"{level}★" for level in rating.levels]
    rows = []
    for ind in indicators:
        row = [f"{ind.number} {ind.label.get(lang)}"]
        row += [rating.cell(ind.number, level).outcome.symbol for level in rating.levels]
        rows.append(row)
    lines += [table(headers, rows), word("legend", lang), ""]
    lines.append(word("failures", lang) + ":")
    failures = rating.failures()
    if not failures:
        lines.append("  " + word("none", lang))
    for r in failures:
        req = r.requirement
        lines.append(
            f"  [{req.level}★ · {req.indicator_number}] {r.outcome.symbol} {req.name.get(lang)}"
            f" — {r.outcome.label.get(lang)}"
        )
        if r.explanation is not None:
            lines.append(f"      {r.explanation.text.get(lang)}")
        for m in r.missing:
            lines.append(f"      {word('missing', lang)}: {m.get(lang)}")
        lines.append(f"      {word('clause', lang)}: {req.clause.get(lang)}")
    for c in rating.cells:
        for m in c.missing:
            lines.append(f"  [{c.level}★ · {c.indicator.number}] ? {m.get(lang)}")
    if rating.next_level is not None:
        lines += ["", word("gap", lang, level=rating.next_level) + ":"]
        for r in rating.gap():
            detail = r.explanation.text.get(lang) if r.explanation else ""
            if r.explanation is not None and r.explanation.closest is not None:
                detail = r.explanation.branches[r.explanation.closest].text.get(lang)
            lines.append(f"  {r.outcome.symbol} {r.requirement.name.get(lang)}: {detail}")
            for m in r.missing:
                lines.append(f"      {word('missing', lang)}: {m.get(lang)}")
    return "\n".join(lines)


def criteria_table(criteria: Criteria, table_data: dict, lang: str) -> str:
    """The standard's table rebuilt from the shapes."""
    out: list[str] = []
    for cell in table_data["cells"]:
        head = (
            f"{cell['indicator']} {cell['indicator_label'][lang]} · {cell['level']}★ · {cell['category_label'][lang]}"
        )
        out.append(head)
        for r in cell["requirements"]:
            out.append(f"  - {r['rule'][lang]}    [{r['id']}]")
        out.append("")
    return "\n".join(out)
