"""Index the person records again: the first given name with the initials of the second and of the surname.

A surname mistyped past its sound (Kayla Lindsey Newmn for Newman) on a
record without a whole date of birth met nothing of the record spelt right:
every key without the date holds the surname's sound; a first given name so
mistyped (Kyala L. Newman) met nothing either. Records with two given names
(or a middle initial) are now indexed under the first given name with the
initials of the second and of the first surname, and under the two initials
with the surname, read, as the other keys of names without the date, only
where one record lacks a whole date (``persons.person_keys``). Each record
gets today's keys, term counts and search terms
(``search.services.read_persons_again_everywhere``). No table changes.

Revision ID: 0055
Revises: 0054
Create Date: 2026-12-07 17:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0055'
down_revision = '0054'
branch_labels = None
depends_on = None


def upgrade():
    from coordinator.search.services import read_persons_again_everywhere

    read_persons_again_everywhere(op.get_bind())


def downgrade():
    # Not undone: the code before reads the same keys of every record, and the new keys only where they are found.
    pass
