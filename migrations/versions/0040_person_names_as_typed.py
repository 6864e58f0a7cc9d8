"""Index and count the person records again as names are now read, under the keys a check now reads.

The person matcher now reads
- a name field holding only what is typed for a name not known ("N/A",
  "XX" as the CURP writes a missing surname, "NMN", "Sin dato") as empty:
  "XX" was a surname of its own, which differed from the real one on
  another record and held a true match back;
- a form of address before the given names ("Lic.", "Sra.", "Mr.") as no
  name: it was a first given name that differed;
- "de" before a surname with its own particle ("de Del Ángel") as a
  married name, as a lone "de" is;
- an accent sent as a combining mark, and a zero-width space or a soft
  hyphen, as part of the word: they split "Hernández" in two;
- "St." and "Sta." before another word of a surname as Saint and Santa;

and a record with a date of birth is indexed under more keys: the
initials of its first given name and first surname with the date, the
first given name with a surname and the year in either order, and one of
the two names with the other's initial and the year. Nearly every
record's keys change: each indexed person record (a purged one has no keys
and gets none) is given today's keys (``conflicts.rekey.rekey_persons``,
what ``persons rekey`` runs), and the term counts are counted again from
every person record (``conflicts.frequencies.recount``). No table changes.

Revision ID: 0040
Revises: 0038
Create Date: 2026-12-05 04:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0040'
down_revision = '0038'
branch_labels = None
depends_on = None


def upgrade():
    from coordinator.conflicts.rekey import read_persons_again

    read_persons_again(op.get_bind())


def downgrade():
    # Not undone: the code before reads today's keys in part (never the new ones) and today's counts; a record
    # is indexed as it expects again when it is next written.
    pass
