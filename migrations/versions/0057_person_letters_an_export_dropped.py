"""Index the person records again: a name whose accented letters an export dropped is keyed as the name they make.

A system that stores only ASCII may leave an accented letter out
("GONZLEZ CAEDO" for González Cañedo). Without a whole date of birth, or
with a digit of it wrong, such a record met nothing of the record that kept
its accents: every such key holds a surname's sound. A record whose names
have no letter outside ASCII is now keyed, besides, as the known names its
unknown words make with a letter such an export drops put back, and,
where one such word shows the letters dropped, its known words that a
letter put back makes a far commoner name (Mara: María) as that name too
(``droppedletters.completed_fields``). Each record gets today's keys, term
counts and search terms (``search.services.read_persons_again_everywhere``).
No table changes.

Revision ID: 0057
Revises: 0056
Create Date: 2026-12-07 22:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0057'
down_revision = '0056'
branch_labels = None
depends_on = None


def upgrade():
    from coordinator.search.services import read_persons_again_everywhere

    read_persons_again_everywhere(op.get_bind())


def downgrade():
    # Not undone: the code before reads the same keys of every record, and the new keys only where they are found.
    pass
