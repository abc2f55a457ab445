"""The application workbook: the template (sheets, drop-downs fed from the code lists),
the import into RDF (units, normalisation, every problem reported once with sheet, row
and column), the CSV-folder import, and the sample workbook against its Turtle twins."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from parkstar.cli import main
from parkstar.creditcode import check_character
from parkstar.engine import Rater
from parkstar.importers import Severity, import_path, write_template
from parkstar.importers.cells import CellError, Context, RawCell, parse_cell
from parkstar.importers.codes import load_code_lists
from parkstar.importers.form import CODED_TYPES, FORM_FILE, load_form, read_form
from parkstar.rdf.reading import read_graph
from parkstar.vocab import CODE, PS

ROOT = Path(__file__).resolve().parents[1]
CODES_DIR = ROOT / "ontology" / "codes"
SAMPLE_WORKBOOK = ROOT / "data" / "sample-workbook.xlsx"
TWINS = ROOT / "data" / "workbook-twins"
PARK = "https://w3id.org/parkstar/id/park/"
FORM = load_form()


# ---------------------------------------------------------------------------- helpers


def zh(scheme: str, notation: str) -> str:
    """The Chinese label of a code, read from ontology/codes (as a user picks it)."""
    g = Graph().parse(CODES_DIR / f"{scheme}.ttl")
    for concept in g.subjects(SKOS.notation, Literal(notation)):
        for label in g.objects(concept, SKOS.prefLabel):
            if label.language == "zh":
                return str(label)
    raise KeyError((scheme, notation))


def code(area: str, n: int, prefix: str = "91") -> str:
    body = f"{prefix}{area}MA{n:07d}"
    return body + check_character(body)


def small_park(key: str = "test-park") -> dict[str, list[dict]]:
    """A manufacturing park meeting every 1★ and 2★ criterion; grade C stops it at 2★."""
    yes, no = FORM.shown_true, FORM.shown_false
    firms = [
        dict(
            park_key=key,
            name=f"嵊州市测试{i}号电器有限公司",
            credit_code=code("330683", i),
            industry="C3825" if i < 8 else "2929",
            output=100,
            revenue=90,
            tenancy_start=dt.datetime(2022, 1, 1),
            free_or_low_fee=yes,
            digital=no,
        )
        for i in range(12)
    ]
    infrastructure = ["fireProtection", "safety", "environmentalProtection", "communications", "network"]
    supporting = ["business", "office", "dormitory", "catering"]
    documents = [
        "managementRules",
        "complaintProcedure",
        "emergencyPlan",
        "emergencyProcedure",
        "cultivationPlan",
        "upgradeWorkRecord",
    ]
    return {
        "park": [
            dict(
                park_key=key,
                name="嵊州市测试小微企业园",
                category=zh("park-category", "manufacturing"),
                region="330683",
                data_year=2024,
                grade=zh("grade", "C"),
                land_area=25,
                floor_area=1.5,
                leading_industry="C38",
                related_industries="C29",
                operator_name="测试园运营有限公司",
                independent_operator=yes,
                management_staff=3,
                drills=1,
                property_management=no,
                network_link=no,
            )
        ],
        "enterprises": firms,
        "services": [
            dict(park_key=key, name=n, category=zh("service-category", c), fee=zh("fee-basis", "free"))
            for n, c in (
                ("政策咨询", "policyConsulting"),
                ("融资对接", "investmentFinancing"),
                ("技能培训", "staffTraining"),
            )
        ],
        "facilities": [
            dict(park_key=key, category=zh("facility-category", c), location=zh("facility-location", "inPark"))
            for c in infrastructure + supporting
        ],
        "documents": [dict(park_key=key, document_type=zh("document-type", d)) for d in documents],
        "platforms": [
            dict(
                park_key=key,
                platform_kind=zh("platform-kind", "parkManagement"),
                platform_status=zh("platform-status", "inOperation"),
            )
        ],
        "assessments": [
            dict(
                park_key=key,
                aspect=zh("assessment-aspect", "operationsConformity"),
                level=zh("assessment-level", "conforming"),
            )
        ],
    }


def fill(path: Path, rows: dict[str, list[dict]]) -> Path:
    """Write the template to `path` and fill it with openpyxl, column by column id."""
    write_template(path)
    book = openpyxl.load_workbook(path)
    for sheet_id, records in rows.items():
        spec = FORM.sheet(sheet_id)
        ws = book[spec.name.zh]
        position = {c.id: i + 1 for i, c in enumerate(spec.columns)}
        for offset, record in enumerate(records):
            for column_id, value in record.items():
                ws.cell(row=FORM.header_rows + 1 + offset, column=position[column_id], value=value)
    book.save(path)
    return path


def to_csv_folder(workbook: Path, folder: Path) -> Path:
    """Save every data sheet of a workbook as the CSV file the form names, as Excel would."""
    folder.mkdir(parents=True, exist_ok=True)
    book = openpyxl.load_workbook(workbook, data_only=True)
    for spec in FORM.sheets:
        ws = book[spec.name.zh]
        with (folder / spec.csv).open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            for row in ws.iter_rows(values_only=True):
                writer.writerow(["" if v is None else _csv_text(v) for v in row])
    return folder


def _csv_text(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def outcomes(ratings) -> dict[str, tuple]:
    """Per park: stars, pending level, every cell's outcome and every requirement's."""
    found = {}
    for r in ratings:
        cells = tuple((c.indicator.number, c.level, c.outcome) for c in r.cells)
        requirements = tuple(sorted((str(x.requirement.iri), x.outcome) for c in r.cells for x in c.results))
        found[str(r.park)] = (r.stars, r.pending_level, cells, requirements)
    return found


@pytest.fixture(scope="module")
def rater() -> Rater:
    return Rater()


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "申报表.xlsx"
    write_template(path)
    return path


# ---------------------------------------------------------------------------- the template


def test_template_has_every_sheet_instructions_and_hidden_codes(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    names = [s.name.zh for s in FORM.sheets]
    assert book.sheetnames == [FORM.instructions.zh, *names, FORM.codes.zh]
    assert book[FORM.codes.zh].sheet_state == "hidden"
    assert book[FORM.instructions.zh].protection.sheet
    for spec in FORM.sheets:
        ws = book[spec.name.zh]
        assert [c.value for c in ws[1]] == [c.header.zh for c in spec.columns]
        assert [c.value for c in ws[2]] == [c.header.en for c in spec.columns]
    park = book[FORM.sheet("park").name.zh]
    floor = next(c.value for c in park[1] if "建筑面积" in c.value)
    assert "万平方米" in floor


def _list_values(book, formula: str) -> list[str]:
    sheet, _, cells = formula.partition("!")
    ws = book[sheet.strip("'")]
    first, last = cells.replace("$", "").split(":")
    return [row[0].value for row in ws[first:last] if row[0].value is not None]


def test_template_has_a_drop_down_on_every_coded_column(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    first_row, last_row = FORM.header_rows + 1, FORM.header_rows + FORM.template_rows
    checked = 0
    for spec in FORM.sheets:
        ws = book[spec.name.zh]
        for index, column in enumerate(spec.columns, start=1):
            if column.type not in CODED_TYPES:
                continue
            letter = openpyxl.utils.get_column_letter(index)
            lists = [
                dv
                for dv in ws.data_validations.dataValidation
                if dv.type == "list" and f"{letter}{first_row}:{letter}{last_row}" in str(dv.sqref)
            ]
            assert len(lists) == 1, f"{spec.id}.{column.id}: no drop-down"
            values = _list_values(book, lists[0].formula1)
            if column.type == "boolean":
                assert values == [FORM.shown_true, FORM.shown_false]
            elif column.type == "code":
                g = Graph().parse(CODES_DIR / f"{column.scheme}.ttl")
                concepts = g.subjects(SKOS.inScheme, URIRef(f"{CODE}{column.scheme}"))
                labels = {str(o) for c in concepts for o in g.objects(c, SKOS.prefLabel) if o.language == "zh"}
                assert set(values) == labels, column.id
            else:  # industry and region: "code label" entries
                assert values and all(v.split(" ", 1)[0] for v in values)
            checked += 1
    assert checked >= 20


# ---------------------------------------------------------------------------- import and rate


def test_filled_template_imports_and_rates(tmp_path: Path, rater: Rater) -> None:
    result = import_path(fill(tmp_path / "park.xlsx", small_park()))
    assert result.ok, [p.line("en") for p in result.errors]
    assert result.notices == [] and result.warnings == []
    (rating,) = list(rater.rate(result.graph))
    assert str(rating.park) == PARK + "test-park"
    assert rating.stars == 2
    assert rating.cell(1, 3).outcome.value == "not_met"  # grade C: the only reason in indicator 1
    firm = URIRef(f"https://w3id.org/parkstar/id/enterprise/{code('330683', 0)}")
    assert (firm, PS.industry, URIRef(f"{CODE}industry/C3825")) in result.graph
    other = URIRef(f"https://w3id.org/parkstar/id/enterprise/{code('330683', 9)}")
    assert (other, PS.industry, URIRef(f"{CODE}industry/C2929")) in result.graph  # "2929" got its letter


def test_units_convert_exactly(tmp_path: Path) -> None:
    rows = small_park()
    rows["park"][0].update(floor_area=1.5, land_area="20")
    rows["park"].append(dict(rows["park"][0], park_key="second", floor_area=0.1, land_area=7.35))
    path = fill(tmp_path / "units.xlsx", rows)
    book = openpyxl.load_workbook(path)
    letter = openpyxl.utils.get_column_letter([c.id for c in FORM.sheet("park").columns].index("declared_share") + 1)
    share = book[FORM.sheet("park").name.zh][f"{letter}3"]  # declared leading-industry share, typed as 72.5 %
    share.value, share.number_format = 0.725, "0.0%"
    book.save(path)
    result = import_path(path)
    assert result.ok, [p.line("en") for p in result.errors]
    g = result.graph
    first, second = URIRef(PARK + "test-park"), URIRef(PARK + "second")
    assert g.value(first, PS.floorAreaSqm) == Literal(Decimal("15000"))
    assert g.value(first, PS.floorAreaSqm).toPython() == Decimal(15000)
    assert g.value(second, PS.floorAreaSqm).toPython() == Decimal(1000)  # 0.1 is no binary fraction here
    assert g.value(first, PS.landAreaMu).toPython() == Decimal(20)
    assert g.value(second, PS.landAreaMu).toPython() == Decimal("7.35")
    assert g.value(first, PS.dataYear) == Literal(2024)
    assert g.value(first, PS.declaredLeadingIndustryShare).toPython() == Decimal("72.5")
    assert [(p.column, p.kind) for p in result.notices] == [(letter, "normalised")]  # says it read 72.5 %


def test_a_form_change_needs_no_code_change(tmp_path: Path) -> None:
    """Floor area in m² instead of 万平方米: a change of data/forms/workbook.toml only."""
    text = FORM_FILE.read_text(encoding="utf-8")
    for old, new in (
        ("建筑面积（万平方米）", "建筑面积（平方米）"),
        ("Floor area (10,000 m²)", "Floor area (m²)"),
        ('unit_zh = "万平方米"', 'unit_zh = "平方米"'),
        ('unit_en = "10,000 m²"', 'unit_en = "m²"'),
        ('factor = "10000"', 'factor = "1"'),
        ("max = 500\n", "max = 5000000\n"),
    ):
        assert old in text
        text = text.replace(old, new)
    (tmp_path / "form.toml").write_text(text, encoding="utf-8")
    form = read_form(tmp_path / "form.toml")
    rows = small_park()
    rows["park"][0]["floor_area"] = 15000
    path = tmp_path / "m2.xlsx"
    write_template(path, form=form)
    assert "建筑面积（平方米）" in [c.value for c in openpyxl.load_workbook(path)["园区"][1]]
    book = openpyxl.load_workbook(fill(tmp_path / "filled.xlsx", rows))  # same column order as the default form
    book["园区"]["I1"] = "建筑面积（平方米）"
    book["园区"]["I2"] = "Floor area (m²)"
    book.save(tmp_path / "filled.xlsx")
    result = import_path(tmp_path / "filled.xlsx", form=form)
    assert result.ok, [p.line("en") for p in result.errors]
    assert result.graph.value(URIRef(PARK + "test-park"), PS.floorAreaSqm).toPython() == Decimal(15000)
    refused = import_path(tmp_path / "filled.xlsx")  # the default form wants 万平方米 there
    assert [(p.kind, p.row, p.column) for p in refused.errors] == [("unit-mismatch", 1, "I")]


def test_full_width_digits_are_accepted_with_a_notice(tmp_path: Path) -> None:
    rows = small_park()
    rows["park"][0].update(management_staff="２５", floor_area="　１．５ ")
    result = import_path(fill(tmp_path / "wide.xlsx", rows))
    assert result.ok
    operator = URIRef(PARK + "test-park/operator")
    assert result.graph.value(operator, PS.managementStaffCount) == Literal(25)
    assert result.graph.value(URIRef(PARK + "test-park"), PS.floorAreaSqm).toPython() == Decimal(15000)
    notices = {p.column: p for p in result.notices}
    assert sorted(notices) == ["I", "N"] and len(result.notices) == 2  # one notice per cell
    assert notices["N"].message.en == "full-width characters were converted to half-width"
    assert notices["N"].found == "２５" and "全角" in notices["N"].message.zh
    assert "spaces were removed" in notices["I"].message.en and "full-width" in notices["I"].message.en
    assert all(p.severity is Severity.NOTICE and p.row == 3 and not p.is_error for p in result.notices)


def test_a_number_typed_as_text_is_accepted_silently(tmp_path: Path) -> None:
    rows = small_park()
    rows["park"][0].update(management_staff="25", data_year="2024")
    result = import_path(fill(tmp_path / "text.xlsx", rows))
    assert result.ok and not result.notices
    assert result.graph.value(URIRef(PARK + "test-park/operator"), PS.managementStaffCount) == Literal(25)


# ---------------------------------------------------------------------------- a dozen mistakes


def test_a_workbook_with_a_dozen_mistakes_is_refused_with_one_message_each(tmp_path: Path) -> None:
    rows = small_park()
    good_park = dict(rows["park"][0])
    firms = rows["enterprises"]
    firms[0]["credit_code"] = firms[0]["credit_code"][:-1] + ("0" if firms[0]["credit_code"][-1] != "0" else "1")
    firms[1]["output"] = "很多"
    firms.append(dict(firms[2]))  # the same enterprise listed twice (row 15)
    firms[3]["industry"] = "C9925"
    firms[4]["free_or_low_fee"] = "maybe"
    rows["services"][0]["category"] = "法律服务"
    rows["facilities"].append(dict(rows["facilities"][0], park_key="no-such-park"))  # row 12
    rows["park"][0].update(floor_area=-1.5, management_staff="二十", region="330199")
    rows["park"].append(dict(good_park, land_area=30))  # the same park again, another land area (row 4)
    path = fill(tmp_path / "mistakes.xlsx", rows)
    book = openpyxl.load_workbook(path)
    del book[FORM.sheet("assessments").name.zh]
    book.save(path)

    result = import_path(path)
    assert result.graph is None
    found = sorted((p.sheet.en if p.sheet else "", p.row or 0, p.column or "", p.kind) for p in result.errors)
    assert found == sorted(
        [
            ("Enterprises", 3, "C", "credit-code"),
            ("Enterprises", 4, "E", "not-a-number"),
            ("Enterprises", 6, "D", "industry-code"),
            ("Enterprises", 7, "J", "not-a-boolean"),
            ("Enterprises", 15, "C", "duplicate"),
            ("Services", 3, "C", "unknown-code"),
            ("Facilities", 12, "A", "unknown-park"),
            ("Park", 3, "I", "out-of-range"),
            ("Park", 3, "N", "not-a-number"),
            ("Park", 3, "E", "region-code"),
            ("Park", 4, "H", "conflict"),
            ("Expert assessments", 0, "", "missing-sheet"),
        ]
    )
    assert len(result.errors) == 12
    by_kind = {p.kind: p for p in result.errors}
    assert "二十" in by_kind["not-a-number"].found or "很多" in by_kind["not-a-number"].found
    staff = next(p for p in result.errors if p.column == "N")
    assert staff.found == "二十" and "digits" in staff.message.en and "数字" in staff.message.zh
    assert "check character" in by_kind["credit-code"].message.en
    assert by_kind["conflict"].found == "30" and "25" in by_kind["conflict"].message.en
    for problem in result.errors:  # every message in both languages, on one line
        assert problem.line("zh") and problem.line("en") and "\n" not in str(problem)
        assert problem.as_dict()["message"]["zh"] and problem.as_dict()["message"]["en"]
        if problem.kind != "missing-sheet":
            assert problem.header is not None and problem.found is not None

    runner = CliRunner()
    out = tmp_path / "never.ttl"
    run = runner.invoke(main, ["import", str(path), "-o", str(out), "--lang", "en"])
    assert run.exit_code == 1
    assert not out.exists()
    assert "12 errors" in run.stderr and "sheet Enterprises, row 3, column C" in run.stderr

    # straight into the store: refused, and the store is exactly as before
    store = tmp_path / "store"
    twin = Path(__file__).resolve().parents[1] / "data" / "workbook-twins"
    assert runner.invoke(main, ["load", str(twin), "--graph", "before", "--store", str(store)]).exit_code == 0
    before = {str(q) for q in ox.Store.read_only(str(store)).quads_for_pattern(None, None, None, None)}
    run = runner.invoke(main, ["import", str(path), "--graph", "submission", "--store", str(store)])
    assert run.exit_code == 1
    after = {str(q) for q in ox.Store.read_only(str(store)).quads_for_pattern(None, None, None, None)}
    assert after == before


def test_loose_numbers_are_refused_with_a_message_saying_a_number_is_expected() -> None:
    ctx = Context(FORM, load_code_lists(), dt.date(2025, 6, 1))
    column = FORM.sheet("enterprises").column("output")
    for typed in ("1,2万", "1.5万", "3 000", "二十", "约 20", "42 m²"):
        with pytest.raises(CellError) as caught:
            parse_cell(RawCell(typed), column, ctx)
        assert "number" in caught.value.message.en, typed
    for typed, value in (("25", 25), ("1,200", 1200), ("3200万元", 3200), (" 12.5 ", Decimal("12.5"))):
        assert parse_cell(RawCell(typed), column, ctx).value == Decimal(value)
    share = FORM.sheet("park").column("declared_share")
    assert parse_cell(RawCell(0.725, "0.0%"), share, ctx).value == Decimal("72.5")
    assert parse_cell(RawCell("80%"), share, ctx).value == Decimal(80)
    with pytest.raises(CellError):
        parse_cell(RawCell(120), share, ctx)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("C3825", "C3825"), ("3825", "C3825"), ("c 38", "C38"), ("Ｃ３８", "C38"), ("38", "C38"), ("0111", "A0111")],
)
def test_industry_codes_are_normalised_to_section_letter_form(typed: str, expected: str) -> None:
    ctx = Context(FORM, load_code_lists(), dt.date(2025, 6, 1))
    column = FORM.sheet("enterprises").column("industry")
    assert parse_cell(RawCell(typed), column, ctx).value == URIRef(f"{CODE}industry/{expected}")


@pytest.mark.parametrize("typed", ["C9925", "D3825", "X12", "3", "C38x5"])
def test_invalid_industry_codes_are_refused(typed: str) -> None:
    ctx = Context(FORM, load_code_lists(), dt.date(2025, 6, 1))
    with pytest.raises(CellError):
        parse_cell(RawCell(typed), FORM.sheet("enterprises").column("industry"), ctx)


def test_region_codes_must_exist_and_be_in_force() -> None:
    column = FORM.sheet("park").column("region")
    ctx = Context(FORM, load_code_lists(), dt.date(2025, 6, 1))
    assert parse_cell(RawCell(330683), column, ctx).value == URIRef(f"{CODE}region/330683")
    assert parse_cell(RawCell("嵊州市"), column, ctx).value == URIRef(f"{CODE}region/330683")
    assert parse_cell(RawCell("330683 嵊州市"), column, ctx).value == URIRef(f"{CODE}region/330683")
    with pytest.raises(CellError, match="abolished"):
        parse_cell(RawCell("330104"), column, ctx)  # 江干区, merged into 上城区 in 2021
    early = Context(FORM, load_code_lists(), dt.date(2019, 1, 1))
    with pytest.raises(CellError, match="in force only from"):
        parse_cell(RawCell("330383"), column, early)  # 龙港市, created in 2019
    assert parse_cell(RawCell("330100"), column, ctx).warnings  # a city, not a county


def test_assessment_levels_with_shared_labels_are_told_apart_by_the_aspect(tmp_path: Path) -> None:
    rows = small_park()
    rows["assessments"].append(
        dict(park_key="test-park", aspect=zh("assessment-aspect", "industrialCharacter"), level="明显")
    )
    rows["assessments"].append(
        dict(park_key="test-park", aspect=zh("assessment-aspect", "serviceEffectiveness"), level="明显")
    )
    rows["assessments"].append(
        dict(park_key="test-park", aspect=zh("assessment-aspect", "demonstrationEffect"), level="明显")
    )
    result = import_path(fill(tmp_path / "levels.xlsx", rows))
    assert [(p.row, p.column, p.kind) for p in result.errors] == [(6, "C", "unknown-code")]
    assert "not a level of" in result.errors[0].message.en


@settings(max_examples=60, deadline=None)
@given(st.decimals(min_value=0, max_value=500, places=4, allow_nan=False, allow_infinity=False))
def test_floor_area_in_10000_m2_converts_exactly(value: Decimal) -> None:
    ctx = Context(FORM, load_code_lists(), dt.date(2025, 6, 1))
    column = FORM.sheet("park").column("floor_area")
    assert parse_cell(RawCell(str(value)), column, ctx).value == value * 10000


# ---------------------------------------------------------------------------- CSV folder, CLI


def test_a_csv_folder_imports_to_the_same_graph(tmp_path: Path) -> None:
    from_xlsx = import_path(SAMPLE_WORKBOOK)
    folder = to_csv_folder(SAMPLE_WORKBOOK, tmp_path / "csv")
    from_csv = import_path(folder)
    assert from_xlsx.ok and from_csv.ok, [p.line("en") for p in from_csv.errors]
    assert isomorphic(from_xlsx.graph, from_csv.graph)
    assert len(from_csv.graph) == len(from_xlsx.graph) > 1000


def test_a_missing_csv_file_is_a_missing_sheet(tmp_path: Path) -> None:
    folder = to_csv_folder(SAMPLE_WORKBOOK, tmp_path / "csv")
    (folder / FORM.sheet("facilities").csv).unlink()
    (folder / FORM.sheet("documents").csv).rename(folder / "Documents & units.csv")  # the English name is fine
    result = import_path(folder)
    assert [(p.kind, p.sheet.en) for p in result.errors] == [("missing-sheet", "Facilities")]


def test_a_gbk_csv_folder_is_read_with_a_notice(tmp_path: Path) -> None:
    folder = to_csv_folder(SAMPLE_WORKBOOK, tmp_path / "csv")
    park = folder / FORM.sheet("park").csv
    park.write_bytes(park.read_text(encoding="utf-8-sig").encode("gb18030"))
    result = import_path(folder)
    assert result.ok and isomorphic(result.graph, import_path(SAMPLE_WORKBOOK).graph)
    assert [(p.kind, p.sheet.en) for p in result.problems] == [("encoding", "Park")]


def test_cli_template_and_import(tmp_path: Path) -> None:
    runner = CliRunner()
    blank = tmp_path / "blank.xlsx"
    assert runner.invoke(main, ["template", str(blank)]).exit_code == 0
    assert blank.exists()
    filled = fill(tmp_path / "filled.xlsx", small_park())
    out = tmp_path / "park.ttl"
    run = runner.invoke(main, ["import", str(filled), "-o", str(out)])
    assert run.exit_code == 0, run.output
    assert len(Graph().parse(out)) == len(import_path(filled).graph)
    run = runner.invoke(main, ["import", str(filled)])
    assert run.exit_code == 0 and "ps:Park" in run.stdout
    rows = small_park()
    rows["park"][0]["region"] = "330104"  # abolished in 2021
    wrong = fill(tmp_path / "wrong.xlsx", rows)
    run = runner.invoke(main, ["import", str(wrong), "--problems", "json"])
    assert run.exit_code == 1 and run.stdout == ""
    listed = json.loads(run.stderr[: run.stderr.rindex("]") + 1])
    assert [(p["sheet"]["en"], p["row"], p["column"], p["kind"]) for p in listed] == [("Park", 3, "E", "region-code")]
    assert "2021-03-10" in listed[0]["message"]["zh"] and listed[0]["found"] == "330104"


# ---------------------------------------------------------------------------- the sample workbook and its twins


def test_sample_workbook_is_small_and_clean() -> None:
    assert SAMPLE_WORKBOOK.stat().st_size < 200_000
    result = import_path(SAMPLE_WORKBOOK)
    assert result.ok and not result.warnings and not result.notices
    assert len(result.parks) == len(list(TWINS.glob("*.ttl"))) >= 2


def test_sample_workbook_rates_like_its_turtle_twins(rater: Rater) -> None:
    imported = outcomes(rater.rate(import_path(SAMPLE_WORKBOOK).graph))
    written = outcomes(rater.rate(read_graph([TWINS])))
    assert imported.keys() == written.keys()
    for park in written:
        assert imported[park][0] == written[park][0], park  # stars
        assert imported[park] == written[park], park  # and every cell and requirement
    assert {p.rsplit("/", 1)[-1]: v[0] for p, v in written.items()} == {
        "deqing-leidian": 5,
        "shangyu-caoe": 3,
        "longgang-xincheng": 2,
    }
