with

checked as (
    select * from {{ ref('base_product__events') }}
),

final as (
    select
        'events' as source_table,
        event_id as record_id,
        account_id,
        quarantine_rule,
        {{ dbt.split_part('quarantine_rule', "':'", 1) }} as rule_name,
        {{ dbt.split_part('quarantine_rule', "':'", 2) }} as column_name,
        {{ raw_record([
            'event_id',
            'account_id',
            'user_id',
            'event_name',
            'occurred_at_raw',
            'session_id'
        ]) }} as raw_record
    from checked
    where quarantine_rule is not null
)

select * from final
