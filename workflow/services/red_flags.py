"""Red flags for nominations: the facts rules.red_flags needs, read from the database in a few batch queries
(one per fact, whatever the number of nominations), and the one-achievement-one-award refusal. Changes nothing;
never imports flask (the views pass `settings_from(current_app.config)`).
"""
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from ..models import (Attachment, AttachmentKind, AwardType, Campaign, Nomination, Nominee, PublicComment, Unit)
from ..models.notices import Resolution
from ..rules import red_flags as rules
from ..rules.nominees import NomineeKind
from ..rules.positions import is_leader
from ..rules.prerequisites import evidence_from_json
from ..rules.folding import fold
from ..rules.states import ProcedureCode, State
from . import verified_results

# proposed and still standing: submitted or later, not withdrawn, not refused, not revoked
PROPOSED_STATES = frozenset(State) - {State.DRAFT, State.WITHDRAWN, State.NOT_AWARDED, State.REVOKED}
# an earlier round counts when the nominee was proposed or awarded in it (a revoked award was awarded)
ROUND_STATES = frozenset(State) - {State.DRAFT, State.WITHDRAWN}
DEFAULTS = rules.Settings()


def settings_from(config: Mapping[str, Any]) -> rules.Settings:
    """The thresholds as configured (config.py RED_FLAG_*); a missing key keeps the default."""
    d = DEFAULTS
    return rules.Settings(
        rounds=int(config.get("RED_FLAG_ROUNDS", d.rounds)),
        leader_ceiling_pct=float(config.get("RED_FLAG_LEADER_CEILING_PCT", d.leader_ceiling_pct)),
        production_floor_pct=float(config.get("RED_FLAG_PRODUCTION_FLOOR_PCT", d.production_floor_pct)),
        min_list=int(config.get("RED_FLAG_MIN_LIST", d.min_list)),
        per_head_ratio=float(config.get("RED_FLAG_PER_HEAD_RATIO", d.per_head_ratio)),
        upheld_min=int(config.get("RED_FLAG_UPHELD_MIN", d.upheld_min)))


def flags_for(session: Session, nomination: Nomination, settings: rules.Settings = DEFAULTS
              ) -> list[rules.Flag]:
    return flags_for_many(session, [nomination], settings)[nomination.id]


def flags_for_many(session: Session, nominations: Sequence[Nomination],
                   settings: rules.Settings = DEFAULTS) -> dict[int, list[rules.Flag]]:
    """The flags of each nomination, by id: the facts of the whole list in a fixed number of queries."""
    facts = facts_for_many(session, nominations, settings)
    return {n.id: rules.flags(facts[n.id], settings) for n in nominations}


def facts_for_many(session: Session, nominations: Sequence[Nomination],
                   settings: rules.Settings = DEFAULTS) -> dict[int, rules.Facts]:
    if not nominations:
        return {}
    documents = _other_documents(session, [n.id for n in nominations])
    rounds = _earlier_rounds(session, nominations, settings.rounds)
    groups = _unit_lists(session, nominations)
    per_head = _per_head(session, nominations)
    upheld = _upheld(session, nominations)
    overlaps = _overlaps(session, nominations)
    recognitions = _recognitions(session, nominations)
    result = {}
    for n in nominations:
        evidence = evidence_from_json(n.evidence)
        individuals, leaders, workers = groups[_group_key(n)]
        count, headcount, peers = per_head[(n.campaign_id, n.proposing_unit_id)]
        result[n.id] = rules.Facts(
            is_individual=n.nominee.kind == NomineeKind.INDIVIDUAL,
            other_documents=documents[n.id],
            prerequisite_evidence=len(evidence.titles) + len(evidence.initiatives) + len(evidence.members),
            earlier_rounds=rounds[n.id], unit_individuals=individuals, unit_leaders=leaders,
            unit_in_production=workers, unit_count=count, unit_headcount=headcount, peer_rates=peers,
            upheld_objections=upheld[n.id], overlaps=tuple(overlaps[n.id]),
            **_verified_facts(n, recognitions))
    return result


def _recognitions(session: Session, nominations: Sequence[Nomination]) -> dict[int, set[int]]:
    """The recognitions in force (services.verified_results) of the nominations' communes, by commune: one query."""
    communes = {u for n in nominations for u in verified_results.communes_of(n)}
    found: dict[int, set[int]] = defaultdict(set)
    for result in verified_results.recognitions(session, unit_ids=communes):
        found[result.unit_id].add(result.nomination_id)
    return found


def _verified_facts(n: Nomination, recognitions: dict[int, set[int]]) -> dict[str, Any]:
    if n.award_type.procedure_code == ProcedureCode.NEW_RURAL:
        return {}   # a recognition's own dossier rests on its self-assessment, not on an earlier result
    in_force = set().union(*(recognitions.get(u, set()) for u in verified_results.communes_of(n)))
    required = n.award_type.requires_recognition_type
    return {"verified_required": required.name if required else "",
            "verified_cited": n.verified_result_id is not None and n.verified_result_id in in_force,
            "recognitions_in_force": len(in_force),
            "mentions_new_rural": rules.mentions_new_rural(fold(n.achievement_summary or ""))}


def _other_documents(session: Session, ids: list[int]) -> Counter:
    rows = session.execute(select(Attachment.nomination_id, func.count()).where(
        Attachment.nomination_id.in_(ids), Attachment.kind != AttachmentKind.ACHIEVEMENT_REPORT)
        .group_by(Attachment.nomination_id))
    return Counter(dict(rows.all()))


def _earlier_rounds(session: Session, nominations: Sequence[Nomination], rounds: int) -> dict[int, tuple[bool, ...]]:
    """Per nomination, newest first: was the nominee proposed or awarded in each of the `rounds` campaigns of the
    same authority that started before this nomination's campaign?"""
    authorities = {n.campaign.authority_id for n in nominations}
    campaigns = session.execute(select(Campaign.id, Campaign.authority_id, Campaign.period_start).where(
        Campaign.authority_id.in_(authorities)).order_by(Campaign.period_start.desc(), Campaign.id.desc())).all()
    keys = {n.nominee_key for n in nominations}
    seen = {tuple(row) for row in session.execute(select(Nomination.campaign_id, Nomination.nominee_key).where(
        Nomination.nominee_key.in_(keys), Nomination.state.in_(ROUND_STATES)))}
    result = {}
    for n in nominations:
        earlier = [c.id for c in campaigns if c.authority_id == n.campaign.authority_id
                   and (c.period_start, c.id) < (n.campaign.period_start, n.campaign.id)][:rounds]
        result[n.id] = tuple((c, n.nominee_key) in seen for c in earlier)
    return result


def _group_key(n: Nomination) -> tuple:
    """The list a nomination was proposed on: its proposal (Tờ trình kèm danh sách), else the unit's round."""
    return ("proposal", n.proposal_id) if n.proposal_id else ("round", n.campaign_id, n.proposing_unit_id)


def _unit_lists(session: Session, nominations: Sequence[Nomination]) -> dict[tuple, tuple[int, int, int]]:
    """(individuals, leaders among them, those working in production) on each nomination's list; its own
    nomination counts even while it is a draft."""
    proposals = {n.proposal_id for n in nominations if n.proposal_id}
    rounds = {(n.campaign_id, n.proposing_unit_id) for n in nominations if not n.proposal_id}
    where = [Nomination.proposal_id.in_(proposals)] + [
        and_(Nomination.campaign_id == c, Nomination.proposing_unit_id == u) for c, u in rounds]
    own = {n.id for n in nominations}
    rows = session.execute(select(Nomination.id, Nomination.proposal_id, Nomination.campaign_id,
                                  Nomination.proposing_unit_id, Nominee.position, Nominee.works_in_production)
                           .join(Nominee, Nominee.id == Nomination.nominee_id)
                           .where(or_(*where), Nominee.kind == NomineeKind.INDIVIDUAL,
                                  or_(Nomination.state.in_(PROPOSED_STATES), Nomination.id.in_(own)))).all()
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        key = (("proposal", row.proposal_id) if row.proposal_id in proposals
               else ("round", row.campaign_id, row.proposing_unit_id))
        counts[key][0] += 1
        counts[key][1] += is_leader(row.position)
        counts[key][2] += bool(row.works_in_production)
    return defaultdict(lambda: (0, 0, 0), {k: tuple(v) for k, v in counts.items()})


def _per_head(session: Session, nominations: Sequence[Nomination]
              ) -> dict[tuple[int, int], tuple[int, int | None, tuple[float, ...]]]:
    """Per (campaign, unit): the unit's proposed nominations, its head count, and the nominations per 1,000 head
    of the other units of the same kind with a known head count that proposed in the same campaign."""
    campaigns = {n.campaign_id for n in nominations}
    rows = session.execute(select(Nomination.campaign_id, Unit.id, Unit.kind, Unit.headcount, func.count())
                           .join(Unit, Unit.id == Nomination.proposing_unit_id)
                           .where(Nomination.campaign_id.in_(campaigns), Nomination.state.in_(PROPOSED_STATES))
                           .group_by(Nomination.campaign_id, Unit.id, Unit.kind, Unit.headcount)).all()
    by_campaign = defaultdict(list)
    for r in rows:
        by_campaign[r.campaign_id].append(r)
    result = {}
    for key in {(n.campaign_id, n.proposing_unit_id) for n in nominations}:
        unit = session.get(Unit, key[1])
        same = by_campaign[key[0]]
        count = next((r[4] for r in same if r.id == unit.id), 0)
        peers = tuple(rules.per_thousand(r[4], r.headcount) for r in same
                      if r.id != unit.id and r.kind == unit.kind and r.headcount)
        result[key] = (count, unit.headcount, peers)
    return result


def _upheld(session: Session, nominations: Sequence[Nomination]) -> Counter:
    """Upheld objections on the same unit's nominations in campaigns that started before this one's."""
    units = {n.proposing_unit_id for n in nominations}
    rows = session.execute(select(Nomination.proposing_unit_id, Campaign.period_start, Campaign.id)
                           .join(PublicComment, PublicComment.nomination_id == Nomination.id)
                           .join(Campaign, Campaign.id == Nomination.campaign_id)
                           .where(Nomination.proposing_unit_id.in_(units),
                                  PublicComment.resolution == Resolution.UPHELD)).all()
    return Counter({n.id: sum(1 for r in rows if r.proposing_unit_id == n.proposing_unit_id
                              and (r.period_start, r.id) < (n.campaign.period_start, n.campaign.id))
                    for n in nominations})


def _overlaps(session: Session, nominations: Sequence[Nomination]) -> dict[int, list[rules.Overlap]]:
    other = aliased(Nomination)
    keys = {n.nominee_key for n in nominations}
    rows = session.execute(select(other.id, other.nominee_key, other.award_type_id, other.proposing_unit_id,
                                  other.period_from, other.period_to, AwardType.name, Unit.name.label("unit"))
                           .join(AwardType, AwardType.id == other.award_type_id)
                           .join(Unit, Unit.id == other.proposing_unit_id)
                           .where(other.nominee_key.in_(keys), other.state.in_(PROPOSED_STATES))
                           .order_by(other.id)).all()
    by_key = defaultdict(list)
    for r in rows:
        by_key[r.nominee_key].append(r)
    result: dict[int, list[rules.Overlap]] = defaultdict(list)
    for n in nominations:
        for r in by_key[n.nominee_key]:
            if (r.id != n.id and r.period_from <= n.period_to
                    and r.period_to >= n.period_from
                    and (r.award_type_id != n.award_type_id or r.proposing_unit_id != n.proposing_unit_id)):
                result[n.id].append(rules.Overlap(r.id, r.name, r.unit, other_award=r.award_type_id != n.award_type_id,
                                                  other_unit=r.proposing_unit_id != n.proposing_unit_id))
    return result


def exclusive_refusal(session: Session, nomination: Nomination) -> str | None:
    """The one sentence refusing to send a nomination whose achievement is already proposed for another award
    type, when either award type says one achievement takes one form (AwardType.exclusive_achievement)."""
    for other in _overlaps(session, [nomination])[nomination.id]:
        if not other.other_award:
            continue
        other_type = session.get(Nomination, other.nomination_id).award_type
        if nomination.award_type.exclusive_achievement or other_type.exclusive_achievement:
            return (f"Không thể gửi: thành tích này (cùng đối tượng, thời gian trùng) đã được đề nghị "
                    f"{other.award_type} tại hồ sơ #{other.nomination_id} của {other.unit}; một thành tích chỉ "
                    f"được đề nghị một hình thức khen thưởng.")
    return None
