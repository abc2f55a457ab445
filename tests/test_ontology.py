"""Tests of the OWL vocabulary (ontology/parkstar.ttl) and the SKOS code lists (ontology/codes/).

The HermiT tests need Java; everything else reads the Turtle with rdflib only.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, SKOS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "parkstar.ttl"
CODES_DIR = ROOT / "ontology" / "codes"
INPUT_FORMAT = ROOT / "docs" / "input-format.md"

PS = Namespace("https://w3id.org/parkstar/def#")
REGION = Namespace("https://w3id.org/parkstar/code/region/")
IND = Namespace("https://w3id.org/parkstar/code/industry/")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")

SAMPLE_PARK = """
@prefix ps:     <https://w3id.org/parkstar/def#> .
@prefix pscat:  <https://w3id.org/parkstar/code/park-category/> .
@prefix grade:  <https://w3id.org/parkstar/code/grade/> .
@prefix svc:    <https://w3id.org/parkstar/code/service-category/> .
@prefix fee:    <https://w3id.org/parkstar/code/fee-basis/> .
@prefix fac:    <https://w3id.org/parkstar/code/facility-category/> .
@prefix loc:    <https://w3id.org/parkstar/code/facility-location/> .
@prefix plat:   <https://w3id.org/parkstar/code/platform-kind/> .
@prefix pstat:  <https://w3id.org/parkstar/code/platform-status/> .
@prefix doc:    <https://w3id.org/parkstar/code/document-type/> .
@prefix func:   <https://w3id.org/parkstar/code/unit-function/> .
@prefix ukind:  <https://w3id.org/parkstar/code/unit-kind/> .
@prefix cert:   <https://w3id.org/parkstar/code/certification-type/> .
@prefix aspect: <https://w3id.org/parkstar/code/assessment-aspect/> .
@prefix lvl:    <https://w3id.org/parkstar/code/assessment-level/> .
@prefix region: <https://w3id.org/parkstar/code/region/> .
@prefix ind:    <https://w3id.org/parkstar/code/industry/> .
@prefix org:    <http://www.w3.org/ns/org#> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix dcterms:<http://purl.org/dc/terms/> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix ex:     <https://w3id.org/parkstar/id/test/> .

ex:park a ps:Park ;
    rdfs:label "测试小微企业园"@zh , "Test park"@en ;
    ps:parkCategory pscat:manufacturing ;
    ps:region region:330683 ;
    ps:dataYear 2024 ;
    ps:performanceGrade grade:B ;
    ps:landAreaMu 55.5 ;
    ps:floorAreaSqm "48000"^^xsd:decimal ;
    ps:leadingIndustry ind:C38 ;
    ps:relatedIndustry ind:C34 ;
    ps:operatedBy ex:op ;
    ps:hasDocument [ a ps:Document ; ps:documentType doc:managementRules ;
                     dcterms:title "园区管理制度"@zh ] ;
    ps:emergencyDrillCount 2 ;
    ps:hasFacility [ a ps:Facility ; ps:facilityCategory fac:fireProtection ;
                     ps:facilityLocation loc:inPark ] ;
    ps:professionalPropertyManagement true ;
    ps:offersService [ a ps:ServiceOffering ; rdfs:label "融资对接会"@zh ;
                       ps:serviceCategory svc:investmentFinancing ; ps:feeBasis fee:free ;
                       ps:distinctive true ; ps:providedBy ex:bank ] ;
    ps:hasPlatform [ a ps:Platform ; ps:platformKind plat:smartEmergency ;
                     ps:platformStatus pstat:inOperation ] ;
    ps:connectedTo ps:ZhejiangSMEServiceNetwork ;
    ps:seniorTalentIntroduced 1 ;
    ps:patentsGranted 7 ;
    ps:newProductsLaunched 4.0E0 ;
    ps:hasAssessment [ a ps:ExpertAssessment ;
                       ps:assessmentAspect aspect:demonstrationEffect ;
                       ps:assessmentLevel lvl:fairlyStrong ;
                       prov:wasAttributedTo "嵊州市小微企业园评审专家组" ;
                       dcterms:date "2025-04-10"^^xsd:date ] ;
    ps:declaredEnterpriseCount 30 .

ex:op a ps:Operator ;
    rdfs:label "测试园区运营有限公司"@zh ;
    ps:independentOperator true ;
    ps:managementStaffCount 12 ;
    org:hasUnit [ a org:OrganizationalUnit ; ps:unitFunction func:complaints ;
                  ps:unitKind ukind:department ; ps:staffCount 2 ] ;
    ps:holdsCertification [ a ps:Certification ;
                            ps:certificationType cert:qualityManagementSystem ;
                            ps:standardReference "GB/T 19001-2016 / ISO 9001:2015" ;
                            ps:validUntil "2027-06-30"^^xsd:date ] .

ex:bank a ps:ServiceInstitution ; rdfs:label "某银行嵊州支行"@zh .

ex:e1 a ps:Enterprise ;
    rdfs:label "嵊州市某某电器有限公司"@zh ;
    ps:creditCode "91330683MA2JQPJT6U" ;
    ps:residentIn ex:park ;
    ps:industry ind:C38 ;
    ps:annualOutput 3200 ;
    ps:annualRevenue 3000.5 ;
    ps:tenancyStart "2021-03-01"^^xsd:date ;
    ps:tenancyEnd "2026-02-28"^^xsd:date ;
    ps:aboveSizeSince 2024 ;
    ps:freeOrLowFeeServiceCovered true ;
    ps:usesDigitalServices false .
"""

PREFIXES = """
@prefix ps:    <https://w3id.org/parkstar/def#> .
@prefix pscat: <https://w3id.org/parkstar/code/park-category/> .
@prefix ex:    <https://w3id.org/parkstar/id/test/> .
"""

INCONSISTENT_ADDITIONS = {
    "both park classes": "ex:park a ps:ManufacturingPark , ps:OtherCategoryPark .",
    "both park categories": "ex:park ps:parkCategory pscat:other .",
    "document that is a facility": "ex:d a ps:Document , ps:Facility .",
}


def vocabulary_files() -> list[Path]:
    return [ONTOLOGY, *sorted(CODES_DIR.glob("*.ttl"))]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def codes() -> Graph:
    graph = Graph()
    for path in sorted(CODES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def everything(ontology: Graph, codes: Graph) -> Graph:
    return ontology + codes


def langs(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)}


# (1) and (2) — HermiT ---------------------------------------------------------------------


@needs_java
def test_vocabulary_codes_and_sample_park_are_consistent(tmp_path: Path) -> None:
    from parkstar.reasoning import check_consistency

    sample = tmp_path / "sample-park.ttl"
    sample.write_text(SAMPLE_PARK, encoding="utf-8")
    report = check_consistency([*vocabulary_files(), sample])
    assert report.consistent, report.message
    assert report.unsatisfiable_classes == []


@needs_java
@pytest.mark.parametrize("addition", INCONSISTENT_ADDITIONS.values(), ids=INCONSISTENT_ADDITIONS)
def test_contradiction_is_detected(tmp_path: Path, addition: str) -> None:
    from parkstar.reasoning import check_consistency

    sample = tmp_path / "sample-park.ttl"
    sample.write_text(SAMPLE_PARK, encoding="utf-8")
    bad = tmp_path / "contradiction.ttl"
    bad.write_text(PREFIXES + addition + "\n", encoding="utf-8")
    report = check_consistency([*vocabulary_files(), sample, bad])
    assert not report.consistent, report.message


@needs_java
def test_reasoner_timeout_is_reported(tmp_path: Path) -> None:
    from parkstar.reasoning import ReasonerTimeout, check_consistency

    with pytest.raises(ReasonerTimeout):
        check_consistency(vocabulary_files(), timeout=0.01)


# (3) — every ps: term is labelled and defined in both languages ---------------------------


def test_every_ps_term_has_bilingual_label_and_definition(ontology: Graph) -> None:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    terms = {
        s
        for kind in kinds
        for s in ontology.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(str(PS))
    }
    assert len(terms) > 100
    problems = []
    for term in sorted(terms):
        if not {"zh", "en"} <= langs(ontology, term, RDFS.label):
            problems.append(f"{term}: rdfs:label @zh and @en")
        if not {"zh", "en"} <= langs(ontology, term, SKOS.definition):
            problems.append(f"{term}: skos:definition @zh and @en")
    assert not problems, "\n".join(problems)


def test_ontology_header(ontology: Graph) -> None:
    onto = URIRef("https://w3id.org/parkstar/def")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert (onto, OWL.versionInfo, Literal("1.0.0")) in ontology
    assert not list(ontology.triples((None, OWL.imports, None)))


def test_numeric_properties_carry_units(ontology: Graph) -> None:
    for prop in (PS.landAreaMu, PS.floorAreaSqm, PS.annualOutput, PS.leadingIndustryShare):
        assert {"zh", "en"} <= langs(ontology, prop, PS.unit), prop
    assert Literal("亩", lang="zh") in set(ontology.objects(PS.landAreaMu, PS.unit))


DERIVED = [
    "creditCodeCheckFailed",
    "countedResident",
    "residentEnterpriseCount",
    "leadingIndustryShare",
    "serviceFunctionCount",
    "freeServiceCount",
    "distinctiveServiceCount",
    "qualityInstitutionCount",
    "freeOrLowFeeCoverage",
    "digitalServiceCoverage",
    "aboveSizeGrown",
    "techResultCount",
    "infrastructureCategory",
    "supportingFacilityCategory",
    "digitalInfrastructureCount",
    "platformInUse",
    "platformFullyOperational",
    "documentTypeHeld",
    "staffedUnitFunction",
    "dedicatedBodyFunction",
    "certificationHeld",
    "operationsConformityLevel",
    "industrialCharacterLevel",
    "serviceEffectivenessLevel",
    "demonstrationEffectLevel",
    "digitalCapabilityLevel",
]


def test_derived_properties_are_typed(ontology: Graph) -> None:
    derived = set(ontology.subjects(RDF.type, PS.DerivedProperty))
    assert derived == {PS[name] for name in DERIVED}
    assert (
        PS.infrastructureCategory,
        RDFS.subPropertyOf,
        PS.supportingFacilityCategory,
    ) in ontology


# (4) — every concept is complete ----------------------------------------------------------


def test_every_concept_has_labels_notation_and_scheme(codes: Graph) -> None:
    schemes = set(codes.subjects(RDF.type, SKOS.ConceptScheme))
    concepts = set(codes.subjects(RDF.type, SKOS.Concept))
    assert len(schemes) == 21
    assert len(concepts) > 300
    problems = []
    for concept in sorted(concepts):
        if not {"zh", "en"} <= langs(codes, concept, SKOS.prefLabel):
            problems.append(f"{concept}: prefLabel @zh and @en")
        if not list(codes.objects(concept, SKOS.notation)):
            problems.append(f"{concept}: notation")
        in_schemes = set(codes.objects(concept, SKOS.inScheme))
        if not in_schemes or not in_schemes <= schemes:
            problems.append(f"{concept}: inScheme of a declared scheme")
    assert not problems, "\n".join(problems)


def test_concept_links_point_at_defined_terms(everything: Graph) -> None:
    defined = set(everything.subjects())
    for prop in (PS.parkClass, PS.derivedProperty, PS.levelOf, SKOS.broader, SKOS.member):
        for _, target in everything.subject_objects(prop):
            assert target in defined, f"{prop} → {target}"


# (5) — regions ----------------------------------------------------------------------------

CITY_CODES = {
    "330100", "330200", "330300", "330400", "330500", "330600",
    "330700", "330800", "330900", "331000", "331100",
}  # fmt: skip


def test_region_scheme(codes: Graph) -> None:
    province = REGION["330000"]
    cities = {str(c).rsplit("/", 1)[1] for c in codes.subjects(SKOS.broader, province)}
    assert cities == CITY_CODES
    counties = [
        (county, city)
        for city in codes.subjects(SKOS.broader, province)
        for county in codes.subjects(SKOS.broader, city)
    ]
    assert len(counties) >= 85
    for county, city in counties:
        county_code = str(county).rsplit("/", 1)[1]
        assert re.fullmatch(r"\d{6}", county_code)
        assert county_code[:4] == str(city).rsplit("/", 1)[1][:4], county
        assert str(codes.value(county, SKOS.notation)) == county_code
    current = [c for c, _ in counties if codes.value(c, PS.validUntil) is None]
    assert len(current) == 90  # 37 districts, 20 county-level cities, 33 counties
    for prop in (PS.validFrom, PS.validUntil):
        for _, date in codes.subject_objects(prop):
            assert date.datatype == XSD_DATE
    assert codes.value(REGION["330113"], PS.validFrom) is not None
    assert codes.value(REGION["330104"], PS.validUntil) is not None
    assert codes.value(REGION["330110"], PS.validUntil) is None


# (6) — industries -------------------------------------------------------------------------


def test_industry_scheme(codes: Graph) -> None:
    scheme = URIRef("https://w3id.org/parkstar/code/industry")
    members = set(codes.subjects(SKOS.inScheme, scheme))
    sections = {m for m in members if codes.value(m, SKOS.broader) is None}
    divisions = members - sections
    assert sorted(str(codes.value(s, SKOS.notation)) for s in sections) == list("ABCDEFGHIJKLMNOPQRST")
    assert len(divisions) == 97
    numbers = []
    for division in divisions:
        section = codes.value(division, SKOS.broader)
        assert section in sections, division
        notation = str(codes.value(division, SKOS.notation))
        assert notation == str(division).rsplit("/", 1)[1]
        assert notation[0] == str(codes.value(section, SKOS.notation))
        numbers.append(int(notation[1:]))
    assert sorted(numbers) == list(range(1, 98))
    manufacturing = {d for d in divisions if codes.value(d, SKOS.broader) == IND["C"]}
    assert {int(str(d).rsplit("/C", 1)[1]) for d in manufacturing} == set(range(13, 44))


# (7) — the input-format document and the ontology cannot drift ----------------------------


def documented_terms() -> list[tuple[str, str, URIRef]]:
    text = INPUT_FORMAT.read_text(encoding="utf-8")
    namespaces = dict(re.findall(r"@prefix\s+([\w-]+):\s*<([^>]+)>", text))
    assert "ps" in namespaces and "lvl" in namespaces
    skip = {"xsd", "rdfs"}  # W3C datatypes and labels are not ours to define
    prefixes = "|".join(sorted((p for p in namespaces if p not in skip), key=len, reverse=True))
    found = set(re.findall(rf"(?<![\w/#-])({prefixes}):(\w+)", text))
    return [(p, local, URIRef(namespaces[p] + local)) for p, local in sorted(found)]


def test_every_term_in_input_format_is_defined(everything: Graph) -> None:
    terms = documented_terms()
    assert len(terms) > 150
    defined = set(everything.subjects())
    missing = []
    for prefix, local, iri in terms:
        if prefix == "ind" and re.fullmatch(r"[A-T]\d{3,4}", local):
            # groups and classes (C3825) are not listed; they fall under their division (C38)
            iri = IND[local[:3]]
        if iri not in defined:
            missing.append(f"{prefix}:{local}")
    assert not missing, "documented but not defined: " + ", ".join(missing)
