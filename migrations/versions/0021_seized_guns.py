"""Seized guns as records, traces with results, the rest of the funnel and sourced measures: a
seizure's place, ammunition by calibre and custody, and the records (guns, persons, vehicles)
tied to it; a trace's urgency, maker, dealer and purchaser records, purchase date and place;
arrests, extradition requests, mutual legal assistance requests, asset seizures; charge codes;
a measure's baseline period and source.

Revision ID: 0021
Revises: 0016
Create Date: 2026-12-03 08:12:46.723953

"""
from alembic import op
import sqlalchemy as sa
import coordinator.types


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('asset_seizures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('seized_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_asset_seizures_case_id_cases')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_asset_seizures_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_asset_seizures'))
    )
    with op.batch_alter_table('asset_seizures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_asset_seizures_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_asset_seizures_seized_on'), ['seized_on'], unique=False)

    op.create_table('legal_assistance_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('to_country', sa.String(length=2), nullable=False),
    sa.Column('authority', sa.String(length=200), nullable=True),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('request', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_legal_assistance_requests_case_id_cases')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_legal_assistance_requests_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_assistance_requests'))
    )
    with op.batch_alter_table('legal_assistance_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_assistance_requests_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_legal_assistance_requests_sent_on'), ['sent_on'], unique=False)

    op.create_table('arrests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('arrested_on', sa.Date(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_arrests_agency_id_agencies')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_arrests_case_id_cases')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_arrests_created_by_id_users')),
    sa.ForeignKeyConstraint(['subject_id'], ['subject_records.id'], name=op.f('fk_arrests_subject_id_subject_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_arrests'))
    )
    with op.batch_alter_table('arrests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_arrests_arrested_on'), ['arrested_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_arrests_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_arrests_subject_id'), ['subject_id'], unique=False)

    op.create_table('extraditions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('requesting_country', sa.String(length=2), nullable=False),
    sa.Column('requested_country', sa.String(length=2), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_extraditions_case_id_cases')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_extraditions_created_by_id_users')),
    sa.ForeignKeyConstraint(['subject_id'], ['subject_records.id'], name=op.f('fk_extraditions_subject_id_subject_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extraditions'))
    )
    with op.batch_alter_table('extraditions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extraditions_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_extraditions_requested_on'), ['requested_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_extraditions_subject_id'), ['subject_id'], unique=False)

    op.create_table('seizure_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seizure_id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['seizure_id'], ['seizures.id'], name=op.f('fk_seizure_records_seizure_id_seizures')),
    sa.ForeignKeyConstraint(['subject_id'], ['subject_records.id'], name=op.f('fk_seizure_records_subject_id_subject_records'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seizure_records')),
    sa.UniqueConstraint('seizure_id', 'subject_id', name=op.f('uq_seizure_records_seizure_id'))
    )
    with op.batch_alter_table('seizure_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seizure_records_seizure_id'), ['seizure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seizure_records_subject_id'), ['subject_id'], unique=False)

    with op.batch_alter_table('indictments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('charge_codes', sa.JSON(), nullable=False))

    with op.batch_alter_table('performance_measures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('baseline_period', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('source', sa.Text(), nullable=True))

    with op.batch_alter_table('seizures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('municipality', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('latitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('longitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('transit_country', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('ammunition', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
        batch_op.add_column(sa.Column('custody_agency_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('custody_location', sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f('ix_seizures_state'), ['state'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_seizures_custody_agency_id_agencies'), 'agencies', ['custody_agency_id'], ['id'])

    with op.batch_alter_table('trace_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('urgent', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('manufacturer', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('importer', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('dealer_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('purchaser_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('purchased_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('purchase_city', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('purchase_state', sa.String(length=8), nullable=True))
        batch_op.create_index(batch_op.f('ix_trace_requests_dealer_id'), ['dealer_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_trace_requests_purchaser_id_subject_records'), 'subject_records', ['purchaser_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_trace_requests_dealer_id_subject_records'), 'subject_records', ['dealer_id'], ['id'])



def downgrade():
    with op.batch_alter_table('trace_requests', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_trace_requests_dealer_id_subject_records'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_trace_requests_purchaser_id_subject_records'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_trace_requests_dealer_id'))
        batch_op.drop_column('purchase_state')
        batch_op.drop_column('purchase_city')
        batch_op.drop_column('purchased_on')
        batch_op.drop_column('purchaser_id')
        batch_op.drop_column('dealer_id')
        batch_op.drop_column('importer')
        batch_op.drop_column('manufacturer')
        batch_op.drop_column('urgent')

    with op.batch_alter_table('seizures', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_seizures_custody_agency_id_agencies'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_seizures_state'))
        batch_op.drop_column('custody_location')
        batch_op.drop_column('custody_agency_id')
        batch_op.drop_column('ammunition')
        batch_op.drop_column('transit_country')
        batch_op.drop_column('longitude')
        batch_op.drop_column('latitude')
        batch_op.drop_column('municipality')
        batch_op.drop_column('state')

    with op.batch_alter_table('performance_measures', schema=None) as batch_op:
        batch_op.drop_column('source')
        batch_op.drop_column('baseline_period')

    with op.batch_alter_table('indictments', schema=None) as batch_op:
        batch_op.drop_column('charge_codes')

    with op.batch_alter_table('seizure_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seizure_records_subject_id'))
        batch_op.drop_index(batch_op.f('ix_seizure_records_seizure_id'))

    op.drop_table('seizure_records')
    with op.batch_alter_table('extraditions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_extraditions_subject_id'))
        batch_op.drop_index(batch_op.f('ix_extraditions_requested_on'))
        batch_op.drop_index(batch_op.f('ix_extraditions_case_id'))

    op.drop_table('extraditions')
    with op.batch_alter_table('arrests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_arrests_subject_id'))
        batch_op.drop_index(batch_op.f('ix_arrests_case_id'))
        batch_op.drop_index(batch_op.f('ix_arrests_arrested_on'))

    op.drop_table('arrests')
    with op.batch_alter_table('legal_assistance_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_assistance_requests_sent_on'))
        batch_op.drop_index(batch_op.f('ix_legal_assistance_requests_case_id'))

    op.drop_table('legal_assistance_requests')
    with op.batch_alter_table('asset_seizures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_asset_seizures_seized_on'))
        batch_op.drop_index(batch_op.f('ix_asset_seizures_case_id'))

    op.drop_table('asset_seizures')
