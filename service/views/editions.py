"""The editions of the standard: the catalog (/editions), what changed between two
(/editions/diff), what a revision does to the stored parks (/editions/impact), and the
what-if form on the standard (/standard/what-if): thresholds changed in a sandbox, its
impact shown, never a published edition changed; "save as draft" writes a new edition
folder the CLI then reads. Impacts are cached per editions and data version."""

from flask import Blueprint, abort, current_app, g, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from parkstar.errors import ParkstarError
from parkstar.report.editions import impact_csv
from service.downloads import attachment, csv_download
from service.editions_view import DIFF_CSV_COLUMNS, catalog_page, choices, diff_page, diff_rows, diff_url, impact_data
from service.errors import error_response
from service.pages import twin
from service.what_if import check_draft_id, editable_fields, field_data, read_form

bp = Blueprint("editions", __name__)

CSRF_MAX_AGE = 12 * 3600  # seconds a what-if form stays valid


def _state():
    return current_app.extensions["parkstar"]


def _editions():
    return _state().editions


def _stored_edition() -> str:
    return _state().ratings().results.edition_id


def _known(catalog, identifier: str | None, what: str) -> str:
    """An edition the catalog has (its identifier), else a 404 naming the known ones."""
    try:
        return catalog.get(identifier or "").identifier
    except ParkstarError as error:
        abort(error_response(404 if identifier else 400, f"{what}：{error.zh}", f"{what}: {error.en}"))


# ── catalog and diff ─────────────────────────────────────────────────────────
@twin(bp, "/editions")
def editions():
    return "editions.html", catalog_page(_editions().catalog()) | {"stored": _stored_edition()}


def _diff() -> dict:
    catalog = _editions().catalog()
    old = _known(catalog, request.args.get("from"), "原版本 / from")
    new = _known(catalog, request.args.get("to"), "新版本 / to")
    from parkstar.editions import diff_editions

    return diff_page(catalog, old, new, diff_editions(old, new, catalog))


@twin(bp, "/editions/diff")
def diff():
    return "edition_diff.html", _diff()


@bp.get("/editions/diff.csv")
def diff_csv():
    data = _diff()
    name = f"diff-{data['from']['id']}-{data['to']['id']}.csv"
    return csv_download(name, list(DIFF_CSV_COLUMNS), diff_rows(data["changes"]))


# ── impact ───────────────────────────────────────────────────────────────────
def _impact(old: str, new: str):
    from parkstar.editions import impact_of

    catalog = _editions().catalog()
    return _editions().impact(("editions", old, new), lambda data: impact_of(old, new, data, catalog))


@twin(bp, "/editions/impact")
def impact():
    catalog = _editions().catalog()
    asked_from, asked_to = request.args.get("from"), request.args.get("to")
    data: dict = {
        "editions": choices(catalog),
        "from": asked_from or _stored_edition(),
        "to": asked_to,
        "impact": None,
        "cached": None,
    }
    if not (asked_from and asked_to):
        return "edition_impact.html", data
    old, new = _known(catalog, asked_from, "原版本 / from"), _known(catalog, asked_to, "新版本 / to")
    result, cached = _impact(old, new)
    data.update(impact=impact_data(result, old, new), cached=cached, diff=diff_url(old, new))
    return "edition_impact.html", data


@bp.get("/editions/impact.csv")
def impact_download():
    catalog = _editions().catalog()
    old = _known(catalog, request.args.get("from"), "原版本 / from")
    new = _known(catalog, request.args.get("to"), "新版本 / to")
    result, _ = _impact(old, new)
    body = ("\ufeff" + impact_csv(result, g.get("lang", "zh"))).encode("utf-8")
    return attachment(body, "text/csv", f"impact-{old}-{new}.csv")


# ── what-if ──────────────────────────────────────────────────────────────────
def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="parkstar-what-if")


@twin(bp, "/standard/what-if", methods=["GET", "POST"])
def what_if():
    """GET: the editable values of an edition (`?base=`, the stored ratings' edition by
    default). POST: the impact of the values changed, computed in a sandbox; with
    `action=save` and a `draft` identifier, the sandbox is also written as a draft."""
    editions = _editions()
    catalog = editions.catalog()
    form = request.form if request.method == "POST" else request.args
    base = _known(catalog, form.get("base") or _stored_edition(), "基础版本 / base edition")
    fields = editable_fields(catalog.criteria(base))
    data: dict = {
        "base": base,
        "editions": choices(catalog),
        "csrf": _signer().dumps("what-if"),
        "fields": [field_data(f) for f in fields],
        "overrides": [],
        "draft": form.get("draft", ""),
        "draft_error": None,
        "error": None,
        "impact": None,
        "saved": None,
    }
    if request.method == "GET":
        return "what_if.html", data
    try:
        _signer().loads(request.form.get("csrf", ""), max_age=CSRF_MAX_AGE)
    except BadSignature:
        data["error"] = {
            "zh": "表单已失效，请重新打开本页后提交",
            "en": "the form has expired: reload the page and submit",
        }
        return "what_if.html", data, 400
    overrides, data["fields"], refused = read_form(fields, request.form)
    data["overrides"] = [{"subject": s, "aspect": a, "value": _plain(v)} for (s, a), v in overrides.items()]
    if refused:
        data["error"] = {"zh": "有取值无效，未计算影响", "en": "some values are invalid; nothing was computed"}
        return "what_if.html", data, 422
    if not overrides:
        data["error"] = {"zh": "没有修改任何取值", "en": "no value was changed"}
        return "what_if.html", data, 422
    saving = request.form.get("action") == "save"
    if saving:
        data["draft_error"] = check_draft_id(data["draft"], {e.identifier for e in catalog.editions})
        if data["draft_error"] is not None:
            return "what_if.html", data, 422
    from parkstar.editions.impact import impact as compare
    from parkstar.editions.sandbox import sandbox, write_sandbox

    region = catalog.get(base).region
    key = ("sandbox", base, tuple(sorted((s, a, str(v)) for (s, a), v in overrides.items())))

    def rate(population: bytes):  # the sandbox is built only when its impact is not cached
        box = sandbox(catalog, base, overrides, identifier="what-if")
        return compare(catalog.criteria(base), box.criteria, population, base, box.identifier, region)

    try:
        result, cached = editions.impact(key, rate)
        box = sandbox(catalog, base, overrides, identifier=data["draft"]) if saving else None
    except ParkstarError as error:  # a value the sandbox cannot set
        data["error"] = {"zh": error.zh, "en": error.en}
        return "what_if.html", data, 422
    if box is not None:
        try:
            write_sandbox(box, editions.folder)
        except ParkstarError as error:
            data["draft_error"] = {"zh": error.zh, "en": error.en}
            return "what_if.html", data, 409
        data["saved"] = {"id": box.identifier, "diff": diff_url(base, box.identifier)}
    data["impact"] = impact_data(result, base, box.identifier if box is not None else None)
    data["cached"] = cached
    return "what_if.html", data


def _plain(value: object) -> object:
    return value if isinstance(value, int) else float(value)
