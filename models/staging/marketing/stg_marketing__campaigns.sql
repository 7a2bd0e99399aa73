with

checked as (
    select * from {{ ref('base_marketing__campaigns') }}
),

final as (
    select
        campaign_id,
        campaign_name,
        channel,
        offer,
        message_angle,
        spend,
        started_at
    from checked
    where quarantine_rule is null
)

select * from final
