"""The administrator's use cases: the only code that changes the catalogue (units, accounts and roles,
award types, campaigns with indicators and targets, the calendar, the base salary table). Each takes the
session and the acting user (`by=`), refuses anyone but an administrator (NotAllowed), validates with
Vietnamese messages that name their field (ValidationFailed.field), and records exactly one CONFIGURE
audit event per change. Never imports flask; never commits.

There is deliberately no function here that touches workflow records (nominations, notices, comments,
council sessions, decisions, certificates, the audit trail): the administrator cannot alter them.
"""
from .accounts import (
                       create_user,
                       deactivate_user,
                       grant_role,
                       reactivate_user,
                       reset_password,
                       revoke_role,
                       update_user,
)
from .award_types import CERTIFICATE_LAYOUTS, AwardTypeData, create_award_type, update_award_type
from .campaigns import (
                       CampaignData,
                       create_campaign,
                       create_indicator,
                       remove_target,
                       set_target,
                       update_campaign,
                       update_indicator,
)
from .common import require_admin
from .tables import (KIND_LABELS, add_base_salary, add_calendar_day, check_base_salary, confirm_base_salary,
                     remove_calendar_day)
from .units import UnitData, create_unit, update_unit

__all__ = [
    "CERTIFICATE_LAYOUTS", "KIND_LABELS", "AwardTypeData", "CampaignData", "UnitData", "add_base_salary",
    "add_calendar_day", "check_base_salary", "confirm_base_salary", "create_award_type", "create_campaign",
    "create_indicator", "create_unit", "create_user",
    "deactivate_user", "grant_role", "reactivate_user", "remove_calendar_day", "remove_target", "require_admin",
    "reset_password", "revoke_role", "set_target", "update_award_type", "update_campaign", "update_indicator",
    "update_unit", "update_user",
]
