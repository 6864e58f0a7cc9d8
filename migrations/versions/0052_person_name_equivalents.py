"""Index the person records again, and write their search terms again: more Spanish and English forms of a name.

A given name a US form records in English for a Mexican name (Alexandra for
Alejandra, Danielle for Daniela, Mark for Marcos, Joshua for Josué), or in
Spanish for a US name, was read as another given name: such a record met no
key of the other form registered later, and a pair born the same day raised
nothing. The table of equivalents (``deconfliction.nicknames``) now holds
them, and the nickname table a few forms it lacked (Angelito, Raulito,
Ramoncito; Vale for Valentina; Cris for Cristóbal and Cristian). Each record gets today's keys and term counts
(``conflicts.rekey.read_persons_again``) and today's search terms
(``search.services.reindex_persons``). No table changes.

Revision ID: 0052
Revises: 0051
Create Date: 2026-12-07 05:40:00

"""
from alembic import op
from sqlalchemy.orm import Session


# revision identifiers, used by Alembic.
revision = '0052'
down_revision = '0051'
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
    # whose other-language form the table lacked, which it reads as a name of its own.
    pass
