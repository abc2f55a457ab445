"""OWL 2 consistency check of the vocabulary, code lists and park data (HermiT via owlready2).

The SHACL shapes check what the standard requires; this module checks something else: that
the ontology and a park description do not contradict each other under OWL semantics (a
park typed both a manufacturing and an other-category park, a document that is also a
facility, ...). It is the only module that imports owlready2, which is heavy and needs Java.

owlready2 cannot read Turtle, so the files are parsed with rdflib and handed over as
N-Triples, with every ``owl:imports`` removed so that nothing is fetched over the network.
HermiT is told to ignore datatypes outside the OWL 2 datatype map (``xsd:date`` is used
throughout the data), and its Java process gets a timeout, which owlready2 does not give it.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import owlready2
import owlready2.reasoning
from rdflib import Graph
from rdflib.namespace import OWL

DEFAULT_TIMEOUT_S = 120.0
# owlready2 reads its helpers from module globals, which are swapped while HermiT runs.
_REASONER_LOCK = threading.Lock()

__all__ = ["ConsistencyReport", "ReasonerTimeout", "check_consistency", "check_graph_consistency"]


class ReasonerTimeout(TimeoutError):
    """HermiT did not finish within the timeout; consistency is unknown."""


@dataclass
class ConsistencyReport:
    """Outcome of one HermiT run."""

    consistent: bool
    unsatisfiable_classes: list[str] = field(default_factory=list)
    message: str = ""


class _SubprocessWithTimeout:
    """Stands in for the ``subprocess`` module inside owlready2.reasoning.

    owlready2 starts HermiT with ``subprocess.check_output`` and no timeout; this adds one.
    On expiry ``subprocess.run`` kills the Java process before raising TimeoutExpired.
    """

    def __init__(self, timeout: float) -> None:
        self._timeout = timeout

    def check_output(self, *args: Any, **kwargs: Any) -> bytes:
        kwargs.setdefault("timeout", self._timeout)
        return subprocess.check_output(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(subprocess, name)


class _TempfileIn:
    """Stands in for ``tempfile`` inside owlready2.reasoning, so that the copy of the world
    it writes for HermiT lands in our temporary directory and goes away with it, even when
    HermiT is killed on timeout (owlready2 then skips its own clean-up)."""

    def __init__(self, directory: str) -> None:
        self._directory = directory

    def NamedTemporaryFile(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("dir", self._directory)
        return tempfile.NamedTemporaryFile(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(tempfile, name)


@contextlib.contextmanager
def _reasoner_environment(directory: str, timeout: float) -> Iterator[None]:
    module = owlready2.reasoning
    with _REASONER_LOCK:
        saved = module.subprocess, module.tempfile
        module.subprocess = _SubprocessWithTimeout(timeout)  # type: ignore[assignment]
        module.tempfile = _TempfileIn(directory)  # type: ignore[assignment]
        try:
            yield
        finally:
            module.subprocess, module.tempfile = saved


def check_consistency(turtle_paths: Iterable[Path], timeout: float = DEFAULT_TIMEOUT_S) -> ConsistencyReport:
    """Merge the RDF files (Turtle or any format rdflib guesses) and run HermiT on them."""
    graph = Graph()
    for path in turtle_paths:
        path = Path(path)
        fmt = "turtle" if path.suffix in {".ttl", ".turtle"} else None
        graph.parse(path, format=fmt)
    return check_graph_consistency(graph, timeout=timeout)


def check_graph_consistency(graph: Graph, timeout: float = DEFAULT_TIMEOUT_S) -> ConsistencyReport:
    """Run HermiT on an rdflib graph; raises ReasonerTimeout if Java runs past ``timeout``."""
    local = Graph()
    for triple in graph:
        if triple[1] != OWL.imports:
            local.add(triple)

    with tempfile.TemporaryDirectory(prefix="parkstar-owl-") as tmp:
        nt_path = Path(tmp) / "merged.nt"
        local.serialize(destination=nt_path, format="nt", encoding="utf-8")
        world = owlready2.World()
        # owlready2 prints warnings about punned IRIs (a property that is also an instance
        # of ps:DerivedProperty) to stderr; they are harmless, so they are swallowed.
        try:
            with contextlib.redirect_stderr(io.StringIO()):
                world.get_ontology(nt_path.as_uri()).load()
                with _reasoner_environment(tmp, timeout):
                    owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
            unsatisfiable = sorted(cls.iri for cls in world.inconsistent_classes() if cls.iri != str(OWL.Nothing))
        except owlready2.OwlReadyInconsistentOntologyError:
            return ConsistencyReport(consistent=False, message="HermiT: the ontology and data are inconsistent.")
        except subprocess.TimeoutExpired as exc:
            raise ReasonerTimeout(f"HermiT did not finish within {timeout:g} s") from exc
        finally:
            world.close()

    if unsatisfiable:
        message = f"HermiT: consistent, but {len(unsatisfiable)} unsatisfiable class(es)."
    else:
        message = "HermiT: consistent; every class is satisfiable."
    return ConsistencyReport(consistent=True, unsatisfiable_classes=unsatisfiable, message=message)
