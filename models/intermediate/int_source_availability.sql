{# grain: one row (the availability of each optional raw table)
   A table with no clean rows counts as absent: features drawn from it are NULL, not zero. #}
with

final as (
    select
        (select count(*) from {{ ref('stg_product__events') }}) > 0 as has_events,
        (select count(*) from {{ ref('stg_billing__subscriptions') }}) > 0 as has_subscriptions,
        (select count(*) from {{ ref('stg_support__tickets') }}) > 0 as has_support_tickets,
        (select count(*) from {{ ref('stg_marketing__campaign_touches') }}) > 0 as has_campaign_touches,
        (select count(*) from {{ ref('stg_voc__feedback') }}) > 0 as has_feedback,
        (select count(*) from {{ ref('stg_crm__contacts') }}) > 0 as has_contacts
)

select * from final
