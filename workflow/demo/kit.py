"""Tools the demo stories share: a timeline that hands out backdated moments in order, a small generated
achievement-report PDF, and helpers that propose a nomination or vote through the real services."""
import textwrap
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from ..models import AgendaItem, AttachmentKind, Nomination, User
from ..rules.calendar import WorkingCalendar
from ..rules.nominees import NomineeKind
from ..rules.prerequisites import Evidence
from ..rules.tally import Choice
from ..services import clock, council, nominations
from ..services.blobs import FileStore
from ..services.nominations import NominationData, NomineeData
from .people import People
from .reference import Reference

STEP = timedelta(minutes=7)


class Timeline:
    """The time the stories act at. Backdated moments are strictly increasing and never in the future,
    because audit events must be appended in chronological order; after `live()` every action happens
    now (the services' own clock), so `now()` answers None and `today` is the clock's today."""

    def __init__(self) -> None:
        self._day: date | None = None
        self._last: datetime | None = None

    def on(self, day: date) -> "Timeline":
        if self._last is not None and day < clock.local_date(self._last):
            raise RuntimeError(f"Dữ liệu mẫu phải ghi theo thứ tự thời gian ({day} trước {self._last}).")
        self._day = day
        return self

    def live(self) -> "Timeline":
        self._day = None
        return self

    @property
    def today(self) -> date:
        return self._day or clock.today()

    def now(self) -> datetime | None:
        """The next moment of the current day (from 08:00 local, 7 minutes apart), or None when live."""
        if self._day is None:
            return None
        opening = datetime.combine(self._day, time(8), tzinfo=clock.LOCAL_TZ).astimezone(UTC).replace(tzinfo=None)
        moment = opening if self._last is None or self._last < opening else self._last + STEP
        if moment >= clock.now():
            raise RuntimeError("Dữ liệu mẫu không được ghi vào thời điểm trong tương lai.")
        self._last = moment
        return moment


@dataclass
class Kit:
    """What every story gets: the session, the reference data, the people, the blob store, the timeline."""

    session: Session
    ref: Reference
    people: People
    store: FileStore
    t: Timeline
    calendar: WorkingCalendar


@dataclass
class Proposal:
    """One nomination as the unit writes it."""

    officer: User
    award: str                 # key of Reference.award_types ("cm.…": Cà Mau's, from 01/07/2025)
    nominee: NomineeData
    summary: str
    period: tuple[date, date]
    letter: tuple[str, date]   # số và ngày Tờ trình
    evidence: Evidence | None = None  # what a title's prerequisites ask the unit to prove


def propose(kit: Kit, proposal: Proposal, *, with_report: bool = True) -> Nomination:
    """Create the draft and attach its achievement report, as the unit officer."""
    letter_no, letter_date = proposal.letter
    award_type = kit.ref.award_types[proposal.award]
    data = NominationData(award_type=award_type, nominee=proposal.nominee,
                          achievement_summary=proposal.summary, period_from=proposal.period[0],
                          period_to=proposal.period[1], letter_no=letter_no, letter_date=letter_date)
    nomination = nominations.create(kit.session, by=proposal.officer, campaign=kit.ref.campaign_of(award_type),
                                    proposing_unit=proposal.officer.unit, data=data, now=kit.t.now())
    if proposal.evidence is not None:
        nominations.edit(kit.session, nomination, by=proposal.officer, expected_version=nomination.version,
                         changes={"evidence": proposal.evidence}, now=kit.t.now())
    if with_report:
        report = "Báo cáo thành tích"
        nominations.add_attachment(kit.session, nomination, by=proposal.officer, store=kit.store,
                                   filename=f"{report}.pdf", data=report_pdf(nomination),
                                   kind=AttachmentKind.ACHIEVEMENT_REPORT, is_public=True, now=kit.t.now(),
                                   document=report if report in award_type.required_documents else "")
        _attach_documents(kit, proposal.officer, nomination, skip=report)
    return nomination


def _attach_documents(kit: Kit, officer: User, nomination: Nomination, *, skip: str) -> None:
    """The award type's other required documents (rules.dossier), one PDF each, so the dossier can be sent."""
    for name in nomination.award_type.required_documents:
        if name != skip:
            kind = AttachmentKind.MINUTES if name.startswith("Biên bản") else AttachmentKind.OTHER
            nominations.add_attachment(kit.session, nomination, by=officer, store=kit.store,
                                       filename=f"{name}.pdf", data=_pdf([_ascii(name.upper())]), kind=kind,
                                       now=kit.t.now(), document=name)


def submit(kit: Kit, proposal: Proposal) -> Nomination:
    nomination = propose(kit, proposal)
    nominations.submit(kit.session, nomination, by=proposal.officer, expected_version=nomination.version,
                       now=kit.t.now())
    return nomination


def accept(kit: Kit, nomination: Nomination, note: str | None = None) -> None:
    secretariat = kit.people.secretariat
    nominations.accept(kit.session, nomination, by=secretariat, expected_version=nomination.version,
                       now=kit.t.now())
    if note:
        nominations.appraise(kit.session, nomination, by=secretariat, body=note, now=kit.t.now(),
                             checklist={item: True for item in _checklist(nomination)})


def _checklist(nomination: Nomination) -> list[str]:
    """What the secretariat ticks: the award type's own checklist, else the usual three points, in words (the
    audit viewer shows them as written)."""
    return nomination.award_type.checklist_items() or [
        "Hồ sơ đủ thành phần", "Đạt tiêu chuẩn theo quy định", "Không trùng với thành tích đã khen"]


def vote(kit: Kit, item: AgendaItem, choices: Iterable[Choice]) -> None:
    """Present, non-recused members vote in council order, one choice each, until `choices` runs out."""
    voters = [m.user for m in item.session.members
              if m.present and council.recusal_reason(item, m.user) is None]
    for member, choice in zip(voters, choices, strict=False):
        council.cast_vote(kit.session, item, by=member, choice=choice, now=kit.t.now())


def individual(name: str, *, position: str, workplace: str, gender: str, born: date,
               works_in_production: bool = False) -> NomineeData:
    return NomineeData(kind=NomineeKind.INDIVIDUAL, full_name=name, position=position, workplace=workplace,
                       gender=gender, birth_date=born, works_in_production=works_in_production)


def household(name: str, workplace: str) -> NomineeData:
    """A household (hộ gia đình), named after its head, farming where it lives."""
    return NomineeData(kind=NomineeKind.HOUSEHOLD, full_name=name, workplace=workplace, works_in_production=True)


def collective(kit: Kit, unit_code: str) -> NomineeData:
    """A commune as a collective: the nominee is the unit of the tree itself, placed in the tree as it stands
    on the story's day (huyện Vĩnh Lợi, tỉnh Bạc Liêu before 01/07/2025; tỉnh Cà Mau after)."""
    unit = kit.ref.unit(unit_code)
    return NomineeData(kind=NomineeKind.COLLECTIVE, unit_id=unit.id,
                       full_name=f"Nhân dân và cán bộ {_in_sentence(unit.name)}",
                       workplace=", ".join(_in_sentence(u.name) for u in unit.ancestors_on(kit.t.today)))


def _in_sentence(name: str) -> str:
    """A unit's name as written mid-sentence: Huyện Vĩnh Lợi → huyện Vĩnh Lợi."""
    return name[0].lower() + name[1:]


def working_days_before(calendar: WorkingCalendar, day: date, n: int) -> date:
    """The n-th working day before `day`."""
    while n:
        day -= timedelta(days=1)
        n -= calendar.is_working_day(day)
    return day


def report_pdf(nomination: Nomination) -> bytes:
    """A one-page PDF 1.4 of the achievement report, with a correct cross-reference table. The built-in
    Helvetica font has no Vietnamese letters, so the text is written without diacritics."""
    nominee = nomination.nominee
    lines = ["BAO CAO THANH TICH", "", f"De nghi: {nomination.award_type.name}", f"Doi tuong: {nominee.full_name}"]
    lines += [f"Don vi de nghi: {nomination.proposing_unit.name}", f"To trinh so: {nomination.letter_no}", ""]
    lines += textwrap.wrap(nomination.achievement_summary, 90)
    return _pdf([_ascii(line) for line in lines])


_PUNCTUATION = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "đ": "d", "Đ": "D"})


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_PUNCTUATION))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.encode("ascii", "replace").decode().replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF of plain lines (accents dropped: the built-in font has none), e.g. a field check's minutes."""
    return _pdf([_ascii(line) for line in lines])


def _pdf(lines: list[str]) -> bytes:
    text = "\n".join(f"({line}) Tj T*" for line in lines)
    content = f"BT /F1 11 Tf 14 TL 56 780 Td\n{text}\nET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
         b"/Contents 5 0 R >>"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
