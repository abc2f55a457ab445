"""The service's settings: defaults, then a TOML file named by PARKSTAR_CONFIG, then
environment variables, then what create_app is given (each overrides the one before).

| setting | environment | default |
|---|---|---|
| STORE | PARKSTAR_STORE | var/store (as the CLI) |
| QUERY_TIMEOUT | PARKSTAR_QUERY_TIMEOUT | 10 (seconds per SPARQL query) |
| ROW_LIMIT | PARKSTAR_ROW_LIMIT | 10000 (solutions or triples per result) |
| QUERY_WORKERS | PARKSTAR_QUERY_WORKERS | 2 (query processes) |
| SECRET_KEY | SECRET_KEY | random per start (sessions do not survive a restart) |
| HOST | PARKSTAR_HOST | 127.0.0.1 |
| PORT | PORT | 8080 |
| THREADS | PARKSTAR_THREADS | 8 (waitress threads) |
| MAX_CONTENT_LENGTH | PARKSTAR_MAX_UPLOAD | 16777216 (bytes: the largest file /check takes) |
| IRI_BASE | PARKSTAR_IRI_BASE | https://w3id.org/parkstar/ (the IRIs this server resolves) |

In the TOML file the keys are the setting names in lower case (`store = "var/store"`,
`query_timeout = 5`, …)."""

import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from parkstar.errors import ParkstarError
from parkstar.store import default_store_path
from parkstar.tomlfile import read_toml


def _positive(kind: Callable[[str], Any]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        number = kind(value)
        if number <= 0:
            raise ValueError(f"{value!r} is not positive")
        return number

    return convert


def _port(value: Any) -> int:
    number = int(value)
    if not 0 <= number <= 65535:
        raise ValueError(f"{value!r} is not a port number")
    return number


def _iri_base(value: Any) -> str:
    text = str(value)
    if not text.startswith(("http://", "https://")) or not text.endswith(("/", "#")):
        raise ValueError(f"{value!r} is not an http(s) IRI ending in / or #")
    return text


SETTINGS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "STORE": ("PARKSTAR_STORE", str),
    "QUERY_TIMEOUT": ("PARKSTAR_QUERY_TIMEOUT", _positive(float)),
    "ROW_LIMIT": ("PARKSTAR_ROW_LIMIT", _positive(int)),
    "QUERY_WORKERS": ("PARKSTAR_QUERY_WORKERS", _positive(int)),
    "SECRET_KEY": ("SECRET_KEY", str),
    "HOST": ("PARKSTAR_HOST", str),
    "PORT": ("PORT", _port),
    "THREADS": ("PARKSTAR_THREADS", _positive(int)),
    "MAX_CONTENT_LENGTH": ("PARKSTAR_MAX_UPLOAD", _positive(int)),
    "IRI_BASE": ("PARKSTAR_IRI_BASE", _iri_base),
}

DEFAULTS: dict[str, Any] = {
    "STORE": None,
    "QUERY_TIMEOUT": 10.0,
    "ROW_LIMIT": 10_000,
    "QUERY_WORKERS": 2,
    "SECRET_KEY": None,
    "HOST": "127.0.0.1",
    "PORT": 8080,
    "THREADS": 8,
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    "IRI_BASE": "https://w3id.org/parkstar/",
}


def load_settings(config: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    environ = os.environ if environ is None else environ
    settings = dict(DEFAULTS)
    file = environ.get("PARKSTAR_CONFIG")
    if file:
        settings.update(_checked(read_toml(Path(file), "配置文件", "the config file"), f"{file}"))
    from_env = {name: environ[var] for name, (var, _) in SETTINGS.items() if environ.get(var)}
    settings.update(_checked(from_env, "environment"))
    settings.update(_checked(config or {}, "create_app"))
    if not settings["STORE"]:
        settings["STORE"] = str(default_store_path())
    if not settings["SECRET_KEY"]:
        settings["SECRET_KEY"] = secrets.token_hex(32)
    return settings


def _checked(values: Mapping[str, Any], source: str) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for key, value in values.items():
        name = key.upper()
        if name not in SETTINGS:
            if source == "create_app":  # Flask's own settings (TESTING, …) pass through
                checked[name] = value
                continue
            raise ParkstarError(f"未知的设置“{key}”（{source}）", f"unknown setting '{key}' ({source})")
        var, convert = SETTINGS[name]
        try:
            checked[name] = convert(value) if value is not None else None
        except (TypeError, ValueError):
            raise ParkstarError(
                f"设置 {name}（{var}，来自 {source}）的值“{value}”无效",
                f"invalid value '{value}' for {name} ({var}, from {source})",
            ) from None
    return checked
