with

checked as (
    select * from {{ ref('base_voc__feedback') }}
),

final as (
    select
        'feedback' as source_table,
        feedback_id as record_id,
        account_id,
        quarantine_rule,
        {{ dbt.split_part('quarantine_rule', "':'", 1) }} as rule_name,
        {{ dbt.split_part('quarantine_rule', "':'", 2) }} as column_name,
        {{ raw_record([
            'feedback_id',
            'account_id',
            'source',
            'submitted_at_raw',
            'score_raw'
        ]) }} as raw_record
    from checked
    where quarantine_rule is not null
)

select * from final
