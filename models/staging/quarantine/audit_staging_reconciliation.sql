{# grain: one row per raw table
   Raw rows in = clean rows + duplicate rows + quarantined rows; staged_rows and quarantine_table_rows
   count what the staging and quarantine models actually hold, so a test can check both ends. #}
with

counts as (
    select
        'accounts' as source_table,
        count(*) as raw_rows,
        coalesce(sum(case when quarantine_rule is null then 1 else 0 end), 0) as clean_rows,
        coalesce(sum(case when quarantine_rule like 'unique:%' then 1 else 0 end), 0) as duplicate_rows,
        coalesce(sum(case when quarantine_rule is not null and quarantine_rule not like 'unique:%' then 1 else 0 end), 0)
            as quarantined_rows,
        (select count(*) from {{ ref('stg_crm__accounts') }}) as staged_rows,
        (select count(*) from {{ ref('stg_crm__accounts_quarantine') }}) as quarantine_table_rows
    from {{ ref('base_crm__accounts') }}

    union all

    select
        'contacts' as source_table,
        count(*) as raw_rows,
        coalesce(sum(case when quarantine_rule is null then 1 else 0 end), 0) as clean_rows,
        coalesce(sum(case when quarantine_rule like 'unique:%' then 1 else 0 end), 0) as duplicate_rows,
        coalesce(sum(case when quarantine_rule is not null and quarantine_rule not like 'unique:%' then 1 else 0 end), 0)
            as quarantined_rows,
        (select count(*) from {{ ref('stg_crm__contacts') }}) as staged_rows,
        (select count(*) from {{ ref('stg_crm__contacts_quarantine') }}) as quarantine_table_rows
    from {{ ref('base_crm__contacts') }}

    union all

    select
        'events' as source_table,
        -- counted in the raw table itself: the incremental base model re-reads only recent days, so a row
        -- that arrived later than that would otherwise go unnoticed
        (select count(*) from {{ raw_table('product', 'events') }} as raw_events) as raw_rows,
        coalesce(sum(case when quarantine_rule is null then 1 else 0 end), 0) as clean_rows,
        coalesce(sum(case when quarantine_rule like 'unique:%' then 1 else 0 end), 0) as duplicate_rows,
        coalesce(sum(case when quarantine_rule is not null and quarantine_rule not like 'unique:%' then 1 else 0 end), 0)
            as quarantined_rows,
        (select count(*) from {{ ref('stg_product__events') }}) as staged_rows,
        (select count(*) from {{ ref('stg_product__events_quarantine') }}) as quarantine_table_rows
    from {{ ref('base_product__events') }}

    union all

    select
        'transactions' as source_table,
        -- counted in the raw table itself, as the events: incremental too
        (select count(*) from {{ raw_table('billing', 'transactions') }} as raw_transactions) as raw_rows,
        coalesce(sum(case when quarantine_rule is null then 1 else 0 end), 0) as clean_rows,
        coalesce(sum(case when quarantine_rule like 'unique:%' then 1 else 0 end), 0) as duplicate_rows,
        coalesce(sum(case when quarantine_rule is not null and quarantine_rule not like 'unique:%' then 1 else 0 end), 0)
            as quarantined_rows,
        (select count(*) from {{ ref('stg_billing__transactions') }}) as staged_rows,
        (select count(*) from {{ ref('stg_billing__transactions_quarantine') }}) as quarantine_table_rows
    from {{ ref('base_billing__transactions') }}

    union all

    select
        'subscriptions' as source_table,
        count(*) as raw_rows,
        coalesce(sum(case when quarantine_rule is null then 1 else 0 end), 0) as clean_rows,
        coalesce(sum(case when quarantine_rule like 'unique:%' then 1 else 0 end), 0) as duplicate_rows,
        coalesce(sum(case when quarantine_rule is not null and quarantine_rule not like 'unique:%' then 1 else 0 end), 0)
            as quarantined_rows,
        (select count(*) from {{ ref('stg_billing__subscriptions') }}) as staged_rows,
        (select count(*) from {{ ref('stg_billing__subscriptions_quarantine') }}) as quarantine_table_rows
    from {{ ref('base_billing__subscriptions') }}

    union all

    select
        'support_tickets' as source_table,
        -- counted in the raw table itself, as the events: incremental too
        (select count(*) from {{ raw_table('support', 'support_tickets') }} as raw_support_tickets) as raw_rows,
        coalesce(sum(case when quarantine_rule is null then 1 else 0 end), 0) as clean_rows,
        coalesce(sum(case when quarantine_rule like 'unique:%' then 1 else 0 end), 0) as duplicate_rows,
        coalesce(sum(case when quarantine_rule is not null and quarantine_rule not like 'unique:%' then 1 else 0 end), 0)
            as quarantined_rows,
        (select count(*) from {{ ref('stg_support__tickets') }}) as staged_rows,
        (select count(*) from {{ ref('stg_support__tickets_quarantine') }}) as quarantine_table_rows
    from {{ ref('base_support__tickets') }}

    union all

    select
        'campaigns' as source_table,
        count(*) as raw_rows,
        coalesce(sum(case when quarantine_rule is null then 1 else 0 end), 0) as clean_rows,
        coalesce(sum(case when quarantine_rule like 'unique:%' then 1 else 0 end), 0) as duplicate_rows,
        coalesce(sum(case when quarantine_rule is not null and quarantine_rule not like 'unique:%' then 1 else 0 end), 0)
            as quarantined_rows,
        (select count(*) from {{ ref('stg_marketing__campaigns') }}) as staged_rows,
        (select count(*) from {{ ref('stg_marketing__campaigns_quarantine') }}) as quarantine_table_rows
    from {{ ref('base_marketing__campaigns') }}

    union all

    select
        'campaign_touches' as source_table,
        -- counted in the raw table itself, as the events: incremental too
        (select count(*) from {{ raw_table('marketing', 'campaign_touches') }} as raw_campaign_touches) as raw_rows,
        coalesce(sum(case when quarantine_rule is null then 1 else 0 end), 0) as clean_rows,
        coalesce(sum(case when quarantine_rule like 'unique:%' then 1 else 0 end), 0) as duplicate_rows,
        coalesce(sum(case when quarantine_rule is not null and quarantine_rule not like 'unique:%' then 1 else 0 end), 0)
            as quarantined_rows,
        (select count(*) from {{ ref('stg_marketing__campaign_touches') }}) as staged_rows,
        (select count(*) from {{ ref('stg_marketing__campaign_touches_quarantine') }}) as quarantine_table_rows
    from {{ ref('base_marketing__campaign_touches') }}

    union all

    select
        'feedback' as source_table,
        count(*) as raw_rows,
        coalesce(sum(case when quarantine_rule is null then 1 else 0 end), 0) as clean_rows,
        coalesce(sum(case when quarantine_rule like 'unique:%' then 1 else 0 end), 0) as duplicate_rows,
        coalesce(sum(case when quarantine_rule is not null and quarantine_rule not like 'unique:%' then 1 else 0 end), 0)
            as quarantined_rows,
        (select count(*) from {{ ref('stg_voc__feedback') }}) as staged_rows,
        (select count(*) from {{ ref('stg_voc__feedback_quarantine') }}) as quarantine_table_rows
    from {{ ref('base_voc__feedback') }}
),

final as (
    select * from counts
)

select * from final
