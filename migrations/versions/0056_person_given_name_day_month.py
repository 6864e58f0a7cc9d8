"""Index the person records again: the first given name with the surname's initial, the day and the month; Á, Í lost.

A surname mistyped past its sound and a wrong year at once (Russell Sith
born 2000 for Russell Smith, born 2005) met nothing of the record spelt
right: every key with the day and month holds the surname's sound or the
year. Records with a whole date of birth are now indexed under the first
given name with the first surname's initial, the day and the month
(``pgm:``), the mirror of the initial with the surname (``pim:``). An Á
or Í in UTF-8 read as Windows-1252, "Ã" and a byte that code page lacks
("RODRÃ\ufffdGUEZ"), is read as one lost letter, as the name it makes
(``names.mend``). Each record gets today's keys, term counts and search terms
(``search.services.read_persons_again_everywhere``). No table changes.

Revision ID: 0056
Revises: 0055
Create Date: 2026-12-07 19:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0056'
down_revision = '0055'
branch_labels = None
depends_on = None


def upgrade():
    from coordinator.search.services import read_persons_again_everywhere

    read_persons_again_everywhere(op.get_bind())


def downgrade():
    # Not undone: the code before reads the same keys of every record, and the new keys only where they are found.
    pass
