"""Who numbers an authority's decisions (issue 18, docs/decision-numbers.md): the product's own counter, the clerical
office's register (the number entered at issue time) or the document-management system (its address, and the name of
the environment variable holding its token: the token itself is never stored, audited or exported). One CONFIGURE
audit event per change. Never imports flask; never commits."""
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...models import Authority, User
from ...rules.numbering import NumberingMode, check_register_url, check_token_variable
from .common import Changes, assign, invalid, record, require_admin


@dataclass
class NumberingSetting:
    mode: str
    register_url: str = ""
    token_env: str = ""


def set_numbering(session: Session, authority: Authority, setting: NumberingSetting, *, by: User) -> Changes:
    """Decisions issued before keep their numbers and the source they came from; the setting applies to the next."""
    require_admin(by)
    if setting.mode not in set(NumberingMode):
        raise invalid("Cách cấp số quyết định không hợp lệ.", "numbering_mode")
    mode = NumberingMode(setting.mode)
    url = (setting.register_url or "").strip()
    if mode == NumberingMode.DOCUMENT_SYSTEM or url:
        url = check_register_url(url)
    changes = assign(authority, {"numbering_mode": mode, "register_url": url or None,
                                 "register_token_env": check_token_variable(setting.token_env) or None})
    if changes:
        session.flush()
        record(session, by=by, object_type="authority", object_id=authority.id, changes=changes)
    return changes
