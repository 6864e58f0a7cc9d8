"""Index the person records already there under the keys their names now give.

A lone surname that is two known surnames run together ("Garciahernandez")
is indexed as the two, and a letter lost on the way between systems ("L?pez",
"Adri?n") or mojibake whose "Ã" was stripped ("LA³pez") is read as the name
it completes: such a record's keys change, every other record's stay. Each
indexed person record whose names are read otherwise is given today's keys
where they differ from its own, a few thousand records at a time. No table
changes.

Revision ID: 0035
Revises: 0033
Create Date: 2026-12-03 18:10:00

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0035'
down_revision = '0033'
branch_labels = None
depends_on = None

_KEYS = sa.table('subject_keys', sa.column('key', sa.String), sa.column('subject_id', sa.Integer),
                 sa.column('agency_id', sa.Integer))
BATCH = 5_000


def _read_anew(fields) -> bool:
    """Whether the record's names are read otherwise now: a lost or mangled letter, or surnames run together."""
    from coordinator.deconfliction.names import parse_surnames, split_run_together
    from coordinator.deconfliction.spelling import mend

    aliases = fields.get('aliases') or ()
    text = " ".join(str(v) for v in [fields.get(f) or "" for f in ('first_name', 'middle_name', 'last_name',
                                                                     'second_last_name')]
                    + ([aliases] if isinstance(aliases, str) else list(aliases)))
    if mend(text) != text:
        return True
    units, _ = parse_surnames(fields.get('last_name'), fields.get('second_last_name'))
    return split_run_together(units) is not units


def upgrade():
    from coordinator.deconfliction.keys import subject_keys

    bind = op.get_bind()
    last = 0
    while True:
        # Only records that are indexed now (a purged record has no keys and gets none).
        rows = bind.execute(sa.text(
            "SELECT r.id, r.agency_id, r.data FROM subject_records r WHERE r.kind = 'person' AND r.id > :last "
            "AND EXISTS (SELECT 1 FROM subject_keys k WHERE k.subject_id = r.id) ORDER BY r.id LIMIT :batch"),
            {"last": last, "batch": BATCH}).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        # Only the few records whose names are read otherwise now can have other keys.
        anew = []
        for subject_id, agency_id, data in rows:
            fields = (json.loads(data) if isinstance(data, str) else data) or {}
            if _read_anew(fields):
                anew.append((subject_id, agency_id, fields))
        if not anew:
            continue
        held: dict[int, set[str]] = {}
        for subject_id, key in bind.execute(
                sa.text("SELECT subject_id, key FROM subject_keys WHERE subject_id IN :ids")
                .bindparams(sa.bindparam('ids', expanding=True)), {"ids": [row[0] for row in anew]}):
            held.setdefault(subject_id, set()).add(key)
        stale, postings = [], []
        for subject_id, agency_id, fields in anew:
            today = set(subject_keys('person', fields, 'US'))
            own = held.get(subject_id, set())
            if today == own:
                continue  # most records: their names gave the same keys before
            stale += [{'subject_id': subject_id, 'key': key} for key in own - today]
            postings += [{'key': key, 'subject_id': subject_id, 'agency_id': agency_id} for key in today - own]
        if stale:
            bind.execute(sa.text("DELETE FROM subject_keys WHERE subject_id = :subject_id AND key = :key"), stale)
        if postings:
            op.bulk_insert(_KEYS, postings)


def downgrade():
    # Not undone: the code before cannot be asked here for the keys it gave. The few records whose names
    # were read anew keep today's keys; a check by the code before may miss them until they are written again.
    pass
