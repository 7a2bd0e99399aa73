{# grain: one row per segment per as-of date in the history
   Accounts and trailing-12-month revenue per segment over time, the change against the segment's
   previous as-of date, and a direction: growing / eroding when accounts changed by more than
   var trend_change_threshold (relative), else stable; 'first_observation' for a segment's first date. #}
with

history as (
    select as_of_date, segment_id, segment_name, revenue_12m
    from {{ ref('fct_account_segment_history') }}
),

sized as (
    select
        as_of_date,
        segment_id,
        max(segment_name) as segment_name,
        count(*) as account_count,
        sum(revenue_12m) as revenue_12m
    from history
    group by as_of_date, segment_id
),

totals as (
    select as_of_date, sum(account_count) as total_accounts, sum(revenue_12m) as total_revenue
    from sized
    group by as_of_date
),

with_previous as (
    select
        sized.*,
        lag(sized.account_count) over (partition by sized.segment_id order by sized.as_of_date)
            as previous_account_count,
        lag(sized.revenue_12m) over (partition by sized.segment_id order by sized.as_of_date)
            as previous_revenue_12m,
        lag(sized.as_of_date) over (partition by sized.segment_id order by sized.as_of_date)
            as previous_as_of_date
    from sized
),

final as (
    select
        with_previous.as_of_date,
        with_previous.segment_id,
        with_previous.segment_name,
        with_previous.account_count,
        cast(with_previous.account_count as {{ dbt.type_float() }}) / totals.total_accounts as account_share,
        cast(with_previous.revenue_12m as decimal(18, 2)) as revenue_12m,
        cast(with_previous.revenue_12m as {{ dbt.type_float() }}) / nullif(totals.total_revenue, 0)
            as revenue_share,
        with_previous.previous_as_of_date,
        with_previous.previous_account_count,
        with_previous.account_count - with_previous.previous_account_count as account_change,
        {{ safe_divide('with_previous.account_count - with_previous.previous_account_count',
                       'with_previous.previous_account_count') }} as account_change_pct,
        {{ safe_divide('with_previous.revenue_12m - with_previous.previous_revenue_12m',
                       'with_previous.previous_revenue_12m') }} as revenue_change_pct,
        case
            when with_previous.previous_account_count is null then 'first_observation'
            when {{ safe_divide('with_previous.account_count - with_previous.previous_account_count',
                                'with_previous.previous_account_count') }} > {{ var('trend_change_threshold') }}
                then 'growing'
            when {{ safe_divide('with_previous.account_count - with_previous.previous_account_count',
                                'with_previous.previous_account_count') }} < -{{ var('trend_change_threshold') }}
                then 'eroding'
            else 'stable'
        end as trend_direction
    from with_previous
    inner join totals on with_previous.as_of_date = totals.as_of_date
)

select * from final
