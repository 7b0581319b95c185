"""Biên bản họp Hội đồng Thi đua – Khen thưởng (the council's minutes) as PDF: A4 portrait in the
administrative format of the decisions (organ and national motto, Times-like serif), the attendance, each
item's tally and outcome, the voting rules applied, and the signature blocks. Plain data in, bytes out;
imports nothing from `workflow`. Deterministic like the other documents.
"""
from dataclasses import dataclass
from datetime import date, datetime

from .text import day_text


@dataclass(frozen=True)
class MinutesMember:
    name: str
    unit: str = ""
    present: bool = True


@dataclass(frozen=True)
class MinutesItem:
    position: int
    nominee: str                 # "Ủy ban nhân dân xã Vĩnh Hưng A"
    nominee_line: str = ""       # position, unit
    award: str = ""
    proposing_unit: str = ""
    ballot: str = ""             # "Bỏ phiếu kín" / "Biểu quyết công khai"
    recused: int = 0
    agree: int = 0
    disagree: int = 0
    abstain: int = 0
    outcome: str = ""            # "Thông qua" / "Không thông qua"
    reason: str = ""             # "6/7 phiếu đồng ý (85,71% tổng số thành viên), đạt ngưỡng 70%."
    written: int = 0             # written ballots of absent members among the counts
    recusals: tuple[str, ...] = ()  # "Ông/bà … không tham gia biểu quyết: …", one line per recused member
    flags: tuple[str, ...] = ()     # the red flags the members were shown (AgendaItem.flags_seen), one sentence each
    field_checks: tuple[str, ...] = ()  # the field checks (thẩm tra thực tế) of the dossier, one line each


@dataclass(frozen=True)
class MinutesData:
    organ_name: str              # "ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU"
    council_name: str            # "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"
    place_name: str
    meeting_date: date
    title: str                   # the session's title
    authority_name: str          # "Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu"
    members: tuple[MinutesMember, ...] = ()
    items: tuple[MinutesItem, ...] = ()
    rules: tuple[tuple[str, tuple[str, ...]], ...] = ()   # (award type, the rule's sentences)
    closed_at: datetime | None = None
    number: str = ""             # "12/BB-HĐTĐKT"; blank leaves the space to write it by hand
    secretary: str = ""          # the names under the signatures: thư ký, chủ tọa
    chair: str = ""


def render_minutes(data: MinutesData) -> bytes:
    from .engine import _identifier, renderer
    r = renderer()
    present = sum(1 for m in data.members if m.present)
    view = {"place_date": f"{data.place_name}, {day_text(data.meeting_date)}", "present": present,
            "absent": len(data.members) - present,
            "created": datetime.combine(data.meeting_date, datetime.min.time()).strftime("%Y-%m-%dT%H:%M:%S")}
    with r._lock:   # WeasyPrint's font objects are shared with the certificates: one render at a time
        html = r.env.get_template("minutes.html").render(d=data, v=view)
        return r._pdf(html, [r._sheet("decision.css"), r._sheet("minutes.css")], _identifier(repr(data)))
