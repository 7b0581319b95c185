"""The council member's ballot: agree, disagree or abstain, once per agenda item. Validation only."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from wtforms import RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

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
