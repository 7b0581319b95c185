"""Forms every area uses: an action button carrying the version the user saw, and confirmation with a
reason."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

REQUIRED = "Trường này là bắt buộc."


class ActionForm(FlaskForm):
    """A state-changing button: CSRF plus the version the user saw (optimistic locking)."""

    version = IntegerField(validators=[InputRequired(REQUIRED)])
    submit = SubmitField("Xác nhận")


class ReasonForm(ActionForm):
    reason = TextAreaField("Lý do", validators=[DataRequired("Cần nêu lý do."), Length(max=2000)])


class BulkForm(FlaskForm):
    """Several nominations at once: `ids` and `versions` are parallel comma lists carried to the confirm page."""

    ids = HiddenField()
    versions = HiddenField()
    submit = SubmitField("Xác nhận")


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    q = StringField("Tìm kiếm", validators=[Length(max=200)])
