"""Count the person records under their first two given names together as well.

The person matcher weighed a second given name that agrees at half its own
evidence, whatever the pair: given names run in pairs (José Luis), and the
counts held no pairs to say which do. It now reads how many records bear the
first two given names together (``gg:JUAN+JUVENTINO``,
``personkeys.person_terms``; ``frequencies.second_given_bits``). The counts
are derived from the records alone; they are deleted and counted again from
every person record (``conflicts.frequencies.recount``, what
``persons recount`` runs). No table changes.

Revision ID: 0058
Revises: 0057
Create Date: 2026-12-08 01:10:00

"""
from alembic import op
from sqlalchemy.orm import Session


# revision identifiers, used by Alembic.
revision = '0058'
down_revision = '0057'
branch_labels = None
depends_on = None


def upgrade():
    # What `flask --app coordinator persons recount` does, in the migration's transaction.
    from coordinator.conflicts.frequencies import recount

    session = Session(bind=op.get_bind())
    recount(session)
    session.close()


def downgrade():
    # The code before reads no pair of given names: their counts go, the others serve it as they are.
    op.execute("DELETE FROM person_term_counts WHERE term LIKE 'gg:%'")
