"""The administrator's forms: validation of shape only (required, type, length). The catalogue's rules live
in services.admin, whose refusals the views show beside the field they name. Every message is a Vietnamese
message id translated per request, WTForms' own parse errors included (it ships no Vietnamese catalogue)."""
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..models import AwardCategory, CalendarDayKind, Comparator, UnitKind
from ..rules.numbering import NUMBERING_LABELS
from ..rules.permissions import ROLE_LABELS
from ..rules.states import ACTION_CONTEXT, ACTION_LABELS
from ..rules.tally import BallotKind, Denominator
from ..services.admin.log import OBJECT_TYPE_LABELS, VISIBILITY_LABELS
from .common import FlaskForm

REQUIRED = _l("Trường này là bắt buộc.")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]  # the date picker sends ISO; typed dates are day/month/year

UNIT_KIND_LABELS = {
    UnitKind.PROVINCE: _l("Tỉnh"), UnitKind.CITY: _l("Thành phố thuộc tỉnh"), UnitKind.TOWN: _l("Thị xã"),
    UnitKind.DISTRICT: _l("Huyện"), UnitKind.COMMUNE: _l("Xã"), UnitKind.WARD: _l("Phường"),
    UnitKind.TOWNSHIP: _l("Thị trấn"),
    UnitKind.DEPARTMENT: _l("Sở, ban, ngành"), UnitKind.ORGANISATION: _l("Cơ quan, tổ chức khác"),
}
# "Hình thức khen thưởng" also names the whole catalogue (the menu); as a category it is the form of award.
CATEGORY_LABELS = {AwardCategory.TITLE: _l("Danh hiệu thi đua"),
                   AwardCategory.FORM: _lp("award category", "Hình thức khen thưởng")}
DENOMINATOR_LABELS = {Denominator.ALL: _l("Tổng số thành viên Hội đồng"),
                      Denominator.PRESENT: _l("Số thành viên dự họp"),
                      Denominator.VALID: _l("Số phiếu hợp lệ")}
BALLOT_LABELS = {BallotKind.SECRET: _l("Bỏ phiếu kín"), BallotKind.OPEN: _l("Biểu quyết công khai")}
LAYOUT_LABELS = {"bang_khen": _l("Mẫu Bằng khen"), "giay_khen": _l("Mẫu Giấy khen")}
COMPARATOR_LABELS = {Comparator.EXACTLY: _l("Đúng bằng"), Comparator.AT_LEAST: _l("Ít nhất")}
CALENDAR_KIND_LABELS = {CalendarDayKind.MAKEUP_WORKDAY: _l("Ngày làm việc bù (thứ Bảy, Chủ nhật đi làm)"),
                        CalendarDayKind.DAY_OFF: _l("Ngày nghỉ bổ sung")}

_VIETNAMESE = {
    "This field is required.": REQUIRED,
    "Not a valid integer value.": _l("Cần nhập một số nguyên."),
    "Not a valid decimal value.": _l("Cần nhập một số (dùng dấu phẩy hoặc dấu chấm cho phần thập phân)."),
    "Not a valid float value.": _l("Cần nhập một số."),
    "Not a valid date value.": _l("Ngày không hợp lệ; nhập theo dạng ngày/tháng/năm, ví dụ 26/04/2025."),
    "Not a valid datetime value.": _l("Thời điểm không hợp lệ."),
    "Not a valid choice.": _l("Lựa chọn không hợp lệ."),
    "Invalid Choice: could not coerce.": _l("Lựa chọn không hợp lệ."),
    "Invalid choice(s): one or more data inputs could not be coerced.": _l("Có lựa chọn không hợp lệ."),
    "'%(value)s' is not a valid choice for this field.": _l("«%(value)s» không phải là lựa chọn hợp lệ."),
    "'%(value)s' are not valid choices for this field.": _l("«%(value)s» không phải là lựa chọn hợp lệ."),
    "Invalid input.": _l("Giá trị không hợp lệ."),
}


class _Vietnamese:
    def gettext(self, string: str) -> str:
        return _VIETNAMESE.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _VIETNAMESE.get(singular if n == 1 else plural, singular if n == 1 else plural)


class AdminForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _Vietnamese()


def optional_int(value) -> int | None:
    """Select values: "" means none chosen."""
    return None if value in (None, "", "None") else int(value)


class ChoiceField(SelectField):
    """A select whose empty choice means "none"; the view fills the choices from the database."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, coerce=optional_int, **kwargs)


class VnDecimalField(DecimalField):
    """Accepts "66,67" as Vietnamese writes it."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0]:
            try:
                self.data = Decimal(valuelist[0].strip().replace(",", "."))
            except (InvalidOperation, ValueError):
                self.data = None
                raise ValueError(self.gettext("Not a valid decimal value.")) from None


class MoneyField(IntegerField):
    """Whole đồng; accepts "2.340.000", "2 340 000" or "2.340.000 đ"."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0]:
            cleaned = valuelist[0].replace(".", "").replace(" ", "").replace("đ", "").replace(",", "")
            super().process_formdata([cleaned])


class ChecklistField(SelectMultipleField):
    """Several choices as checkboxes: usable without JavaScript and by keyboard."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, coerce=int, **kwargs)


def _date(label: str, *validators, **kwargs) -> DateField:
    return DateField(label, validators=list(validators) or [Optional()], format=DATE_FORMATS, **kwargs)


def _choices(labels: dict, blank: str | None = None, context: str | None = None) -> list[SelectChoice]:
    """The options of a select, from a label table (translated in `context` when given); `blank` first
    (value "") when given."""
    def lazy(text):
        return (_lp(context, text) if context else _l(text)) if isinstance(text, str) else text
    options = [SelectChoice(str(value), lazy(text)) for value, text in labels.items()]
    return ([SelectChoice("", blank)] if blank is not None else []) + options


class FilterForm(AdminForm):
    """A GET filter: changes nothing, so no CSRF token; build it with `formdata=request.args`."""

    class Meta:
        csrf = False


class ConfirmForm(AdminForm):
    submit = SubmitField(_l("Xác nhận"))


# --- units ---------------------------------------------------------------------------------------------

class UnitForm(AdminForm):
    code = StringField(_l("Mã đơn vị"), validators=[DataRequired(_l("Cần nhập mã đơn vị.")), Length(max=40)])
    name = StringField(_l("Tên đơn vị"), validators=[DataRequired(_l("Cần nhập tên đơn vị.")), Length(max=200)])
    kind = SelectField(_l("Loại đơn vị"), choices=_choices(UNIT_KIND_LABELS))
    parent = ChoiceField(_l("Đơn vị cấp trên"))
    valid_from = _date(_l("Hiệu lực từ ngày"))
    valid_to = _date(_l("Ngày kết thúc hiệu lực"))
    successor = ChoiceField(_l("Đơn vị kế thừa"))
    headcount = IntegerField(_l("Số cán bộ hoặc số dân"), validators=[
        Optional(), NumberRange(min=1, message=_l("Số cán bộ hoặc số dân phải là số nguyên dương."))])
    submit = SubmitField(_l("Lưu đơn vị"))


class UnitParentForm(AdminForm):
    """A unit's parent changes from a date (the dated parents)."""

    parent = ChoiceField(_l("Đơn vị cấp trên mới"))
    valid_from = _date(_l("Áp dụng từ ngày"), InputRequired(_l("Cần nhập ngày áp dụng.")))
    submit = SubmitField(_l("Ghi nhận đơn vị cấp trên mới"))


# --- authorities, signers, legal bases (effective dating) ----------------------------------------------

class AuthorityValidityForm(AdminForm):
    valid_from = _date(_l("Hiệu lực từ ngày"))
    valid_to = _date(_l("Ngày cuối cùng còn thẩm quyền"))
    successor = ChoiceField(_l("Cấp có thẩm quyền kế thừa"))
    submit = SubmitField(_l("Lưu thời gian hiệu lực"))


class NumberingForm(AdminForm):
    """Who numbers the authority's decisions (services.admin.numbering checks the address and the variable's name)."""

    numbering_mode = RadioField(_l("Cách cấp số quyết định"), choices=[
        SelectChoice(str(mode), _l(label)) for mode, label in NUMBERING_LABELS.items()],
        validators=[InputRequired(_l("Chọn cách cấp số quyết định."))])
    register_url = StringField(_l("Địa chỉ cấp số của hệ thống quản lý văn bản"), validators=[Length(max=300)])
    register_token_env = StringField(_l("Tên biến môi trường chứa mã truy cập"), validators=[Length(max=60)])
    submit = SubmitField(_l("Lưu cách cấp số"))


class SignerForm(AdminForm):
    full_name = StringField(_l("Họ và tên người ký"), validators=[DataRequired(_l("Cần nhập họ tên người ký.")),
                                                                Length(max=120)])
    signing_form = StringField(_l("Thể thức ký (ví dụ: KT. CHỦ TỊCH)"), validators=[Length(max=60)])
    title = StringField(_l("Chức vụ (ví dụ: PHÓ CHỦ TỊCH)"), validators=[
        DataRequired(_l("Cần nhập chức vụ.")), Length(max=120)])
    valid_from = _date(_l("Được ký từ ngày"))
    valid_to = _date(_l("Được ký đến hết ngày"))
    submit = SubmitField(_l("Thêm người ký"))


class SignerDatesForm(AdminForm):
    valid_from = _date(_l("Được ký từ ngày"))
    valid_to = _date(_l("Được ký đến hết ngày"))
    submit = SubmitField(_l("Lưu thời gian được ký"))


class LegalBasisForm(AdminForm):
    valid_from = _date(_l("Áp dụng từ ngày"), InputRequired(_l("Cần nhập ngày áp dụng.")))
    body = TextAreaField(_l("Các dòng «Căn cứ …» (mỗi dòng một căn cứ)"), validators=[
        DataRequired(_l("Cần nhập các dòng «Căn cứ …».")), Length(max=5000)])
    source = StringField(_l("Nguồn, ghi chú"), validators=[Length(max=300)])
    submit = SubmitField(_l("Thêm căn cứ áp dụng từ ngày này"))


class UnitFilterForm(FilterForm):
    status = SelectField(_l("Tình trạng"), choices=_choices({"valid": _l("Đang hoạt động"), "ended": _l("Đã kết thúc")},
                                                                  _l("Tất cả")), validators=[Optional()])
    q = StringField(_l("Tên hoặc mã"), validators=[Length(max=100)])


# --- users and roles ------------------------------------------------------------------------------------

class NewUserForm(AdminForm):
    username = StringField(_l("Tên đăng nhập"),
                           validators=[DataRequired(_l("Cần nhập tên đăng nhập.")), Length(max=80)],
                           render_kw={"autocomplete": "off"})
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(_l("Cần nhập họ và tên.")), Length(max=120)])
    password = PasswordField(_l("Mật khẩu ban đầu"),
                             validators=[DataRequired(_l("Cần nhập mật khẩu.")), Length(max=200)],
                             render_kw={"autocomplete": "new-password"})
    unit = ChoiceField(_l("Đơn vị công tác"))
    email = StringField(_l("Thư điện tử (nhận thông báo)"), validators=[Optional(), Length(max=254)],
                        render_kw={"autocomplete": "off", "type": "email"})
    phone = StringField(_l("Số điện thoại"), validators=[Optional(), Length(max=20)], render_kw={"type": "tel"})
    submit = SubmitField(_l("Tạo tài khoản"))


class UserForm(AdminForm):
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(_l("Cần nhập họ và tên.")), Length(max=120)])
    unit = ChoiceField(_l("Đơn vị công tác"))
    email = StringField(_l("Thư điện tử (nhận thông báo)"), validators=[Optional(), Length(max=254)],
                        render_kw={"autocomplete": "off", "type": "email"})
    phone = StringField(_l("Số điện thoại"), validators=[Optional(), Length(max=20)], render_kw={"type": "tel"})
    submit = SubmitField(_l("Lưu thông tin"))


class GrantForm(AdminForm):
    role = SelectField(_l("Vai trò"), choices=_choices(ROLE_LABELS))
    # ids of their own: the account page also shows UserForm, which has a `unit` too
    unit = ChoiceField(_l("Đơn vị (với cán bộ thi đua đơn vị)"), id="grant-unit")
    authority = ChoiceField(_l("Cấp có thẩm quyền (với Thường trực, Hội đồng, người ký)"), id="grant-authority")
    submit = SubmitField(_l("Cấp vai trò"))


class PasswordForm(AdminForm):
    password = PasswordField(_l("Mật khẩu mới"),
                             validators=[DataRequired(_l("Cần nhập mật khẩu mới.")), Length(max=200)],
                             render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Đặt lại mật khẩu"))


class UserFilterForm(FilterForm):
    q = StringField(_l("Tên đăng nhập hoặc họ tên"), validators=[Length(max=100)])
    role = SelectField(_l("Vai trò"), choices=_choices(ROLE_LABELS, _l("Mọi vai trò")), validators=[Optional()])
    status = SelectField(_l("Tình trạng"),
                         choices=_choices({"active": _l("Đang hoạt động"), "locked": _l("Đã khóa")}, _l("Tất cả")),
                         validators=[Optional()])


# --- award types ----------------------------------------------------------------------------------------

class AwardTypeForm(AdminForm):
    code = StringField(_l("Mã"), validators=[DataRequired(_l("Cần nhập mã.")), Length(max=40)])
    name = StringField(_l("Tên hình thức / danh hiệu"), validators=[DataRequired(_l("Cần nhập tên.")), Length(max=200)])
    certificate_title = StringField(_l("Tiêu đề in trên bằng"), validators=[
        DataRequired(_l("Cần nhập tiêu đề in trên bằng.")), Length(max=80)])
    category = SelectField(_l("Loại"), choices=_choices(CATEGORY_LABELS))
    authority = ChoiceField(_l("Cấp có thẩm quyền khen thưởng"))
    individual_allowed = BooleanField(_l("Cá nhân"))
    collective_allowed = BooleanField(_l("Tập thể"))
    household_allowed = BooleanField(_l("Hộ gia đình"))
    quorum_num = IntegerField(_l("Tỷ lệ dự họp tối thiểu: tử số"), validators=[InputRequired(_l("Cần nhập tử số."))])
    quorum_den = IntegerField(_l("Tỷ lệ dự họp tối thiểu: mẫu số"), validators=[InputRequired(_l("Cần nhập mẫu số."))])
    threshold_pct = VnDecimalField(_l("Ngưỡng đồng ý (%)"), validators=[InputRequired(_l("Cần nhập ngưỡng đồng ý."))])
    denominator = SelectField(_l("Tỷ lệ đồng ý tính trên"), choices=_choices(DENOMINATOR_LABELS))
    ballot = SelectField(_l("Hình thức biểu quyết"), choices=_choices(BALLOT_LABELS))
    written_ballot_allowed = BooleanField(_l("Thành viên vắng mặt được gửi phiếu bầu bằng văn bản"))
    disclosure_required = BooleanField(_l("Bắt buộc công khai lấy ý kiến nhân dân trước khi trình Hội đồng"))
    exclusive_achievement = BooleanField(_l("Từ chối hồ sơ khi cùng thành tích đã được đề nghị hình thức khác"))
    notice_working_days = IntegerField(_l("Số ngày làm việc công khai"), validators=[
        InputRequired(_l("Cần nhập số ngày công khai."))])
    processing_working_days = IntegerField(_l("Thời hạn giải quyết (ngày làm việc)"), validators=[
        InputRequired(_l("Cần nhập thời hạn giải quyết."))])
    coefficient_individual = VnDecimalField(_l("Hệ số tiền thưởng: cá nhân"), validators=[InputRequired(REQUIRED)])
    coefficient_collective = VnDecimalField(_l("Hệ số tiền thưởng: tập thể"), validators=[InputRequired(REQUIRED)])
    coefficient_household = VnDecimalField(_l("Hệ số tiền thưởng: hộ gia đình"), validators=[Optional()])
    certificate_layout = SelectField(_l("Mẫu bằng"), choices=_choices(LAYOUT_LABELS))
    appraisal_checklist = TextAreaField(_l("Danh mục thẩm định (mỗi dòng một mục)"), validators=[Length(max=5000)])
    prerequisite_lines = TextAreaField(_l("Điều kiện xét danh hiệu (mỗi dòng một điều kiện)"),
                                       validators=[Length(max=2000)])
    document_lines = TextAreaField(_l("Giấy tờ bắt buộc của hồ sơ (mỗi dòng một loại giấy tờ)"),
                                   validators=[Length(max=5000)])
    field_check_required = BooleanField(_l("Bắt buộc thẩm tra thực tế (biên bản kết luận «đạt») trước khi trình "
                                           "Hội đồng"))
    effective_from = _date(_l("Hiệu lực từ ngày"), InputRequired(_l("Cần nhập ngày bắt đầu hiệu lực.")))
    effective_to = _date(_l("Hết hiệu lực từ sau ngày"))
    successor = ChoiceField(_l("Hình thức kế thừa"))
    requires_recognition_type = ChoiceField(_l("Bắt buộc có kết quả đã được công nhận"))
    submit = SubmitField(_l("Lưu hình thức khen thưởng"))

    SUBJECT_FIELDS = ("individual_allowed", "collective_allowed", "household_allowed")


# --- campaigns, indicators, targets ----------------------------------------------------------------------

class CampaignForm(AdminForm):
    name = StringField(_l("Tên phong trào / đợt xét"), validators=[DataRequired(_l("Cần nhập tên.")), Length(max=300)])
    description = TextAreaField(_l("Mô tả"), validators=[Length(max=10000)])
    authority = ChoiceField(_l("Cấp có thẩm quyền khen thưởng"))
    period_start = _date(_l("Bắt đầu"), InputRequired(_l("Cần nhập ngày bắt đầu.")))
    period_end = _date(_l("Kết thúc"), InputRequired(_l("Cần nhập ngày kết thúc.")))
    nomination_deadline = _date(_l("Hạn nộp hồ sơ"))
    is_public = BooleanField(_l("Công khai trên trang chủ"))
    award_types = ChecklistField(_l("Hình thức khen thưởng được xét"))
    submit = SubmitField(_l("Lưu phong trào"))


class IndicatorForm(AdminForm):
    code = StringField(_l("Mã chỉ tiêu"), validators=[DataRequired(_l("Cần nhập mã chỉ tiêu.")), Length(max=40)])
    name = StringField(_l("Tên chỉ tiêu"), validators=[DataRequired(_l("Cần nhập tên chỉ tiêu.")), Length(max=300)])
    measure_unit = StringField(_l("Đơn vị tính"), default="xã", validators=[
        DataRequired(_l("Cần nhập đơn vị tính.")), Length(max=40)])
    submit = SubmitField(_l("Lưu chỉ tiêu"))


class TargetForm(AdminForm):
    unit = ChoiceField(_l("Đơn vị được giao"))
    comparator = SelectField(_l("Cách tính"), choices=_choices(COMPARATOR_LABELS))
    value = IntegerField(_l("Giá trị"), validators=[InputRequired(_l("Cần nhập giá trị chỉ tiêu."))])
    submit = SubmitField(_l("Giao chỉ tiêu"))


# --- calendar and base salary -----------------------------------------------------------------------------

class CalendarDayForm(AdminForm):
    day = _date(_l("Ngày"), InputRequired(_l("Cần nhập ngày.")))
    kind = SelectField(_l("Loại ngày"), choices=_choices(CALENDAR_KIND_LABELS))
    note = StringField(_l("Ghi chú"), validators=[DataRequired(_l("Cần ghi chú lý do.")), Length(max=200)])
    submit = SubmitField(_l("Thêm vào lịch"))


BASE_SALARY_STATUS_LABELS = {
    "confirmed": _l("Đã xác nhận: áp dụng tính tiền thưởng từ ngày áp dụng"),
    "reported": _l("Mới công bố, chưa xác nhận: chỉ cảnh báo, chưa áp dụng"),
}


class BaseSalaryForm(AdminForm):
    valid_from = _date(_l("Áp dụng từ ngày"), InputRequired(_l("Cần nhập ngày áp dụng.")))
    amount = MoneyField(_l("Mức lương cơ sở (đồng/tháng)"), validators=[InputRequired(_l("Cần nhập mức lương cơ sở."))])
    legal_basis = StringField(_l("Văn bản quy định"), validators=[Length(max=200)])
    status = SelectField(_l("Tình trạng"), default="confirmed", choices=_choices(BASE_SALARY_STATUS_LABELS))
    source = TextAreaField(_l("Nguồn thông tin"), validators=[Length(max=1000)])
    confirmed = HiddenField(default="")
    submit = SubmitField(_l("Thêm mức lương cơ sở"))


# --- the audit log viewer -------------------------------------------------------------------------------

class AuditFilterForm(FilterForm):
    action = SelectField(_l("Thao tác"), choices=_choices(ACTION_LABELS, _l("Mọi thao tác"), ACTION_CONTEXT),
                         validators=[Optional()])
    object_type = SelectField(_lp("audit", "Loại đối tượng"), choices=_choices(OBJECT_TYPE_LABELS, _l("Mọi loại")),
                              validators=[Optional()])
    object_id = IntegerField(_l("Mã số đối tượng"), validators=[
        Optional(), NumberRange(min=1, max=2**31 - 1, message=_l("Mã số đối tượng là một số nguyên dương."))])
    actor = StringField(_l("Tên đăng nhập người thực hiện"), validators=[Length(max=80)])
    visibility = SelectField(_l("Phạm vi"), choices=_choices(VISIBILITY_LABELS, _l("Tất cả")),
                             validators=[Optional()])
    date_from = _date(_l("Từ ngày"))
    date_to = _date(_l("Đến ngày"))



# --- integration API clients (issue 18) ----------------------------------------------------------------

SCOPE_LABELS = {"proposals:read": _l("Xem tờ trình và trạng thái hồ sơ của đơn vị (proposals:read)"),
                "proposals:write": _l("Gửi tờ trình kèm hồ sơ đề nghị (proposals:write)")}


class ApiClientForm(AdminForm):
    name = StringField(_l("Tên ứng dụng kết nối"), validators=[DataRequired(REQUIRED), Length(max=120)])
    unit = SelectField(_l("Đơn vị sở hữu (đơn vị đề nghị)"), validators=[DataRequired(REQUIRED)])
    scopes = SelectMultipleField(_l("Phạm vi quyền"), choices=[SelectChoice(v, t) for v, t in SCOPE_LABELS.items()],
                                 widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
                                 validators=[DataRequired(_l("Cần chọn ít nhất một phạm vi quyền."))])
    webhook_url = StringField(_l("Địa chỉ nhận webhook (không bắt buộc)"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Cấp mã truy cập"))
