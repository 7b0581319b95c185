"""The transparency log (issue 19): a Merkle tree over the public audit events, with signed checkpoints.

- audit_event.leaf_index: a public event's index among the tree's leaves (internal events have none).
- audit_head.log_size, audit_head.log_frontier: the tree's size and right edge, updated with the chain head.
- log_node: the hash of every complete subtree (level, idx); log_checkpoint: the signed checkpoints, one per size.
- job.kind gains 'checkpoint' (the periodic signing of a checkpoint runs on the job queue).

Backfill: every public event already in the chain becomes a leaf, in chain order, exactly as audit.record would
have appended it (its exported record as canonical JSON, hashed RFC 6962-style). No checkpoint is made here: the
log key may not be configured yet; the first periodic job (or `flask transparency checkpoint`) signs one.

Revision ID: f19a00000001
Revises: f18d00000001
Create Date: 2026-12-07 00:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f19a00000001"
down_revision = "f18d00000001"
branch_labels = None
depends_on = None

JOB_KINDS_BEFORE = "kind IN ('issue_decision', 'print', 'send_mail', 'deliver_webhook')"
JOB_KINDS_AFTER = "kind IN ('issue_decision', 'print', 'send_mail', 'deliver_webhook', 'checkpoint')"
BATCH = 5000
FIELDS = ("seq", "occurred_at", "actor_id", "actor_name", "role", "action", "object_type", "object_id",
          "from_state", "to_state", "changes", "reason", "visibility", "prev_hash", "hash")


def upgrade():
    with op.batch_alter_table("audit_event", schema=None) as batch:
        batch.add_column(sa.Column("leaf_index", sa.BigInteger(), nullable=True))
        batch.create_unique_constraint(op.f("uq_audit_event_leaf_index"), ["leaf_index"])
        batch.create_check_constraint(op.f("ck_audit_event_leaf_is_public"),
                                      "leaf_index IS NULL OR (leaf_index >= 0 AND visibility = 'public')")
    with op.batch_alter_table("audit_head", schema=None) as batch:
        batch.add_column(sa.Column("log_size", sa.BigInteger(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("log_frontier", sa.Text(), nullable=False, server_default=""))
        batch.create_check_constraint(op.f("ck_audit_head_log_size_valid"), "log_size >= 0")
        batch.create_check_constraint(op.f("ck_audit_head_log_frontier_hashes"), "length(log_frontier) % 64 = 0")
    op.create_table(
        "log_node",
        sa.Column("level", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("idx", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.LargeBinary(length=32), nullable=False),
        sa.CheckConstraint("level >= 0 AND level < 64", name=op.f("ck_log_node_level_valid")),
        sa.CheckConstraint("idx >= 0", name=op.f("ck_log_node_idx_valid")),
        sa.CheckConstraint("length(hash) = 32", name=op.f("ck_log_node_hash_is_sha256")),
        sa.PrimaryKeyConstraint("level", "idx", name=op.f("pk_log_node")),
    )
    op.create_table(
        "log_checkpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("root", sa.LargeBinary(length=32), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("origin", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("size > 0", name=op.f("ck_log_checkpoint_size_positive")),
        sa.CheckConstraint("length(root) = 32", name=op.f("ck_log_checkpoint_root_is_sha256")),
        sa.CheckConstraint("length(origin) > 0", name=op.f("ck_log_checkpoint_origin_named")),
        sa.CheckConstraint("length(note) > 0", name=op.f("ck_log_checkpoint_note_signed")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_log_checkpoint")),
        sa.UniqueConstraint("size", name=op.f("uq_log_checkpoint_size")),
    )
    with op.batch_alter_table("log_checkpoint", schema=None) as batch:
        batch.create_index(op.f("ix_log_checkpoint_signed_at"), ["signed_at"], unique=False)
    with op.batch_alter_table("job", schema=None) as batch:
        batch.drop_constraint(op.f("ck_job_kind_valid"), type_="check")
        batch.create_check_constraint(op.f("ck_job_kind_valid"), JOB_KINDS_AFTER)
    _backfill(op.get_bind())


def _backfill(connection) -> None:
    """The public events, in chain order, appended to the tree as audit.record appends them now."""
    from workflow.rules import merkle
    from workflow.rules.transparency_log import leaf_data

    events = sa.table("audit_event", sa.column("id", sa.Integer), sa.column("leaf_index", sa.BigInteger),
                      sa.column("occurred_at", sa.DateTime), sa.column("changes", sa.JSON),
                      *(sa.column(name) for name in FIELDS if name not in ("occurred_at", "changes")))
    nodes = sa.table("log_node", sa.column("level"), sa.column("idx"), sa.column("hash", sa.LargeBinary))
    head = sa.table("audit_head", sa.column("id"), sa.column("log_size"), sa.column("log_frontier"))
    size, frontier, last_seq = 0, [], 0
    while True:
        rows = connection.execute(sa.select(events.c.id, *(events.c[name] for name in FIELDS))
                                  .where(events.c.visibility == "public", events.c.seq > last_seq)
                                  .order_by(events.c.seq).limit(BATCH)).mappings().all()
        if not rows:
            break
        made_rows, indexes = [], []
        for row in rows:
            record = {name: row[name] for name in FIELDS}
            record["occurred_at"], record["changes"] = row["occurred_at"].isoformat(), row["changes"] or {}
            frontier, made = merkle.append(size, frontier, merkle.leaf_hash(leaf_data(record)))
            made_rows += [{"level": level, "idx": index, "hash": digest} for level, index, digest in made]
            indexes.append({"event_id": row["id"], "leaf": size})
            size += 1
        connection.execute(nodes.insert(), made_rows)
        connection.execute(events.update().where(events.c.id == sa.bindparam("event_id"))
                           .values(leaf_index=sa.bindparam("leaf")), indexes)
        last_seq = rows[-1]["seq"]
    connection.execute(head.update().where(head.c.id == 1)
                       .values(log_size=size, log_frontier="".join(h.hex() for h in frontier)))


def downgrade():
    op.execute("DELETE FROM job WHERE kind = 'checkpoint'")
    with op.batch_alter_table("job", schema=None) as batch:
        batch.drop_constraint(op.f("ck_job_kind_valid"), type_="check")
        batch.create_check_constraint(op.f("ck_job_kind_valid"), JOB_KINDS_BEFORE)
    with op.batch_alter_table("log_checkpoint", schema=None) as batch:
        batch.drop_index(op.f("ix_log_checkpoint_signed_at"))
    op.drop_table("log_checkpoint")
    op.drop_table("log_node")
    with op.batch_alter_table("audit_head", schema=None) as batch:
        batch.drop_constraint(op.f("ck_audit_head_log_frontier_hashes"), type_="check")
        batch.drop_constraint(op.f("ck_audit_head_log_size_valid"), type_="check")
        batch.drop_column("log_frontier")
        batch.drop_column("log_size")
    with op.batch_alter_table("audit_event", schema=None) as batch:
        batch.drop_constraint(op.f("ck_audit_event_leaf_is_public"), type_="check")
        batch.drop_constraint(op.f("uq_audit_event_leaf_index"), type_="unique")
        batch.drop_column("leaf_index")
