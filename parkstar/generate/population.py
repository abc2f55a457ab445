"""A synthetic population of parks and their resident enterprises, written park by park
in the input format (docs/input-format.md).

Every park draws a latent maturity m ∈ [0, 1]; the profile (`data/generator/profile.toml`)
says how each fact depends on m — areas, tenants, documents, facilities, services,
platforms, units, expert assessments — so facts are correlated the way real parks' are,
and a rated population spreads over every star level. Nothing here knows a threshold of
the standard: the profile's distributions are tuned so that the engine, not this code,
decides the stars.

Each park has its own random stream (seeded by the seed and the park's number), so a
population of N parks is the first N parks of any larger one with the same seed, and the
same seed always gives the same bytes."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from parkstar.generate import codes as codelists
from parkstar.generate.credit import CreditCodes
from parkstar.generate.profile import Choice, Dist, ProfileError, Ramp, Section, check_text, pick, poisson
from parkstar.generate.syntax import SYNTAXES, Syntax, namespaces

#: 1 亩 in m², exact by definition (a unit conversion, not a figure of the standard).
SQM_PER_MU = 10000 / 15

ID_BASE = "https://w3id.org/parkstar/id/synthetic/"
CATEGORIES = ("manufacturing", "other")


def _err(where: str, zh: str, en: str) -> ProfileError:
    return ProfileError(f"生成配置 {where}：{zh}", f"generator profile {where}: {en}")


# ------------------------------------------------------------------ the model read from the profile


@dataclass
class IndustryClass:
    code: str  # "C3482"
    name: str
    words: tuple[str, ...]  # trade words for firm names
    statement: str  # "ps:industry ind:C3482", in the output syntax
    above_size_line: float | None  # 万元 of revenue, from the profile


@dataclass
class Division:
    code: str
    name: str
    park_words: tuple[str, ...]
    related: tuple[str, ...]
    classes: list[IndustryClass]


@dataclass
class Part:
    """A kind of document, service, facility, platform, unit or assessment: its code, how
    likely a park has one (a ramp of m) and the labels to name it by."""

    code: str
    present: Ramp
    labels: list[str]


@dataclass
class FacilityKind(Part):
    nearby: Ramp  # nearby, when not in the park


@dataclass
class UnitKind(Part):
    body: Ramp  # a dedicated body (专门机构) rather than a department
    staff: Dist
    kind_labels: dict[str, list[str]]


@dataclass
class PlatformKind(Part):
    status: Choice
    variant: tuple[str, Ramp, list[str]] | None  # a narrower kind, its share, its labels


@dataclass
class Aspect(Part):
    levels: Choice
    by: str  # who assesses: a key of [names.expert_body]


#: Facts the profile's [missing] table may leave out.
MISSING_FACTS = frozenset(
    "grade land_area floor_area leading_industry drills property_management talent tech_results "
    "independent_operator management_staff documents facilities services firm_output firm_industry "
    "firm_free_flag firm_digital_flag".split()
)


@dataclass
class Stats:
    parks: int = 0
    enterprises: int = 0
    triples: int = 0


class Model:
    """The profile, checked against the code lists and made ready to sample."""

    def __init__(self, profile: Section, syntax: Syntax, year: int) -> None:
        self.t = syntax
        self.year = year
        p = profile
        code_lists = {name: codelists.code_locals(name) for name in codelists.CODE_LISTS}

        def known(kind: str, code: str, where: str) -> str:
            if code not in code_lists[kind]:
                raise _err(where, f"“{code}”不在代码表 {kind} 中", f"'{code}' is not in the code list {kind}")
            return code

        maturity = p.section("maturity")
        self.alpha, self.beta = maturity.number("alpha"), maturity.number("beta")

        # regions
        pop = p.section("population")
        self.manufacturing_share = pop.probability("manufacturing_share")
        self.declared_only = pop.probability("declared_only")
        self.recognised_years_ago = pop.choice("recognised_years_ago")
        self.new_park_years = int(pop.number("new_park_years"))
        self.new_park_ungraded = pop.probability("new_park_ungraded")
        self.opened_before_recognition = pop.dist("opened_before_recognition")

        region = p.section("region")
        counties = codelists.current_counties(dt.date(year, 12, 31))
        cities = region.section("cities")
        overrides = region.section("counties")
        for code in overrides.keys():
            if code not in {c.code for c in counties}:
                raise _err(overrides.path(code), "不是现行县级行政区代码", "not a current county-level division code")
        self.counties = []
        weights = []
        self.county_manufacturing: dict[str, Ramp] = {}
        for county in counties:
            city_weight = cities.number(county.city, 0)
            if not city_weight:
                continue
            weight = city_weight
            if county.code in overrides:
                o = overrides.section(county.code)
                weight *= o.number("weight", 1)
                if "manufacturing_share" in o:
                    self.county_manufacturing[county.code] = o.probability("manufacturing_share")
            if weight > 0:
                self.counties.append(county)
                weights.append(weight)
        if not self.counties:
            raise _err(cities.where, "没有权重为正的城市", "no city has a positive weight")
        # a city's weight is shared among its counties
        per_city: dict[str, int] = {}
        for county in self.counties:
            per_city[county.city] = per_city.get(county.city, 0) + 1
        weights = [w / per_city[c.city] for w, c in zip(weights, self.counties, strict=True)]
        total = sum(weights)
        self.county_cumulative = list(_accumulate([w / total for w in weights]))

        # industries
        divisions_known = codelists.industry_divisions()
        lines = p.section("enterprises").section("above_size_line")
        self.divisions: dict[str, Division] = {}
        for code, d in p.section("divisions").sections():
            if code not in divisions_known:
                raise _err(d.where, "不是 GB/T 4754-2017 大类代码", "not a GB/T 4754-2017 division code")
            classes = []
            for i, row in enumerate(d.raw("classes")):
                where = f"{d.path('classes')}[{i}]"
                if not (isinstance(row, list) and len(row) >= 3 and all(isinstance(x, str) for x in row)):
                    raise _err(where, "应为 [代码, 名称, 字号用词…]", "must be [code, name, trade word, …]")
                cls_code = row[0]
                if len(cls_code) != 5 or not cls_code.startswith(code) or not cls_code[1:].isdigit():
                    raise _err(
                        where,
                        f"“{cls_code}”不是大类 {code} 下的四位小类代码",
                        f"'{cls_code}' is not a 4-digit class under {code}",
                    )
                for word in row[1:]:
                    check_text(word, where)
                classes.append(
                    IndustryClass(
                        cls_code,
                        row[1],
                        tuple(row[2:]),
                        f"{self.p('industry')} {syntax.iri('ind', cls_code)}",
                        _longest_prefix(lines, cls_code),
                    )
                )
            if not classes:
                raise _err(d.path("classes"), "至少列出一个小类", "list at least one class")
            self.divisions[code] = Division(
                code, divisions_known[code], tuple(d.words("park")), tuple(d.raw("related", [])), classes
            )
        for division in self.divisions.values():
            for rel in division.related:
                if not self.classes_under(rel):
                    raise _err(
                        f"divisions.{division.code}.related",
                        f"“{rel}”下没有已列出的小类",
                        f"no listed class under '{rel}'",
                    )

        industry = p.section("industry")
        self.cross_category = industry.probability("cross_category")
        self.other_divisions = industry.dist("other_divisions")
        self.classes_per_other_division = industry.dist("classes_per_other_division")
        self.mixes: dict[str, dict[str, Choice]] = {}
        for category in CATEGORIES:
            c = industry.section(category)
            mixes = {"": c.choice("mix")}
            if "by_region" in c:
                by_region = c.section("by_region")
                for region_code in by_region.keys():
                    mixes[region_code] = by_region.choice(region_code)
            for where, mix in mixes.items():
                for key in mix.keys:
                    if key not in self.divisions:
                        raise _err(
                            f"industry.{category}.{where or 'mix'}",
                            f"大类 {key} 未在 divisions 中列出小类",
                            f"division {key} has no classes under [divisions]",
                        )
            self.mixes[category] = mixes

        # names
        names = p.section("names")
        self.areas = names.words("areas")
        self.park_suffix = names.words("park_suffix")
        self.phases = names.words("phases")
        self.brand = names.words("brand")
        self.firm_prefix = names.choice("firm_prefix")
        self.firm_suffix = _choice_of(names.weighted("firm_suffix"))
        self.individual_suffix = _choice_of(names.weighted("individual_suffix"))
        self.operator_names = _choice_of(names.weighted("operator"))
        self.institution_names = _choice_of(names.weighted("institution"))

        # park facts
        park = p.section("park")
        self.grade = park.choice("grade")
        for g in self.grade.keys:
            known("grade", g, park.path("grade"))
        self.related_count = park.choice("related_count")
        self.leading_share = park.dist("leading_share")
        self.drills = park.dist("drills")
        self.talent = park.dist("talent")
        self.patents_per_firm = park.ramp("patents_per_firm")
        self.products_per_firm = park.ramp("new_products_per_firm")
        self.property_management = park.probability("property_management")
        self.network = park.probability("network")
        self.firms_min = int(park.number("firms_min"))
        self.firms_max = int(park.number("firms_max"))
        self.scale = {c: park.section(c) for c in CATEGORIES}
        self.land_mu = self.scale["manufacturing"].dist("land_mu")
        self.floor_sqm = self.scale["other"].dist("floor_sqm")
        self.plot_ratio = {c: self.scale[c].dist("plot_ratio") for c in CATEGORIES}
        self.floor_per_firm = {c: self.scale[c].dist("floor_per_firm") for c in CATEGORIES}

        op = p.section("operator")
        self.operator_present = op.probability("present")
        self.operator_independent = op.probability("independent")
        self.operator_staff = op.dist("staff")
        self.certification = op.probability("certification")
        self.certification_type = known(
            "certification-type", op.raw("certification_type"), op.path("certification_type")
        )
        self.certification_reference = op.words("certification_reference")

        self.units = [
            UnitKind(
                known("unit-function", code, u.where),
                u.probability("present"),
                [],
                u.probability("body"),
                u.dist("staff"),
                {k: u.section("labels").words(k) for k in ("department", "body")},
            )
            for code, u in p.section("units").sections()
        ]
        self.documents = [
            Part(known("document-type", code, d.where), d.probability("present"), d.words("titles"))
            for code, d in p.section("documents").sections()
        ]
        self.facilities = [
            FacilityKind(
                known("facility-category", code, f.where),
                f.probability("in_park"),
                f.words("labels"),
                f.probability("nearby"),
            )
            for code, f in p.section("facilities").sections()
        ]

        services = p.section("services")
        self.other_services = services.dist("other_count")
        self.repeat_services = services.dist("repeats")
        self.free = services.probability("free")
        self.low_fee = services.probability("low_fee")
        self.distinctive = services.dist("distinctive")
        self.institutions = services.dist("institutions")
        self.provided_by = services.probability("provided_by")
        self.other_labels = services.words("other_labels")
        self.service_categories = [
            Part(known("service-category", code, s.where), s.probability("present"), s.words("labels"))
            for code, s in services.section("categories").sections()
        ]

        self.platforms = []
        for code, pl in p.section("platforms").sections():
            status = pl.choice("status")
            for key in status.keys:
                known("platform-status", key, pl.path("status"))
            variant = None
            if "variant" in pl:
                v = pl.section("variant")
                variant = (
                    known("platform-kind", v.raw("kind"), v.path("kind")),
                    v.probability("share"),
                    v.words("labels"),
                )
            self.platforms.append(
                PlatformKind(
                    known("platform-kind", code, pl.where),
                    pl.probability("present"),
                    pl.words("labels"),
                    status,
                    variant,
                )
            )

        assessments = p.section("assessments")
        self.assessment_months = [int(x) for x in assessments.raw("months")]
        self.expert_bodies = {
            key: names.section("expert_body").words(key) for key in names.section("expert_body").keys()
        }
        self.assessments = []
        for code, a in assessments.sections():
            levels = a.choice("levels")
            for level in levels.keys:
                known("assessment-level", level, a.path("levels"))
            by = a.raw("by")
            if by not in self.expert_bodies:
                raise _err(a.path("by"), "应为 names.expert_body 中的一项", "must be a key of names.expert_body")
            self.assessments.append(
                Aspect(known("assessment-aspect", code, a.where), a.probability("present"), [], levels, by)
            )

        cov = p.section("coverage")
        self.free_all, self.free_rate = cov.probability("free_all"), cov.probability("free_rate")
        self.digital_all, self.digital_rate = cov.probability("digital_all"), cov.probability("digital_rate")

        ent = p.section("enterprises")
        self.output = ent.dist("output")
        self.revenue_recorded = ent.probability("revenue_recorded")
        self.revenue_ratio = ent.dist("revenue_ratio")
        self.individual_business = ent.probability("individual_business")
        self.legacy_code = ent.probability("legacy_code")
        self.legacy_until = int(ent.number("legacy_until"))
        self.tenancy_end_recorded = ent.probability("tenancy_end_recorded")
        self.lease_years = ent.dist("lease_years")
        self.former_tenants = ent.dist("former_tenants")
        self.grown = ent.dist("grown")
        self.grown_lift = ent.dist("grown_lift")
        self.above_size_first_year = int(ent.number("above_size_first_year"))

        missing = p.section("missing")
        for key in missing.keys():
            if key not in MISSING_FACTS:
                known_facts = ", ".join(sorted(MISSING_FACTS))
                raise _err(
                    missing.path(key), f"未知事实（可用：{known_facts}）", f"unknown fact (known: {known_facts})"
                )
        self.missing = {key: missing.probability(key) for key in missing.keys()}

    def p(self, compact: str) -> str:
        """A predicate or class by compact name: "industry" → ps:industry; "rdfs:label"."""
        prefix, _, local = compact.rpartition(":")
        return self.t.iri(prefix or "ps", local)

    def classes_under(self, code: str) -> list[IndustryClass]:
        division = self.divisions.get(code[:3])
        return [c for c in division.classes if c.code.startswith(code)] if division else []

    def county(self, rng: random.Random) -> codelists.County:
        x = rng.random()
        for county, edge in zip(self.counties, self.county_cumulative, strict=True):
            if x < edge:
                return county
        return self.counties[-1]

    def mix(self, category: str, county: codelists.County) -> Choice:
        mixes = self.mixes[category]
        return mixes.get(county.code) or mixes.get(county.city) or mixes[""]


def _accumulate(values: list[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


def _choice_of(items: list[tuple[str, float]]) -> Choice:
    return Choice(tuple(t for t, _ in items), tuple(Ramp((0.0,), (w,)) for _, w in items))


def _longest_prefix(table: Section, code: str) -> float | None:
    for n in range(len(code), 0, -1):
        if code[:n] in table:
            return table.number(code[:n])
    return None


def _missing(model: Model, rng: random.Random, key: str, m: float) -> bool:
    ramp = model.missing.get(key)
    return ramp is not None and rng.random() < ramp(m)


# ------------------------------------------------------------------ the population


class Population:
    """Writes parks one at a time: `header()`, then `park(i)` for i = 1 … N."""

    def __init__(self, profile: Section, seed: int, year: int, syntax: str = "turtle") -> None:
        self.seed = seed
        self.year = year
        base = f"{ID_BASE}s{seed}/"
        self.t = SYNTAXES[syntax](namespaces(base + "park/", base + "enterprise/"))
        self.model = Model(profile, self.t, year)
        self.codes = CreditCodes(seed)
        self.enterprise_number = 0
        self.names: dict[str, set[str]] = {}
        self.stats = Stats()
        t, mo = self.t, self.model
        self.S = {
            name: mo.p(name)
            for name in (
                "rdfs:label",
                "parkCategory",
                "region",
                "dataYear",
                "performanceGrade",
                "landAreaMu",
                "floorAreaSqm",
                "leadingIndustry",
                "relatedIndustry",
                "operatedBy",
                "hasDocument",
                "emergencyDrillCount",
                "hasFacility",
                "professionalPropertyManagement",
                "offersService",
                "hasPlatform",
                "connectedTo",
                "seniorTalentIntroduced",
                "patentsGranted",
                "newProductsLaunched",
                "hasAssessment",
                "declaredEnterpriseCount",
                "declaredLeadingIndustryShare",
                "declaredFreeOrLowFeeCoverage",
                "declaredDigitalServiceCoverage",
                "declaredAboveSizeGrown",
                "independentOperator",
                "managementStaffCount",
                "org:hasUnit",
                "unitFunction",
                "unitKind",
                "staffCount",
                "holdsCertification",
                "certificationType",
                "standardReference",
                "documentType",
                "dcterms:title",
                "facilityCategory",
                "facilityLocation",
                "serviceCategory",
                "feeBasis",
                "distinctive",
                "providedBy",
                "platformKind",
                "platformStatus",
                "assessmentAspect",
                "assessmentLevel",
                "prov:wasAttributedTo",
                "dcterms:date",
                "creditCode",
                "residentIn",
                "annualOutput",
                "annualRevenue",
                "tenancyStart",
                "tenancyEnd",
                "aboveSizeSince",
                "freeOrLowFeeServiceCovered",
                "usesDigitalServices",
            )
        }
        self.types = {
            name: f"{t.a} {mo.p(name)}"
            for name in (
                "Park",
                "Enterprise",
                "Operator",
                "org:OrganizationalUnit",
                "Certification",
                "Document",
                "Facility",
                "ServiceOffering",
                "ServiceInstitution",
                "Platform",
                "ExpertAssessment",
            )
        }

    def header(self, parks: int) -> str:
        comments = [
            f"Synthetic population of small and micro enterprise parks (parkstar generate): {parks} parks, "
            f"seed {self.seed}, data year {self.year}.",
            "Fictional data: names, credit codes and figures are invented; see data/generator/profile.toml.",
        ]
        return self.t.header(comments)

    # -------------------------------------------------------------- one park

    def park(self, index: int) -> str:
        """The text of park number `index` (1-based) and everything in it."""
        mo, t, S, year = self.model, self.t, self.S, self.year
        rng = random.Random(f"parkstar-generate:{self.seed}:{index}")
        rnd = rng.random
        m = rng.betavariate(mo.alpha, mo.beta)
        county = mo.county(rng)
        share = mo.county_manufacturing.get(county.code, mo.manufacturing_share)(m)
        category = "manufacturing" if rnd() < share else "other"
        leading = mo.divisions[mo.mix(category, county).sample(rng, m)]
        related = _sample_distinct(rng, list(leading.related), int(mo.related_count.sample(rng, m)))
        core = [leading.code, *related]
        core_classes = [c for code in core for c in mo.classes_under(code)]
        other_classes = self._other_classes(rng, m, category, county, core)

        local = county.city_name + county.name if county.is_district else county.name
        area, word = pick(rng, mo.areas), pick(rng, leading.park_words)
        name = self._park_name(rng, county, f"{local}{area}{word}")
        pid = f"P{index:06d}"
        park = t.iri("park", pid)

        def node(suffix: str) -> str:
            return t.iri("park", f"{pid}-{suffix}")

        blocks: list[str] = []
        triples = 0

        def emit(subject: str, statements: list[str]) -> None:
            nonlocal triples
            blocks.append(t.block(subject, statements))
            triples += len(statements)

        # scale
        if category == "manufacturing":
            land = mo.land_mu.sample(rng, m)
            floor = round(land * SQM_PER_MU * mo.plot_ratio[category].sample(rng, m))
        else:
            floor = mo.floor_sqm.sample(rng, m)
            land = round(floor / SQM_PER_MU / mo.plot_ratio[category].sample(rng, m), 1)
        firms = round(floor / mo.floor_per_firm[category].sample(rng, m))
        firms = min(max(firms, mo.firms_min), mo.firms_max)

        recognised = year - int(mo.recognised_years_ago.sample(rng, m))
        opened = recognised - mo.opened_before_recognition.integer(rng, m)

        facts = [
            self.types["Park"],
            f"{S['rdfs:label']} {t.zh(name)}",
            f"{S['parkCategory']} {t.iri('pscat', category)}",
            f"{S['region']} {t.iri('region', county.code)}",
            f"{S['dataYear']} {t.integer(year)}",
        ]
        ungraded = year - recognised < mo.new_park_years and rnd() < mo.new_park_ungraded(m)
        if not ungraded and not _missing(mo, rng, "grade", m):
            facts.append(f"{S['performanceGrade']} {t.iri('grade', mo.grade.sample(rng, m))}")
        if not _missing(mo, rng, "land_area", m):
            facts.append(f"{S['landAreaMu']} {t.decimal(f'{land:.1f}')}")
        if not _missing(mo, rng, "floor_area", m):
            facts.append(f"{S['floorAreaSqm']} {t.integer(int(floor))}")
        if not _missing(mo, rng, "leading_industry", m):
            facts.append(f"{S['leadingIndustry']} {t.iri('ind', leading.code)}")
        facts += [f"{S['relatedIndustry']} {t.iri('ind', code)}" for code in related]
        if not _missing(mo, rng, "drills", m):
            facts.append(f"{S['emergencyDrillCount']} {t.integer(mo.drills.integer(rng, m))}")
        if not _missing(mo, rng, "property_management", m):
            facts.append(f"{S['professionalPropertyManagement']} {t.boolean(rnd() < mo.property_management(m))}")
        if rnd() < mo.network(m):
            facts.append(f"{S['connectedTo']} {t.iri('ps', 'ZhejiangSMEServiceNetwork')}")
        if not _missing(mo, rng, "talent", m):
            facts.append(f"{S['seniorTalentIntroduced']} {t.integer(mo.talent.integer(rng, m))}")
        if not _missing(mo, rng, "tech_results", m):
            facts.append(f"{S['patentsGranted']} {t.integer(poisson(rng, firms * mo.patents_per_firm(m)))}")
            facts.append(f"{S['newProductsLaunched']} {t.integer(poisson(rng, firms * mo.products_per_firm(m)))}")

        # operator, units, certification
        if rnd() < mo.operator_present(m):
            operator = node("operator")
            facts.append(f"{S['operatedBy']} {operator}")
            names = {"local": local, "short": county.short, "area": area, "word": word}
            self._operator(rng, m, operator, node, names, emit)

        # documents, facilities, services, platforms, assessments
        if not _missing(mo, rng, "documents", m):
            for part in mo.documents:
                if rnd() < part.present(m):
                    doc = node(f"doc-{part.code}")
                    facts.append(f"{S['hasDocument']} {doc}")
                    title = pick(rng, part.labels).format(year=year, next=year + 1, prev=year - 1)
                    emit(
                        doc,
                        [
                            self.types["Document"],
                            f"{S['documentType']} {t.iri('doc', part.code)}",
                            f"{S['dcterms:title']} {t.zh(title)}",
                        ],
                    )
        if not _missing(mo, rng, "facilities", m):
            for part in mo.facilities:
                if rnd() < part.present(m):
                    where = "inPark"
                elif rnd() < part.nearby(m):
                    where = "nearby"
                else:
                    continue
                fac = node(f"fac-{part.code}")
                facts.append(f"{S['hasFacility']} {fac}")
                emit(
                    fac,
                    [
                        self.types["Facility"],
                        f"{S['rdfs:label']} {t.zh(pick(rng, part.labels))}",
                        f"{S['facilityCategory']} {t.iri('fac', part.code)}",
                        f"{S['facilityLocation']} {t.iri('loc', where)}",
                    ],
                )
        if not _missing(mo, rng, "services", m):
            self._services(rng, m, node, facts, county, emit)
        for part in mo.platforms:
            if rnd() < part.present(m):
                kind, labels = part.code, part.labels
                variant = part.variant
                if variant is not None and rnd() < variant[1](m):
                    kind, labels = variant[0], variant[2]
                plat = node(f"platform-{part.code}")
                facts.append(f"{S['hasPlatform']} {plat}")
                emit(
                    plat,
                    [
                        self.types["Platform"],
                        f"{S['rdfs:label']} {t.zh(pick(rng, labels))}",
                        f"{S['platformKind']} {t.iri('plat', kind)}",
                        f"{S['platformStatus']} {t.iri('pstat', part.status.sample(rng, m))}",
                    ],
                )
        for part in mo.assessments:
            if rnd() < part.present(m):
                a = node(f"assessment-{part.code}")
                facts.append(f"{S['hasAssessment']} {a}")
                body = pick(rng, mo.expert_bodies[part.by]).format(county=county.name, city=county.city_name)
                month = rng.randint(mo.assessment_months[0], mo.assessment_months[-1])
                emit(
                    a,
                    [
                        self.types["ExpertAssessment"],
                        f"{S['assessmentAspect']} {t.iri('aspect', part.code)}",
                        f"{S['assessmentLevel']} {t.iri('lvl', part.levels.sample(rng, m))}",
                        f"{S['prov:wasAttributedTo']} {t.string(body)}",
                        f"{S['dcterms:date']} {t.date(f'{year + 1}-{month:02d}-{rng.randint(1, 28):02d}')}",
                    ],
                )

        # resident enterprises, or only declared figures
        free_all, digital_all = rnd() < mo.free_all(m), rnd() < mo.digital_all(m)
        free_rate = 1.0 if free_all else mo.free_rate(m)
        digital_rate = 1.0 if digital_all else mo.digital_rate(m)
        share_target = mo.leading_share.sample(rng, m) / 100
        if rnd() < mo.declared_only(m):
            free = 100 * _binomial_share(rng, firms, free_rate)
            digital = 100 * _binomial_share(rng, firms, digital_rate)
            facts += [
                f"{S['declaredEnterpriseCount']} {t.integer(firms)}",
                f"{S['declaredLeadingIndustryShare']} {t.decimal(f'{100 * share_target:.1f}')}",
                f"{S['declaredFreeOrLowFeeCoverage']} {t.decimal(f'{free:.1f}')}",
                f"{S['declaredDigitalServiceCoverage']} {t.decimal(f'{digital:.1f}')}",
                f"{S['declaredAboveSizeGrown']} {t.integer(mo.grown.integer(rng, m))}",
            ]
            firm_blocks: list[str] = []
        else:
            firm_blocks, firm_triples = self._enterprises(
                rng,
                m,
                park,
                county,
                local,
                firms,
                opened,
                share_target,
                core_classes,
                other_classes,
                free_rate,
                digital_rate,
            )
            triples += firm_triples

        self.stats.parks += 1
        self.stats.triples += triples + len(facts)
        return t.grouped_block(park, facts) + "".join(blocks) + "".join(firm_blocks) + "\n"

    # -------------------------------------------------------------- parts

    def _park_name(self, rng: random.Random, county: codelists.County, stem: str) -> str:
        """A name unique in its county: stem + suffix (+ phase), e.g. 瑞安市塘下汽摩配小微企业园."""
        mo = self.model
        used = self.names.setdefault(county.code, set())
        base = stem + pick(rng, mo.park_suffix)
        name = base + pick(rng, mo.phases)
        n = 1
        while name in used:
            n += 1
            name = f"{base}（{_ORDINALS[n] if n < len(_ORDINALS) else n}期）"
        used.add(name)
        return name

    def _other_classes(
        self, rng: random.Random, m: float, category: str, county: codelists.County, core: list[str]
    ) -> list[IndustryClass]:
        """The park's non-leading industries: a few divisions, a few classes of each."""
        mo = self.model
        pool: list[IndustryClass] = []
        wanted = max(1, mo.other_divisions.integer(rng, m))
        tries = 0
        chosen: set[str] = set()
        while len(chosen) < wanted and tries < 40:
            tries += 1
            cat = category
            if rng.random() < mo.cross_category(m):
                cat = "other" if category == "manufacturing" else "manufacturing"
            code = mo.mix(cat, county).sample(rng, m)
            if code in chosen:
                continue
            candidates = [c for c in mo.divisions[code].classes if not any(c.code.startswith(k) for k in core)]
            if not candidates:
                continue
            chosen.add(code)
            k = max(1, mo.classes_per_other_division.integer(rng, m))
            pool += _sample_distinct(rng, candidates, k)
        if not pool:  # every drawn division was the park's own: fall back to any other class
            pool = [c for d in mo.divisions.values() for c in d.classes if not any(c.code.startswith(k) for k in core)][
                :1
            ]
        return pool

    def _operator(self, rng, m, operator, node, names, emit) -> None:
        mo, t, S = self.model, self.t, self.S
        name = mo.operator_names.sample(rng).format(**names)
        statements = [self.types["Operator"], f"{S['rdfs:label']} {t.zh(name)}"]
        if not _missing(mo, rng, "independent_operator", m):
            statements.append(f"{S['independentOperator']} {t.boolean(rng.random() < mo.operator_independent(m))}")
        if not _missing(mo, rng, "management_staff", m):
            statements.append(f"{S['managementStaffCount']} {t.integer(mo.operator_staff.integer(rng, m))}")
        for part in mo.units:
            if rng.random() < part.present(m):
                unit = node(f"unit-{part.code}")
                kind = "body" if rng.random() < part.body(m) else "department"
                statements.append(f"{S['org:hasUnit']} {unit}")
                emit(
                    unit,
                    [
                        self.types["org:OrganizationalUnit"],
                        f"{S['rdfs:label']} {t.zh(pick(rng, part.kind_labels[kind]))}",
                        f"{S['unitFunction']} {t.iri('func', part.code)}",
                        f"{S['unitKind']} {t.iri('ukind', kind)}",
                        f"{S['staffCount']} {t.integer(part.staff.integer(rng, m))}",
                    ],
                )
        if rng.random() < mo.certification(m):
            cert = node("certification")
            statements.append(f"{S['holdsCertification']} {cert}")
            emit(
                cert,
                [
                    self.types["Certification"],
                    f"{S['certificationType']} {t.iri('cert', mo.certification_type)}",
                    f"{S['standardReference']} {t.string(pick(rng, mo.certification_reference))}",
                ],
            )
        emit(operator, statements)

    def _services(self, rng, m, node, facts, county, emit) -> None:
        mo, t, S = self.model, self.t, self.S
        offerings: list[tuple[str, str]] = []  # (category, label)
        offered = []
        for part in mo.service_categories:
            if rng.random() < part.present(m):
                offered.append(part)
                offerings.append((part.code, pick(rng, part.labels)))
        for _ in range(mo.repeat_services.integer(rng, m)):
            if not offered:
                break
            part = offered[int(rng.random() * len(offered))]
            label = pick(rng, part.labels)
            if (part.code, label) not in offerings:
                offerings.append((part.code, label))
        for label in _sample_distinct(rng, mo.other_labels, mo.other_services.integer(rng, m)):
            offerings.append(("other", label))
        if not offerings:
            return
        institutions = []
        for i in range(min(mo.institutions.integer(rng, m), len(offerings))):
            inst = node(f"inst-{i + 1}")
            institutions.append(inst)
            name = mo.institution_names.sample(rng).format(
                short=county.short, city=county.city_short, brand=pick(rng, mo.brand) + pick(rng, mo.brand)
            )
            emit(inst, [self.types["ServiceInstitution"], f"{S['rdfs:label']} {t.zh(name)}"])
        distinctive = set(_sample_distinct(rng, range(len(offerings)), mo.distinctive.integer(rng, m)))
        for i, (category, label) in enumerate(offerings):
            svc = node(f"svc-{i + 1}")
            facts.append(f"{S['offersService']} {svc}")
            x = rng.random()
            fee = "free" if x < mo.free(m) else "lowFee" if x < mo.free(m) + mo.low_fee(m) else "market"
            statements = [
                self.types["ServiceOffering"],
                f"{S['rdfs:label']} {t.zh(label)}",
                f"{S['serviceCategory']} {t.iri('svc', category)}",
                f"{S['feeBasis']} {t.iri('fee', fee)}",
            ]
            if i in distinctive:
                statements.append(f"{S['distinctive']} {t.boolean(True)}")
            # every institution provides at least one service; others are provided at random
            if i < len(institutions):
                statements.append(f"{S['providedBy']} {institutions[i]}")
            elif institutions and rng.random() < mo.provided_by(m):
                statements.append(f"{S['providedBy']} {pick(rng, institutions)}")
            emit(svc, statements)

    def _enterprises(
        self,
        rng: random.Random,
        m: float,
        park: str,
        county: codelists.County,
        local: str,
        firms: int,
        opened: int,
        share_target: float,
        core_classes: list[IndustryClass],
        other_classes: list[IndustryClass],
        free_rate: float,
        digital_rate: float,
    ) -> tuple[list[str], int]:
        """The park's tenants: `firms` residents (a few of them individual businesses) and
        some former tenants. Who belongs to the leading industries is chosen so that their
        share of output comes close to the park's target share."""
        mo, t, S, year = self.model, self.t, self.S, self.year
        rnd = rng.random
        former = mo.former_tenants.integer(rng, m)
        total = firms + former
        individual_p = mo.individual_business(m)
        individual = [rnd() < individual_p for _ in range(total)]
        output = [max(1, int(mo.output.sample(rng, m))) for _ in range(total)]
        revenue = [max(1, round(x * mo.revenue_ratio.sample(rng, m))) for x in output]
        counted = [j for j in range(firms) if not individual[j]]

        # leading and related industries: greedily towards the target share of output
        core = [rnd() < share_target for _ in range(total)]
        target = share_target * sum(output[j] for j in counted)
        reached = 0
        order = counted[:]
        rng.shuffle(order)
        for j in order:
            core[j] = reached + output[j] / 2 <= target
            if core[j]:
                reached += output[j]
        classes = [
            core_classes[int(rnd() * len(core_classes))] if core[j] else other_classes[int(rnd() * len(other_classes))]
            for j in range(total)
        ]

        # firms that crossed the above-size line in the data year (小升规): those already
        # above their line first, else the largest below it, lifted just over the line
        grown: set[int] = set()
        wanted = mo.grown.integer(rng, m)
        if wanted:
            eligible = [j for j in counted if classes[j].above_size_line is not None]
            above = [j for j in eligible if revenue[j] >= classes[j].above_size_line]  # type: ignore[operator]
            rng.shuffle(above)
            grown.update(above[:wanted])
            if len(grown) < wanted:
                below = sorted((j for j in eligible if j not in grown), key=lambda j: -revenue[j])
                for j in below[: wanted - len(grown)]:
                    line = classes[j].above_size_line
                    revenue[j] = round(line * mo.grown_lift.sample(rng, m))  # type: ignore[operator]
                    output[j] = max(output[j], round(revenue[j] / mo.revenue_ratio.sample(rng, m)))
                    grown.add(j)

        gap_output = rng.randrange(total) if _missing(mo, rng, "firm_output", m) else -1
        gap_industry = rng.randrange(total) if _missing(mo, rng, "firm_industry", m) else -1
        gap_free = rng.randrange(total) if _missing(mo, rng, "firm_free_flag", m) else -1
        gap_digital = rng.randrange(total) if _missing(mo, rng, "firm_digital_flag", m) else -1

        legacy_p = mo.legacy_code(m)
        revenue_p = mo.revenue_recorded(m)
        end_p = mo.tenancy_end_recorded(m)
        lease = mo.lease_years
        prefixes = {"local": local, "city": county.city_short, "province": county.province_short}
        brand = mo.brand
        nb = len(brand)
        area = county.code
        first = opened
        span = max(1, year - first + 1)
        codes = self.codes

        resident = f"{S['residentIn']} {park}"
        ent_type = self.types["Enterprise"]
        p_label, p_code, p_output, p_revenue = S["rdfs:label"], S["creditCode"], S["annualOutput"], S["annualRevenue"]
        p_start, p_end, p_since = S["tenancyStart"], S["tenancyEnd"], S["aboveSizeSince"]
        p_free, p_digital = S["freeOrLowFeeServiceCovered"], S["usesDigitalServices"]
        true, false = t.boolean(True), t.boolean(False)
        integer, date, zh, block, iri = t.integer, t.date, t.zh, t.block, t.iri
        out: list[str] = []
        triples = 0
        for j in range(total):
            is_former = j >= firms
            cls = classes[j]
            if is_former:
                start_year = first + int(rnd() * max(1, span - 1))
                end_year = min(year, start_year + 1 + int(rnd() * 4))
            else:
                start_year = first + int(rnd() * span)
            start_month = 1 + int(rnd() * 12)
            legacy = start_year <= mo.legacy_until and rnd() < legacy_p
            code = codes.code(self.enterprise_number, "92" if individual[j] else "91", area, legacy)
            self.enterprise_number += 1
            words = cls.words
            if individual[j]:
                name = local + brand[int(rnd() * nb)] + brand[int(rnd() * nb)] + words[int(rnd() * len(words))]
                name += mo.individual_suffix.sample(rng)
            else:
                name = prefixes[mo.firm_prefix.sample(rng)] + brand[int(rnd() * nb)] + brand[int(rnd() * nb)]
                name += words[int(rnd() * len(words))] + mo.firm_suffix.sample(rng)
            statements = [ent_type, f"{p_label} {zh(name)}", f'{p_code} "{code}"', resident]
            if j != gap_industry:
                statements.append(cls.statement)
            if j != gap_output:
                statements.append(f"{p_output} {integer(output[j])}")
            if rnd() < revenue_p:
                statements.append(f"{p_revenue} {integer(revenue[j])}")
            statements.append(f"{p_start} {date(f'{start_year:04d}-{start_month:02d}-{1 + int(rnd() * 28):02d}')}")
            if is_former:
                statements.append(f"{p_end} {date(_month_end(end_year, 1 + int(rnd() * 12)))}")
            elif rnd() < end_p:
                end_year = start_year + max(1, lease.integer(rng, m))
                while end_year <= year:
                    end_year += max(1, lease.integer(rng, m))
                statements.append(f"{p_end} {date(_month_end(end_year, start_month))}")
            if j in grown:
                statements.append(f"{p_since} {integer(year)}")
            elif not individual[j] and cls.above_size_line is not None and revenue[j] >= cls.above_size_line:
                low = max(mo.above_size_first_year, start_year - 3)
                statements.append(f"{p_since} {integer(low + int(rnd() * max(1, year - low)))}")
            if j != gap_free:
                statements.append(f"{p_free} {true if rnd() < free_rate else false}")
            if j != gap_digital:
                statements.append(f"{p_digital} {true if rnd() < digital_rate else false}")
            out.append(block(iri("ent", code), statements))
            triples += len(statements)
        self.stats.enterprises += total
        return out, triples


_ORDINALS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]


def _sample_distinct(rng: random.Random, items: list, k: int) -> list:
    if k <= 0 or not items:
        return []
    return rng.sample(items, min(k, len(items)))


def _binomial_share(rng: random.Random, n: int, p: float) -> float:
    if n <= 0:
        return 0.0
    return sum(1 for _ in range(n) if rng.random() < p) / n


def _month_end(year: int, month: int) -> str:
    if month == 12:
        return f"{year:04d}-12-31"
    day = (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day
    return f"{year:04d}-{month:02d}-{day:02d}"
