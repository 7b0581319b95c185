"""One nomination walked from draft to awarded, then revoked, only through the staff screens, as the people
who use them would: the unit officer (/unit), the secretariat (/secretariat), the council members (/council)
and the chairperson who signs (/authority), with a citizen's comment on the public notice in between.

Every step opens a page, finds the form a person would use on it, fills only the fields that form has and
presses its button (CSRF on, the token read from that very form). Each step then checks what the person
sees (the flash message, the state label) and what the database holds, and that exactly one audit event
was written per action, in the order the actions happened.
"""
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import timedelta
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from pypdf import PdfReader
from sqlalchemy import func, select

from tests import factories
from tests.factories import PDF
from tests.web.conftest import Browser
from workflow.models import (AgendaItem, Attachment, AuditEvent, Ballot, Certificate, CouncilSession, Decision,
                             DecisionDraft, DecisionLine, Nomination, NominationRevision, PublicComment, PublicNotice,
                             Review)
from workflow.rules.permissions import Grant, Role
from workflow.rules.states import STATE_LABELS, State
from workflow.services import audit, clock, users
from workflow.services.calendar import working_calendar

NAME = "Nhân dân và cán bộ xã Vĩnh Hưng A"
SUMMARY = "Đã hoàn thành 19/19 tiêu chí xã nông thôn mới nâng cao; thu nhập bình quân đạt 72 triệu đồng/người/năm."
ADDED = " Đã bổ sung số liệu được Cục Thống kê xác nhận."
RETURN_REASON = "Số liệu thu nhập bình quân chưa có xác nhận của cơ quan thống kê; đề nghị bổ sung."
COMMENT = "Đề nghị làm rõ số liệu thu nhập bình quân 72 triệu đồng/người/năm của xã."
ANSWER = "Số liệu thu nhập bình quân năm 2024 đã được Chi cục Thống kê huyện Vĩnh Lợi xác nhận."
REVOKE_REASON = "Phát hiện kê khai sai số liệu thu nhập bình quân năm 2024."


# --- a small browser: pages, their forms and links ------------------------------------------------------------

@dataclass
class Control:
    tag: str          # input, select, textarea, button
    type: str         # hidden, text, date, checkbox, radio, submit, file, select, textarea, …
    name: str
    value: str = ""
    checked: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # a select's (value, selected)
    label: str = ""   # a button's caption

    @property
    def is_button(self) -> bool:
        return self.tag == "button" or self.type in ("submit", "image", "reset", "button")


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    id: str | None
    controls: list[Control] = field(default_factory=list)

    def control_names(self) -> set[str]:
        return {c.name for c in self.controls if c.name and not c.is_button}

    def choices(self, name: str) -> list[str] | None:
        """What a person can pick for `name` (a select's options, a group's boxes), or None for free text."""
        picks: list[str] = []
        for c in self.controls:
            if c.name != name:
                continue
            if c.tag == "select":
                picks += [value for value, _ in c.options]
            elif c.type in ("checkbox", "radio"):
                picks.append(c.value)
            else:
                return None
        return picks

    def buttons(self) -> list[Control]:
        return [c for c in self.controls if c.is_button and c.type != "reset"]

    def payload(self, typed: dict, button: str | None) -> dict:
        """What the browser sends: the form's own values, with `typed` replacing what the person changed,
        and the pressed button's name and value when it has a name."""
        data: dict[str, list] = {}
        for c in self.controls:
            if not c.name or c.is_button or c.type == "file":
                continue
            if c.type in ("checkbox", "radio"):
                if c.checked:
                    data.setdefault(c.name, []).append(c.value)
            elif c.tag == "select":
                chosen = [value for value, selected in c.options if selected]
                if not chosen and c.options and c.type == "select":
                    chosen = [c.options[0][0]]  # a browser sends the first option when none is selected
                data.setdefault(c.name, []).extend(chosen)
            else:
                data.setdefault(c.name, []).append(c.value)
        for name, value in typed.items():
            assert name in self.control_names(), f"the form has no field {name!r}: {sorted(self.control_names())}"
            kinds = {c.type for c in self.controls if c.name == name}
            assert "hidden" not in kinds, f"{name!r} is a hidden field: a person cannot type into it"
            values = value if isinstance(value, list) else [value]
            allowed = self.choices(name)
            if allowed is not None:
                for v in values:
                    assert v in allowed, f"{v!r} is not among the choices of {name!r}: {allowed}"
            data[name] = values
        pressed = self.button(button)
        if pressed.name:
            data[pressed.name] = [pressed.value]
        return {name: values[0] if len(values) == 1 else values for name, values in data.items()}

    def button(self, caption: str | None) -> Control:
        buttons = self.buttons()
        if caption is None:
            assert len(buttons) == 1, f"which button? {[b.label for b in buttons]}"
            return buttons[0]
        found = [b for b in buttons if caption in b.label]
        assert len(found) == 1, f"no single button «{caption}» among {[b.label for b in buttons]}"
        return found[0]


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.by_id: dict[str, Form] = {}
        self.owned: list[tuple[str, Control]] = []  # controls placed outside their form (form="id")
        self.form: Form | None = None
        self.select: Control | None = None
        self.option: list | None = None
        self.text_of: Control | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: ("" if v is None else v) for k, v in attrs}
        if tag == "form":
            self.form = Form(action=a.get("action", ""), method=a.get("method", "get").lower(),
                             enctype=a.get("enctype", ""), id=a.get("id"))
            self.forms.append(self.form)
            if self.form.id:
                self.by_id[self.form.id] = self.form
        elif tag == "input":
            kind = a.get("type", "text").lower()
            default = "on" if kind in ("checkbox", "radio") else ""
            self._add(Control("input", kind, a.get("name", ""), a.get("value", default), "checked" in a,
                              label=a.get("value", "")), a)
        elif tag == "textarea":
            self.text_of = Control("textarea", "textarea", a.get("name", ""))
            self._add(self.text_of, a)
        elif tag == "select":
            self.select = Control("select", "select-multiple" if "multiple" in a else "select", a.get("name", ""))
            self._add(self.select, a)
        elif tag == "option" and self.select is not None:
            self.option = [a.get("value"), "selected" in a, ""]
        elif tag == "button":
            self.text_of = Control("button", a.get("type", "submit").lower(), a.get("name", ""), a.get("value", ""))
            self._add(self.text_of, a)

    def handle_data(self, data):
        if self.option is not None:
            self.option[2] += data
        elif self.text_of is not None:
            if self.text_of.tag == "textarea":
                self.text_of.value += data
            else:
                self.text_of.label += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "option" and self.option is not None:
            value, selected, text = self.option
            self.select.options.append((text.strip() if value is None else value, selected))
            self.option = None
        elif tag == "select":
            self.select = None
        elif tag in ("textarea", "button") and self.text_of is not None:
            if tag == "textarea":  # a browser drops the newline right after <textarea>
                self.text_of.value = self.text_of.value.removeprefix("\r\n").removeprefix("\n")
            else:
                self.text_of.label = " ".join(self.text_of.label.split())
            self.text_of = None

    def _add(self, control: Control, attrs: dict) -> None:
        if attrs.get("form"):
            self.owned.append((attrs["form"], control))
        elif self.form is not None:
            self.form.controls.append(control)

    def result(self) -> list[Form]:
        for form_id, control in self.owned:
            self.by_id[form_id].controls.append(control)
        return self.forms


def visible(markup: str) -> str:
    """The text a person reads: no tags, scripts or entities, whitespace collapsed."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.DOTALL)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", markup)).split())


class Page:
    """A page as the browser got it."""

    def __init__(self, browser, url: str, response):
        self.browser, self.url, self.response = browser, url, response
        self.status = response.status_code
        self.html = response.get_data(as_text=True)
        assert "Traceback" not in self.html
        self.text = visible(self.html)

    def __contains__(self, words: str) -> bool:
        return words in self.text

    def section(self, labelled_by: str) -> str:
        """The visible text of the <section aria-labelledby=…>."""
        start = self.html.index(f'aria-labelledby="{labelled_by}"')
        return visible(self.html[start:self.html.index("</section>", start)])

    def forms(self) -> list[Form]:
        parser = _FormParser()
        parser.feed(self.html)
        forms = parser.result()
        for form in forms:
            form.action = urlsplit(urljoin("http://localhost" + self.url, form.action or self.url))._replace(
                scheme="", netloc="").geturl()
        return [f for f in forms if f.method == "post" and not f.action.startswith("/logout")]

    def form(self, action: str | None = None) -> Form:
        """The one POST form (besides signing out) that posts to `action` (a path, or its start)."""
        found = [f for f in self.forms() if action is None or urlsplit(f.action).path == action
                 or f.action.startswith(action)]
        assert len(found) == 1, f"{len(found)} forms posting to {action} on {self.url}: {[f.action for f in found]}"
        return found[0]

    def links(self, text: str | None = None, href: str | None = None) -> list[str]:
        found = []
        for attrs, inner in re.findall(r"<a\b([^>]*)>(.*?)</a>", self.html, re.DOTALL):
            target = re.search(r'href="([^"]*)"', attrs)
            if not target:
                continue
            url = unescape(target.group(1))
            if (text is None or text in visible(inner)) and (href is None or href in url):
                found.append(url)
        return found

    def follow(self, text: str | None = None, *, href: str | None = None) -> "Page":
        """Click the link reading `text` (and/or going to `href`)."""
        found = self.links(text, href)
        assert found, f"no link «{text}» {href or ''} on {self.url}"
        return open_page(self.browser, found[0])

    def submit(self, action: str | None = None, typed: dict | None = None, button: str | None = None):
        """Fill the form's fields a person changes (`typed`), press `button`; the raw response."""
        form = self.form(action)
        data = form.payload(typed or {}, button)
        assert "csrf_token" in data, "the form carries no CSRF token"
        extra = {"content_type": "multipart/form-data"} if form.enctype == "multipart/form-data" else {}
        return self.browser.client.post(form.action, data=data, **extra)

    def act(self, action: str | None = None, typed: dict | None = None, button: str | None = None) -> "Page":
        """Submit, expect the post/redirect/get answer, and land on the page it leads to."""
        response = self.submit(action, typed, button)
        assert response.status_code in (302, 303), (response.status_code, visible(response.get_data(as_text=True))[:600])
        return open_page(self.browser, response.headers["Location"])

    def then(self, action: str | None = None, typed: dict | None = None, button: str | None = None) -> "Page":
        """Submit a step that answers with a page of its own (a preview), not a redirect."""
        response = self.submit(action, typed, button)
        page = Page(self.browser, self.form(action).action, response)
        assert page.status == 200, (page.status, page.text[:600])
        return page


def open_page(browser, url: str, status: int = 200) -> Page:
    path = urlsplit(url)._replace(scheme="", netloc="").geturl()
    page = Page(browser, path, browser.get(path))
    assert page.status == status, (url, page.status, page.text[:600])
    return page


class AuditTrail:
    """The events written since the last look: exactly the ones each action should write, in order."""

    def __init__(self, session):
        self.session = session
        self.seen = session.scalar(select(func.max(AuditEvent.id))) or 0
        self.all: list[str] = []

    def expect(self, *actions: str, actor=None) -> list[AuditEvent]:
        events = self.session.scalars(select(AuditEvent).where(AuditEvent.id > self.seen)
                                      .order_by(AuditEvent.id)).all()
        assert [e.action for e in events] == list(actions)
        if actor is not None:
            assert {e.actor_id for e in events} <= {actor.id}
        if events:
            self.seen = events[-1].id
        self.all += actions
        return events


def badge(page: Page) -> str:
    """The state label the page shows in its badge (the first one: the nomination's own)."""
    found = re.search(r'<span class="badge state-(\w+)">([^<]*)</span>', page.html)
    assert found, f"no state badge on {page.url}"
    assert found.group(2) == STATE_LABELS[State(found.group(1))]
    return found.group(2)


def count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


# --- the journey ----------------------------------------------------------------------------------------------

def test_a_nomination_from_draft_to_awarded_and_revoked_through_the_staff_screens(app, session, world, signed_in):
    trail = AuditTrail(session)
    officer, sec = signed_in(world.officer_a), signed_in(world.secretariat)
    chair = signed_in(world.chair)

    # 1. The unit officer drafts a collective nomination, attaches the achievement report and submits it.
    form_page = open_page(officer, "/unit/").follow("Lập hồ sơ mới")
    assert form_page.url == "/unit/nominations/new" and "Lập hồ sơ đề nghị khen thưởng mới" in form_page
    page = form_page.act(typed={
        "campaign": str(world.campaign.id), "award_type": str(world.bang_khen.id), "kind": "collective",
        "collective_unit": str(world.commune.id), "collective_name": NAME,
        "collective_line": "huyện Vĩnh Lợi, tỉnh Bạc Liêu", "period_from": "2021-01-01", "period_to": "2024-12-31",
        "achievement_summary": SUMMARY, "letter_no": "15/TTr-UBND", "letter_date": "2025-02-20"})
    nomination = session.scalars(select(Nomination)).one()
    nid = nomination.id
    assert page.url == f"/unit/nominations/{nid}"
    assert f"Đã lập hồ sơ «{NAME}» (bản nháp)." in page and badge(page) == "Bản nháp" and "Chưa có tệp nào" in page
    assert (nomination.state, nomination.version, nomination.revision) == (State.DRAFT, 1, 1)
    assert nomination.proposing_unit_id == world.district_a.id and nomination.award_type_id == world.bang_khen.id
    assert (nomination.nominee.kind, nomination.nominee.full_name, nomination.nominee.unit_id) == (
        "collective", NAME, world.commune.id)
    trail.expect("create", actor=world.officer_a)

    page = page.act(f"/unit/nominations/{nid}/attachments", {
        "kind": "achievement_report", "is_public": "y", "file": (io.BytesIO(PDF), "Báo cáo thành tích.pdf")})
    assert "Đã đính kèm tệp «Báo cáo thành tích.pdf»." in page and "Báo cáo thành tích.pdf" in page
    attachment = session.scalars(select(Attachment)).one()
    assert (attachment.nomination_id, attachment.kind, attachment.content_type, attachment.is_public) == (
        nid, "achievement_report", "application/pdf", True)
    assert attachment.size == len(PDF)
    trail.expect("add_attachment", actor=world.officer_a)

    confirm = page.follow("Gửi hồ sơ", href=f"/unit/nominations/{nid}/submit")
    assert "Xác nhận gửi hồ sơ" in confirm and "lần gửi thứ 1" in confirm and SUMMARY in confirm
    assert session.get(Nomination, nid).state == State.DRAFT  # looking at the confirmation changes nothing
    version = session.get(Nomination, nid).version
    page = confirm.act()
    assert "Đã gửi hồ sơ (lần gửi thứ 1) đến cơ quan thường trực thi đua – khen thưởng." in page
    assert badge(page) == "Đã gửi" and f"/unit/nominations/{nid}/edit" not in page.html
    nomination = session.get(Nomination, nid)
    assert (nomination.state, nomination.revision, nomination.version) == (State.SUBMITTED, 1, version + 1)
    assert nomination.submitted_at is not None
    assert [r.revision for r in session.scalars(select(NominationRevision).where(
        NominationRevision.nomination_id == nid))] == [1]
    trail.expect("submit", actor=world.officer_a)

    # 2. The secretariat returns it with a reason; the officer reads it, edits and resubmits (revision 2).
    intake = open_page(sec, "/secretariat/intake")
    assert NAME in intake and "Huyện Vĩnh Lợi" in intake
    return_page = intake.follow("Trả lại để bổ sung", href=f"/secretariat/nominations/{nid}/return")
    assert "Trả lại hồ sơ để bổ sung" in return_page and NAME in return_page
    page = return_page.act(typed={"reason": RETURN_REASON})
    assert f"Đã trả lại hồ sơ «{NAME}» để đơn vị bổ sung." in page and RETURN_REASON in page
    assert badge(page) == "Trả lại để bổ sung"
    nomination = session.get(Nomination, nid)
    assert (nomination.state, nomination.return_reason, nomination.version) == (
        State.RETURNED, RETURN_REASON, version + 2)
    trail.expect("return", actor=world.secretariat)

    page = open_page(officer, f"/unit/nominations/{nid}")
    alert = re.search(r'<div class="alert" role="alert">(.*?)</div>', page.html, re.DOTALL)
    assert alert, "the reason is not shown prominently"
    alert = visible(alert.group(1))
    assert "Hồ sơ bị trả lại để bổ sung" in alert and RETURN_REASON in alert and "lần gửi thứ 2" in alert
    assert badge(page) == "Trả lại để bổ sung"

    edit = page.follow("Sửa hồ sơ", href=f"/unit/nominations/{nid}/edit")
    assert f"Sửa hồ sơ: {NAME}" in edit and SUMMARY in edit.html
    page = edit.act(typed={"achievement_summary": SUMMARY + ADDED, "letter_no": "16/TTr-UBND"})
    assert "Đã lưu 2 thay đổi của hồ sơ." in page and SUMMARY + ADDED in page
    nomination = session.get(Nomination, nid)
    assert (nomination.achievement_summary, nomination.letter_no, nomination.state) == (
        SUMMARY + ADDED, "16/TTr-UBND", State.RETURNED)
    assert sorted(trail.expect("edit", actor=world.officer_a)[0].changes) == ["achievement_summary", "letter_no"]

    confirm = page.follow("Gửi lại hồ sơ", href=f"/unit/nominations/{nid}/submit")
    assert "Xác nhận gửi lại hồ sơ" in confirm and "lần gửi thứ 2" in confirm
    page = confirm.act()
    assert "Đã gửi hồ sơ (lần gửi thứ 2)" in page and "Lần gửi thứ 2" in page and badge(page) == "Đã gửi"
    assert 'role="alert"' not in page.html  # the reason stays in the timeline only
    nomination = session.get(Nomination, nid)
    assert (nomination.state, nomination.revision, nomination.return_reason) == (State.SUBMITTED, 2, None)
    revisions = session.scalars(select(NominationRevision).where(NominationRevision.nomination_id == nid)
                                .order_by(NominationRevision.revision)).all()
    assert [r.revision for r in revisions] == [1, 2]
    assert (revisions[0].snapshot["achievement_summary"], revisions[1].snapshot["achievement_summary"]) == (
        SUMMARY, SUMMARY + ADDED)
    trail.expect("resubmit", actor=world.officer_a)

    intake = open_page(sec, "/secretariat/intake")
    assert NAME in intake and "2 gửi lại" in intake  # the second submission is marked in the queue
    page = intake.follow(NAME, href=f"/secretariat/nominations/{nid}")
    diff = page.section("diff-h")
    assert "Thay đổi khi gửi lại: lần 1 → lần 2" in diff
    # word by word (issue 13): the summary only gained a sentence, so nothing of it is struck and only the
    # sentence is marked as new; the letter's number is one word, struck and replaced
    for label, struck_words, added_words in (("Tóm tắt thành tích", [], [f"Mới: {ADDED.strip()}"]),
                                             ("Số Tờ trình", ["Cũ: 15/TTr-UBND"], ["Mới: 16/TTr-UBND"])):
        row = re.search(rf'<th scope="row">{label}</th>(.*?)</tr>', page.html, re.DOTALL)
        assert row, label
        struck = re.findall(r'<del class="diff-old">(.*?)</del>', row.group(1), re.DOTALL)
        added = re.findall(r'<ins class="diff-new">(.*?)</ins>', row.group(1), re.DOTALL)
        assert ([visible(w) for w in struck], [visible(w) for w in added]) == (struck_words, added_words), label
    summary_row = re.search(r'<th scope="row">Tóm tắt thành tích</th>(.*?)</tr>', page.html, re.DOTALL).group(1)
    assert visible(summary_row).count(SUMMARY) == 2  # the text itself is still there, on both sides
    assert "Thành tích từ ngày" not in diff and "Tệp đính kèm" not in diff  # unchanged fields are not listed

    version = session.get(Nomination, nid).version
    confirm = page.follow("Tiếp nhận", href=f"/secretariat/nominations/{nid}/accept")  # a confirmation step
    assert "Xác nhận: Tiếp nhận" in confirm and session.get(Nomination, nid).state == State.SUBMITTED
    page = confirm.act(f"/secretariat/nominations/{nid}/accept")
    assert f"Đã tiếp nhận hồ sơ «{NAME}»; hồ sơ chuyển sang thẩm định." in page and badge(page) == "Đang thẩm định"
    nomination = session.get(Nomination, nid)
    assert (nomination.state, nomination.version) == (State.IN_APPRAISAL, version + 1)
    trail.expect("accept", actor=world.secretariat)

    appraisal = page.follow("Ghi ý kiến thẩm định", href=f"/secretariat/nominations/{nid}/appraisal")
    note = "Hồ sơ đủ thành phần; thành tích đạt tiêu chuẩn Bằng khen của Chủ tịch UBND tỉnh."
    checks = {c.name: "y" for c in appraisal.form().controls if c.type == "checkbox"}  # one box per item
    assert len(checks) == 4 and "Không trùng lặp với thành tích đã được khen thưởng" in appraisal
    page = appraisal.act(typed={"body": note} | checks)
    assert "Đã ghi ý kiến thẩm định." in page and note in page
    review = session.scalars(select(Review)).one()
    assert (review.nomination_id, review.body, all(review.checklist.values())) == (nid, note, True)
    trail.expect("appraise", actor=world.secretariat)

    # 3. A public notice: the form, a preview with the computed end date, then open.
    page = open_page(sec, f"/secretariat/nominations/{nid}")
    notice_form = page.follow("Công khai lấy ý kiến", href="/secretariat/notices/new")
    assert "Mở thông báo công khai lấy ý kiến" in notice_form and NAME in notice_form
    assert "Tối thiểu 10 ngày làm việc" in notice_form
    today = clock.today()
    expected_end = working_calendar(session).add_working_days(today, 10)
    weekdays = sum((today + timedelta(days=d)).weekday() < 5 for d in range(1, (expected_end - today).days + 1))
    assert weekdays >= 10 and expected_end.weekday() < 5  # ten working days, weekends not counted
    preview = notice_form.then("/secretariat/notices/new", button="Xem trước")
    assert "Xác nhận: Công khai lấy ý kiến" in preview
    assert f"hết ngày {expected_end:%d/%m/%Y}" in preview and f"{today:%d/%m/%Y} (hôm nay)" in preview
    assert "hạn cuối không thể rút ngắn" in preview
    assert count(session, PublicNotice) == 0 and session.get(Nomination, nid).state == State.IN_APPRAISAL
    trail.expect()  # a preview writes nothing

    version = session.get(Nomination, nid).version
    page = preview.act("/secretariat/notices/new", button="Công khai lấy ý kiến")
    assert f"Đã mở thông báo công khai; nhận ý kiến đến hết ngày {expected_end:%d/%m/%Y}." in page
    assert f"đến hết ngày {expected_end:%d/%m/%Y} (10 ngày làm việc)" in page and "Đang nhận ý kiến" in page
    assert badge(page) == "Đang công khai lấy ý kiến"
    notice = session.scalars(select(PublicNotice)).one()
    assert (notice.start_date, notice.end_date, notice.working_days) == (today, expected_end, 10)
    assert [item.nomination_id for item in notice.items] == [nid]
    nomination = session.get(Nomination, nid)
    assert (nomination.state, nomination.version) == (State.IN_PUBLIC_NOTICE, version + 1)
    trail.expect("open_notice", actor=world.secretariat)

    # A citizen comments on the public notice, and the secretariat answers (skipped if the public form is missing).
    comment = citizen_comment_answered(app, session, world, sec, trail, notice, nid, expected_end)

    # 4. Time passes beyond the window; a council session, attendance, and the nomination on its agenda.
    clock.advance(days=max(30, (expected_end - clock.today()).days + 1))
    assert clock.today() > expected_end
    assert "Đã hết hạn nhận ý kiến" in open_page(sec, f"/secretariat/notices/{notice.id}")

    session_form = open_page(sec, "/secretariat/sessions/new")
    assert "Lập phiên họp Hội đồng" in session_form
    page = session_form.act(typed={"title": "Phiên họp xét khen thưởng phong trào nông thôn mới"})
    meeting = session.scalars(select(CouncilSession)).one()
    assert page.url == f"/secretariat/sessions/{meeting.id}"
    assert "Đã lập phiên họp; mời ghi điểm danh và đưa hồ sơ vào chương trình họp." in page
    assert "Có mặt 0/7 thành viên." in page and "Chương trình họp chưa có hồ sơ nào." in page
    assert (meeting.meeting_date, meeting.status, len(meeting.members)) == (clock.today(), "open", 7)
    trail.expect("create_session", actor=world.secretariat)

    everyone = [str(m.id) for m in world.members]
    page = page.act(f"/secretariat/sessions/{meeting.id}/attendance", {"present": everyone})
    assert "Đã lưu điểm danh: 7/7 thành viên có mặt." in page and "Có mặt 7/7 thành viên." in page
    assert all(m.present for m in session.get(CouncilSession, meeting.id).members)
    trail.expect("record_attendance", actor=world.secretariat)

    candidates = page.follow("Đưa hồ sơ vào chương trình họp")
    assert NAME in candidates and f"đến hết {expected_end:%d/%m/%Y}" in candidates
    version = session.get(Nomination, nid).version
    page = candidates.act(f"/secretariat/sessions/{meeting.id}/agenda")
    assert f"Đã trình Hội đồng hồ sơ «{NAME}»." in page and "đã có 1 hồ sơ trong chương trình" in page
    nomination = session.get(Nomination, nid)
    assert (nomination.state, nomination.version) == (State.IN_COUNCIL, version + 1)
    assert count(session, AgendaItem) == 1
    item = session.scalars(select(AgendaItem)).one()
    assert (item.session_id, item.nomination_id, item.position, item.ballot) == (meeting.id, nid, 1, "secret")
    trail.expect("to_council", actor=world.secretariat)

    # 5. The members vote; the member from the proposing unit is recused and sees why.
    recused = open_page(signed_in(world.members[0]), f"/council/sessions/{meeting.id}")
    assert NAME in recused and "Bạn không bỏ phiếu hồ sơ này." in recused
    assert "Thành viên thuộc đơn vị đề nghị khen thưởng nên không tham gia biểu quyết hồ sơ này." in recused
    assert 'name="choice"' not in recused.html and not recused.forms()

    choices = {member.id: "agree" for member in world.members[1:6]} | {world.members[6].id: "abstain"}
    for n, member in enumerate(world.members[1:], start=1):
        voter = signed_in(member)
        sheet = open_page(voter, "/council/").follow(meeting.title)
        assert f"1. {NAME}" in sheet and SUMMARY + ADDED in sheet and note in sheet  # the summary sheet
        if comment:  # the citizen's comment and its answer, without the commenter's contact data
            assert comment.receipt_code in sheet and ANSWER in sheet and "0912 345 678" not in sheet
        assert "Bỏ phiếu kín" in sheet and f"{n - 1}/6 đã bỏ phiếu" in sheet  # participation, never the counts
        page = sheet.act(f"/council/items/{item.id}/vote", {"choice": choices[member.id]})
        assert "Phiếu biểu quyết của bạn đã được ghi nhận." in page and "Bạn đã bỏ phiếu." in page
        assert "không lưu lựa chọn của bạn" in page and 'name="choice"' not in page.html
        trail.expect("vote", actor=member)
    item = session.get(AgendaItem, item.id)
    assert (item.agree, item.disagree, item.abstain, item.result) == (5, 0, 1, "pending")
    ballots = session.scalars(select(Ballot).where(Ballot.item_id == item.id)).all()
    assert {b.user_id for b in ballots} == {m.id for m in world.members[1:]}
    assert {b.choice for b in ballots} == {None}  # a secret ballot keeps who took part, never who chose what

    close = open_page(sec, f"/secretariat/sessions/{meeting.id}").follow("Kết thúc phiên họp và kiểm phiếu")
    assert "Xác nhận: Kết thúc phiên họp và kiểm phiếu" in close
    # a secret ballot: before closing, participation only; closing reveals the counts and the outcome
    assert "6/6 đã bỏ phiếu" in close and "Đang trình Hội đồng → kết quả được công bố khi kết thúc phiên họp" in close
    assert "5 / 0 / 1" not in close and "Hội đồng đề nghị khen thưởng" not in close
    assert session.get(CouncilSession, meeting.id).status == "open"
    trail.expect()
    page = close.act(f"/secretariat/sessions/{meeting.id}/close")
    assert "Đã kết thúc phiên họp và kiểm phiếu." in page and "Kết quả kiểm phiếu" in page
    assert "5 / 0 / 1" in page and "Có mặt 7/7, không tham gia do liên quan: 1" in page
    assert "Đạt" in page and "5/6 phiếu đồng ý" in page and "Hồ sơ hiện: Hội đồng đề nghị khen thưởng" in page
    item = session.get(AgendaItem, item.id)
    assert (item.result, item.members_count, item.present_count, item.recused_count) == ("passed", 7, 7, 1)
    assert session.get(CouncilSession, meeting.id).status == "closed"
    assert session.get(Nomination, nid).state == State.ENDORSED
    trail.expect("close_session", "tally", actor=world.secretariat)

    tally = open_page(signed_in(world.members[1]), f"/council/sessions/{meeting.id}")
    assert "Kết quả kiểm phiếu hồ sơ số 1" in tally and "Thông qua" in tally
    assert "Ngưỡng thông qua: từ 70% số phiếu đồng ý trở lên" in tally and "tổng số thành viên Hội đồng" in tally
    assert "Xem biên bản phiên họp" in tally

    # 6. The secretariat prepares the decision draft; the chairperson reviews and issues it.
    draft_form = page.follow("Lập dự thảo quyết định")
    assert NAME in draft_form and world.signer.full_name in draft_form
    proposal = "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV."
    page = draft_form.act(typed={"nominations": str(nid), "proposal": proposal})
    assert "Đã lập dự thảo quyết định và chuyển lãnh đạo xem xét ký ban hành." in page
    assert "Chờ lãnh đạo ký ban hành (chưa cấp số)" in page and "4.680.000 đ" in page
    draft = session.scalars(select(DecisionDraft)).one()
    assert ([n.id for n in draft.nominations], draft.status, draft.decision_date, draft.signer_id) == (
        [nid], "open", clock.today(), world.signer.id)
    assert count(session, Decision) == 0
    trail.expect("prepare_decision", actor=world.secretariat)

    draft_page = open_page(chair, "/authority/").follow(draft.title, href=f"/authority/drafts/{draft.id}")
    assert "Số quyết định (dự kiến) 1/QĐ-UBND" in draft_page and NAME in draft_page
    assert "4.680.000 đ" in draft_page and "2 × 2.340.000 đ = 4.680.000 đ" in draft_page
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in draft_page and proposal in draft_page
    assert world.signer.full_name in draft_page and count(session, Decision) == 0
    issue = draft_page.follow("Xem lại và ban hành quyết định")
    assert "Xác nhận ban hành quyết định" in issue and "Quyết định số 1/QĐ-UBND" in issue
    assert f"ngày {clock.today():%d/%m/%Y}" in issue and "Tổng tiền thưởng 4.680.000 đ" in issue
    assert count(session, Decision) == 0 and session.get(Nomination, nid).state == State.ENDORSED
    trail.expect()

    version = session.get(Nomination, nid).version
    decision_page = issue.act(f"/authority/drafts/{draft.id}/issue")
    assert "Đã ban hành Quyết định số 1/QĐ-UBND và" in decision_page and badge(decision_page) == "Đã khen thưởng"
    decision = session.scalars(select(Decision)).one()
    line = session.scalars(select(DecisionLine)).one()
    certificate = session.scalars(select(Certificate)).one()
    assert (decision.number, decision.decision_date, decision.proposal) == ("1/QĐ-UBND", clock.today(), proposal)
    assert (line.decision_id, line.nomination_id, line.recipient_name) == (decision.id, nid, NAME)
    assert (line.coefficient, line.base_salary, line.prize_amount) == (2, 2_340_000, 4_680_000)
    assert certificate.decision_line_id == line.id and certificate.golden_book_no == 1
    assert certificate.verify_code and not certificate.revoked
    assert certificate.verify_code in decision_page and "4.680.000 đ" in decision_page
    assert "2 × 2.340.000 đ" in decision_page  # the coefficient with no ".00" beside dot-grouped thousands
    nomination = session.get(Nomination, nid)
    assert (nomination.state, nomination.version) == (State.AWARDED, version + 1)
    assert session.get(DecisionDraft, draft.id).status == "issued"
    trail.expect("decide", "issue_pdf", "issue_pdf", actor=world.chair)  # the certificate's and the decision's files
    # the signed certificate downloads from the decision page, with the recipient's name exactly as written
    href = f"/authority/certificates/{certificate.id}.pdf"
    assert href in decision_page.html
    pdf = chair.get(href)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert hashlib.sha256(pdf.data).hexdigest() == session.get(Certificate, certificate.id).pdf_sha256
    assert NAME in " ".join(PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text().split())
    assert badge(open_page(officer, f"/unit/nominations/{nid}")) == "Đã khen thưởng"

    # 7. The chairperson revokes it: reason and the revoking decision's number, on the confirmation page.
    revoke = decision_page.follow(href=f"/authority/nominations/{nid}/revoke")
    assert "Thu hồi khen thưởng" in revoke and certificate.verify_code in revoke
    assert "Thao tác này không hoàn tác được." in revoke and session.get(Nomination, nid).state == State.AWARDED
    page = revoke.act(typed={"revoking_decision_no": "45/QĐ-UBND", "reason": REVOKE_REASON})
    assert f"Đã thu hồi khen thưởng của «{NAME}»." in page and badge(page) == "Đã thu hồi"
    assert f"Thu hồi theo Quyết định số 45/QĐ-UBND: {REVOKE_REASON}" in page
    nomination = session.get(Nomination, nid)
    assert (nomination.state, nomination.revocation_reason, nomination.revoking_decision_no) == (
        State.REVOKED, REVOKE_REASON, "45/QĐ-UBND")
    certificate = session.get(Certificate, certificate.id)
    assert (certificate.revoked, certificate.revocation_reason, certificate.revoking_decision_no) == (
        True, REVOKE_REASON, "45/QĐ-UBND")
    assert certificate.revoked_at is not None
    trail.expect("revoke", actor=world.chair)

    page = open_page(officer, f"/unit/nominations/{nid}")
    assert "Khen thưởng đã bị thu hồi" in page and REVOKE_REASON in page and badge(page) == "Đã thu hồi"
    assert "Quyết định thu hồi số 45/QĐ-UBND." in page
    timeline = page.text[page.text.index("Diễn biến hồ sơ"):]
    steps = ["Tạo hồ sơ", "Gửi hồ sơ", "Trả lại để bổ sung", "Gửi lại hồ sơ", "Tiếp nhận", "Công khai lấy ý kiến",
             "Trình Hội đồng", "Kiểm phiếu", "Quyết định khen thưởng", "Thu hồi"]
    positions = [timeline.index(step) for step in steps]
    assert positions == sorted(positions)

    # The whole trail: one event per action, in order, and the hash chain intact.
    commented = ["receive_comment", "classify_comment", "answer_comment"] if comment else []
    assert trail.all == [
        "create", "add_attachment", "submit", "return", "edit", "resubmit", "accept", "appraise", "open_notice",
        *commented, "create_session", "record_attendance", "to_council", *["vote"] * 6, "close_session", "tally",
        "prepare_decision", "decide", "issue_pdf", "issue_pdf", "revoke"]
    assert count(session, AuditEvent) == len(trail.all)
    report = audit.verify(session)
    assert report.ok, report


def citizen_comment_answered(app, session, world, sec, trail, notice, nid, expected_end) -> PublicComment | None:
    """A citizen comments through /notices/<id>; the secretariat classifies the comment and publishes an answer
    after its preview. None, and nothing done, when the public comment form is not there."""
    citizen = Browser(app.test_client())  # nobody signed in
    response = citizen.get(f"/notices/{notice.id}")
    if response.status_code == 404:
        return None
    public = Page(citizen, f"/notices/{notice.id}", response)
    assert public.status == 200 and NAME in public and f"{expected_end:%d/%m/%Y}" in public
    if not public.links(href=f"/notices/{notice.id}/comment"):
        return None
    comment_form = public.follow("Góp ý về đối tượng này")
    receipt = comment_form.act(typed={"nomination": str(nid), "full_name": "Lê Văn Tám", "contact": "0912 345 678",
                                      "address": "Ấp Năm Căn, xã Vĩnh Hưng A", "body": COMMENT})
    comment = session.scalars(select(PublicComment)).one()
    assert f"Mã tiếp nhận: {comment.receipt_code}" in receipt
    assert (comment.nomination_id, comment.notice_id, comment.body, comment.status) == (
        nid, notice.id, COMMENT, "received")
    trail.expect("receive_comment")

    comment_page = open_page(sec, f"/secretariat/notices/{notice.id}").follow(comment.receipt_code)
    assert "0912 345 678" in comment_page and COMMENT in comment_page and "Chưa phân loại" in comment_page
    comment_page = comment_page.act(f"/secretariat/comments/{comment.id}/classify", {"classification": "question"})
    assert f"Đã phân loại ý kiến {comment.receipt_code}." in comment_page
    assert session.get(PublicComment, comment.id).classification == "question"
    trail.expect("classify_comment", actor=world.secretariat)

    confirm = comment_page.then(f"/secretariat/comments/{comment.id}/answer",
                                {"answer": ANSWER, "resolution": "noted"}, button="Xem trước")
    assert "Những gì sẽ thay đổi" in confirm and ANSWER in confirm and "Ghi nhận và trả lời ý kiến" in confirm
    assert session.get(PublicComment, comment.id).status == "under_review"
    trail.expect()  # a preview writes nothing
    page = confirm.act(f"/secretariat/comments/{comment.id}/answer", button="Công bố trả lời")
    assert f"Đã công bố trả lời ý kiến {comment.receipt_code}." in page and "Trả lời đã công bố" in page
    comment = session.get(PublicComment, comment.id)
    assert (comment.status, comment.resolution, comment.answer) == ("answered", "noted", ANSWER)
    trail.expect("answer_comment", actor=world.secretariat)
    return comment


# --- two people at once ---------------------------------------------------------------------------------------

def test_a_conflicting_second_action_gets_the_friendly_409_page_and_changes_nothing(app, session, world, store,
                                                                                   signed_in):
    nomination = factories.submitted(session, world, store, name="Tập thể Ấp Cái Dầy")
    colleague = users.create_user(session, username="thuky2", full_name="Thư Ký Hai", password=factories.PASSWORD,
                                  unit_id=world.province.id,
                                  grants=[Grant(Role.SECRETARIAT, authority_id=world.authority.id)])
    session.commit()
    nid, seen = nomination.id, nomination.version
    trail = AuditTrail(session)
    first, second = signed_in(world.secretariat), signed_in(colleague)

    # both open the intake queue; the second also opens the return form, with the version they saw
    first_intake = open_page(first, "/secretariat/intake")
    second_intake = open_page(second, "/secretariat/intake")
    assert "Tập thể Ấp Cái Dầy" in first_intake and "Tập thể Ấp Cái Dầy" in second_intake
    return_form = second_intake.follow("Trả lại để bổ sung", href=f"/secretariat/nominations/{nid}/return")
    second_accept = second_intake.follow(href=f"/secretariat/nominations/{nid}/accept")

    page = first_intake.follow(href=f"/secretariat/nominations/{nid}/accept").act(
        f"/secretariat/nominations/{nid}/accept")
    assert "Đã tiếp nhận hồ sơ «Tập thể Ấp Cái Dầy»; hồ sơ chuyển sang thẩm định." in page
    assert session.get(Nomination, nid).state == State.IN_APPRAISAL
    trail.expect("accept", actor=world.secretariat)

    response = return_form.submit(typed={"reason": "Thiếu biên bản họp bình xét."})
    conflict = Page(second, return_form.url, response)
    assert conflict.status == 409
    assert "Hồ sơ đã có người xử lý trước" in conflict and "đã có người xử lý trước" in conflict
    assert "Vui lòng tải lại trang và thử lại." in conflict

    response = second_accept.submit(f"/secretariat/nominations/{nid}/accept")  # the stale confirmation page
    assert response.status_code == 409 and "đã có người xử lý trước" in visible(response.get_data(as_text=True))

    nomination = session.get(Nomination, nid)
    assert (nomination.state, nomination.version, nomination.return_reason) == (State.IN_APPRAISAL, seen + 1, None)
    trail.expect()  # the refused actions wrote nothing
    assert audit.verify(session).ok
    page = open_page(second, f"/secretariat/nominations/{nid}")
    assert "Đang thẩm định" in page and "Thiếu biên bản họp bình xét." not in page
