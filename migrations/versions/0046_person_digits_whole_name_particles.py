"""Index the person records again: digits for letters, and more whole names read surnames first.

The person matcher now reads
- a digit inside a word of a name as the letter it looks like ("J0SÉ",
  "GARC1A", "5ANCHEZ"): a scanned document read by machine, or a zero typed
  for an O; and a generation written as an ordinal ("Smith 2nd") as the
  roman numeral (II);
- a whole name typed surnames first into the given-name field alone where a
  surname follows its particle ("SALINAS DE LOS SANTOS ANA"), where the given
  name is a nickname ("MARTINEZ ARANDA PEPE"), and after two surnames the
  lists know, where it is a given name more often than a surname
  ("HERNANDEZ BUENO VALENTIN") or a name no list knows.

Each such record gets today's keys and the term counts are counted again
(``conflicts.rekey.read_persons_again``). No table changes.

Revision ID: 0046
Revises: 0045
Create Date: 2026-12-06 14:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0046'
down_revision = '0045'
branch_labels = None
depends_on = None


def upgrade():
    from coordinator.conflicts.rekey import read_persons_again

    read_persons_again(op.get_bind())


def downgrade():
    # Not undone: the code before reads the same keys of every other record; one of these is indexed as it
    # expects again when it is next written.
    pass
