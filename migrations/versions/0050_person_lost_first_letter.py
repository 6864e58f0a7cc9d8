"""Index the person records again, and write their search terms again: a lost first letter.

A letter another system could not store is read as the one that makes a
known name ("L?pez" as López); one lost at the start of a word ("?lvarez",
"?scar", "?ngel") was left out, so Álvarez was indexed as LVAREZ and met
no key of Álvarez registered later, nor did a search for Álvarez find it.
Each record gets today's keys and term counts
(``conflicts.rekey.read_persons_again``) and today's search terms
(``search.services.reindex_persons``). No table changes.

Revision ID: 0050
Revises: 0049
Create Date: 2026-12-06 23:25:00

"""
from alembic import op
from sqlalchemy.orm import Session


# revision identifiers, used by Alembic.
revision = '0050'
down_revision = '0049'
branch_labels = None
depends_on = None


def upgrade():
    from coordinator.conflicts.rekey import read_persons_again
    from coordinator.search.services import reindex_persons

    read_persons_again(op.get_bind())
    session = Session(bind=op.get_bind())
    reindex_persons(session)
    session.close()


def downgrade():
    # Not undone: the code before reads the same keys and terms of every record but those with a lost first
    # letter, which it reads as the letters left.
    pass
