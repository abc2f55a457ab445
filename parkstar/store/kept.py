"""The chunks of parks a load checked, kept beside the embedded store so that re-rating
everyone (a new edition of the criteria) reads them instead of dumping and splitting
the whole store again: for a province, reading ten million triples back out of the
database and splitting them costs more than rating them.

Chunks are kept only when one load holds all the data (a store of one submission, as a
national or provincial import is), because a park's subgraph can reach into other graphs
otherwise. They are valid while the data graphs and their load times are the ones
recorded with them: any other change to the data (a SPARQL update, a graph dropped or
replaced, another load) makes the store forget them, and rating falls back to the dump."""

import json
import os
import shutil
from pathlib import Path

from rdflib import URIRef

from parkstar.engine.chunks import Chunk

_MANIFEST = "manifest.json"


class KeptChunks:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def keep(self, chunks: list[Chunk], versions: dict[str, str]) -> None:
        """Move the chunk files in (only chunks with parks) and record the data version
        (graph → load time) they were cut from; the manifest is written last."""
        self.forget()
        self.folder.mkdir(parents=True)
        kept = []
        for index, chunk in enumerate(c for c in chunks if c.parks):
            target = self.folder / f"chunk-{index:05d}.nt"
            shutil.move(chunk.path, target)
            kept.append({"file": target.name, "parks": [str(p) for p in chunk.parks]})
        manifest = {"versions": versions, "chunks": kept}
        partial = self.folder / (_MANIFEST + ".part")
        partial.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, self.folder / _MANIFEST)

    def valid_for(self, versions: dict[str, str]) -> list[Chunk] | None:
        """The kept chunks, if they were cut from exactly this data (graph → load time)."""
        try:
            manifest = json.loads((self.folder / _MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if manifest.get("versions") != versions:
            return None
        chunks = [Chunk(self.folder / c["file"], [URIRef(p) for p in c["parks"]]) for c in manifest["chunks"]]
        return chunks if all(c.path.exists() for c in chunks) else None

    def forget(self) -> None:
        """The manifest first (the chunks are invalid from then on), then the files."""
        (self.folder / _MANIFEST).unlink(missing_ok=True)
        shutil.rmtree(self.folder, ignore_errors=True)


class KeptRatings:
    """The ratings of each edition as last written, as N-Triples, kept beside the embedded
    store so that the next full rating compares its ratings with them (results/changes.py)
    instead of dumping them out of the store: 7 s for 10,000 parks.

    A kept file is valid while the store names its token (`token` below) in the ratings
    index: the update that changes the current ratings in place, or switches to new
    ones, writes the token in the same transaction; any other change to them (re-rating a
    few parks) removes it. A file whose token the store does not hold is never read."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, edition_id: str) -> Path:
        return self.folder / f"{edition_id}.nt"

    def token(self, edition_id: str) -> str | None:
        """The token written with the kept file, if any."""
        try:
            return (self.folder / f"{edition_id}.token").read_text(encoding="ascii").strip()
        except OSError:
            return None

    def keep(self, edition_id: str, ratings: Path, token: str) -> None:
        """Move `ratings` in as the edition's kept file, with its token written last."""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{edition_id}.token").unlink(missing_ok=True)
        shutil.move(ratings, self.path(edition_id))
        partial = self.folder / f"{edition_id}.token.part"
        partial.write_text(token, encoding="ascii")
        os.replace(partial, self.folder / f"{edition_id}.token")
