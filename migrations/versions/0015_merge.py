"""Join the branches written side by side on 0007 into one head.

Event sides and probe bursts (0008), the watch centre (0009), sessions on
the server (0010), ids never reused (0011) and the sealed audit log (0013)
touch different tables, so the merge itself changes nothing.

Revision ID: 0015
Revises: 0008, 0009, 0010, 0011, 0013
Create Date: 2026-12-02 17:00:00

"""

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = ('0008', '0009', '0010', '0011', '0013')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
