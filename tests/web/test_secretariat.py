"""The secretariat's area through the test client, CSRF on: each step asserts the page a person sees and the
database state behind it."""
import html
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from workflow.models import (AgendaItem, Authority, CommentStatus, CouncilSession, DecisionDraft, PublicComment,
                             PublicNotice, Resolution, Review)
from workflow.rules.permissions import Grant, Role
from workflow.rules.states import State
from workflow.rules.tally import Choice
from workflow.services import clock, council, nominations, notices, users

SECRETARIAT = "/secretariat"


def text(response) -> str:
    """The page as a person reads it (entities decoded); never a stack trace."""
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    return html.unescape(body)


def selection_values(page: str) -> dict[str, str]:
    """The bulk checkboxes of a queue page: {nomination id: "id:version"}."""
    return {value.split(":")[0]: value for value in re.findall(r'name="sel" value="(\d+:\d+)"', page)}


def hidden(page: str, name: str) -> str:
    """A hidden field of the page's main content (the header's sign-out form has fields of its own)."""
    main = page[page.index('<main'):]
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', main)
    assert match, f"no hidden field {name}"
    return html.unescape(match.group(1))


def refreshed(session, obj):
    session.expire_all()
    return session.get(type(obj), obj.id)


def set_today(day: date) -> None:
    """Move the service clock (which the app's today follows) so that today is `day`."""
    clock.advance(days=(day - clock.today()).days)
    assert clock.today() == day


@pytest.fixture
def sec(world, signed_in):
    return signed_in(world.secretariat)


def comment_on(session, nomination, notice, body="Tôi phản ánh: số liệu thành tích chưa đúng thực tế."):
    comment = notices.receive_comment(session, notice, nomination, full_name="Lê Văn Tám", contact="0912 345 678",
                                      address="Ấp Năm Căn, xã Vĩnh Hưng A", body=body)
    session.commit()
    return comment


# --- intake ----------------------------------------------------------------------------------------------

def test_intake_lists_submitted_nominations_and_accept_moves_one_to_appraisal(session, world, store, sec):
    nomination = factories.submitted(session, world, store, name="Tập thể Ấp Cái Dầy")
    session.commit()
    page = text(sec.get(f"{SECRETARIAT}/intake"))
    assert "Tập thể Ấp Cái Dầy" in page and "Tiếp nhận" in page

    response = sec.post(f"{SECRETARIAT}/nominations/{nomination.id}/accept", {"version": nomination.version},
                        from_page=f"{SECRETARIAT}/intake")
    assert response.status_code == 302
    assert refreshed(session, nomination).state == State.IN_APPRAISAL
    assert "Đã tiếp nhận hồ sơ «Tập thể Ấp Cái Dầy»" in text(sec.get(response.headers["Location"]))
    assert "Tập thể Ấp Cái Dầy" in text(sec.get(f"{SECRETARIAT}/appraisal"))
    assert "Không có hồ sơ nào chờ tiếp nhận" in text(sec.get(f"{SECRETARIAT}/intake"))


def test_return_needs_a_reason_beside_its_field_and_stores_it(session, world, store, sec):
    nomination = factories.submitted(session, world, store)
    session.commit()
    url = f"{SECRETARIAT}/nominations/{nomination.id}/return"
    page = text(sec.get(url))
    assert '<label for="reason">Lý do trả lại hồ sơ<span class="req"' in page

    version = hidden(page, "version")
    assert version == str(nomination.version)
    refused = sec.post(url, {"version": version, "reason": "  "})
    assert refused.status_code == 200
    assert "Cần nêu lý do trả lại để đơn vị bổ sung." in text(refused)
    assert refreshed(session, nomination).state == State.SUBMITTED

    response = sec.post(url, {"version": version, "reason": "Thiếu biên bản bình xét của đơn vị."})
    assert response.status_code == 302
    nomination = refreshed(session, nomination)
    assert nomination.state == State.RETURNED
    assert nomination.return_reason == "Thiếu biên bản bình xét của đơn vị."
    assert "Thiếu biên bản bình xét của đơn vị." in text(sec.get(f"{SECRETARIAT}/nominations/{nomination.id}"))


def test_accept_asks_for_confirmation_carrying_the_version_seen(session, world, store, sec):
    """Accepting was the one step without a confirmation page: the nomination page now links to one, which
    says what will change and carries the version the secretariat saw."""
    nomination = factories.submitted(session, world, store, name="Tập thể Ấp Xác Nhận")
    session.commit()
    url = f"{SECRETARIAT}/nominations/{nomination.id}"
    page = text(sec.get(url))
    assert f'href="{url}/accept" data-action="accept"' in page
    assert 'name="version"' not in page[page.index("<main"):]  # no bare POST button any more
    confirm = text(sec.get(f"{url}/accept"))
    assert "Xác nhận: Tiếp nhận" in confirm and "Tập thể Ấp Xác Nhận" in confirm
    assert 'Đã gửi</span> → <span class="badge state-in_appraisal">Đang thẩm định' in confirm
    assert refreshed(session, nomination).state == State.SUBMITTED  # looking changes nothing
    response = sec.client.post(f"{url}/accept", data={"csrf_token": hidden(confirm, "csrf_token"),
                                                      "version": hidden(confirm, "version")})
    assert response.status_code == 302
    assert refreshed(session, nomination).state == State.IN_APPRAISAL
    again = text(sec.get(f"{url}/accept"))  # a stale link: said plainly, and no form to post
    assert "Không thể «Tiếp nhận» khi hồ sơ đang ở trạng thái «Đang thẩm định»." in again
    assert 'name="version"' not in again[again.index("<main"):]


def test_a_stale_accept_gets_the_friendly_conflict_page(session, world, store, sec):
    nomination = factories.submitted(session, world, store)
    session.commit()
    response = sec.post(f"{SECRETARIAT}/nominations/{nomination.id}/accept", {"version": nomination.version - 1},
                        from_page=f"{SECRETARIAT}/intake")
    assert response.status_code == 409
    assert "đã có người xử lý trước" in text(response)
    assert refreshed(session, nomination).state == State.SUBMITTED


# --- the nomination page: private facts, attachments, diff -------------------------------------------------

def test_nomination_page_shows_private_facts_to_staff_and_downloads_attachments(session, world, store, sec):
    nomination = factories.submitted(session, world, store, kind="individual", name="Nguyễn Thị Hồng")
    nominations_edit_private(session, world, nomination)
    page = text(sec.get(f"{SECRETARIAT}/nominations/{nomination.id}"))
    assert "không công khai" in page
    assert "19/04/1982" in page and "094182000123" in page
    assert "Gửi hồ sơ" in page  # the timeline from the audit trail
    link = re.search(r'href="(/secretariat/nominations/\d+/attachments/\d+)"', page).group(1)

    download = sec.get(link)
    assert download.status_code == 200
    assert download.data == factories.PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert sec.get(f"{SECRETARIAT}/nominations/{nomination.id}/attachments/999999").status_code == 404


def nominations_edit_private(session, world, nomination):
    """Return the nomination, add the private facts as the unit would, and resubmit it."""
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Bổ sung ngày sinh và số CCCD.")
    nominations.edit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                     changes={"nominee.birth_date": date(1982, 4, 19), "nominee.id_number": "094182000123"})
    nominations.resubmit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    session.commit()


def test_a_resubmission_shows_each_changed_field_old_struck_through_and_new_highlighted(session, world, store, sec):
    nomination = factories.submitted(session, world, store)
    old_letter = nomination.letter_no
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Số Tờ trình chưa đúng.")
    nominations.edit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                     changes={"letter_no": "77/TTr-UBND", "period_to": date(2024, 11, 30)})
    nominations.resubmit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    session.commit()

    page = text(sec.get(f"{SECRETARIAT}/nominations/{nomination.id}"))
    assert "Thay đổi khi gửi lại: lần 1 → lần 2" in page
    row = re.search(r"<th scope=\"row\">Số Tờ trình</th>(.*?)</tr>", page, re.DOTALL).group(1)
    assert re.search(rf'<del class="diff-old">.*{re.escape(old_letter)}</del>', row)
    assert re.search(r'<ins class="diff-new">.*77/TTr-UBND</ins>', row)
    period = re.search(r"<th scope=\"row\">Thành tích đến ngày</th>(.*?)</tr>", page, re.DOTALL).group(1)
    assert "31/12/2024" in period and "30/11/2024" in period
    assert "Tóm tắt thành tích</th>" not in page  # unchanged fields are not listed


def test_a_resubmitted_paragraph_with_one_word_changed_marks_only_that_word_escaped(session, world, store, sec):
    """Issue 13: the diff struck whole paragraphs. The unit's words are escaped, never taken as markup."""
    old = "Thu nhập <b>bình quân</b> đạt 72 triệu đồng/người/năm & hộ nghèo giảm còn 1,2%."
    new = old.replace("72", "75")
    nomination = factories.make_nomination(session, world, store)
    nominations.edit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                     changes={"achievement_summary": old})
    nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Sửa số liệu.")
    nominations.edit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                     changes={"achievement_summary": new})
    nominations.resubmit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    session.commit()
    page = sec.get(f"{SECRETARIAT}/nominations/{nomination.id}").get_data(as_text=True)
    row = re.search(r'<th scope="row">Tóm tắt thành tích</th>(.*?)</tr>', page, re.DOTALL).group(1)
    marked = [(tag, re.sub(r"<[^>]+>", "", inner)) for tag, inner in re.findall(r"<(del|ins)\b[^>]*>(.*?)</\1>", row)]
    assert marked == [("del", "Cũ: 72"), ("ins", "Mới: 75")]
    assert "&lt;b&gt;bình quân&lt;/b&gt;" in row and "<b>" not in row and "&amp; hộ nghèo" in row


# --- appraisal -------------------------------------------------------------------------------------------

def test_appraisal_with_the_award_types_checklist_stores_a_review(session, world, store, sec):
    world.bang_khen.appraisal_checklist = "Có báo cáo thành tích được cấp trên xác nhận\nĐạt tiêu chuẩn Bằng khen"
    nomination = factories.in_appraisal(session, world, store)
    session.commit()
    url = f"{SECRETARIAT}/nominations/{nomination.id}/appraisal"
    page = text(sec.get(url))
    assert "Có báo cáo thành tích được cấp trên xác nhận" in page and "Đạt tiêu chuẩn Bằng khen" in page
    assert "chưa có danh mục kiểm tra riêng" not in page

    empty = sec.post(url, {"item_0": "y", "body": ""})
    assert "Cần nhập nội dung ý kiến thẩm định." in text(empty)
    assert session.scalar(select(func.count()).select_from(Review)) == 0

    response = sec.post(url, {"item_0": "y", "body": "Hồ sơ đủ thành phần; cần đối chiếu tiêu chuẩn."})
    assert response.status_code == 302
    review = session.scalars(select(Review)).one()
    assert review.nomination_id == nomination.id and review.author_id == world.secretariat.id
    assert review.checklist == {"Có báo cáo thành tích được cấp trên xác nhận": True, "Đạt tiêu chuẩn Bằng khen": False}
    page = text(sec.get(url))
    assert "Hồ sơ đủ thành phần; cần đối chiếu tiêu chuẩn." in page and "✘ Chưa đạt: Đạt tiêu chuẩn Bằng khen" in page


def test_an_award_type_without_checklist_gets_the_default_list(session, world, store, sec):
    nomination = factories.in_appraisal(session, world, store)
    session.commit()
    page = text(sec.get(f"{SECRETARIAT}/nominations/{nomination.id}/appraisal"))
    assert "chưa có danh mục kiểm tra riêng" in page
    assert "Không trùng lặp với thành tích đã được khen thưởng" in page


def test_appraisal_shows_prior_awards_and_warns_of_a_duplicate_achievement(session, world, store, sec):
    name = "Tập thể Ấp Phước Thạnh"
    earlier = factories.awarded(session, world, store, name=name, period_from=date(2022, 1, 1),
                                period_to=date(2022, 12, 31))
    nomination = factories.in_appraisal(session, world, store, name=name)
    overlapping = factories.submitted(session, world, store, name=name, period_from=date(2024, 7, 1),
                                      period_to=date(2025, 6, 30))
    other_award = factories.submitted(session, world, store, name=name, award_type=world.giay_khen)
    session.commit()

    page = text(sec.get(f"{SECRETARIAT}/nominations/{nomination.id}/appraisal"))
    assert "Khen thưởng đã nhận của đối tượng" in page
    assert "Quyết định số 1/QĐ-UBND ngày 03/03/2025" in page and "01/01/2022 – 31/12/2022" in page
    warning = re.search(r'<div class="alert" role="alert">(.*?)</div>', page, re.DOTALL).group(1)
    assert "Cảnh báo trùng thành tích" in warning
    assert f"/nominations/{overlapping.id}\"" in warning
    assert f"/nominations/{other_award.id}\"" not in warning  # another award type is no duplicate
    assert f"/nominations/{earlier.id}\"" not in warning  # nor is another period

    alone = factories.in_appraisal(session, world, store, name="Tập thể Ấp Mới")
    session.commit()
    page = text(sec.get(f"{SECRETARIAT}/nominations/{alone.id}/appraisal"))
    assert "Cảnh báo trùng thành tích" not in page and "Không tìm thấy khen thưởng nào trước đây" in page


# --- bulk accept -----------------------------------------------------------------------------------------

def test_bulk_accept_confirms_exactly_the_selection_then_applies_all(session, world, store, sec):
    first, second, third = (factories.submitted(session, world, store, name=f"Tập thể Ấp số {i}") for i in (1, 2, 3))
    session.commit()
    boxes = selection_values(text(sec.get(f"{SECRETARIAT}/intake")))
    assert set(boxes) == {str(first.id), str(second.id), str(third.id)}

    confirm = sec.get(f"{SECRETARIAT}/intake/accept", query_string=[("sel", boxes[str(first.id)]),
                                                                    ("sel", boxes[str(third.id)])])
    page = text(confirm)
    assert "Xác nhận: Tiếp nhận 2 hồ sơ" in page
    assert "Tập thể Ấp số 1" in page and "Tập thể Ấp số 3" in page and "Tập thể Ấp số 2" not in page
    assert page.count("Đã gửi</span> → <span class=\"badge state-in_appraisal\">Đang thẩm định") == 2
    assert refreshed(session, first).state == State.SUBMITTED  # the confirm page changes nothing

    response = sec.client.post(f"{SECRETARIAT}/intake/accept", data={
        "csrf_token": hidden(page, "csrf_token"), "ids": hidden(page, "ids"), "versions": hidden(page, "versions")})
    assert response.status_code == 302
    assert [refreshed(session, n).state for n in (first, second, third)] == [
        State.IN_APPRAISAL, State.SUBMITTED, State.IN_APPRAISAL]
    assert "đã tiếp nhận 2 hồ sơ" in text(sec.get(response.headers["Location"]))


def test_bulk_accept_is_all_or_nothing_with_the_services_message(session, world, store, sec):
    first, second = (factories.submitted(session, world, store, name=f"Tập thể Ấp {c}") for c in "AB")
    session.commit()
    boxes = selection_values(text(sec.get(f"{SECRETARIAT}/intake")))
    page = text(sec.get(f"{SECRETARIAT}/intake/accept", query_string=[("sel", v) for v in boxes.values()]))
    # meanwhile a colleague returns the second nomination
    nominations.return_(session, second, by=world.secretariat, expected_version=second.version, reason="Thiếu hồ sơ.")
    session.commit()

    response = sec.client.post(f"{SECRETARIAT}/intake/accept", data={
        "csrf_token": hidden(page, "csrf_token"), "ids": hidden(page, "ids"), "versions": hidden(page, "versions")})
    assert response.status_code == 302
    message = text(sec.get(response.headers["Location"]))
    assert "Không thực hiện được với hồ sơ «Tập thể Ấp B»" in message and "Chưa hồ sơ nào bị thay đổi." in message
    assert refreshed(session, first).state == State.SUBMITTED
    assert refreshed(session, second).state == State.RETURNED


# --- public notice ---------------------------------------------------------------------------------------

def test_opening_a_notice_previews_the_computed_end_date_then_stores_it(session, world, store, sec):
    set_today(date(2027, 3, 1))  # a Monday: ten working days later is Monday 15 March 2027
    bang_khen = factories.in_appraisal(session, world, store, name="Tập thể Ấp Xẻo Chích")
    giay_khen = factories.in_appraisal(session, world, store, name="Tập thể Ấp Nhà Việc", award_type=world.giay_khen)
    session.commit()
    boxes = selection_values(text(sec.get(f"{SECRETARIAT}/appraisal")))
    form = text(sec.get(f"{SECRETARIAT}/notices/new", query_string=[("sel", v) for v in boxes.values()]))
    assert "Tối thiểu 10 ngày làm việc" in form and "Tập thể Ấp Xẻo Chích" in form and "Tập thể Ấp Nhà Việc" in form
    fields = {"ids": hidden(form, "ids"), "versions": hidden(form, "versions"), "how_to_comment": "",
              "title": "Thông báo công khai lấy ý kiến Nhân dân đợt 1 năm 2027"}

    short = sec.post(f"{SECRETARIAT}/notices/new", fields | {"working_days": "5", "preview": "Xem trước"},
                     from_page=f"{SECRETARIAT}/intake")
    assert "Thời gian công khai tối thiểu là 10 ngày làm việc." in text(short)

    preview = text(sec.post(f"{SECRETARIAT}/notices/new", fields | {"working_days": "10", "preview": "Xem trước"},
                            from_page=f"{SECRETARIAT}/intake"))
    assert "hết ngày 15/03/2027" in preview and "01/03/2027" in preview
    assert "Đang thẩm định</span> → <span class=\"badge state-in_public_notice\">" in preview
    assert session.scalar(select(func.count()).select_from(PublicNotice)) == 0
    assert refreshed(session, bang_khen).state == State.IN_APPRAISAL

    response = sec.post(f"{SECRETARIAT}/notices/new", fields | {"working_days": "10", "confirm": "x"},
                        from_page=f"{SECRETARIAT}/intake")
    assert response.status_code == 302
    notice = session.scalars(select(PublicNotice)).one()
    assert (notice.start_date, notice.end_date, notice.working_days) == (date(2027, 3, 1), date(2027, 3, 15), 10)
    assert {refreshed(session, n).state for n in (bang_khen, giay_khen)} == {State.IN_PUBLIC_NOTICE}
    page = text(sec.get(response.headers["Location"]))
    assert "đến hết ngày 15/03/2027 (10 ngày làm việc)" in page and "không thể rút ngắn" in page
    assert "/edit" not in page
    assert "Thông báo công khai lấy ý kiến Nhân dân đợt 1 năm 2027" in text(sec.get(f"{SECRETARIAT}/notices"))


# --- comments --------------------------------------------------------------------------------------------

def test_comments_list_filters_by_status_and_an_answer_is_published_after_its_preview(session, world, store, sec):
    nomination, notice = factories.in_notice(session, world, store, today=clock.today())
    comment = comment_on(session, nomination, notice)
    listing = text(sec.get(f"{SECRETARIAT}/comments"))
    assert comment.receipt_code in listing and "Chưa phân loại" in listing and "Mới tiếp nhận" in listing
    assert comment.receipt_code in text(sec.get(f"{SECRETARIAT}/comments?status=received"))
    assert comment.receipt_code not in text(sec.get(f"{SECRETARIAT}/comments?status=answered"))

    url = f"{SECRETARIAT}/comments/{comment.id}"
    page = text(sec.get(url))
    assert "không công khai" in page and "0912 345 678" in page and "Ấp Năm Căn, xã Vĩnh Hưng A" in page

    raw = sec.get(url).get_data(as_text=True)   # nothing chosen in advance, and choosing nothing is refused
    select_ = re.search(r'<select id="classification".*?</select>', raw, re.DOTALL).group(0)
    assert '<option value="">— Chọn —</option><option value="objection">' in select_ and "selected" not in select_
    refused = sec.post(f"{url}/classify", {"classification": ""}, from_page=url)
    assert "Chọn một loại ý kiến." in text(refused) and refreshed(session, comment).classification == "unclassified"
    classify = sec.post(f"{url}/classify", {"classification": "objection"}, from_page=url)
    assert classify.status_code == 302
    assert refreshed(session, comment).classification == "objection"

    answer = "Qua xác minh, số liệu thành tích đúng với báo cáo của Ủy ban nhân dân xã."
    preview = text(sec.post(f"{url}/answer", {"answer": answer, "resolution": "rejected", "preview": "x"}))
    assert "Những gì sẽ thay đổi" in preview and answer in preview and "Không chấp nhận ý kiến phản ánh" in preview
    assert refreshed(session, comment).status != CommentStatus.ANSWERED

    response = sec.post(f"{url}/answer", {"answer": answer, "resolution": "rejected", "confirm": "x"}, from_page=url)
    assert response.status_code == 302
    comment = refreshed(session, comment)
    assert (comment.status, comment.resolution, comment.answer) == (CommentStatus.ANSWERED, Resolution.REJECTED, answer)
    assert comment.answered_by_id == world.secretariat.id
    assert "Trả lời đã công bố" in text(sec.get(url))


def test_a_citizens_evidence_downloads_for_staff_of_this_authority_only(session, world, store, sec):
    nomination, notice = factories.in_notice(session, world, store, today=clock.today())
    comment = notices.receive_comment(session, notice, nomination, full_name="Lê Văn Tám", contact="0912 345 678",
                                      address="Ấp Năm Căn", body="Kèm ảnh chụp biên bản.", store=store,
                                      attachment=("bien-ban.pdf", factories.PDF))
    session.commit()
    url = f"{SECRETARIAT}/comments/{comment.id}"
    link = re.search(r'href="(/secretariat/comments/\d+/attachments/\d+)"', text(sec.get(url))).group(1)
    download = sec.get(link)
    assert download.status_code == 200 and download.data == factories.PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    other = factories.submitted(session, world, store)
    session.commit()
    assert sec.get(f"{url}/attachments/{other.attachments[0].id}").status_code == 404


def test_an_empty_answer_is_refused_beside_its_field(session, world, store, sec):
    nomination, notice = factories.in_notice(session, world, store, today=clock.today())
    comment = comment_on(session, nomination, notice)
    url = f"{SECRETARIAT}/comments/{comment.id}"
    response = sec.post(f"{url}/answer", {"answer": "", "resolution": "noted", "confirm": "x"}, from_page=url)
    assert "Cần nhập nội dung trả lời; nội dung này sẽ được công khai." in text(response)
    assert refreshed(session, comment).status == CommentStatus.RECEIVED


def test_the_answer_form_has_no_outcome_chosen_and_refuses_an_answer_without_one(session, world, store, sec):
    """Issue 13: «không chấp nhận» was pre-selected, and published by whoever did not look."""
    nomination, notice = factories.in_notice(session, world, store, today=clock.today())
    comment = comment_on(session, nomination, notice)
    url = f"{SECRETARIAT}/comments/{comment.id}"
    page = text(sec.get(url))
    radios = re.findall(r'<input[^>]*name="resolution"[^>]*>', page)
    assert len(radios) == 2 and not any("checked" in radio for radio in radios)
    response = sec.post(f"{url}/answer", {"answer": "Cảm ơn ý kiến.", "confirm": "x"}, from_page=url)
    assert re.search(r'<fieldset class="field has-error">.*Cần chọn kết quả xử lý\.', text(response), re.DOTALL)
    assert refreshed(session, comment).status == CommentStatus.RECEIVED


def test_a_published_answer_is_corrected_after_a_preview_and_the_public_sees_both_texts(app, session, world,
                                                                                        store, sec):
    nomination, notice = factories.in_notice(session, world, store, today=clock.today())
    comment = comment_on(session, nomination, notice, body="Tôi đồng tình với đề nghị này.")
    notices.answer_comment(session, comment, by=world.secretariat, answer="Phản ánh không có cơ sở.",
                           resolution=Resolution.REJECTED)
    session.commit()
    url = f"{SECRETARIAT}/comments/{comment.id}"
    assert f'href="{url}/correct"' in text(sec.get(url))
    form = text(sec.get(f"{url}/correct"))
    assert "Phản ánh không có cơ sở." in form, form[form.index("<main"):]
    assert re.search(r'<input checked[^>]*value="rejected"', form)  # the current outcome, as published
    data = {"answer": "Cảm ơn ông đã đồng tình.", "resolution": "noted", "reason": "Chọn nhầm kết quả xử lý."}
    missing = sec.post(f"{url}/correct", data | {"reason": "", "preview": "x"}, from_page=f"{url}/correct")
    assert "Cần nêu lý do đính chính." in text(missing)
    preview = text(sec.post(f"{url}/correct", data | {"preview": "x"}, from_page=f"{url}/correct"))
    assert "Những gì sẽ thay đổi" in preview and "Cảm ơn ông đã đồng tình." in preview
    assert refreshed(session, comment).answer == "Phản ánh không có cơ sở."
    before = factories.audit_count(session)
    done = sec.post(f"{url}/correct", data | {"confirm": "x"}, from_page=f"{url}/correct")
    assert done.status_code == 302
    comment = refreshed(session, comment)
    assert (comment.answer, comment.resolution) == ("Cảm ơn ông đã đồng tình.", "noted")
    assert [c.previous_answer for c in comment.corrections] == ["Phản ánh không có cơ sở."]
    assert factories.audit_count(session) == before + 1

    public = app.test_client()
    for page in (text(public.get(f"/notices/{notice.id}")), text(public.get(f"/comments/{comment.receipt_code}"))):
        assert "Cảm ơn ông đã đồng tình." in page and "Chọn nhầm kết quả xử lý." in page
        assert re.search(r"Đã đính chính ngày \d\d/\d\d/\d{4}", page)
        assert re.search(r"<del[^>]*>[^<]*Phản ánh không có cơ sở\.</del>", page)
        assert "Lê Văn Tám" not in page and "0912 345 678" not in page


def test_upholding_an_objection_confirms_then_moves_the_nomination_to_not_awarded(session, world, store, sec):
    nomination, notice = factories.in_notice(session, world, store, today=clock.today())
    comment = comment_on(session, nomination, notice)
    url = f"{SECRETARIAT}/comments/{comment.id}/uphold"
    form = text(sec.get(url))
    assert "Xử lý hồ sơ" in form and "Không khen thưởng" in form
    answer = "Phản ánh đúng: đơn vị đã được khen cho cùng thành tích năm 2023."
    fields = {"answer": answer, "outcome": "not_awarded", "version": hidden(form, "version")}

    preview = text(sec.post(url, fields | {"preview": "x"}))
    assert "Đang công khai lấy ý kiến</span> → <span class=\"badge state-not_awarded\">Không khen thưởng" in preview
    assert refreshed(session, nomination).state == State.IN_PUBLIC_NOTICE

    response = sec.client.post(url, data={name: hidden(preview, name) for name in (
        "csrf_token", "answer", "outcome", "version")} | {"confirm": "x"})
    assert response.status_code == 302
    nomination = refreshed(session, nomination)
    assert nomination.state == State.NOT_AWARDED and nomination.outcome_reason == answer
    comment = session.get(PublicComment, comment.id)
    assert (comment.resolution, comment.answer) == (Resolution.UPHELD, answer)


# --- council sessions and the decision draft -------------------------------------------------------------

def test_a_council_session_from_attendance_to_tally_and_a_decision_draft(session, world, store, sec):
    disclosed, notice = factories.in_notice(session, world, store, today=clock.today(), name="Tập thể Ấp Biển Tây")
    session.commit()

    created = sec.post(f"{SECRETARIAT}/sessions/new", {"title": "Phiên họp xét khen thưởng đợt 1",
                                                       "meeting_date": clock.today().isoformat()})
    assert created.status_code == 302
    meeting = session.scalars(select(CouncilSession)).one()
    assert meeting.title == "Phiên họp xét khen thưởng đợt 1" and len(meeting.members) == 7
    url = f"{SECRETARIAT}/sessions/{meeting.id}"

    present = [m.id for m in world.members[:6]]
    response = sec.post(f"{url}/attendance", {"present": present}, from_page=url)
    assert response.status_code == 302
    meeting = refreshed(session, meeting)
    assert {m.user_id for m in meeting.members if m.present} == set(present)
    assert "Có mặt 6/7 thành viên." in text(sec.get(url))

    candidates = text(sec.get(f"{url}/candidates"))
    assert "Tập thể Ấp Biển Tây" not in candidates and "1 hồ sơ khác đang trong thời hạn công khai" in candidates
    refused = sec.post(f"{url}/agenda", {"nomination_id": disclosed.id, "version": disclosed.version},
                       from_page=f"{url}/candidates")
    assert refused.status_code == 302
    assert f"Chưa hết thời hạn công khai lấy ý kiến (đến hết ngày {notice.end_date:%d/%m/%Y})" in text(
        sec.get(refused.headers["Location"]))
    assert refreshed(session, disclosed).state == State.IN_PUBLIC_NOTICE
    assert session.scalar(select(func.count()).select_from(AgendaItem)) == 0

    # the window is measured to the meeting date (issue 15): the session moves to the day after the window
    after = notice.end_date + timedelta(days=1)
    assert sec.post(f"{url}/date", {"meeting_date": after.isoformat()}, from_page=url).status_code == 302
    assert refreshed(session, meeting).meeting_date == after
    assert "Tập thể Ấp Biển Tây" in text(sec.get(f"{url}/candidates"))  # the window is still open today
    clock.advance(days=(notice.end_date - clock.today()).days + 1)
    sent = sec.post(f"{url}/agenda", {"nomination_id": disclosed.id, "version": disclosed.version},
                    from_page=f"{url}/candidates")
    assert sent.status_code == 302
    assert refreshed(session, disclosed).state == State.IN_COUNCIL
    back = sec.post(f"{url}/date", {"meeting_date": notice.end_date.isoformat()}, from_page=url)
    assert f"thông báo «Lấy ý kiến nhân dân» kết thúc ngày {notice.end_date:%d/%m/%Y}" in text(
        sec.get(back.headers["Location"]))
    assert refreshed(session, meeting).meeting_date == after
    item = session.scalars(select(AgendaItem)).one()
    for member in world.members[:6]:
        if council.recusal_reason(item, member) is None:
            council.cast_vote(session, item, by=member, choice=Choice.AGREE)
    session.commit()

    confirm = text(sec.get(f"{url}/close"))
    # a secret ballot: participation only, the outcome is revealed by closing (issue 13)
    assert "5/5 đã bỏ phiếu" in confirm and "kết quả được công bố khi kết thúc phiên họp" in confirm
    assert "state-endorsed" not in confirm and "5 / 0 / 0" not in confirm
    assert refreshed(session, meeting).status == "open"
    closed = sec.post(f"{url}/close", {})
    assert closed.status_code == 302
    meeting = refreshed(session, meeting)
    assert meeting.status == "closed" and refreshed(session, disclosed).state == State.ENDORSED
    page = text(sec.get(url))
    assert "Kết quả kiểm phiếu" in page and "5 / 0 / 0" in page and "Đạt" in page
    assert "Có mặt 6/7, không tham gia do liên quan: 1" in page

    form = text(sec.get(f"{SECRETARIAT}/drafts/new"))
    assert "Tập thể Ấp Biển Tây" in form and world.signer.full_name in form
    response = sec.post(f"{SECRETARIAT}/drafts/new", {
        "nominations": disclosed.id, "decision_date": clock.today().isoformat(), "signer_id": world.signer.id,
        "title": "", "proposal": "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV."})
    assert response.status_code == 302
    draft = session.scalars(select(DecisionDraft)).one()
    assert [n.id for n in draft.nominations] == [disclosed.id] and draft.signer_id == world.signer.id
    assert draft.proposal == "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV."
    page = text(sec.get(response.headers["Location"]))
    assert "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh" in page and "4.680.000 đ" in page
    assert "Chờ lãnh đạo ký" in text(sec.get(f"{SECRETARIAT}/drafts"))


def test_a_nomination_that_needs_no_disclosure_goes_to_council_from_appraisal(session, world, store, sec):
    nomination = factories.in_appraisal(session, world, store, award_type=world.giay_khen, name="Tập thể Ấp Giồng")
    meeting = council.create_session(session, by=world.secretariat, authority=world.authority, title="Phiên họp",
                                     meeting_date=clock.today())
    session.commit()
    url = f"{SECRETARIAT}/sessions/{meeting.id}"
    assert "Tập thể Ấp Giồng" in text(sec.get(f"{url}/candidates"))
    response = sec.post(f"{url}/agenda", {"nomination_id": nomination.id, "version": nomination.version},
                        from_page=f"{url}/candidates")
    assert response.status_code == 302
    assert refreshed(session, nomination).state == State.IN_COUNCIL


# --- scope and roles -------------------------------------------------------------------------------------

def test_another_authoritys_secretariat_gets_404_and_sees_none_of_it(session, world, store, signed_in):
    nomination, notice = factories.in_notice(session, world, store, today=clock.today(), name="Tập thể Ấp Kín")
    comment = comment_on(session, nomination, notice)
    meeting = council.create_session(session, by=world.secretariat, authority=world.authority, title="Phiên họp",
                                     meeting_date=clock.today())
    other = Authority(name="Chủ tịch Ủy ban nhân dân huyện Hồng Dân", issuer_title="CHỦ TỊCH UBND HUYỆN HỒNG DÂN",
                      organ_name="ỦY BAN NHÂN DÂN HUYỆN HỒNG DÂN", place_name="Hồng Dân")
    session.add(other)
    session.flush()
    stranger = users.create_user(session, username="thuky.hongdan", full_name="Thư ký Hồng Dân",
                                 password=factories.PASSWORD, grants=[Grant(Role.SECRETARIAT, authority_id=other.id)])
    session.commit()
    browser = signed_in(stranger)
    attachment = nomination.attachments[0]
    for url in (f"/nominations/{nomination.id}", f"/nominations/{nomination.id}/appraisal",
                f"/nominations/{nomination.id}/return", f"/nominations/{nomination.id}/attachments/{attachment.id}",
                f"/notices/{notice.id}", f"/comments/{comment.id}", f"/comments/{comment.id}/uphold",
                f"/sessions/{meeting.id}", f"/sessions/{meeting.id}/candidates"):
        response = browser.get(SECRETARIAT + url)
        assert response.status_code == 404, url
        assert "Không tìm thấy trang" in text(response)
    for url in ("/intake", "/appraisal", "/notices", "/comments", "/sessions", "/"):
        page = text(browser.get(SECRETARIAT + url))
        assert "Tập thể Ấp Kín" not in page and comment.receipt_code not in page, url
    response = browser.post(f"{SECRETARIAT}/comments/{comment.id}/answer",
                            {"answer": "x", "resolution": "noted", "confirm": "x"}, from_page=f"{SECRETARIAT}/")
    assert response.status_code == 404
    assert refreshed(session, comment).status == CommentStatus.RECEIVED


def test_a_units_unsent_draft_is_not_shown_to_the_secretariat(session, world, store, sec):
    draft = factories.make_nomination(session, world, store)
    session.commit()
    assert sec.get(f"{SECRETARIAT}/nominations/{draft.id}").status_code == 404


def test_a_unit_officer_is_forbidden_every_secretariat_page(session, world, store, signed_in):
    nomination = factories.submitted(session, world, store)
    session.commit()
    officer = signed_in(world.officer_a)
    for url in ("/", "/intake", "/appraisal", "/notices", "/comments", "/sessions", "/drafts",
                f"/nominations/{nomination.id}", "/sessions/new"):
        response = officer.get(SECRETARIAT + url)
        assert response.status_code == 403, url
        assert "Không có quyền truy cập" in text(response)
    response = officer.post(f"{SECRETARIAT}/nominations/{nomination.id}/accept", {"version": nomination.version},
                            from_page="/dashboard")
    assert response.status_code == 403
    assert refreshed(session, nomination).state == State.SUBMITTED


def test_every_queue_page_renders_with_an_empty_state_that_says_what_to_do(world, sec):
    expected = {"/": "Thường trực Hội đồng Thi đua – Khen thưởng", "/intake": "Không có hồ sơ nào chờ tiếp nhận",
                "/appraisal": "tiếp nhận hồ sơ mới gửi", "/notices": "Chưa có thông báo công khai nào",
                "/comments": "Chưa nhận được ý kiến nào", "/sessions": "Chưa có phiên họp nào",
                "/drafts": "Chưa có dự thảo nào", "/drafts/new": "kết thúc phiên họp Hội đồng"}
    for url, sentence in expected.items():
        response = sec.get(SECRETARIAT + url)
        assert response.status_code == 200, url
        page = text(response)
        assert sentence in page, url
        assert page.count("<h1") == 1, url


def test_the_dashboards_links_lead_to_the_secretariats_queues(world, sec):
    page = text(sec.get("/dashboard"))
    for endpoint in ("/secretariat/intake", "/secretariat/appraisal", "/secretariat/comments", "/secretariat/sessions"):
        assert f'href="{endpoint}"' in page
        assert sec.get(endpoint).status_code == 200



# --- one answer per question: the buttons and the counts every screen shows ---------------------------------

def _buttons(page: str) -> list[str]:
    """The actions a page offers through the action_bar macro, in order."""
    return re.findall(r'<a class="btn[^"]*" href="[^"]*" data-action="(\w+)"', page[page.index("<main"):])


def test_the_nomination_page_offers_exactly_what_the_rules_allow_in_each_state(session, world, store, sec):
    submitted = factories.submitted(session, world, store)
    appraising = factories.in_appraisal(session, world, store)
    disclosed, _ = factories.in_notice(session, world, store)
    in_council, _ = factories.in_council(session, world, store)
    session.commit()
    offered = {n.state: _buttons(text(sec.get(f"{SECRETARIAT}/nominations/{n.id}")))
               for n in (submitted, appraising, disclosed, in_council)}
    assert offered == {"submitted": ["accept", "return", "appraise"],
                       "in_appraisal": ["return", "appraise", "open_notice"],
                       "in_public_notice": ["appraise"], "in_council": []}
    assert _buttons(text(sec.get(f"{SECRETARIAT}/intake"))) == ["accept", "return"]
    assert _buttons(text(sec.get(f"{SECRETARIAT}/appraisal"))) == ["return", "appraise"]
    assert _buttons(text(sec.get(f"{SECRETARIAT}/nominations/{appraising.id}/appraisal"))) == ["return",
                                                                                              "open_notice"]


def test_no_template_links_to_an_actions_page_except_through_the_action_bar():
    """ACTION_PAGES is the one mapping from an action to its page: a template's own link to one of those
    pages would be a button outside available()."""
    from pathlib import Path

    from workflow.views.helpers import ACTION_PAGES
    endpoints = {page.endpoint for page in ACTION_PAGES.values()}
    found = []
    for path in (Path(__file__).resolve().parents[2] / "templates").rglob("*.html"):
        for endpoint in re.findall(r"""href="\{\{ url_for\('([\w.]+)'""", path.read_text(encoding="utf-8")):
            if endpoint in endpoints:
                found.append((path.name, endpoint))
    assert found == []


def test_the_dashboard_and_the_index_agree_on_a_nomination_disclosed_twice(session, world, store, sec):
    """Disclosed, objection upheld, disclosed again: on a day between the two windows' ends the dashboard
    counted it as over (its first notice had ended) and the index did not (the second was open)."""
    nomination, first = factories.in_notice(session, world, store, today=clock.today(), name="Tập thể Ấp Hai Lần")
    objection = comment_on(session, nomination, first)
    notices.uphold_objection(session, objection, by=world.secretariat, expected_version=nomination.version,
                             answer="Phản ánh có cơ sở; công khai lại sau khi đơn vị bổ sung.")
    second = notices.open_notice(session, [nomination], by=world.secretariat, title="Công khai lại",
                                 expected_versions={nomination.id: nomination.version},
                                 today=first.start_date + timedelta(days=7))
    session.commit()

    def counts() -> tuple[str, str]:
        label = "Hồ sơ đã hết thời hạn công khai"
        index = re.search(rf'{label}</a></h2>\s*<p><span class="count[^"]*">(\d+)', text(sec.get(f"{SECRETARIAT}/")))
        dashboard = re.search(rf'{label}</a>\s*<span class="count[^"]*">(\d+)', text(sec.get("/dashboard")))
        assert index and dashboard
        return index.group(1), dashboard.group(1)

    set_today(first.end_date + timedelta(days=1))
    assert counts() == ("0", "0")
    set_today(second.end_date + timedelta(days=1))
    assert counts() == ("1", "1")
