"""Front-end libraries, served from `service/assets/node_modules` (installed by npm at
set-up time, see service/assets/package.json): no CDN, nothing fetched by a page, so the
viewer works on an intranet with no internet. Only the files listed here are served."""

from pathlib import Path

from flask import Blueprint, abort, send_from_directory

NODE_MODULES = Path(__file__).resolve().parent / "assets" / "node_modules"

#: URL name → file inside node_modules.
VENDOR_FILES = {
    "echarts.min.js": "echarts/dist/echarts.min.js",
    "yasgui.min.js": "@zazuko/yasgui/build/yasgui.min.js",
    "yasgui.min.css": "@zazuko/yasgui/build/yasgui.min.css",
}

bp = Blueprint("assets", __name__)


@bp.get("/vendor/<name>")
def vendor(name: str):
    file = VENDOR_FILES.get(name)
    if file is None:
        abort(404)
    if not (NODE_MODULES / file).is_file():  # set-up was skipped: say how to fix it
        from parkstar.errors import ParkstarError

        raise ParkstarError(
            f"前端资源 {file} 未安装：请运行 make setup（npm ci）",
            f"the front-end asset {file} is not installed: run make setup (npm ci)",
        )
    return send_from_directory(NODE_MODULES, file, max_age=24 * 3600)


def missing() -> list[str]:
    """Vendor files not installed (the server refuses to start without them)."""
    return [file for file in VENDOR_FILES.values() if not (NODE_MODULES / file).is_file()]
