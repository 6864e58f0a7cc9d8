"""Join the person term counts (0012) to the head (0015).

The counts live in a table of their own, so the merge itself changes nothing.

Revision ID: 0016
Revises: 0012, 0015
Create Date: 2026-12-02 18:00:00

"""

# revision identifiers, used by Alembic.
revision = '0016'
down_revision = ('0012', '0015')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
