"""Typed SQLAlchemy 2 models, one module per concept. Plain SQLAlchemy: no Flask here."""
from . import search_index  # noqa: F401  (registers the search index DDL with the tables)
from .api import ApiCall, ApiClient, ApiIdempotencyKey, DeliveryState, WebhookDelivery
from .after_issue import (CertificateReissue, HistoricalAward, HistoricalImport, LineCorrection, Recovery,
                          ReissueReason)
from .audit import AppendOnlyViolation, AuditEvent, AuditHead
from .base import Base, utcnow
from .campaigns import (Campaign, Comparator, DeadlineExtension, Indicator, IndicatorResult, Target,
                        campaign_award_type, indicator_award_type)
from .catalog import (AwardCategory, AwardType, BaseSalary, BaseSalaryStatus, CalendarDay, CalendarDayKind, LegalBasis,
                      legal_basis_lines_on)
from .credentials import CredentialStatus
from .council import (AgendaItem, Ballot, BallotScan, ConflictDeclaration, CouncilSession, ItemResult, SessionMember,
                      SessionStatus)
from .decisions import (Certificate, Decision, DecisionDraft, DecisionLine, DraftStatus, IssuerCounter, PrintJob,
                        PrintJobStatus)
from .field_checks import FieldCheck, FieldCheckConclusion, FieldCheckFile
from .files import StoredFile
from .jobs import Job, JobKind, JobState
from .nominations import Attachment, AttachmentKind, Gender, Nomination, NominationRevision, Nominee, Review
from .proposals import Proposal
from .recognition import SatisfactionSurvey, SelfAssessment
from .transparency_log import LogCheckpoint, LogNode
from .notifications import Notification
from .notices import AnswerCorrection, CommentKind, CommentStatus, NoticeItem, PublicComment, PublicNotice, Resolution
from .units import Authority, Signer, Unit, UnitKind, UnitParent, parent_ids_on, units_valid_on
from .users import RoleGrant, User

__all__ = [
    "AgendaItem", "AnswerCorrection", "ApiCall", "ApiClient", "ApiIdempotencyKey", "AppendOnlyViolation", "Attachment", "AttachmentKind", "AuditEvent",
    "AuditHead", "Authority", "AwardCategory", "AwardType", "Ballot", "BallotScan", "Base", "BaseSalary",
    "BaseSalaryStatus", "CalendarDay", "CalendarDayKind", "Campaign", "Certificate", "CertificateReissue",
    "CommentKind", "CommentStatus", "Comparator", "ConflictDeclaration", "CouncilSession", "CredentialStatus",
    "DeadlineExtension",
    "Decision", "DecisionDraft", "DecisionLine", "DeliveryState", "DraftStatus", "FieldCheck", "FieldCheckConclusion", "FieldCheckFile",
    "Gender", "HistoricalAward", "HistoricalImport",
    "Indicator", "IndicatorResult", "IssuerCounter", "ItemResult", "Job", "JobKind", "JobState", "LegalBasis",
    "LineCorrection", "LogCheckpoint", "LogNode",
    "Nomination", "NominationRevision", "Nominee", "NoticeItem", "Notification", "PrintJob",
    "PrintJobStatus",
    "Proposal", "PublicComment", "PublicNotice", "Recovery", "ReissueReason", "Resolution", "Review", "RoleGrant",
    "SatisfactionSurvey", "SelfAssessment", "SessionMember", "SessionStatus", "Signer", "StoredFile", "Target", "Unit",
    "UnitKind", "UnitParent", "User", "WebhookDelivery",
    "campaign_award_type", "indicator_award_type", "legal_basis_lines_on", "parent_ids_on", "units_valid_on",
    "utcnow",
]
