"""Open data: the whole register streamed as CSV and JSON (the same filters as the page, the fields of
services.register.open_data.FIELDS and no private one), and an Atom feed of new decisions and notices."""
import csv
import io
import json
from collections.abc import Iterator

from flask import Response, render_template, stream_with_context

from ...extensions import db
from ...forms.public import RegisterFilterForm
from ...rules.i18n import N_
from ...services import clock, register
from ...services.register.open_data import FIELDS, csv_row, record
from ...urls import public_url_for
from . import bp, public_for
from .register import register_filters, register_options

MAX_AGE = 300


# What each column of the files holds, for the people who open them (the names are the files' own).
FIELD_HELP = {
    "id": N_("Số thứ tự của dòng khen thưởng trong sổ (dùng trong đường dẫn)"),
    "recipient_name": N_("Tên cá nhân, tập thể hoặc hộ gia đình được khen thưởng"),
    "recipient_line": N_("Chức vụ, đơn vị công tác hoặc địa bàn, như ghi trong quyết định"),
    "nominee_kind": N_("Loại đối tượng: individual (cá nhân), collective (tập thể), household (hộ gia đình)"),
    "award_type": N_("Hình thức khen thưởng hoặc danh hiệu thi đua"),
    "status": N_("Tình trạng: awarded (đã khen thưởng) hoặc revoked (đã thu hồi)"),
    "decision_number": N_("Số quyết định khen thưởng"),
    "decision_date": N_("Ngày quyết định (năm-tháng-ngày)"),
    "signer": N_("Người ký quyết định"),
    "authority": N_("Cấp khen thưởng (cơ quan ban hành quyết định)"),
    "campaign": N_("Phong trào thi đua, đợt xét"),
    "proposing_unit": N_("Đơn vị đề nghị khen thưởng"),
    "achievement_summary": N_("Tóm tắt thành tích"),
    "period_from": N_("Thành tích từ ngày (năm-tháng-ngày)"),
    "period_to": N_("Thành tích đến ngày (năm-tháng-ngày)"),
    "prize_amount": N_("Tiền thưởng, tính bằng đồng"),
    "revoking_decision_no": N_("Số quyết định thu hồi (nếu đã thu hồi)"),
    "revocation_reason": N_("Lý do thu hồi (nếu đã thu hồi)"),
    "url": N_("Đường dẫn tới trang của khen thưởng này"),
    "verify_url": N_("Đường dẫn xác thực bằng khen, giấy khen (mã QR)"),
    "imported": N_("true: dữ liệu nhập từ sổ sách cũ (sổ vàng trước khi dùng hệ thống), không có trang riêng và "
                   "không có bằng điện tử; id là số âm"),
}


@bp.get("/open-data")
def open_data():
    _, options = register_options()
    return render_template("public/open_data.html", fields=FIELDS, field_help=FIELD_HELP,
                           form=RegisterFilterForm(formdata=None, options=options), years=options.years)


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
    _, filters = register_filters()  # the register page's own reading of the same query string
    page_base = public_url_for("public.recognitions")
    verify_base = public_url_for("public.verify_form")
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
