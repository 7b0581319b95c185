"""Open data: the whole register streamed as CSV and JSON (the same filters as the page, the fields of
services.register.open_data.FIELDS and no private one), and an Atom feed of new decisions and notices."""
import csv
import io
import json
from collections.abc import Iterator

from flask import Response, render_template, request, stream_with_context, url_for

from ...extensions import db
from ...forms.public import RegisterFilterForm
from ...services import clock, register
from ...services.register.open_data import FIELDS, csv_row, record
from . import bp, public_for

MAX_AGE = 300


@bp.get("/open-data")
def open_data():
    return render_template("public/open_data.html", fields=FIELDS)


@bp.get("/open-data/recognitions.csv")
@public_for(MAX_AGE)
def recognitions_csv():
    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\r\n")
        writer.writeheader()
        for item in _records():
            writer.writerow(csv_row(item))
            if buffer.tell() > 32_768:
                yield _drain(buffer)
        yield _drain(buffer)
    # the byte-order mark lets spreadsheet programs read the Vietnamese as UTF-8
    return _download(["\ufeff"], lines(), "text/csv; charset=utf-8", "vinhdanh-so-khen-thuong.csv")


@bp.get("/open-data/recognitions.json")
@public_for(MAX_AGE)
def recognitions_json():
    return _download([], _json_array(_records()), "application/json; charset=utf-8", "vinhdanh-so-khen-thuong.json")


def _json_array(records: Iterator[dict]) -> Iterator[str]:
    first = True
    for item in records:
        yield ("[\n" if first else ",\n") + json.dumps(item, ensure_ascii=False)
        first = False
    yield "[]\n" if first else "\n]\n"


def _records() -> Iterator[dict]:
    form = RegisterFilterForm(request.args)
    form.validate()
    filters = form.filters()
    page_base = url_for(".recognitions", _external=True)
    verify_base = url_for(".verify_form", _external=True)
    for row in register.stream(db.session, filters):
        yield record(row, url=f"{page_base}/{row.id}",
                     verify_url=f"{verify_base}/{row.verify_code}" if row.verify_code else None)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _download(head: list[str], body: Iterator[str], content_type: str, filename: str) -> Response:
    def chunks() -> Iterator[str]:
        yield from head
        yield from body
    return Response(stream_with_context(chunks()), content_type=content_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/feed.atom")
@public_for(MAX_AGE)
def feed():
    entries = register.feed_entries(db.session)
    updated = entries[0].updated if entries else None
    body = render_template("public/feed.xml", entries=entries, updated=updated, now=clock.now())
    return Response(body, content_type="application/atom+xml; charset=utf-8")
