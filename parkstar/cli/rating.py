"""Commands that rate parks and show the criteria: rate, explain, criteria,
check-standard, validate."""

import json
import sys
from datetime import datetime
from pathlib import Path

import click

from parkstar.cli import (
    AS_OF,
    EDITION,
    LANG,
    PATHS,
    STORE,
    chosen_criteria,
    friendly,
    input_paths,
    main,
    progress_printer,
)
from parkstar.errors import ParkstarError


def _rate(
    inputs: tuple[Path, ...],
    stored: bool = False,
    store_path: Path | None = None,
    edition: str | None = None,
    as_of: datetime | None = None,
):
    """Rate the files given (the sample data by default), or the store's data, under the
    edition named or in force on the date (today by default)."""
    from parkstar.engine import Rater
    from parkstar.rdf.reading import read_quads

    rater = Rater(chosen_criteria(edition, as_of))
    if stored:
        from parkstar.results import RatingResults
        from parkstar.store import open_store

        results = RatingResults(open_store(store_path), rater)
        results.refresh(progress=progress_printer("评定 / rating"))
        ratings = results.ratings()
    else:
        data = read_quads(input_paths(inputs))
        ratings = list(rater.rate(data, progress_printer("评定 / rating")))
    if not ratings:
        raise ParkstarError("输入中没有园区（rdf:type ps:Park）", "the input has no park (rdf:type ps:Park)")
    return rater, ratings


STORED = click.option(
    "--stored",
    is_flag=True,
    help="数据库中存储的评定结果（先更新过时的） / the store's stored ratings (stale ones renewed first)",
)


@main.command()
@PATHS
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "ttl"]), default="table", show_default=True)
@LANG
@STORED
@STORE
@EDITION
@AS_OF
@friendly
def rate(
    inputs: tuple[Path, ...],
    fmt: str,
    lang: str,
    stored: bool,
    store_path: Path | None,
    edition: str | None,
    as_of: datetime | None,
) -> None:
    """评定园区星级（默认：示例数据） / rate parks (default: the sample data)."""
    from parkstar.report.data import rating_data
    from parkstar.report.rdf import ratings_graph
    from parkstar.report.tabular import ratings_csv
    from parkstar.report.text import ratings_table

    rater, ratings = _rate(inputs, stored, store_path, edition, as_of)
    graph = rater.criteria.context
    if fmt == "json":
        named = rater.criteria.edition_id
        click.echo(json.dumps([rating_data(graph, r, named) for r in ratings], ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(ratings_csv(ratings, lang, rater.criteria.edition_id), nl=False)
    elif fmt == "ttl":
        click.echo(ratings_graph(ratings, rater.criteria.edition).serialize(format="turtle"))
    else:
        click.echo(ratings_table(ratings, lang))


@main.command()
@click.argument("park")
@PATHS
@click.option(
    "--lang",
    type=click.Choice(["zh", "en", "both"]),
    default="both",
    show_default=True,
    help="语言（both：中文后接英文） / language (both: Chinese, then English)",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@STORED
@STORE
@EDITION
@AS_OF
@friendly
def explain(
    park: str,
    inputs: tuple[Path, ...],
    lang: str,
    fmt: str,
    stored: bool,
    store_path: Path | None,
    edition: str | None,
    as_of: datetime | None,
) -> None:
    """解释一个园区的评定结果 / explain one park's rating (PARK: IRI, its end, or name)."""
    from parkstar.report.data import rating_data
    from parkstar.report.text import explanation

    rater, ratings = _rate(inputs, stored, store_path, edition, as_of)
    chosen = [r for r in ratings if _matches(r, park)]
    if not chosen:
        known = ", ".join(str(r.park).rsplit("/", 1)[-1] for r in ratings)
        raise ParkstarError(f"找不到园区“{park}”（可选：{known}）", f"no park '{park}' (known: {known})")
    for r in chosen:
        named = rater.criteria.edition_id
        if fmt == "json":
            click.echo(json.dumps(rating_data(rater.criteria.context, r, named), ensure_ascii=False, indent=2))
        else:
            for language in ("zh", "en") if lang == "both" else (lang,):
                click.echo(explanation(r, language, named))
                if language == "zh" and lang == "both":
                    click.echo("\n" + "─" * 60 + "\n")


def _matches(rating, wanted: str) -> bool:
    iri = str(rating.park)
    return wanted in (iri, iri.rsplit("/", 1)[-1], iri.rsplit("#", 1)[-1], rating.name.zh, rating.name.en)


@main.group(invoke_without_command=True)
@LANG
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@EDITION
@AS_OF
@click.pass_context
@friendly
def criteria(ctx: click.Context, lang: str, fmt: str, edition: str | None, as_of: datetime | None) -> None:
    """打印由 SHACL 形状重建的标准表 / print the standard's table rebuilt from the shapes.

    `criteria diff A B` 比较两个版本 / compares two editions."""
    from parkstar.criteria.describe import standard_table
    from parkstar.report.text import criteria_table

    if ctx.invoked_subcommand is not None:
        return
    loaded = chosen_criteria(edition, as_of)
    data = standard_table(loaded)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(criteria_table(loaded, data, lang))


@main.command("check-standard")
@click.option(
    "--shapes",
    "shapes_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="准则文件夹（默认 shapes/） / criteria folder (default shapes/)",
)
@click.option(
    "--edition",
    default=None,
    help="只检查此版本（默认：全部版本） / only this edition (default: every edition)",
)
@LANG
@friendly
def check_standard(shapes_dir: Path | None, edition: str | None, lang: str) -> None:
    """检查准则本身（每个版本） / lint the criteria (of every edition)."""
    from parkstar.criteria import load_criteria
    from parkstar.criteria.lint import lint
    from parkstar.editions import load_catalog

    if shapes_dir is not None:
        checked = [("", load_criteria(shapes_dir))]
    else:
        catalog = load_catalog()
        chosen = [catalog.get(edition)] if edition else catalog.editions
        checked = [(f"[{e.identifier}] ", catalog.criteria(e)) for e in chosen]
    problems = []
    for prefix, loaded in checked:
        for p in lint(loaded):
            problems.append(p)
            click.echo(f"{prefix}{p.file}: {p.shape}: {p.text.get(lang)}")
    if problems:
        click.echo(f"{len(problems)} 个问题 / problems", err=True)
        sys.exit(1)
    names = ", ".join(prefix.strip(" []") for prefix, _ in checked if prefix)
    click.echo(f"准则检查通过 / criteria OK{f' ({names})' if names else ''}")


@main.command()
@PATHS
@LANG
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@friendly
def validate(inputs: tuple[Path, ...], lang: str, fmt: str) -> None:
    """只检查数据质量 / check data quality only."""
    from parkstar.quality import check_data

    problems = check_data(input_paths(inputs))
    if fmt == "json":
        click.echo(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        for p in problems:
            click.echo(p.line(lang))
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    click.echo(f"{errors} 个错误，{warnings} 个提示 / {errors} errors, {warnings} warnings", err=True)
    if errors:
        sys.exit(1)
