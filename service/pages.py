"""What every HTML page shares: the language (Chinese first, English by a switch that a
cookie remembers), and the JSON twin — the same URL with `.json`, or `Accept:
application/json`, returns the data the page was rendered from, so a page and its twin
can never disagree."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, g, jsonify, render_template, request

LANGUAGES = ("zh", "en")
LANG_COOKIE = "lang"


def current_lang() -> str:
    """`?lang=` wins (and is remembered), then the cookie, then Chinese."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    remembered = request.cookies.get(LANG_COOKIE)
    return remembered if remembered in LANGUAGES else "zh"


def t(zh: str, en: str) -> str:
    """The text in the page's language: templates write both side by side."""
    return en if g.get("lang") == "en" else zh


def pick(text: Any) -> Any:
    """A {"zh", "en"} value in the page's language (falling back to the other one)."""
    if isinstance(text, dict) and ("zh" in text or "en" in text):
        first, second = ("en", "zh") if g.get("lang") == "en" else ("zh", "en")
        return text.get(first) or text.get(second) or ""
    return text


def wants_json() -> bool:
    if request.path.endswith(".json"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def twin(bp: Blueprint, rule: str, **options: Any) -> Callable:
    """Register a page at `rule` and its JSON twin at `rule.json` (for "/", "/index.json").
    The view returns `(template, data)`, or `(template, data, status)` for a page that is
    an answer other than 200 (e.g. a rejected upload); data is what both forms show."""

    def register(view: Callable[..., tuple]) -> Callable:
        @wraps(view)
        def page(**kwargs: Any) -> Response | tuple:
            template, data, *status = view(**kwargs)
            if wants_json():
                response = jsonify(data)
            else:
                response = render_template(template, data=data, **data)
            return (response, status[0]) if status else response

        json_rule = "/index.json" if rule == "/" else f"{rule}.json"
        bp.add_url_rule(rule, view.__name__, page, **options)
        bp.add_url_rule(json_rule, f"{view.__name__}_json", page, **options)
        return page

    return register


def install(app) -> None:
    """Language per request, remembered in a cookie; helpers for the templates."""

    @app.before_request
    def choose_language() -> None:
        g.lang = current_lang()

    @app.after_request
    def remember_language(response: Response) -> Response:
        if request.args.get("lang") in LANGUAGES:
            response.set_cookie(LANG_COOKIE, request.args["lang"], max_age=365 * 24 * 3600, samesite="Lax")
        response.headers.setdefault("Vary", "Accept, Cookie")
        return response

    @app.context_processor
    def helpers() -> dict:
        lang = g.get("lang", "zh")
        return {"t": t, "pick": pick, "lang": lang, "switch_url": switch_url, "json_url": json_url}


def switch_url() -> str:
    """This page in the other language (the query string kept)."""
    args = request.args.to_dict(flat=False)
    args["lang"] = ["en" if g.get("lang") != "en" else "zh"]
    return f"{request.path}?{urlencode(args, doseq=True)}"


def json_url() -> str:
    """This page's JSON twin (the query string kept)."""
    path = request.path.rstrip("/") or ""
    path = f"{path}/index.json" if request.path == "/" else f"{path}.json"
    query = request.query_string.decode()
    return f"{path}?{query}" if query else path
