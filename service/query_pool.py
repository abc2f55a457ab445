"""A small pool of query worker processes, each with the store open read-only.

pyoxigraph cannot cancel a running query from Python, so a query that passes its time
limit is stopped by killing the process that runs it; a fresh worker takes its place in
the background. The web process itself never evaluates SPARQL: its threads only wait on
a pipe, so a runaway query occupies one worker (and, being niced, yields the CPU to the
pages) while the rest of the site keeps answering. With every worker busy a request
waits for one up to the time limit, then gets "busy".

Workers come from a fork server (a clean single-threaded process started once, with the
query modules preloaded), so a replacement starts in milliseconds and never inherits the
web server's threads. A worker dies with the web process: the fork server exits when
its parent does, and on Linux each worker asks the kernel to kill it when the fork server
goes; elsewhere a watchdog thread in the worker checks that the web process is alive."""

import logging
import multiprocessing
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass

log = logging.getLogger(__name__)

WORKER_NICENESS = 5


class PoolError(Exception):
    """A query that could not be run to the end; `kind` is "timeout", "busy", "lost" or
    "unavailable" (the workers cannot open the store)."""

    def __init__(self, kind: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.kind, self.zh, self.en = kind, zh, en


@dataclass(eq=False)
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: object  # multiprocessing.connection.Connection

    def kill(self) -> None:
        try:
            self.process.kill()
        except (OSError, ValueError):
            pass
        self.process.join(timeout=5)
        try:
            self.conn.close()
        except OSError:
            pass


class QueryPool:
    def __init__(self, store_path: str, size: int = 2, timeout: float = 10.0, start_timeout: float = 60.0) -> None:
        self.store_path = str(store_path)
        self.size = max(1, int(size))
        self.timeout = float(timeout)
        self.start_timeout = start_timeout
        methods = multiprocessing.get_all_start_methods()
        self._ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            self._ctx.set_forkserver_preload(["service.sparql_exec"])
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self._live: set[_Worker] = set()
        self.startup_error: str | None = None

    # ── life cycle ───────────────────────────────────────────────────────────
    def start(self) -> None:
        """Start the workers (once) and wait until each has opened the store."""
        with self._lock:
            if self._started:
                return
            self._started = True
        for _ in range(self.size):
            worker = self._spawn()
            if worker is not None:
                self._idle.put(worker)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._live)
            self._live.clear()
        for worker in workers:
            worker.kill()

    def _spawn(self) -> "_Worker | None":
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=_worker_main, args=(child, self.store_path, os.getpid()), name="parkstar-query", daemon=True
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        try:
            ready = parent.poll(self.start_timeout)
            message = parent.recv() if ready else ("error", "the worker did not start in time")
        except (EOFError, OSError):
            message = ("error", f"the worker ended while starting (exit code {process.exitcode})")
        if message[0] != "ready":
            self.startup_error = message[1]
            log.error("query worker could not start: %s", message[1])
            worker.kill()
            return None
        with self._lock:
            if self._closed:
                worker.kill()
                return None
            self._live.add(worker)
            self.startup_error = None
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start another in the background."""
        with self._lock:
            self._live.discard(worker)
        worker.kill()

        def respawn() -> None:
            for attempt in range(5):
                if self._closed:
                    return
                fresh = self._spawn()
                if fresh is not None:
                    self._idle.put(fresh)
                    return
                time.sleep(0.5 * (attempt + 1))

        threading.Thread(target=respawn, name="parkstar-query-respawn", daemon=True).start()

    # ── running ──────────────────────────────────────────────────────────────
    def run(self, job: dict) -> dict:
        """The worker's reply to a job (see service.sparql_exec.execute); raises PoolError
        when no worker frees up in time, the query passes the time limit or a worker dies."""
        self.start()
        if not self._live and self.startup_error:
            raise PoolError(
                "unavailable",
                f"查询服务不可用：{self.startup_error}",
                f"the query service is unavailable: {self.startup_error}",
            )
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise PoolError(
                "busy",
                "查询服务繁忙，请稍后再试",
                "the query service is busy: try again in a moment",
            ) from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                self._replace(worker)
                raise PoolError(
                    "timeout",
                    f"查询超过时间上限（{self.timeout:g} 秒），已停止",
                    f"the query ran longer than the time limit ({self.timeout:g} s) and was stopped",
                )
            reply = worker.conn.recv()
        except (EOFError, OSError) as error:
            log.error("query worker lost: %s", error)
            self._replace(worker)
            raise PoolError("lost", "查询进程意外终止", "the query process ended unexpectedly") from None
        self._idle.put(worker)
        return reply


def _worker_main(conn, store_path: str, owner: int) -> None:
    """A query worker: open the store, then answer jobs until the pipe closes."""
    _die_with_parent(owner)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in a terminal stops the server, which kills us
    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        pass
    import pyoxigraph as ox

    from service.sparql_exec import execute

    try:
        store = ox.Store.read_only(store_path)
    except OSError as error:
        conn.send(("error", f"cannot open the store {store_path}: {error}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = execute(store, job)
        except Exception as error:  # a bug must not take the worker down silently
            reply = {"kind": "error", "zh": f"内部错误：{error}", "en": f"internal error: {error}"}
        conn.send(reply)


def _die_with_parent(owner: int) -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: killed when the fork server exits
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(owner, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:
                pass

    threading.Thread(target=watch, name="parkstar-owner-watch", daemon=True).start()
