{# grain: one row per account for the run's as-of date
   The feature table every model and mart reads: RFM, usage, billing, support, campaign response and
   the lifecycle stage, point-in-time correct as of the end of as_of_date. Firmographic columns are
   carried for comparison and are never clustering inputs. #}
with

features as (
    select * from {{ ref('int_account_features_as_of') }}
    where as_of_role = 'current'
),

final as (
    select
        account_id,
        as_of_date,
        crm_account_id,
        firmographic_segment,
        industry,
        employee_count,
        country,
        created_at,
        last_purchase_at,
        recency_days,
        frequency,
        monetary,
        r_score,
        f_score,
        m_score,
        rfm_segment,
        is_at_risk_loyalist,
        active_days_7d,
        active_days_30d,
        active_days_90d,
        events_30d,
        events_prior_30d,
        events_90d,
        events_per_active_day_90d,
        active_users_30d,
        seat_utilization_30d,
        feature_breadth_90d,
        core_workflows_30d,
        usage_trend,
        days_since_last_activity,
        has_subscription_history,
        has_active_subscription,
        current_mrr,
        mrr_12m_ago,
        mrr_change_12m,
        current_seats,
        tenure_days,
        revenue_12m,
        expansion_count_12m,
        expansion_amount_12m,
        contraction_count_12m,
        discount_share_12m,
        refund_share_12m,
        tickets_90d,
        tickets_per_month_90d,
        high_severity_share_90d,
        csat_mean_90d,
        sentiment_mean_90d,
        median_hours_to_resolve_90d,
        touches_12m,
        open_rate_12m,
        click_rate_12m,
        conversion_rate_12m,
        lifecycle_stage
    from features
)

select * from final
