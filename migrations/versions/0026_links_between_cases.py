"""Links are found by the two cases they join (whether two cases are already joined, in one index look).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-03 15:00:00

"""
from alembic import op


revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_subject_links_cases', 'subject_links', ['low_case_id', 'high_case_id'], unique=False)


def downgrade():
    op.drop_index('ix_subject_links_cases', table_name='subject_links')
