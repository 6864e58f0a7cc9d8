"""Index the person records again, and write their search terms again: given names typed shortened.

A given name typed shortened with a dot that the table of abbreviations
lacks ("Guad.", "Salv.", "Mnl.") was read letter by letter, as another
given name than the one it shortens, and "Juampa" as no form of Juan
Pablo: such a record met no key of Guadalupe registered later, nor did a
search for Guadalupe find it. Each record gets today's keys and term counts
(``conflicts.rekey.read_persons_again``) and today's search terms
(``search.services.reindex_persons``). No table changes.

Revision ID: 0051
Revises: 0050
Create Date: 2026-12-07 03:05:00

"""
from alembic import op
from sqlalchemy.orm import Session


# revision identifiers, used by Alembic.
revision = '0051'
down_revision = '0050'
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
    # Not undone: the code before reads the same keys and terms of every record but those with a given name
    # typed shortened, which it reads letter by letter.
    pass
