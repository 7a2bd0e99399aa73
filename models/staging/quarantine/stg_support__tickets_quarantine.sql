with

checked as (
    select * from {{ ref('base_support__tickets') }}
),

final as (
    select
        'support_tickets' as source_table,
        ticket_id as record_id,
        account_id,
        quarantine_rule,
        {{ dbt.split_part('quarantine_rule', "':'", 1) }} as rule_name,
        {{ dbt.split_part('quarantine_rule', "':'", 2) }} as column_name,
        {{ raw_record([
            'ticket_id',
            'account_id',
            'opened_at_raw',
            'resolved_at_raw',
            'severity',
            'csat_raw',
            'sentiment_raw'
        ]) }} as raw_record
    from checked
    where quarantine_rule is not null
)

select * from final
