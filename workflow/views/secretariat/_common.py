"""What the secretariat's views share: the authorities the user is secretariat of, loaders scoped to them
(another authority's object answers 404), the selection carried from a list to a confirmation page, and
the way a refused batch or step is reported."""
from collections.abc import Callable, Iterable
from typing import Any

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...models import Attachment, CouncilSession, DecisionDraft, Nomination, PublicComment, PublicNotice
from ...rules.errors import DomainError
from ...rules.permissions import Role
from ...rules.states import State
from ..helpers import authority_ids_of, nomination_of_my_authority, scoped_or_404, send_stored


def my_authorities() -> set[int]:
    return authority_ids_of(current_user, Role.SECRETARIAT)


def nomination_or_404(nomination_id: int) -> Nomination:
    nomination = nomination_of_my_authority(nomination_id, Role.SECRETARIAT)
    if nomination.state == State.DRAFT:  # the unit's unsent work is not the secretariat's business yet
        abort(404)
    return nomination


def notice_or_404(notice_id: int) -> PublicNotice:
    return scoped_or_404(PublicNotice, notice_id, lambda n: n.authority_id in my_authorities())


def comment_or_404(comment_id: int) -> PublicComment:
    return scoped_or_404(PublicComment, comment_id, lambda c: c.notice.authority_id in my_authorities())


def session_or_404(session_id: int) -> CouncilSession:
    return scoped_or_404(CouncilSession, session_id, lambda s: s.authority_id in my_authorities())


def draft_or_404(draft_id: int) -> DecisionDraft:
    return scoped_or_404(DecisionDraft, draft_id, lambda d: d.authority_id in my_authorities())


# --- a selection of nominations, carried as "id:version" (the version the user saw on the list) ---------

def parse_selection(values: Iterable[str]) -> dict[int, int]:
    selection: dict[int, int] = {}
    for value in values:
        nomination_id, _, version = value.partition(":")
        if nomination_id.isdigit() and version.isdigit():
            selection[int(nomination_id)] = int(version)
    return selection


def parse_bulk(ids: str | None, versions: str | None) -> dict[int, int]:
    """The BulkForm's parallel comma lists back into {id: version}."""
    pairs = zip((ids or "").split(","), (versions or "").split(","), strict=False)
    return parse_selection(f"{i.strip()}:{v.strip()}" for i, v in pairs)


def as_bulk(selection: dict[int, int]) -> dict[str, str]:
    return {"ids": ",".join(map(str, selection)), "versions": ",".join(map(str, selection.values()))}


def selected(selection: dict[int, int]) -> list[Nomination]:
    return [nomination_or_404(nomination_id) for nomination_id in selection]


def run_batch(nominations: list[Nomination], step: Callable[[Nomination], Any]) -> str | None:
    """Apply `step` to every nomination in one transaction: all or nothing. Returns the refusal, naming the
    nominee it stopped at, after rolling everything back; None when every step went through."""
    for nomination in nominations:
        name = nomination.nominee.full_name
        try:
            step(nomination)
        except DomainError as error:
            db.session.rollback()
            return _("Không thực hiện được với hồ sơ «%(name)s»: %(reason)s Chưa hồ sơ nào bị thay đổi.", name=name,
                     reason=error.message)
    return None


def refused(error: DomainError, endpoint: str, **values: Any):
    """A guard refused the step: undo, say why, and go back to the page the user came from."""
    db.session.rollback()
    flash(error.message, "error")
    return redirect(url_for(endpoint, **values))


def download(item: Attachment):
    """A nomination's or a comment's file, as a private download (views.helpers.send_stored)."""
    return send_stored(item.sha256, item.filename, mimetype=item.content_type)
