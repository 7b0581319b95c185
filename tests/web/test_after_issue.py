"""After issue (issue 16) through the test client, CSRF on: the authority corrects a line (form, confirmation,
numbered decision) and /verify of the old code says so and links the new one; a replacement recorded by the
secretariat shows the old code as replaced; revoking records what to recover, and the secretariat's list of
open recoveries records it; other roles get 403."""

import pytest
from sqlalchemy import select

from tests import factories
from tests.web.test_public import text
from workflow.models import AuditEvent, Certificate, Decision, LineCorrection, Recovery
from workflow.services import clock, decisions


@pytest.fixture
def line(session, world, store):
    nomination = factories.awarded(session, world, store, name="Ủy ban nhân dân xã Vĩnh Hưng")
    session.commit()
    return decisions.certificate_of(session, nomination).line


def _correct(signed_in, world, line):
    chair = signed_in(world.chair)
    url = f"/authority/nominations/{line.nomination_id}/correct"
    form = {"name": "Ủy ban nhân dân xã Vĩnh Hưng A", "recipient_line": line.recipient_line,
            "reason": "Ghi thiếu chữ A trong tên xã.", "decision_date": "2025-04-10",
            "signer_id": str(world.signer.id), "submit": "1"}
    confirm = chair.post(url, form)
    return chair, url, form, confirm


def test_the_authority_corrects_a_line_after_a_confirmation_and_verify_tells_both_ways(
        app, session, world, line, signed_in):
    old_code = line.certificate.verify_code
    chair, url, form, confirm = _correct(signed_in, world, line)
    page = text(confirm)
    assert confirm.status_code == 200 and "Xác nhận ban hành quyết định đính chính" in page
    assert "không hoàn tác được" in page and "2/QĐ-UBND" in page
    assert session.scalar(select(LineCorrection)) is None          # nothing issued by the first post
    form = {k: v for k, v in form.items() if k != "submit"} | {"issue": "1"}
    response = chair.post(url, form, from_page=None)
    assert response.status_code == 302, text(response)[:600]
    correction = session.scalar(select(LineCorrection))
    new_code = session.get(Certificate, line.certificate.id).verify_code
    assert correction.new_code == new_code != old_code and correction.decision.number == "2/QĐ-UBND"
    assert session.get(Certificate, line.certificate.id).pdf_sha256 is not None   # signed as issuing signs

    old = app.test_client().get(f"/verify/{old_code}")
    page, body = text(old), old.get_data(as_text=True)
    assert old.status_code == 200 and "đã được đính chính bởi Quyết định số 2/QĐ-UBND" in page
    assert "Ghi thiếu chữ A trong tên xã." in page and "HỢP LỆ" not in page
    assert f'href="/verify/{new_code}"' in body
    new = app.test_client().get(f"/verify/{new_code}")
    page, body = text(new), new.get_data(as_text=True)
    assert "HỢP LỆ" in page and "đính chính cho Bằng khen số" in page and f'href="/verify/{old_code}"' in body
    assert "Ủy ban nhân dân xã Vĩnh Hưng A" in page
    register = text(app.test_client().get("/recognitions", query_string={"q": "vinh hung a"}))
    assert "Ủy ban nhân dân xã Vĩnh Hưng A" in register


def test_a_correction_that_changes_nothing_is_refused_beside_the_form(app, session, world, line, signed_in):
    chair = signed_in(world.chair)
    url = f"/authority/nominations/{line.nomination_id}/correct"
    response = chair.post(url, {"name": line.recipient_name, "recipient_line": line.recipient_line,
                                "reason": "x", "decision_date": clock.today().isoformat(), "signer_id": str(world.signer.id),
                                "issue": "1"})
    assert response.status_code == 400 and "không khác nội dung đã ban hành" in text(response)
    assert session.scalar(select(Decision).where(Decision.seq == 2)) is None


@pytest.mark.parametrize("who", ["secretariat", "officer_a", "admin"])
def test_other_roles_may_not_correct(world, line, signed_in, who):
    url = f"/authority/nominations/{line.nomination_id}/correct"
    assert signed_in(getattr(world, who)).get(url).status_code == 403


def test_the_secretariat_reissues_a_lost_certificate_and_verify_says_replaced(app, session, world, line, signed_in):
    old_code = line.certificate.verify_code
    secretariat = signed_in(world.secretariat)
    start = secretariat.get(f"/secretariat/nominations/{line.nomination_id}/reissue")
    url = start.headers["Location"]
    form = {"reason": "lost", "requested_by": "Ông Trần Văn Bình", "requested_on": clock.today().isoformat(), "note": "",
            "submit": "1"}
    confirm = secretariat.post(url, form)
    assert confirm.status_code == 200 and "Xác nhận cấp lại bằng khen" in text(confirm)
    assert session.get(Certificate, line.certificate.id).verify_code == old_code
    done = secretariat.post(url, {k: v for k, v in form.items() if k != "submit"} | {"issue": "1"})
    assert done.status_code == 302
    new_code = session.get(Certificate, line.certificate.id).verify_code
    assert new_code != old_code
    page = text(app.test_client().get(f"/verify/{old_code}"))
    assert "ĐÃ ĐƯỢC THAY THẾ (CẤP LẠI)" in page and new_code in page and "Khen thưởng vẫn có hiệu lực" in page
    assert "ĐÃ THU HỒI" not in page
    again = text(secretariat.get(url))
    assert "Lần 1" in again and "Ông Trần Văn Bình" in again


@pytest.mark.parametrize("who", ["chair", "officer_a", "admin"])
def test_other_roles_may_not_reissue_or_see_recoveries(world, line, signed_in, who):
    browser = signed_in(getattr(world, who))
    assert browser.get(f"/secretariat/certificates/{line.certificate.id}/reissue").status_code == 403
    assert browser.get("/secretariat/recoveries").status_code == 403


def test_revoking_records_what_to_recover_and_the_secretariat_records_it(app, session, world, line, signed_in):
    chair = signed_in(world.chair)
    url = f"/authority/nominations/{line.nomination_id}/revoke"
    form_page = text(chair.get(url))
    assert "Hiện vật, tiền thưởng phải thu hồi" in form_page
    response = chair.post(url, {"version": str(line.nomination.version), "reason": "Kê khai không đúng.",
                                "revoking_decision_no": "45/QĐ-UBND", "recover_items": "Bằng khen, Huy hiệu",
                                "recover_money": "y", "recover_amount": ""})
    assert response.status_code == 302
    recovery = session.scalar(select(Recovery))
    assert (recovery.items, recovery.money_amount) == ("Bằng khen, Huy hiệu", line.prize_amount)

    secretariat = signed_in(world.secretariat)
    listing = text(secretariat.get("/secretariat/recoveries"))
    assert "Ủy ban nhân dân xã Vĩnh Hưng" in listing and "45/QĐ-UBND" in listing
    assert "Không tìm thấy" in text(secretariat.get("/secretariat/recoveries?q=hong+dan"))
    assert "Ủy ban nhân dân xã Vĩnh Hưng" in text(secretariat.get("/secretariat/recoveries?q=vinh+hung"))
    record = f"/secretariat/recoveries/{recovery.id}"
    missing = secretariat.post(record, {"recovered_on": clock.today().isoformat(), "receipt_no": "", "note": ""})
    assert missing.status_code == 400 and "Cần ghi số biên lai" in text(missing)
    assert secretariat.post(record, {"recovered_on": clock.today().isoformat(), "receipt_no": "PT-15", "note": ""}).status_code == 302
    assert session.get(Recovery, recovery.id).receipt_no == "PT-15"
    assert "Không còn hiện vật, tiền thưởng nào phải thu hồi." in text(secretariat.get("/secretariat/recoveries"))
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "record_recovery")) is not None


def test_printing_one_certificate_is_audited(session, world, line, signed_in):
    chair = signed_in(world.chair)
    response = chair.get(f"/authority/certificates/{line.certificate.id}/print?paper=a4")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    event = session.scalar(select(AuditEvent).where(AuditEvent.object_type == "certificate"))
    assert (event.action, event.actor_id) == ("print_certificates", world.chair.id)


def test_the_public_decision_pages_show_the_correction_both_ways(app, session, world, line, signed_in):
    chair, url, form, _ = _correct(signed_in, world, line)
    chair.post(url, {k: v for k, v in form.items() if k != "submit"} | {"issue": "1"})
    correcting = session.scalar(select(Decision).where(Decision.seq == 2))
    page = text(app.test_client().get(f"/decisions/{correcting.id}"))
    assert "Nội dung đính chính" in page and "«Ủy ban nhân dân xã Vĩnh Hưng" in page
    assert "nay là «Ủy ban nhân dân xã Vĩnh Hưng A" in page and "Danh sách khen thưởng" not in page
    original = text(app.test_client().get(f"/decisions/{line.decision_id}"))
    assert "Đã đính chính theo Quyết định số 2/QĐ-UBND ngày 10/04/2025" in original
    staff = chair.get(f"/authority/decisions/{correcting.id}")
    staff_page = text(staff)
    assert staff.status_code == 200 and "chưa có tệp PDF có chữ ký số" not in staff_page   # no award list to sign
    assert "Nội dung đính chính" in staff_page and "In bằng khen hàng loạt" not in staff_page
    assert "Nội dung đính chính" not in text(chair.get(f"/authority/decisions/{line.decision_id}"))


# --- the old golden book ----------------------------------------------------------------------------------------

def test_the_secretariat_imports_the_golden_book_or_sees_every_row_problem(app, session, world, signed_in):
    import io

    from tests.services.test_history_import import title_rows, xlsx
    from workflow.models import AwardCategory, AwardType, HistoricalAward

    session.add(AwardType(code="CSTDCS", name="Chiến sĩ thi đua cơ sở", authority=world.authority,
                          category=AwardCategory.TITLE, collective_allowed=False, certificate_title="CHIẾN SĨ"))
    session.commit()
    secretariat = signed_in(world.secretariat)
    template = secretariat.get("/secretariat/history-import/mau-so-vang.xlsx")
    assert template.status_code == 200 and template.data[:2] == b"PK"
    url = "/secretariat/history-import"
    bad = title_rows()
    bad[0] = bad[0][:4] + ("Không có hình thức này",) + bad[0][5:]
    refused = secretariat.post(url, {"authority_id": str(world.authority.id),
                                     "workbook": (io.BytesIO(xlsx(*bad)), "so-vang.xlsx")},
                               content_type="multipart/form-data")
    page = text(refused)
    assert refused.status_code == 400 and "chưa nhập dòng nào" in page and "Dòng 3, cột E" in page
    assert session.scalar(select(HistoricalAward)) is None
    not_a_workbook = secretariat.post(url, {"authority_id": str(world.authority.id),
                                            "workbook": (io.BytesIO(b"%PDF-1.4"), "so-vang.xlsx")},
                                      content_type="multipart/form-data")
    assert not_a_workbook.status_code == 400 and "Excel" in text(not_a_workbook)
    saved = secretariat.post(url, {"authority_id": str(world.authority.id),
                                   "workbook": (io.BytesIO(xlsx(*title_rows())), "so-vang.xlsx")},
                             content_type="multipart/form-data")
    assert saved.status_code == 302
    assert "so-vang.xlsx" in text(secretariat.get(url))
    assert len(session.scalars(select(HistoricalAward)).all()) == 3
    register = app.test_client().get("/recognitions", query_string={"q": "nguyen van an"})
    page = text(register)
    assert page.count("Dữ liệu nhập từ sổ sách cũ") == 3 and "13/QĐ-UBND" in page and "/recognitions/-" not in page
    records = app.test_client().get("/open-data/recognitions.json").get_json()
    records = records if isinstance(records, list) else records.get("records", records.get("items"))
    assert sorted(r["decision_number"] for r in records if r["imported"]) == ["11/QĐ-UBND", "12/QĐ-UBND",
                                                                              "13/QĐ-UBND"]


@pytest.mark.parametrize("who", ["chair", "officer_a", "admin"])
def test_other_roles_may_not_import_the_golden_book(world, signed_in, who):
    assert signed_in(getattr(world, who)).get("/secretariat/history-import").status_code == 403
