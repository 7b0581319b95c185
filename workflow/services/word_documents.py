"""The documents staff proof-read and complete in Word: a decision draft or an issued decision and its annexed
list, the standing body's proposal letter to a council session (Tờ trình), the session's minutes, and a
nomination's achievement report (also as PDF). Content comes from the same answers the PDFs use
(decisions.preview_data, documents.decision_data and minutes_data, council_queries.legal_basis_lines); the
layout is certificates/word.py and achievement.py, on the helpers of certificates/docx.py. Reads only: nothing is
stored, numbered or audited (the signed PDF stays the record). Never imports flask, never commits."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..models import CouncilSession, Decision, DecisionDraft, DraftStatus, Nomination, User
from ..rules.errors import InvalidTransition
from ..rules.prerequisites import SCOPES, evidence_from_json
from ..rules.states import Action
from . import council_queries, decisions, documents

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class MadeFile:
    """A document made for one download: its bytes, its type and a readable Vietnamese file name."""

    data: bytes
    filename: str
    mimetype: str = DOCX


def file_name(*parts: str, ext: str = "docx") -> str:
    """"Quyết định 12/QĐ-UBND" → "Quyết định 12-QĐ-UBND.docx": diacritics kept (sent as filename*, UTF-8),
    only what a file system refuses replaced."""
    name = " ".join(" ".join(p.split()) for p in parts if p and p.strip())
    return f"{_UNSAFE.sub('-', name).strip(' .-')[:150] or 'van-ban'}.{ext}"


# --- decisions --------------------------------------------------------------------------------------------

def _decision_data(session: Session, draft: DecisionDraft, by: User, action: Action):
    """The draft's decision as it stands: the issued decision once issued (number, date, golden-book numbers),
    before that the preview's data (no number, marked as a draft)."""
    if draft.status == DraftStatus.ISSUED and draft.decision_id is not None:
        return documents.decision_data(session.get(Decision, draft.decision_id))
    return decisions.preview_data(session, draft, by=by, action=action)


def draft_decision(session: Session, draft: DecisionDraft, *, by: User, action: Action = Action.DECIDE) -> MadeFile:
    from certificates import word
    data = _decision_data(session, draft, by, action)
    return MadeFile(word.decision(data), _decision_name("Dự thảo quyết định" if data.draft else "Quyết định",
                                                         data, draft.id))


def draft_annex(session: Session, draft: DecisionDraft, *, by: User, action: Action = Action.DECIDE) -> MadeFile:
    from certificates import word
    data = _decision_data(session, draft, by, action)
    return MadeFile(word.annex(data), _decision_name("Danh sách kèm theo dự thảo" if data.draft
                                                     else "Danh sách kèm theo Quyết định", data, draft.id))


def issued_decision(decision: Decision) -> MadeFile:
    from certificates import word
    data = documents.decision_data(decision)
    return MadeFile(word.decision(data), _decision_name("Quyết định", data, decision.id))


def issued_annex(decision: Decision) -> MadeFile:
    from certificates import word
    data = documents.decision_data(decision)
    return MadeFile(word.annex(data), _decision_name("Danh sách kèm theo Quyết định", data, decision.id))


def _decision_name(label: str, data, row_id: int) -> str:
    return file_name(label, f"số {row_id}" if data.draft else data.number)


# --- the council session ----------------------------------------------------------------------------------

def proposal_letter(session: Session, meeting: CouncilSession) -> MadeFile:
    """Tờ trình: the nominations on the session's agenda, as the standing body puts them before the council,
    with the legal basis in force on the meeting date."""
    from certificates import word
    from certificates.letters import ProposalLetter, ProposalLine

    nominations = [item.nomination for item in meeting.items]
    if not nominations:
        raise InvalidTransition("Phiên họp chưa có hồ sơ nào trong chương trình: chưa có nội dung để lập tờ trình.")
    authority = meeting.authority
    standing = session.get(User, meeting.created_by_id)
    letter = ProposalLetter(
        parent_organ=authority.organ_name,
        organ_name=standing.unit.name if standing is not None and standing.unit is not None
        else "CƠ QUAN THƯỜNG TRỰC HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
        suffix="TTr-HĐTĐKT", place_name=meeting.place_name, letter_date=meeting.meeting_date,
        summary="Về việc đề nghị xét khen thưởng",
        addressee=f"Hội đồng Thi đua – Khen thưởng của {authority.name}",
        legal_basis=tuple(documents.basis_lines("\n".join(council_queries.legal_basis_lines(
            nominations, meeting.meeting_date)))),
        opening=(f"Sau khi tiếp nhận, thẩm định hồ sơ và công khai theo quy định, cơ quan thường trực kính trình "
                 f"Hội đồng xem xét tại phiên họp «{meeting.title}» đề nghị khen thưởng đối với "
                 f"{len(nominations):02d} hồ sơ sau:"),
        closing="Kính trình Hội đồng Thi đua – Khen thưởng xem xét, biểu quyết./.",
        lines=tuple(ProposalLine(n.nominee.full_name, n.nominee.public_line(), n.award_type.name, _proposer(n))
                    for n in nominations),
        signer_lines=("CƠ QUAN THƯỜNG TRỰC",))
    return MadeFile(word.proposal(letter), file_name("Tờ trình Hội đồng", f"phiên họp {meeting.id}"))


def _proposer(nomination: Nomination) -> str:
    letter = f" (Tờ trình số {nomination.letter_no})" if nomination.letter_no else ""
    return nomination.proposing_unit.name + letter


def minutes(meeting: CouncilSession) -> MadeFile:
    """The closed session's minutes (documents.minutes_data refuses an open session, as for the PDF)."""
    from certificates import word
    return MadeFile(word.minutes(documents.minutes_data(meeting)), file_name("Biên bản phiên họp", str(meeting.id)))


# --- the achievement report --------------------------------------------------------------------------------

GENDER_WORDS = {"female": "Nữ", "male": "Nam"}


def achievement_data(nomination: Nomination):
    """The report's data from the nomination: who, what is proposed, the period, the summary, and the titles
    and initiatives of its evidence (rules.prerequisites.evidence_from_json)."""
    from certificates.achievement import AchievementData, Initiative, PriorTitle

    nominee, award_type = nomination.nominee, nomination.award_type
    evidence = evidence_from_json(nomination.evidence)
    return AchievementData(
        kind=nominee.kind, nominee=nominee.full_name,
        award=f"danh hiệu “{award_type.name}”" if award_type.category == "title" else award_type.name,
        proposing_unit=nomination.proposing_unit.name, place_name=award_type.authority.place_name,
        position=nominee.position, workplace=nominee.workplace, gender=GENDER_WORDS.get(nominee.gender or "", ""),
        birth_date=nominee.birth_date, address=nominee.address, period_from=nomination.period_from,
        period_to=nomination.period_to, campaign=nomination.campaign.name, summary=nomination.achievement_summary,
        titles=tuple(PriorTitle(t.year, t.title, _decision_ref(t.decision_no, t.decision_date))
                     for t in evidence.titles),
        initiatives=tuple(Initiative(i.name, SCOPES[i.scope][1] if i.scope in SCOPES else i.scope, i.document)
                          for i in evidence.initiatives))


def _decision_ref(number: str, day) -> str:
    when = f" ngày {day:%d/%m/%Y}" if day else ""
    return f"Quyết định số {number}{when}" if number else ""


def achievement_report(nomination: Nomination, *, as_pdf: bool = False) -> MadeFile:
    from certificates.achievement import render_docx, render_pdf
    data = achievement_data(nomination)
    name = file_name("Báo cáo thành tích", nomination.nominee.full_name, ext="pdf" if as_pdf else "docx")
    return MadeFile(render_pdf(data), name, PDF) if as_pdf else MadeFile(render_docx(data), name)
