"""Commands about editions of the standard: editions (the list), criteria diff (what
changed between two), impact (what a revision does to the parks)."""

import json
from pathlib import Path

import click

from parkstar.cli import LANG, STORE, friendly, input_paths, main
from parkstar.cli.rating import criteria
from parkstar.errors import ParkstarError


@main.command()
@LANG
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly
def editions(lang: str, fmt: str) -> None:
    """列出标准的各个版本 / list the editions of the standard."""
    from parkstar.editions import load_catalog
    from parkstar.report.editions import editions_table

    catalog = load_catalog()
    data = [catalog.describe(e) for e in catalog.editions]
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(editions_table(data, lang))


@criteria.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@LANG
@friendly
def diff(old: str, new: str, fmt: str, lang: str) -> None:
    """列出两个版本之间的全部变更 / list every change between two editions (OLD → NEW)."""
    from parkstar.editions import diff_editions
    from parkstar.report.editions import diff_table

    changes = diff_editions(old, new)
    if fmt == "json":
        click.echo(json.dumps([c.as_dict() for c in changes], ensure_ascii=False, indent=2))
    else:
        click.echo(diff_table(changes, lang))


@main.command()
@click.option("--from", "old", required=True, help="原版本 / the edition before")
@click.option("--to", "new", required=True, help="新版本 / the edition after")
@click.option(
    "--data",
    "data_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="园区数据文件或文件夹（可多次；默认示例数据） / park data file or folder (repeatable; default the sample)",
)
@click.option("--stored", is_flag=True, help="数据库中的全部园区 / every park in the store")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@LANG
@STORE
@friendly
def impact(
    old: str, new: str, data_paths: tuple[Path, ...], stored: bool, fmt: str, lang: str, store_path: Path | None
) -> None:
    """一次修订对每个园区的影响 / the impact of a revision on every park."""
    from parkstar.editions import impact_of
    from parkstar.report.editions import impact_csv, impact_table

    if stored and data_paths:
        raise click.UsageError("--stored 与 --data 只能选一个 / use either --stored or --data")
    if stored:
        from parkstar.store import open_store

        data = open_store(store_path, read_only=True).dump_data()
    else:
        data = _read(input_paths(data_paths))
    result = impact_of(old, new, data)
    if result.parks == 0:
        raise ParkstarError("数据中没有可比较的园区", "the data has no park to compare")
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(impact_csv(result, lang), nl=False)
    else:
        click.echo(impact_table(result, lang))


def _read(paths: list[Path]):
    """One N-Triples file goes to Oxigraph as bytes (no Python object per triple);
    anything else is parsed into quads (blank nodes kept apart per file)."""
    from parkstar.rdf.reading import rdf_files, read_quads

    files = rdf_files(paths)
    if len(files) == 1 and files[0].suffix == ".nt":
        return files[0].read_bytes()
    return read_quads(files)
