"""Index the person records again, and write their search terms again: spellings of one name that are each a name.

Megan and Meagan, Amy and Aimee, Cheryl and Sheryl, Lee and Leigh, Laurie
and Lori, Giovanna and Yovana, Diana and Dayana (as Spanish writes its
English sound): each spelling a name of its own in the public lists, so
never read as a typing error of the other. A record of one spelling met no
key of the other registered later, and a pair born the same day raised
nothing. The nickname table (``deconfliction.nicknames``) now holds them.
Each record gets today's keys, term counts and search terms
(``search.services.read_persons_again_everywhere``). No table changes.

Revision ID: 0053
Revises: 0052
Create Date: 2026-12-07 10:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0053'
down_revision = '0052'
branch_labels = None
depends_on = None


def upgrade():
    from coordinator.search.services import read_persons_again_everywhere

    read_persons_again_everywhere(op.get_bind())


def downgrade():
    # Not undone: the code before reads the same keys and terms of every record but those of a spelling the
    # table lacked, which it reads as a name of its own.
    pass
