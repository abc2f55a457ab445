"""Mapping independent, CPU-bound work (a chunk of parks to rate or check) over worker
processes, one per core, in order. Workers are spawned, not forked: the parent holds an
open store and its threads. With one item or one core the work stays in this process.

As always with spawned workers, a script that loads or rates more than one chunk of
parks through the library must guard its entry point (`if __name__ == "__main__":`);
the `parkstar` command, the service and the tests do."""

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def map_in_workers(
    work: Callable[[Item], Result],
    items: list[Item],
    here: Callable[[Item], Result] | None = None,
    initializer: Callable[..., None] | None = None,
    initargs: Iterable = (),
    parallel: bool = True,
) -> Iterator[Result]:
    """`work(item)` for each item, in worker processes (set up by `initializer`), or
    `here(item)` in this process when a pool would not pay for itself (`parallel` false:
    starting a worker costs about as much as checking or rating 100 parks)."""
    workers = min(os.cpu_count() or 1, len(items)) if parallel else 1
    if workers <= 1:
        yield from map(here or work, items)
        return
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=spawn, initializer=initializer, initargs=tuple(initargs)) as pool:
        yield from pool.map(work, items)
