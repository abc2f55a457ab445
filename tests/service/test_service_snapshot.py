"""The service shows whole loads only: while a load is half-written (graphs marked as
loading, or staged), it keeps its previous snapshot of the store; once the load is
finished it shows the new data. The writer is another process, as in production."""

import gc
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.service.conftest import ROOT, SAMPLE

EXTRA = ROOT / "data" / "workbook-twins"

HALF_LOAD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import pyoxigraph as ox
    from parkstar.store import graph_name, open_store
    store = open_store(Path(sys.argv[1]))
    targets = store.begin_load([graph_name("extra")])
    for file in sorted(Path(sys.argv[2]).glob("*.ttl")):
        store.bulk_load(targets[graph_name("extra")], path=str(file), format=ox.RdfFormat.TURTLE)
    store.flush()
    # the process ends here, as if killed before finish_load
    """
)


def _parks(state) -> int:
    return len(state.ratings().snapshot().ratings)


def test_a_half_written_load_is_never_shown_and_a_finished_one_is(tmp_path: Path) -> None:
    from parkstar.exchange.loading import load_files
    from parkstar.results import RatingResults
    from parkstar.store import graph_name, open_store
    from service.app import ServiceState
    from service.config import load_settings

    path = tmp_path / "store"
    store = open_store(path)
    load_files(store, [SAMPLE], graph_name("sample"), "test")
    RatingResults(store).refresh()
    store.flush()
    del store
    gc.collect()

    state = ServiceState(load_settings({"STORE": str(path)}, environ={}))
    try:
        before = state.store
        assert _parks(state) == 15
        names_before = before.graph_names()

        written = subprocess.run(
            [sys.executable, "-c", HALF_LOAD, str(path), str(EXTRA)], cwd=ROOT, capture_output=True, text=True
        )
        assert written.returncode == 0, written.stderr
        state._checked_at = 0  # look at the folder now rather than in two seconds
        assert state.store is before, "a snapshot of a half-written load was taken"
        assert state.store.graph_names() == names_before

        finished = subprocess.run(
            [
                sys.executable,
                "-c",
                "from parkstar.cli import main; main()",
                "load",
                str(EXTRA),
                "--graph",
                "extra",
                "--store",
                str(path),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert finished.returncode == 0, finished.stdout + finished.stderr
        state._checked_at = 0
        assert state.store is not before
        assert graph_name("extra") in state.store.graph_names()
        assert _parks(state) > 15
    finally:
        state.close()
