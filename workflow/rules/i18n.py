"""Markers for labels the UI translates: the Vietnamese text is the message id. Pure: no Flask-Babel here;
`pybabel extract -k N_ -k NC_:1c,2` finds the marked strings, and the templates translate them at render time.
"""


def N_(text: str) -> str:
    return text


def NC_(context: str, text: str) -> str:
    """N_ with a message context, for a Vietnamese text that needs two English ones (see states.ACTION_LABELS);
    translate it with pgettext(context, text)."""
    return text


def vietnamese(message: str, **params) -> str:
    """The message id itself with its %(name)s placeholders filled: the default `gettext` of code that also
    writes official files (reports stay Vietnamese, whatever language the reader chose for the pages)."""
    return message % params if params else message
