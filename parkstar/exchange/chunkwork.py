"""Checking a load chunk by chunk of parks (engine.chunks), in worker processes, and
rating the same chunks on the way when the load's ratings can be kept.

Checking a chunk already builds its population with every figure the criteria's rules
derive; rating it there costs only the evaluation and the explanations, where rating
after the load would read the whole submission back out of the store, split it and
derive everything again."""

from collections.abc import Iterator
from dataclasses import dataclass

from parkstar.criteria import Criteria
from parkstar.engine import Rater
from parkstar.engine.chunks import Chunk
from parkstar.engine.population import Population
from parkstar.engine.workers import map_in_workers
from parkstar.quality import DataProblem, checker
from parkstar.results.chunked import Job, rate_population


@dataclass(frozen=True)
class ChunkWork:
    chunk: Chunk
    rating: Job | None  # rate the chunk's parks as well (None: check only)


@dataclass(frozen=True)
class ChunkDone:
    problems: list[DataProblem]
    rated: int
    ratings: bytes  # N-Triples


def check_and_rate(work: list[ChunkWork], rater: Rater | None) -> Iterator[ChunkDone]:
    """Each chunk checked (and rated when asked), in order."""
    several = sum(1 for w in work if w.chunk.parks) > 1
    here = lambda w: _done(rater, w)  # noqa: E731
    start = (rater.criteria, rater.evaluator_name) if rater is not None else (None, "")
    return map_in_workers(_in_worker, work, here, _start, start, parallel=several)


_worker_rater: Rater | None = None


def _start(criteria: Criteria | None, evaluator: str) -> None:
    global _worker_rater
    _worker_rater = Rater(criteria, evaluator) if criteria is not None else None


def _in_worker(work: ChunkWork) -> ChunkDone:
    return _done(_worker_rater, work)


def _done(rater: Rater | None, work: ChunkWork) -> ChunkDone:
    check = checker()
    if work.rating is None or rater is None:
        return ChunkDone(check.check(work.chunk.path), 0, b"")
    population = Population.build(work.chunk.path, rater.deriver)
    rated, ratings = rate_population(rater, population, work.rating)  # before the checks add to it
    return ChunkDone(check.check_population(population), rated, ratings)
