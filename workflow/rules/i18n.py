"""A marker for labels the UI translates: the Vietnamese text is the message id. Pure: no Flask-Babel here;
`pybabel extract -k N_` finds the marked strings, and the templates translate them at render time."""


def N_(text: str) -> str:
    return text
