"""Check an uploaded file (rated in memory, never stored) and the SPARQL editor."""

from flask import Blueprint, abort, current_app, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from service.checking import ACCEPTED_SUFFIXES, UnsupportedFile, check_upload
from service.errors import error_response
from service.examples import examples
from service.pages import twin

bp = Blueprint("tools", __name__)

#: Prefixes the editor's result table abbreviates IRIs with.
PREFIXES = {
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "ps": "https://w3id.org/parkstar/def#",
    "psc": "https://w3id.org/parkstar/criteria/",
    "park": "https://w3id.org/parkstar/id/park/",
    "region": "https://w3id.org/parkstar/code/region/",
}


@twin(bp, "/check", methods=["GET", "POST"])
def check():
    """GET: the upload form. POST (multipart, field `file`): the file's rating(s), or its
    problems with status 422 when it is rejected. Nothing is ever written to the store."""
    state = current_app.extensions["parkstar"]
    criteria = state.rater().criteria
    data: dict = {
        "accepted_suffixes": list(ACCEPTED_SUFFIXES),
        "max_upload_mb": round(current_app.config["MAX_CONTENT_LENGTH"] / (1 << 20), 1),
        "indicators": [{"number": i.number, "label": i.label.as_dict()} for i in criteria.indicators],
        "levels": list(criteria.levels),
        "result": None,
        "error": None,
    }
    if request.method == "GET":
        return "check.html", data
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        data["error"] = {"zh": "请选择要检查的文件", "en": "choose a file to check"}
        return "check.html", data, 400
    try:
        with state.check_lock:
            result = check_upload(upload.filename, upload.read(), state.rater())
    except UnsupportedFile as error:
        data["error"] = {"zh": error.zh, "en": error.en}
        return "check.html", data, 415
    data["result"] = result.as_dict()
    return "check.html", data, (422 if result.rejected else 200)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    limit = current_app.config["MAX_CONTENT_LENGTH"] / (1 << 20)
    return error_response(
        413,
        f"上传的文件太大：上限为 {limit:g} MB。请拆分申报表或只上传需要检查的园区。",
        f"the uploaded file is too large: the limit is {limit:g} MB. Split the workbook or upload only the parks "
        "to check.",
    )


@twin(bp, "/query")
def sparql_editor():
    """The editor with the example queries; `?example=NAME` opens one of them."""
    found = examples()
    initial = request.args.get("example") or found[0].name
    if initial not in {e.name for e in found}:
        abort(404)
    settings = current_app.config
    return "query.html", {
        "endpoint": url_for("sparql.endpoint"),
        "limits": {"timeout": settings["QUERY_TIMEOUT"], "rows": settings["ROW_LIMIT"]},
        "initial": initial,
        "prefixes": PREFIXES,
        "examples": [e.as_dict() for e in found],
    }
