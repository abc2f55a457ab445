"""The generator's profile: every probability, range, mix and word list of the synthetic
population, read from a TOML file (`data/generator/profile.toml` by default). The Python
code names no figure of the standard; it samples what the profile says.

Two conventions run through the profile:

* a **ramp** is a value that depends on the park's latent maturity m ∈ [0, 1]: a number
  (constant), a list of numbers (knots spread evenly over m = 0 … 1), or a list of
  [m, value] pairs; values between knots are interpolated linearly;
* a **distribution** is a table `{ dist = "lognormal" | "normal" | "uniform" | "poisson" |
  "fixed", … }` whose parameters are ramps, clipped to `min` / `max` and rounded to
  `digits` decimals (0 gives an integer).
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parkstar import paths
from parkstar.errors import ParkstarError
from parkstar.tomlfile import read_toml

DEFAULT_PROFILE = paths.DATA_DIR / "generator" / "profile.toml"


class ProfileError(ParkstarError):
    pass


def _fail(where: str, zh: str, en: str) -> ProfileError:
    return ProfileError(f"生成配置 {where}：{zh}", f"generator profile {where}: {en}")


# ------------------------------------------------------------------ ramps


@dataclass(frozen=True)
class Ramp:
    """A piecewise-linear function of the maturity m ∈ [0, 1]."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    def __call__(self, m: float) -> float:
        xs, ys = self.xs, self.ys
        if len(xs) == 1 or m <= xs[0]:
            return ys[0]
        if m >= xs[-1]:
            return ys[-1]
        i = bisect.bisect_right(xs, m)
        x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
        return y0 + (y1 - y0) * (m - x0) / (x1 - x0)


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(where, f"应为数字，而不是 {value!r}", f"expected a number, not {value!r}")
    return float(value)


def ramp(value: Any, where: str) -> Ramp:
    if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
        pairs = []
        for i, pair in enumerate(value):
            if len(pair) != 2:
                raise _fail(where, "折线节点应为 [m, 值]", "a knot must be [m, value]")
            pairs.append((_number(pair[0], f"{where}[{i}]"), _number(pair[1], f"{where}[{i}]")))
        xs = tuple(p[0] for p in pairs)
        if list(xs) != sorted(xs) or len(set(xs)) != len(xs):
            raise _fail(where, "节点的 m 应严格递增", "knots must have strictly increasing m")
        return Ramp(xs, tuple(p[1] for p in pairs))
    if isinstance(value, list):
        if not value:
            raise _fail(where, "不能为空列表", "must not be an empty list")
        ys = tuple(_number(v, f"{where}[{i}]") for i, v in enumerate(value))
        n = len(ys)
        xs = tuple(i / (n - 1) for i in range(n)) if n > 1 else (0.0,)
        return Ramp(xs, ys)
    return Ramp((0.0,), (_number(value, where),))


def probability(value: Any, where: str) -> Ramp:
    r = ramp(value, where)
    if any(not 0 <= y <= 1 for y in r.ys):
        raise _fail(where, "概率应在 0 与 1 之间", "probabilities must lie between 0 and 1")
    return r


# ------------------------------------------------------------------ distributions


@dataclass(frozen=True)
class Dist:
    """A distribution whose parameters depend on m; `sample` clips and rounds."""

    kind: str
    params: tuple[Ramp, ...]
    low: float
    high: float
    digits: int

    def sample(self, rng: random.Random, m: float) -> float:
        p = [r(m) for r in self.params]
        kind = self.kind
        if kind == "lognormal":
            x = p[0] * math.exp(rng.gauss(0.0, p[1])) if p[0] > 0 else 0.0
        elif kind == "normal":
            x = rng.gauss(p[0], p[1])
        elif kind == "uniform":
            x = rng.uniform(p[0], p[1])
        elif kind == "poisson":
            x = poisson(rng, p[0])
        else:  # fixed
            x = p[0]
        x = min(max(x, self.low), self.high)
        return round(x, self.digits) if self.digits else round(x)

    def integer(self, rng: random.Random, m: float) -> int:
        return int(self.sample(rng, m))


_DIST_PARAMS = {
    "lognormal": ("median", "sigma"),
    "normal": ("mean", "sd"),
    "uniform": ("low", "high"),
    "poisson": ("mean",),
    "fixed": ("value",),
}


def dist(value: Any, where: str) -> Dist:
    if not isinstance(value, Mapping):
        return Dist("fixed", (ramp(value, where),), -math.inf, math.inf, 6)
    kind = value.get("dist")
    if kind not in _DIST_PARAMS:
        known = ", ".join(_DIST_PARAMS)
        raise _fail(where, f"dist 应为 {known} 之一", f"dist must be one of {known}")
    missing = [k for k in _DIST_PARAMS[kind] if k not in value]
    if missing:
        raise _fail(where, f"缺少参数 {', '.join(missing)}", f"missing parameter(s) {', '.join(missing)}")
    unknown = set(value) - {"dist", "min", "max", "digits", *_DIST_PARAMS[kind]}
    if unknown:
        raise _fail(
            where, f"未知参数 {', '.join(sorted(unknown))}", f"unknown parameter(s) {', '.join(sorted(unknown))}"
        )
    params = tuple(ramp(value[k], f"{where}.{k}") for k in _DIST_PARAMS[kind])
    digits = value.get("digits", 0)
    if not isinstance(digits, int) or isinstance(digits, bool) or not 0 <= digits <= 6:
        raise _fail(where, "digits 应为 0 至 6 的整数", "digits must be an integer from 0 to 6")
    low = _number(value.get("min", -math.inf), f"{where}.min")
    high = _number(value.get("max", math.inf), f"{where}.max")
    return Dist(kind, params, low, high, digits)


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson variate (Knuth's method; normal approximation for large means)."""
    if mean <= 0:
        return 0
    if mean > 40:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


# ------------------------------------------------------------------ weighted choices


@dataclass(frozen=True)
class Choice:
    """A weighted choice among keys whose weights may depend on m."""

    keys: tuple[str, ...]
    weights: tuple[Ramp, ...]

    def sample(self, rng: random.Random, m: float = 0.0) -> str:
        ws = [w(m) for w in self.weights]
        total = sum(ws)
        x = rng.random() * total
        for key, w in zip(self.keys, ws, strict=True):
            x -= w
            if x < 0:
                return key
        return self.keys[-1]


def choice(value: Any, where: str) -> Choice:
    if not isinstance(value, Mapping) or not value:
        raise _fail(where, "应为非空的“键 = 权重”表", "expected a non-empty table of key = weight")
    keys = tuple(str(k) for k in value)
    weights = tuple(ramp(v, f"{where}.{k}") for k, v in value.items())
    if any(y < 0 for w in weights for y in w.ys):
        raise _fail(where, "权重不能为负", "weights must not be negative")
    return Choice(keys, weights)


def weighted_list(value: Any, where: str) -> list[tuple[str, float]]:
    """`["text", …]` (equal weights) or `[["text", weight], …]`."""
    if not isinstance(value, list) or not value:
        raise _fail(where, "应为非空列表", "expected a non-empty list")
    out = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            out.append((item, 1.0))
        elif isinstance(item, list) and len(item) == 2 and isinstance(item[0], str):
            out.append((item[0], _number(item[1], f"{where}[{i}]")))
        else:
            raise _fail(where, f"第 {i + 1} 项应为文字或 [文字, 权重]", f"item {i + 1} must be text or [text, weight]")
    return out


# ------------------------------------------------------------------ the profile


class Section:
    """A table of the profile, read with its dotted path for error messages."""

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        self.data = data
        self.where = where

    def __contains__(self, key: str) -> bool:
        return key in self.data

    def keys(self) -> list[str]:
        return list(self.data)

    def path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def raw(self, key: str, default: Any = ...) -> Any:
        if key in self.data:
            return self.data[key]
        if default is ...:
            raise _fail(self.path(key), "缺少此项", "missing")
        return default

    def section(self, key: str) -> Section:
        value = self.raw(key)
        if not isinstance(value, Mapping):
            raise _fail(self.path(key), "应为表", "expected a table")
        return Section(value, self.path(key))

    def sections(self) -> list[tuple[str, Section]]:
        return [(k, self.section(k)) for k in self.data if isinstance(self.data[k], Mapping)]

    def ramp(self, key: str, default: Any = ...) -> Ramp:
        return ramp(self.raw(key, default), self.path(key))

    def probability(self, key: str, default: Any = ...) -> Ramp:
        return probability(self.raw(key, default), self.path(key))

    def dist(self, key: str, default: Any = ...) -> Dist:
        return dist(self.raw(key, default), self.path(key))

    def choice(self, key: str) -> Choice:
        return choice(self.raw(key), self.path(key))

    def number(self, key: str, default: Any = ...) -> float:
        return _number(self.raw(key, default), self.path(key))

    def words(self, key: str, default: Any = ...) -> list[str]:
        value = self.raw(key, default)
        if isinstance(value, str):
            value = list(value)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise _fail(self.path(key), "应为非空的文字列表", "expected a non-empty list of text")
        for v in value:
            check_text(v, self.path(key))
        return value

    def weighted(self, key: str) -> list[tuple[str, float]]:
        items = weighted_list(self.raw(key), self.path(key))
        for text, _ in items:
            check_text(text, self.path(key))
        return items


def check_text(text: str, where: str) -> None:
    """Profile text goes into RDF literals unescaped: no quotes, backslashes or line breaks."""
    if any(c in text for c in '"\\\n\r'):
        raise _fail(
            where,
            f"文字不能含引号、反斜杠或换行：{text!r}",
            f"text must not contain quotes, backslashes or line breaks: {text!r}",
        )


def load_profile(path: Path | None = None) -> Section:
    path = path or DEFAULT_PROFILE
    return Section(read_toml(path, "生成配置", "the generator profile", ProfileError), "")


def pick(rng: random.Random, items: Sequence[str]) -> str:
    return items[int(rng.random() * len(items))]
