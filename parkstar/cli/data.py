"""Commands for the application workbook (申报表): `template` writes the blank workbook,
`import` turns a filled one (or a folder of CSV files, one per sheet) into RDF."""

import json
import sys
from pathlib import Path

import click

from parkstar.cli import LANG, friendly, main


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
@LANG
@friendly
def import_(source: Path, output: Path | None, problems_format: str, lang: str) -> None:
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
    if output is None:
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
