"""The authority's forms: issue a decision draft, refuse a line, revoke an award. Validation only."""
from wtforms import HiddenField, StringField, SubmitField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, InputRequired, Length, Regexp

from ..rules.states import ACTION_LABELS, Action
from .common import ActionForm, BulkForm, ReasonForm


class IssueForm(BulkForm):
    """Ban hành quyết định: carries each line's id and the version the authority saw on the confirmation page."""

    STALE = "Danh sách hồ sơ gửi lên không hợp lệ. Vui lòng tải lại trang xác nhận."

    ids = HiddenField(validators=[InputRequired(STALE)])
    versions = HiddenField(validators=[InputRequired(STALE)])
    submit = SubmitField(ACTION_LABELS[Action.DECIDE])

    def validate_versions(self, field) -> None:
        try:
            self.expected_versions()
        except ValueError:
            raise ValidationError(self.STALE) from None

    def expected_versions(self) -> dict[int, int]:
        ids = [int(v) for v in (self.ids.data or "").split(",") if v.strip()]
        versions = [int(v) for v in (self.versions.data or "").split(",") if v.strip()]
        if not ids or len(ids) != len(versions):
            raise ValueError("ids and versions differ")
        return dict(zip(ids, versions, strict=True))


class RefuseForm(ReasonForm):
    reason = TextAreaField("Lý do không khen thưởng",
                           validators=[DataRequired("Cần nêu lý do không khen thưởng."), Length(
                               max=2000, message="Lý do không được dài quá 2.000 ký tự.")])
    submit = SubmitField(ACTION_LABELS[Action.REFUSE])


class RevokeForm(ActionForm):
    reason = TextAreaField("Lý do thu hồi", validators=[
        DataRequired("Cần nêu lý do thu hồi."), Length(max=2000, message="Lý do không được dài quá 2.000 ký tự.")])
    revoking_decision_no = StringField("Số quyết định thu hồi", validators=[
        DataRequired("Cần ghi số quyết định thu hồi."), Length(max=60, message="Số quyết định quá dài."),
        Regexp(r"^\s*\d+/[\wĐđ.\-]+\s*$", message="Số quyết định có dạng «số/ký hiệu», ví dụ 45/QĐ-UBND.")],
        render_kw={"placeholder": "45/QĐ-UBND", "autocomplete": "off"})
    submit = SubmitField(ACTION_LABELS[Action.REVOKE])
