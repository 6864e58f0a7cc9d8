"""Count the person records again under the terms read today: names mended since they were counted.

0035 reads names with their letters mangled by an encoding ("CastaÃ±eda")
as the names they were ("Castañeda"), and 0037 re-keyed the records, but
the term counts the person matcher weighs agreement by still held those
records under the terms they were counted under when registered: a
mangled surname counted as a rare one of its own, the real one short of
them. The counts are derived from the records alone; they are deleted and
counted again from every person record (``conflicts.frequencies.recount``,
what ``persons recount`` runs). No table changes.

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-04 23:40:00

"""
from alembic import op
from sqlalchemy.orm import Session


# revision identifiers, used by Alembic.
revision = '0038'
down_revision = '0037'
branch_labels = None
depends_on = None


def upgrade():
    # What `flask --app coordinator persons recount` does, in the migration's transaction.
    from coordinator.conflicts.frequencies import recount

    session = Session(bind=op.get_bind())
    recount(session)
    session.close()


def downgrade():
    pass  # the counts are derived from the records: those of today serve the code before as well
