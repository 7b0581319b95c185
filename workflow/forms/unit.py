"""The unit officer's forms: the nomination (nominee of one of three kinds, award, achievement, submission
letter), the attachment upload, withdrawal and the list's filters. Validation only: the services decide.
"""
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from ..models import AttachmentKind, Gender
from ..rules.nominees import NOMINEE_KIND_LABELS, NomineeKind
from ..rules.prerequisites import evidence_from_json, parse_evidence
from ..rules.states import STATE_LABELS
from ..services.nominations import MAX_SUMMARY_CHARS, NOMINATION_FIELDS, Upload
from .common import ActionForm, FlaskForm

ATTACHMENT_KIND_LABELS = {
    AttachmentKind.ACHIEVEMENT_REPORT: _l("Báo cáo thành tích"),
    AttachmentKind.MINUTES: _l("Biên bản họp bình xét"),
    AttachmentKind.INITIATIVE: _l("Giấy chứng nhận sáng kiến"),
    AttachmentKind.OTHER: _l("Tài liệu khác"),
    AttachmentKind.COMMENT_EVIDENCE: _l("Tài liệu kèm ý kiến"),
}
GENDER_LABELS = {Gender.FEMALE: _l("Nữ"), Gender.MALE: _l("Nam")}
# The nominee's name field for each kind: the same column, labelled in the kind's own words.
NAME_FIELDS = {NomineeKind.INDIVIDUAL: "person_name", NomineeKind.COLLECTIVE: "collective_name",
               NomineeKind.HOUSEHOLD: "household_name"}
NAME_REQUIRED = {"person_name": _l("Cần nhập họ và tên."), "collective_name": _l("Cần nhập tên tập thể."),
                 "household_name": _l("Cần nhập họ và tên chủ hộ.")}
NOT_A_DATE = _l("Ngày không hợp lệ: hãy nhập ngày theo dạng ngày/tháng/năm.")
NOT_A_CHOICE = _l("Lựa chọn không hợp lệ: hãy chọn một mục trong danh sách.")


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _optional_int(value: Any) -> int | None:
    return int(value) if value not in (None, "", "None") else None


def _date(label: str, *validators) -> DateField:
    return DateField(label, validators=list(validators), invalid_value_message=NOT_A_DATE)


def _select(label: str, *validators, coerce=str, **kw) -> SelectField:
    return SelectField(label, validators=list(validators), coerce=coerce, choices=[],
                       invalid_choice_message=NOT_A_CHOICE, invalid_value_message=NOT_A_CHOICE, **kw)


class NominationFields(FlaskForm):
    """Fields common to creating and editing: the nominee, the achievement and the submission letter."""

    # issue 17: the recognition in force the achievement rests on; its choices are the view's (verified_results)
    verified_result = _select(_l("Kết quả đã được công nhận (quyết định công nhận)"), Optional(),
                              coerce=_optional_int)
    kind = RadioField(_l("Loại đối tượng"), validators=[InputRequired(_l("Hãy chọn loại đối tượng."))],
                      choices=[SelectChoice(str(k), _l(label)) for k, label in NOMINEE_KIND_LABELS.items()],
                      invalid_choice_message=NOT_A_CHOICE, default=str(NomineeKind.COLLECTIVE))
    # individual (cá nhân)
    person_name = StringField(_l("Họ và tên"), filters=[_strip], validators=[Length(max=200)])
    gender = RadioField(_l("Giới tính"), validators=[Optional()], invalid_choice_message=NOT_A_CHOICE,
                        choices=[SelectChoice(str(g), label) for g, label in GENDER_LABELS.items()])
    birth_date = _date(_l("Ngày sinh (không công khai)"), Optional())
    id_number = StringField(_l("Số định danh cá nhân / CCCD (không công khai)"), filters=[_strip], validators=[
        Optional(),
        Regexp(r"^\d{9}(\d{3})?$", message=_l("Số định danh cá nhân gồm 12 chữ số (số CMND cũ: 9 chữ số)."))])
    position = StringField(_l("Chức vụ"), filters=[_strip], validators=[Length(max=200)])
    workplace = StringField(_l("Đơn vị công tác"), filters=[_strip], validators=[Length(max=300)])
    person_in_production = BooleanField(_l("Trực tiếp lao động, sản xuất, công tác"))
    # collective (tập thể)
    collective_name = StringField(_l("Tên tập thể"), filters=[_strip], validators=[Length(max=200)])
    collective_unit = _select(_l("Là đơn vị trong danh mục"), Optional(), coerce=_optional_int)
    collective_line = StringField(_l("Địa chỉ / trực thuộc"), filters=[_strip], validators=[Length(max=300)])
    # household (hộ gia đình)
    household_name = StringField(_l("Họ và tên chủ hộ"), filters=[_strip], validators=[Length(max=200)])
    household_address = StringField(_l("Địa chỉ"), filters=[_strip], validators=[Length(max=300)])
    household_in_production = BooleanField(_l("Hộ trực tiếp sản xuất"))
    # the achievement and the submission letter (Tờ trình)
    period_from = _date(_l("Thành tích từ ngày"),
                        InputRequired(_l("Cần nhập ngày bắt đầu của thời gian đạt thành tích.")))
    period_to = _date(_l("Đến ngày"), InputRequired(_l("Cần nhập ngày kết thúc của thời gian đạt thành tích.")))
    achievement_summary = TextAreaField(
        _l("Tóm tắt thành tích"), filters=[_strip],
        validators=[DataRequired(_l("Cần nhập tóm tắt thành tích.")),
                    Length(max=MAX_SUMMARY_CHARS, message=_l("Tóm tắt thành tích tối đa %(max)d ký tự."))],
        render_kw={"maxlength": MAX_SUMMARY_CHARS, "rows": 10})
    letter_no = StringField(_l("Số Tờ trình"), filters=[_strip], validators=[Length(max=60)],
                            render_kw={"placeholder": "15/TTr-UBND"})
    letter_date = _date(_l("Ngày Tờ trình"), Optional())

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.kind.errors:
            name = self[NAME_FIELDS[NomineeKind(self.kind.data)]]
            if self.kind.data == NomineeKind.COLLECTIVE and not name.data and self.collective_unit.data:
                name.data = next((c.render_kw.get("data-name", c.label) for c in self.collective_unit.iter_choices()
                                  if c.selected), "")
            if not name.data:
                name.errors = [*name.errors, NAME_REQUIRED[name.name]]
                valid = False
        return valid

    def nominee_values(self) -> dict[str, Any]:
        """The nominee's columns as this form sets them: the chosen kind's fields, the others cleared."""
        kind = NomineeKind(self.kind.data)
        values = {"kind": str(kind), "full_name": self[NAME_FIELDS[kind]].data, "position": "", "workplace": "",
                  "unit_id": None, "gender": None, "works_in_production": False, "birth_date": None, "id_number": None}
        if kind is NomineeKind.INDIVIDUAL:
            values |= {"position": self.position.data, "workplace": self.workplace.data,
                       "gender": self.gender.data or None, "works_in_production": self.person_in_production.data,
                       "birth_date": self.birth_date.data, "id_number": self.id_number.data or None}
        elif kind is NomineeKind.COLLECTIVE:
            values |= {"unit_id": self.collective_unit.data, "workplace": self.collective_line.data}
        else:
            values |= {"workplace": self.household_address.data,
                       "works_in_production": self.household_in_production.data}
        return values

    def nomination_values(self) -> dict[str, Any]:
        return {name: self[name].data for name in NOMINATION_FIELDS} | {"letter_no": self.letter_no.data or ""}

    def edited_fields(self, nomination) -> dict[str, Any]:
        """The fields whose submitted value differs from the nomination's, named as the edit service wants."""
        current = {name: getattr(nomination, name) for name in NOMINATION_FIELDS}
        current |= {f"nominee.{name}": getattr(nomination.nominee, name) for name in self.nominee_values()}
        submitted = self.nomination_values() | {f"nominee.{k}": v for k, v in self.nominee_values().items()}
        return {name: value for name, value in submitted.items() if current[name] != value}


def initial_values(nomination) -> dict[str, Any]:
    """A nomination's current values as the form's fields hold them (to prefill the edit form)."""
    nominee, kind = nomination.nominee, NomineeKind(nomination.nominee.kind)
    values = {name: getattr(nomination, name) for name in NOMINATION_FIELDS}
    values |= {"kind": str(kind), NAME_FIELDS[kind]: nominee.full_name, "version": nomination.version}
    if kind is NomineeKind.INDIVIDUAL:
        values |= {"position": nominee.position, "workplace": nominee.workplace, "gender": nominee.gender,
                   "birth_date": nominee.birth_date, "id_number": nominee.id_number,
                   "person_in_production": nominee.works_in_production}
    elif kind is NomineeKind.COLLECTIVE:
        values |= {"collective_unit": nominee.unit_id, "collective_line": nominee.workplace}
    else:
        values |= {"household_address": nominee.workplace, "household_in_production": nominee.works_in_production}
    evidence = evidence_from_json(nomination.evidence)
    return values | {"evidence_titles": evidence.title_lines(), "evidence_initiatives": evidence.initiative_lines(),
                     "evidence_members": evidence.member_lines(), "verified_result": nomination.verified_result_id}


class NewNominationForm(NominationFields):
    """Lập hồ sơ: also the proposing unit (when the officer serves several), the campaign and the award, and
    the achievement report and minutes straight away (optional: files may also come after the first save)."""

    proposing_unit = _select(_l("Đơn vị đề nghị"), InputRequired(_l("Hãy chọn đơn vị đề nghị.")), coerce=_optional_int)
    campaign = _select(_l("Phong trào / đợt xét"), InputRequired(_l("Hãy chọn phong trào hoặc đợt xét.")),
                       coerce=_optional_int)
    award_type = _select(_l("Hình thức khen thưởng / danh hiệu"), InputRequired(_l("Hãy chọn hình thức khen thưởng.")),
                         coerce=_optional_int)
    report = FileField(_l("Báo cáo thành tích (PDF, DOCX, PNG hoặc JPEG)"))
    report_public = BooleanField(_l("Công khai báo cáo thành tích cùng hồ sơ khi lấy ý kiến nhân dân"))
    minutes = FileField(_l("Biên bản họp bình xét (không bắt buộc)"))
    submit = SubmitField(_l("Lưu bản nháp"))

    def uploads(self) -> list[Upload]:
        """The files sent, each naming its field; an empty file input sends nothing."""
        sent = []
        for name, kind, public in (("report", AttachmentKind.ACHIEVEMENT_REPORT, self.report_public.data),
                                   ("minutes", AttachmentKind.MINUTES, False)):
            file = self[name].data
            if file and getattr(file, "filename", ""):
                sent.append(Upload(file.filename, file.read(), kind, bool(public), field=name))
        return sent

    def files_sent(self) -> bool:
        return any(getattr(self[name].data, "filename", "") for name in ("report", "minutes"))


class EditNominationForm(NominationFields, ActionForm):
    """Sửa hồ sơ: the campaign and award stay; the version the officer saw travels with the form. A title with
    prerequisites also takes the evidence for them, one item a line (rules.prerequisites.parse_evidence)."""

    evidence_titles = TextAreaField(_l("Danh hiệu đã đạt (mỗi dòng: tên danh hiệu | năm | số quyết định | ngày "
                                       "quyết định)"), validators=[Length(max=3000)], render_kw={"rows": 4})
    evidence_initiatives = TextAreaField(_l("Sáng kiến, đề tài (mỗi dòng: tên | phạm vi cơ sở / tỉnh / toàn quốc | "
                                            "văn bản công nhận)"), validators=[Length(max=3000)],
                                         render_kw={"rows": 3})
    evidence_members = TextAreaField(_l("Số liệu thành viên của tập thể (dòng đầu: tổng số thành viên | số người; "
                                        "mỗi dòng sau: tiêu chí | số người | văn bản)"), validators=[Length(max=3000)],
                                     render_kw={"rows": 4})
    submit = SubmitField(_l("Lưu thay đổi"))

    def edited_fields(self, nomination) -> dict[str, Any]:
        """As the common fields, plus the evidence when it changed (a malformed line is a ValidationFailed)."""
        changes = super().edited_fields(nomination)
        evidence = parse_evidence(self.evidence_titles.data or "", self.evidence_initiatives.data or "",
                                  self.evidence_members.data or "")
        if evidence != evidence_from_json(nomination.evidence):
            changes["evidence"] = evidence
        if self.verified_result.data != nomination.verified_result_id:
            changes["verified_result_id"] = self.verified_result.data
        return changes


class UploadForm(FlaskForm):
    kind = SelectField(_l("Loại tài liệu"), invalid_choice_message=NOT_A_CHOICE, choices=[
        SelectChoice(str(k), ATTACHMENT_KIND_LABELS[k]) for k in
        (AttachmentKind.ACHIEVEMENT_REPORT, AttachmentKind.MINUTES, AttachmentKind.INITIATIVE, AttachmentKind.OTHER)])
    # the award type's required documents (rules.dossier), set per nomination by `for_documents`
    document = SelectField(_l("Giấy tờ bắt buộc mà tệp này đáp ứng"), invalid_choice_message=NOT_A_CHOICE,
                           choices=[], default="")
    is_public = BooleanField(_l("Công khai tệp này cùng hồ sơ khi lấy ý kiến nhân dân"))
    file = FileField(_l("Tệp (PDF, DOCX, PNG hoặc JPEG)"), validators=[FileRequired(_l("Hãy chọn tệp cần tải lên."))])
    submit = SubmitField(_l("Tải lên"))

    def for_documents(self, required) -> "UploadForm":
        self.document.choices = [SelectChoice("", _l("— Không thuộc giấy tờ bắt buộc —"))] + [
            SelectChoice(name, name) for name in required]
        return self


class WithdrawForm(ActionForm):
    reason = TextAreaField(_l("Lý do rút hồ sơ (không bắt buộc)"), filters=[_strip],
                           validators=[Optional(), Length(max=2000, message=_l("Lý do tối đa 2000 ký tự."))])


class NominationFilterForm(FlaskForm):
    """The list's filters: a GET form that changes nothing, so no CSRF token."""

    class Meta:
        csrf = False

    state = _select(_l("Trạng thái"), Optional())
    campaign = _select(_l("Phong trào / đợt xét"), Optional(), coerce=_optional_int)
    q = StringField(_l("Tên đối tượng"), filters=[_strip],
                    validators=[Length(max=200, message=_l("Tối đa 200 ký tự."))])

    def __init__(self, *args, campaigns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.state.choices = [SelectChoice("", _l("Mọi trạng thái"))] + [
            SelectChoice(str(s), _l(label)) for s, label in STATE_LABELS.items()]
        self.campaign.choices = [SelectChoice("", _l("Mọi phong trào / đợt xét"))] + [
            SelectChoice(str(c.id), c.name) for c in campaigns]
