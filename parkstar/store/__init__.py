"""The persistent store: an embedded Oxigraph database in a data folder (nothing to
install or start). Each source's data lives in its own named graph with PROV-O
provenance; every change is one transaction, so a crash leaves the store as it was."""

from parkstar.store.embedded import EmbeddedStore, GraphRecord, default_store_path, open_store
from parkstar.store.names import PROVENANCE_GRAPH, graph_name

__all__ = ["PROVENANCE_GRAPH", "EmbeddedStore", "GraphRecord", "default_store_path", "graph_name", "open_store"]
