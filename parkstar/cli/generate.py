"""`parkstar generate`: write a synthetic population of parks and enterprises."""

import sys
import time
from pathlib import Path

import click

from parkstar.cli import friendly, main, progress_printer


@main.command()
@click.option("--parks", "parks", type=int, required=True, help="园区数 / number of parks")
@click.option(
    "--seed",
    type=int,
    default=1,
    show_default=True,
    help="随机种子（同一种子输出逐字节相同） / random seed (same seed, same bytes)",
)
@click.option(
    "-o",
    "--out",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="输出文件：.ttl、.nt，可加 .gz（默认：标准输出，Turtle） / "
    "output file: .ttl or .nt, optionally .gz (default: stdout, Turtle)",
)
@click.option("--year", type=int, default=2024, show_default=True, help="数据年度 / data year")
@click.option(
    "--profile",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="分布参数文件（默认 data/generator/profile.toml） / "
    "distribution profile (default data/generator/profile.toml)",
)
@friendly
def generate(parks: int, seed: int, out: Path | None, year: int, profile: Path | None) -> None:
    """生成合成的园区与企业数据 / generate a synthetic population of parks and enterprises."""
    from parkstar.errors import ParkstarError
    from parkstar.generate import output_format, write_population

    if parks < 1:
        raise ParkstarError(f"--parks 应至少为 1，而不是 {parks}", f"--parks must be at least 1, not {parks}")
    if not 1900 <= year <= 2100:
        raise ParkstarError(
            f"--year 应为 1900 至 2100 之间的年份，而不是 {year}",
            f"--year must be a year from 1900 to 2100, not {year}",
        )
    if out is not None:
        output_format(out)  # fail before any work on an unknown suffix
    started = time.perf_counter()
    stats = write_population(
        out,
        parks,
        seed,
        year,
        profile=profile,
        progress=progress_printer("生成 / generating"),
        stdout=None if out else sys.stdout.buffer,
    )
    if out is not None or sys.stderr.isatty():
        seconds = time.perf_counter() - started
        where_zh, where_en = (str(out), str(out)) if out else ("标准输出", "stdout")
        click.echo(
            f"已生成 {stats.parks} 个园区、{stats.enterprises} 家企业、{stats.triples} 个三元组"
            f" → {where_zh}（{seconds:.1f} 秒）\n"
            f"Generated {stats.parks} parks, {stats.enterprises} enterprises, {stats.triples} triples"
            f" → {where_en} ({seconds:.1f} s)",
            err=True,
        )
