{# grain: one row per account per as-of date (the run's T, T - H and T - 2H)
   All feature groups side by side. A group whose raw table is absent (or has no clean rows) is NULL,
   not zero. The lifecycle stage is the first rule of the ladder that holds (vars lifecycle_*):
   churned > new > dormant > declining > power > engaged > activated. #}
with

accounts as (
    select * from {{ ref('int_accounts_as_of') }}
),

availability as (
    select * from {{ ref('int_source_availability') }}
),

rfm as (
    select * from {{ ref('int_account_rfm_scored') }}
),

usage as (
    select * from {{ ref('int_account_usage_summarized') }}
),

billing as (
    select * from {{ ref('int_account_billing_summarized') }}
),

support as (
    select * from {{ ref('int_account_support_summarized') }}
),

campaigns as (
    select * from {{ ref('int_account_campaigns_summarized') }}
),

joined as (
    select
        accounts.account_id,
        accounts.as_of_date,
        accounts.as_of_role,
        accounts.crm_account_id,
        accounts.firmographic_segment,
        accounts.industry,
        accounts.employee_count,
        accounts.country,
        accounts.created_at,
        rfm.last_purchase_at,
        rfm.recency_days,
        rfm.frequency,
        rfm.monetary,
        rfm.r_score,
        rfm.f_score,
        rfm.m_score,
        rfm.rfm_segment,
        rfm.is_at_risk_loyalist,
        {%- for column in ['active_days_7d', 'active_days_30d', 'active_days_90d', 'events_30d',
                           'events_prior_30d', 'events_90d', 'core_workflows_30d', 'events_per_active_day_90d',
                           'active_users_30d', 'feature_breadth_90d', 'usage_trend', 'days_since_last_activity'] %}
            case when availability.has_events then usage.{{ column }} end as {{ column }},
        {%- endfor %}
        case
            when availability.has_events
                then {{ safe_divide('usage.active_users_30d', 'billing.current_seats') }}
        end as seat_utilization_30d,
        billing.has_subscription_history,
        billing.has_active_subscription,
        billing.tenure_days,
        billing.revenue_12m,
        billing.discount_share_12m,
        billing.refund_share_12m,
        billing.expansion_count_12m,
        billing.expansion_amount_12m,
        billing.contraction_count_12m,
        {%- for column in ['current_mrr', 'mrr_12m_ago', 'mrr_change_12m', 'current_seats'] %}
            case when availability.has_subscriptions then billing.{{ column }} end as {{ column }},
        {%- endfor %}
        {%- for column in ['tickets_90d', 'tickets_per_month_90d', 'high_severity_share_90d', 'csat_mean_90d',
                           'sentiment_mean_90d', 'median_hours_to_resolve_90d'] %}
            case when availability.has_support_tickets then support.{{ column }} end as {{ column }},
        {%- endfor %}
        {%- for column in ['touches_12m', 'open_rate_12m', 'click_rate_12m', 'conversion_rate_12m'] %}
            case when availability.has_campaign_touches then campaigns.{{ column }} end as {{ column }},
        {%- endfor %}
        availability.has_events
    from accounts
    cross join availability
    left join rfm on accounts.account_id = rfm.account_id and accounts.as_of_date = rfm.as_of_date
    left join usage on accounts.account_id = usage.account_id and accounts.as_of_date = usage.as_of_date
    left join billing on accounts.account_id = billing.account_id and accounts.as_of_date = billing.as_of_date
    left join support on accounts.account_id = support.account_id and accounts.as_of_date = support.as_of_date
    left join campaigns
        on accounts.account_id = campaigns.account_id and accounts.as_of_date = campaigns.as_of_date
),

staged as (
    select
        *,
        case
            when has_subscription_history and not has_active_subscription then 'churned'
            when
                not has_subscription_history
                and (recency_days is null or recency_days > {{ var('lookback_days') }})
                and (days_since_last_activity is null or days_since_last_activity > {{ var('lookback_days') }})
                then 'churned'
            when tenure_days < {{ var('lifecycle_new_days') }} then 'new'
            when
                not has_events
                and (recency_days is null or recency_days >= {{ var('lifecycle_dormant_days') }})
                then 'dormant'
            when not has_events then 'activated'
            when
                days_since_last_activity is null
                or days_since_last_activity >= {{ var('lifecycle_dormant_days') }}
                then 'dormant'
            when usage_trend <= {{ var('lifecycle_declining_trend') }} then 'declining'
            when
                active_days_30d >= {{ var('lifecycle_power_active_days_30d') }}
                and feature_breadth_90d >= {{ var('lifecycle_power_breadth') }}
                then 'power'
            when
                active_days_30d >= {{ var('lifecycle_engaged_active_days_30d') }}
                and core_workflows_30d >= {{ var('lifecycle_engaged_core_workflows_30d') }}
                then 'engaged'
            else 'activated'
        end as lifecycle_stage
    from joined
),

final as (
    select * from staged
)

select * from final
