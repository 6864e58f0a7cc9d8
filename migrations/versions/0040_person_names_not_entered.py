"""Read person names as they are really typed: placeholders, forms of address, married names with a particle,
accents sent as combining marks and invisible characters.

The person matcher now reads
- a name field holding only what is typed for a name not known ("N/A",
  "XX" as the CURP writes a missing surname, "NMN", "Sin dato") as empty:
  "XX" was a surname of its own, which differed from the real one on
  another record and held a true match back;
- a form of address before the given names ("Lic.", "Sra.", "Mr.") as no
  name: it was a first given name that differed;
- "de" before a surname with its own particle ("de Del Ángel") as a
  married name, as a lone "de" is;
- an accent sent as a combining mark, and a zero-width space or a soft
  hyphen, as part of the word: they split "Hernández" in two.

The person records with such a name (or such an alias) are indexed again
under today's keys (``conflicts.rekey.rekey_persons``, what ``persons
rekey`` runs), and the term counts are counted again from every person
record (``conflicts.frequencies.recount``). No table changes.

Revision ID: 0040
Revises: 0038
Create Date: 2026-12-05 04:30:00

"""
import json
import re

from alembic import op
from sqlalchemy.orm import Session


# revision identifiers, used by Alembic.
revision = '0040'
down_revision = '0038'
branch_labels = None
depends_on = None

_NAME_FIELDS = ('first_name', 'middle_name', 'last_name', 'second_last_name')
_MARRIED_WITH_PARTICLE = re.compile(r"\bde\s+de(l)?\b", re.IGNORECASE)
_INVISIBLE_OR_COMBINING = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff\u0300-\u036f]")


def _read_anew(data):
    from coordinator.deconfliction.names import TITLES, entered, fold, raw_tokens

    fields = json.loads(data) if isinstance(data, str) else data
    values = [fields.get(name) for name in _NAME_FIELDS] + list(fields.get('aliases') or [])
    values = [v for v in values if isinstance(v, str) and v.strip()]
    return any(entered(v) is None or _MARRIED_WITH_PARTICLE.search(v) or _INVISIBLE_OR_COMBINING.search(v)
               or fold((raw_tokens(v) or [""])[0]) in TITLES for v in values)


def upgrade():
    from coordinator.conflicts.frequencies import recount
    from coordinator.conflicts.rekey import rekey_persons

    session = Session(bind=op.get_bind())
    rekey_persons(session, _read_anew)
    recount(session)
    session.close()


def downgrade():
    # Not undone: the keys and counts of today serve the code before, which reads the field as a name, in part;
    # a record is indexed as it expects again when it is next written.
    pass
