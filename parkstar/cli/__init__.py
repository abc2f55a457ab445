"""The `parkstar` command line. Every error reaches the user as one sentence in Chinese
and one in English naming the file, line or field; never as a traceback.

Commands live in modules by subject (rating, data); this module holds the group and the
pieces every command shares."""

import os
import sys
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING

import click

from parkstar import paths
from parkstar.errors import ParkstarError

if TYPE_CHECKING:
    from parkstar.criteria import Criteria

LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="语言 / language")
PATHS = click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))


class StoreLocation(click.ParamType):
    """A store folder, or a SPARQL server's http(s) URL passed through as text."""

    name = "folder|url"
    folder = click.Path(path_type=Path, file_okay=False)

    def convert(self, value, param, ctx):
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value
        return self.folder.convert(value, param, ctx)


STORE = click.option(
    "--store",
    "store_path",
    type=StoreLocation(),
    envvar="PARKSTAR_STORE",
    default=None,
    help="数据库文件夹或 SPARQL 服务器网址（默认 var/store） / store folder or SPARQL server URL (default var/store)",
)


EDITION = click.option(
    "--edition",
    default=None,
    help="按此版本评定（可为草案或地区版本） / the edition to use (may be a draft or a regional variant)",
)
AS_OF = click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="按该日期施行的正式版本（默认今天） / the published edition in force on this date (default today)",
)


def chosen_criteria(edition: str | None, as_of: datetime | None) -> "Criteria":
    """The criteria of `--edition`, else of the edition in force on `--as-of` (today)."""
    from parkstar.editions import criteria_for

    return criteria_for(edition, as_of.date() if as_of is not None else None)


def friendly(command: Callable) -> Callable:
    """Turn every failure into a bilingual message and exit status 2."""

    @wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ParkstarError as error:
            click.echo(f"错误：{error.zh}\nError: {error.en}", err=True)
            sys.exit(2)
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # output piped into `head` and closed: not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except Exception as error:
            if os.environ.get("PARKSTAR_DEBUG"):
                raise
            click.echo(
                f"错误：内部错误（{type(error).__name__}: {error}）。设置 PARKSTAR_DEBUG=1 可查看详情。\n"
                f"Error: internal error ({type(error).__name__}: {error}). "
                "Set PARKSTAR_DEBUG=1 for details.",
                err=True,
            )
            sys.exit(3)

    return run


def input_paths(inputs: tuple[Path, ...]) -> list[Path]:
    return list(inputs) or [paths.SAMPLE_DIR]


def progress_printer(label: str) -> Callable[[int, int], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        click.echo(f"\r{label} {done}/{total}", err=True, nl=done == total)

    return show


@click.group()
@click.version_option(package_name="parkstar")
def main() -> None:
    """parkstar — 小微企业园星级评定 / star rating of small and micro enterprise parks."""


from parkstar.cli import data, editions, generate, rating, serve, store  # noqa: E402,F401  (registers the commands)
