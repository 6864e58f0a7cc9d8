"""Index the person records again, and write their search terms again: nicknames of two given names.

The person matcher now reads a nickname that stands for two given names
(Marijo for María José, Chema for José María, Maite for María Teresa) as a
form of its first name: a record under one was indexed under the
nickname's own sound alone, and María José registered later met no key of
it; nor did a search for María find it. The table also holds more Mexican
hypocoristics (Pita for Guadalupe, Chavela for Isabel, Temo for Cuauhtémoc,
Tino, Mundo, Chona, Nardo...). Each record gets today's keys and
term counts (``conflicts.rekey.read_persons_again``) and today's search
terms (``search.services.reindex_persons``). No table changes.

Revision ID: 0049
Revises: 0048
Create Date: 2026-12-06 19:20:00

"""
from alembic import op
from sqlalchemy.orm import Session


# revision identifiers, used by Alembic.
revision = '0049'
down_revision = '0048'
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
    # Not undone: the code before reads the same keys and terms of every record but the new ones, which it never
    # reads.
    pass
