"""The editions of the criteria, read from files: the base edition in `shapes/` (described
in `shapes/edition.ttl`) and one folder per later edition or regional variant in
`editions/<id>/`, each a few changes on top of its predecessor (see delta.py).

Which edition rates a park: the one named, or else the one in force on a date — the
latest effective date on or before it among published editions. Drafts and regional
variants are never chosen by date, only by name."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NoReturn

from rdflib import Graph, Literal, URIRef

from parkstar import paths
from parkstar.criteria.loader import build_criteria, load_rules, read_ontology, read_shapes
from parkstar.criteria.model import Criteria, Text
from parkstar.editions.delta import Sources, apply_delta
from parkstar.errors import ParkstarError
from parkstar.labels import compact, label, lang_text
from parkstar.rdf.reading import parse_file
from parkstar.rdf.terms import triples_to_rdflib
from parkstar.vocab import DCTERMS, PS, RDF


@dataclass(frozen=True)
class Edition:
    iri: URIRef
    identifier: str
    title: Text
    effective: date
    source: Text | None
    predecessor: URIRef | None
    draft: bool
    illustrative: bool
    region: URIRef | None  # a regional variant applies to this region only
    folder: Path  # shapes/ for the base edition, editions/<id>/ for the others
    file: Path  # the file describing it

    @property
    def chosen_by_date(self) -> bool:
        return not self.draft and self.region is None


class Catalog:
    """Every edition, checked (known predecessors, no cycles, unique identifiers), and
    each edition's criteria built on demand (once)."""

    def __init__(self, editions: list[Edition], ontology: Graph) -> None:
        self.editions = sorted(editions, key=lambda e: (e.effective, e.identifier))
        self.ontology = ontology
        self._by_iri = {e.iri: e for e in self.editions}
        self._sources: dict[URIRef, Sources] = {}
        self._criteria: dict[URIRef, Criteria] = {}
        self._check()

    def _check(self) -> None:
        seen: dict[str, Edition] = {}
        for e in self.editions:
            twin = seen.get(e.identifier) or seen.get(str(e.iri))
            if twin is not None:
                raise ParkstarError(
                    f"{e.file}：版本“{e.identifier}”（{e.iri}）与 {twin.file} 中的版本重复",
                    f"{e.file}: edition '{e.identifier}' ({e.iri}) duplicates the one in {twin.file}",
                )
            seen[e.identifier] = seen[str(e.iri)] = e
            if e.predecessor is not None and e.predecessor not in self._by_iri:
                raise ParkstarError(
                    f"{e.file}：前一版本 {e.predecessor} 不存在",
                    f"{e.file}: unknown predecessor {e.predecessor}",
                )
        for e in self.editions:
            chain = [e.iri]
            current = e
            while current.predecessor is not None:
                current = self._by_iri[current.predecessor]
                if current.iri in chain:
                    loop = " → ".join(self._by_iri[i].identifier for i in [*chain, current.iri])
                    raise ParkstarError(
                        f"{e.file}：版本的前后关系构成循环：{loop}",
                        f"{e.file}: the editions' predecessors form a cycle: {loop}",
                    )
                chain.append(current.iri)

    # ── choosing ─────────────────────────────────────────────────────────────
    def get(self, identifier: str) -> Edition:
        for e in self.editions:
            if identifier in (e.identifier, str(e.iri)):
                return e
        known = ", ".join(e.identifier for e in self.editions)
        raise ParkstarError(f"没有版本“{identifier}”（可选：{known}）", f"no edition '{identifier}' (known: {known})")

    def by_iri(self, iri: URIRef) -> Edition:
        return self._by_iri[iri]

    def in_force(self, on: date | None = None) -> Edition:
        """The published edition in force on a date (today by default)."""
        on = on or date.today()
        candidates = [e for e in self.editions if e.chosen_by_date and e.effective <= on]
        if not candidates:
            raise ParkstarError(
                f"{on} 时没有已生效的正式版本",
                f"no published edition was in force on {on}",
            )
        return max(candidates, key=lambda e: (e.effective, e.identifier))

    def choose(self, identifier: str | None = None, as_of: date | None = None) -> Edition:
        """The edition named, else the one in force on `as_of` (today by default)."""
        if identifier is not None:
            chosen = self.get(identifier)
            if as_of is not None and chosen.effective > as_of:
                raise ParkstarError(
                    f"版本 {chosen.identifier} 自 {chosen.effective} 起生效，晚于 {as_of}",
                    f"edition {chosen.identifier} takes effect on {chosen.effective}, after {as_of}",
                )
            return chosen
        return self.in_force(as_of)

    def chain(self, edition: Edition) -> list[Edition]:
        """The edition and its predecessors, oldest first."""
        found = [edition]
        while found[0].predecessor is not None:
            found.insert(0, self._by_iri[found[0].predecessor])
        return found

    # ── building ─────────────────────────────────────────────────────────────
    def criteria(self, edition: Edition | str) -> Criteria:
        """The full criteria of an edition: its predecessors' with its changes applied."""
        if isinstance(edition, str):
            edition = self.get(edition)
        if edition.iri not in self._criteria:
            s = self.sources(edition)
            self._criteria[edition.iri] = build_criteria(
                s.shapes, s.origin, list(s.rules.values()), s.files, edition.iri, self.ontology
            )
        return self._criteria[edition.iri]

    def sources(self, edition: Edition) -> Sources:
        if edition.iri not in self._sources:
            self._sources[edition.iri] = self._read(edition)
        return self._sources[edition.iri]

    def _read(self, edition: Edition) -> Sources:
        shapes, origin, files = read_shapes(edition.folder)
        rules = {r.name: r for r in load_rules(edition.folder / "rules")}
        own = Sources(shapes, origin, rules, files)
        if edition.predecessor is None:
            return own
        return apply_delta(self.sources(self._by_iri[edition.predecessor]), own, edition.iri, edition.file)

    def describe(self, edition: Edition) -> dict:
        """An edition as plain data (for the CLI's JSON and the viewer)."""
        graph = self.ontology
        predecessor = self._by_iri.get(edition.predecessor) if edition.predecessor else None
        return {
            "id": edition.identifier,
            "iri": str(edition.iri),
            "title": edition.title.as_dict(),
            "effective": edition.effective.isoformat(),
            "source": edition.source.as_dict() if edition.source else None,
            "predecessor": predecessor.identifier if predecessor else None,
            "draft": edition.draft,
            "illustrative": edition.illustrative,
            "region": compact(graph, edition.region),
            "region_label": label(graph, edition.region).as_dict() if edition.region is not None else None,
            "folder": str(edition.folder),
        }


def load_catalog(
    shapes_dir: Path | None = None, editions_dir: Path | None = None, ontology_dir: Path | None = None
) -> Catalog:
    """The base edition in `shapes_dir` and every edition folder in `editions_dir`."""
    shapes_dir = shapes_dir or paths.SHAPES_DIR
    editions_dir = editions_dir or paths.EDITIONS_DIR
    found = [_describe_folder(shapes_dir, base=True)]
    if editions_dir.is_dir():
        found += [_describe_folder(d, base=False) for d in sorted(editions_dir.iterdir()) if d.is_dir()]
    return Catalog(found, read_ontology(ontology_dir))


def _describe_folder(folder: Path, base: bool) -> Edition:
    files = sorted(folder.glob("*.ttl"))
    found = []
    for file in files:
        graph = triples_to_rdflib(parse_file(file))
        found += [(node, file, graph) for node in graph.subjects(RDF.type, PS.Edition) if isinstance(node, URIRef)]
    if len(found) != 1:
        raise ParkstarError(
            f"{folder}：应描述且只描述一个版本（a ps:Edition），找到 {len(found)} 个",
            f"{folder}: must describe exactly one edition (a ps:Edition), found {len(found)}",
        )
    node, file, shapes = found[0]

    def fail(zh: str, en: str) -> NoReturn:
        raise ParkstarError(f"{file}：{zh}", f"{file}: {en}")

    identifier = shapes.value(node, DCTERMS.identifier)
    if identifier is None:
        fail("版本缺少 dcterms:identifier", "the edition has no dcterms:identifier")
    effective = shapes.value(node, PS.effectiveDate)
    value = effective.toPython() if isinstance(effective, Literal) else None
    if not isinstance(value, date):
        fail(
            "版本缺少有效的生效日期（ps:effectiveDate，xsd:date）",
            "the edition has no valid ps:effectiveDate (xsd:date)",
        )
    title = lang_text(shapes, node, (DCTERMS.title,))
    if title is None:
        fail("版本缺少标题（dcterms:title）", "the edition has no title (dcterms:title)")
    predecessor = shapes.value(node, PS.predecessor)
    if not base and predecessor is None:
        fail(
            "editions/ 中的版本须以 ps:predecessor 指明前一版本",
            "an edition in editions/ must name its predecessor (ps:predecessor)",
        )
    if base and any((node, p, None) in shapes for p in (PS.replaces, PS.adds, PS.removes)):
        fail("基础版本不能列出修改（ps:replaces/adds/removes）", "the base edition cannot list changes")
    return Edition(
        iri=node,
        identifier=str(identifier),
        title=title,
        effective=value,
        source=lang_text(shapes, node, (DCTERMS.source,)),
        predecessor=predecessor if isinstance(predecessor, URIRef) else None,
        draft=_flag(shapes, node, PS.draft),
        illustrative=_flag(shapes, node, PS.illustrative),
        region=shapes.value(node, PS.appliesToRegion),
        folder=folder,
        file=file,
    )


def _flag(graph: Graph, node: URIRef, prop: URIRef) -> bool:
    value = graph.value(node, prop)
    return bool(value.toPython()) if isinstance(value, Literal) else False
