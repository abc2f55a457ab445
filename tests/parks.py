"""Test support: write a park in the documented input format (docs/input-format.md) from a
plain dict of facts, and apply a test case's overrides to such a dict.

Everything the standard says (categories, thresholds, required items) comes in through the
facts, which the tests read from TOML files; this module only knows the input format.
Codes are written compactly ("doc:serviceLedger", "pscat:other") with the prefixes of
`parkstar.vocab.PREFIXES`.

Facts (every key optional; a missing key writes nothing):

    name                  str, label of the park
    category, grade, region, leading_industry         compact codes
    related_industries    [code]
    data_year, land_area_mu, floor_area_sqm, drills, talent, patents, new_products  numbers
    enterprises           counted resident enterprises (0 = no enterprise records)
    individual_businesses residents with a 92… credit code
    former_residents      firms whose tenancy ended on the last day of the data year
    leading_share         percent of output in the leading + related industries, made exact
    core_industries, other_industries   [code]: industries of matching / other firms (cycled)
    above_size_grown      firms that became above-size in the data year
    coverages             {"free_or_low_fee" | "digital": n firms flagged true, or "all"}
    unrecorded            {"free_or_low_fee" | "digital": n firms with no flag at all}
    documents             [doc code]
    facilities            {"in_park": [fac code], "nearby": [fac code]}
    services              [{category, fee, distinctive, institution, label}]
    platforms             {plat code: pstat code, or "" for no status}
    operator              false for no operator at all (default: an operator)
    independent_operator, management_staff, certification, units {func code: {kind, staff}}
    property_management, network_link   bool
    assessments           {aspect code: level code}
    declared              {ps property: value}, written on the park as is
"""

from __future__ import annotations

import copy
import zlib
from datetime import date
from decimal import Decimal
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from parkstar.vocab import DCTERMS, ORG, PREFIXES, PROV, PS

BASE = "https://example.org/parkstar-test/"
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015, no I, O, Z, S, V
WEIGHTS = [pow(3, i, 31) for i in range(17)]
LOCATIONS = {"in_park": "loc:inPark", "nearby": "loc:nearby"}
FLAGS = {"free_or_low_fee": PS.freeOrLowFeeServiceCovered, "digital": PS.usesDigitalServices}


def iri(compact: str) -> URIRef:
    prefix, _, local = compact.partition(":")
    return URIRef(PREFIXES[prefix] + local)


def number(value: int | float | Decimal) -> Literal:
    """Integers as xsd:integer, everything else as an exact xsd:decimal."""
    if isinstance(value, bool) or not isinstance(value, int):
        return Literal(Decimal(str(value)))
    return Literal(value)


def credit_code(prefix: str, area: str, seed: str) -> str:
    """A valid unified social credit code (GB 32100-2015), the same for the same seed."""
    n = zlib.crc32(seed.encode())
    organisation = ""
    for _ in range(9):
        n, digit = divmod(n, 31)
        organisation += CODE_CHARS[digit]
    body = prefix + area + organisation
    total = sum(CODE_CHARS.index(c) * w for c, w in zip(body, WEIGHTS, strict=True))
    return body + CODE_CHARS[(31 - total % 31) % 31]


def _split(total: int, parts: int) -> list[int]:
    """`total` in `parts` integer shares (the first takes the remainder)."""
    if parts == 0:
        return []
    each, rest = divmod(total, parts)
    return [each + rest] + [each] * (parts - 1)


def _outputs(n: int, share: float | None) -> list[tuple[bool, int]]:
    """(matches the leading industry, output) per firm: the matching firms' output is
    exactly `share` % of the total (share given to 0.01 %)."""
    if n == 0 or share is None:
        return [(False, 1000)] * n
    hundredths = round(Decimal(str(share)) * 100)  # out of 10,000
    if hundredths == 10000:
        core = n
    elif hundredths == 0:
        core = 0
    else:
        core = min(max(1, round(n * hundredths / 10000)), n - 1)
    matched = _split(hundredths * n, core)
    rest = _split((10000 - hundredths) * n, n - core)
    return [(True, x) for x in matched] + [(False, x) for x in rest]


def build_park(facts: dict[str, Any], *, key: str = "park", graph: Graph | None = None) -> Graph:
    """Add one park (IRI `BASE + key`, its nodes under it) to `graph` (a new one by default)."""
    g = graph if graph is not None else Graph()
    park = URIRef(BASE + key)

    def node(local: str) -> URIRef:
        return URIRef(f"{BASE}{key}/{local}")

    g.add((park, RDF.type, PS.Park))
    g.add((park, RDFS.label, Literal(facts.get("name", key), lang="zh")))

    for fact, prop in (
        ("category", PS.parkCategory),
        ("grade", PS.performanceGrade),
        ("region", PS.region),
        ("leading_industry", PS.leadingIndustry),
    ):
        if facts.get(fact):
            g.add((park, prop, iri(facts[fact])))
    for code in facts.get("related_industries", []):
        g.add((park, PS.relatedIndustry, iri(code)))
    for fact, prop in (
        ("data_year", PS.dataYear),
        ("land_area_mu", PS.landAreaMu),
        ("floor_area_sqm", PS.floorAreaSqm),
        ("drills", PS.emergencyDrillCount),
        ("talent", PS.seniorTalentIntroduced),
        ("patents", PS.patentsGranted),
        ("new_products", PS.newProductsLaunched),
    ):
        if facts.get(fact) is not None:
            g.add((park, prop, number(facts[fact])))
    for fact, prop, value in (
        ("property_management", PS.professionalPropertyManagement, None),
        ("network_link", PS.connectedTo, PS.ZhejiangSMEServiceNetwork),
    ):
        if facts.get(fact) is not None:
            if value is None:
                g.add((park, prop, Literal(bool(facts[fact]))))
            elif facts[fact]:
                g.add((park, prop, value))
    for prop, value in facts.get("declared", {}).items():
        g.add((park, iri(prop), number(value)))

    # enterprises
    area = str(iri(facts.get("region", "region:330683"))).rsplit("/", 1)[-1]
    n = facts.get("enterprises", 0)
    core_codes = facts.get("core_industries") or ["ind:C3825"]
    other_codes = facts.get("other_industries") or ["ind:C1713"]
    covered = {f: (n if v == "all" else v) for f, v in facts.get("coverages", {}).items()}
    unrecorded = facts.get("unrecorded", {})
    for i, (matches, output) in enumerate(_outputs(n, facts.get("leading_share"))):
        firm = node(f"firm-{i}")
        codes = core_codes if matches else other_codes
        g.add((firm, RDF.type, PS.Enterprise))
        g.add((firm, RDFS.label, Literal(f"{key} 企业 {i}", lang="zh")))
        g.add((firm, PS.creditCode, Literal(credit_code("91", area, f"{key}/{i}"))))
        g.add((firm, PS.residentIn, park))
        g.add((firm, PS.industry, iri(codes[i % len(codes)])))
        g.add((firm, PS.annualOutput, Literal(output)))
        if i < facts.get("above_size_grown", 0) and facts.get("data_year") is not None:
            g.add((firm, PS.aboveSizeSince, Literal(facts["data_year"])))
        for flag, prop in FLAGS.items():
            if i < n - unrecorded.get(flag, 0):
                g.add((firm, prop, Literal(i < covered.get(flag, 0))))
    for i in range(facts.get("former_residents", 0)):
        firm = node(f"former-{i}")
        g.add((firm, RDF.type, PS.Enterprise))
        g.add((firm, RDFS.label, Literal(f"{key} 迁出企业 {i}", lang="zh")))
        g.add((firm, PS.creditCode, Literal(credit_code("91", area, f"{key}/former/{i}"))))
        g.add((firm, PS.residentIn, park))
        g.add((firm, PS.industry, iri(core_codes[0])))
        g.add((firm, PS.annualOutput, Literal(1000)))
        g.add((firm, PS.tenancyEnd, Literal(date(facts["data_year"], 12, 31))))
    for i in range(facts.get("individual_businesses", 0)):
        firm = node(f"individual-{i}")
        g.add((firm, RDF.type, PS.Enterprise))
        g.add((firm, RDFS.label, Literal(f"{key} 个体户 {i}", lang="zh")))
        g.add((firm, PS.creditCode, Literal(credit_code("92", area, f"{key}/individual/{i}"))))
        g.add((firm, PS.residentIn, park))
        g.add((firm, PS.industry, iri(other_codes[0])))

    # operator and its units
    if facts.get("operator", True):
        op = node("operator")
        g.add((park, PS.operatedBy, op))
        g.add((op, RDF.type, PS.Operator))
        g.add((op, RDFS.label, Literal(f"{key} 运营公司", lang="zh")))
        if facts.get("independent_operator") is not None:
            g.add((op, PS.independentOperator, Literal(bool(facts["independent_operator"]))))
        if facts.get("management_staff") is not None:
            g.add((op, PS.managementStaffCount, number(facts["management_staff"])))
        for function, unit_facts in facts.get("units", {}).items():
            unit = node(f"unit-{function.partition(':')[2]}")
            g.add((op, ORG.hasUnit, unit))
            g.add((unit, RDF.type, ORG.OrganizationalUnit))
            g.add((unit, PS.unitFunction, iri(function)))
            if unit_facts.get("kind"):
                g.add((unit, PS.unitKind, iri(unit_facts["kind"])))
            if unit_facts.get("staff") is not None:
                g.add((unit, PS.staffCount, number(unit_facts["staff"])))
        if facts.get("certification"):
            cert = node("certification")
            g.add((op, PS.holdsCertification, cert))
            g.add((cert, RDF.type, PS.Certification))
            g.add((cert, PS.certificationType, iri(facts["certification"])))

    for i, code in enumerate(facts.get("documents", [])):
        doc = node(f"document-{i}")
        g.add((park, PS.hasDocument, doc))
        g.add((doc, RDF.type, PS.Document))
        g.add((doc, PS.documentType, iri(code)))
    for where, codes in facts.get("facilities", {}).items():
        for code in codes:
            fac = node(f"facility-{where}-{code.partition(':')[2]}")
            g.add((park, PS.hasFacility, fac))
            g.add((fac, RDF.type, PS.Facility))
            g.add((fac, PS.facilityCategory, iri(code)))
            g.add((fac, PS.facilityLocation, iri(LOCATIONS[where])))
    for i, service in enumerate(facts.get("services", [])):
        svc = node(f"service-{i}")
        g.add((park, PS.offersService, svc))
        g.add((svc, RDF.type, PS.ServiceOffering))
        g.add((svc, RDFS.label, Literal(service.get("label", f"服务 {i}"), lang="zh")))
        g.add((svc, PS.serviceCategory, iri(service["category"])))
        if service.get("fee"):
            g.add((svc, PS.feeBasis, iri(service["fee"])))
        if service.get("distinctive"):
            g.add((svc, PS.distinctive, Literal(True)))
        if service.get("institution"):
            inst = node(f"institution-{zlib.crc32(service['institution'].encode())}")
            g.add((svc, PS.providedBy, inst))
            g.add((inst, RDF.type, PS.ServiceInstitution))
            g.add((inst, RDFS.label, Literal(service["institution"], lang="zh")))
    for kind, status in facts.get("platforms", {}).items():
        platform = node(f"platform-{kind.partition(':')[2]}")
        g.add((park, PS.hasPlatform, platform))
        g.add((platform, RDF.type, PS.Platform))
        g.add((platform, PS.platformKind, iri(kind)))
        if status:
            g.add((platform, PS.platformStatus, iri(status)))
    for aspect, level in facts.get("assessments", {}).items():
        assessment = node(f"assessment-{aspect.partition(':')[2]}")
        g.add((park, PS.hasAssessment, assessment))
        g.add((assessment, RDF.type, PS.ExpertAssessment))
        g.add((assessment, PS.assessmentAspect, iri(aspect)))
        g.add((assessment, PS.assessmentLevel, iri(level)))
        g.add((assessment, PROV.wasAttributedTo, Literal("测试专家组")))
        if facts.get("data_year") is not None:  # assessed in the campaign after the data year
            g.add((assessment, DCTERMS.date, Literal(date(facts["data_year"] + 1, 4, 1))))
    return g


def _merge(base: dict, changes: dict) -> None:
    for k, v in changes.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            _merge(base[k], v)
        else:
            base[k] = copy.deepcopy(v)


def _names(item: object) -> set:
    """What a list item can be removed by: itself, or a service's category or label."""
    return {item["category"], item.get("label")} if isinstance(item, dict) else {item}


def _locate(facts: dict, dotted: str) -> tuple[dict, str]:
    *parents, last = dotted.split(".")
    for p in parents:
        facts = facts[p]
    return facts, last


def apply(facts: dict, case: dict) -> dict:
    """A copy of `facts` changed by a case: `drop` (dotted keys removed), `without`
    (dotted key → items removed from a list, services by category or label, or keys from
    a dict),
    `set` (merged, nested dicts key by key) and `add` (dotted key → items appended)."""
    out = copy.deepcopy(facts)
    for dotted in case.get("drop", []):
        parent, last = _locate(out, dotted)
        parent.pop(last, None)
    for dotted, items in case.get("without", {}).items():
        parent, last = _locate(out, dotted)
        held = parent[last]
        if isinstance(held, dict):
            parent[last] = {k: v for k, v in held.items() if k not in items}
        else:
            parent[last] = [x for x in held if not _names(x) & set(items)]
    _merge(out, case.get("set", {}))
    for dotted, items in case.get("add", {}).items():
        parent, last = _locate(out, dotted)
        parent.setdefault(last, []).extend(copy.deepcopy(items))
    return out
