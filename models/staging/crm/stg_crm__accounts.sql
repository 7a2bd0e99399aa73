with

checked as (
    select * from {{ ref('base_crm__accounts') }}
),

final as (
    select
        account_id,
        coalesce(crm_account_id, account_id) as crm_account_id,
        account_name,
        industry,
        employee_count,
        firmographic_segment,
        country,
        created_at
    from checked
    where quarantine_rule is null
)

select * from final
