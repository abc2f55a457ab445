"""Downloads: tables as CSV that Excel opens with Chinese intact (UTF-8 with a byte-order
mark), and RDF as files with a name."""

import csv
import io
from collections.abc import Iterable

from flask import Response


def attachment(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_download(filename: str, header: list[str], rows: Iterable[Iterable[object]]) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if value is None else value for value in row] for row in rows)
    return attachment(("\ufeff" + buffer.getvalue()).encode("utf-8"), "text/csv", filename)
