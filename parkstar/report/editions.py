"""Terminal and CSV renderings of editions: the list of editions, the diff between two,
and the impact of a revision (transition matrix, gains and losses, causes)."""

import csv
import io

from parkstar.criteria.model import Text
from parkstar.editions.diff import KINDS, Change
from parkstar.editions.impact import Impact
from parkstar.report.text import stars_text, table

_WORDS = {
    "id": Text("版本", "edition"),
    "title": Text("标题", "title"),
    "effective": Text("生效日期", "effective"),
    "status": Text("状态", "status"),
    "predecessor": Text("前一版本", "predecessor"),
    "draft": Text("草案", "draft"),
    "published": Text("正式", "published"),
    "illustrative": Text("示例", "illustrative"),
    "indicator": Text("指标", "ind."),
    "level": Text("星级", "level"),
    "category": Text("类别", "category"),
    "change": Text("变更", "change"),
    "detail": Text("内容", "detail"),
    "all": Text("全部", "all"),
    "no_changes": Text("两个版本的准则相同", "the two editions' criteria are the same"),
    "matrix": Text("星级变化矩阵（行：{old}，列：{new}）", "transition matrix (rows: {old}, columns: {new})"),
    "summary": Text(
        "{parks} 个园区：{gained} 个升星，{lost} 个降星（{seconds:.1f} 秒）",
        "{parks} parks: {gained} gain, {lost} lose stars ({seconds:.1f} s)",
    ),
    "region": Text("仅比较 {region} 的园区", "only parks in {region} are compared"),
    "city": Text("城市", "city"),
    "gained": Text("升星", "gained"),
    "lost": Text("降星", "lost"),
    "park": Text("园区", "park"),
    "stars": Text("星级", "stars"),
    "cause": Text("原因（要求）", "cause (requirement)"),
}
_OUTCOMES = {
    "met": Text("符合", "met"),
    "not_met": Text("不符合", "not met"),
    "not_assessable": Text("无法评定", "not assessable"),
    "absent": Text("无此要求", "absent"),
}


def _w(key: str, lang: str, **values: object) -> str:
    return _WORDS[key].get(lang).format(**values)


def editions_table(editions: list[dict], lang: str) -> str:
    rows = []
    for e in editions:
        status = [_w("draft" if e["draft"] else "published", lang)]
        if e["illustrative"]:
            status.append(_w("illustrative", lang))
        if e["region_label"]:
            status.append(e["region_label"][lang])
        rows.append([e["id"], e["effective"], "/".join(status), e["predecessor"] or "-", e["title"][lang]])
    headers = [_w(k, lang) for k in ("id", "effective", "status", "predecessor", "title")]
    return table(headers, rows)


def diff_table(changes: list[Change], lang: str) -> str:
    if not changes:
        return _w("no_changes", lang)
    rows = [
        [
            str(c.indicator) if c.indicator is not None else "-",
            f"{c.level}★" if c.level is not None else "-",
            c.category or (_w("all", lang) if c.level is not None else "-"),
            KINDS[c.kind].get(lang),
            c.text.get(lang),
        ]
        for c in changes
    ]
    return table([_w(k, lang) for k in ("indicator", "level", "category", "change", "detail")], rows)


def _cause_text(cause: dict, lang: str) -> str:
    before, after = _OUTCOMES[cause["before"]].get(lang), _OUTCOMES[cause["after"]].get(lang)
    return f"{cause['level']}★ {cause['name'][lang]} [{cause['requirement']}] {before} → {after}"


def impact_table(result: Impact, lang: str) -> str:
    data = result.as_dict()
    stars = [0, *result.levels]
    out = [_w("summary", lang, parks=data["parks"], gained=data["gained"], lost=data["lost"], seconds=result.seconds)]
    if data["region"]:
        out.append(_w("region", lang, region=data["region"]))
    out += ["", _w("matrix", lang, old=result.old, new=result.new)]
    rows = [[stars_text(a)] + [str(result.matrix[a][b]) for b in stars] for a in stars]
    out += [table(["", *(stars_text(b) for b in stars)], rows), ""]
    for key, groups in (("city", data["by_city"]), ("category", data["by_category"])):
        if groups:
            rows = [[(g["label"] or {}).get(lang, g["id"] or "?"), str(g["gained"]), str(g["lost"])] for g in groups]
            out += [table([_w(key, lang), _w("gained", lang), _w("lost", lang)], rows), ""]
    if data["changes"]:
        rows = []
        for c in data["changes"]:
            causes = c["causes"] or [None]
            for i, cause in enumerate(causes):
                first = i == 0
                rows.append(
                    [
                        c["name"][lang] if first else "",
                        f"{stars_text(c['stars_before'])} → {stars_text(c['stars_after'])}" if first else "",
                        _cause_text(cause, lang) if cause else "?",
                    ]
                )
        out.append(table([_w(k, lang) for k in ("park", "stars", "cause")], rows))
    return "\n".join(out).rstrip()


def impact_csv(result: Impact, lang: str) -> str:
    """One row per park that changes and criterion that changed it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "park",
            "name",
            "city",
            "category",
            "stars_before",
            "stars_after",
            "requirement",
            "requirement_name",
            "indicator",
            "level",
            "outcome_before",
            "outcome_after",
        ]
    )
    for c in result.as_dict()["changes"]:
        for cause in c["causes"]:
            writer.writerow(
                [
                    c["park"],
                    c["name"][lang],
                    c["city"],
                    c["category"],
                    c["stars_before"],
                    c["stars_after"],
                    cause["requirement"],
                    cause["name"][lang],
                    cause["indicator"],
                    cause["level"],
                    cause["before"],
                    cause["after"],
                ]
            )
    return buffer.getvalue()
