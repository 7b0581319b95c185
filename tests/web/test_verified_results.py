"""Verified results on the screens (issue 17): the administrator's field, the unit's select, the cited decision on
the appraisal screen, the council's summary sheet and the public recognition page; the dashboard and the campaign
index say which figures are verified and which only reported; the migration up and down."""
import re

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from tests import factories
from tests.factories import TODAY, commune_officer, new_rural_type, recognised_commune
from workflow import create_app
from workflow.extensions import db
from workflow.models import AwardType, DecisionLine, Indicator, Target, search_index
from workflow.rules.nominees import NomineeKind
from workflow.services import movement


def _commune_nomination(session, world, store):
    nomination = factories.make_nomination(session, world, store, officer=commune_officer(session, world),
                                           kind=NomineeKind.COLLECTIVE, name="Nhân dân xã Vĩnh Hưng A")
    nomination.nominee.unit_id = world.commune.id
    session.flush()
    return nomination


def test_the_administrator_names_the_recognition_an_award_requires(session, world, signed_in):
    required = new_rural_type(session, world)
    session.commit()
    admin = signed_in(world.admin)
    page = admin.get(f"/admin/award-types/{world.bang_khen.id}/edit").get_data(as_text=True)
    assert "Bắt buộc có kết quả đã được công nhận" in page
    assert f'<option value="{required.id}">Xã đạt chuẩn nông thôn mới nâng cao (NTMNC)</option>' in page


def test_the_unit_cites_a_recognition_and_the_staff_and_public_see_it(session, world, store, signed_in):
    recognition = recognised_commune(session, world)
    number = session.scalar(select(DecisionLine).where(DecisionLine.nomination_id == recognition.id)).decision.number
    nomination = _commune_nomination(session, world, store)
    session.commit()
    officer = signed_in(commune_officer(session, world))
    url = f"/unit/nominations/{nomination.id}/edit"
    page = officer.get(url).get_data(as_text=True)
    assert "Kết quả đã được công nhận" in page and f"Quyết định số {number}" in page
    form = {"kind": "collective", "collective_name": nomination.nominee.full_name,
            "collective_line": nomination.nominee.workplace, "collective_unit": "",
            "period_from": "2024-01-01", "period_to": "2024-12-31",
            "achievement_summary": nomination.achievement_summary, "letter_no": nomination.letter_no,
            "letter_date": "2025-02-20", "version": str(nomination.version), "verified_result": str(recognition.id)}
    response = officer.post(url, form)
    assert response.status_code == 302, re.findall(r"has-error.{0,400}", response.get_data(as_text=True), re.DOTALL)
    session.refresh(nomination)
    assert nomination.verified_result_id == recognition.id
    detail = officer.get(f"/unit/nominations/{nomination.id}").get_data(as_text=True)
    assert f"Quyết định số {number}" in detail

    from workflow.services import nominations
    nominations.submit(session, nomination, by=nomination.created_by, expected_version=nomination.version)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    session.commit()
    secretariat = signed_in(world.secretariat)
    appraisal = secretariat.get(f"/secretariat/nominations/{nomination.id}/appraisal").get_data(as_text=True)
    assert "Kết quả đã được công nhận" in appraisal and f"Quyết định số {number}" in appraisal
    line = session.scalar(select(DecisionLine).where(DecisionLine.nomination_id == recognition.id))
    assert f"/decisions/{line.decision_id}" in appraisal


def test_the_public_recognition_page_shows_the_verified_result(session, world, store, browser):
    recognition = recognised_commune(session, world)
    awarded = factories.awarded(session, world, store, officer=commune_officer(session, world))
    awarded.verified_result_id = recognition.id
    session.commit()
    line = session.scalar(select(DecisionLine).where(DecisionLine.nomination_id == awarded.id))
    cited = session.scalar(select(DecisionLine).where(DecisionLine.nomination_id == recognition.id))
    page = browser.get(f"/recognitions/{line.id}").get_data(as_text=True)
    assert "Kết quả đã được công nhận" in page and f"Quyết định số {cited.decision.number}" in page


def test_the_dashboard_and_the_index_tell_verified_from_reported(session, world, browser):
    recognised_commune(session, world)
    world.campaign.is_public = True
    indicator = Indicator(campaign=world.campaign, code="NTMNC", name="Xã đạt chuẩn nông thôn mới nâng cao")
    session.add(indicator)
    session.flush()
    session.add(Target(indicator=indicator, unit=world.district_a, value=2))
    movement.set_counted_award_types(session, indicator, [new_rural_type(session, world)], by=world.admin)
    session.commit()
    page = browser.get(f"/campaigns/{world.campaign.id}?on={TODAY.isoformat()}").get_data(as_text=True)
    index = browser.get("/campaigns/").get_data(as_text=True)   # read on the campaign's last day
    assert "báo cáo, chưa xác minh" in page and "Đã xác minh" in page
    assert "đã xác minh: 1 xã" in index


def test_the_migration_adds_the_links_and_goes_down_again(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.db'}",
                     BLOB_DIR=str(tmp_path / "blobs"))
    with app.app_context():
        upgrade()
        downgrade(revision="f17c00000001")
        assert "verified_result_id" not in {c["name"] for c in inspect(db.engine).get_columns("nomination")}
        upgrade()
        assert db.session.scalar(select(AwardType.requires_recognition_type_id)) is None
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": search_index.include_name})
            assert compare_metadata(context, db.metadata) == []
        db.session.remove()


def test_the_public_statistics_count_awards_resting_on_a_verified_result(app, session, world, store):
    import csv
    import io
    import json
    recognition = recognised_commune(session, world)
    resting = factories.awarded(session, world, store, officer=commune_officer(session, world))
    factories.awarded(session, world, store)   # cites nothing
    resting.verified_result_id = recognition.id
    session.commit()
    year = TODAY.year + (TODAY.month == 12)
    client = app.test_client()
    page = client.get(f"/thong-ke?nam={year}").get_data(as_text=True)
    assert "Khen thưởng dựa trên kết quả đã được công nhận: 1." in page
    rows = list(csv.DictReader(io.StringIO(client.get(f"/thong-ke/{year}.csv").get_data(as_text=True)
                                           .lstrip("\ufeff"))))
    assert {(r["figure"], r["category"]): r["count"] for r in rows}[("awards", "verified_result")] == "1"
    data = json.loads(client.get(f"/thong-ke/{year}.json").get_data(as_text=True))
    assert next(r for r in data if r["category"] == "verified_result")["count"] == 1
    from workflow.services import decisions
    decisions.revoke(session, recognition, by=world.chair, expected_version=recognition.version,
                     reason="Không còn đạt chuẩn.", revoking_decision_no="97/QĐ-UBND")
    session.commit()
    page = client.get(f"/thong-ke?nam={year}").get_data(as_text=True)
    assert "Khen thưởng dựa trên kết quả đã được công nhận: 0." in page


def test_the_council_sees_the_cited_result_on_the_summary_sheet_and_the_minutes(session, world, store, signed_in):
    recognition = recognised_commune(session, world)
    nomination, meeting = factories.in_council(session, world, store, officer=commune_officer(session, world))
    nomination.verified_result_id = recognition.id
    session.commit()
    number = session.scalar(select(DecisionLine).where(DecisionLine.nomination_id == recognition.id)).decision.number
    member = signed_in(world.members[1])
    sheet = member.get(f"/council/sessions/{meeting.id}").get_data(as_text=True)
    assert "Kết quả đã được công nhận" in sheet and f"Quyết định số {number}" in sheet
    minutes = member.get(f"/council/sessions/{meeting.id}/minutes").get_data(as_text=True)
    assert f"Quyết định số {number}" in minutes


def test_the_new_nomination_form_offers_the_officers_recognitions(session, world, signed_in):
    recognition = recognised_commune(session, world)
    session.commit()
    page = signed_in(commune_officer(session, world)).get("/unit/nominations/new").get_data(as_text=True)
    assert f'<option value="{recognition.id}">Xã Vĩnh Hưng A – Xã đạt chuẩn nông thôn mới nâng cao' in page
    other = signed_in(world.officer_b).get("/unit/nominations/new").get_data(as_text=True)
    assert "Kết quả đã được công nhận (quyết định công nhận)" not in other   # nothing to cite in Hồng Dân
