"""Identity check for engine speed-ups: the derived triples and the stored rating quads of
generated populations (seeds 1, 2, 3; 300 parks each) and the sample data must not change.

    python benchmarks/chunk_identity.py save DIR    # record (from unmodified code)
    python benchmarks/chunk_identity.py check DIR   # compare; exit 1 on any difference

Derived triples: the sorted N-Triples of what the rules add to the default graph. Ratings:
the sorted N-Triples of `rating_quads` for every park, prov:generatedAtTime removed (it
carries the clock). Takes about a minute (too slow for the test suite)."""

import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

from parkstar.engine import Rater
from parkstar.engine.population import Population
from parkstar.generate import write_population
from parkstar.rdf.reading import read_graph
from parkstar.rdf.terms import graph_to_quads
from parkstar.results.persist import rating_quads

ROOT = Path(__file__).resolve().parents[1]
GENERATED = "http://www.w3.org/ns/prov#generatedAtTime"
GRAPH = ox.NamedNode("urn:parkstar:identity")


def _lines(triples) -> list[str]:
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()
    return sorted(line for line in text.splitlines() if line)


def snapshot(rater: Rater, data: Path) -> tuple[list[str], list[str]]:
    store = ox.Store()
    store.bulk_extend(rater.deriver.context_quads)
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
    before = set(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    rater.deriver.apply(store)
    after = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    derived = _lines(ox.Triple(q.subject, q.predicate, q.object) for q in after if q not in before)
    population = Population(store)
    quads: list[ox.Quad] = []
    for rating in rater.rate(population):
        quads += rating_quads(rating, GRAPH, rater.criteria.edition, "x", "v1")
    ratings = _lines(ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.predicate.value != GENERATED)
    return derived, ratings


def cases(work: Path):
    for seed in (1, 2, 3):
        path = work / f"seed{seed}.nt"
        write_population(path, parks=300, seed=seed)
        yield f"seed{seed}", path
    # the sample as sorted N-Triples: an rdflib graph iterates in hash order, which changes
    # the order of multi-valued "actual" lists from one process to the next
    sample = read_graph([ROOT / "data" / "sample"])
    path = work / "sample.nt"
    path.write_bytes(
        ("\n".join(_lines(ox.Triple(q.subject, q.predicate, q.object) for q in graph_to_quads(sample))) + "\n").encode()
    )
    yield "sample", path


def main() -> int:
    mode, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    rater = Rater()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in cases(Path(tmp)):
            derived, ratings = snapshot(rater, data)
            for kind, lines in (("derived", derived), ("ratings", ratings)):
                file = out / f"{name}.{kind}.nt"
                text = "\n".join(lines) + "\n"
                if mode == "save":
                    file.write_text(text, encoding="utf-8")
                    print(f"{name} {kind}: {len(lines)} lines saved")
                else:
                    same = file.read_text(encoding="utf-8") == text
                    failed |= not same
                    print(f"{name} {kind}: {len(lines)} lines {'identical' if same else 'DIFFERENT'}")
                    if not same:
                        (out / f"{name}.{kind}.new.nt").write_text(text, encoding="utf-8")
    print("FAILED" if failed else "all identical")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
