with

checked as (
    select * from {{ ref('base_crm__contacts') }}
),

final as (
    select
        contact_id,
        account_id,
        email,
        phone,
        coalesce(marketing_opt_in, false) as marketing_opt_in,
        created_at
    from checked
    where quarantine_rule is null
)

select * from final
