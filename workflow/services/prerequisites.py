"""Title prerequisites at appraisal: the one answer to "does this nomination meet its award type's requirements,
and on what evidence". The evidence is the proposing unit's (nomination.evidence) plus the titles our own register
holds for the same nominee: another nomination of the same nominee_key that was awarded and not revoked, or an
award imported from the old golden book, whatever its award type's category, counted for the year its achievement
period ends, with its decision's number and date (queries.nominations.prior_awards, as the appraisal page lists
them). Never imports flask."""
from sqlalchemy.orm import Session

from ..models import Nomination
from ..rules.errors import InvalidTransition
from ..rules.prerequisites import FROM_REGISTER, Finding, TitleEvidence, assess, evidence_from_json, unmet_sentence
from ..rules.states import State
from .queries.nominations import prior_awards


def register_titles(session: Session, nomination: Nomination) -> list[TitleEvidence]:
    return [TitleEvidence(prior.award_type, prior.period_to.year, prior.decision_number or "", prior.decision_date,
                          source=FROM_REGISTER)
            for prior in session.execute(prior_awards(nomination)) if prior.state == State.AWARDED]


def findings(session: Session, nomination: Nomination) -> list[Finding]:
    """Each requirement of the award type, met or not, with the evidence that counts for it."""
    requirements = nomination.award_type.requirements()
    if not requirements:
        return []
    evidence = evidence_from_json(nomination.evidence)
    return assess(requirements, period_end_year=nomination.period_to.year,
                  titles=list(evidence.titles) + register_titles(session, nomination),
                  initiatives=evidence.initiatives, members=evidence.members)


def require_met(session: Session, nomination: Nomination) -> None:
    """Refuse sending to public notice or to the council while a requirement is unmet, saying what is missing."""
    sentence = unmet_sentence(findings(session, nomination))
    if sentence:
        name = nomination.nominee.full_name
        raise InvalidTransition(f"{sentence[:-1]} (hồ sơ của {name}). Trả lại hồ sơ để đơn vị bổ sung minh chứng.")
