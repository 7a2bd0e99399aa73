with

checked as (
    select * from {{ ref('base_marketing__campaigns') }}
),

final as (
    select
        'campaigns' as source_table,
        campaign_id as record_id,
        cast(null as {{ dbt.type_string() }}) as account_id,
        quarantine_rule,
        {{ dbt.split_part('quarantine_rule', "':'", 1) }} as rule_name,
        {{ dbt.split_part('quarantine_rule', "':'", 2) }} as column_name,
        {{ raw_record([
            'campaign_id',
            'campaign_name',
            'channel_raw',
            'spend_raw',
            'started_at_raw'
        ]) }} as raw_record
    from checked
    where quarantine_rule is not null
)

select * from final
