"""Index the person records again, and write their search terms again: letters written as escapes.

A name copied out of a web address or a log ("N%C3%9A%C3%91EZ") or written
by a program with its letters escaped ("N\\xd1EZ", "N\\u00d1EZ") is now read
as the letters the escapes stand for (``names.mend``). Before, the escapes'
digits were read as the letters they look like, and such a record met no
key of the name written plainly. Each record gets today's keys, term counts
and search terms (``search.services.read_persons_again_everywhere``). No
table changes.

Revision ID: 0054
Revises: 0053
Create Date: 2026-12-07 14:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0054'
down_revision = '0053'
branch_labels = None
depends_on = None


def upgrade():
    from coordinator.search.services import read_persons_again_everywhere

    read_persons_again_everywhere(op.get_bind())


def downgrade():
    # Not undone: the code before reads the same keys and terms of every record but those of a name written with
    # escapes, which it reads as the escapes' characters.
    pass
