"""The service under test: a store loaded with the sample data and rated, and the real
server (`python -m service.serve`, waitress) on a free loopback port, once per session.
The limits are small so the tests can reach them: 2 s per query, 500 rows, 2 workers."""

import gc
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `service` is a top-level package beside `parkstar`
    sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "data" / "sample"
QUERY_TIMEOUT = 2
ROW_LIMIT = 500
PARK = "https://w3id.org/parkstar/def#Park"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    @property
    def sparql(self) -> str:
        return f"{self.url}/sparql"

    def request(
        self,
        path: str,
        params: dict | list | None = None,
        data: bytes | None = None,
        headers: dict | None = None,
        method: str | None = None,
        timeout: float = 30,
    ) -> Reply:
        url = self.url + path
        if params:
            url += "?" + urllib.parse.urlencode(params, doseq=True)
        req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return Reply(response.status, _lower(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, _lower(error.headers), error.read())

    def query(self, sparql: str, accept: str | None = None, timeout: float = 30, **params) -> Reply:
        headers = {"Accept": accept} if accept else {}
        return self.request("/sparql", {"query": sparql, **params}, headers=headers, timeout=timeout)

    def post_form(self, fields: dict, accept: str | None = None) -> Reply:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if accept:
            headers["Accept"] = accept
        return self.request("/sparql", data=urllib.parse.urlencode(fields).encode(), headers=headers)

    def post_body(self, body: str, content_type: str, accept: str | None = None, timeout: float = 30) -> Reply:
        headers = {"Content-Type": content_type}
        if accept:
            headers["Accept"] = accept
        return self.request("/sparql", data=body.encode(), headers=headers, timeout=timeout)


def _lower(headers) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """A store with the sample parks loaded and rated; closed before the server opens it."""
    from parkstar.exchange.loading import load_files
    from parkstar.results import RatingResults
    from parkstar.store import graph_name, open_store

    path = tmp_path_factory.mktemp("service") / "store"
    store = open_store(path)
    load_files(store, [SAMPLE], graph_name("sample"), "test")
    rated = RatingResults(store).refresh()
    assert rated == 15
    store.flush()
    del store
    gc.collect()
    return path


@pytest.fixture(scope="session")
def editions_dir(tmp_path_factory) -> Path:
    """A copy of editions/: the server saves what-if drafts here, never into the repo."""
    import shutil

    target = tmp_path_factory.mktemp("editions") / "editions"
    shutil.copytree(ROOT / "editions", target)
    return target


@pytest.fixture(scope="session")
def server(sample_store: Path, editions_dir: Path, tmp_path_factory) -> Server:
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARKSTAR_")}
    env.update(
        PARKSTAR_STORE=str(sample_store),
        PARKSTAR_EDITIONS=str(editions_dir),
        PARKSTAR_HOST="127.0.0.1",
        PORT=str(port),
        PARKSTAR_QUERY_TIMEOUT=str(QUERY_TIMEOUT),
        PARKSTAR_ROW_LIMIT=str(ROW_LIMIT),
        PARKSTAR_QUERY_WORKERS="2",
        SECRET_KEY="test-secret",
        PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    )
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "service.serve"], cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    running = Server(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            pytest.fail(f"the server exited ({process.returncode}):\n{log.read_text()}")
        try:
            if running.request("/sparql/limits", timeout=2).status == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the server did not start:\n{log.read_text()}")
        time.sleep(0.2)
    yield running
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text


# ── A real browser: Debian's chromium driven by Playwright (no browser download) ──────
CHROMIUM = os.environ.get("PARKSTAR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"no browser at {CHROMIUM}: `make setup-dev` installs Debian's chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class BrowserPage:
    """A page in a fresh browser context on the test server. Every request that leaves
    the server is blocked and recorded (the viewer must work offline), and every script
    error is recorded; both lists must be empty when the test ends."""

    page: object
    outside: list[str]
    errors: list[str]


@pytest.fixture
def web(browser, server: Server):
    context = browser.new_context(base_url=server.url, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    outside: list[str] = []
    errors: list[str] = []

    def only_this_server(route) -> None:
        url = route.request.url
        if url.startswith(server.url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", only_this_server)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on("console", lambda message: errors.append(f"console: {message.text}") if message.type == "error" else None)
    yield BrowserPage(page, outside, errors)
    context.close()
    assert outside == [], f"the page asked for outside addresses: {outside}"
    assert errors == [], f"script errors: {errors}"
