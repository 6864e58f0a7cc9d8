"""Index the person records again: a mistyped "del", and two initials run together.

The person matcher now reads
- "María Dle Carmen" (and Edl, Dl) as María del Carmen: the mistyped
  particle is no given name, and the name after it is her second given
  name, under whose sound such a record is indexed too;
- two letters without a vowel in a given-name field (JL, TJ) as two
  initials, not as a name of their own, indexed as initials are.

Each such record gets today's keys and the term counts are counted again
(``conflicts.rekey.read_persons_again``). No table changes.

Revision ID: 0044
Revises: 0043
Create Date: 2026-12-06 06:05:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0044'
down_revision = '0043'
branch_labels = None
depends_on = None


def upgrade():
    from coordinator.conflicts.rekey import read_persons_again

    read_persons_again(op.get_bind())


def downgrade():
    # Not undone: the code before reads the same keys of every other record; one of these is indexed as it
    # expects again when it is next written.
    pass
