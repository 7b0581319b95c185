"""The new-rural recognition's pages through the test client, CSRF on: the commune records its self-assessment
and survey and posts the result from its dossier page (buttons from the rules), the public notice shows the
criteria table, the commune answers a comment; the secretariat's appraisal page concludes with a reason."""
from datetime import date

from sqlalchemy import select

from tests import factories
from tests.services.helpers import COMMENTER
from tests.services.test_recognition import AFTER_POSTING, _dossier, _posted, _survey, rural  # noqa: F401
from tests.web.test_public import text
from workflow.models import DecisionLine, PublicNotice, SatisfactionSurvey, SelfAssessment
from workflow.rules import new_rural
from workflow.rules.states import State
from workflow.services import clock, nominations, notices, recognition


def test_the_commune_assesses_surveys_posts_and_answers_from_its_pages(session, world, store, rural, signed_in):  # noqa: F811
    standard, _, officer = rural
    nomination, evidence = _dossier(session, world, store, officer, standard, assess=False)
    session.commit()
    commune = signed_in(officer)
    url = f"/unit/nominations/{nomination.id}"
    page = text(commune.get(url))
    assert "Kết quả tự đánh giá theo bộ tiêu chí" in page and "Chưa đánh giá" in page
    assert "Xã đang tự đánh giá" in page  # the state in the procedure's own words
    assert "Ghi kết quả tự đánh giá" in page and "Công khai kết quả tự đánh giá" in page
    items = new_rural.items_of(recognition.criteria_set_of(session, nomination))
    form = {f"met-{i.code}": "1" for i in items} | {f"evidence-{i.code}": str(evidence.id) for i in items}
    form |= {f"figures-{items[0].code}": "Quy hoạch chung xã được phê duyệt năm 2023", "version": "1"}
    assert commune.post(f"{url}/tu-danh-gia", form).status_code == 302
    rows = session.scalars(select(SelfAssessment).where(SelfAssessment.nomination_id == nomination.id)).all()
    assert len(rows) == len(items) and all(r.met and r.evidence_id == evidence.id for r in rows)
    survey = {"surveyed": "800", "satisfied": "760", "unit_of_count": "household", "method": "Phiếu hỏi hộ",
              "held_from": clock.today().isoformat(), "held_to": clock.today().isoformat(), "file_id": ""}
    assert commune.post(f"{url}/y-kien-hai-long", survey).status_code == 302
    assert session.scalar(select(SatisfactionSurvey.satisfied)) == 760
    posted = commune.post(f"{url}/cong-khai", {"version": str(nomination.version)})
    assert posted.status_code == 302, text(posted)[:2000]
    session.refresh(nomination)
    assert nomination.state == State.IN_PUBLIC_NOTICE
    notice = session.scalar(select(PublicNotice))
    assert notice.end_date == new_rural.POSTING_PERIOD.end(notice.start_date)
    public = text(commune.get(f"/notices/{notice.id}"))
    assert "Kết quả tự đánh giá của xã" in public and "Quy hoạch chung xã được phê duyệt năm 2023" in public
    comment = notices.receive_comment(session, notice, nomination, body="Đường ấp chưa có đèn.", **COMMENTER)
    session.commit()
    page = text(commune.get(url))
    assert comment.receipt_code in page and "95,0 %" in page and "Chưa hết thời hạn công khai" in page
    answered = commune.post(f"/unit/comments/{comment.id}/answer", {
        "classification": "objection", "resolution": "noted", "answer": "Đã lắp 40 đèn chiếu sáng."})
    assert answered.status_code == 302
    session.refresh(comment)
    assert (comment.status, comment.answer) == ("answered", "Đã lắp 40 đèn chiếu sáng.")
    refused = text(commune.post(f"{url}/submit", {"version": str(nomination.version)}))
    assert "Chưa hết thời hạn công khai lấy ý kiến" in refused


def test_the_secretariat_concludes_not_awarded_with_a_reason_on_the_appraisal_page(
        session, world, store, rural, signed_in):  # noqa: F811
    standard, _, officer = rural
    nomination, _ = _posted(session, world, store, officer, standard)
    _survey(session, nomination, officer)
    nominations.submit(session, nomination, by=officer, expected_version=nomination.version, now=AFTER_POSTING)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    factories.field_check(session, world, store, nomination, checked_on=date(2025, 3, 20))
    session.commit()
    secretariat = signed_in(world.secretariat)
    url = f"/secretariat/nominations/{nomination.id}/ket-luan-tham-dinh"
    appraisal = text(secretariat.get(f"/secretariat/nominations/{nomination.id}/appraisal"))
    assert "Kết quả tự đánh giá của xã" in appraisal and "Kết luận thẩm định" in appraisal  # table and button
    page = text(secretariat.get(url))
    assert "Kết quả tự đánh giá của xã" in page and "950/1000 hài lòng (95,0 %" in page and "Ấp Xóm Lớn" in page
    missing = text(secretariat.post(url, {"version": str(nomination.version), "outcome": "not_awarded"}))
    assert "Cần nêu lý do kết luận thẩm định không đạt" in missing
    done = secretariat.post(url, {"version": str(nomination.version), "outcome": "not_awarded",
                                  "reason": "Tiêu chí Môi trường chưa đạt thực tế."})
    assert done.status_code == 302
    session.refresh(nomination)
    assert (nomination.state, nomination.outcome_reason) == (State.NOT_AWARDED, "Tiêu chí Môi trường chưa đạt thực tế.")


def test_the_posting_and_conclusion_forms_carry_the_version_they_were_read_at(session, world, store, rural, signed_in):  # noqa: F811
    """Both confirmations post the version the user saw: without it the button did nothing (form re-shown)."""
    standard, _, officer = rural
    nomination, _ = _dossier(session, world, store, officer, standard)
    session.commit()
    post = signed_in(officer).get(f"/unit/nominations/{nomination.id}/cong-khai").get_data(as_text=True)
    assert f'name="version" value="{nomination.version}"' in post
    recognition.post_self_assessment(session, nomination, by=officer, expected_version=nomination.version,
                                     today=date(2025, 3, 3))
    _survey(session, nomination, officer)
    nominations.submit(session, nomination, by=officer, expected_version=nomination.version, now=AFTER_POSTING)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    factories.field_check(session, world, store, nomination, checked_on=date(2025, 3, 20))
    session.commit()
    page = signed_in(world.secretariat).get(f"/secretariat/nominations/{nomination.id}/ket-luan-tham-dinh"
                                            ).get_data(as_text=True)
    assert f'name="version" value="{nomination.version}"' in page


def test_the_staff_pages_name_a_recognised_commune_in_the_procedures_words(session, world, signed_in):
    """A recognition's badge on the chairperson's decision and the secretariat's dossier says «Đã công nhận»,
    not the commendation's «Đã khen thưởng» (state_badge is given the nomination's procedure)."""
    recognised = factories.recognised_commune(session, world)
    line = session.scalar(select(DecisionLine).where(DecisionLine.nomination_id == recognised.id))
    session.commit()
    decision = text(signed_in(world.chair).get(f"/authority/decisions/{line.decision_id}"))
    dossier = text(signed_in(world.secretariat).get(f"/secretariat/nominations/{recognised.id}"))
    for page in (decision, dossier):
        assert "Đã công nhận" in page and "Đã khen thưởng" not in page
    # a recognition carries no prize: no prize column, no total; its bulk printing prints recognitions
    assert "Tiền thưởng" not in decision and "Tổng tiền thưởng" not in decision and "0 đ" not in decision
    assert "In bằng công nhận hàng loạt" in decision and "In bằng khen hàng loạt" not in decision
