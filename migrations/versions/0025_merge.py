"""Join the branches of this round: person keys (0017), event sides and watch regions (0018), import jobs (0019), agencies as
data (0020), seized guns and the funnel (0021), search and inquiries (0022) and federation (0024).

Each branch changes tables of its own or adds columns the others do not touch, so the merge itself changes
nothing.

Revision ID: 0025
Revises: 0017, 0018, 0019, 0020, 0021, 0022, 0024
Create Date: 2026-12-03 09:20:00

"""

# revision identifiers, used by Alembic.
revision = '0025'
down_revision = ('0017', '0018', '0019', '0020', '0021', '0022', '0024')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
