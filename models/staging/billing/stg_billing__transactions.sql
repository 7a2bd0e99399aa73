with

checked as (
    select * from {{ ref('base_billing__transactions') }}
),

final as (
    select
        transaction_id,
        account_id,
        occurred_at,
        transaction_type,
        amount,
        currency,
        discount_amount,
        plan,
        seats,
        loaded_at
    from checked
    where quarantine_rule is null
)

select * from final
