{# grain: one row per account per as-of date
   Product usage as of the end of each as-of date, from the daily rollup (counts, active days, trend)
   and, for the distinct users and features of a window, from the events themselves.
   usage_trend = (events in the last 30 days - events in the 30 before)
                 / (their sum + var usage_trend_smoothing): between -1 and 1, 0 when both windows are
   empty, defined when the prior window is zero, and shrunk toward 0 when both windows hold only a few
   events (one event against none is not read as +100%).
   The features used in 90 days are the union of the rollup's daily feature masks where the engine has bit
   aggregates; elsewhere they are counted from the events. #}
{%- set masks = number_masks_supported() %}
{%- set features_used_90d = bits_set('window_counts.feature_mask_90d & catalog_mask.feature_mask') if masks
    else 'distinct_counts.features_used_90d' %}
with

accounts as (
    select account_id, as_of_date, as_of_end_at from {{ ref('int_accounts_as_of') }}
),

-- read where it is used rather than stored once for both uses: on DuckDB, storing the 70M account-days of
-- 1M accounts took longer than reading them twice
daily as {{ recomputed_cte() }} (
    select account_id, activity_date, event_count, core_workflow_count, feature_mask
    from {{ ref('int_account_activity_daily') }}
),

events as (
    select account_id, user_id, event_name, occurred_at
    from {{ ref('stg_product__events') }}
),

catalog as (
    select event_name, feature from {{ ref('event_catalog') }}
),

catalog_size as (
    select count(distinct feature) as feature_total from catalog
),

-- the bits of the catalog's own features in the daily masks ('other', the events the catalog does not
-- name, is left out, as a count of the catalog's features leaves it out)
catalog_mask as (
    select {{ number_mask('feature_numbers.feature_number') }} as feature_mask
    from ({{ feature_numbers('catalog') }}) as feature_numbers
    where feature_numbers.feature in (select catalog.feature from catalog)
),

windowed_days as (
    select
        accounts.account_id,
        accounts.as_of_date,
        daily.activity_date,
        {{ dbt.datediff('daily.activity_date', 'accounts.as_of_date', 'day') }} as days_ago,
        daily.event_count,
        daily.core_workflow_count,
        daily.feature_mask
    from accounts
    inner join daily
        on
            accounts.account_id = daily.account_id
            and daily.activity_date <= accounts.as_of_date
            and daily.activity_date > cast({{ dbt.dateadd('day', -90, 'accounts.as_of_date') }} as date)
),

window_counts as (
    select
        account_id,
        as_of_date,
        sum(case when days_ago < 7 then 1 else 0 end) as active_days_7d,
        sum(case when days_ago < 30 then 1 else 0 end) as active_days_30d,
        count(*) as active_days_90d,
        sum(case when days_ago < 30 then event_count else 0 end) as events_30d,
        sum(case when days_ago >= 30 and days_ago < 60 then event_count else 0 end) as events_prior_30d,
        sum(event_count) as events_90d,
        sum(case when days_ago < 30 then core_workflow_count else 0 end) as core_workflows_30d,
        {% if masks -%}
            {{ union_of_masks('feature_mask') }} as feature_mask_90d,
        {% endif -%}
        max(activity_date) as last_activity_date
    from windowed_days
    group by account_id, as_of_date
),

-- the last active day of an account active in the 90 days is in window_counts; only the others (quiet for
-- 90 days or never active) are looked up in their whole history
quiet_accounts as (
    select
        accounts.account_id,
        accounts.as_of_date
    from accounts
    left join window_counts
        on accounts.account_id = window_counts.account_id and accounts.as_of_date = window_counts.as_of_date
    where window_counts.account_id is null
),

earlier_activity as (
    select
        quiet_accounts.account_id,
        quiet_accounts.as_of_date,
        max(daily.activity_date) as last_activity_date
    from quiet_accounts
    inner join daily
        on quiet_accounts.account_id = daily.account_id and daily.activity_date <= quiet_accounts.as_of_date
    group by quiet_accounts.account_id, quiet_accounts.as_of_date
),

-- the events of the last 30 days for the distinct users (and of 90 days for the features, without masks)
windowed_events as (
    select
        accounts.account_id,
        accounts.as_of_date,
        events.user_id,
        {% if not masks %}catalog.feature,{% endif %}
        events.occurred_at >= {{ dbt.dateadd('day', -30, 'accounts.as_of_end_at') }} as is_last_30d
    from accounts
    inner join events
        on
            accounts.account_id = events.account_id
            and events.occurred_at < accounts.as_of_end_at
            and events.occurred_at >= {{ dbt.dateadd('day', -30 if masks else -90, 'accounts.as_of_end_at') }}
    {% if not masks %}left join catalog on events.event_name = catalog.event_name{% endif %}
),

distinct_counts as (
    select
        account_id,
        as_of_date,
        {% if not masks -%}
            count(distinct feature) as features_used_90d,
        {% endif -%}
        count(distinct case when is_last_30d then user_id end) as active_users_30d
    from windowed_events
    group by account_id, as_of_date
),

final as (
    select
        accounts.account_id,
        accounts.as_of_date,
        coalesce(window_counts.active_days_7d, 0) as active_days_7d,
        coalesce(window_counts.active_days_30d, 0) as active_days_30d,
        coalesce(window_counts.active_days_90d, 0) as active_days_90d,
        coalesce(window_counts.events_30d, 0) as events_30d,
        coalesce(window_counts.events_prior_30d, 0) as events_prior_30d,
        coalesce(window_counts.events_90d, 0) as events_90d,
        coalesce(window_counts.core_workflows_30d, 0) as core_workflows_30d,
        coalesce({{ safe_divide('window_counts.events_90d', 'window_counts.active_days_90d') }}, 0)
            as events_per_active_day_90d,
        coalesce(distinct_counts.active_users_30d, 0) as active_users_30d,
        coalesce({{ safe_divide(features_used_90d, 'catalog_size.feature_total') }}, 0) as feature_breadth_90d,
        coalesce(
            {{ safe_divide(
                'coalesce(window_counts.events_30d, 0) - coalesce(window_counts.events_prior_30d, 0)',
                'coalesce(window_counts.events_30d, 0) + coalesce(window_counts.events_prior_30d, 0) + '
                ~ var('usage_trend_smoothing')) }},
            0
        ) as usage_trend,
        coalesce(window_counts.last_activity_date, earlier_activity.last_activity_date) as last_activity_date,
        {{ dbt.datediff(
            'coalesce(window_counts.last_activity_date, earlier_activity.last_activity_date)',
            'accounts.as_of_date', 'day'
        ) }} as days_since_last_activity
    from accounts
    cross join catalog_size
    cross join catalog_mask
    left join window_counts
        on accounts.account_id = window_counts.account_id and accounts.as_of_date = window_counts.as_of_date
    left join distinct_counts
        on accounts.account_id = distinct_counts.account_id and accounts.as_of_date = distinct_counts.as_of_date
    left join earlier_activity
        on accounts.account_id = earlier_activity.account_id and accounts.as_of_date = earlier_activity.as_of_date
)

select * from final
