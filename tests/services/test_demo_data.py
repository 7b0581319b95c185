"""Demo data from the seed (issue 2, item 7): reached through the real services, idempotent, relative to
today where it is in flight, and refused in production."""
import os
from datetime import date

import pytest
from sqlalchemy import func, select

from workflow import demo
from workflow.models import (AgendaItem, Attachment, AttachmentKind, AuditEvent, Authority, AwardType, Campaign, Certificate,
                             CommentStatus, CouncilSession, Decision, DecisionLine, Indicator, Nomination, Nominee,
                             Signer, Unit, User)
from workflow.rules import in_force
from workflow.rules.errors import ValidationFailed
from workflow.rules.nominees import NomineeKind
from workflow.rules.permissions import Role
from workflow.rules.states import State
from workflow.services import audit, clock, council, users
from workflow.services.decisions import certificate_of
from workflow.demo.kit import Timeline
from workflow.services.notices import latest_notice

PASSWORD = "mat-khau-demo-thu"
USERNAMES = ["donvi.vinhloi", "donvi.hongdan", "thuky", *(f"hoidong{i}" for i in range(1, 8)), "chutich", "quantri"]
DISTRICTS = ["BL.TPBL", "BL.GR", "BL.PL", "BL.DH", "BL.VL", "BL.HB", "BL.HD"]


def _demo_database() -> dict:
    """On PostgreSQL the demo gets a database of its own (`<worker's>_demo`): the worker's database is emptied by
    every other test's `app` fixture, so the demo loaded there could not outlive one test. SQLite needs nothing:
    each app has its own in-memory database."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        return {}
    from tests.conftest import _worker_database
    return {"SQLALCHEMY_DATABASE_URI": _worker_database(url, "demo")}


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory, signing_keys):
    """One app with the demo loaded and committed, shared by the tests that only read it: loading it (every
    state, signed decisions, PDF reports) is the slow part of each. `loaded` rolls back whatever a test did, and
    the module ends by checking that the audit chain's head and every table's row count are what the load left."""
    from tests.conftest import _reset_schema
    from workflow import create_app
    from workflow.extensions import db
    from workflow.services.blobs import BlobStore

    blobs = tmp_path_factory.mktemp("demo-blobs")
    app = create_app("testing", BLOB_DIR=str(blobs), SIGNING_P12_PATH=str(signing_keys.p12_path),
                     SIGNING_P12_PASSWORD=signing_keys.password, **_demo_database())
    clock.advance(reset=True)
    with app.app_context():
        _reset_schema()
        assert demo.load(db.session, password=PASSWORD, store=BlobStore(blobs)) is True
        db.session.commit()
        before = _fingerprint(db.session)
        db.session.remove()
    yield app
    with app.app_context():
        assert _fingerprint(db.session) == before, "a test changed the shared demo data"
        db.session.remove()
        db.engine.dispose()
    clock.advance(reset=True)


def _fingerprint(session) -> tuple:
    from workflow.extensions import db
    head = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1))
    return head, {name: count(session, table) for name, table in db.metadata.tables.items()}


@pytest.fixture
def loaded(demo_app):
    from workflow.extensions import db
    with demo_app.app_context():
        clock.advance(reset=True)
        yield db.session
        db.session.rollback()
        db.session.remove()


@pytest.fixture
def demo_store(demo_app):
    from workflow.services.blobs import BlobStore
    return BlobStore(demo_app.config["BLOB_DIR"])


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def unit(session, code: str) -> Unit:
    return session.scalar(select(Unit).where(Unit.code == code))


def in_state(session, state: State, procedure: str = "commendation") -> list[Nomination]:
    """The demo's nominations in `state` of one procedure (the commendations unless told)."""
    return list(session.scalars(select(Nomination).join(AwardType).where(
        Nomination.state == state, AwardType.procedure_code == procedure).order_by(Nomination.id)))


def test_the_recognitions_vinh_hung_a_advanced_hung_hoi_in_appraisal_chau_thoi_posting(loaded):
    awarded = in_state(loaded, State.AWARDED, "new_rural")
    assert [(n.nominee.full_name, n.award_type.new_rural_level) for n in awarded] == [
        ("Xã Vĩnh Hưng A", "standard"), ("Xã Vĩnh Hưng A", "advanced")]
    decision = loaded.scalar(select(Decision).join(Decision.lines).where(
        Decision.lines.any(nomination_id=awarded[1].id)))
    assert decision.title == "Về việc công nhận xã Vĩnh Hưng A đạt chuẩn nông thôn mới nâng cao năm 2025"
    [appraised] = in_state(loaded, State.IN_APPRAISAL, "new_rural")
    [posting] = in_state(loaded, State.IN_PUBLIC_NOTICE, "new_rural")
    assert (appraised.nominee.full_name, posting.nominee.full_name) == ("Xã Hưng Hội", "Xã Châu Thới")
    assert appraised.award_type.authority.name == "Chủ tịch Ủy ban nhân dân tỉnh Cà Mau"


def test_second_load_returns_false_and_changes_nothing(session, store):
    assert demo.load(session, password=PASSWORD, store=store) is True
    models = (User, Unit, Nomination, AuditEvent, Attachment, Decision, Certificate)
    before = {model: count(session, model) for model in models}

    assert demo.load(session, password=PASSWORD, store=store) is False
    assert {model: count(session, model) for model in models} == before


def test_a_short_password_is_refused_before_anything_is_written(session, store):
    with pytest.raises(ValidationFailed):
        demo.load(session, password="ngan", store=store)
    assert count(session, Unit) == count(session, AuditEvent) == 0


def test_the_timeline_refuses_to_go_back_or_into_the_future():
    t = Timeline().on(date(2025, 3, 5))
    first, second = t.now(), t.now()
    assert first < second and clock.local_date(first) == date(2025, 3, 5)
    with pytest.raises(RuntimeError):
        t.on(date(2025, 3, 4))
    with pytest.raises(RuntimeError):
        Timeline().on(date(clock.today().year + 1, 1, 1)).now()
    assert Timeline().live().now() is None


def test_every_state_has_a_nomination(loaded):
    present = set(loaded.scalars(select(Nomination.state).distinct()))
    assert present == {str(state) for state in State}


def test_audit_chain_verifies_and_reads_in_chronological_order(loaded):
    report = audit.verify(loaded)
    assert report.ok, report.problem
    assert report.count == count(loaded, AuditEvent)
    times = list(loaded.scalars(select(AuditEvent.occurred_at).order_by(AuditEvent.seq)))
    assert times == sorted(times)
    assert times[0].year == 2025 and times[-1] <= clock.now()


def test_vinh_hung_a_is_awarded_by_the_chairmans_decision_of_5_march_2025(loaded):
    commune = unit(loaded, "BL.VL.VHA")
    nomination = loaded.scalar(select(Nomination).join(Nominee).where(Nominee.unit_id == commune.id))
    assert nomination.state == State.AWARDED
    assert nomination.nominee.kind == NomineeKind.COLLECTIVE
    assert nomination.award_type.name == "Bằng khen của Chủ tịch UBND tỉnh"
    assert "nông thôn mới nâng cao" in nomination.achievement_summary

    certificate = certificate_of(loaded, nomination)
    assert certificate.golden_book_no >= 1 and len(certificate.verify_code) >= 16 and not certificate.revoked
    line = loaded.scalar(select(DecisionLine).where(DecisionLine.nomination_id == nomination.id))
    decision = line.decision
    assert decision.number.endswith("/QĐ-UBND")
    assert decision.decision_date == date(2025, 3, 5)
    assert (decision.signer_name, decision.signing_form, decision.signer_title) == ("Phạm Văn Thiều", "", "CHỦ TỊCH")
    assert line.prize_amount == 4_680_000  # 2.0 × 2,340,000 đ in force on 05/03/2025

    events = audit.events_for(loaded, "nomination", nomination.id)
    assert [clock.local_date(e.occurred_at) for e in events if e.action == "decide"] == [date(2025, 3, 5)]
    assert all(clock.local_date(e.occurred_at).year == 2025 for e in events)


def test_the_public_notice_is_open_today_with_one_comment_answered_and_one_waiting(loaded):
    [nomination] = in_state(loaded, State.IN_PUBLIC_NOTICE)
    notice = latest_notice(loaded, nomination)
    assert notice.is_open_on(clock.today()) and notice.end_date > clock.today()
    assert sorted(c.status for c in notice.comments) == [CommentStatus.ANSWERED, CommentStatus.RECEIVED]


def test_the_in_council_nomination_sits_on_an_open_session_with_attendance_and_votes(loaded):
    [nomination] = in_state(loaded, State.IN_COUNCIL)
    item = loaded.scalar(select(AgendaItem).where(AgendaItem.nomination_id == nomination.id))
    assert item.session.is_open
    assert sum(m.present for m in item.session.members) == 6
    assert item.agree == len(item.ballots) == 3
    assert all(ballot.choice is None for ballot in item.ballots)  # secret ballot: counts only
    hoidong3 = loaded.scalar(select(User).where(User.username == "hoidong3"))
    assert council.recusal_reason(item, hoidong3) is not None


def test_refusals_returns_and_revocations_carry_their_reasons(loaded):
    [returned] = in_state(loaded, State.RETURNED)
    assert returned.return_reason
    reasons = [n.outcome_reason for n in in_state(loaded, State.NOT_AWARDED)]
    assert any(r.startswith("Hội đồng không thông qua") for r in reasons)  # a failed tally
    assert any("không khen thưởng nhiều lần" in r for r in reasons)        # the chairman's refusal
    [revoked] = in_state(loaded, State.REVOKED)
    assert revoked.revocation_reason and revoked.revoking_decision_no.endswith("/QĐ-UBND")
    assert certificate_of(loaded, revoked).revoked
    [endorsed] = in_state(loaded, State.ENDORSED)
    assert certificate_of(loaded, endorsed) is None


def test_every_submitted_nomination_has_a_pdf_achievement_report(loaded, demo_store):
    submitted = [n for n in loaded.scalars(select(Nomination)) if n.state != State.DRAFT]
    assert len(submitted) >= 10
    for nomination in submitted:
        [report] = [a for a in nomination.attachments if a.kind == AttachmentKind.ACHIEVEMENT_REPORT]
        data = demo_store.read(report.sha256)
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        assert report.content_type == "application/pdf"


def test_nominees_are_communes_individuals_and_a_household(loaded):
    nominees = list(loaded.scalars(select(Nominee)))
    communes = [n for n in nominees if n.kind == NomineeKind.COLLECTIVE]
    assert communes and all(n.unit_id for n in communes)
    people = [n for n in nominees if n.kind == NomineeKind.INDIVIDUAL]
    assert all(p.position and p.workplace and p.gender for p in people)
    assert any(p.works_in_production for p in people)
    assert any(n.kind == NomineeKind.HOUSEHOLD for n in nominees)


def test_districts_end_in_2025_and_resolve_to_ca_mau(loaded):
    vinh_loi, ca_mau = unit(loaded, "BL.VL"), unit(loaded, "CM")
    assert vinh_loi.as_of(date(2024, 6, 1)) is vinh_loi
    assert vinh_loi.as_of(date(2025, 6, 30)) is vinh_loi
    assert vinh_loi.as_of(date(2025, 7, 1)) is ca_mau
    assert unit(loaded, "BL").as_of(date(2025, 7, 1)) is ca_mau
    districts = [unit(loaded, code) for code in DISTRICTS]
    assert all(d.parent.code == "BL" and d.valid_to == date(2025, 6, 30) for d in districts)
    commune = unit(loaded, "BL.VL.VHA")
    assert commune.parent is vinh_loi and commune.valid_to == date(2025, 6, 30)
    assert commune.as_of(date(2025, 7, 1)).name == "Xã Vĩnh Lợi"
    school = unit(loaded, "BL.THPT")  # lives on through the merger: its parent is dated
    assert [u.code for u in school.ancestors_on(date(2025, 6, 30))] == ["BL"]
    assert [u.code for u in school.ancestors_on(date(2025, 7, 1))] == ["CM"] and school.parent.code == "CM"


def test_bac_lieu_history_stays_as_issued_and_current_work_runs_under_ca_mau(loaded):
    old, new = (loaded.scalar(select(Authority).where(Authority.name == name)) for name in (
        "Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu", "Chủ tịch Ủy ban nhân dân tỉnh Cà Mau"))
    assert (old.valid_to, old.successor, new.valid_from) == (date(2025, 6, 30), new, date(2025, 7, 1))
    decision = loaded.scalar(select(Decision).where(Decision.decision_date == date(2025, 3, 5)))
    assert decision.authority is old and "Nghị định số 98/2023/NĐ-CP" in decision.legal_basis
    current = [n for n in loaded.scalars(select(Nomination)) if n.created_at.date() >= date(2025, 7, 1)]
    assert current and all(n.award_type.authority is new and n.campaign.authority is new for n in current)
    assert {n.proposing_unit.code for n in current} == {"CM.VL", "CM.HD", "CM.CT", "CM.HH"}  # communes: recognitions
    assert all(n.award_type.legal_basis_on(clock.today()).body.count("152/2025/NĐ-CP") == 1 for n in current)
    assert all(clock.today() < n.campaign.nomination_deadline for n in current)
    officer = loaded.scalar(select(User).where(User.username == "donvi.vinhloi"))
    assert officer.unit.name == "Xã Vĩnh Lợi"


def test_campaign_targets_follow_the_seed(loaded):
    campaign = loaded.scalar(select(Campaign).where(Campaign.authority.has(Authority.name.contains("Bạc Liêu"))))
    assert (campaign.period_start, campaign.period_end) == (date(2021, 1, 1), date(2025, 12, 31))
    targets = {i.code: {t.unit.code: (t.value, t.comparator) for t in i.targets}
               for i in loaded.scalars(select(Indicator))}
    advanced, model = targets["XA_NTM_NANG_CAO"], targets["XA_NTM_KIEU_MAU"]
    assert sum(advanced[code][0] for code in DISTRICTS) == advanced["BL"][0] == 42
    assert advanced["BL.DH"] == (5, "exactly")
    assert model["BL"] == (15, "exactly") and model["BL.PL"] == (7, "exactly") and model["BL.TPBL"] == (3, "exactly")
    assert all(model[code] == (1, "at_least") for code in ("BL.GR", "BL.DH", "BL.VL", "BL.HB", "BL.HD"))


def test_demo_passwords_work(loaded):
    for username in USERNAMES:
        assert users.authenticate(loaded, username, PASSWORD) is not None, username
    assert users.authenticate(loaded, "chutich", "sai-mat-khau-roi") is None
    chair = users.authenticate(loaded, "chutich", PASSWORD)
    assert chair.has_role(Role.AUTHORITY)
    signer = loaded.scalar(select(Signer).where(Signer.full_name == "Phạm Văn Thiều"))
    assert signer.user_id == chair.id


def test_cli_refuses_demo_data_in_production(app, session):
    app.config["ENV_NAME"] = "production"
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code != 0
    assert "production" in result.output
    assert count(session, User) == count(session, Unit) == count(session, AuditEvent) == 0


def test_cli_loads_the_demo_once(app, session):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo-data", "--password", PASSWORD])
    assert first.exit_code == 0, first.output
    assert "Đã nạp dữ liệu mẫu" in first.output
    events = count(session, AuditEvent)
    second = runner.invoke(args=["demo-data", "--password", PASSWORD])
    assert second.exit_code == 0 and "đã có sẵn" in second.output
    assert count(session, AuditEvent) == events > 0


FROZEN_TODAY = date(2026, 3, 16)  # after 01/07/2025 and not the machine's today: the demo follows the clock


@pytest.fixture
def frozen_demo(tmp_path, signing_keys):
    from tests.conftest import _reset_schema
    from workflow import create_app
    from workflow.extensions import db
    from workflow.services.blobs import BlobStore

    app = create_app("testing", BLOB_DIR=str(tmp_path), SIGNING_P12_PATH=str(signing_keys.p12_path),
                     SIGNING_P12_PASSWORD=signing_keys.password)
    clock.advance(reset=True)
    clock.advance((FROZEN_TODAY - clock.today()).days)
    try:
        with app.app_context():
            _reset_schema()
            assert demo.load(db.session, password=PASSWORD, store=BlobStore(tmp_path)) is True
            db.session.flush()
            yield db.session
            db.session.rollback()
            db.session.remove()
    finally:
        clock.advance(reset=True)


def test_with_the_clock_frozen_nothing_out_of_force_acts_after_1_july_2025(frozen_demo):
    """Every audit event from 01/07/2025: the proposing unit (for a unit's act), the award type and its authority
    of the nomination, the authority of a council session, and a decision's signer were in force that day."""
    session = frozen_demo
    assert clock.today() == FROZEN_TODAY
    walked = 0
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)):
        on = clock.local_date(event.occurred_at)
        if on < date(2025, 7, 1):
            continue
        walked += 1
        acting = []
        if event.object_type == "nomination":
            nomination = session.get(Nomination, event.object_id)
            acting += [nomination.award_type, nomination.award_type.authority]
            if event.role == "unit_officer":
                acting.append(nomination.proposing_unit)
        elif event.object_type == "council_session":
            acting.append(session.get(CouncilSession, event.object_id).authority)
        elif event.object_type == "decision":
            acting += [session.get(Decision, event.object_id).signer]
        for thing in acting:
            assert in_force.refusal(thing, on) is None, (event.action, on, in_force.refusal(thing, on))
    assert walked > 20
    units = {n.proposing_unit.code for n in session.scalars(select(Nomination))
             if n.created_at.date() >= date(2025, 7, 1)}
    assert units == {"CM.VL", "CM.HD", "CM.CT", "CM.HH"}  # the last two: communes proposing their own recognition


def test_demo_units_have_head_counts_and_a_per_head_flag_shows(demo_app, loaded):
    """Issue 17: demo units carry head counts, so the per-head red flag speaks for at least one demo nomination,
    on the secretariat's page too."""
    import re

    from workflow.rules import red_flags as rf
    from workflow.services import red_flags
    assert loaded.scalars(select(Unit.code).where(Unit.headcount.is_(None))).all() == []
    proposed = loaded.scalars(select(Nomination).where(Nomination.state.in_(red_flags.PROPOSED_STATES))
                              .order_by(Nomination.id)).all()
    found = red_flags.flags_for_many(loaded, proposed)
    flagged = [n for n in proposed if rf.PER_HEAD in [f.code for f in found[n.id]]]
    assert flagged, "no demo nomination carries the per-head flag"
    nomination = flagged[0]
    staff = next(u for u in loaded.scalars(select(User).order_by(User.id))
                 if u.actor().has(Role.SECRETARIAT, authority_id=nomination.campaign.authority_id))
    client = demo_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/login", data={"csrf_token": token, "username": staff.username,
                                       "password": PASSWORD}).status_code == 302
    page = client.get(f"/secretariat/nominations/{nomination.id}").get_data(as_text=True)
    assert 'data-flag="per_head"' in page and "lần trung vị" in page
