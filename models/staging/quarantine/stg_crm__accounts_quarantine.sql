with

checked as (
    select * from {{ ref('base_crm__accounts') }}
),

final as (
    select
        'accounts' as source_table,
        account_id as record_id,
        account_id,
        quarantine_rule,
        {{ dbt.split_part('quarantine_rule', "':'", 1) }} as rule_name,
        {{ dbt.split_part('quarantine_rule', "':'", 2) }} as column_name,
        {{ raw_record([
            'account_id',
            'crm_account_id',
            'account_name',
            'firmographic_segment',
            'employee_count_raw',
            'created_at_raw'
        ]) }} as raw_record
    from checked
    where quarantine_rule is not null
)

select * from final
