"""Count the person records under their first two given names together, and key a man's "de" surname as his own.

The person matcher weighed a second given name that agrees at half its own
evidence, whatever the pair: given names run in pairs (José Luis), and the
counts held no pairs to say which do. It now reads how many records bear the
first two given names together (``gg:JUAN+JUVENTINO``,
``personkeys.person_terms``; ``frequencies.second_given_bits``). A man's
second surname after "de" (Cortés de Jesús) was read as a woman's married
name, set aside; it is his own surname now (``personfields.PreparedPerson``),
and such records are keyed as two surnames. Every person record gets
today's keys and term counts (``conflicts.rekey.read_persons_again``, what
``persons rekey`` and ``persons recount`` run). No table changes.

Revision ID: 0058
Revises: 0057
Create Date: 2026-12-08 01:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0058'
down_revision = '0057'
branch_labels = None
depends_on = None


def upgrade():
    # What `flask --app coordinator persons rekey` and `persons recount` do, in the migration's transaction.
    from coordinator.conflicts.rekey import read_persons_again

    read_persons_again(op.get_bind())


def downgrade():
    # The code before reads no pair of given names: their counts go. The keys of a man's "de" surname stay: the
    # code before reads them as well as its own.
    op.execute("DELETE FROM person_term_counts WHERE term LIKE 'gg:%'")
