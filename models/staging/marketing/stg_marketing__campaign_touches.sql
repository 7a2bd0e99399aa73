with

checked as (
    select * from {{ ref('base_marketing__campaign_touches') }}
),

final as (
    select
        touch_id,
        campaign_id,
        account_id,
        contact_id,
        sent_at,
        opened_at,
        clicked_at,
        converted_at,
        cost,
        loaded_at
    from checked
    where quarantine_rule is null
)

select * from final
