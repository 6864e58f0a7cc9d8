"""Index the person records again: a whole name surnames first, a DOS code page, "NA", a widow's married name.

The person matcher now reads
- a whole name typed surnames first into the given-name field alone
  ("HERNANDEZ GARCIA JOSE LUIS") as its surnames and given names, where the
  words say which they are, and "GARCIA, JOSE" in the surname field alone
  as a surname and a given name;
- a name of a DOS code page read as Windows-1252 ("PE¥A", "G¢mez", and a
  no-break space for á where that makes a known name: "Ju rez"), and an Ñ
  typed as "N~", as the letters meant;
- "NA", "SD" and the like alone in a middle-name or second-surname field as
  no name, as "N/A" is;
- "Vda." or "viuda" before "de" and a husband's surname as a widow's married
  name, not a surname of its own.

Each such record gets today's keys and the term counts are counted again
(``conflicts.rekey.read_persons_again``). No table changes.

Revision ID: 0045
Revises: 0044
Create Date: 2026-12-06 11:50:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0045'
down_revision = '0044'
branch_labels = None
depends_on = None


def upgrade():
    from coordinator.conflicts.rekey import read_persons_again

    read_persons_again(op.get_bind())


def downgrade():
    # Not undone: the code before reads the same keys of every other record; one of these is indexed as it
    # expects again when it is next written.
    pass
