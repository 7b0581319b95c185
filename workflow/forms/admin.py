"""The administrator's forms: validation of shape only (required, type, length). The catalogue's rules live
in services.admin, whose refusals the views show beside the field they name. Every message is Vietnamese,
WTForms' own parse errors included (it ships no Vietnamese catalogue)."""
from decimal import Decimal, InvalidOperation

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    PasswordField,
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
from ..rules.permissions import ROLE_LABELS
from ..rules.states import ACTION_LABELS
from ..rules.tally import BallotKind, Denominator
from ..services.admin.log import OBJECT_TYPE_LABELS, VISIBILITY_LABELS

REQUIRED = "Trường này là bắt buộc."
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]  # the date picker sends ISO; typed dates are day/month/year

UNIT_KIND_LABELS = {
    UnitKind.PROVINCE: "Tỉnh", UnitKind.CITY: "Thành phố thuộc tỉnh", UnitKind.TOWN: "Thị xã",
    UnitKind.DISTRICT: "Huyện", UnitKind.COMMUNE: "Xã", UnitKind.WARD: "Phường", UnitKind.TOWNSHIP: "Thị trấn",
    UnitKind.DEPARTMENT: "Sở, ban, ngành", UnitKind.ORGANISATION: "Cơ quan, tổ chức khác",
}
CATEGORY_LABELS = {AwardCategory.TITLE: "Danh hiệu thi đua", AwardCategory.FORM: "Hình thức khen thưởng"}
DENOMINATOR_LABELS = {Denominator.ALL: "Tổng số thành viên Hội đồng", Denominator.PRESENT: "Số thành viên dự họp"}
BALLOT_LABELS = {BallotKind.SECRET: "Bỏ phiếu kín", BallotKind.OPEN: "Biểu quyết công khai"}
LAYOUT_LABELS = {"bang_khen": "Mẫu Bằng khen", "giay_khen": "Mẫu Giấy khen"}
COMPARATOR_LABELS = {Comparator.EXACTLY: "Đúng bằng", Comparator.AT_LEAST: "Ít nhất"}
CALENDAR_KIND_LABELS = {CalendarDayKind.MAKEUP_WORKDAY: "Ngày làm việc bù (thứ Bảy, Chủ nhật đi làm)",
                        CalendarDayKind.DAY_OFF: "Ngày nghỉ bổ sung"}

_VIETNAMESE = {
    "This field is required.": REQUIRED,
    "Not a valid integer value.": "Cần nhập một số nguyên.",
    "Not a valid decimal value.": "Cần nhập một số (dùng dấu phẩy hoặc dấu chấm cho phần thập phân).",
    "Not a valid float value.": "Cần nhập một số.",
    "Not a valid date value.": "Ngày không hợp lệ; nhập theo dạng ngày/tháng/năm, ví dụ 26/04/2025.",
    "Not a valid datetime value.": "Thời điểm không hợp lệ.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "Invalid choice(s): one or more data inputs could not be coerced.": "Có lựa chọn không hợp lệ.",
    "'%(value)s' is not a valid choice for this field.": "«%(value)s» không phải là lựa chọn hợp lệ.",
    "'%(value)s' are not valid choices for this field.": "«%(value)s» không phải là lựa chọn hợp lệ.",
    "Invalid input.": "Giá trị không hợp lệ.",
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


def _choices(labels: dict, blank: str | None = None) -> list[SelectChoice]:
    """The options of a select, from a label table; `blank` first (value "") when given."""
    options = [SelectChoice(str(value), text) for value, text in labels.items()]
    return ([SelectChoice("", blank)] if blank is not None else []) + options


class FilterForm(AdminForm):
    """A GET filter: changes nothing, so no CSRF token; build it with `formdata=request.args`."""

    class Meta:
        csrf = False


class ConfirmForm(AdminForm):
    submit = SubmitField("Xác nhận")


# --- units ---------------------------------------------------------------------------------------------

class UnitForm(AdminForm):
    code = StringField("Mã đơn vị", validators=[DataRequired("Cần nhập mã đơn vị."), Length(max=40)])
    name = StringField("Tên đơn vị", validators=[DataRequired("Cần nhập tên đơn vị."), Length(max=200)])
    kind = SelectField("Loại đơn vị", choices=_choices(UNIT_KIND_LABELS))
    parent = ChoiceField("Đơn vị cấp trên")
    valid_from = _date("Hiệu lực từ ngày")
    valid_to = _date("Ngày kết thúc hiệu lực")
    successor = ChoiceField("Đơn vị kế thừa")
    submit = SubmitField("Lưu đơn vị")


class UnitFilterForm(FilterForm):
    status = SelectField("Tình trạng", choices=_choices({"valid": "Đang hoạt động", "ended": "Đã kết thúc"},
                                                                  "Tất cả"), validators=[Optional()])
    q = StringField("Tên hoặc mã", validators=[Length(max=100)])


# --- users and roles ------------------------------------------------------------------------------------

class NewUserForm(AdminForm):
    username = StringField("Tên đăng nhập", validators=[DataRequired("Cần nhập tên đăng nhập."), Length(max=80)],
                           render_kw={"autocomplete": "off"})
    full_name = StringField("Họ và tên", validators=[DataRequired("Cần nhập họ và tên."), Length(max=120)])
    password = PasswordField("Mật khẩu ban đầu", validators=[DataRequired("Cần nhập mật khẩu."), Length(max=200)],
                             render_kw={"autocomplete": "new-password"})
    unit = ChoiceField("Đơn vị công tác")
    submit = SubmitField("Tạo tài khoản")


class UserForm(AdminForm):
    full_name = StringField("Họ và tên", validators=[DataRequired("Cần nhập họ và tên."), Length(max=120)])
    unit = ChoiceField("Đơn vị công tác")
    submit = SubmitField("Lưu thông tin")


class GrantForm(AdminForm):
    role = SelectField("Vai trò", choices=_choices(ROLE_LABELS))
    # ids of their own: the account page also shows UserForm, which has a `unit` too
    unit = ChoiceField("Đơn vị (với cán bộ thi đua đơn vị)", id="grant-unit")
    authority = ChoiceField("Cấp có thẩm quyền (với Thường trực, Hội đồng, người ký)", id="grant-authority")
    submit = SubmitField("Cấp vai trò")


class PasswordForm(AdminForm):
    password = PasswordField("Mật khẩu mới", validators=[DataRequired("Cần nhập mật khẩu mới."), Length(max=200)],
                             render_kw={"autocomplete": "new-password"})
    submit = SubmitField("Đặt lại mật khẩu")


class UserFilterForm(FilterForm):
    q = StringField("Tên đăng nhập hoặc họ tên", validators=[Length(max=100)])
    role = SelectField("Vai trò", choices=_choices(ROLE_LABELS, "Mọi vai trò"), validators=[Optional()])
    status = SelectField("Tình trạng", choices=_choices({"active": "Đang hoạt động", "locked": "Đã khóa"}, "Tất cả"),
                         validators=[Optional()])


# --- award types ----------------------------------------------------------------------------------------

class AwardTypeForm(AdminForm):
    code = StringField("Mã", validators=[DataRequired("Cần nhập mã."), Length(max=40)])
    name = StringField("Tên hình thức / danh hiệu", validators=[DataRequired("Cần nhập tên."), Length(max=200)])
    certificate_title = StringField("Tiêu đề in trên bằng", validators=[
        DataRequired("Cần nhập tiêu đề in trên bằng."), Length(max=80)])
    category = SelectField("Loại", choices=_choices(CATEGORY_LABELS))
    authority = ChoiceField("Cấp có thẩm quyền khen thưởng")
    individual_allowed = BooleanField("Cá nhân")
    collective_allowed = BooleanField("Tập thể")
    household_allowed = BooleanField("Hộ gia đình")
    quorum_num = IntegerField("Tỷ lệ dự họp tối thiểu: tử số", validators=[InputRequired("Cần nhập tử số.")])
    quorum_den = IntegerField("Tỷ lệ dự họp tối thiểu: mẫu số", validators=[InputRequired("Cần nhập mẫu số.")])
    threshold_pct = VnDecimalField("Ngưỡng đồng ý (%)", validators=[InputRequired("Cần nhập ngưỡng đồng ý.")])
    denominator = SelectField("Tỷ lệ đồng ý tính trên", choices=_choices(DENOMINATOR_LABELS))
    ballot = SelectField("Hình thức biểu quyết", choices=_choices(BALLOT_LABELS))
    disclosure_required = BooleanField("Bắt buộc công khai lấy ý kiến nhân dân trước khi trình Hội đồng")
    notice_working_days = IntegerField("Số ngày làm việc công khai", validators=[
        InputRequired("Cần nhập số ngày công khai.")])
    coefficient_individual = VnDecimalField("Hệ số tiền thưởng: cá nhân", validators=[InputRequired(REQUIRED)])
    coefficient_collective = VnDecimalField("Hệ số tiền thưởng: tập thể", validators=[InputRequired(REQUIRED)])
    coefficient_household = VnDecimalField("Hệ số tiền thưởng: hộ gia đình", validators=[Optional()])
    certificate_layout = SelectField("Mẫu bằng", choices=_choices(LAYOUT_LABELS))
    legal_basis = TextAreaField("Căn cứ pháp lý (mỗi dòng một căn cứ)", validators=[Length(max=5000)])
    appraisal_checklist = TextAreaField("Danh mục thẩm định (mỗi dòng một mục)", validators=[Length(max=5000)])
    effective_from = _date("Hiệu lực từ ngày", InputRequired("Cần nhập ngày bắt đầu hiệu lực."))
    effective_to = _date("Hết hiệu lực từ sau ngày")
    submit = SubmitField("Lưu hình thức khen thưởng")

    SUBJECT_FIELDS = ("individual_allowed", "collective_allowed", "household_allowed")


# --- campaigns, indicators, targets ----------------------------------------------------------------------

class CampaignForm(AdminForm):
    name = StringField("Tên phong trào / đợt xét", validators=[DataRequired("Cần nhập tên."), Length(max=300)])
    description = TextAreaField("Mô tả", validators=[Length(max=10000)])
    authority = ChoiceField("Cấp có thẩm quyền khen thưởng")
    period_start = _date("Bắt đầu", InputRequired("Cần nhập ngày bắt đầu."))
    period_end = _date("Kết thúc", InputRequired("Cần nhập ngày kết thúc."))
    nomination_deadline = _date("Hạn nộp hồ sơ")
    is_public = BooleanField("Công khai trên trang chủ")
    award_types = ChecklistField("Hình thức khen thưởng được xét")
    submit = SubmitField("Lưu phong trào")


class IndicatorForm(AdminForm):
    code = StringField("Mã chỉ tiêu", validators=[DataRequired("Cần nhập mã chỉ tiêu."), Length(max=40)])
    name = StringField("Tên chỉ tiêu", validators=[DataRequired("Cần nhập tên chỉ tiêu."), Length(max=300)])
    measure_unit = StringField("Đơn vị tính", default="xã", validators=[
        DataRequired("Cần nhập đơn vị tính."), Length(max=40)])
    submit = SubmitField("Lưu chỉ tiêu")


class TargetForm(AdminForm):
    unit = ChoiceField("Đơn vị được giao")
    comparator = SelectField("Cách tính", choices=_choices(COMPARATOR_LABELS))
    value = IntegerField("Giá trị", validators=[InputRequired("Cần nhập giá trị chỉ tiêu.")])
    submit = SubmitField("Giao chỉ tiêu")


# --- calendar and base salary -----------------------------------------------------------------------------

class CalendarDayForm(AdminForm):
    day = _date("Ngày", InputRequired("Cần nhập ngày."))
    kind = SelectField("Loại ngày", choices=_choices(CALENDAR_KIND_LABELS))
    note = StringField("Ghi chú", validators=[DataRequired("Cần ghi chú lý do."), Length(max=200)])
    submit = SubmitField("Thêm vào lịch")


class BaseSalaryForm(AdminForm):
    valid_from = _date("Áp dụng từ ngày", InputRequired("Cần nhập ngày áp dụng."))
    amount = MoneyField("Mức lương cơ sở (đồng/tháng)", validators=[InputRequired("Cần nhập mức lương cơ sở.")])
    legal_basis = StringField("Văn bản quy định", validators=[Length(max=200)])
    confirmed = HiddenField(default="")
    submit = SubmitField("Thêm mức lương cơ sở")


# --- the audit log viewer -------------------------------------------------------------------------------

class AuditFilterForm(FilterForm):
    action = SelectField("Thao tác", choices=_choices(ACTION_LABELS, "Mọi thao tác"),
                         validators=[Optional()])
    object_type = SelectField("Loại đối tượng", choices=_choices(OBJECT_TYPE_LABELS, "Mọi loại"),
                              validators=[Optional()])
    object_id = IntegerField("Mã số đối tượng", validators=[
        Optional(), NumberRange(min=1, max=2**31 - 1, message="Mã số đối tượng là một số nguyên dương.")])
    actor = StringField("Tên đăng nhập người thực hiện", validators=[Length(max=80)])
    visibility = SelectField("Phạm vi", choices=_choices(VISIBILITY_LABELS, "Tất cả"),
                             validators=[Optional()])
    date_from = _date("Từ ngày")
    date_to = _date("Đến ngày")

