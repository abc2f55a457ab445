"""`parkstar generate`: a synthetic population of parks and enterprises for testing at
province scale (issue "Province-scale data").

The text is written park by park while it is generated (no graph of the population is
ever built), encoded and, for `.gz` files, compressed on a second thread, so memory stays
bounded whatever the number of parks. The same seed gives byte-identical output.

    from parkstar.generate import write_population
    stats = write_population(Path("parks.nt.gz"), parks=1000, seed=1)
"""

from __future__ import annotations

import gzip
import os
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from parkstar.errors import ParkstarError
from parkstar.generate.population import Population, Stats
from parkstar.generate.profile import DEFAULT_PROFILE, load_profile

__all__ = ["DEFAULT_PROFILE", "FORMATS", "Stats", "generate", "output_format", "write_population"]

#: File suffix → syntax.
FORMATS = {".ttl": "turtle", ".nt": "ntriples"}

ProgressCallback = Callable[[int, int], None]

_CHUNK = 1 << 20  # characters of text handed to the writer thread at a time


def output_format(path: Path) -> tuple[str, bool]:
    """The syntax and whether to gzip, from a file name: x.ttl, x.nt, x.ttl.gz, x.nt.gz."""
    suffixes = [s.lower() for s in path.suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    if compressed:
        suffixes = suffixes[:-1]
    syntax = FORMATS.get(suffixes[-1]) if suffixes else None
    if syntax is None:
        known = "、".join(f"{s}、{s}.gz" for s in FORMATS)
        raise ParkstarError(
            f"{path}：无法识别的输出格式（文件名应以 {known} 结尾）",
            f"{path}: unknown output format (the name must end in {', '.join(f'{s}, {s}.gz' for s in FORMATS)})",
        )
    return syntax, compressed


class _Writer:
    """Writes byte chunks to a stream on a background thread (zlib and file writes release
    the GIL, so compression overlaps generation)."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="parkstar-generate-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            chunk = self.queue.get()
            if chunk is None:
                return
            if self.error is None:
                try:
                    self.stream.write(chunk)
                except BaseException as error:  # reported on the main thread
                    self.error = error

    def write(self, text: str) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(text.encode("utf-8"))

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


def generate(
    out: BinaryIO,
    parks: int,
    seed: int = 1,
    year: int = 2024,
    syntax: str = "turtle",
    profile: Path | None = None,
    progress: ProgressCallback | None = None,
) -> Stats:
    """Write `parks` parks to the binary stream `out`; returns counts of what was written."""
    if parks < 1:
        raise ParkstarError("园区数应至少为 1", "the number of parks must be at least 1")
    population = Population(load_profile(profile), seed, year, syntax)
    writer = _Writer(out)
    step = max(1, parks // 200)
    try:
        pending = [population.header(parks)]
        size = 0
        for index in range(1, parks + 1):
            text = population.park(index)
            pending.append(text)
            size += len(text)
            if size >= _CHUNK:
                writer.write("".join(pending))
                pending, size = [], 0
            if progress and (index % step == 0 or index == parks):
                progress(index, parks)
        if pending:
            writer.write("".join(pending))
    finally:
        writer.close()
    return population.stats


def write_population(
    path: Path | None,
    parks: int,
    seed: int = 1,
    year: int = 2024,
    syntax: str | None = None,
    profile: Path | None = None,
    progress: ProgressCallback | None = None,
    stdout: BinaryIO | None = None,
) -> Stats:
    """Write a population to `path` (format from its name) or, with no path, to `stdout`
    (Turtle unless `syntax` says otherwise). A file appears only when complete."""
    if path is None:
        if stdout is None:
            raise ParkstarError("没有输出目标", "no output given")
        return generate(stdout, parks, seed, year, syntax or "turtle", profile, progress)
    chosen, compressed = output_format(path)
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("wb") as raw:
            if compressed:
                with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0) as zipped:
                    stats = generate(zipped, parks, seed, year, chosen, profile, progress)  # type: ignore[arg-type]
            else:
                stats = generate(raw, parks, seed, year, chosen, profile, progress)
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise ParkstarError(
            f"无法写入 {path}：{error.strerror or error}", f"cannot write {path}: {error.strerror or error}"
        ) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return stats
