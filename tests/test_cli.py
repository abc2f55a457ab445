"""The `parkstar` command line, through click's CliRunner (one test crosses the process
boundary with the real `python -m parkstar`)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, Literal, Namespace, URIRef

from parkstar.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "sample"
PS = Namespace("https://w3id.org/parkstar/def#")
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PARK = "https://w3id.org/parkstar/id/park/"
OUTCOMES = {"met", "not_met", "not_assessable"}
CJK = re.compile(r"[\u4e00-\u9fff]")

PREFIXES = """\
@prefix ps:    <https://w3id.org/parkstar/def#> .
@prefix pscat: <https://w3id.org/parkstar/code/park-category/> .
@prefix grade: <https://w3id.org/parkstar/code/grade/> .
@prefix ind:   <https://w3id.org/parkstar/code/industry/> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex:    <https://example.org/cli-test/> .
"""


def _expected() -> dict[str, int]:
    with (SAMPLE_DIR / "expected-ratings.csv").open(encoding="utf-8", newline="") as f:
        return {row["park"]: int(row["stars"]) for row in csv.DictReader(f)}


EXPECTED = _expected()


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    assert result.exception is None
    return result


def _sample_names() -> dict[str, dict[str, str]]:
    graph = Graph()
    for file in SAMPLE_DIR.glob("*.ttl"):
        graph.parse(file, format="turtle")
    names: dict[str, dict[str, str]] = {}
    for park in graph.subjects(RDF_TYPE, PS.Park):
        labels = {
            lit.language: str(lit)
            for lit in graph.objects(park, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
            if isinstance(lit, Literal)
        }
        names[str(park)] = labels
    return names


NAMES = _sample_names()


@pytest.fixture(scope="module")
def rated_json() -> list[dict]:
    result = _ok(run("rate", "--format", "json"))
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def by_park(rated_json: list[dict]) -> dict[str, dict]:
    return {item["park"]: item for item in rated_json}


# ───────────────────────────────────────────── rate


def _table_rows(output: str) -> list[list[str]]:
    lines = output.strip("\n").splitlines()
    assert set(lines[1].replace(" ", "")) == {"─"}, "second line is the rule under the header"
    return [re.split(r"\s{2,}", line.strip()) for line in lines[2:]]


def test_rate_default_table_lists_every_sample_park() -> None:
    output = _ok(run("rate")).stdout
    assert output.splitlines()[0].split()[:3] == ["园区", "类别", "星级"]
    rows = _table_rows(output)
    assert len(rows) == len(EXPECTED)
    by_name = {row[0]: row for row in rows}
    for park, stars in EXPECTED.items():
        row = by_name[NAMES[park]["zh"]]
        assert row[2] == (f"{stars}★" if stars else "0"), (park, row)


def test_rate_lang_en_gives_english() -> None:
    output = _ok(run("rate", "--lang", "en")).stdout
    assert output.splitlines()[0].split()[:3] == ["park", "category", "stars"]
    rows = _table_rows(output)
    assert len(rows) == len(EXPECTED)
    by_name = {row[0]: row for row in rows}
    for park, stars in EXPECTED.items():
        row = by_name[NAMES[park]["en"]]
        assert not CJK.search(row[0] + row[1]), row
        assert row[2] == (f"{stars}★" if stars else "0")
    assert "highest level reached" in output
    assert "已达最高星级" not in output
    for names in NAMES.values():
        assert names["zh"] not in output


def test_rate_json_has_documented_keys(rated_json: list[dict]) -> None:
    assert isinstance(rated_json, list)
    assert {item["park"] for item in rated_json} == set(EXPECTED)
    for item in rated_json:
        for key in ("park", "name", "category", "stars", "pending_level", "next_level", "levels", "matrix"):
            assert key in item, key
        assert set(item["name"]) >= {"zh", "en"}
        assert item["name"]["zh"] == NAMES[item["park"]]["zh"]
        assert item["category"] in ("pscat:manufacturing", "pscat:other")
        assert item["stars"] == EXPECTED[item["park"]]
        assert item["next_level"] == (item["stars"] + 1 if item["stars"] < 5 else None)
        assert set(item["levels"]) == {"1", "2", "3", "4", "5"}
        assert set(item["levels"].values()) <= OUTCOMES

        matrix = item["matrix"]
        assert len(matrix) == 40
        assert {(c["indicator"], c["level"]) for c in matrix} == {(i, lv) for i in range(1, 9) for lv in range(1, 6)}
        assert {c["outcome"] for c in matrix} <= OUTCOMES
        for level in range(1, 6):
            cells = {c["outcome"] for c in matrix if c["level"] == level}
            if level <= item["stars"]:
                assert cells == {"met"} and item["levels"][str(level)] == "met"
            if "not_met" in cells:
                assert item["levels"][str(level)] == "not_met"

        for failure in item["failures"]:
            for key in ("requirement", "indicator", "level", "outcome", "name", "message", "clause"):
                assert key in failure, (item["park"], key)
            assert failure["requirement"].startswith("psc:")
            assert failure["outcome"] in ("not_met", "not_assessable")
            assert failure["level"] > item["stars"], "nothing at or below the stars may fail"
            for key in ("name", "message", "clause"):
                assert failure[key]["zh"] and failure[key]["en"], (failure["requirement"], key)
            if failure["outcome"] == "not_met":
                assert failure["detail"]["zh"] and failure["detail"]["en"], failure["requirement"]
            cell = next(c for c in matrix if c["indicator"] == failure["indicator"] and c["level"] == failure["level"])
            assert cell["outcome"] != "met"

        failures = {f["requirement"] for f in item["failures"]}
        assert {g["requirement"] for g in item["gap"]} <= failures
        assert all(g["level"] == item["next_level"] for g in item["gap"])
        if item["next_level"] is not None:
            assert item["gap"], f"{item['park']} stops below 5★ but has no gap"


def test_rate_json_pending_parks(by_park: dict[str, dict]) -> None:
    assert by_park[PARK + "tongxiang-puyuan"]["pending_level"] == 4
    assert by_park[PARK + "yongjia-oubei"]["pending_level"] == 1
    pending = {p for p, item in by_park.items() if item["pending_level"] is not None}
    assert pending == {PARK + "tongxiang-puyuan", PARK + "yongjia-oubei"}


def test_rate_csv_one_row_per_park_with_matrix() -> None:
    output = _ok(run("rate", "--format", "csv")).stdout
    rows = list(csv.reader(io.StringIO(output)))
    header, body = rows[0], rows[1:]
    assert header[:9] == [
        "park",
        "name_zh",
        "name_en",
        "category",
        "region",
        "stars",
        "pending_level",
        "note",
        "edition",
    ]
    matrix_columns = [h for h in header if re.fullmatch(r"i\d_l\d", h)]
    assert len(matrix_columns) == 40
    assert set(matrix_columns) == {f"i{i}_l{lv}" for i in range(1, 9) for lv in range(1, 6)}
    assert len(header) == 49
    assert len(body) == len(EXPECTED)
    parks = set()
    for row in body:
        record = dict(zip(header, row, strict=True))
        parks.add(record["park"])
        assert int(record["stars"]) == EXPECTED[record["park"]]
        assert record["edition"] == "zj-star-1"
        assert {record[c] for c in matrix_columns} <= OUTCOMES
        stars = int(record["stars"])
        assert all(record[f"i{i}_l{lv}"] == "met" for i in range(1, 9) for lv in range(1, stars + 1))
    assert parks == set(EXPECTED)


def test_rate_ttl_has_one_rating_per_park() -> None:
    output = _ok(run("rate", "--format", "ttl")).stdout
    graph = Graph().parse(data=output, format="turtle")
    ratings = list(graph.subjects(RDF_TYPE, PS.Rating))
    assert len(ratings) == len(EXPECTED)
    rated = {}
    for rating in ratings:
        parks = list(graph.objects(rating, PS.ratingOf))
        assert len(parks) == 1
        stars = graph.value(rating, PS.stars)
        rated[str(parks[0])] = int(stars)
        assert list(graph.objects(rating, PS.hasOutcome)), "each rating carries its criterion outcomes"
    assert rated == EXPECTED


# ───────────────────────────────────────────── explain

_MATRIX_ROW = re.compile(r"^([1-8]) .*?((?:\s+[✓✗?]){5})\s*$")
_SYMBOL = {"met": "✓", "not_met": "✗", "not_assessable": "?"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explain_shows_matrix_failures_and_gap(lang: str, by_park: dict[str, dict]) -> None:
    output = _ok(run("explain", "changxing-xinneng", "--lang", lang)).stdout
    lines = output.splitlines()
    assert NAMES[PARK + "changxing-xinneng"][lang] in lines[0]

    # the 8 × 5 matrix, agreeing with the JSON rating
    header = next(line for line in lines if "1★" in line and "5★" in line)
    assert re.findall(r"[1-5]★", header) == ["1★", "2★", "3★", "4★", "5★"]
    rows = [m for m in (_MATRIX_ROW.match(line) for line in lines) if m]
    assert [int(m.group(1)) for m in rows] == list(range(1, 9))
    matrix = {(c["indicator"], c["level"]): c["outcome"] for c in by_park[PARK + "changxing-xinneng"]["matrix"]}
    for m in rows:
        symbols = m.group(2).split()
        assert symbols == [_SYMBOL[matrix[(int(m.group(1)), lv)]] for lv in range(1, 6)]

    # the failure, with the actual share (69.7…) and the required one (70)
    needs = "需" if lang == "zh" else "needs"
    share_lines = [line for line in lines if "69.7" in line]
    assert share_lines, output
    assert any("70" in line.split("69.7", 1)[1] and needs in line for line in share_lines)

    # the gap to 4★ names the share again
    gap_head = "距 4★ 还差" if lang == "zh" else "missing for 4★"
    gap_at = next(i for i, line in enumerate(lines) if gap_head in line)
    gap = lines[gap_at + 1 :]
    assert gap and all(line.startswith("  ") for line in gap if line.strip())
    assert any("69.7" in line and "70" in line for line in gap)
    assert len([line for line in gap if line.lstrip().startswith(("✗", "?"))]) == 1

    if lang == "en":
        assert "leading-industry share" in output
        assert not CJK.search(header + "".join(m.group(0) for m in rows))
    else:
        assert "主导产业" in output


def test_explain_unknown_park_exits_2_bilingually() -> None:
    result = run("explain", "no-such-park")
    assert result.exit_code == 2
    assert "找不到园区" in result.output and "no-such-park" in result.output
    assert "no park 'no-such-park'" in result.output
    assert "changxing-xinneng" in result.output, "the message lists the known parks"
    assert "Traceback" not in result.output


# ───────────────────────────────────────────── criteria


def test_criteria_json_has_all_cells() -> None:
    data = json.loads(_ok(run("criteria", "--format", "json")).stdout)
    cells = data["cells"]
    assert len(cells) == 80
    keys = {(c["indicator"], c["level"], c["category"]) for c in cells}
    assert keys == {
        (i, lv, cat) for i in range(1, 9) for lv in range(1, 6) for cat in ("pscat:manufacturing", "pscat:other")
    }
    for cell in cells:
        assert len(cell["requirements"]) >= 1, cell
        for req in cell["requirements"]:
            assert req["rule"]["zh"].strip() and req["rule"]["en"].strip(), req["id"]
    # a category-specific threshold shows up in the right category's cell
    scale3 = {c["category"]: c for c in cells if c["indicator"] == 2 and c["level"] == 3}
    assert "50" in scale3["pscat:manufacturing"]["requirements"][0]["rule"]["en"]
    assert "20,000" in scale3["pscat:other"]["requirements"][0]["rule"]["en"]


def test_criteria_lang_en_prints_english() -> None:
    output = _ok(run("criteria", "--lang", "en")).stdout
    assert "performance evaluation" in output
    assert "绩效评价" not in output
    assert "生产制造类" not in output
    heads = [line for line in output.splitlines() if line and not line.startswith(" ")]
    assert len(heads) == 80
    assert not any(CJK.search(h) for h in heads)
    zh = _ok(run("criteria")).stdout
    assert "绩效评价" in zh


# ───────────────────────────────────────────── validate and errors

BAD_PARK = (
    PREFIXES
    + """
ex:park a ps:Park ;
    rdfs:label "数据问题测试园"@zh ;
    ps:parkCategory pscat:manufacturing ;
    ps:dataYear 2024 ;
    ps:performanceGrade grade:B ;
    ps:landAreaMu {land} ;
    ps:floorAreaSqm {floor} .

ex:e1 a ps:Enterprise ;
    rdfs:label "某某电器有限公司"@zh ;
    ps:creditCode "{code}" ;
    ps:residentIn ex:park ;
    ps:industry ind:C38 ;
    ps:annualOutput 100 .
"""
)


def _validate_json(path: Path) -> tuple[int, list[dict]]:
    result = run("validate", path, "--format", "json")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, json.loads(result.stdout)


def test_validate_reports_each_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    # check character X is wrong (U is right), a negative land area, a number as a string
    bad.write_text(BAD_PARK.format(land="-5", floor='"25000"', code="91330683MA2JQPJT6X"), encoding="utf-8")
    code, problems = _validate_json(bad)
    assert code == 1

    def found(focus: str, path: str, value: str | None = None) -> list[dict]:
        return [
            p
            for p in problems
            if p["focus"] == f"<https://example.org/cli-test/{focus}>"
            and p["path"] == path
            and (value is None or p["value"] == value)
        ]

    check = found("e1", "ps:creditCodeCheckFailed")
    assert check and "GB 32100" in check[0]["message"]["en"] and "校验位" in check[0]["message"]["zh"]
    assert found("park", "ps:landAreaMu", "-5")
    assert found("park", "ps:floorAreaSqm", "25000")
    assert any("not a number" in p["message"]["en"] for p in found("park", "ps:floorAreaSqm"))
    for problem in (*check, *found("park", "ps:landAreaMu"), *found("park", "ps:floorAreaSqm")):
        assert problem["message"]["zh"] and problem["message"]["en"]
    # wrong data (not merely missing data) is an error wherever problems carry a severity
    for group in (check, found("park", "ps:landAreaMu", "-5"), found("park", "ps:floorAreaSqm", "25000")):
        if all("severity" in p for p in group):
            assert any(p["severity"] == "error" for p in group), group

    # the same file with the three values corrected has none of these problems
    good = tmp_path / "good.ttl"
    good.write_text(BAD_PARK.format(land="5", floor="25000", code="91330683MA2JQPJT6U"), encoding="utf-8")
    _code, problems = _validate_json(good)
    assert not found("e1", "ps:creditCodeCheckFailed")
    assert not found("park", "ps:landAreaMu")
    assert not found("park", "ps:floorAreaSqm")


def test_validate_text_output_names_the_values(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD_PARK.format(land="-5", floor='"25000"', code="91330683MA2JQPJT6X"), encoding="utf-8")
    result = run("validate", bad, "--lang", "en")
    assert result.exit_code == 1
    assert "wrong check character" in result.stdout
    assert "ps:landAreaMu [-5]" in result.stdout
    assert "ps:floorAreaSqm [25000]" in result.stdout


SYNTAX_ERROR = PREFIXES + "\nex:park a ps:Park ;\n    ps:landAreaMu 5\nex:other a ps:Park .\n"


@pytest.mark.parametrize("command", ["rate", "validate", "explain"])
def test_turtle_syntax_error_exits_2_naming_file_and_line(tmp_path: Path, command: str) -> None:
    broken = tmp_path / "broken-park.ttl"
    broken.write_text(SYNTAX_ERROR, encoding="utf-8")
    line = SYNTAX_ERROR.splitlines().index("ex:other a ps:Park .") + 1
    args = ["explain", "x", broken] if command == "explain" else [command, broken]
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    zh, en = (
        next(x for x in result.output.splitlines() if x.startswith("错误")),
        next(x for x in result.output.splitlines() if x.startswith("Error")),
    )
    assert "broken-park.ttl" in zh and f"第 {line} 行" in zh
    assert "broken-park.ttl" in en and f"line {line}" in en


def test_missing_file_exits_2_bilingually(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.ttl"
    for command in ("rate", "validate"):
        result = run(command, missing)
        assert result.exit_code == 2, result.output
        assert "找不到文件" in result.output and "no such file" in result.output
        assert "nowhere.ttl" in result.output
        assert "Traceback" not in result.output


def test_input_without_park_exits_2(tmp_path: Path) -> None:
    empty = tmp_path / "firms-only.ttl"
    empty.write_text(PREFIXES + '\nex:e1 a ps:Enterprise ; rdfs:label "某公司"@zh .\n', encoding="utf-8")
    for args in (["rate", empty], ["explain", "e1", empty]):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert "没有园区" in result.output and "no park" in result.output
        assert "Traceback" not in result.output


# ───────────────────────────────────────────── the real process


def test_console_script_rate_json_in_subprocess() -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("PARKSTAR_HOME", None)
    completed = subprocess.run(
        [sys.executable, "-m", "parkstar", "rate", "--format", "json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode("utf-8", "replace")
    data = json.loads(completed.stdout.decode("utf-8"))
    assert {item["park"]: item["stars"] for item in data} == EXPECTED
    assert b"Traceback" not in completed.stderr
