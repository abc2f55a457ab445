"""The derivation rules (shapes/rules/*.rq) on tiny hand-written parks, through
`Deriver(load_criteria()).derive(graph)`: one figure at a time, with the cases the
documentation promises."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from parkstar.criteria import Criteria, load_criteria
from parkstar.engine.derive import Deriver

PS = Namespace("https://w3id.org/parkstar/def#")
EX = Namespace("https://example.org/rules-test/")
IND = Namespace("https://w3id.org/parkstar/code/industry/")
PLAT = Namespace("https://w3id.org/parkstar/code/platform-kind/")
FAC = Namespace("https://w3id.org/parkstar/code/facility-category/")
PARAM = Namespace("https://w3id.org/parkstar/criteria/param/")
BASIS = Namespace("https://w3id.org/parkstar/code/share-basis/")

PREFIXES = """\
@prefix ps:    <https://w3id.org/parkstar/def#> .
@prefix pscat: <https://w3id.org/parkstar/code/park-category/> .
@prefix ind:   <https://w3id.org/parkstar/code/industry/> .
@prefix svc:   <https://w3id.org/parkstar/code/service-category/> .
@prefix plat:  <https://w3id.org/parkstar/code/platform-kind/> .
@prefix pstat: <https://w3id.org/parkstar/code/platform-status/> .
@prefix fac:   <https://w3id.org/parkstar/code/facility-category/> .
@prefix loc:   <https://w3id.org/parkstar/code/facility-location/> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .
@prefix ex:    <https://example.org/rules-test/> .
"""


@pytest.fixture(scope="module")
def criteria() -> Criteria:
    return load_criteria()


@pytest.fixture(scope="module")
def deriver(criteria: Criteria) -> Deriver:
    return Deriver(criteria)


def parse(turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + turtle, format="turtle")


def number(derived: Graph, park: str, prop: URIRef) -> Decimal | None:
    values = list(derived.objects(EX[park], prop))
    assert len(values) <= 1, f"{park} has {len(values)} values of {prop}"
    if not values:
        return None
    assert isinstance(values[0], Literal)
    return Decimal(str(values[0]))


# ───────────────────────────────────────────── 02 enterprise count

ENTERPRISES = """
ex:park a ps:Park ; ps:dataYear 2024 ; ps:declaredEnterpriseCount 99 .
ex:company a ps:Enterprise ; ps:residentIn ex:park ; ps:creditCode "91330683MA2JQPJT6U" .
ex:noCode a ps:Enterprise ; ps:residentIn ex:park .
ex:individual a ps:Enterprise ; ps:residentIn ex:park ; ps:creditCode "92331121MADP2KBC78" .
ex:leftMidYear a ps:Enterprise ; ps:residentIn ex:park ; ps:tenancyEnd "2024-06-30"^^xsd:date .
ex:leftLastDay a ps:Enterprise ; ps:residentIn ex:park ; ps:tenancyEnd "2024-12-31"^^xsd:date .
ex:leftEarlier a ps:Enterprise ; ps:residentIn ex:park ; ps:tenancyEnd "2023-03-31"^^xsd:date .
ex:leavesNextYear a ps:Enterprise ; ps:residentIn ex:park ; ps:tenancyEnd "2025-01-01"^^xsd:date .

ex:declaredOnly a ps:Park ; ps:dataYear 2024 ; ps:declaredEnterpriseCount 33 .
ex:nothing a ps:Park ; ps:dataYear 2024 .
"""


def test_enterprise_count_ignores_individual_businesses_and_ended_tenancies(deriver: Deriver) -> None:
    derived = deriver.derive(parse(ENTERPRISES))
    counted = set(derived.objects(EX.park, PS.countedResident))
    assert counted == {EX.company, EX.noCode, EX.leavesNextYear}
    # records win over the declared 99
    assert number(derived, "park", PS.residentEnterpriseCount) == 3


def test_declared_enterprise_count_used_only_without_records(deriver: Deriver) -> None:
    derived = deriver.derive(parse(ENTERPRISES))
    assert number(derived, "declaredOnly", PS.residentEnterpriseCount) == 33
    assert number(derived, "nothing", PS.residentEnterpriseCount) is None


def test_records_of_only_individual_businesses_still_beat_the_declared_count(deriver: Deriver) -> None:
    graph = parse("""
ex:park a ps:Park ; ps:dataYear 2024 ; ps:declaredEnterpriseCount 12 .
ex:i1 ps:residentIn ex:park ; ps:creditCode "92331121MADP2KBC78" .
""")
    assert number(deriver.derive(graph), "park", PS.residentEnterpriseCount) == 0


def test_individual_businesses_count_when_the_parameter_says_so() -> None:
    criteria = load_criteria()
    criteria.context.set((PARAM.countIndividualBusinesses, PS.value, Literal(True)))
    derived = Deriver(criteria).derive(parse(ENTERPRISES))
    assert EX.individual in set(derived.objects(EX.park, PS.countedResident))
    assert number(derived, "park", PS.residentEnterpriseCount) == 4


# ───────────────────────────────────────────── 03 leading-industry share

SHARE = """
ex:park a ps:Park ; ps:dataYear 2024 ; ps:leadingIndustry ind:C38 ; ps:relatedIndustry ind:C39 ;
    ps:declaredLeadingIndustryShare 10 .
ex:battery ps:residentIn ex:park ; ps:industry ind:C3825 ; ps:annualOutput 50 ; ps:annualRevenue 10 .
ex:chips ps:residentIn ex:park ; ps:industry ind:C3971 ; ps:annualOutput 20 ; ps:annualRevenue 10 .
ex:textile ps:residentIn ex:park ; ps:industry ind:C17 ; ps:annualOutput 30 ; ps:annualRevenue 80 .
ex:individual ps:residentIn ex:park ; ps:creditCode "92331121MADP2KBC78" ; ps:industry ind:C17 ;
    ps:annualOutput 1000 .
ex:gone ps:residentIn ex:park ; ps:industry ind:C17 ; ps:annualOutput 1000 ;
    ps:tenancyEnd "2024-05-31"^^xsd:date .
"""


def test_leading_industry_share_by_output(deriver: Deriver) -> None:
    derived = deriver.derive(parse(SHARE))
    # C3825 lies under the leading C38 (50), C3971 under the related C39 (20); C17 (30) does not
    # count; the individual business and the firm that left are not residents.
    assert number(derived, "park", PS.leadingIndustryShare) == 70


def test_leading_industry_share_without_related_industry(deriver: Deriver) -> None:
    graph = parse(SHARE.replace("ps:relatedIndustry ind:C39 ;", ""))
    assert number(deriver.derive(graph), "park", PS.leadingIndustryShare) == 50


def test_leading_industry_share_not_computed_when_a_firm_has_no_output(deriver: Deriver) -> None:
    graph = parse(SHARE + "ex:unknown ps:residentIn ex:park ; ps:industry ind:C3825 .\n")
    derived = deriver.derive(graph)
    # no share from incomplete records, and the declared 10 % does not stand in for them
    assert number(derived, "park", PS.leadingIndustryShare) is None


def test_leading_industry_share_not_computed_when_output_is_a_string(deriver: Deriver) -> None:
    graph = parse(SHARE + 'ex:text ps:residentIn ex:park ; ps:industry ind:C3825 ; ps:annualOutput "5" .\n')
    assert number(deriver.derive(graph), "park", PS.leadingIndustryShare) is None


def test_declared_share_used_only_without_records(deriver: Deriver) -> None:
    graph = parse("ex:park a ps:Park ; ps:leadingIndustry ind:C38 ; ps:declaredLeadingIndustryShare 64.5 .\n")
    assert number(deriver.derive(graph), "park", PS.leadingIndustryShare) == Decimal("64.5")


def test_share_basis_follows_the_parameter() -> None:
    criteria = load_criteria()
    criteria.context.set((PARAM.industryShareBasis, PS.value, BASIS.revenue))
    derived = Deriver(criteria).derive(parse(SHARE))
    assert number(derived, "park", PS.leadingIndustryShare) == 20  # (10 + 10) / 100


# ───────────────────────────────────────────── 04 service functions


def test_service_functions_count_each_category_once_and_each_other_name(deriver: Deriver) -> None:
    graph = parse("""
ex:park a ps:Park ; ps:offersService
    [ a ps:ServiceOffering ; rdfs:label "政策宣讲会"@zh ; ps:serviceCategory svc:policyConsulting ] ,
    [ a ps:ServiceOffering ; rdfs:label "惠企政策解读"@zh ; ps:serviceCategory svc:policyConsulting ] ,
    [ a ps:ServiceOffering ; rdfs:label "政策一对一咨询"@zh ; ps:serviceCategory svc:policyConsulting ] ,
    [ a ps:ServiceOffering ; rdfs:label "融资对接会"@zh ; ps:serviceCategory svc:investmentFinancing ] ,
    [ a ps:ServiceOffering ; rdfs:label "法律咨询"@zh ; ps:serviceCategory svc:other ] ,
    [ a ps:ServiceOffering ; rdfs:label "法律咨询"@zh ; ps:serviceCategory svc:other ] ,
    [ a ps:ServiceOffering ; rdfs:label "知识产权代理"@zh ; ps:serviceCategory svc:other ] .
""")
    # policy consulting 1 + financing 1 + "法律咨询" 1 + "知识产权代理" 1
    assert number(deriver.derive(graph), "park", PS.serviceFunctionCount) == 4


def test_park_without_services_has_zero_functions(deriver: Deriver) -> None:
    graph = parse("ex:park a ps:Park .\n")
    assert number(deriver.derive(graph), "park", PS.serviceFunctionCount) == 0


def test_unnamed_other_services_with_iris_count_on_their_own(deriver: Deriver) -> None:
    graph = parse("""
ex:park a ps:Park ; ps:offersService ex:s1 , ex:s2 .
ex:s1 a ps:ServiceOffering ; ps:serviceCategory svc:other .
ex:s2 a ps:ServiceOffering ; ps:serviceCategory svc:other .
""")
    assert number(deriver.derive(graph), "park", PS.serviceFunctionCount) == 2


def test_unnamed_other_service_as_blank_node_counts_on_its_own(deriver: Deriver) -> None:
    graph = parse("""
ex:park a ps:Park ; ps:offersService
    [ a ps:ServiceOffering ; ps:serviceCategory svc:other ] ,
    [ a ps:ServiceOffering ; rdfs:label "legal advice"@en ; ps:serviceCategory svc:other ] .
""")
    assert number(deriver.derive(graph), "park", PS.serviceFunctionCount) == 2


def test_one_other_service_with_two_names_counts_once(deriver: Deriver) -> None:
    graph = parse("""
ex:park a ps:Park ; ps:offersService
    [ a ps:ServiceOffering ; rdfs:label "法律咨询"@zh , "法律顾问"@zh ; ps:serviceCategory svc:other ] .
""")
    assert number(deriver.derive(graph), "park", PS.serviceFunctionCount) == 1


# ───────────────────────────────────────────── 09 platforms

PLATFORMS = """
ex:park a ps:Park ; ps:hasPlatform
    [ a ps:Platform ; ps:platformKind plat:smartEmergency ; ps:platformStatus pstat:inOperation ] ,
    [ a ps:Platform ; ps:platformKind plat:bigData ; ps:platformStatus pstat:planned ] ,
    [ a ps:Platform ; ps:platformKind plat:parkManagement ; ps:platformStatus pstat:fullyOperational ] ,
    [ a ps:Platform ; ps:platformKind plat:onlineService ] .
ex:plannedOnly a ps:Park ; ps:hasPlatform
    [ a ps:Platform ; ps:platformKind plat:smartEmergency ; ps:platformStatus pstat:planned ] .
"""


def test_smart_emergency_platform_counts_as_emergency_platform(deriver: Deriver) -> None:
    derived = deriver.derive(parse(PLATFORMS))
    in_use = set(derived.objects(EX.park, PS.platformInUse))
    assert {PLAT.smartEmergency, PLAT.emergency} <= in_use


def test_planned_platform_is_not_in_use(deriver: Deriver) -> None:
    derived = deriver.derive(parse(PLATFORMS))
    in_use = set(derived.objects(EX.park, PS.platformInUse))
    assert PLAT.bigData not in in_use
    assert set(derived.objects(EX.plannedOnly, PS.platformInUse)) == set()
    assert set(derived.objects(EX.plannedOnly, PS.platformFullyOperational)) == set()


def test_platform_status_in_use_and_fully_operational(deriver: Deriver) -> None:
    derived = deriver.derive(parse(PLATFORMS))
    in_use = set(derived.objects(EX.park, PS.platformInUse))
    # a platform listed without status is taken as in operation
    assert in_use == {PLAT.smartEmergency, PLAT.emergency, PLAT.parkManagement, PLAT.onlineService}
    assert set(derived.objects(EX.park, PS.platformFullyOperational)) == {PLAT.parkManagement}


# ───────────────────────────────────────────── 08 facilities


def test_nearby_facility_is_supporting_but_not_infrastructure(deriver: Deriver) -> None:
    graph = parse("""
ex:park a ps:Park ; ps:hasFacility
    [ a ps:Facility ; ps:facilityCategory fac:dormitory ; ps:facilityLocation loc:nearby ] ,
    [ a ps:Facility ; ps:facilityCategory fac:warehousing ; ps:facilityLocation loc:nearby ] ,
    [ a ps:Facility ; ps:facilityCategory fac:fireProtection ; ps:facilityLocation loc:inPark ] ,
    [ a ps:Facility ; ps:facilityCategory fac:network ; ps:facilityLocation loc:inPark ] ,
    [ a ps:Facility ; ps:facilityCategory fac:dataCentre ; ps:facilityLocation loc:nearby ] .
""")
    derived = deriver.derive(graph)
    supporting = set(derived.objects(EX.park, PS.supportingFacilityCategory))
    infrastructure = set(derived.objects(EX.park, PS.infrastructureCategory))
    assert supporting == {FAC.dormitory, FAC.warehousing, FAC.fireProtection, FAC.network, FAC.dataCentre}
    assert infrastructure == {FAC.fireProtection, FAC.network}
    # digital infrastructure counts only in the park: the network, not the nearby data centre
    assert number(derived, "park", PS.digitalInfrastructureCount) == 1
