"""The example SPARQL queries of the editor: data files in service/queries/ (`NN-name.rq`),
each opening with comment lines `# title-zh:`, `# title-en:`, `# description-zh:` and
`# description-en:`, so an analyst can add one without touching Python."""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from parkstar.errors import ParkstarError

QUERIES = Path(__file__).resolve().parent / "queries"
_HEADER = re.compile(r"^#\s*(title|description)-(zh|en):\s*(.+?)\s*$")
_FIELDS = ("title", "description")


@dataclass(frozen=True)
class Example:
    name: str  # the file name without .rq, e.g. "01-stars-by-city"
    title: dict[str, str]
    description: dict[str, str]
    query: str

    def as_dict(self) -> dict:
        return {"name": self.name, "title": self.title, "description": self.description, "query": self.query}


def read_example(path: Path) -> Example:
    text = path.read_text(encoding="utf-8")
    found: dict[str, dict[str, str]] = {field: {} for field in _FIELDS}
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match:
            found[match.group(1)][match.group(2)] = match.group(3)
        elif line.strip() and not line.startswith("#"):
            break
    missing = [f"{field}-{lang}" for field in _FIELDS for lang in ("zh", "en") if lang not in found[field]]
    if missing:
        raise ParkstarError(
            f"示例查询 {path.name} 缺少头注释：{'、'.join(missing)}",
            f"the example query {path.name} lacks header comments: {', '.join(missing)}",
        )
    return Example(path.stem, found["title"], found["description"], text)


@cache
def examples(folder: Path = QUERIES) -> tuple[Example, ...]:
    """Every example, in file-name order (read once: they ship with the code)."""
    return tuple(read_example(path) for path in sorted(folder.glob("*.rq")))
