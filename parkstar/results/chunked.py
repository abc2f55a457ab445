"""Rating a large population chunk by chunk of parks (engine.chunks), in worker processes
when there are several chunks and several cores (engine.workers). Each chunk is
independent CPU-bound work (rules, compiled shapes, explanations). Workers get the
criteria once and send each chunk's ratings back as N-Triples for the parent to
bulk-load into the new ratings graph."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from parkstar.criteria import Criteria
from parkstar.engine import Rater
from parkstar.engine.population import Population
from parkstar.engine.workers import map_in_workers
from parkstar.results.persist import rating_quads


@dataclass(frozen=True)
class Job:
    """One chunk to rate, and what its ratings record."""

    path: Path
    parks: list[URIRef]
    versions: dict[URIRef, str]
    graph: str
    edition: URIRef
    edition_id: str
    temporary: bool = True  # removed once rated (kept chunks stay)


def rate_chunks(rater: Rater, jobs: list[Job]) -> Iterator[tuple[int, bytes]]:
    """For each job, in order: how many parks were rated and their ratings as N-Triples."""
    here = lambda job: _rate_with(rater, job)  # noqa: E731
    return map_in_workers(_rate, jobs, here, _start, (rater.criteria, rater.evaluator_name))


_worker_rater: Rater | None = None


def _start(criteria: Criteria, evaluator: str) -> None:
    global _worker_rater
    _worker_rater = Rater(criteria, evaluator)


def _rate(job: Job) -> tuple[int, bytes]:
    assert _worker_rater is not None
    return _rate_with(_worker_rater, job)


def _rate_with(rater: Rater, job: Job) -> tuple[int, bytes]:
    found = rate_population(rater, rater.population(job.path), job)
    if job.temporary:
        job.path.unlink()
    return found


def rate_population(rater: Rater, population: Population, job: Job) -> tuple[int, bytes]:
    """The job's parks rated from a population holding their data (and perhaps others'):
    how many, and their ratings as N-Triples."""
    wanted = set(job.parks)
    target = ox.NamedNode(job.graph)
    quads: list[ox.Quad] = []
    rated = 0
    for rating in rater.rate(population):
        if rating.park in wanted:
            rated += 1
            quads += rating_quads(rating, target, job.edition, job.edition_id, job.versions.get(rating.park, ""))
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    return rated, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
