"""Pure workflow rules: states and transitions, permissions, council tally, working days, prize money,
decision numbering, text folding and the audit hash chain.

Nothing here imports Flask or SQLAlchemy, so every rule is testable in microseconds and reusable from
services, views, the CLI and the tests alike.
"""
