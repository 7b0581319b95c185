"""The council member's ballot: agree, disagree or abstain, once per agenda item. Validation only."""
from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from ..rules.states import ACTION_LABELS, Action
from ..rules.tally import Choice

CHOICE_LABELS = {
    Choice.AGREE: "Đồng ý",
    Choice.DISAGREE: "Không đồng ý",
    Choice.ABSTAIN: "Không biểu quyết",
}


class BallotForm(FlaskForm):
    """Phiếu biểu quyết. No version: the service itself refuses a second ballot on the same item."""

    choice = RadioField("Ý kiến của bạn", choices=[SelectChoice(str(c), label) for c, label in CHOICE_LABELS.items()],
                        validators=[InputRequired("Vui lòng chọn một trong ba phương án biểu quyết.")],
                        invalid_choice_message="Phương án biểu quyết không hợp lệ.")
    submit = SubmitField(ACTION_LABELS[Action.VOTE])
