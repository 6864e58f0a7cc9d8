"""Join the branches of this round: links between cases indexed (0026), pair keys read by date (0028) and
the moments of trace requests (0029).

Each branch changes tables of its own or adds an index or columns the others do not touch, so the merge
itself changes nothing.

Revision ID: 0033
Revises: 0026, 0028, 0029
Create Date: 2026-12-03 16:05:00

"""

# revision identifiers, used by Alembic.
revision = '0033'
down_revision = ('0026', '0028', '0029')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
