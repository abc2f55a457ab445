"""What the editions pages share across requests: the catalog (re-read when the editions
folder changes, e.g. after a draft is saved or written by the CLI), one rating engine per
edition (for a park rated on the fly), and the impacts already computed, keyed by the two
editions (or the sandbox's overrides) and the version of the stored data — an impact
takes seconds, so a second view of the same comparison must not recompute it."""

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from parkstar import paths
from parkstar.editions import Catalog, load_catalog
from parkstar.editions.impact import Impact

CACHED_IMPACTS = 16  # the oldest is dropped beyond this: each holds only counts and moved parks


class EditionsState:
    def __init__(self, state) -> None:
        self._state = state  # the ServiceState: its store handle and stored ratings
        self._lock = threading.Lock()
        self.compute_lock = threading.Lock()  # one impact at a time: it takes seconds and memory
        self._catalog: Catalog | None = None
        self._signature: tuple | None = None
        self._raters: dict[str, object] = {}
        self._impacts: OrderedDict[tuple, Impact] = OrderedDict()

    @property
    def folder(self) -> Path:
        return paths.EDITIONS_DIR

    def _folder_signature(self) -> tuple:
        """The edition folders and their files' sizes and times: a saved draft changes it."""
        found = []
        try:
            for folder in sorted(os.scandir(self.folder), key=lambda e: e.name):
                if folder.is_dir():
                    for f in sorted(os.scandir(folder.path), key=lambda e: e.name):
                        found.append((folder.name, f.name, f.stat().st_size, f.stat().st_mtime_ns))
        except OSError:
            return ()
        return tuple(found)

    def catalog(self) -> Catalog:
        signature = self._folder_signature()
        with self._lock:
            if self._catalog is None or signature != self._signature:
                self._catalog = load_catalog(editions_dir=self.folder)
                self._signature = signature
                self._raters = {}
            return self._catalog

    def rater(self, identifier: str):
        """The rating engine of one edition (with explanations, for a park's page)."""
        catalog = self.catalog()
        edition = catalog.get(identifier)
        with self._lock:
            if edition.identifier not in self._raters:
                from parkstar.engine import Rater

                self._raters[edition.identifier] = Rater(catalog.criteria(edition))
            return self._raters[edition.identifier]

    def data_version(self) -> str:
        """Every stored park with the version of its data (graph and load time), hashed."""
        versions = self._state.ratings().results.data_versions()
        text = "\n".join(f"{park} {version}" for park, version in sorted(versions.items()))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def population(self) -> bytes:
        """The store's data as N-Triples, read through the read-only handle (as `impact --stored`)."""
        return self._state.store.dump_data()

    def impact(self, key: tuple, compute: Callable[[bytes], Impact]) -> tuple[Impact, bool]:
        """The impact cached under `key` + the data version, else computed now; and
        whether it came from the cache."""
        self.catalog()  # an edited edition folder makes a new signature, so a fresh impact
        full = (*key, self._signature, self.data_version())
        with self._lock:
            if full in self._impacts:
                self._impacts.move_to_end(full)
                return self._impacts[full], True
        with self.compute_lock:
            with self._lock:
                if full in self._impacts:
                    return self._impacts[full], True
            result = compute(self.population())
            with self._lock:
                self._impacts[full] = result
                while len(self._impacts) > CACHED_IMPACTS:
                    self._impacts.popitem(last=False)
            return result, False
