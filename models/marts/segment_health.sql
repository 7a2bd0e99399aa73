{# grain: one row per segment per health indicator, for the run's as-of date
   The scorecard marketing reads. Indicators: churn risk (lower is better), usage trend, revenue trend
   and campaign response rate (higher is better). Each is compared with its population benchmark:
   gap = (value - benchmark) / max(|benchmark|, 0.01), sign-flipped when lower is better. Status:
   'action needed' when the gap is at or below -health_action_threshold, 'review required' at or
   below -health_review_threshold, else 'on track'; 'no data' without a value. #}
with

as_of as (
    select as_of_date from {{ ref('int_as_of_dates') }}
    where as_of_role = 'current'
),

members as (
    select history.*
    from {{ ref('fct_account_segment_history') }} as history
    inner join as_of on history.as_of_date = as_of.as_of_date
),

trends as (
    select segment_id, as_of_date, revenue_change_pct
    from {{ ref('segment_trends') }}
),

population_revenue as (
    select
        as_of_date,
        sum(revenue_12m) as revenue_12m,
        lag(sum(revenue_12m)) over (order by as_of_date) as previous_revenue_12m
    from {{ ref('fct_account_segment_history') }}
    group by as_of_date
),

segment_values as (
    select
        members.segment_id,
        max(members.segment_name) as segment_name,
        avg(members.churn_risk_score) as churn_risk,
        avg(members.usage_trend) as usage_trend,
        avg(members.conversion_rate_12m) as response_rate
    from members
    group by members.segment_id
),

population as (
    select
        avg(churn_risk_score) as churn_risk,
        avg(usage_trend) as usage_trend,
        avg(conversion_rate_12m) as response_rate
    from members
),

indicators as (
    {%- for indicator, higher_is_better in [('churn_risk', false), ('usage_trend', true), ('response_rate', true)] %}
        select
            segment_values.segment_id,
            segment_values.segment_name,
            '{{ indicator }}' as indicator,
            {{ 'true' if higher_is_better else 'false' }} as higher_is_better,
            cast(segment_values.{{ indicator }} as {{ dbt.type_float() }}) as current_value,
            cast(population.{{ indicator }} as {{ dbt.type_float() }}) as benchmark_value,
            'population average' as benchmark
        from segment_values
        cross join population
        union all
    {%- endfor %}
    select
        segment_values.segment_id,
        segment_values.segment_name,
        'revenue_trend' as indicator,
        true as higher_is_better,
        cast(trends.revenue_change_pct as {{ dbt.type_float() }}) as current_value,
        cast({{ safe_divide('population_revenue.revenue_12m - population_revenue.previous_revenue_12m',
                            'population_revenue.previous_revenue_12m') }} as {{ dbt.type_float() }}) as benchmark_value,
        'population revenue change since the previous as-of date' as benchmark
    from segment_values
    cross join as_of
    left join trends on segment_values.segment_id = trends.segment_id and as_of.as_of_date = trends.as_of_date
    left join population_revenue on as_of.as_of_date = population_revenue.as_of_date
),

gaps as (
    select
        *,
        (case when higher_is_better then 1 else -1 end)
        * (current_value - benchmark_value)
        / case when abs(benchmark_value) > 0.01 then abs(benchmark_value) else 0.01 end as gap
    from indicators
),

final as (
    select
        as_of.as_of_date,
        gaps.segment_id,
        gaps.segment_name,
        gaps.indicator,
        gaps.higher_is_better,
        gaps.current_value,
        gaps.benchmark_value,
        gaps.benchmark,
        gaps.gap,
        case
            when gaps.current_value is null or gaps.benchmark_value is null then 'no data'
            when gaps.gap <= -{{ var('health_action_threshold') }} then 'action needed'
            when gaps.gap <= -{{ var('health_review_threshold') }} then 'review required'
            else 'on track'
        end as status
    from gaps
    cross join as_of
)

select * from final
