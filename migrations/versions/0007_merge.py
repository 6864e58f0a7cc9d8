"""Join the review (0004), outcomes (0005) and governance (0006) branches into one head.

They were written side by side on 0003 and touch different tables, so the
merge itself changes nothing.

Revision ID: 0007
Revises: 0004, 0005, 0006
Create Date: 2026-11-22 21:05:00

"""

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = ('0004', '0005', '0006')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
