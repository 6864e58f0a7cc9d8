"""Join the branches of this round: a CURP's date of birth in the person keys (0034), person records whose
names are read anew (0035) and the alert list's order kept on each side (0036).

0034 and 0035 both rewrite person keys, each from today's code and each for its own records (a CURP that
gives a missing date; a name with a lost letter or surnames run together), so either order leaves the same
keys. 0036 touches the alert sides only. The merge itself changes nothing.

Revision ID: 0039
Revises: 0034, 0035, 0036
Create Date: 2026-12-03 19:00:00

"""

# revision identifiers, used by Alembic.
revision = '0039'
down_revision = ('0034', '0035', '0036')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
