"""Write the search terms of the person records again: names read as the matcher reads them.

The search index now reads a person's name through ``names.readable``, as
the matcher does: a scanned document's digits as letters ("GARC1A"), soft
hyphens and invisible characters mended. Terms written before still hold
the name as it was stored, so María García did not find such a record.
Every person record the search finds gets today's terms
(``search.services.reindex_persons``); a purged one, which has none, is
left so. No table changes.

Revision ID: 0048
Revises: 0047
Create Date: 2026-12-06 16:45:00

"""
from alembic import op
from sqlalchemy.orm import Session


# revision identifiers, used by Alembic.
revision = '0048'
down_revision = '0047'
branch_labels = None
depends_on = None


def upgrade():
    from coordinator.search.services import reindex_persons

    session = Session(bind=op.get_bind())
    reindex_persons(session)
    session.close()


def downgrade():
    # Not undone: the code before finds these records by their words as it did, and more besides.
    pass
