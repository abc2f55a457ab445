"""Commands that work on the persistent store: load, graphs, export, drop."""

import getpass
import json
from datetime import datetime
from pathlib import Path

import click

from parkstar.cli import AS_OF, EDITION, LANG, PATHS, STORE, chosen_criteria, friendly, main, progress_printer


def _rater(edition: str | None = None, as_of: datetime | None = None):
    """A rater under the edition named, else the one in force (today by default)."""
    from parkstar.engine import Rater

    return Rater(chosen_criteria(edition, as_of))


@main.command()
@PATHS
@click.option("--graph", "graph", default=None, help="写入的图（短名或 IRI） / target graph (short name or IRI)")
@click.option("--agent", default=None, help="提交人 / who loads the data (default: the user)")
@STORE
@LANG
@friendly
def load(inputs: tuple[Path, ...], graph: str | None, agent: str | None, store_path: Path | None, lang: str) -> None:
    """检查并载入数据（全部或全不） / check and load data into the store (all or nothing)."""
    from parkstar.exchange.loading import RejectedData, load_files
    from parkstar.results import RatingResults
    from parkstar.store import graph_name, open_store

    if not inputs:
        raise click.UsageError("需要至少一个文件 / at least one file is needed")
    store = open_store(store_path)
    rater = _rater()
    try:
        target = graph_name(graph) if graph else None
        result = load_files(store, list(inputs), target, agent or getpass.getuser(), rater=rater)
    except RejectedData as rejected:
        for p in rejected.problems:
            click.echo(p.line(lang), err=True)
        raise
    for name, count in result.graphs.items():
        click.echo(f"{name}: {count} 三元组 / triples")
    rated = result.rated + RatingResults(store, rater).refresh(progress=progress_printer("评定 / rating"))
    click.echo(f"已评定 {rated} 个园区 / rated {rated} parks")
    if result.warnings:
        click.echo(f"{len(result.warnings)} 个提示（缺少的数据） / warnings (missing data)", err=True)


@main.command()
@STORE
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly
def graphs(store_path: Path | None, fmt: str) -> None:
    """列出数据库中的图及其来源 / list the store's graphs with their provenance."""
    from parkstar.store import open_store

    records = open_store(store_path, read_only=True).graphs()
    if fmt == "json":
        click.echo(json.dumps([r.__dict__ for r in records], ensure_ascii=False, indent=2))
        return
    for r in records:
        click.echo(f"{r.name}  {r.triples}  {r.loaded_at or '-'}  {r.agent or '-'}  {' '.join(r.sources)}")


@main.command()
@click.option("--graph", "graphs_", multiple=True, help="只导出这些图 / only these graphs")
@click.option(
    "--format", "fmt", type=click.Choice(["ttl", "nt", "trig", "nq", "jsonld"]), default="trig", show_default=True
)
@click.option("-o", "--out", type=click.Path(path_type=Path), default=None)
@click.option("--publisher", default="parkstar", show_default=True, help="发布机构 / publisher")
@click.option("--region", default=None, help="地区代码，如 330600 / region code, e.g. 330600")
@click.option(
    "--ratings",
    is_flag=True,
    help="同时导出已存储的评定结果（每项注明标准版本） / also export the stored ratings (each names its edition)",
)
@EDITION
@AS_OF
@STORE
@friendly
def export(
    graphs_: tuple[str, ...],
    fmt: str,
    out: Path | None,
    publisher: str,
    region: str | None,
    ratings: bool,
    edition: str | None,
    as_of: datetime | None,
    store_path: Path | None,
) -> None:
    """导出数据（附 DCAT/VoID 描述与来源） / export data with a DCAT/VoID description and provenance."""
    from rdflib import URIRef

    from parkstar.exchange.exporting import export as run_export
    from parkstar.exchange.exporting import write
    from parkstar.results import RatingResults
    from parkstar.store import graph_name, open_store
    from parkstar.vocab import CODE

    store = open_store(store_path, read_only=True)
    rater = _rater(edition, as_of)
    names = [graph_name(g) for g in graphs_] or None
    if ratings:  # the current ratings run of the edition: ps:Rating nodes with ps:edition
        names = [*(names if names is not None else store.graph_names()), RatingResults(store, rater).graph]
    region_iri = URIRef(f"{CODE}region/{region}") if region else None
    data = run_export(store, names, fmt, publisher, region_iri, rater.criteria.edition)
    write(data, out)


@main.command()
@click.argument("graph")
@STORE
@friendly
def drop(graph: str, store_path: Path | None) -> None:
    """删除一个图及其来源记录 / remove a graph and its provenance."""
    from parkstar.results import RatingResults
    from parkstar.store import graph_name, open_store

    name = graph_name(graph)
    store = open_store(store_path)
    store.drop(name)
    RatingResults(store, _rater()).refresh()
    click.echo(f"已删除 / dropped {name}")


@main.command()
@STORE
@EDITION
@AS_OF
@friendly
def rerate(store_path: Path | None, edition: str | None, as_of: datetime | None) -> None:
    """按当前标准版本重新评定数据库中的全部园区 / re-rate every park in the store under the current edition."""
    from parkstar.results import RatingResults
    from parkstar.store import open_store

    rated = RatingResults(open_store(store_path), _rater(edition, as_of)).refresh_all(progress_printer("评定 / rating"))
    click.echo(f"已评定 {rated} 个园区 / rated {rated} parks")
