"""Error responses: one sentence in Chinese and one in English, never a traceback. Under
/api they are JSON ({"error": {"zh", "en"}, "status"}); elsewhere plain text, which is
what SPARQL clients show for a protocol error."""

import logging

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from parkstar.errors import ParkstarError

log = logging.getLogger(__name__)

_GENERIC = {
    400: ("请求无效", "bad request"),
    404: ("找不到该页面", "not found"),
    405: ("不支持该请求方法", "method not allowed"),
    406: ("无法以所要求的格式返回", "not acceptable: none of the formats asked for is offered"),
    413: ("请求过大", "the request is too large"),
    415: ("不支持该内容类型", "unsupported content type"),
}


def text_error(status: int, zh: str, en: str, headers: dict | None = None) -> Response:
    response = Response(f"{zh}\n{en}\n", status=status, mimetype="text/plain")
    response.headers.update(headers or {})
    return response


def json_error(status: int, zh: str, en: str, headers: dict | None = None) -> Response:
    response = jsonify({"status": status, "error": {"zh": zh, "en": en}})
    response.status_code = status
    response.headers.update(headers or {})
    return response


def html_error(status: int, zh: str, en: str, headers: dict | None = None) -> Response:
    try:
        body = render_template("error.html", status=status, zh=zh, en=en)
    except Exception:  # a broken template must not hide the error itself
        log.exception("cannot render the error page")
        return text_error(status, zh, en, headers)
    response = Response(body, status=status, mimetype="text/html")
    response.headers.update(headers or {})
    return response


def error_response(status: int, zh: str, en: str, headers: dict | None = None) -> Response:
    """JSON under /api and for JSON twins, plain text for SPARQL clients, a page for a browser."""
    if request.path.startswith("/sparql"):
        return text_error(status, zh, en, headers)
    if (
        request.path.startswith("/api/")
        or request.path.endswith(".json")
        or request.accept_mimetypes.best == "application/json"
    ):
        return json_error(status, zh, en, headers)
    if request.accept_mimetypes.best_match(["text/html", "text/plain"]) == "text/html":
        return html_error(status, zh, en, headers)
    return text_error(status, zh, en, headers)


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        zh, en = _GENERIC.get(error.code or 500, (error.name, error.name.lower()))
        headers = dict(error.get_headers())
        headers.pop("Content-Type", None)
        return error_response(error.code or 500, zh, en, headers)

    @app.errorhandler(ParkstarError)
    def service_error(error: ParkstarError):  # e.g. no store yet: the service cannot answer
        log.error("%s", error.en)
        return error_response(503, error.zh, error.en)

    @app.errorhandler(Exception)
    def internal_error(error: Exception):
        log.exception("internal error on %s %s", request.method, request.path)
        return error_response(500, "服务器内部错误（已记录）", "internal server error (logged)")
