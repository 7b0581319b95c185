"""The secretariat's correction (đính chính) of a published answer to a citizen's comment: the corrected
text, the outcome when it may change, and the public reason. Two stages, like the answer itself."""
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..models import Resolution
from .secretariat import CHOICE_MESSAGES, RESOLUTION_LABELS, StagedForm

# The outcomes a correction may choose between; an upheld objection keeps its outcome (the nomination was
# already handled by it), so only its text can be corrected.
CORRECTABLE = (Resolution.REJECTED, Resolution.NOTED)


class CorrectionForm(StagedForm):
    answer = TextAreaField(_l("Nội dung trả lời sau đính chính (sẽ được công khai)"), validators=[
        DataRequired(_l("Cần nhập nội dung trả lời sau đính chính.")),
        Length(max=5000, message=_l("Nội dung trả lời dài quá 5000 ký tự."))])
    resolution = RadioField(_l("Kết quả xử lý"), **CHOICE_MESSAGES, choices=[
        SelectChoice(str(r), RESOLUTION_LABELS[r]) for r in CORRECTABLE],
        validators=[InputRequired(_l("Cần chọn kết quả xử lý."))])
    reason = TextAreaField(_l("Lý do đính chính (được công khai)"), validators=[
        DataRequired(_l("Cần nêu lý do đính chính.")), Length(max=2000, message=_l("Lý do dài quá 2000 ký tự."))])

    def for_upheld(self) -> "CorrectionForm":
        """An upheld objection: the outcome is not offered, only the text and the reason."""
        self.resolution.validators = [Optional()]
        self.resolution.choices = []
        return self
