"""Field checks (thẩm tra thực tế, issue 17) through the test client, CSRF on: the secretariat records one with
its minutes from the appraisal page's card, a refusal is shown beside its field with nothing recorded; the council
member reads it on the session page and downloads the minutes; the unit officer sees the checks of its own
nomination read-only; other roles and other units get 403 or 404; the admin's award type form sets the rule."""
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests import factories
from tests.web.test_public import text
from workflow.models import FieldCheck
from workflow.services import clock, council

URL = "/secretariat/nominations/{}/field-checks"


@pytest.fixture
def appraised(session, world, store):
    world.giay_khen.field_check_required = True
    nomination = factories.in_appraisal(session, world, store, award_type=world.giay_khen,
                                        name="Hợp tác xã Nông nghiệp Vĩnh Hưng")
    session.commit()
    return nomination


def _form(**kw):
    return {"checked_on": clock.today().isoformat(), "place": "Ấp Xóm Lớn, xã Vĩnh Hưng A",
            "inspectors": "Lê Văn Tâm – Ban Thi đua – Khen thưởng tỉnh\r\nTrần Thị Mai – Phòng Nội vụ huyện",
            "findings": "Mô hình lúa – tôm 120 ha đúng như báo cáo.", "conclusion": "passed", "submit": "1"} | kw


def test_the_secretariat_records_a_check_with_its_minutes_and_sees_it_on_the_appraisal_page(
        session, world, appraised, signed_in):
    secretariat = signed_in(world.secretariat)
    appraisal = text(secretariat.get(f"/secretariat/nominations/{appraised.id}/appraisal"))
    assert "Thẩm tra thực tế" in appraisal and "Chưa có biên bản thẩm tra thực tế nào" in appraisal
    assert "Hồ sơ chưa có biên bản thẩm tra thực tế kết luận «đạt»" in appraisal
    form_page = text(secretariat.get(URL.format(appraised.id)))
    assert "không sửa được" in form_page
    saved = secretariat.post(URL.format(appraised.id), _form(files=(io.BytesIO(factories.PDF), "bien-ban.pdf")),
                             content_type="multipart/form-data")
    assert saved.status_code == 302
    check = session.scalar(select(FieldCheck))
    assert (check.nomination_id, check.conclusion, check.place) == (appraised.id, "passed",
                                                                    "Ấp Xóm Lớn, xã Vĩnh Hưng A")
    page = text(secretariat.get(f"/secretariat/nominations/{appraised.id}/appraisal"))
    assert "Ấp Xóm Lớn, xã Vĩnh Hưng A" in page and "Lê Văn Tâm – Ban Thi đua – Khen thưởng tỉnh" in page
    assert "Đạt" in page and "bien-ban.pdf" in page and "Hồ sơ chưa có biên bản" not in page
    assert "bien-ban.pdf" in text(secretariat.get(f"/secretariat/nominations/{appraised.id}"))
    download = secretariat.get(f"{URL.format(appraised.id)}/files/{check.files[0].id}")
    assert download.status_code == 200 and download.data == factories.PDF
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_a_future_date_is_refused_beside_its_field_and_nothing_is_recorded(session, world, appraised, signed_in):
    secretariat = signed_in(world.secretariat)
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    refused = secretariat.post(URL.format(appraised.id), _form(checked_on=tomorrow))
    assert refused.status_code == 400 and "Ngày thẩm tra không được sau ngày hôm nay" in text(refused)
    not_a_file = secretariat.post(URL.format(appraised.id), _form(files=(io.BytesIO(b"MZ..."), "x.pdf")),
                                  content_type="multipart/form-data")
    assert not_a_file.status_code == 400 and "PDF, DOCX, PNG hoặc JPEG" in text(not_a_file)
    no_place = secretariat.post(URL.format(appraised.id), _form(place=" "))
    assert no_place.status_code == 400 and "Cần nhập nơi thẩm tra" in text(no_place)
    assert session.scalar(select(FieldCheck)) is None


def test_the_council_member_sees_the_check_on_the_session_page_and_downloads_its_minutes(
        session, world, store, appraised, signed_in):
    check = factories.field_check(session, world, store, appraised)
    meeting = factories.new_session(session, world)
    item = council.to_council(session, appraised, meeting, by=world.secretariat,
                              expected_version=appraised.version)
    session.commit()
    member = signed_in(world.members[1])
    page = text(member.get(f"/council/sessions/{meeting.id}"))
    assert "Thẩm tra thực tế" in page and "Ấp Xóm Lớn, xã Vĩnh Hưng A" in page
    assert "Mô hình sản xuất lúa – tôm hoạt động đúng như báo cáo thành tích." in page
    assert "bien-ban-tham-tra.pdf" in page
    url = f"/council/items/{item.id}/field-checks/files/{check.files[0].id}"
    download = member.get(url)
    assert download.status_code == 200 and download.data == factories.PDF
    assert signed_in(world.officer_a).get(url).status_code == 403
    assert member.get(f"/council/items/{item.id}/field-checks/files/{check.files[0].id + 1}").status_code == 404


def test_the_unit_officer_sees_its_nominations_checks_read_only_and_another_unit_gets_404(
        session, world, store, appraised, signed_in):
    check = factories.field_check(session, world, store, appraised, conclusion="incomplete")
    session.commit()
    officer = signed_in(world.officer_a)
    response = officer.get(f"/unit/nominations/{appraised.id}")
    page = text(response)
    assert "Thẩm tra thực tế" in page and "Cần bổ sung" in page and "đơn vị chỉ xem, không sửa" in page
    assert "/field-checks" not in response.get_data(as_text=True)  # no way to record or reach the staff page
    download = officer.get(f"/unit/field-check-files/{check.files[0].id}")
    assert download.status_code == 200 and download.data == factories.PDF
    assert signed_in(world.officer_b).get(f"/unit/field-check-files/{check.files[0].id}").status_code == 404
    assert officer.get(URL.format(appraised.id)).status_code == 403


def test_the_admin_award_type_form_offers_the_requirement(session, world, signed_in):
    page = signed_in(world.admin).get(f"/admin/award-types/{world.bang_khen.id}/edit")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="field_check_required"' in body
    assert "Bắt buộc thẩm tra thực tế (biên bản kết luận «đạt») trước khi trình Hội đồng" in text(page)


def test_the_minutes_record_each_items_field_checks_on_the_page_the_pdf_and_the_word_copy(
        session, world, store, appraised, signed_in):
    import subprocess

    from tests.unit.test_docx_documents import opened, texts
    from workflow.rules.tally import Choice
    factories.field_check(session, world, store, appraised, conclusion="incomplete")
    factories.field_check(session, world, store, appraised)
    meeting = factories.new_session(session, world)
    item = council.to_council(session, appraised, meeting, by=world.secretariat, expected_version=appraised.version)
    for member in world.members:
        if council.recusal_reason(item, member) is None:
            council.cast_vote(session, item, by=member, choice=Choice.AGREE)
    council.close_session(session, meeting, by=world.secretariat)
    session.commit()
    member = signed_in(world.members[1])
    day = f"{clock.today():%d/%m/%Y}"
    line = f"Ngày {day} tại Ấp Xóm Lớn, xã Vĩnh Hưng A, kết luận: cần bổ sung."
    assert "Thẩm tra thực tế – hồ sơ số 1 (Hợp tác xã Nông nghiệp Vĩnh Hưng):" in text(
        member.get(f"/council/sessions/{meeting.id}/minutes"))
    assert line in text(member.get(f"/council/sessions/{meeting.id}/minutes"))
    word = "\n".join(texts(opened(member.get(f"/council/sessions/{meeting.id}/bien-ban.docx").data)))
    assert f"- Thẩm tra thực tế ngày {day} tại Ấp Xóm Lớn, xã Vĩnh Hưng A, kết luận: đạt. Mô hình sản xuất" in word
    pdf = member.get(f"/council/sessions/{meeting.id}/minutes.pdf").data
    words = " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                                    check=True).stdout.decode().split())
    assert "Thẩm tra thực tế – hồ sơ số 1 (Hợp tác xã Nông nghiệp Vĩnh Hưng):" in words and "kết luận: đạt." in words
