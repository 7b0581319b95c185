"""Forms every area uses: the base of every form (its text fields cleaned), an action button carrying the
version the user saw, and confirmation with a reason."""
import flask_wtf
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, PasswordField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from ..rules.text import clean_line, clean_lines

REQUIRED = _l("Trường này là bắt buộc.")


def text_cleaner(field_class: type):
    """The cleaning a field's input gets before its own filters: a text area keeps its lines, a one-line
    field (hidden ones included) gets none; a password is taken exactly as typed; other fields parse."""
    if issubclass(field_class, PasswordField) or not issubclass(field_class, StringField):
        return None
    return clean_lines if issubclass(field_class, TextAreaField) else clean_line


class FlaskForm(flask_wtf.FlaskForm):
    """flask_wtf's FlaskForm, with every text field cleaned by rules.text (NFC, no control, bidi or zero-width
    characters, capped combining marks) before its own filters and validators run, so no form can forget it:
    a right-to-left override in a name once printed a decision's sentence backwards. Every form of the app
    derives from this class (tests/web/test_text_input.py checks it)."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            cleaner = text_cleaner(unbound_field.field_class)
            if cleaner is not None:
                options = {**options, "filters": [cleaner, *unbound_field.kwargs.get("filters", ())]}
            return super().bind_field(form, unbound_field, options)


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
