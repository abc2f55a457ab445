"""The Flask application: settings, the store (read-only), the stored ratings and the
SPARQL query pool, shared by the blueprints through `app.extensions["parkstar"]`."""

import atexit
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from flask import Flask

from parkstar.errors import ParkstarError
from service import errors
from service.config import load_settings
from service.editions_state import EditionsState
from service.query_pool import QueryPool

log = logging.getLogger(__name__)


class ServiceState:
    """What the requests share. The store, the ratings and the pool are opened on first
    use (or by warm(), which the server entry calls before it listens)."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.store_path = str(settings["STORE"])
        if self.store_path.startswith(("http://", "https://")):
            raise ParkstarError(
                "网页服务需要本地数据库文件夹（PARKSTAR_STORE），暂不支持远程 SPARQL 服务器",
                "the web service needs a local store folder (PARKSTAR_STORE); a remote SPARQL server is not "
                "supported yet",
            )
        self._pool = self._new_pool()
        self._lock = threading.Lock()
        self._store = None
        self._ratings = None
        self._rater = None
        self._seen: tuple | None = None  # the store folder's files when the handle was opened
        self._checked_at = 0.0
        self.check_lock = threading.Lock()  # one uploaded file rated at a time: it takes seconds and memory
        self.editions = EditionsState(self)  # the catalog, a rater per edition, impacts computed
        atexit.register(self.close)

    # ── following the store ──────────────────────────────────────────────────
    # A read-only Oxigraph handle is a snapshot taken when it opens: it never sees a later
    # `parkstar load` or `rerate` by another process. Every few seconds a request looks at
    # the store folder's files (names, sizes, times: a write changes them; readers never
    # do); when they changed, the handle, the stored ratings and the query workers are
    # opened afresh. Queries already running finish on the old workers.
    RECHECK_SECONDS = 2.0

    def _new_pool(self) -> QueryPool:
        return QueryPool(self.store_path, self.settings["QUERY_WORKERS"], self.settings["QUERY_TIMEOUT"])

    def _files(self) -> tuple:
        try:
            with os.scandir(self.store_path) as entries:
                return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries if e.is_file()))
        except OSError:
            return ()

    def follow(self) -> None:
        """Reopen everything read from the store when the store changed on disk."""
        now = time.monotonic()
        if self._seen is None or now - self._checked_at < self.RECHECK_SECONDS:
            return
        self._checked_at = now
        files = self._files()
        if files == self._seen:
            return
        with self._lock:
            if files == self._seen:
                return
            from parkstar.store import open_store

            snapshot = open_store(Path(self.store_path), read_only=True)
            if not snapshot.settled():  # a load is writing: keep showing the data as it was
                log.info("the store is being loaded: keeping the previous snapshot until the load ends")
                return
            log.info("the store changed on disk: reopening it, the stored ratings and the query workers")
            old_pool, fresh_pool = self._pool, self._new_pool()
            self._store = snapshot
            self._ratings = None
            self._seen = files
            self._pool = fresh_pool  # its workers start on its first query
        retire = threading.Timer(self.settings["QUERY_TIMEOUT"] + 1, old_pool.close)
        retire.daemon = True
        retire.start()

    @property
    def pool(self) -> QueryPool:
        self.follow()
        return self._pool

    def rater(self):
        """The rating engine with the current criteria (shared by the stored ratings and
        the check of uploaded files)."""
        if self._rater is None:
            with self._lock:
                if self._rater is None:
                    from parkstar.engine import Rater

                    self._rater = Rater()
        return self._rater

    @property
    def store(self):
        self.follow()
        if self._store is None:
            with self._lock:
                if self._store is None:
                    from parkstar.store import open_store

                    path = Path(self.store_path)
                    if not path.is_dir():
                        raise ParkstarError(
                            f"数据库 {path} 不存在：请先用 parkstar load 载入数据",
                            f"there is no store at {path}: load data first with parkstar load",
                        )
                    self._seen = self._files()
                    self._checked_at = time.monotonic()
                    self._store = open_store(path, read_only=True)
        return self._store

    def ratings(self):
        self.follow()
        if self._ratings is None:
            from parkstar.results import RatingResults
            from service.ratings import StoredRatings

            store, rater = self.store, self.rater()
            with self._lock:
                if self._ratings is None:
                    self._ratings = StoredRatings(RatingResults(store, rater))
        return self._ratings

    def warm(self) -> None:
        """Open everything now, so the first request is not slow and a bad setting stops
        the server at start rather than on a request."""
        self.ratings().snapshot()
        self.pool.start()
        if self.pool.startup_error:
            raise ParkstarError(
                f"查询进程无法启动：{self.pool.startup_error}",
                f"the query workers cannot start: {self.pool.startup_error}",
            )

    def close(self) -> None:
        self._pool.close()


def create_app(config: dict | None = None) -> Flask:
    """The web service. Settings come from the environment (see service.config), and
    `config` overrides them (e.g. in tests)."""
    settings = load_settings(config)
    app = Flask(__name__)
    app.config.update(settings)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.extensions["parkstar"] = ServiceState(settings)

    from service import assets, pages
    from service.api import bp as api
    from service.sparql import bp as sparql
    from service.views import editions, linked, tools, viewer

    app.register_blueprint(sparql)
    app.register_blueprint(api)
    app.register_blueprint(assets.bp)
    app.register_blueprint(viewer.bp)
    app.register_blueprint(tools.bp)
    app.register_blueprint(linked.bp)
    app.register_blueprint(editions.bp)
    pages.install(app)
    errors.register(app)
    return app
