with

checked as (
    select * from {{ ref('base_product__events') }}
),

final as (
    select
        event_id,
        account_id,
        user_id,
        event_name,
        occurred_at,
        loaded_at
    from checked
    where quarantine_rule is null
)

select * from final
