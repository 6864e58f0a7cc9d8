"""Index the person records again: an initial with the day and month, a given name as written, soft hyphens read.

The person matcher now
- indexes a record with a whole date of birth under the initial of its
  first given name with each of its first two surnames, the day and the
  month: a given name mistyped past its sound with a digit of the year
  wrong (Rboert Goins born 1970 for Robert, born 1979) met no key before;
- reads a soft hyphen inside a name as nothing, or as the "í" whose "Ã" was
  lost on the way between systems ("Mar\u00ada"), whichever makes a known
  name: before, one after an "a" was always read as that "í" (Pat as Pít);
- indexes the first given name with a surname and the year (``py:``) also
  as the given name sounds written, as a surname field reads it: Robert
  was read only as Roberto, the formal name of its class, and "Miller"
  "Robert" (the fields exchanged) with the month mistyped met no key.

Each record gets today's keys and the term counts are counted again
(``conflicts.rekey.read_persons_again``). No table changes.

Revision ID: 0047
Revises: 0046
Create Date: 2026-12-06 16:35:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0047'
down_revision = '0046'
branch_labels = None
depends_on = None


def upgrade():
    from coordinator.conflicts.rekey import read_persons_again

    read_persons_again(op.get_bind())


def downgrade():
    # Not undone: the code before reads the same keys of every record but the new ones, which it never reads.
    pass
