"""What a notification says, in the reader's language (the inbox) or in Vietnamese (the e-mail, under
force_locale): its title, one line about its subject, the details and its absolute link. Reads the params
frozen when it was written; imports nothing from views."""
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext, ngettext
from werkzeug.routing import BuildError

from .models import Notification
from .rules.notifications import DEADLINES, TITLES, Kind
from .urls import public_url_for


@dataclass(frozen=True)
class Described:
    title: str
    summary: str
    details: tuple[str, ...]
    link: str   # absolute, at our public address; "" when there is none


def describe(notification: Notification) -> Described:
    return Described(title(notification), summary(notification), details(notification), link(notification))


def title(notification: Notification) -> str:
    text = gettext(TITLES[notification.kind])
    if notification.kind == Kind.DEADLINE:
        text = f"{text}: {gettext(DEADLINES.get(notification.params.get('deadline', ''), ''))}".rstrip(": ")
    if notification.item_count > 1:
        text += " " + ngettext("(%(num)d hồ sơ)", "(%(num)d hồ sơ)", notification.item_count)
    return text


def summary(notification: Notification) -> str:
    params = notification.params
    if notification.item_count > 1:
        names = params.get("names", [])
        more = notification.item_count - len(names)
        extra = " " + gettext("và %(count)d hồ sơ khác", count=more) if more > 0 else ""
        return "; ".join(names) + extra
    if "nominee" in params:
        return gettext("%(nominee)s — %(award)s (%(unit)s)", nominee=params["nominee"], award=params["award"],
                       unit=params["unit"])
    if "session" in params:
        return params["session"]
    return ""


def details(notification: Notification) -> tuple[str, ...]:
    params, lines = notification.params, []
    if params.get("reason"):
        lines.append(gettext("Lý do: %(reason)s", reason=params["reason"]))
    if params.get("decision"):
        lines.append(gettext("Quyết định số %(number)s", number=params["decision"]))
    if params.get("revoking_decision_no"):
        lines.append(gettext("Quyết định thu hồi số %(number)s", number=params["revoking_decision_no"]))
    if params.get("end_date"):
        lines.append(gettext("Thời hạn công khai đến hết ngày %(day)s", day=_day(params["end_date"])))
    if params.get("meeting_date"):
        lines.append(gettext("Ngày họp: %(day)s", day=_day(params["meeting_date"])))
    if params.get("due_on"):
        lines.append(gettext("Hạn: %(day)s (còn %(days)d ngày làm việc)", day=_day(params["due_on"]),
                             days=params.get("days_left", 0)))
    if params.get("receipt_code"):
        lines.append(gettext("Mã tiếp nhận ý kiến: %(code)s", code=params["receipt_code"]))
    if params.get("answer"):
        lines.append(gettext("Nội dung trả lời: %(answer)s", answer=params["answer"]))
    return tuple(lines)


def link(notification: Notification) -> str:
    if not notification.link_endpoint:
        return ""
    try:
        return public_url_for(notification.link_endpoint, **notification.link_args)
    except BuildError:   # a page renamed since the notification was written: the reader still has the text
        return ""


def _day(iso: str) -> str:
    try:
        return date.fromisoformat(iso[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return iso
