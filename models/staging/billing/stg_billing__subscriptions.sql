with

checked as (
    select * from {{ ref('base_billing__subscriptions') }}
),

final as (
    select
        subscription_id,
        account_id,
        mrr,
        started_at,
        ended_at,
        plan,
        seats,
        cancel_reason
    from checked
    where quarantine_rule is null
)

select * from final
