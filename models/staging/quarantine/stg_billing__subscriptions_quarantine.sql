with

checked as (
    select * from {{ ref('base_billing__subscriptions') }}
),

final as (
    select
        'subscriptions' as source_table,
        subscription_id as record_id,
        account_id,
        quarantine_rule,
        {{ dbt.split_part('quarantine_rule', "':'", 1) }} as rule_name,
        {{ dbt.split_part('quarantine_rule', "':'", 2) }} as column_name,
        {{ raw_record([
            'subscription_id',
            'account_id',
            'mrr_raw',
            'started_at_raw',
            'ended_at_raw',
            'seats_raw'
        ]) }} as raw_record
    from checked
    where quarantine_rule is not null
)

select * from final
