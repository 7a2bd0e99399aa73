{# grain: one row per account per as-of date T (the run's T - H and T - 2H) for horizon H
   What happened in (T, T + H], H = var horizon_days:
   - expanded: an expansion transaction, or MRR at T + H above MRR at T (contractual accounts);
   - purchased_again: any positive transaction (non-contractual accounts);
   - propensity_outcome: expanded for accounts with an active subscription at T, else purchased_again;
   - churned: contractual: no active subscription left at T + H; non-contractual: a purchase in the
     lookback before T and none in the horizon. NULL for accounts already lapsed at T (a subscription
     that ended, or no purchase in the lookback);
   - revenue_in_horizon: net amount received in the horizon.
   is_label_complete is true when T + H is on or before the last day of data. #}
with

as_of_dates as (
    select
        as_of_date,
        as_of_role,
        as_of_end_at,
        latest_activity_date
    from {{ ref('int_as_of_dates') }}
    where as_of_role in ('train', 'backtest')
),

features as (
    select
        account_id,
        as_of_date,
        has_active_subscription,
        has_subscription_history,
        current_mrr,
        recency_days,
        lifecycle_stage
    from {{ ref('int_account_features_as_of') }}
),

transactions as (
    select
        account_id,
        occurred_at,
        transaction_type,
        amount
    from {{ ref('stg_billing__transactions') }}
),

subscriptions as (
    select
        account_id,
        mrr,
        started_at,
        ended_at
    from {{ ref('stg_billing__subscriptions') }}
),

base as (
    select
        features.account_id,
        features.as_of_date,
        as_of_dates.as_of_role,
        as_of_dates.as_of_end_at,
        {{ dbt.dateadd('day', var('horizon_days') | int, 'as_of_dates.as_of_end_at') }} as horizon_end_at,
        cast({{ dbt.dateadd('day', var('horizon_days') | int, 'as_of_dates.as_of_date') }} as date)
        <= as_of_dates.latest_activity_date as is_label_complete,
        coalesce(features.has_active_subscription, false) as is_contractual,
        coalesce(features.has_subscription_history, false) as has_subscription_history,
        coalesce(features.current_mrr, 0) as mrr_at_as_of,
        features.recency_days,
        features.lifecycle_stage
    from features
    inner join as_of_dates on features.as_of_date = as_of_dates.as_of_date
),

horizon_money as (
    select
        base.account_id,
        base.as_of_date,
        max(case when transactions.transaction_type = 'expansion' then 1 else 0 end) as has_expansion,
        max(case when transactions.amount > 0 then 1 else 0 end) as has_purchase,
        sum(transactions.amount) as revenue_in_horizon
    from base
    inner join transactions
        on
            base.account_id = transactions.account_id
            and base.as_of_end_at <= transactions.occurred_at
            and base.horizon_end_at > transactions.occurred_at
    group by base.account_id, base.as_of_date
),

horizon_mrr as (
    select
        base.account_id,
        base.as_of_date,
        sum(subscriptions.mrr) as mrr_at_horizon
    from base
    inner join subscriptions
        on
            base.account_id = subscriptions.account_id
            and base.horizon_end_at > subscriptions.started_at
            and (subscriptions.ended_at is null or base.horizon_end_at <= subscriptions.ended_at)
    group by base.account_id, base.as_of_date
),

final as (
    select
        base.account_id,
        base.as_of_date,
        base.as_of_role,
        {{ var('horizon_days') }} as horizon_days,
        base.is_label_complete,
        base.is_contractual,
        coalesce(horizon_money.has_expansion, 0) = 1
        or coalesce(horizon_mrr.mrr_at_horizon, 0) > base.mrr_at_as_of as expanded,
        coalesce(horizon_money.has_purchase, 0) = 1 as purchased_again,
        case
            when base.is_contractual
                then
                    coalesce(horizon_money.has_expansion, 0) = 1
                    or coalesce(horizon_mrr.mrr_at_horizon, 0) > base.mrr_at_as_of
            else coalesce(horizon_money.has_purchase, 0) = 1
        end as propensity_outcome,
        case
            when base.is_contractual then coalesce(horizon_mrr.mrr_at_horizon, 0) = 0
            when base.has_subscription_history then null
            when base.recency_days is not null and base.recency_days <= {{ var('lookback_days') }}
                then coalesce(horizon_money.has_purchase, 0) = 0
        end as churned,
        cast(coalesce(horizon_money.revenue_in_horizon, 0) as decimal(18, 2)) as revenue_in_horizon
    from base
    left join horizon_money
        on base.account_id = horizon_money.account_id and base.as_of_date = horizon_money.as_of_date
    left join horizon_mrr
        on base.account_id = horizon_mrr.account_id and base.as_of_date = horizon_mrr.as_of_date
)

select * from final
