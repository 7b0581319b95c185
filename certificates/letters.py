"""Tờ trình (the proposal letter) of the council's standing body: the nominations it puts before a council
session. Plain, frozen data; certificates/docx.py lays it out. Imports nothing from `workflow`."""
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ProposalLine:
    name: str                    # "Ông Nguyễn Văn An" / "Ủy ban nhân dân xã Vĩnh Hưng A"
    line: str = ""               # position, unit
    award: str = ""              # "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    proposer: str = ""           # "Ủy ban nhân dân xã Vĩnh Lợi (Tờ trình số 15/TTr-UBND)"


@dataclass(frozen=True)
class ProposalLetter:
    parent_organ: str            # "ỦY BAN NHÂN DÂN TỈNH CÀ MAU"
    organ_name: str              # "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" (its standing body signs for it)
    suffix: str                  # "TTr-HĐTĐKT": the number is written when the letter is issued
    place_name: str
    letter_date: date
    summary: str                 # "Về việc đề nghị xét khen thưởng …"
    addressee: str               # "Hội đồng Thi đua – Khen thưởng tỉnh Cà Mau"
    opening: str                 # the sentence before the list
    closing: str                 # "Kính trình Hội đồng xem xét, quyết định./."
    legal_basis: tuple[str, ...] = ()
    lines: tuple[ProposalLine, ...] = ()
    signer_lines: tuple[str, ...] = ("CƠ QUAN THƯỜNG TRỰC",)
    signer_name: str = ""
    copy_to: tuple[str, ...] = ("Như trên;", "Lưu: VT.")
