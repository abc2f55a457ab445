"""`make run` / `parkstar serve --sample`: a real server from the README's first command
on a fresh store — the sample parks loaded and rated, the viewer answering; a load by
another process while it runs is seen without a restart; a second start loads nothing
again and duplicates nothing."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.service.conftest import ROOT, Server, free_port

BIN = Path(sys.executable).parent
SAMPLE_GRAPH_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/parkstar/id/graph/sample> { ?s ?p ?o } }"


def start(command: list[str], store: Path, port: int, log: Path) -> tuple[subprocess.Popen, Server]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARKSTAR_", "MAKE"))}
    env.update(PARKSTAR_STORE=str(store), PORT=str(port), PARKSTAR_QUERY_WORKERS="1", SECRET_KEY="test")
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            pytest.fail(f"{command} exited ({process.returncode}):\n{log.read_text()}")
        try:
            if server.request("/", timeout=2).status == 200:
                return process, server
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop(process)
            pytest.fail(f"{command} did not answer:\n{log.read_text()}")
        time.sleep(0.3)


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)  # the whole session we started: make, parkstar, query workers
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def count(server: Server, query: str) -> int:
    reply = server.query(query, accept="application/sparql-results+json")
    return int(reply.json()["results"]["bindings"][0]["n"]["value"])


def test_make_run_serves_the_rated_sample_and_follows_the_store(tmp_path):
    store = tmp_path / "store"
    process, server = start(["make", "-s", "run", f"BIN={BIN}"], store, free_port(), tmp_path / "run.log")
    try:
        parks = server.request("/api/parks").json()
        assert parks["count"] == 15
        stars = {p["id"]: p["stars"] for p in parks["parks"]}
        assert stars["changxing-xinneng"] == 3 and stars["shengzhou-jingchuang"] == 5
        assert "open in a browser: http://127.0.0.1:" in (tmp_path / "run.log").read_text()
        size = count(server, SAMPLE_GRAPH_SIZE)

        # another process loads more data while the server runs: seen without a restart
        loaded = subprocess.run(
            [str(BIN / "parkstar"), "load", str(ROOT / "data" / "workbook-twins"), "--graph", "twins"],
            env={**os.environ, "PARKSTAR_STORE": str(store)},
            capture_output=True,
            text=True,
        )
        assert loaded.returncode == 0, loaded.stderr
        deadline = time.monotonic() + 20
        while server.request("/api/parks").json()["count"] != 18:
            assert time.monotonic() < deadline, "the server did not notice the new data"
            time.sleep(0.5)
        assert count(server, "SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://w3id.org/parkstar/def#Park> }") == 18
        assert server.request("/id/park/deqing-leidian", headers={"Accept": "text/turtle"}).status == 200
    finally:
        stop(process)
    assert "Traceback" not in (tmp_path / "run.log").read_text()

    # a second start: nothing loaded again, nothing duplicated, the later load kept
    command = [str(BIN / "parkstar"), "serve", "--sample"]
    process, server = start(command, store, free_port(), tmp_path / "again.log")
    try:
        assert "already in the store" in (tmp_path / "again.log").read_text()
        assert count(server, SAMPLE_GRAPH_SIZE) == size
        assert server.request("/api/parks").json()["count"] == 18
    finally:
        stop(process)


def test_serve_without_a_store_says_how_to_make_one(tmp_path):
    run = subprocess.run(
        [str(BIN / "parkstar"), "serve", "--store", str(tmp_path / "none")], capture_output=True, text=True
    )
    assert run.returncode == 2
    assert "parkstar load" in run.stderr and "--sample" in run.stderr and "Traceback" not in run.stderr
