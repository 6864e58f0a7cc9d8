"""Case outcomes and MOU monitoring: referrals, indictments and dispositions, seizures, trace
requests; memoranda of understanding with their parties and rules; performance measures and
their entered values.

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-22 20:06:48.573212

"""
from alembic import op
import sqlalchemy as sa
import coordinator.types


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mous',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=True),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_until', sa.Date(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('created_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mous'))
    )
    op.create_table('mou_parties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mou_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_mou_parties_agency_id_agencies')),
    sa.ForeignKeyConstraint(['mou_id'], ['mous.id'], name=op.f('fk_mou_parties_mou_id_mous'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mou_parties')),
    sa.UniqueConstraint('mou_id', 'agency_id', name='uq_mou_parties_mou_agency')
    )
    with op.batch_alter_table('mou_parties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mou_parties_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mou_parties_mou_id'), ['mou_id'], unique=False)

    op.create_table('mou_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mou_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('threshold', sa.Integer(), nullable=False),
    sa.Column('agencies', sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    sa.Column('operation_kind', sa.String(length=32), nullable=True),
    sa.Column('referral_kind', sa.String(length=16), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()),
    sa.Column('created_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['mou_id'], ['mous.id'], name=op.f('fk_mou_rules_mou_id_mous'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mou_rules'))
    )
    with op.batch_alter_table('mou_rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mou_rules_mou_id'), ['mou_id'], unique=False)

    op.create_table('performance_measures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('action_es', sa.Text(), nullable=True),
    sa.Column('indicator', sa.String(length=300), nullable=False),
    sa.Column('indicator_es', sa.String(length=300), nullable=True),
    sa.Column('mou_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('metric', sa.String(length=32), nullable=True),
    sa.Column('baseline_value', sa.Float(), nullable=True),
    sa.Column('baseline_on', sa.Date(), nullable=True),
    sa.Column('target_value', sa.Float(), nullable=True),
    sa.Column('target_year', sa.Integer(), nullable=True),
    sa.Column('higher_is_better', sa.Boolean(), nullable=False, server_default=sa.true()),
    sa.Column('created_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_performance_measures_agency_id_agencies')),
    sa.ForeignKeyConstraint(['mou_id'], ['mous.id'], name=op.f('fk_performance_measures_mou_id_mous'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_performance_measures'))
    )
    with op.batch_alter_table('performance_measures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_performance_measures_mou_id'), ['mou_id'], unique=False)

    op.create_table('measure_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('entered_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_measure_values_entered_by_id_users')),
    sa.ForeignKeyConstraint(['measure_id'], ['performance_measures.id'], name=op.f('fk_measure_values_measure_id_performance_measures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_values')),
    sa.UniqueConstraint('measure_id', 'fiscal_year', name='uq_measure_values_measure_year')
    )
    with op.batch_alter_table('measure_values', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_values_measure_id'), ['measure_id'], unique=False)

    op.create_table('referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('from_agency_id', sa.Integer(), nullable=False),
    sa.Column('to_agency_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False, server_default='pending'),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_referrals_case_id_cases')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_referrals_created_by_id_users')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_referrals_decided_by_id_users')),
    sa.ForeignKeyConstraint(['from_agency_id'], ['agencies.id'], name=op.f('fk_referrals_from_agency_id_agencies')),
    sa.ForeignKeyConstraint(['to_agency_id'], ['agencies.id'], name=op.f('fk_referrals_to_agency_id_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals'))
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referrals_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_from_agency_id'), ['from_agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_sent_on'), ['sent_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_to_agency_id'), ['to_agency_id'], unique=False)

    op.create_table('seizures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('seized_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('port_of_entry', sa.String(length=120), nullable=True),
    sa.Column('direction', sa.String(length=16), nullable=False),
    sa.Column('firearms', sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
    sa.Column('firearm_count', sa.Integer(), nullable=False, server_default='0'),
    sa.Column('rounds', sa.Integer(), nullable=False, server_default='0'),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_seizures_case_id_cases')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_seizures_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seizures'))
    )
    with op.batch_alter_table('seizures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seizures_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seizures_seized_on'), ['seized_on'], unique=False)

    op.create_table('indictments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('filed_on', sa.Date(), nullable=False),
    sa.Column('court', sa.String(length=200), nullable=False),
    sa.Column('charges', sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_indictments_case_id_cases')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_indictments_created_by_id_users')),
    sa.ForeignKeyConstraint(['subject_id'], ['subject_records.id'], name=op.f('fk_indictments_subject_id_subject_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indictments'))
    )
    with op.batch_alter_table('indictments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indictments_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indictments_filed_on'), ['filed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_indictments_subject_id'), ['subject_id'], unique=False)

    op.create_table('trace_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('seizure_id', sa.Integer(), nullable=True),
    sa.Column('firearm_id', sa.Integer(), nullable=True),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('result', sa.String(length=16), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_trace_requests_case_id_cases')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_trace_requests_created_by_id_users')),
    sa.ForeignKeyConstraint(['firearm_id'], ['subject_records.id'], name=op.f('fk_trace_requests_firearm_id_subject_records')),
    sa.ForeignKeyConstraint(['seizure_id'], ['seizures.id'], name=op.f('fk_trace_requests_seizure_id_seizures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trace_requests'))
    )
    with op.batch_alter_table('trace_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trace_requests_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trace_requests_seizure_id'), ['seizure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trace_requests_sent_on'), ['sent_on'], unique=False)

    op.create_table('dispositions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indictment_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('sentence_months', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', coordinator.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_dispositions_created_by_id_users')),
    sa.ForeignKeyConstraint(['indictment_id'], ['indictments.id'], name=op.f('fk_dispositions_indictment_id_indictments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dispositions')),
    sa.UniqueConstraint('indictment_id', name=op.f('uq_dispositions_indictment_id'))
    )
    with op.batch_alter_table('dispositions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dispositions_decided_on'), ['decided_on'], unique=False)



def downgrade():
    with op.batch_alter_table('dispositions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dispositions_decided_on'))

    op.drop_table('dispositions')
    with op.batch_alter_table('trace_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trace_requests_sent_on'))
        batch_op.drop_index(batch_op.f('ix_trace_requests_seizure_id'))
        batch_op.drop_index(batch_op.f('ix_trace_requests_case_id'))

    op.drop_table('trace_requests')
    with op.batch_alter_table('indictments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indictments_subject_id'))
        batch_op.drop_index(batch_op.f('ix_indictments_filed_on'))
        batch_op.drop_index(batch_op.f('ix_indictments_case_id'))

    op.drop_table('indictments')
    with op.batch_alter_table('seizures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seizures_seized_on'))
        batch_op.drop_index(batch_op.f('ix_seizures_case_id'))

    op.drop_table('seizures')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referrals_to_agency_id'))
        batch_op.drop_index(batch_op.f('ix_referrals_sent_on'))
        batch_op.drop_index(batch_op.f('ix_referrals_from_agency_id'))
        batch_op.drop_index(batch_op.f('ix_referrals_case_id'))

    op.drop_table('referrals')
    with op.batch_alter_table('measure_values', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_values_measure_id'))

    op.drop_table('measure_values')
    with op.batch_alter_table('performance_measures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_performance_measures_mou_id'))

    op.drop_table('performance_measures')
    with op.batch_alter_table('mou_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mou_rules_mou_id'))

    op.drop_table('mou_rules')
    with op.batch_alter_table('mou_parties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mou_parties_mou_id'))
        batch_op.drop_index(batch_op.f('ix_mou_parties_agency_id'))

    op.drop_table('mou_parties')
    op.drop_table('mous')
