with

checked as (
    select * from {{ ref('base_marketing__campaign_touches') }}
),

final as (
    select
        'campaign_touches' as source_table,
        touch_id as record_id,
        account_id,
        quarantine_rule,
        {{ dbt.split_part('quarantine_rule', "':'", 1) }} as rule_name,
        {{ dbt.split_part('quarantine_rule', "':'", 2) }} as column_name,
        {{ raw_record([
            'touch_id',
            'campaign_id',
            'account_id',
            'contact_id',
            'sent_at_raw',
            'opened_at_raw',
            'clicked_at_raw',
            'converted_at_raw',
            'cost_raw'
        ]) }} as raw_record
    from checked
    where quarantine_rule is not null
)

select * from final
