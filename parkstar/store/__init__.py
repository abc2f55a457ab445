"""The persistent store. By default an embedded Oxigraph database in a data folder
(nothing to install or start); for scale-out, a SPARQL 1.1 server given by its URL
(docs/sparql-server.md). Both have the same interface. Each source's data lives in its
own named graph with PROV-O provenance; every change becomes visible in one step, so a crash
leaves the store as it was."""

import os
from pathlib import Path

from parkstar.errors import ParkstarError
from parkstar.store.embedded import EmbeddedStore, GraphRecord, default_store_path
from parkstar.store.names import PROVENANCE_GRAPH, graph_name
from parkstar.store.remote import RemoteStore

Store = EmbeddedStore | RemoteStore

__all__ = [
    "PROVENANCE_GRAPH",
    "EmbeddedStore",
    "GraphRecord",
    "RemoteStore",
    "Store",
    "default_store_path",
    "graph_name",
    "is_remote",
    "open_store",
]


def is_remote(location: str | Path) -> bool:
    """Whether a store location is a SPARQL server's URL rather than a folder."""
    return isinstance(location, str) and location.startswith(("http://", "https://"))


def open_store(location: str | Path | None = None, read_only: bool = False) -> Store:
    """The store at `location` (default: `PARKSTAR_STORE`, else `var/store`): a
    SPARQL server when it is an http(s) URL, else the embedded store in that folder."""
    if location is None or location == "":
        location = os.environ.get("PARKSTAR_STORE") or default_store_path()
    if is_remote(location):
        return RemoteStore(location, read_only=read_only)
    path = Path(location)
    if str(path).startswith(("http:/", "https:/")):  # a URL that went through Path() and lost its "//"
        raise ParkstarError(
            f"数据库位置“{path}”像是被当作文件夹处理过的网址：请以文本形式传入 http(s):// 地址",
            f"the store location '{path}' looks like a URL that was turned into a folder path: "
            "pass the http(s):// URL as text",
        )
    return EmbeddedStore(path, read_only=read_only)
