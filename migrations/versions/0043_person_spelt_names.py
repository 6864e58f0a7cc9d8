"""Index the person records again: English names as Spanish spells them, surnames as registers shorten them.

The person matcher now reads
- the English names Mexican and Central American records write with the
  letters Spanish gives their sound (Maikel and Maicol for Michael, Deivid
  for David, Jeison for Jason, Estiven for Stephen, Yessica for Jessica,
  Yenifer for Jennifer, Yoselin and Joselin for Jocelyn) as forms of the
  English name, whose records are indexed under it too;
- the commonest Spanish surnames as Mexican registers shorten them (Hdz.,
  Glez., Mtz., Rdz., Fdez., Gtz., Gcía...) as agreeing with the surname
  written out, whose sound such a record is indexed under too.

Each changes a record's keys: each indexed person
record is given today's keys and the term counts are counted again
(``conflicts.rekey.read_persons_again``). No table changes.

Revision ID: 0043
Revises: 0042
Create Date: 2026-12-06 03:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0043'
down_revision = '0042'
branch_labels = None
depends_on = None


def upgrade():
    from coordinator.conflicts.rekey import read_persons_again

    read_persons_again(op.get_bind())


def downgrade():
    # Not undone: the code before reads the same keys of every other record; one of these is indexed as it
    # expects again when it is next written.
    pass
