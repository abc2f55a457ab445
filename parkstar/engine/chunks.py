"""Splitting a population into chunks of parks, so that checking and rating hold one
chunk in memory at a time: memory stays bounded by the chunk and cost grows linearly
with the number of parks.

A chunk holds the subgraphs of its parks (the closure of `partition.park_subgraph`:
outgoing links, the incoming link properties, other parks not expanded). A park's
outcomes depend on its subgraph only, so rating a chunk gives each of its parks the
rating it gets in the whole population. Nodes reached from no park go to a chunk of
their own (`rest`), with the types of the nodes they point to, so that they are still
checked.

The input is an N-Triples file as Oxigraph writes it (one triple a line, terms separated
by single spaces, " ." at the end): the split is two passes over lines, without parsing
terms into objects, so a province splits in seconds."""

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from parkstar.vocab import PS, RDF

CHUNK_PARKS = 500  # parks per chunk: ~0.3 GB of Oxigraph memory with derived figures

_TYPE = f"<{RDF.type}>".encode()
_PARK = f"<{PS.Park}>".encode()


@dataclass(frozen=True)
class Chunk:
    path: Path  # N-Triples
    parks: list[URIRef]  # the parks rated from this chunk (none for the rest chunk)


def split_by_park(source: Path, folder: Path, incoming: set[URIRef], size: int = CHUNK_PARKS) -> list[Chunk]:
    """Chunks of at most `size` parks (sorted by IRI) written into `folder`, plus a rest
    chunk when some triples belong to no park."""
    links = {f"<{p}>".encode() for p in incoming}
    canonical: dict[bytes, bytes] = {}
    adjacent: dict[bytes, list[bytes]] = defaultdict(list)
    parks: set[bytes] = set()
    with source.open("rb") as lines:
        for line in lines:
            s, p, rest = line.split(b" ", 2)
            o = rest[:-3]
            if o[:1] not in (b"<", b"_"):
                continue
            if p == _TYPE and o == _PARK:
                parks.add(s)
            s = canonical.setdefault(s, s)
            o = canonical.setdefault(o, o)
            adjacent[s].append(o)
            if p in links:
                adjacent[o].append(s)
    del canonical
    ordered = sorted(parks)
    groups = [ordered[i : i + size] for i in range(0, len(ordered), size)]
    owner = _owners(groups, adjacent, parks)
    del adjacent
    return _write(source, folder, groups, owner)


def _owners(groups: list[list[bytes]], adjacent: dict[bytes, list[bytes]], parks: set[bytes]) -> dict:
    """Each node reached from a park → the chunk holding it (a set when several do)."""
    owner: dict[bytes, int | set[int]] = {}
    for index, group in enumerate(groups):
        for park in group:
            seen = {park}
            stack = [park]
            while stack:
                node = stack.pop()
                held = owner.get(node)
                if held is None:
                    owner[node] = index
                elif isinstance(held, set):
                    held.add(index)
                elif held != index:
                    owner[node] = {held, index}
                for nxt in adjacent.get(node, ()):
                    if nxt not in seen and nxt not in parks:
                        seen.add(nxt)
                        stack.append(nxt)
    return owner


def _write(source: Path, folder: Path, groups: list[list[bytes]], owner: dict) -> list[Chunk]:
    paths = [folder / f"chunk-{i:05d}.nt" for i in range(len(groups))]
    rest_path = folder / "chunk-rest.nt"
    outputs = [p.open("wb") for p in paths]
    pointed: set[bytes] = set()  # owned nodes the rest chunk points to: their types go with it
    rest_lines = 0
    try:
        with source.open("rb") as lines, rest_path.open("wb") as rest:
            for line in lines:
                s = line[: line.index(b" ")]
                held = owner.get(s)
                if held is None:
                    rest.write(line)
                    rest_lines += 1
                    o = line.split(b" ", 2)[2][:-3]
                    if o in owner:
                        pointed.add(o)
                elif isinstance(held, set):
                    for index in held:
                        outputs[index].write(line)
                else:
                    outputs[held].write(line)
            if pointed:
                lines.seek(0)
                for line in lines:
                    s, p, _ = line.split(b" ", 2)
                    if p == _TYPE and s in pointed:
                        rest.write(line)
    finally:
        for out in outputs:
            out.close()
    chunks = [
        Chunk(path, [URIRef(p[1:-1].decode()) for p in group if p[:1] == b"<"])
        for path, group in zip(paths, groups, strict=True)
    ]
    if rest_lines:
        chunks.append(Chunk(rest_path, []))
    else:
        rest_path.unlink()
    return chunks
