"""The council member's ballot: agree, disagree or abstain, once per agenda item. Validation only."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ..rules.permissions import RELATION_LABELS
from ..rules.states import ACTION_CONTEXT, ACTION_LABELS, Action
from ..rules.tally import Choice
from .common import FlaskForm

CHOICE_LABELS = {
    Choice.AGREE: _l("Đồng ý"),
    Choice.DISAGREE: _l("Không đồng ý"),
    Choice.ABSTAIN: _l("Không biểu quyết"),
}


class BallotForm(FlaskForm):
    """Phiếu biểu quyết. No version: the service itself refuses a second ballot on the same item."""

    choice = RadioField(_l("Ý kiến của bạn"),
                        choices=[SelectChoice(str(c), label) for c, label in CHOICE_LABELS.items()],
                        validators=[InputRequired(_l("Vui lòng chọn một trong ba phương án biểu quyết."))],
                        invalid_choice_message=_l("Phương án biểu quyết không hợp lệ."))
    submit = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.VOTE]))


class DeclarationForm(FlaskForm):
    """Khai báo quan hệ with the nominee: the member then does not vote on the nomination."""

    relation = SelectField(_l("Quan hệ với người được đề nghị"),
                           choices=[SelectChoice(str(r), _l(label)) for r, label in RELATION_LABELS.items()],
                           validators=[InputRequired(_l("Cần chọn quan hệ với người được đề nghị."))],
                           validate_choice=False)  # the service refuses an unknown relation, in Vietnamese
    note = StringField(_l("Ghi rõ (bắt buộc với quan hệ khác)"),
                       validators=[Optional(), Length(max=300, message=_l("Tối đa 300 ký tự."))])
    submit = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.DECLARE_RELATION]))


class WrittenBallotForm(FlaskForm):
    """Phiếu bầu bằng văn bản of an absent member, recorded by the secretariat with the scanned paper."""

    member_id = SelectField(_l("Thành viên vắng mặt gửi phiếu"), coerce=int, validate_choice=False)
    choice = RadioField(_l("Ý kiến ghi trên phiếu"),
                        choices=[SelectChoice(str(c), label) for c, label in CHOICE_LABELS.items()],
                        validators=[InputRequired(_l("Vui lòng chọn một trong ba phương án biểu quyết."))],
                        invalid_choice_message=_l("Phương án biểu quyết không hợp lệ."))
    scan = FileField(_l("Bản quét phiếu bầu (PDF, PNG hoặc JPEG)"))
    submit = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.RECORD_WRITTEN_BALLOT]))

    def upload(self) -> tuple[str, bytes]:
        file = self.scan.data
        if not file or not getattr(file, "filename", ""):
            return "", b""  # the service refuses an empty file, beside the field
        return file.filename, file.read()
