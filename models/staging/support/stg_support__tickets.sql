with

checked as (
    select * from {{ ref('base_support__tickets') }}
),

final as (
    select
        ticket_id,
        account_id,
        opened_at,
        resolved_at,
        severity,
        csat,
        sentiment,
        subject,
        loaded_at
    from checked
    where quarantine_rule is null
)

select * from final
