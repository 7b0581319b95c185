"""Proposals through the test client, CSRF on: the template, an upload refused as a whole or row by row, saving
the valid rows, a proposal sent as one and returned as one by the secretariat; each step checks page and rows."""
import html
import io
import re

from openpyxl import load_workbook
from sqlalchemy import func, select

from tests import factories
from tests.proposal_lists import row, workbook
from workflow.models import AttachmentKind, AuditEvent, Nomination, Proposal
from workflow.rules.states import State
from workflow.services import nominations


def letter(world, **extra) -> dict:
    return {"proposing_unit": str(world.district_a.id), "campaign": str(world.campaign.id), "number": "45/TTr-UBND",
            "letter_date": "2025-02-20", "signer_name": "Nguyễn Văn Tư", "signer_title": "Chủ tịch"} | extra


def send(browser, world, data: bytes, name="danh-sach.xlsx", **extra):
    payload = letter(world, **extra) | {"file": (io.BytesIO(data), name), "check": "Kiểm tra và lưu"}
    return browser.post("/unit/proposals/import", payload, content_type="multipart/form-data")


def text(response) -> str:
    page = response.get_data(as_text=True)
    assert "Traceback" not in page
    return html.unescape(page)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_the_template_opens_with_its_headers_and_the_catalogue(world, signed_in):
    response = signed_in(world.officer_a).get(f"/unit/proposals/template.xlsx?campaign={world.campaign.id}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    sheet = book["Danh sách"]
    assert sheet["A1"].value == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
    headers = [sheet.cell(4, c).value or sheet.cell(5, c).value for c in range(1, 14)]
    assert headers[:3] == ["STT", "Loại đối tượng", "Họ và tên / tên tập thể"]
    assert sheet["G4"].value == "Thời gian tính thành tích" and sheet["G5"].value == "Từ ngày"
    assert "G4:H4" in {str(r) for r in sheet.merged_cells.ranges}
    names = [r[0].value for r in book["Danh mục"].iter_rows(min_row=2)]
    assert world.bang_khen.name in names and world.chien_si.name in names


def test_a_file_that_is_not_a_workbook_gets_a_vietnamese_refusal(world, signed_in, session):
    response = send(signed_in(world.officer_a), world, factories.PDF, name="danh-sach.xlsx")
    assert response.status_code == 400
    assert "Tệp không phải là bảng tính Excel (.xlsx)." in text(response)
    assert count(session, Proposal) == 0


def test_a_list_with_errors_shows_each_row_and_column_and_saves_nothing(world, signed_in, session):
    browser = signed_in(world.officer_a)
    data = workbook([row(1), row(2, kind="Cơ quan"), row(3, born="30/02/1980"), row(4)])
    response = send(browser, world, data)
    page = text(response)
    assert response.status_code == 200
    assert "Kết quả kiểm tra: chưa lưu gì" in page
    assert "Dòng 7, cột B: loại đối tượng «Cơ quan» không hợp lệ" in page
    assert "Dòng 8, cột K: «30/02/1980» không phải là ngày hợp lệ" in page
    assert count(session, Proposal) == 0 and count(session, Nomination) == 0
    # the same upload, saved as drafts without choosing the file again
    token = re.search(r'name="token" type="hidden" value="([0-9a-f]{64})"', page) or \
        re.search(r'id="token" name="token" type="hidden" value="([0-9a-f]{64})"', page)
    assert token, page[:2000]
    response = browser.post("/unit/proposals/import", letter(world) | {"token": token.group(1),
                            "keep_valid": "Lưu các dòng hợp lệ thành bản nháp"}, content_type="multipart/form-data")
    assert response.status_code == 302, text(response)[:3000]
    proposal = session.scalars(select(Proposal)).one()
    assert [n.nominee.full_name for n in proposal.lines] == ["Nguyễn Văn Thứ 1", "Nguyễn Văn Thứ 4"]
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "import_list")).one().changes["rows"] == 4


def test_a_token_not_from_this_session_is_not_read(world, signed_in, session, store):
    sha = store.put(workbook([row(1)]))
    session.commit()
    response = signed_in(world.officer_a).post("/unit/proposals/import", letter(world) | {"token": sha,
                                               "keep_valid": "y"}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Hãy chọn tệp danh sách (.xlsx) cần nhập." in text(response)
    assert count(session, Proposal) == 0


def test_a_valid_list_becomes_a_proposal_sent_as_one_and_returned_as_one(world, signed_in, session, store):
    officer = signed_in(world.officer_a)
    response = send(officer, world, workbook([row(1), row(2)]))
    assert response.status_code == 302
    proposal = session.scalars(select(Proposal)).one()
    page = text(officer.get(f"/unit/proposals/{proposal.id}"))
    assert "Tờ trình 45/TTr-UBND" in page and "Đang soạn" in page and "Nguyễn Văn Thứ 2" in page
    for line in proposal.lines:
        nominations.add_attachment(session, line, by=world.officer_a, store=store, filename="bc.pdf",
                                   data=factories.PDF, kind=AttachmentKind.ACHIEVEMENT_REPORT)
    session.commit()
    url = f"/unit/proposals/{proposal.id}/submit"
    assert "2 dòng sẽ được gửi cùng lúc" in text(officer.get(url))
    assert officer.post(url, {"version": str(proposal.version)}).status_code == 302
    session.expire_all()
    assert [n.state for n in proposal.lines] == [State.SUBMITTED] * 2
    assert "Đã gửi" in text(officer.get(f"/unit/proposals/{proposal.id}"))

    secretariat = signed_in(world.secretariat)
    assert "45/TTr-UBND" in text(secretariat.get("/secretariat/proposals"))
    assert "Trả lại cả tờ trình" in text(secretariat.get(f"/secretariat/proposals/{proposal.id}"))
    url = f"/secretariat/proposals/{proposal.id}/return"
    refused = secretariat.post(url, {"version": str(proposal.version), "reason": ""})
    assert "Cần nêu lý do trả lại tờ trình." in text(refused)
    response = secretariat.post(url, {"version": str(proposal.version), "reason": "Thiếu biên bản họp xét."})
    assert response.status_code == 302
    session.expire_all()
    assert [(n.state, n.return_reason) for n in proposal.lines] == [(State.RETURNED, "Thiếu biên bản họp xét.")] * 2
    page = text(officer.get(f"/unit/proposals/{proposal.id}"))
    assert "Bị trả lại" in page and "Thiếu biên bản họp xét." in page
    line = text(officer.get(f"/unit/nominations/{proposal.lines[0].id}"))
    assert f'href="/unit/proposals/{proposal.id}"' in line


def test_a_proposal_refused_for_a_line_names_it_and_sends_nothing(world, signed_in, session):
    officer = signed_in(world.officer_a)
    send(officer, world, workbook([row(1)]))
    proposal = session.scalars(select(Proposal)).one()
    response = officer.post(f"/unit/proposals/{proposal.id}/submit", {"version": str(proposal.version)})
    assert response.status_code == 400
    assert "dòng 1 «Nguyễn Văn Thứ 1»" in text(response) and "báo cáo thành tích" in text(response)
    session.expire_all()
    assert proposal.lines[0].state == State.DRAFT


def test_another_unit_sees_neither_the_proposal_nor_an_unsent_one_at_the_secretariat(world, signed_in, session):
    send(signed_in(world.officer_a), world, workbook([row(1)]))
    proposal = session.scalars(select(Proposal)).one()
    assert signed_in(world.officer_b).get(f"/unit/proposals/{proposal.id}").status_code == 404
    assert signed_in(world.secretariat).get(f"/secretariat/proposals/{proposal.id}").status_code == 404


def test_the_import_refuses_a_post_without_its_csrf_token(world, signed_in, session):
    officer = signed_in(world.officer_a)
    response = officer.client.post("/unit/proposals/import", data=letter(world) | {
        "file": (io.BytesIO(workbook([row(1)])), "d.xlsx")}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert count(session, Proposal) == 0


def test_a_long_list_is_shown_fifty_lines_a_page(world, signed_in, session):
    officer = signed_in(world.officer_a)
    assert send(officer, world, workbook([row(n) for n in range(1, 53)])).status_code == 302
    proposal = session.scalars(select(Proposal)).one()
    first = text(officer.get(f"/unit/proposals/{proposal.id}"))
    assert "52 dòng trong danh sách" in first and "Nguyễn Văn Thứ 50<" in first and "Nguyễn Văn Thứ 51<" not in first
    second = text(officer.get(f"/unit/proposals/{proposal.id}?page=2"))
    assert "<td>51</td>" in second and "Nguyễn Văn Thứ 52<" in second and "Nguyễn Văn Thứ 1<" not in second


def test_a_workbook_with_a_formula_is_refused_whole_and_saves_nothing(world, signed_in, session):
    response = send(signed_in(world.officer_a), world, workbook([row(1), row(2, name="=HYPERLINK(\"x\")")]))
    assert response.status_code == 400
    assert "Dòng 7, cột C: ô chứa công thức" in text(response)
    assert count(session, Proposal) == 0 and count(session, Nomination) == 0


def test_the_signed_letters_scan_is_attached_and_downloaded_by_its_unit_only(world, signed_in, session):
    officer = signed_in(world.officer_a)
    send(officer, world, workbook([row(1)]))
    proposal = session.scalars(select(Proposal)).one()
    url = f"/unit/proposals/{proposal.id}"
    refused = officer.post(f"{url}/scan", {"version": str(proposal.version), "scan": (io.BytesIO(b"MZ not a pdf"),
                           "to-trinh.exe")}, from_page=url, content_type="multipart/form-data")
    assert refused.status_code == 400 and "Chỉ nhận tệp PDF, DOCX, PNG hoặc JPEG" in text(refused)
    response = officer.post(f"{url}/scan", {"version": str(proposal.version), "scan": (io.BytesIO(factories.PDF),
                            "to-trinh.pdf")}, from_page=url, content_type="multipart/form-data")
    assert response.status_code == 302
    assert officer.get(f"{url}/scan").data == factories.PDF
    assert signed_in(world.officer_b).get(f"{url}/scan").status_code == 404
    event = session.scalars(select(AuditEvent).where(AuditEvent.object_type == "proposal",
                                                     AuditEvent.action == "add_attachment")).one()
    assert event.changes["filename"] == "to-trinh.pdf"
