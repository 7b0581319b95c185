"""Council: the rule frozen on each agenda item, and the minutes' number, chair and secretary.

Each agenda item keeps the council rule (quorum, threshold, denominator; the ballot kind was already copied)
it was put on the agenda with, so a later edit of the award type cannot change a session's outcome. Existing
items are filled from their award type as it stands. A session records who chairs it (chair_id) and who closed
it (closed_by_id, the secretary under the minutes, filled from the audit trail's close_session event) and the
minutes' number, one sequence per authority and year ("12/BB-HĐTĐKT"): closed sessions are numbered in the
order they were closed, and the issuer's counter continues from there. Existing sessions get no chair: who
chaired them was never recorded.

Revision ID: 3c7e9a1d5b42
Revises: 8d2f3c1a9b7e
Create Date: 2026-12-05 09:00:00

"""
from datetime import date

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3c7e9a1d5b42'
down_revision = '8d2f3c1a9b7e'
branch_labels = None
depends_on = None

MINUTES_SUFFIX = "BB-HĐTĐKT"
RULE = (("quorum_num", sa.Integer()), ("quorum_den", sa.Integer()), ("threshold_pct", sa.Numeric(5, 2)),
        ("denominator", sa.String(length=10)))


def upgrade():
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        for name, type_ in RULE:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
    with op.batch_alter_table('council_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chair_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('closed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('minutes_number', sa.String(length=40), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_council_session_chair_id_user_account'), 'user_account',
                                    ['chair_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_council_session_closed_by_id_user_account'), 'user_account',
                                    ['closed_by_id'], ['id'])

    _freeze_existing_rules()
    _fill_closed_sessions()

    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        for name, type_ in RULE:
            batch_op.alter_column(name, existing_type=type_, nullable=False)
        batch_op.create_check_constraint(batch_op.f('ck_agenda_item_denominator_valid'),
                                         "denominator IN ('all', 'present')")


def _freeze_existing_rules():
    for name, _type in RULE:
        # `name` comes from the constant RULE (column names), never from input
        op.execute(f"UPDATE agenda_item SET {name} = (SELECT award_type.{name} FROM award_type "  # nosec B608
                   f"JOIN nomination ON nomination.award_type_id = award_type.id "
                   f"WHERE nomination.id = agenda_item.nomination_id)")


def _fill_closed_sessions():
    bind = op.get_bind()
    op.execute("UPDATE council_session SET closed_by_id = (SELECT audit_event.actor_id FROM audit_event "
               "WHERE audit_event.action = 'close_session' AND audit_event.object_type = 'council_session' "
               "AND audit_event.object_id = council_session.id ORDER BY audit_event.seq LIMIT 1) "
               "WHERE status = 'closed'")
    rows = bind.execute(sa.text("SELECT id, authority_id, meeting_date FROM council_session WHERE status = 'closed' "
                                "ORDER BY closed_at, id")).all()
    last: dict[tuple[int, int], int] = {}
    for session_id, authority_id, meeting_date in rows:
        year = (meeting_date if isinstance(meeting_date, date) else date.fromisoformat(str(meeting_date)[:10])).year
        last[authority_id, year] = last.get((authority_id, year), 0) + 1
        bind.execute(sa.text("UPDATE council_session SET minutes_number = :number WHERE id = :id"),
                     {"number": f"{last[authority_id, year]}/{MINUTES_SUFFIX}", "id": session_id})
    for (authority_id, year), value in last.items():
        bind.execute(sa.text("INSERT INTO issuer_counter (authority_id, series, value) VALUES (:a, :s, :v)"),
                     {"a": authority_id, "s": f"minutes:{year}", "v": value})


def downgrade():
    op.execute("DELETE FROM issuer_counter WHERE series LIKE 'minutes:%'")
    with op.batch_alter_table('council_session', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_council_session_closed_by_id_user_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_council_session_chair_id_user_account'), type_='foreignkey')
        batch_op.drop_column('minutes_number')
        batch_op.drop_column('closed_by_id')
        batch_op.drop_column('chair_id')
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_agenda_item_denominator_valid'), type_='check')
        for name, _type in reversed(RULE):
            batch_op.drop_column(name)
