"""Proposals of an integration client's unit: send one with its nominees and files (scope proposals:write), read
their status (scope proposals:read). A proposal of another unit answers 404, so its existence does not leak."""
from flask import g
from sqlalchemy import select

from ...extensions import db
from ...files import file_store
from ...models import Proposal
from ...rules.api import Scope
from ...services import api_proposals
from . import as_json, bp, committed, cursor, idempotent, load_or_404, page, page_limit, require_scope
from .inputs import json_body, proposal_input
from .shapes import proposal_item


@bp.post("/proposals")
@require_scope(Scope.PROPOSALS_WRITE)
@idempotent
def proposal_create():
    client = g.api_client
    sent = proposal_input(json_body())
    proposal = api_proposals.file(db.session, by=client.account, campaign=sent.campaign, unit=sent.unit or client.unit,
                                  header=sent.header, lines=sent.lines, store=file_store(), submit=sent.submit)
    return committed(as_json(proposal_item(proposal), 201, Location=f"/api/v1/proposals/{proposal.id}"))


@bp.get("/proposals")
@require_scope(Scope.PROPOSALS_READ)
def proposals_list():
    query = api_proposals.of_unit(g.api_client.unit_id)
    if (after := cursor(int)) is not None:
        query = query.where(Proposal.id < after[0])
    limit = page_limit()
    found = list(db.session.scalars(query.limit(limit + 1)))
    rows = found[:limit]
    return as_json(page([proposal_item(p) for p in rows], (rows[-1].id,) if len(found) > limit else None))


@bp.get("/proposals/<int:proposal_id>")
@require_scope(Scope.PROPOSALS_READ)
def proposal(proposal_id: int):
    found = db.session.scalar(select(Proposal).where(Proposal.id == proposal_id,
                                                     Proposal.proposing_unit_id == g.api_client.unit_id))
    return as_json(proposal_item(load_or_404(found)))
