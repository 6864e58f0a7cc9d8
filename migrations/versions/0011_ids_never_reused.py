"""Ids of purged records and dropped links are never given again (SQLite ``AUTOINCREMENT``).

Without ``AUTOINCREMENT`` SQLite hands out the highest deleted id again: the
next subject record anyone registered took the id of a purged one and
appeared, name and date of birth, on the purging agency's alerts that still
named that id. ``subject_records`` and ``subject_links`` (the rows a purge or
a changed record deletes) are rebuilt with ``sqlite_autoincrement``, and each
table's counter starts above every id still named elsewhere (alert sides,
retention reviews), so ids handed out before this revision are not reused
either. PostgreSQL's sequences never go back: nothing changes there.

The rebuild is batch mode's copy-and-move, with foreign keys off for its
duration (set outside the transaction, where SQLite honours it): with them
on, dropping the old table would cascade into the records' keys and links.
A foreign-key check before they are switched on again proves nothing broke.

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-02 16:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0007'
branch_labels = None
depends_on = None

TABLES = ("subject_records", "subject_links")
# Where else each table's ids are named after their row is gone (written out: no SQL from pieces).
NAMED_ELSEWHERE = {
    "subject_records": (
        "SELECT max(record_id) FROM alert_sides WHERE record_type = 'subject'",
        "SELECT max(subject_id) FROM retention_reviews",
        "SELECT max(id) FROM subject_records",
    ),
    "subject_links": ("SELECT max(id) FROM subject_links",),
}


def _foreign_keys(on: bool) -> None:
    with op.get_context().autocommit_block():
        op.execute("PRAGMA foreign_keys=ON" if on else "PRAGMA foreign_keys=OFF")


def _rebuild(autoincrement: bool) -> None:
    _foreign_keys(False)
    try:
        for table in TABLES:
            with op.batch_alter_table(table, recreate="always",
                                      table_kwargs={"sqlite_autoincrement": autoincrement}):
                pass
        broken = op.get_bind().execute(sa.text("PRAGMA foreign_key_check")).fetchall()
        if broken:
            raise RuntimeError(f"rebuilding {TABLES} broke foreign keys: {broken[:5]}")
    finally:
        _foreign_keys(True)


def _start_counters_above_named_ids() -> None:
    bind = op.get_bind()
    for table, queries in NAMED_ELSEWHERE.items():
        highest = max((bind.execute(sa.text(query)).scalar() or 0) for query in queries)
        bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = :name"), {"name": table})
        bind.execute(sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:name, :seq)"),
                     {"name": table, "seq": highest})


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    _rebuild(autoincrement=True)
    _start_counters_above_named_ids()


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    _rebuild(autoincrement=False)
