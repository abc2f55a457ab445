"""National-scale benchmark (`make bench`): populations of 100, 1,000 and 10,000 parks
from the project's generator, measured in one run:

* load: the same file bulk-loaded into an empty Oxigraph store alone (the floor: into
  the default graph, as the issue measured it; also into a named graph, as parkstar keeps
  data), and parkstar's load (parse, check every shape, commit atomically), which rates
  every park on the way and stores the ratings: load + rate end to end;
* rating everyone again under the current edition, explanations stored: from the chunks
  the load kept, writing only the triples that changed; again replacing every rating (as
  when all changed: a bulk load, and the removal of the ratings replaced); and from a
  dump of the store (what a store of several graphs does);
* re-rating one changed park, stored;
* peak memory of each size, before the baseline runs (each size in its own process):
  of the process alone, and of the process and its workers together (sampled);
* the baseline: pySHACL on the same data and shapes — park by park (the engine's
  reference evaluator) up to 1,000 parks, where the two must give identical outcomes for
  every park and criterion, and whole-graph at 100 parks (at 1,000 it takes minutes,
  at 10,000 hours: skipped, and said so).

Prints a table with ratios and writes benchmarks/results.json."""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def one_size(parks: int, work: Path) -> dict:
    import pyoxigraph as ox
    from pyshacl import validate

    from parkstar.engine import Rater
    from parkstar.exchange.loading import load_files
    from parkstar.generate import write_population
    from parkstar.rdf.reading import read_graph
    from parkstar.results import RatingResults
    from parkstar.results import refresh as refreshing
    from parkstar.store import open_store

    row: dict = {"parks": parks}
    most_changes = refreshing.MOST_CHANGES
    sampler = TreeMemory()
    data = work / f"parks-{parks}.nt"
    write_population(data, parks=parks, seed=2025)

    start = time.perf_counter()
    floor = ox.Store(str(work / f"floor-{parks}"))
    floor.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
    floor.flush()
    row["floor_load_s"] = round(time.perf_counter() - start, 2)
    row["triples"] = len(floor)
    del floor
    start = time.perf_counter()  # into a named graph, as parkstar keeps data: six indexes, not three
    floor = ox.Store(str(work / f"floor-named-{parks}"))
    floor.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("urn:x:bench"))
    floor.flush()
    row["floor_named_graph_s"] = round(time.perf_counter() - start, 2)
    del floor

    store = open_store(work / f"store-{parks}")
    rater = Rater()
    results = RatingResults(store, rater)
    start = time.perf_counter()
    loaded = load_files(store, [data], URIRefFor("bench"), "bench", rater=rater)
    row["load_and_rate_s"] = round(time.perf_counter() - start, 2)
    row["rated_on_load"] = loaded.rated
    row["end_to_end_over_floor"] = round(row["load_and_rate_s"] / row["floor_load_s"], 2)
    row["end_to_end_over_named_floor"] = round(row["load_and_rate_s"] / row["floor_named_graph_s"], 2)

    start = time.perf_counter()  # everyone again under the current edition: from the chunks the load kept
    row["rated"] = results.refresh_all()  # writes only the triples that changed
    row["rate_all_s"] = round(time.perf_counter() - start, 2)

    refreshing.MOST_CHANGES = 0  # again, as if every rating had changed: a graph of its own replaces them
    removing = Stopwatch(store, "remove_graph")  # removing the ratings it replaces
    start = time.perf_counter()
    results.refresh_all()
    row["rate_all_replacing_every_rating_s"] = round(time.perf_counter() - start, 2)
    row["rate_all_removing_replaced_s"] = round(removing.stop(), 2)
    refreshing.MOST_CHANGES = most_changes

    store.kept_chunks().forget()  # as when the store holds several graphs: from a dump of the store
    start = time.perf_counter()
    results.refresh_all()
    row["rate_all_from_store_s"] = round(time.perf_counter() - start, 2)

    park = sorted(results.data_versions())[parks // 2]
    store.update(
        f"DELETE {{ GRAPH ?g {{ <{park}> <https://w3id.org/parkstar/def#landAreaMu> ?v }} }} "
        f"INSERT {{ GRAPH ?g {{ <{park}> <https://w3id.org/parkstar/def#landAreaMu> 12 }} }} "
        f"WHERE {{ GRAPH ?g {{ <{park}> <https://w3id.org/parkstar/def#landAreaMu> ?v }} }}"
    )
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        results.refresh([park])
        timings.append(time.perf_counter() - start)
    row["rerate_one_ms"] = round(1000 * sorted(timings)[len(timings) // 2], 1)

    stars: dict[int, int] = {}
    for rating in results.ratings():
        stars[rating.stars] = stars.get(rating.stars, 0) + 1
    row["stars"] = dict(sorted(stars.items()))
    row["rerate_park_triples"] = len(store.park_quads(park, rater.incoming))
    row["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    row["peak_memory_with_workers_mb"] = round(sampler.stop())

    if parks <= 1000:
        graph = read_graph([data])
        start = time.perf_counter()
        reference = {str(r.park): _outcomes(r) for r in Rater(evaluator="pyshacl").rate(graph)}
        row["pyshacl_per_park_s"] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        fast = {str(r.park): _outcomes(r) for r in rater.rate(graph)}
        row["fast_rate_s"] = round(time.perf_counter() - start, 2)
        row["identical_outcomes"] = fast == reference
        row["speedup_over_pyshacl_per_park"] = round(row["pyshacl_per_park_s"] / row["fast_rate_s"], 1)
        if parks <= 100:
            population = rater.population(graph)
            whole = population.as_graph()
            start = time.perf_counter()
            validate(whole, shacl_graph=rater.criteria.shapes, inference="none", inplace=True)
            row["pyshacl_whole_graph_s"] = round(time.perf_counter() - start, 2)
            row["speedup_over_pyshacl_whole_graph"] = round(row["pyshacl_whole_graph_s"] / row["fast_rate_s"], 1)
    return row


class Stopwatch:
    """Time spent in one method of an object, from now until `stop()`."""

    def __init__(self, owner, method: str) -> None:
        self.owner, self.method, self.spent = owner, method, 0.0
        original = getattr(owner, method)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.spent += time.perf_counter() - start

        setattr(owner, method, timed)

    def stop(self) -> float:
        delattr(self.owner, self.method)
        return self.spent


class TreeMemory:
    """The peak of the memory (RSS) held by this process and its worker processes
    together, sampled four times a second (ru_maxrss covers one process only)."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        return self.peak

    def _watch(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE") / 2**20
        while not self._done.wait(0.25):
            parents: dict[int, list[int]] = {}
            pages: dict[int, int] = {}
            for entry in os.listdir("/proc"):
                if entry.isdigit():
                    try:
                        fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                    except OSError:
                        continue
                    parents.setdefault(int(fields[1]), []).append(int(entry))
                    pages[int(entry)] = int(fields[21])
            total, stack = 0, [os.getpid()]
            while stack:
                pid = stack.pop()
                total += pages.get(pid, 0)
                stack += parents.get(pid, [])
            self.peak = max(self.peak, total * page)


def URIRefFor(name: str):
    from parkstar.store import graph_name

    return graph_name(name)


def _outcomes(rating) -> tuple:
    return (
        rating.stars,
        rating.pending_level,
        tuple(sorted((str(r.requirement.iri), r.outcome.value) for c in rating.cells for r in c.results)),
    )


def main(sizes: list[int]) -> None:
    rows = []
    for parks in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(parks)], capture_output=True, text=True, check=False
        )
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            raise SystemExit(f"size {parks} failed")
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    print()
    if not rows:
        return
    head = ("parks", "triples", "floor s", "(named)", "load+rate s", "÷ floor", "(÷ named)", "rate all s",
            "(replacing)", "(from store)", "re-rate 1 ms", "MB (+workers)", "pySHACL/park s", "×",
            "identical")  # fmt: skip
    print("  ".join(f"{h:>12}" for h in head))
    for r in rows:
        cells = (r["parks"], r["triples"], r["floor_load_s"], r["floor_named_graph_s"], r["load_and_rate_s"],
                 r["end_to_end_over_floor"], r["end_to_end_over_named_floor"], r["rate_all_s"],
                 r["rate_all_replacing_every_rating_s"], r["rate_all_from_store_s"], r["rerate_one_ms"],
                 r["peak_memory_with_workers_mb"],
                 r.get("pyshacl_per_park_s", "skipped"), r.get("speedup_over_pyshacl_per_park", "-"),
                 r.get("identical_outcomes", "-"))  # fmt: skip
        print("  ".join(f"{c!s:>12}" for c in cells))
    whole = [r for r in rows if "pyshacl_whole_graph_s" in r]
    for r in whole:
        print(
            f"pySHACL whole graph, {r['parks']} parks: {r['pyshacl_whole_graph_s']} s "
            f"({r['speedup_over_pyshacl_whole_graph']}× the fast path); skipped above 100 parks (minutes to hours)"
        )
    (HERE / "results.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (2 cores: above 2 means other work shared them)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000], help="parks per population")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one size, in this process
    args = parser.parse_args()
    if args.one:
        work = Path(tempfile.mkdtemp(prefix="parkstar-bench-"))
        try:
            print(json.dumps(one_size(args.one, work)))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    else:
        main(args.sizes)
