"""Reading RDF files and folders into one graph, with errors that name the file, the
line and the column in Chinese and English. Oxigraph parses (it is fast, reports
positions and never fetches a remote JSON-LD context); rdflib holds the result."""

import json
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from parkstar.errors import ParkstarError
from parkstar.exchange.context import with_local_context
from parkstar.rdf.terms import triples_to_rdflib

#: File suffixes read as RDF, and their formats.
RDF_SUFFIXES: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


def rdf_files(paths: Iterable[Path]) -> list[Path]:
    """The RDF files named, folders expanded (sorted, recursively) to the RDF files inside."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in RDF_SUFFIXES))
        elif path.exists():
            files.append(path)
        else:
            raise ParkstarError(f"找不到文件或文件夹：{path}", f"no such file or folder: {path}")
    return files


def parse_source(path: Path) -> tuple[object, ox.RdfFormat]:
    """What to hand Oxigraph to read a file natively, and its format: the path itself, or
    for JSON-LD the document with the parkstar context inlined."""
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        parse_file(path)  # raises the bilingual error
    if fmt == ox.RdfFormat.JSON_LD:
        try:
            return _jsonld_offline(path), fmt
        except SyntaxError as error:
            raise ParkstarError(
                f"{path} 第 {error.lineno} 行：JSON 语法错误：{error.msg}",
                f"{path} line {error.lineno}: JSON syntax error: {error.msg}",
            ) from None
    return str(path), fmt


def parse_file(path: Path) -> list[ox.Quad]:
    """All quads of one RDF file; blank nodes renamed so files never share one by accident."""
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        known = "、".join(RDF_SUFFIXES)
        raise ParkstarError(
            f"{path}：无法识别的 RDF 文件类型（应为 {known} 之一）",
            f"{path}: unknown RDF file type (expected one of {', '.join(RDF_SUFFIXES)})",
        )
    try:
        if fmt == ox.RdfFormat.JSON_LD:
            return list(ox.parse(_jsonld_offline(path), format=fmt, rename_blank_nodes=True))
        return list(ox.parse(path=path, format=fmt, rename_blank_nodes=True))
    except SyntaxError as error:
        line, column = _position(error)
        where_zh = f"第 {line} 行第 {column} 列" if line else ""
        where_en = f"line {line}, column {column}" if line else ""
        raise ParkstarError(
            f"{path} {where_zh}：RDF 语法错误：{error.msg}",
            f"{path} {where_en}: RDF syntax error: {error.msg}",
        ) from None
    except (OSError, ValueError) as error:
        raise ParkstarError(f"{path}：无法读取：{error}", f"{path}: cannot be read: {error}") from None


def _jsonld_offline(path: Path) -> bytes:
    """JSON-LD with the parkstar context inlined (a remote context is never fetched:
    Oxigraph refuses any other one, and the error says so)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise SyntaxError(f"JSON: {error.msg}", (str(path), error.lineno, error.colno, None)) from None
    return json.dumps(with_local_context(document), ensure_ascii=False).encode("utf-8")


def _position(error: SyntaxError) -> tuple[int | None, int | None]:
    return error.lineno, error.offset


def read_quads(paths: Iterable[Path]) -> list[ox.Quad]:
    """Every quad of the given files and folders, straight from the parser (no rdflib:
    for a large population this is many times faster)."""
    quads: list[ox.Quad] = []
    for file in rdf_files(paths):
        quads.extend(parse_file(file))
    return quads


def read_graph(paths: Iterable[Path], graph: Graph | None = None) -> Graph:
    """Every triple of the given files and folders in one rdflib graph (named graphs merged)."""
    graph = Graph() if graph is None else graph
    for file in rdf_files(paths):
        triples_to_rdflib(parse_file(file), graph)
    return graph
