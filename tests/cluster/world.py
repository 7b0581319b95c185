"""The cluster test's data. The factories' world is made through the services; the 200 endorsed proposals
are inserted as rows in one flush (walking each through submission, appraisal and a council vote took 18-30 s
of round trips on a busy two-core machine; those steps have their own tests). The decision draft is prepared
through the service, and the chairperson issues it over HTTP, which is the path under test."""
from datetime import date, datetime

from sqlalchemy.orm import Session

from tests import factories
from workflow.models import DecisionDraft, Nomination, Nominee
from workflow.rules.nominees import NomineeKind, identity_key
from workflow.rules.states import State
from workflow.services import decisions


def endorsed_draft(session: Session, world: factories.World, lines: int) -> DecisionDraft:
    """`lines` collective Giấy khen proposals of Hồng Dân, endorsed, in one draft the secretariat prepared."""
    batch = [_endorsed(world, f"Ấp Ninh Thạnh {i + 1}", i) for i in range(lines)]
    session.add_all(batch)
    session.flush()
    return decisions.prepare_draft(session, batch, by=world.secretariat, signer=world.signer,
                                   decision_date=factories.TODAY,
                                   proposal="Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV.")


def _endorsed(world: factories.World, name: str, serial: int) -> Nomination:
    workplace = world.district_b.name
    nominee = Nominee(kind=NomineeKind.COLLECTIVE.value, full_name=name, workplace=workplace)
    return Nomination(
        campaign=world.campaign, award_type=world.giay_khen, proposing_unit=world.district_b, nominee=nominee,
        nominee_key=identity_key(NomineeKind.COLLECTIVE, name, unit_id=None, id_number=None, birth_date=None,
                                 affiliation=workplace),
        state=State.ENDORSED, achievement_summary="Đã có thành tích xuất sắc trong xây dựng nông thôn mới nâng cao.",
        period_from=date(2024, 1, 1), period_to=date(2024, 12, 31), letter_no=f"{serial + 1}/TTr-CL",
        letter_date=date(2025, 2, 20), created_by=world.officer_b, submitted_at=datetime(2025, 2, 21, 2, 0))
