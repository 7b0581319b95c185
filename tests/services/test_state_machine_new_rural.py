"""A hypothesis RuleBasedStateMachine for the second procedure, NEW_RURAL (xét, công nhận xã đạt chuẩn nông thôn
mới), over the real services and a real in-memory SQLite database, as test_state_machine.py does it for the
commendation (whose invariant checks, `attempt` and world-copying it reuses by import).

Two communes' officers, the secretariat, the chairperson and the wrong people (the district officer above the
commune, the other commune's officer, a council member, the administrator, a citizen with `by=None`) take random
actions on random recognition dossiers: create (sometimes the same commune, level and period again), attach
evidence, self-assess (all criteria or some, met or not, with or without evidence, a foreign file, an unknown
criterion), record the residents' survey (around the 90 % / 95 % thresholds, rounding included), post the
self-assessment, comment (a citizen), classify and answer comments (the commune), submit, resubmit, withdraw;
accept, return, appraise, record field checks, conclude «đạt» / «không đạt», try the council's and the objection's
actions that this procedure has not; decide (batches of one or two, levels mixed or not), refuse, revoke. Time
passes between steps, sometimes exactly to the last day of a posting.

Every action carries an oracle written from the rules (rules/states.py NEW_RURAL, rules/new_rural.py: the data
restated below), not from the services: the call must succeed exactly when the oracle says so; a refused one
writes no audit event, a successful one exactly the expected events. After every step: the audit chain verifies
and counts the successful actions, each nomination's trail tells its state, the awards are consistent, no
nomination is decided without its procedure's endorsing step (here the appraisal's conclusion), none has a
council agenda item or a tally, every submission came after its posting ended, and every conclusion «đạt» came
after a field check whose latest result was «đạt».

Each example starts from a seed walked by the right people through the same services: one or two dossiers posted
long enough ago and surveyed near a threshold (perhaps with a comment left pending), one in appraisal with a
drawn history of field checks, a few others at drawn stages. Then desks mostly try the move that takes a dossier
on (a commune also sends a dossier the oracle thinks is not ready), anyone tries anything, or time passes.

The clock is pinned to 3 March 2025 at the start of each example and never passes 31 December 2025: the criteria
set of QĐ 318/QĐ-TTg (the only one that knows the advanced level) is in force until 14 February 2026, so every
dossier here is assessed against it. STATE_MACHINE_EXAMPLES raises the number of examples, as for the other one.
"""
import atexit
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import HealthCheck, Phase, event, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests import factories
from tests.services.test_state_machine import (MEMORY_DB, Machine, _blank, _events_by_nomination, audit_count,
                                               audit_tells_the_state, awards_consistent, council_passed_before_award,
                                               world_template)
from workflow import create_app
from workflow.extensions import db
from workflow.files import file_store
from workflow.models import (AgendaItem, AttachmentKind, Authority, AwardType, Campaign, CommentKind,
                             CouncilSession, Nomination, NoticeItem, PublicComment, PublicNotice, Resolution,
                             Signer, Unit)
from workflow.rules import new_rural
from workflow.rules.nominees import NomineeKind
from workflow.rules.states import ProcedureCode, State
from workflow.services import audit, clock, council, decisions, field_checks, nominations, notices, recognition
from workflow.services.nominations import NominationData, NomineeData
from workflow.services.recognition import Row, SurveyData

S = State

# --------------------------------------------------------------------------------------------------------------
# The rules, restated as the oracle's own data (rules/new_rural.py, rules/states.py NEW_RURAL)
# --------------------------------------------------------------------------------------------------------------

START, LAST_DAY = date(2025, 3, 3), date(2025, 12, 31)
THRESHOLD = {"standard": 90, "advanced": 95}    # per cent satisfied, the rate rounded half up to 0.1
PREREQUISITE = {"advanced": "standard"}          # the level the commune must already hold
POSTING_DAYS = 15                                # calendar days after the day it is posted
ITEMS = [item.code for item in new_rural.items_of(new_rural.QD_318_2022)]  # 19 criteria and 2 conditions
CLAIMING = set(State) - {S.WITHDRAWN, S.NOT_AWARDED}
BLOCKING = {CommentKind.UNCLASSIFIED, CommentKind.OBJECTION}
WITHDRAWABLE = {S.DRAFT, S.IN_PUBLIC_NOTICE, S.SUBMITTED, S.RETURNED, S.IN_APPRAISAL}
EDITABLE = {S.DRAFT, S.RETURNED}                 # attachments and the self-assessment
SURVEYABLE = {S.DRAFT, S.IN_PUBLIC_NOTICE, S.RETURNED}

COMMUNES = ["commune_a", "commune_b"]
OFFICER = {"commune_a": "xa_a", "commune_b": "xa_b"}   # exactly its own unit; officer_a is commune_a's district's
ACTORS = ["xa_a", "xa_b", "officer_a", "officer_b", "secretariat", "chair", "admin", "m0", "citizen"]
LEVELS = ["standard", "advanced"]
# (surveyed, satisfied) on both sides of each threshold, the rounding of the rate to 0.1 included
EDGE_SURVEYS = [(1000, 900), (1000, 899), (1000, 950), (1000, 949), (10000, 8995), (10000, 8994), (10000, 9495),
                (10000, 9494), (1000, 1000), (1000, 800)]


def rate_reaches(surveyed: int, satisfied: int, threshold: int) -> bool:
    """satisfied / surveyed in per cent, rounded half up to one decimal, at least `threshold`."""
    tenths = Fraction(satisfied * 1000, surveyed) + Fraction(1, 2)
    return tenths.numerator // tenths.denominator >= threshold * 10


# --------------------------------------------------------------------------------------------------------------
# Invariants of this procedure, as plain functions of a session (the shared ones are imported)
# --------------------------------------------------------------------------------------------------------------

def _recognitions(session: Session) -> set[int]:
    return set(session.scalars(select(Nomination.id).join(AwardType, AwardType.id == Nomination.award_type_id)
                               .where(AwardType.procedure_code == ProcedureCode.NEW_RURAL.value)))


def no_council_for_recognitions(session: Session, events) -> list[str]:
    """A recognition never goes before the council: no agenda item, no tally."""
    ours = _recognitions(session)
    items = set(session.scalars(select(AgendaItem.nomination_id))) & ours
    tallied = {nid for nid in ours for e in events.get(nid, []) if e.action == "tally"}
    return [f"recognition {nid} has a council agenda item" for nid in sorted(items)] + \
        [f"recognition {nid} has a tally event" for nid in sorted(tallied)]


def submitted_after_posting(session: Session, events) -> list[str]:
    """Each submission (and resubmission) of a recognition came after the end of a posting listing it."""
    ends: dict[int, list[date]] = {}
    for nid, end in session.execute(select(NoticeItem.nomination_id, PublicNotice.end_date).join(PublicNotice)):
        ends.setdefault(nid, []).append(end)
    return [f"recognition {nid} sent (event {e.seq}) on {clock.local_date(e.occurred_at)}; postings end "
            f"{ends.get(nid, [])}" for nid in _recognitions(session) for e in events.get(nid, [])
            if e.action in ("submit", "resubmit")
            and not any(end < clock.local_date(e.occurred_at) for end in ends.get(nid, []))]


def concluded_after_passed_check(events) -> list[str]:
    """Each conclusion «đạt» (to endorsed) came after field checks whose latest one concluded «đạt»."""
    problems = []
    for nid, evs in events.items():
        latest = None
        for e in evs:
            if e.action == "record_field_check":
                latest = e.changes["conclusion"]
            elif e.action == "conclude_appraisal" and e.to_state == S.ENDORSED and latest != "passed":
                problems.append(f"recognition {nid} concluded «đạt» (event {e.seq}) after a check {latest}")
    return problems


# --------------------------------------------------------------------------------------------------------------
# The world: make_world, the two levels' award types, a second commune, an officer for each commune
# --------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RuralIds:
    units: dict[str, int]
    award_types: dict[str, int]   # standard, advanced
    users: dict[str, int]
    campaign: int
    authority: int
    signer: int


_TEMPLATE: tuple[sqlite3.Connection, RuralIds] | None = None
_APP = None


def _app():
    """One app for every example (building one is most of an example's set-up): each example's in-memory
    database goes with `db.engine.dispose()` at teardown; the blob store, shared, is removed at exit."""
    global _APP
    if _APP is None:
        blob_dir = tempfile.mkdtemp()
        atexit.register(shutil.rmtree, blob_dir, ignore_errors=True)
        _APP = create_app("testing", BLOB_DIR=blob_dir, SQLALCHEMY_DATABASE_URI=MEMORY_DB)
    return _APP


def _rural_world(session, w) -> RuralIds:
    standard = factories.new_rural_type(session, w, code="NTM", name="Xã đạt chuẩn nông thôn mới", level="standard")
    advanced = factories.new_rural_type(session, w, code="NTMNC")
    commune_b = Unit(code="NTL", name="Xã Ninh Thạnh Lợi", kind="commune", parent=w.district_b)
    session.add(commune_b)
    session.flush()
    xa_a, xa_b = factories.commune_officer(session, w), factories.commune_officer(session, w, commune_b)
    session.flush()
    return RuralIds(
        units={"commune_a": w.commune.id, "commune_b": commune_b.id},
        award_types={"standard": standard.id, "advanced": advanced.id},
        users={"xa_a": xa_a.id, "xa_b": xa_b.id, "officer_a": w.officer_a.id, "officer_b": w.officer_b.id,
               "secretariat": w.secretariat.id, "chair": w.chair.id, "admin": w.admin.id, "m0": w.members[0].id},
        campaign=w.campaign.id, authority=w.authority.id, signer=w.signer.id)


def _template() -> tuple[sqlite3.Connection, RuralIds]:
    global _TEMPLATE
    if _TEMPLATE is None:
        _TEMPLATE = world_template(_rural_world)
    return _TEMPLATE


SEED_STAGES = ["draft", "assessed", "posted", "ready", "submitted", "in_appraisal", "checked", "endorsed",
               "awarded", "revoked"]
RANK = {stage: i for i, stage in enumerate(SEED_STAGES)}
CHECK_HISTORIES = [(), ("passed",), ("failed",), ("incomplete",), ("passed", "failed"), ("failed", "passed")]


class RuralMachine(RuleBasedStateMachine):
    """The commune's desk, the secretariat's, the authority's, a citizen, anyone, and time. Every service call
    goes through the commendation machine's `attempt()`."""

    # reused as they are: one service call checked against the oracle and the audit trail, reading the world
    attempt, must = Machine.attempt, Machine.must
    user, nomination, memoized, states, in_states = (Machine.user, Machine.nomination, Machine.memoized,
                                                     Machine.states, Machine.in_states)
    draw_stale, draw_text, version, draw_nomination, act = (Machine.draw_stale, Machine.draw_text, Machine.version,
                                                            Machine.draw_nomination, Machine.act)
    def __init__(self):
        super().__init__()
        clock.advance(reset=True)
        template, self.ids = _template()
        clock.advance(days=(START - clock.today()).days)
        self.app = _app()
        self.store = file_store(self.app)
        self.ctx = self.app.app_context()
        self.ctx.push()
        with db.engine.connect() as conn:
            template.backup(conn.connection.driver_connection)
        self.session = db.session
        self.expected_events = audit_count(self.session)
        assert self.expected_events == 0
        self.nomination_ids: list[int] = []
        self.specs: dict[int, dict] = {}                  # what create() was given
        self.files: dict[int, list[int]] = {}             # the attachments each nomination was given
        self.assessed: dict[int, dict[str, tuple[bool, bool]]] = {}   # code -> (met, with evidence)
        self.survey: dict[int, tuple[int, int]] = {}      # (surveyed, satisfied), the latest recorded
        self.posting: dict[int, tuple[int, date, date]] = {}   # notice id, first and last day
        self.comments: dict[int, dict] = {}               # comment id -> nomination, kind, answered
        self.checks: dict[int, list[str]] = {}            # field check conclusions, in recording order
        self.submitted_on: dict[int, date] = {}           # the first sending's date
        self.serial = 0
        self.focus: int | None = None
        self.memo: dict = {}
        self.meeting_id: int | None = None

    def teardown(self):
        self.session.remove()
        db.engine.dispose()   # the in-memory database goes with its connection
        self.ctx.pop()
        clock.advance(reset=True)

    # ---- the oracle's reading of its own model --------------------------------------------------------------

    def officer_of(self, nid: int) -> str:
        return OFFICER[self.specs[nid]["commune"]]

    def level(self, nid: int) -> str:
        return self.specs[nid]["level"]

    def claims(self, key: tuple) -> bool:
        return any(spec["key"] == key and self.states()[nid] in CLAIMING for nid, spec in self.specs.items())

    def holds(self, commune: str, level: str) -> bool:
        return any(spec["commune"] == commune and spec["level"] == level and self.states()[nid] == S.AWARDED
                   for nid, spec in self.specs.items())

    def criteria_and_survey_ok(self, nid: int) -> bool:
        assessed = self.assessed.get(nid, {})
        survey = self.survey.get(nid)
        return (all(assessed.get(code) == (True, True) for code in ITEMS) and survey is not None
                and rate_reaches(*survey, THRESHOLD[self.level(nid)]))

    def blocking(self, nid: int) -> list[int]:
        return [cid for cid, c in self.comments.items() if c["nid"] == nid and c["kind"] in BLOCKING
                and not c["answered"]]

    def prerequisite_held(self, nid: int) -> bool:
        spec = self.specs[nid]
        required = PREREQUISITE.get(spec["level"])
        return required is None or self.holds(spec["commune"], required)

    def submittable(self, nid: int) -> bool:
        return (self.criteria_and_survey_ok(nid) and nid in self.posting
                and clock.today() > self.posting[nid][2] and not self.blocking(nid) and self.prerequisite_held(nid))

    # ---- drawing ---------------------------------------------------------------------------------------------

    def draw_actor(self, data, right: str) -> str:
        if data.draw(st.integers(0, 3), label="anyone?") < 3:
            return right
        return data.draw(st.sampled_from(ACTORS), label="actor")

    def draw_batch(self, data) -> list[Nomination]:
        endorsed = self.in_states(S.ENDORSED)
        first = self.focus or data.draw(st.sampled_from(endorsed or self.nomination_ids), label="nomination")
        others = [nid for nid in (endorsed or self.nomination_ids) if nid != first]
        ids = [first] + (data.draw(st.lists(st.sampled_from(others), max_size=1), label="with") if others else [])
        if data.draw(st.integers(0, 9), label="a nomination twice?") == 9:
            ids.append(ids[0])
        return [self.nomination(nid) for nid in ids]

    def draw_comment(self, data) -> PublicComment | None:
        pool = [cid for cid, c in self.comments.items() if c["nid"] == self.focus] or list(self.comments)
        if not pool:
            return note("no comment yet")
        return self.session.get(PublicComment, data.draw(st.sampled_from(pool), label="comment"))

    # ---- the seed: a few dossiers walked by the right people to a drawn stage ----------------------------------

    @initialize(ready=st.lists(st.tuples(st.sampled_from(LEVELS), st.sampled_from(COMMUNES),
                                         st.sampled_from(EDGE_SURVEYS),
                                         st.sampled_from([None, None, *CommentKind, "answered"])),
                               min_size=1, max_size=2),
                others=st.lists(st.tuples(st.sampled_from(SEED_STAGES), st.sampled_from(LEVELS),
                                          st.sampled_from(COMMUNES)), max_size=3),
                appraised=st.tuples(st.sampled_from(COMMUNES), st.sampled_from(CHECK_HISTORIES)),
                prerequisite=st.booleans(), later_days=st.integers(0, 20))
    def seed(self, ready, others, appraised, prerequisite, later_days):
        """One or two dossiers left ready to send (posted long enough ago, assessed, surveyed near a threshold,
        perhaps with a comment received while posted: left unclassified, classified or answered), one in appraisal
        with a drawn history of field checks, and up to three others at drawn stages (their surveys pass, no
        comments, a passed check). An advanced dossier sent needs its commune recognised at the standard level
        first: it is seeded for those sent, and for the ready ones only if `prerequisite`."""
        meeting = self.must("seed: create_session", lambda: council.create_session(
            self.session, by=self.user("secretariat"), authority=self.session.get(Authority, self.ids.authority),
            title="Phiên họp Hội đồng", meeting_date=clock.today() + timedelta(days=30)),
            lambda m: [("create_session", "council_session", m.id)])
        self.meeting_id = meeting.id
        in_appraisal = ("in_appraisal", "standard", appraised[0], (1000, 960), None)
        seeds = [(stage, lv, c, (1000, 960), None) for stage, lv, c in others] + [("ready", *r) for r in ready] + [in_appraisal]
        for stage, lv, c, *_ in list(seeds):
            if lv == "advanced" and (RANK[stage] > RANK["ready"] or stage == "ready" and prerequisite) \
                    and not any(s[:3] == ("awarded", "standard", c) for s in seeds):
                seeds.insert(0, ("awarded", "standard", c, (1000, 960), None))
        far = sorted([s for s in seeds if RANK[s[0]] >= RANK["ready"]], key=lambda s: s[1] != "standard")
        near = [s for s in seeds if RANK[s[0]] < RANK["ready"]]
        walked = [(self._seed_draft(stage, lv, c, comment), stage, survey) for stage, lv, c, survey, comment in far]
        clock.advance(days=POSTING_DAYS + 1)
        for (nid, stage, survey), item in zip(walked, far, strict=True):
            self._seed_onwards(nid, stage, survey)
            if item is in_appraisal:
                self._seed_checks(nid, appraised[1])
        for stage, lv, c, _, comment in near:
            self._seed_draft(stage, lv, c, comment)
        self.time_passes(later_days)

    def _seed_draft(self, stage: str, level: str, commune: str, comment: str | None) -> int:
        officer = OFFICER[commune]
        nid = self._create(commune, level, officer)
        n = self.nomination(nid)
        if RANK[stage] >= RANK["assessed"]:
            file_id = self.must(f"seed: attach to {nid}", lambda: nominations.add_attachment(
                self.session, n, by=self.user(officer), store=self.store, filename="bieu-chi-tiet.pdf",
                data=factories.PDF, kind=AttachmentKind.ACHIEVEMENT_REPORT),
                [("add_attachment", "nomination", nid)]).id
            self.files[nid] = [file_id]
            self.must(f"seed: self-assess {nid}", lambda: recognition.record_self_assessment(
                self.session, n, by=self.user(officer), rows=[Row(code, True, "Đạt", file_id) for code in ITEMS]),
                [("record_self_assessment", "nomination", nid)])
            self.assessed[nid] = {code: (True, True) for code in ITEMS}
        if RANK[stage] >= RANK["posted"]:
            assert self._post(nid, officer, False), "seed: post"
            if comment is not None:
                self._seed_comment(nid, comment)
        return nid

    def _seed_comment(self, nid: int, comment: str) -> None:
        n, officer = self.nomination(nid), self.user(self.officer_of(nid))
        notice = self.session.get(PublicNotice, self.posting[nid][0])
        c = self.must(f"seed: comment on {nid} ({comment})", lambda: notices.receive_comment(
            self.session, notice, n, full_name="Trần Thị Góp Ý", contact="0912 000 111", address="Ấp Xóm Lớn",
            body="Đường giao thông ấp chưa đạt như báo cáo."), [("receive_comment", "nomination", nid)])
        self.comments[c.id] = {"nid": nid, "kind": CommentKind.UNCLASSIFIED, "answered": False}
        if comment == "answered":
            self.must(f"seed: answer {c.id}", lambda: notices.answer_comment(
                self.session, c, by=officer, answer="Xã đã rà soát, tiêu chí giao thông đạt."),
                [("answer_comment", "nomination", nid)])
            self.comments[c.id]["answered"] = True
        elif comment != CommentKind.UNCLASSIFIED:
            self.must(f"seed: classify {c.id}", lambda: notices.classify_comment(
                self.session, c, by=officer, classification=CommentKind(comment)),
                [("classify_comment", "nomination", nid)])
            self.comments[c.id]["kind"] = CommentKind(comment)

    def _seed_onwards(self, nid: int, stage: str, survey: tuple[int, int]) -> None:
        officer, n = self.officer_of(nid), self.nomination(nid)
        self.must(f"seed: survey {nid}: {survey}", lambda: recognition.record_survey(
            self.session, n, by=self.user(officer), data=SurveyData(
                surveyed=survey[0], satisfied=survey[1], held_from=clock.today() - timedelta(days=9),
                held_to=clock.today() - timedelta(days=2))), [("record_survey", "nomination", nid)])
        self.survey[nid] = survey
        if stage == "ready":  # posted long enough and surveyed: the commune may try to send it
            return
        self.must(f"seed: submit {nid}", lambda: nominations.submit(
            self.session, n, by=self.user(officer), expected_version=n.version), [("submit", "nomination", nid)])
        self.submitted_on[nid] = clock.today()
        if RANK[stage] >= RANK["in_appraisal"]:
            self.must(f"seed: accept {nid}", lambda: nominations.accept(
                self.session, n, by=self.user("secretariat"), expected_version=n.version),
                [("accept", "nomination", nid)])
        if RANK[stage] >= RANK["checked"]:
            self._seed_checks(nid, ("passed",))
        if RANK[stage] >= RANK["endorsed"]:
            self.must(f"seed: conclude {nid}", lambda: recognition.conclude_appraisal(
                self.session, n, by=self.user("secretariat"), expected_version=n.version, outcome=S.ENDORSED),
                [("conclude_appraisal", "nomination", nid)])
        if RANK[stage] >= RANK["awarded"]:
            self.must(f"seed: decide {nid}", lambda: decisions.decide(
                self.session, [n], by=self.user("chair"), signer=self.session.get(Signer, self.ids.signer),
                decision_date=clock.today(), expected_versions={nid: n.version}), [("decide", "nomination", nid)])
        if stage == "revoked":
            self.must(f"seed: revoke {nid}", lambda: decisions.revoke(
                self.session, n, by=self.user("chair"), expected_version=n.version, reason="Vi phạm tiêu chí.",
                revoking_decision_no="9/QĐ-UBND"), [("revoke", "nomination", nid)])

    def _seed_checks(self, nid: int, conclusions: tuple[str, ...]) -> None:
        n = self.nomination(nid)
        for conclusion in conclusions:
            self.must(f"seed: field check {nid}: {conclusion}", lambda c=conclusion: field_checks.record(
                self.session, n, by=self.user("secretariat"), store=self.store, data=field_checks.FieldCheckData(
                    checked_on=clock.today(), place="Ấp Xóm Lớn", inspectors="Lê Văn Tâm – Ban TĐKT", findings="",
                    conclusion=c)), [("record_field_check", "nomination", nid)])
            self.checks[nid].append(conclusion)

    # ---- the actions: each draws its actor and inputs, states the oracle, makes ONE service call --------------

    def create(self, data):
        commune = data.draw(st.sampled_from(COMMUNES), label="commune")
        level = data.draw(st.sampled_from(["standard"] * 2 + ["advanced"]), label="level")
        period = None
        if self.specs and data.draw(st.integers(0, 2), label="same period?") == 2:
            earlier = self.specs[data.draw(st.sampled_from(sorted(self.specs)), label="as")]
            commune, period = earlier["commune"], earlier["period"]
            if data.draw(st.booleans(), label="same level?"):
                level = earlier["level"]
        actor = self.draw_actor(data, OFFICER[commune])
        nominee = data.draw(st.sampled_from(["itself"] * 8 + ["other commune", "individual"]), label="nominee")
        self._create(commune, level, actor, period=period, nominee=nominee)

    def _create(self, commune: str, level: str, actor: str, *, period: tuple[date, date] | None = None,
                nominee: str = "itself") -> int | None:
        self.serial += 1
        if period is None:
            start = date(2000, 1, 1) + timedelta(days=31 * self.serial)
            period = (start, start + timedelta(days=364))
        key = (commune, level, period)
        unit = self.session.get(Unit, self.ids.units[commune])
        other = self.session.get(Unit, self.ids.units[COMMUNES[1 - COMMUNES.index(commune)]])
        named = other if nominee == "other commune" else unit
        kind = NomineeKind.INDIVIDUAL if nominee == "individual" else NomineeKind.COLLECTIVE
        should = actor == OFFICER[commune] and nominee == "itself" and not self.claims(key)
        payload = NominationData(
            award_type=self.session.get(AwardType, self.ids.award_types[level]),
            nominee=NomineeData(kind=kind, full_name=named.name, workplace=named.name, unit_id=named.id),
            achievement_summary="Kết quả xây dựng nông thôn mới: đạt đủ các tiêu chí.", period_from=period[0],
            period_to=period[1], letter_no=f"{self.serial}/TTr-UBND", letter_date=clock.today())
        ok, result = self.attempt(
            f"create {level} for {commune} ({nominee}, {period[0]}) by {actor}", should,
            lambda: nominations.create(self.session, by=self.user(actor), proposing_unit=unit, data=payload,
                                       campaign=self.session.get(Campaign, self.ids.campaign)),
            lambda n: [("create", "nomination", n.id)])
        if not ok:
            return None
        self.nomination_ids.append(result.id)
        self.specs[result.id] = {"commune": commune, "level": level, "period": period, "key": key}
        self.files[result.id], self.assessed[result.id], self.checks[result.id] = [], {}, []
        assert result.state == S.DRAFT
        return result.id

    def add_attachment(self, data):
        n = self.draw_nomination(data, EDITABLE)
        actor = self.draw_actor(data, self.officer_of(n.id))
        pdf = data.draw(st.integers(0, 5), label="not a PDF?") < 5
        should = actor == self.officer_of(n.id) and n.state in EDITABLE and pdf
        nid = n.id
        ok, attachment = self.attempt(
            f"add_attachment to {nid} ({n.state}) by {actor}, pdf={pdf}", should,
            lambda: nominations.add_attachment(self.session, n, by=self.user(actor), store=self.store,
                                               filename="minh-chung.pdf", kind=AttachmentKind.ACHIEVEMENT_REPORT,
                                               data=factories.PDF if pdf else b"MZ\x90\x00 not a document"),
            [("add_attachment", "nomination", nid)])
        if ok:
            self.files[nid].append(attachment.id)

    def self_assess(self, data):
        n = self.draw_nomination(data, EDITABLE)
        nid = n.id
        actor = self.draw_actor(data, self.officer_of(nid))
        rows = data.draw(st.sampled_from(["all"] * 4 + ["some", "unknown criterion", "none"]), label="rows")
        codes = {"all": ITEMS, "none": [], "unknown criterion": ITEMS[:3] + ["qd51-01"]}.get(rows)
        if codes is None:
            codes = ITEMS[:data.draw(st.integers(1, len(ITEMS) - 1), label="how many")]
        unmet = data.draw(st.sampled_from([None] * 4 + codes[:1] + codes[-1:]), label="not met") if codes else None
        own = self.files[nid][-1] if self.files[nid] else None
        foreign = [f for other, fs in self.files.items() if other != nid for f in fs]
        evidence = data.draw(st.sampled_from(["own"] * 4 + ["one missing", "foreign"]), label="evidence")
        ids = {code: own for code in codes}
        if evidence == "one missing" and codes:
            ids[codes[-1]] = None
        if evidence == "foreign" and foreign:
            ids = {code: foreign[0] for code in codes}
        should = (actor == self.officer_of(nid) and n.state in EDITABLE and bool(codes)
                  and all(code in ITEMS for code in codes)
                  and all(f is None or f in self.files[nid] for f in ids.values()))
        ok, _ = self.attempt(
            f"self_assess {nid} ({n.state}) by {actor}: {rows} ({len(codes)}), not met {unmet}, evidence {evidence}",
            should, lambda: recognition.record_self_assessment(self.session, n, by=self.user(actor), rows=[
                Row(code, code != unmet, "Số liệu theo biểu", ids[code]) for code in codes]),
            [("record_self_assessment", "nomination", nid)])
        if ok:
            self.assessed[nid] |= {code: (code != unmet, ids[code] is not None) for code in codes}

    def survey_(self, data):
        n = self.draw_nomination(data, SURVEYABLE)
        nid = n.id
        actor = self.draw_actor(data, self.officer_of(nid))
        surveyed, satisfied = data.draw(st.sampled_from(
            [(1000, 960)] * 6 + EDGE_SURVEYS + [(1000, 1001), (0, 0)]),
            label="surveyed, satisfied")
        backwards = data.draw(st.integers(0, 9), label="ends before it starts?") == 9
        file = data.draw(st.sampled_from(["none"] * 3 + ["own", "foreign"]), label="file")
        foreign = [f for other, fs in self.files.items() if other != nid for f in fs]
        file_id = {"own": (self.files[nid] or [None])[-1], "foreign": (foreign or [None])[0]}.get(file)
        held_from = clock.today() - timedelta(days=10)
        should = (actor == self.officer_of(nid) and n.state in SURVEYABLE and surveyed > 0
                  and 0 <= satisfied <= surveyed and not backwards and (file_id is None or file_id in self.files[nid]))
        ok, _ = self.attempt(
            f"survey {nid} ({n.state}) by {actor}: {satisfied}/{surveyed}, backwards={backwards}, file={file}",
            should, lambda: recognition.record_survey(self.session, n, by=self.user(actor), data=SurveyData(
                surveyed=surveyed, satisfied=satisfied, held_from=held_from, file_id=file_id,
                held_to=held_from + timedelta(days=-1 if backwards else 6), method="Phiếu hỏi hộ gia đình")),
            [("record_survey", "nomination", nid)])
        if ok:
            self.survey[nid] = (surveyed, satisfied)

    def post(self, data):
        n = self.draw_nomination(data, {S.DRAFT})
        self._post(n.id, self.draw_actor(data, self.officer_of(n.id)), self.draw_stale(data))

    def _post(self, nid: int, actor: str, stale: bool) -> bool:
        n = self.nomination(nid)
        should = (actor == self.officer_of(nid) and not stale and n.state == S.DRAFT
                  and all(code in self.assessed[nid] for code in ITEMS))
        today, version = clock.today(), self.version(n, stale)
        ok, notice = self.attempt(
            f"post {nid} ({n.state}, assessed {len(self.assessed[nid])}) by {actor}, stale={stale}", should,
            lambda: recognition.post_self_assessment(self.session, n, by=self.user(actor), expected_version=version),
            [("open_notice", "nomination", nid)])
        if ok:
            assert (notice.start_date, notice.end_date) == (today, today + timedelta(days=POSTING_DAYS))
            self.posting[nid] = (notice.id, today, today + timedelta(days=POSTING_DAYS))
            assert self.nomination(nid).state == S.IN_PUBLIC_NOTICE
        return ok

    def receive_comment(self, data):
        posted = [nid for nid in self.nomination_ids if nid in self.posting]
        if not posted:
            return note("nothing posted yet")
        nid = self.focus if self.focus in self.posting else data.draw(st.sampled_from(posted), label="posting of")
        notice_id, first, last = self.posting[nid]
        if data.draw(st.integers(0, 5), label="on another?") == 5:
            nid = data.draw(st.sampled_from(self.nomination_ids), label="nomination")
        n, notice = self.nomination(nid), self.session.get(PublicNotice, notice_id)
        name = data.draw(st.sampled_from(["Nguyễn Văn Dân"] * 5 + [" "]), label="full name")
        today = clock.today()
        should = (first <= today <= last and self.posting.get(nid, (None,))[0] == notice_id
                  and n.state == S.IN_PUBLIC_NOTICE and not _blank(name))
        ok, comment = self.attempt(
            f"receive_comment on {nid} ({n.state}) in notice {notice_id} ({first}..{last}, today {today})", should,
            lambda: notices.receive_comment(self.session, notice, n, full_name=name, contact="0912 345 678",
                                            address="Ấp 1", body="Tiêu chí môi trường chưa đạt như báo cáo."),
            [("receive_comment", "nomination", nid)])
        if ok:
            self.comments[comment.id] = {"nid": nid, "kind": CommentKind.UNCLASSIFIED, "answered": False}

    def classify_comment(self, data):
        if (comment := self.draw_comment(data)) is None:
            return
        cid, nid = comment.id, comment.nomination_id
        actor = self.draw_actor(data, self.officer_of(nid))
        kind = data.draw(st.sampled_from(list(CommentKind)), label="classification")
        should = actor == self.officer_of(nid) and not self.comments[cid]["answered"]
        ok, _ = self.attempt(f"classify_comment {cid} on {nid} as {kind} by {actor}", should,
                             lambda: notices.classify_comment(self.session, comment, by=self.user(actor),
                                                              classification=kind),
                             [("classify_comment", "nomination", nid)])
        if ok:
            self.comments[cid]["kind"] = kind

    def answer_comment(self, data):
        if (comment := self.draw_comment(data)) is None:
            return
        cid, nid = comment.id, comment.nomination_id
        actor = self.draw_actor(data, self.officer_of(nid))
        answer = self.draw_text(data, "Trả lời")
        resolution = data.draw(st.sampled_from([Resolution.REJECTED, Resolution.NOTED, Resolution.UPHELD]),
                               label="resolution")
        kind = data.draw(st.sampled_from([None, *CommentKind]), label="classification")
        should = (actor == self.officer_of(nid) and not self.comments[cid]["answered"] and not _blank(answer)
                  and resolution != Resolution.UPHELD)
        ok, _ = self.attempt(f"answer_comment {cid} on {nid} by {actor}: {resolution}, {kind}, {answer!r}", should,
                             lambda: notices.answer_comment(self.session, comment, by=self.user(actor), answer=answer,
                                                            resolution=resolution, classification=kind),
                             [("answer_comment", "nomination", nid)])
        if ok:
            self.comments[cid]["answered"] = True
            self.comments[cid]["kind"] = kind or self.comments[cid]["kind"]

    def uphold_objection(self, data):
        """Not a step of this procedure: whoever tries, on whatever comment, is refused."""
        if (comment := self.draw_comment(data)) is None:
            return
        actor = self.draw_actor(data, "secretariat")
        n = comment.nomination
        self.attempt(f"uphold_objection {comment.id} on {n.id} ({n.state}) by {actor}", False,
                     lambda: notices.uphold_objection(self.session, comment, by=self.user(actor), answer="Đúng.",
                                                      expected_version=n.version), [])

    def _commune_transition(self, data, action: str, sources: set[State], service, target: State, *,
                            guard=lambda nid: True, **kwargs) -> int | None:
        n = self.draw_nomination(data, sources)
        nid = n.id
        actor = self.draw_actor(data, self.officer_of(nid))
        stale = self.draw_stale(data)
        should = actor == self.officer_of(nid) and not stale and n.state in sources and guard(nid)
        version, source = self.version(n, stale), n.state
        ok, _ = self.attempt(f"{action} {nid} ({source}, {self.level(nid)}) by {actor}, stale={stale}, "
                             f"today {clock.today()}", should,
                             lambda: service(self.session, n, by=self.user(actor), expected_version=version, **kwargs),
                             [(action, "nomination", nid)])
        if ok:
            assert self.nomination(nid).state == target
        return nid if ok else None

    def submit(self, data):
        today = clock.today()
        if (nid := self._commune_transition(data, "submit", {S.IN_PUBLIC_NOTICE}, nominations.submit, S.SUBMITTED,
                                            guard=self.submittable)) is not None:
            self.submitted_on.setdefault(nid, today)   # a field check may not be dated before the first sending

    def resubmit(self, data):
        self._commune_transition(data, "resubmit", {S.RETURNED}, nominations.resubmit, S.SUBMITTED,
                                 guard=self.submittable)

    def withdraw(self, data):
        self._commune_transition(data, "withdraw", WITHDRAWABLE, nominations.withdraw, S.WITHDRAWN,
                                 reason="Xã rút hồ sơ.")

    def _secretariat_transition(self, data, action: str, sources: set[State], service, target: State,
                                **kwargs) -> None:
        n = self.draw_nomination(data, sources)
        nid = n.id
        actor = self.draw_actor(data, "secretariat")
        stale = self.draw_stale(data)
        reason = self.draw_text(data, "Lý do") if action == "return" else None
        should = actor == "secretariat" and not stale and n.state in sources and (reason is None or not _blank(reason))
        version, source = self.version(n, stale), n.state
        kwargs |= {} if reason is None else {"reason": reason}
        ok, _ = self.attempt(f"{action} {nid} ({source}) by {actor}, stale={stale}, reason={reason!r}", should,
                             lambda: service(self.session, n, by=self.user(actor), expected_version=version, **kwargs),
                             [(action, "nomination", nid)])
        if ok:
            assert self.nomination(nid).state == target

    def accept(self, data):
        self._secretariat_transition(data, "accept", {S.SUBMITTED}, nominations.accept, S.IN_APPRAISAL)

    def return_(self, data):
        self._secretariat_transition(data, "return", {S.SUBMITTED, S.IN_APPRAISAL}, nominations.return_,
                                     S.RETURNED)

    def appraise(self, data):
        n = self.draw_nomination(data, {S.SUBMITTED, S.IN_APPRAISAL})
        actor = self.draw_actor(data, "secretariat")
        body = self.draw_text(data, "Ý kiến thẩm định")
        should = actor == "secretariat" and not _blank(body) and n.state in (S.SUBMITTED, S.IN_APPRAISAL)
        nid = n.id
        self.attempt(f"appraise {nid} ({n.state}) by {actor}", should,
                     lambda: nominations.appraise(self.session, n, by=self.user(actor), body=body),
                     [("appraise", "nomination", nid)])

    def field_check(self, data):
        n = self.draw_nomination(data, {S.IN_APPRAISAL})
        nid = n.id
        actor = self.draw_actor(data, "secretariat")
        today, sent = clock.today(), self.submitted_on.get(nid)
        when = data.draw(st.sampled_from(["today"] * 3 + ["yesterday", "the day sent", "before sent", "tomorrow",
                                                          "no date"]), label="checked on")
        checked_on = {"today": today, "yesterday": today - timedelta(days=1), "tomorrow": today + timedelta(days=1),
                      "the day sent": sent, "before sent": sent and sent - timedelta(days=1)}.get(when)
        place = data.draw(st.sampled_from(["Ấp Xóm Lớn"] * 5 + ["  "]), label="place")
        conclusion = data.draw(st.sampled_from(["passed"] * 3 + ["failed", "incomplete", "bogus"]), label="conclusion")
        minutes = data.draw(st.booleans(), label="minutes?")
        should = (actor == "secretariat" and n.state == S.IN_APPRAISAL and checked_on is not None
                  and sent is not None and sent <= checked_on <= today and not _blank(place)
                  and conclusion in ("passed", "failed", "incomplete"))
        ok, _ = self.attempt(
            f"field_check {nid} ({n.state}, sent {sent}) by {actor} on {checked_on}: {conclusion}", should,
            lambda: field_checks.record(self.session, n, by=self.user(actor), store=self.store, data=(
                field_checks.FieldCheckData(checked_on=checked_on, place=place, inspectors="Lê Văn Tâm – Ban TĐKT",
                                            findings="Đối chiếu biểu chi tiết tại thực địa.", conclusion=conclusion)),
                files=[field_checks.Upload("bien-ban.pdf", factories.PDF)] if minutes else []),
            [("record_field_check", "nomination", nid)])
        if ok:
            self.checks[nid].append(conclusion)

    def conclude(self, data):
        n = self.draw_nomination(data, {S.IN_APPRAISAL})
        nid = n.id
        actor = self.draw_actor(data, "secretariat")
        stale = self.draw_stale(data)
        outcome = data.draw(st.sampled_from([S.ENDORSED] * 3 + [S.NOT_AWARDED, S.AWARDED]), label="outcome")
        reason = self.draw_text(data, "Lý do")
        passed = bool(self.checks[nid]) and self.checks[nid][-1] == "passed"
        should = actor == "secretariat" and not stale and n.state == S.IN_APPRAISAL and (
            (outcome == S.ENDORSED and passed and self.criteria_and_survey_ok(nid) and self.prerequisite_held(nid))
            or (outcome == S.NOT_AWARDED and not _blank(reason)))
        version, source = self.version(n, stale), n.state
        ok, _ = self.attempt(
            f"conclude {nid} ({source}) by {actor}, stale={stale}: {outcome}, checks {self.checks[nid]}, "
            f"reason {reason!r}", should,
            lambda: recognition.conclude_appraisal(self.session, n, by=self.user(actor), expected_version=version,
                                                   outcome=outcome, reason=reason),
            [("conclude_appraisal", "nomination", nid)])
        if ok:
            n = self.nomination(nid)
            assert n.state == outcome
            assert outcome == S.ENDORSED or n.outcome_reason == reason.strip()

    def to_council(self, data):
        """No council in this procedure: whoever tries is refused."""
        n = self.draw_nomination(data, {S.IN_APPRAISAL, S.IN_PUBLIC_NOTICE})
        actor = self.draw_actor(data, "secretariat")
        meeting = self.session.get(CouncilSession, self.meeting_id)
        self.attempt(f"to_council {n.id} ({n.state}) by {actor}", False,
                     lambda: council.to_council(self.session, n, meeting, by=self.user(actor),
                                                expected_version=n.version), [])

    def decide(self, data):
        batch = self.draw_batch(data)
        actor = self.draw_actor(data, "chair")
        stale = self.draw_stale(data)
        ids = [n.id for n in batch]
        should = (actor == "chair" and not stale and all(n.state == S.ENDORSED for n in batch)
                  and len(set(ids)) == len(ids) and len({self.level(nid) for nid in ids}) == 1)
        versions = {n.id: n.version for n in batch}
        if stale:
            versions[ids[0]] -= 1
        ok, decision = self.attempt(
            f"decide {ids} ({[n.state for n in batch]}, {[self.level(nid) for nid in ids]}) by {actor}, "
            f"stale={stale}", should,
            lambda: decisions.decide(self.session, batch, by=self.user(actor), decision_date=clock.today(),
                                     signer=self.session.get(Signer, self.ids.signer), expected_versions=versions),
            [("decide", "nomination", nid) for nid in ids])
        if ok:
            assert [line.nomination_id for line in decision.lines] == ids
            assert all(self.nomination(nid).state == S.AWARDED for nid in ids)

    def refuse(self, data):
        n = self.draw_nomination(data, {S.ENDORSED})
        actor = self.draw_actor(data, "chair")
        stale = self.draw_stale(data)
        reason = self.draw_text(data, "Lý do không công nhận")
        should = actor == "chair" and not stale and n.state == S.ENDORSED and not _blank(reason)
        nid, version, source = n.id, self.version(n, stale), n.state
        ok, _ = self.attempt(f"refuse {nid} ({source}) by {actor}, stale={stale}, reason={reason!r}", should,
                             lambda: decisions.refuse(self.session, n, by=self.user(actor), expected_version=version,
                                                      reason=reason), [("refuse", "nomination", nid)])
        if ok:
            assert self.nomination(nid).state == S.NOT_AWARDED

    def revoke(self, data):
        n = self.draw_nomination(data, {S.AWARDED})
        actor = self.draw_actor(data, "chair")
        stale = self.draw_stale(data)
        reason = self.draw_text(data, "Lý do thu hồi")
        number = data.draw(st.sampled_from(["15/QĐ-UBND"] * 4 + [""]), label="revoking decision")
        should = actor == "chair" and not stale and n.state == S.AWARDED and not _blank(reason) and number
        nid, version, source = n.id, self.version(n, stale), n.state
        ok, _ = self.attempt(f"revoke {nid} ({source}) by {actor}, stale={stale}", should,
                             lambda: decisions.revoke(self.session, n, by=self.user(actor), expected_version=version,
                                                      reason=reason, revoking_decision_no=number),
                             [("revoke", "nomination", nid)])
        if ok:
            assert self.nomination(nid).state == S.REVOKED

    # ---- the rules: desks, anyone, time ----------------------------------------------------------------------

    def pick(self, data, nids: list[int]) -> int:
        if data.draw(st.integers(0, 4), label="off the desk?") == 4:
            nids = self.nomination_ids
        return data.draw(st.sampled_from(nids), label="works on")

    @rule(data=st.data())
    def commune_moves(self, data):
        mine = self.in_states(S.DRAFT, S.IN_PUBLIC_NOTICE, S.RETURNED)
        if not mine or (len(mine) < 3 and data.draw(st.integers(0, 4), label="new dossier?") == 4):
            return self.act(data, None, ["create"])
        nid = self.pick(data, mine)
        state = self.states()[nid]
        if state in EDITABLE and not self.files[nid]:
            forward = "add_attachment"
        elif state in EDITABLE and not self.criteria_and_survey_ok(nid) and data.draw(st.booleans(), label="fix?"):
            forward = "self_assess" if any(v != (True, True) for v in self.assessed[nid].values()) \
                or len(self.assessed[nid]) < len(ITEMS) else "survey_"
        elif state == S.DRAFT:
            forward = "post"
        elif state == S.RETURNED:
            forward = "resubmit"
        elif self.blocking(nid) and data.draw(st.integers(0, 2), label="answer first?") > 0:
            forward = data.draw(st.sampled_from(["answer_comment", "classify_comment"]), label="comment")
        elif (nid not in self.survey or not rate_reaches(*self.survey[nid], THRESHOLD[self.level(nid)])) \
                and data.draw(st.booleans(), label="survey again?"):
            forward = "survey_"
        elif nid in self.posting and clock.today() <= self.posting[nid][2] \
                and data.draw(st.integers(0, 3), label="wait?") > 0:
            # to the posting's last day, or the day after
            days = (self.posting[nid][2] - clock.today()).days + data.draw(st.integers(0, 1), label="past the end?")
            return self.time_passes(days)
        else:  # send it, whether the oracle thinks it is ready or not
            forward = "submit"
        self.act(data, nid, [forward] * 6 + ["self_assess", "survey_", "add_attachment", "submit"]
                 + ["withdraw"] * (state in EDITABLE))  # one posted is withdrawn by anyone_tries_anything

    @rule(data=st.data())
    def citizen_comments(self, data):
        today = clock.today()
        open_ = [nid for nid, (_, first, last) in self.posting.items() if first <= today <= last
                 and self.states()[nid] == S.IN_PUBLIC_NOTICE]
        if not open_ or data.draw(st.integers(0, 2), label="a comment?") > 0:
            return self.commune_moves(data)
        self.act(data, data.draw(st.sampled_from(open_), label="on"), ["receive_comment"])

    @rule(data=st.data())
    def commune_answers_comments(self, data):
        if not (unanswered := [cid for cid, c in self.comments.items() if not c["answered"]]):
            return self.commune_moves(data)
        nid = self.comments[data.draw(st.sampled_from(unanswered), label="comment")]["nid"]
        self.act(data, nid, ["answer_comment"] * 3 + ["classify_comment", "uphold_objection"])

    @rule(data=st.data())
    def secretariat_moves(self, data):
        if not (candidates := self.in_states(S.SUBMITTED, S.IN_APPRAISAL)):
            return self.anyone_tries_anything(data)
        nid = self.pick(data, candidates)
        if self.states()[nid] == S.SUBMITTED:
            return self.act(data, nid, ["accept"] * 4 + ["return_", "appraise", "withdraw"])
        forward = "conclude" if self.checks[nid] and self.checks[nid][-1] == "passed" \
            else data.draw(st.sampled_from(["field_check", "conclude"]), label="conclude anyway?")
        self.act(data, nid, [forward] * 6 + ["field_check", "conclude", "return_", "appraise", "to_council"])

    @rule(data=st.data())
    def authority_moves(self, data):
        candidates = self.in_states(S.ENDORSED)
        if not candidates and data.draw(st.integers(0, 2), label="revisit the awarded?") == 0:
            candidates = self.in_states(S.AWARDED)
        if not candidates:
            return self.anyone_tries_anything(data)
        nid = self.pick(data, candidates)
        if self.states()[nid] == S.ENDORSED:
            return self.act(data, nid, ["decide"] * 3 + ["refuse"])
        self.act(data, nid, ["revoke", "decide", "refuse"])  # revoking a standard one blocks the advanced

    @rule(data=st.data())
    def anyone_tries_anything(self, data):
        choices = ["submit", "create", "add_attachment", "self_assess", "survey_", "post", "resubmit", "withdraw",
                   "accept", "return_", "appraise", "field_check", "conclude", "to_council", "decide", "refuse",
                   "revoke", "receive_comment", "time"]
        if self.comments:
            choices += ["classify_comment", "answer_comment", "uphold_objection"]
        choice = data.draw(st.sampled_from(choices), label="action")
        if choice == "time":
            return self.time_passes(data.draw(st.integers(1, 10), label="days"))
        self.act(data, None, [choice])

    @rule(days=st.integers(1, 10))
    def time_passes(self, days):
        """The clock moves on, never past LAST_DAY (the criteria set this oracle knows is in force until then)."""
        days = min(days, (LAST_DAY - clock.today()).days)
        if days > 0:
            self.memo.clear()
            clock.advance(days=days)
        note(f"time passes: {days} days, today is {clock.today()}")

    # ---- after every step ------------------------------------------------------------------------------------

    @invariant()
    def invariants_hold(self):
        report = audit.verify(self.session)
        assert report.ok, f"audit chain broken at event {report.bad_seq}: {report.problem}"
        assert report.count == self.expected_events, (
            f"{report.count} audit events, {self.expected_events} successful actions")
        events, states = _events_by_nomination(self.session), self.states()
        assert council_passed_before_award(self.session, events, states) == []
        assert audit_tells_the_state(self.session, events, states) == []
        assert awards_consistent(self.session, states) == []
        assert no_council_for_recognitions(self.session, events) == []
        assert submitted_after_posting(self.session, events) == []
        assert concluded_after_passed_check(events) == []
        for state in set(states.values()):
            event(f"state reached: {state}")


# ~25 s of CPU with the defaults; STATE_MACHINE_EXAMPLES=500 for a longer hunt (as the commendation machine).
RuralMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("STATE_MACHINE_EXAMPLES", "50")), stateful_step_count=40, deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
TestNewRuralStateMachine = RuralMachine.TestCase
