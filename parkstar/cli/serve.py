"""`parkstar serve`: the web service (viewer, SPARQL endpoint, linked data) on the store,
after making sure the store holds rated data — with `--sample`, the sample parks, loaded
only when the files changed (their SHA-256 against the provenance), so running it again
replaces nothing and duplicates nothing."""

import gc
from pathlib import Path

import click

from parkstar import paths
from parkstar.cli import STORE, friendly, main, progress_printer
from parkstar.errors import ParkstarError

SAMPLE_GRAPH = "sample"


@main.command()
@STORE
@click.option(
    "--sample", is_flag=True, help="先载入示例数据（文件有变化时） / load the sample data first (when it changed)"
)
@click.option("--host", default=None, help="监听地址（默认 127.0.0.1） / address to listen on (default 127.0.0.1)")
@click.option("--port", type=int, default=None, help="端口（默认 8080） / port (default 8080)")
@friendly
def serve(store_path: Path | None, sample: bool, host: str | None, port: int | None) -> None:
    """启动网页服务（查看器、SPARQL、关联数据） / run the web service (viewer, SPARQL, linked data)."""
    from parkstar.store import default_store_path, is_remote

    location = store_path or default_store_path()
    if is_remote(location):
        raise ParkstarError(
            "网页服务需要本地数据库文件夹，暂不支持远程 SPARQL 服务器",
            "the web service needs a local store folder; a remote SPARQL server is not supported yet",
        )
    prepare(Path(location), sample)
    from service.serve import main as run_server

    overrides = {"STORE": str(location)}
    if host:
        overrides["HOST"] = host
    if port is not None:
        overrides["PORT"] = port
    raise SystemExit(run_server(overrides))


def prepare(location: Path, sample: bool) -> None:
    """Load the sample data if asked and it is not there as it is on disk, then rate what
    is stale; the store is closed again before the server opens it read-only."""
    from parkstar.exchange.loading import load_files
    from parkstar.results import RatingResults
    from parkstar.store import graph_name, open_store

    if not sample and not location.is_dir():
        raise ParkstarError(
            f"数据库 {location} 不存在：请先用 parkstar load 载入数据，或加 --sample",
            f"there is no store at {location}: load data first with parkstar load, or add --sample",
        )
    store = open_store(location)
    results = RatingResults(store)
    rated = 0
    if sample:
        files = sorted(paths.SAMPLE_DIR.glob("*.ttl"))
        if _loaded_as_on_disk(store, graph_name(SAMPLE_GRAPH), files):
            click.echo("示例数据已在数据库中 / the sample data is already in the store")
        else:
            result = load_files(store, files, graph_name(SAMPLE_GRAPH), "parkstar serve --sample", rater=results.rater)
            rated = result.rated
            for name, count in result.graphs.items():
                click.echo(f"{name}: {count} 三元组 / triples")
    rated += results.refresh(progress=progress_printer("评定 / rating"))
    click.echo(f"已评定 {rated} 个园区（其余已是最新） / rated {rated} parks (the others were current)")
    store.flush()
    del store
    gc.collect()  # release the write lock before the server opens the store


def _loaded_as_on_disk(store, graph, files: list[Path]) -> bool:
    """Whether `graph` was loaded from exactly these files, unchanged since (by SHA-256)."""
    from parkstar.store.provenance import file_digest
    from parkstar.vocab import PROV, PS

    if graph not in store.graph_names():
        return False
    prov = store.provenance()
    activity = prov.value(graph, PROV.wasGeneratedBy)
    stored = {str(prov.value(used, PS.sha256)) for used in prov.objects(activity, PROV.used)} if activity else set()
    return stored == {file_digest(f) for f in files}
