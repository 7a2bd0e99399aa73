with

checked as (
    select * from {{ ref('base_crm__contacts') }}
),

final as (
    select
        'contacts' as source_table,
        contact_id as record_id,
        account_id,
        quarantine_rule,
        {{ dbt.split_part('quarantine_rule', "':'", 1) }} as rule_name,
        {{ dbt.split_part('quarantine_rule', "':'", 2) }} as column_name,
        {{ raw_record([
            'contact_id',
            'account_id',
            'marketing_opt_in_raw',
            'created_at_raw'
        ]) }} as raw_record
    from checked
    where quarantine_rule is not null
)

select * from final
