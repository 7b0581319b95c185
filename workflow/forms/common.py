"""Forms every area uses: an action button carrying the version the user saw, and confirmation with a
reason."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

REQUIRED = _l("Trường này là bắt buộc.")


class ActionForm(FlaskForm):
    """A state-changing button: CSRF plus the version the user saw (optimistic locking)."""

    version = IntegerField(validators=[InputRequired(REQUIRED)])
    submit = SubmitField(_l("Xác nhận"))


class ReasonForm(ActionForm):
    reason = TextAreaField(_l("Lý do"), validators=[DataRequired(_l("Cần nêu lý do.")), Length(max=2000)])


class BulkForm(FlaskForm):
    """Several nominations at once: `ids` and `versions` are parallel comma lists carried to the confirm page."""

    ids = HiddenField()
    versions = HiddenField()
    submit = SubmitField(_l("Xác nhận"))


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    q = StringField(_l("Tìm kiếm"), validators=[Length(max=200)])
