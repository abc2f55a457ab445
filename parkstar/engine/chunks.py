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
by single spaces, " ." at the end): the split is two passes over the file in blocks,
without parsing terms into objects. A regular expression takes the terms of every line
of a block in one call and shows, by the number it takes, that each line is laid out so;
the second pass takes a run of one subject's lines in one match. A file written elsewhere
(the generator's, say) that is laid out the same way is split as it is (split_canonical):
converting 10,000 parks costs about as much CPU as splitting them."""

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from rdflib import URIRef

from parkstar.vocab import PS, RDF

CHUNK_PARKS = 500  # parks per chunk: ~0.3 GB of Oxigraph memory with derived figures

_TYPE = f"<{RDF.type}>".encode()
_PARK = f"<{PS.Park}>".encode()
_BLOCK = 1 << 20  # bytes read at a time (whole lines): the tuples found in it stay in the allocator's pools

# One line as Oxigraph writes N-Triples: subject, predicate and object separated by single
# spaces, " ." at the end. The groups are the subject, the predicate and an IRI or blank
# node object (empty for a literal). Comments and empty lines match without groups: a file
# written elsewhere may have them, and they are no triple. The patterns are runs of
# "anything but one byte" wherever they can be, which the regex engine scans several times
# faster than a set of bytes; a match that runs over a line end leaves the block with fewer
# matches than lines, which is checked.
_IRI = rb"<[^>]*+>"
_NODE = rb"(?:<[^>]*+>|_:[^ ]*+)"
_SUFFIX = rb"(?:@[a-z]++(?:-[a-z0-9]++)*+|\^\^(?!<http://www\.w3\.org/2001/XMLSchema#string>)<[^>]*+>)?"
_PLAIN = rb'"[^"]*+"'  # a literal in a block without a backslash
_ESCAPING = rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"'


def _line(literal: bytes) -> re.Pattern[bytes]:
    triple = rb"(" + _NODE + rb") (" + _IRI + rb") (?:(" + _NODE + rb")|" + literal + _SUFFIX + rb") \."
    return re.compile(rb"(?m)^(?:#[^\n]*+|" + triple + rb")?\n")


_LINE_PLAIN = _line(_PLAIN)
_LINE = _line(_ESCAPING)
# A run of lines with one subject (Oxigraph writes a subject's triples together), which
# goes to one chunk in one write.
_RUN = re.compile(rb"(?m)^([<_][^ \n]*+) [^\n]*+\n(?:\1 [^\n]*+\n)*+")
_SKIPPED = re.compile(rb"(?:#[^\n]*+)?\n")  # comments and empty lines
_TYPED = re.compile(rb"(?m)^([<_][^ \n]*+) " + re.escape(_TYPE) + rb" [^\n]*+\n")

# In a file written elsewhere, these are not as Oxigraph would write them: a control
# character (Oxigraph escapes it; a tab may separate terms), U+FFFE or U+FFFF (escaped as
# well), an escape other than those Oxigraph writes (\u, \U, \' and the like; in an IRI
# any escape). Lines that _LINE does not take are not either: other spacing, a comment
# after a triple, an upper-case language tag, xsd:string written out, a triple term.
_CONTROL = bytes(range(0x0A)) + bytes(range(0x0B, 0x20)) + b"\x7f"
_ESCAPE = re.compile(rb"\\(.)", re.DOTALL)
_ESCAPED = frozenset(b'tbnrf"\\')
_NONCHARACTER = re.compile(rb"\xef\xbf[\xbe\xbf]")  # searched for its first bytes: fast


class NotCanonical(Exception):
    """A file is not laid out as Oxigraph writes N-Triples: convert it first."""


@dataclass(frozen=True)
class Chunk:
    path: Path  # N-Triples
    parks: list[URIRef]  # the parks rated from this chunk (none for the rest chunk)


def split_by_park(source: Path, folder: Path, incoming: set[URIRef], size: int = CHUNK_PARKS) -> list[Chunk]:
    """Chunks of at most `size` parks (sorted by IRI) written into `folder`, plus a rest
    chunk when some triples belong to no park. `source` is N-Triples as Oxigraph writes
    them."""
    return _split(source, folder, incoming, size, strict=False)


def split_canonical(source: Path, folder: Path, incoming: set[URIRef], size: int = CHUNK_PARKS) -> list[Chunk] | None:
    """The chunks of an N-Triples file written elsewhere, split as it is when it is laid
    out as Oxigraph would write it (comments and empty lines aside), so that it needs no
    conversion; None (nothing written) when it is not. The file must be valid N-Triples
    (a load parses it anyway and rejects it otherwise): the check is of the layout, in
    which comparing terms as bytes is comparing the terms, and each line is the line
    Oxigraph would write. Blank node labels are the file's own: split one file only."""
    try:
        return _split(source, folder, incoming, size, strict=True)
    except NotCanonical:
        return None


def _split(source: Path, folder: Path, incoming: set[URIRef], size: int, strict: bool) -> list[Chunk]:
    links = {f"<{p}>".encode() for p in incoming}
    canonical: dict[bytes, bytes] = {}
    adjacent: dict[bytes, list[bytes]] = defaultdict(list)
    parks: set[bytes] = set()
    last = node = b""
    edges: list[bytes] = []
    for triples in _triples(source, strict):
        for s, p, o in triples:
            if not o:  # a literal, a comment, an empty line
                continue
            if s != last:  # a run of one subject's triples: looked up once
                last = s
                node = canonical.setdefault(s, s)
                edges = adjacent[node]
            if p == _TYPE and o == _PARK:
                parks.add(node)
            o = canonical.setdefault(o, o)
            edges.append(o)
            if p in links:
                adjacent[o].append(node)
    del canonical
    ordered = sorted(parks)
    groups = [ordered[i : i + size] for i in range(0, len(ordered), size)]
    owner = _owners(groups, adjacent, parks)
    del adjacent
    return _write(source, folder, groups, owner)


def _blocks(source: Path) -> Iterator[tuple[bytes, int]]:
    """The file in large blocks, each with the length of its whole lines, read again with
    the next block if cut (the last block's may lack its line end)."""
    with source.open("rb") as lines:
        while block := lines.read(_BLOCK):
            end = block.rfind(b"\n") + 1
            if len(block) < _BLOCK or end == 0:  # the last block, or a line longer than one
                block += lines.readline()
                end = len(block)
            elif end < len(block):
                lines.seek(end - len(block), 1)
            yield block, end


def _triples(source: Path, strict: bool) -> Iterator[list[tuple[bytes, bytes, bytes]]]:
    """(subject, predicate, object) of each line, block by block, the object empty unless
    an IRI or a blank node. Strict: raise NotCanonical at the first sign that the file is
    not laid out as Oxigraph writes it; otherwise a block with lines the pattern does not
    take (Oxigraph writes few: triple terms) is split line by line, as the split always did."""
    for block, end in _blocks(source):
        escapes = block.find(b"\\", 0, end) >= 0
        if strict:
            _check_layout(block, end, escapes)
        found = (_LINE if escapes else _LINE_PLAIN).findall(block, 0, end)
        if len(found) != block.count(b"\n", 0, end) or block[end - 1] != 0x0A:
            if strict:
                raise NotCanonical(source)
            found = list(_plain_triples(block[:end]))
        yield found


def _check_layout(block: bytes, end: int, escapes: bool) -> None:
    """Raise NotCanonical if the block has what Oxigraph would write otherwise (the cut
    line at its end, read again with the next block, does no harm)."""
    if len(block.translate(None, _CONTROL)) != len(block) or _NONCHARACTER.search(block, 0, end):
        raise NotCanonical
    if escapes and not {e[0] for e in _ESCAPE.findall(block, 0, end)} <= _ESCAPED:
        raise NotCanonical


def _plain_triples(block: bytes) -> Iterator[tuple[bytes, bytes, bytes]]:
    """Line by line, as the split always read Oxigraph's N-Triples."""
    for line in block.splitlines(keepends=True):
        s, p, rest = line.split(b" ", 2)
        o = rest[:-3]
        if o[:1] in (b"<", b"_"):
            yield s, p, o


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
        with rest_path.open("wb") as rest:
            for block, end in _blocks(source):
                rest_lines += _write_block(block, end, owner, outputs, rest, pointed)
            if pointed:
                for block, end in _blocks(source):
                    for typed in _TYPED.finditer(block, 0, end):
                        if typed[1] in pointed:
                            rest.write(typed[0])
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


def _write_block(block: bytes, end: int, owner: dict, outputs: list, rest: BinaryIO, pointed: set[bytes]) -> int:
    """Each run of one subject's lines to the chunks holding the subject, consecutive runs
    of one chunk in one write; the number of lines written to the rest chunk."""
    view = memoryview(block)
    rest_lines = 0
    at = 0  # where the lines not handled yet begin
    since, holder = 0, -1  # runs from `since` to `at` go to chunk `holder` (-1: none)
    for run in _RUN.finditer(block, 0, end):
        start, stop = run.span()
        held = owner.get(run[1])
        if held == holder and start == at:  # sets and None never equal an index
            at = stop
            continue
        if holder >= 0:
            outputs[holder].write(view[since:at])
            holder = -1
        if start > at:  # lines that are no run: comments, empty lines, a last line without end
            rest_lines += _write_lines(block[at:start], owner, outputs, rest, pointed)
        if held is None:
            rest_lines += _write_lines(block[start:stop], owner, outputs, rest, pointed)
        elif isinstance(held, set):
            for index in held:
                outputs[index].write(view[start:stop])
        else:
            since, holder = start, held
        at = stop
    if holder >= 0:
        outputs[holder].write(view[since:at])
    if at < end:
        rest_lines += _write_lines(block[at:end], owner, outputs, rest, pointed)
    return rest_lines


def _write_lines(lines: bytes, owner: dict, outputs: list, rest: BinaryIO, pointed: set[bytes]) -> int:
    """Line by line, as the split always wrote Oxigraph's N-Triples (comments and empty
    lines, which a file written elsewhere may have, are no triple and are left out)."""
    rest_lines = 0
    for line in lines.splitlines(keepends=True):
        if _SKIPPED.fullmatch(line):
            continue
        held = owner.get(line[: line.index(b" ")])
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
    return rest_lines
