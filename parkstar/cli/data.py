"""Commands for the application workbook (申报表): `template` writes the blank workbook,
`import` turns a filled one (or a folder of CSV files, one per sheet) into RDF."""

import json
import sys
from pathlib import Path

import click

from parkstar.cli import LANG, STORE, friendly, main


@main.command()
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@LANG
@friendly
def template(out: Path, lang: str) -> None:
    """写出空白申报表（Excel 工作簿） / write the blank application workbook (.xlsx)."""
    from parkstar.importers import write_template
    from parkstar.importers.form import load_form

    write_template(out)
    form = load_form()
    sheets = ("、" if lang == "zh" else ", ").join(s.name.get(lang) for s in form.sheets)
    if lang == "en":
        click.echo(f"wrote {out}: sheets {sheets}, with drop-downs from the code lists", err=True)
    else:
        click.echo(f"已写出 {out}：{sheets}各表，下拉选项取自代码表", err=True)


@main.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="写入 Turtle 文件（默认：标准输出） / write Turtle here (default: stdout)",
)
@click.option(
    "--problems",
    "problems_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="问题清单格式（写到标准错误） / format of the problem list (on stderr)",
)
@click.option("--graph", default=None, help="同时载入数据库的这个图 / also load into this graph of the store")
@click.option("--agent", default=None, help="提交人 / who loads the data (default: the user)")
@STORE
@LANG
@friendly
def import_(
    source: Path,
    output: Path | None,
    problems_format: str,
    graph: str | None,
    agent: str | None,
    store_path: Path | None,
    lang: str,
) -> None:
    """导入申报表（.xlsx 或 CSV 文件夹）为 RDF / import a workbook (.xlsx or a folder of CSV files) as RDF.

    Every problem is listed at once with its sheet, row and column. With any error no RDF
    is written and the exit status is 1; warnings and notices (values normalised on the
    way in) are listed but do not stop the import."""
    from parkstar.importers import import_path

    result = import_path(source)
    if problems_format == "json":
        if result.problems:
            click.echo(json.dumps([p.as_dict() for p in result.problems], ensure_ascii=False, indent=2), err=True)
    else:
        for problem in result.problems:
            click.echo(problem.line(lang), err=True)
    counts = (len(result.errors), len(result.warnings), len(result.notices))
    if not result.ok:
        if lang == "en":
            click.echo(
                f"{source}: {counts[0]} errors, {counts[1]} warnings, {counts[2]} notices; no RDF written", err=True
            )
        else:
            click.echo(f"{source}：{counts[0]} 个错误、{counts[1]} 个警告、{counts[2]} 个提示；未生成 RDF", err=True)
        sys.exit(1)
    assert result.graph is not None
    text = result.graph.serialize(format="turtle")
    if graph is not None:
        _load_imported(text, source, graph, agent, store_path)
    elif output is None:
        click.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    parks = ", ".join(result.parks)
    if lang == "en":
        click.echo(
            f"{source}: {len(result.parks)} parks ({parks}), {len(result.graph)} triples; "
            f"{counts[1]} warnings, {counts[2]} notices",
            err=True,
        )
    else:
        click.echo(
            f"{source}：{len(result.parks)} 个园区（{parks}），{len(result.graph)} 个三元组；"
            f"{counts[1]} 个警告、{counts[2]} 个提示",
            err=True,
        )


def _load_imported(text: str, source: Path, graph: str, agent: str | None, store_path: Path | None) -> None:
    """Load an imported workbook into the store (checked, all or nothing), recording the
    workbook itself as the source in the provenance."""
    import getpass
    import tempfile

    from parkstar.cli import progress_printer
    from parkstar.exchange.loading import load_files
    from parkstar.results import RatingResults
    from parkstar.store import graph_name, open_store

    with tempfile.TemporaryDirectory() as folder:
        rdf = Path(folder) / "import.ttl"
        rdf.write_text(text, encoding="utf-8")
        store = open_store(store_path)
        results = RatingResults(store)
        who = agent or getpass.getuser()
        result = load_files(store, [rdf], graph_name(graph), who, sources=[source], rater=results.rater)
    rated = result.rated + results.refresh(progress=progress_printer("评定 / rating"))
    for name, count in result.graphs.items():
        click.echo(f"{name}: {count} 三元组 / triples; 已评定 {rated} 个园区 / rated {rated} parks", err=True)
