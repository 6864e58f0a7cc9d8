"""Index and count the person records again: a surname of particles only, "X.", degrees and "Sr(a).".

The person matcher now reads
- a surname field holding only what is otherwise a particle ("Los", "Van",
  "De", "Di") as that surname: it was read as no surname at all, and a
  given name and a date of birth alone raised a "possible" against anyone
  of that given name born that day;
- "X." in a name field as an initial (Ximena, Xavier), where "X" alone
  stays what is typed for a name not known;
- a degree after a surname ("Smith MD", "Ruiz PhD") as no surname, and a
  form of address for either sex ("Sr(a).") as no given name;
- "O Brien" and "Mc Donald" (the apostrophe or the word joined lost) as
  the one surname O'Brien, McDonald;
- the nicknames added to the table (Chela for Marcela, Tencha for
  Hortensia, Rigo, Chencho, Chofi, Lulú, Angie, Fabi, Guille, Caro, Vale,
  Monse, Sally for Sarah, Ted for Theodore, Wendy for Gwendolyn...) and the
  English spellings of one name it now holds (Kristin and Kristen, Sean and
  Shawn, Tracy and Tracey, Allen and Alan, Jazmín and Yazmín, Osvaldo and
  Oswaldo...) and the diminutives of English names (Archie, Hal, Jake,
  Judy, Mandy, Randy, Vince...), whose records are indexed
  under the formal name too.

Each changes a record's keys (the names read anew its terms too): each indexed person record is given
today's keys (``conflicts.rekey.rekey_persons``, what ``persons rekey``
runs) and the term counts are counted again (``conflicts.frequencies.recount``).
No table changes.

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-05 22:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0041'
down_revision = '0040'
branch_labels = None
depends_on = None


def upgrade():
    from coordinator.conflicts.rekey import read_persons_again

    read_persons_again(op.get_bind())


def downgrade():
    # Not undone: the code before reads the same keys of every other record; one of these is indexed as it
    # expects again when it is next written.
    pass
