"""Agencies are data: a parent, a default language and region; the partners of the public record seeded.

- ``agencies`` gain ``parent_id`` (CENAPI belongs to FGR), ``default_locale``
  (the language of the agency's new users and of messages to its contacts)
  and ``default_region`` (the state or country whose plates its users write
  without naming it).
- The twelve agencies keep their codes; their ``kind`` now says what level
  of government they are (federal, state, local, foreign, prosecutor).
- MOU rules gain ``border`` ("GT-MX", "MX-US"): a clearance rule may apply
  to operations across one border only. An operation's clearance row gains
  ``mou_id``: the agreement whose rule requires it (none: the default).
- Subject records gain ``sensitive_reason``, ``sensitive_requested_by_id``,
  ``sensitive_approved_by_id`` and ``sensitive_since``; an alert's side
  gains ``withheld`` (false for every existing side): the agency of that side
  has not been told, because the other side's record is sensitive.
- MOUs gain ``example``. The two MOUs ``monitoring seed`` used to record
  with invented figures (one of them under the 2009 ATF–ICE MOU's name) are
  marked as examples, in the flag and in their title, where a database has
  them: the parties never signed those terms.
- The partners the public record names are seeded, editable like the
  twelve: Guatemala's Policía Nacional Civil and Ministerio Público, the
  police of Belize and of El Salvador, the Arizona and Texas departments of
  public safety, and the state prosecutors of the Mexican border states.

Revision ID: 0020
Revises: 0016
Create Date: 2026-12-03 08:00:00

"""
from alembic import op
import sqlalchemy as sa
import coordinator.types


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0016'
branch_labels = None
depends_on = None

OLD_KINDS = {"ATF": "law_enforcement", "ICE": "law_enforcement", "CBP": "border", "DEA": "law_enforcement",
             "FBI": "law_enforcement", "USAO": "prosecutor", "FGR": "prosecutor", "CENAPI": "intelligence",
             "SSPC": "law_enforcement", "SEDENA": "military", "GN": "law_enforcement", "ANAM": "customs"}
NEW_KINDS = {code: ("prosecutor" if kind == "prosecutor" else "federal") for code, kind in OLD_KINDS.items()}

# code, name, country, kind, default locale, default region
PARTNERS = [
    ("PNC-GT", "Policía Nacional Civil de Guatemala", "GT", "foreign", "es", "GT"),
    ("MP-GT", "Ministerio Público de Guatemala", "GT", "prosecutor", "es", "GT"),
    ("BPD-BZ", "Belize Police Department", "BZ", "foreign", "en", "BZ"),
    ("PNC-SV", "Policía Nacional Civil de El Salvador", "SV", "foreign", "es", "SV"),
    ("AZDPS", "Arizona Department of Public Safety", "US", "state", "en", "AZ"),
    ("TXDPS", "Texas Department of Public Safety", "US", "state", "en", "TX"),
    ("FGE-BC", "Fiscalía General del Estado de Baja California", "MX", "prosecutor", "es", "BC"),
    ("FGE-SON", "Fiscalía General de Justicia del Estado de Sonora", "MX", "prosecutor", "es", "SON"),
    ("FGE-CHIH", "Fiscalía General del Estado de Chihuahua", "MX", "prosecutor", "es", "CHIH"),
    ("FGE-TAMPS", "Fiscalía General de Justicia del Estado de Tamaulipas", "MX", "prosecutor", "es", "TAMPS"),
]

# The MOUs the first seed recorded with invented figures: title, reference, and the title that says so.
INVENTED_MOUS = [
    ("ATF–ICE Memorandum of Understanding on firearms trafficking", "ATF-ICE MOU 2009",
     "EXAMPLE (invented figures): ATF–ICE operating rules"),
    ("Binational coordination on firearms trafficking (US–Mexico)", "US-MX 2021",
     "EXAMPLE (invented figures): US–Mexico binational coordination"),
]

AGENCIES = sa.table("agencies", sa.column("id", sa.Integer), sa.column("code", sa.String),
                    sa.column("name", sa.String), sa.column("country", sa.String), sa.column("kind", sa.String),
                    sa.column("active", sa.Boolean), sa.column("parent_id", sa.Integer),
                    sa.column("default_locale", sa.String), sa.column("default_region", sa.String))


def upgrade():
    if op.get_bind().dialect.name == "sqlite":  # in place: a copy-and-move would cascade into every reference
        op.execute('ALTER TABLE "agencies" ADD COLUMN "parent_id" INTEGER '
                   'CONSTRAINT "fk_agencies_parent_id_agencies" REFERENCES "agencies" (id)')
    else:
        op.add_column('agencies', sa.Column('parent_id', sa.Integer(), nullable=True))
        op.create_foreign_key('fk_agencies_parent_id_agencies', 'agencies', 'agencies', ['parent_id'], ['id'])
    op.add_column('agencies', sa.Column('default_locale', sa.String(length=8), server_default='en', nullable=False))
    op.add_column('agencies', sa.Column('default_region', sa.String(length=8), nullable=True))
    op.add_column('mou_rules', sa.Column('border', sa.String(length=8), nullable=True))
    op.add_column('mous', sa.Column('example', sa.Boolean(), server_default=sa.false(), nullable=False))
    mous = sa.table("mous", sa.column("title", sa.String), sa.column("reference", sa.String),
                    sa.column("example", sa.Boolean))
    for title, reference, renamed in INVENTED_MOUS:
        op.execute(mous.update().where(mous.c.title == title, mous.c.reference == reference)
                   .values(title=renamed, example=True))
    # The demo's examples, should this revision be undone and done again: their title says what they are.
    op.execute(mous.update().where(mous.c.title.like("EXAMPLE (invented figures)%")).values(example=True))
    op.add_column('alert_sides', sa.Column('withheld', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('subject_records', sa.Column('sensitive_reason', sa.Text(), nullable=True))
    op.add_column('subject_records', sa.Column('sensitive_since', coordinator.types.UTCDateTime(timezone=True),
                                               nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute('ALTER TABLE "subject_records" ADD COLUMN "sensitive_requested_by_id" INTEGER '
                   'CONSTRAINT "fk_subject_records_sensitive_requested_by_id_users" REFERENCES "users" (id)')
        op.execute('ALTER TABLE "subject_records" ADD COLUMN "sensitive_approved_by_id" INTEGER '
                   'CONSTRAINT "fk_subject_records_sensitive_approved_by_id_users" REFERENCES "users" (id)')
    else:
        for column in ("sensitive_requested_by_id", "sensitive_approved_by_id"):
            op.add_column('subject_records', sa.Column(column, sa.Integer(), nullable=True))
            op.create_foreign_key(f'fk_subject_records_{column}_users', 'subject_records', 'users', [column], ['id'])
    if op.get_bind().dialect.name == "sqlite":
        op.execute('ALTER TABLE "operation_clearances" ADD COLUMN "mou_id" INTEGER '
                   'CONSTRAINT "fk_operation_clearances_mou_id_mous" REFERENCES "mous" (id)')
    else:
        op.add_column('operation_clearances', sa.Column('mou_id', sa.Integer(), nullable=True))
        op.create_foreign_key('fk_operation_clearances_mou_id_mous', 'operation_clearances', 'mous', ['mou_id'],
                              ['id'])

    for code, kind in NEW_KINDS.items():
        op.execute(AGENCIES.update().where(AGENCIES.c.code == code).values(kind=kind))
    op.execute(AGENCIES.update().where(AGENCIES.c.country == "MX").values(default_locale="es"))
    fgr = sa.select(AGENCIES.c.id).where(AGENCIES.c.code == "FGR").scalar_subquery()
    op.execute(AGENCIES.update().where(AGENCIES.c.code == "CENAPI").values(parent_id=fgr))
    op.bulk_insert(AGENCIES, [
        {"code": code, "name": name, "country": country, "kind": kind, "active": True,
         "default_locale": locale, "default_region": region}
        for code, name, country, kind, locale, region in PARTNERS
    ])


def downgrade():
    mous = sa.table("mous", sa.column("title", sa.String), sa.column("reference", sa.String))
    for title, reference, renamed in INVENTED_MOUS:
        op.execute(mous.update().where(mous.c.title == renamed, mous.c.reference == reference).values(title=title))
    op.execute(AGENCIES.delete().where(AGENCIES.c.code.in_([row[0] for row in PARTNERS])))
    for code, kind in OLD_KINDS.items():
        op.execute(AGENCIES.update().where(AGENCIES.c.code == code).values(kind=kind))
    sensitive = ("sensitive_reason", "sensitive_since", "sensitive_requested_by_id", "sensitive_approved_by_id")
    if op.get_bind().dialect.name == "sqlite":
        op.execute('ALTER TABLE "subject_records" DROP COLUMN "sensitive_reason"')
        op.execute('ALTER TABLE "subject_records" DROP COLUMN "sensitive_since"')
        op.execute('ALTER TABLE "subject_records" DROP COLUMN "sensitive_requested_by_id"')
        op.execute('ALTER TABLE "subject_records" DROP COLUMN "sensitive_approved_by_id"')
        op.execute('ALTER TABLE "alert_sides" DROP COLUMN "withheld"')
        op.execute('ALTER TABLE "operation_clearances" DROP COLUMN "mou_id"')
        op.execute('ALTER TABLE "mous" DROP COLUMN "example"')
        op.execute('ALTER TABLE "mou_rules" DROP COLUMN "border"')
        op.execute('ALTER TABLE "agencies" DROP COLUMN "default_region"')
        op.execute('ALTER TABLE "agencies" DROP COLUMN "default_locale"')
        op.execute('ALTER TABLE "agencies" DROP COLUMN "parent_id"')
        return
    for column in sensitive:
        if column.endswith("_id"):
            op.drop_constraint(f'fk_subject_records_{column}_users', 'subject_records', type_='foreignkey')
        op.drop_column('subject_records', column)
    op.drop_column('alert_sides', 'withheld')
    op.drop_column('mous', 'example')
    op.drop_constraint('fk_operation_clearances_mou_id_mous', 'operation_clearances', type_='foreignkey')
    op.drop_column('operation_clearances', 'mou_id')
    op.drop_column('mou_rules', 'border')
    op.drop_column('agencies', 'default_region')
    op.drop_column('agencies', 'default_locale')
    op.drop_constraint('fk_agencies_parent_id_agencies', 'agencies', type_='foreignkey')
    op.drop_column('agencies', 'parent_id')
