"""Keeping the stored ratings current. A rating is stale when its park's data version
(the graph holding the park and that graph's load time) differs from the one it was
computed from, or when it was never computed; a rating whose park is gone is removed.
Re-rating everything changes the triples of the current ratings that differ, in one
update; when most differ (a first rating, changed data everywhere) it writes the new
ratings into a fresh graph beside the current one and then switches a pointer in one
small update. Either way readers see the old or the new ratings, never a mixture."""

import tempfile
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from parkstar.criteria import Criteria
from parkstar.engine import ParkRating, Rater
from parkstar.engine import chunks as chunking
from parkstar.engine.chunks import split_by_park
from parkstar.results.changes import changes
from parkstar.results.chunked import Job, rate_chunks
from parkstar.results.codec import from_record, unpacked
from parkstar.results.persist import rating_node, rating_quads
from parkstar.store import PROVENANCE_GRAPH, EmbeddedStore
from parkstar.store.names import RATINGS_INDEX, ratings_graph
from parkstar.vocab import DCTERMS, PROV, PS, RDF

Progress = Callable[[int, int], None] | None
#: Changes to the current ratings applied as one update (one transaction, held in memory);
#: beyond, a full rating is bulk-loaded into a graph of its own and replaces them
MOST_CHANGES = 200_000
#: Names, in the ratings index, the token of the file kept of an edition's current
#: ratings (store/kept.py); internal, so not in the ps: vocabulary
_KEPT_AS = "urn:parkstar:keptRatings"


def data_version(graph: str, loaded_at: str) -> str:
    """The version of a park's data recorded with its rating: its graph and load time."""
    return f"{graph}@{loaded_at}"


class RatingResults:
    def __init__(self, store: EmbeddedStore, rater: Rater | None = None) -> None:
        self.store = store
        self.rater = rater or Rater()
        criteria: Criteria = self.rater.criteria
        self.criteria = criteria
        self.edition = criteria.edition or URIRef(f"{PS}unversionedCriteria")
        identifier = criteria.context.value(self.edition, DCTERMS.identifier)
        self.edition_id = str(identifier) if identifier is not None else "current"
        self.slot = ratings_graph(self.edition_id)

    @property
    def graph(self) -> URIRef:
        """The graph holding the current ratings of this edition (via the pointer)."""
        query = f"SELECT ?run WHERE {{ GRAPH <{RATINGS_INDEX}> {{ <{self.slot}> <{PS.currentRun}> ?run }} }}"
        rows = list(self.store.query(query))
        return URIRef(rows[0]["run"].value) if rows else URIRef(f"{self.slot}/none")

    # ── what is there ────────────────────────────────────────────────────────
    def data_versions(self, parks: Iterable[URIRef] | None = None) -> dict[URIRef, str]:
        """Each park in the data (or each of `parks`), with the version of its data: its
        graph and load time."""
        only = "" if parks is None else "VALUES ?park { " + " ".join(f"<{p}>" for p in parks) + " }"
        query = f"""SELECT ?park ?g ?time WHERE {{ {only}
            GRAPH ?g {{ ?park a <{PS.Park}> }}
            OPTIONAL {{ GRAPH <{PROVENANCE_GRAPH}> {{ ?g <{PROV.generatedAtTime}> ?time }} }}
        }}"""
        versions: dict[URIRef, str] = {}
        visible = {str(g) for g in self.store.graph_names()}
        for row in self.store.query(query):
            if row["g"].value in visible and isinstance(row["park"], ox.NamedNode):
                time = row["time"].value if row["time"] is not None else ""
                versions[URIRef(row["park"].value)] = data_version(row["g"].value, time)
        return versions

    def stored_versions(self) -> dict[URIRef, str]:
        query = f"""SELECT ?park ?version WHERE {{ GRAPH <{self.graph}> {{
            ?rating <{PS.ratingOf}> ?park ; <{PS.dataVersion}> ?version }} }}"""
        return {URIRef(r["park"].value): r["version"].value for r in self.store.query(query)}

    def stale(self) -> tuple[list[URIRef], list[URIRef]]:
        """(parks to rate, parks whose stored rating must go)."""
        current, stored = self.data_versions(), self.stored_versions()
        return sorted(p for p, v in current.items() if stored.get(p) != v), sorted(set(stored) - set(current))

    # ── computing ────────────────────────────────────────────────────────────
    def refresh_all(self, progress: Progress = None) -> int:
        """Re-rate every park (a new edition, a bulk import) and swap the results in. The
        data is rated chunk by chunk of parks (engine.chunks): the chunks the last load
        kept when they still match the data, else cut from a dump of the store."""
        versions = self.data_versions()
        run = self.new_run()
        rated = 0
        with tempfile.TemporaryDirectory(prefix="rate-", dir=self.store.scratch()) as folder:
            ratings = Path(folder) / "ratings.nt"
            with ratings.open("wb") as out:  # loaded in one go: each bulk load costs most of a second
                for count, ntriples in rate_chunks(self.rater, self._jobs(run, versions, Path(folder))):
                    out.write(ntriples)
                    rated += count
                    if progress:
                        progress(rated, len(versions))
            self.store_run(run, ratings, Path(folder))
        return rated

    def _jobs(self, run: URIRef, versions: dict[URIRef, str], folder: Path) -> list[Job]:
        kept = self.store.kept_chunks()
        chunks = kept.valid_for(self.store.load_times()) if kept is not None else None
        temporary = chunks is None
        if chunks is None:
            dump = folder / "data.nt"
            self.store.dump_data_to(dump)
            chunks = split_by_park(dump, folder, self.rater.incoming, size=chunking.CHUNK_PARKS)
            dump.unlink()
        jobs = []
        for c in (c for c in chunks if c.parks):
            mine = {p: versions.get(p, "") for p in c.parks}
            jobs.append(Job(c.path, c.parks, mine, str(run), self.edition, self.edition_id, temporary))
        return jobs

    def store_run(self, run: URIRef, ratings: Path, scratch: Path) -> None:
        """Make the ratings in `ratings` (N-Triples: every park's, as `rate_chunks` writes
        them) current. Where they differ from the current ratings in a few triples (as
        re-rating mostly finds: new times, new data versions), those are changed in one
        update; otherwise they are bulk-loaded into the graph `run`, which replaces the
        current one (results/changes.py says why). The current ratings are read from the
        file kept when they were written (store/kept.py), else dumped from the store."""
        current = self.graph
        kept = self.store.kept_ratings()
        token = uuid.uuid4().hex
        if not str(current).endswith("/none"):
            old = self._kept_file()
            if old is None:
                old = scratch / "current-ratings.nt"
                self.store.dump_data_to(old, [current])
            found = changes(old, ratings, most=MOST_CHANGES)
            if found is not None:
                if kept is not None:
                    kept.keep(self.edition_id, ratings, token)  # valid once the update names the token
                self.store.update(f"{found.as_update(str(current))} ;\n{self._kept_as(token)}", data=False)
                return
        self.store.bulk_load(ox.NamedNode(str(run)), format=ox.RdfFormat.N_TRIPLES, path=str(ratings))
        if kept is not None:
            kept.keep(self.edition_id, ratings, token)
        self.switch_to(run, token)

    def _kept_file(self) -> Path | None:
        """The kept file of the current ratings, if the store names its token."""
        kept = self.store.kept_ratings()
        token = kept.token(self.edition_id) if kept is not None else None
        if kept is None or token is None:
            return None
        query = f"SELECT ?token WHERE {{ GRAPH <{RATINGS_INDEX}> {{ <{self.slot}> <{_KEPT_AS}> ?token }} }}"
        named = {row["token"].value for row in self.store.query(query)}
        path = kept.path(self.edition_id)
        return path if named == {token} and path.exists() else None

    def _kept_as(self, token: str | None) -> str:
        """Update operations naming `token` as the kept file's (None: no kept file matches)."""
        forget = f"DELETE WHERE {{ GRAPH <{RATINGS_INDEX}> {{ <{self.slot}> <{_KEPT_AS}> ?token }} }}"
        if token is None or self.store.kept_ratings() is None:
            return forget
        return f'{forget} ;\nINSERT DATA {{ GRAPH <{RATINGS_INDEX}> {{ <{self.slot}> <{_KEPT_AS}> "{token}" }} }}'

    def new_run(self) -> URIRef:
        """A fresh graph to write a full rating into, beside the current one."""
        return URIRef(f"{self.slot}/run-{uuid.uuid4().hex[:12]}")

    def switch_to(self, run: URIRef, token: str | None = None) -> None:
        """Make a fully written run the current ratings in one small update, then remove
        the one it replaces. `token`: the kept file that holds the run's ratings."""
        old = self.graph
        self.store.update(
            f"DELETE WHERE {{ GRAPH <{RATINGS_INDEX}> {{ <{self.slot}> <{PS.currentRun}> ?old }} }} ;\n"
            f"INSERT DATA {{ GRAPH <{RATINGS_INDEX}> {{ <{self.slot}> <{PS.currentRun}> <{run}> }} }} ;\n"
            + self._kept_as(token),
            data=False,
        )
        self.store.remove_graph(old)

    def refresh(self, parks: Iterable[URIRef] | None = None, progress: Progress = None) -> int:
        """Re-rate the given parks (the stale ones by default), each from its own data."""
        removed: list[URIRef] = []
        if parks is None:
            parks, removed = self.stale()
        parks = list(parks)
        if not parks and not removed:
            return 0
        if len(parks) > 200:
            return self.refresh_all(progress)
        current = self.graph
        if str(current).endswith("/none"):
            return self.refresh_all(progress)
        versions = self.data_versions(parks)
        quads: list[ox.Quad] = []
        for park in parks:
            quads.extend(self.store.park_quads(park, self.rater.incoming))
        wanted = set(parks)
        ratings = self.rater.rate_few(quads, wanted)
        graph = ox.NamedNode(str(current))
        inserts = [
            q for r in ratings for q in rating_quads(r, graph, self.edition, self.edition_id, versions.get(r.park, ""))
        ]
        deletes = [self._forget(p, current) for p in list(wanted) + removed]
        body = " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in inserts)
        update = "\n".join([*deletes, self._kept_as(None)])  # the kept file no longer matches
        if body:
            update += f" ;\nINSERT DATA {{ GRAPH {graph} {{ {body} }} }}"
        self.store.update(update, data=False)
        return len(ratings)

    def _forget(self, park: URIRef, graph: URIRef) -> str:
        node = rating_node(park, self.edition_id)
        return f"DELETE WHERE {{ GRAPH <{graph}> {{ {node} ?p ?o }} }} ;"

    # ── reading ──────────────────────────────────────────────────────────────
    def ratings(self, parks: Iterable[URIRef] | None = None) -> list[ParkRating]:
        """The stored ratings (of the given parks, or all), rebuilt for reports."""
        wanted = None if parks is None else {str(p) for p in parks}
        query = f"""SELECT ?park ?record WHERE {{ GRAPH <{self.graph}> {{
            ?rating <{RDF.type}> <{PS.Rating}> ; <{PS.ratingOf}> ?park ; <{PS.record}> ?record }} }}"""
        found = []
        for row in self.store.query(query):
            park = row["park"].value
            if wanted is None or park in wanted:
                record = unpacked(row["record"].value, row["record"].datatype.value)
                found.append(from_record(URIRef(park), record, self.criteria))
        return sorted(found, key=lambda r: str(r.park))
