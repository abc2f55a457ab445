"""Reading the project's TOML files (the workbook layout, the generator profile, the
service's settings): one place that turns a missing or malformed file into a bilingual
message naming the file, whichever of them it is."""

import tomllib
from pathlib import Path
from typing import Any

from parkstar.errors import ParkstarError


def read_toml(path: Path, zh_what: str, en_what: str, error: type[ParkstarError] = ParkstarError) -> dict[str, Any]:
    """The file's contents; `zh_what` / `en_what` say what the file is ("配置文件" /
    "the config file") so the message tells the user which file to fix."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as problem:
        raise error(f"无法读取{zh_what} {path}：{problem}", f"cannot read {en_what} {path}: {problem}") from None
    except tomllib.TOMLDecodeError as problem:
        raise error(
            f"{zh_what} {path} 不是有效的 TOML：{problem}", f"{en_what} {path} is not valid TOML: {problem}"
        ) from None
