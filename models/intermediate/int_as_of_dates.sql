{# grain: one row per as-of date the run computes
   The run's as-of date T (var as_of_date: 'latest' = the last day with activity, 'today', or a date),
   plus T - H ('train': features for the production model, outcomes in (T - H, T]) and T - 2H
   ('backtest': features for the out-of-time evaluation), H = var horizon_days. #}
with

activity as (
    select max(occurred_at) as last_activity_at from {{ ref('stg_product__events') }}
    union all
    select max(occurred_at) as last_activity_at from {{ ref('stg_billing__transactions') }}
),

latest as (
    select cast(max(last_activity_at) as date) as latest_activity_date
    from activity
),

anchor as (
    select
        {%- set literal = as_of_date_literal() %}
        {%- if literal is not none %}
        {{ literal }} as as_of_date,
        {%- elif var('as_of_date') | string | trim | lower == 'today' %}
        current_date as as_of_date,
        {%- else %}
            coalesce(latest_activity_date, current_date) as as_of_date,
        {%- endif %}
        latest_activity_date
    from latest
),

roles as (
    select
        as_of_date,
        'current' as as_of_role,
        0 as horizons_back,
        latest_activity_date
    from anchor
    union all
    select
        cast({{ dbt.dateadd('day', -1 * var('horizon_days') | int, 'as_of_date') }} as date) as as_of_date,
        'train' as as_of_role,
        1 as horizons_back,
        latest_activity_date
    from anchor
    union all
    select
        cast({{ dbt.dateadd('day', -2 * var('horizon_days') | int, 'as_of_date') }} as date) as as_of_date,
        'backtest' as as_of_role,
        2 as horizons_back,
        latest_activity_date
    from anchor
),

final as (
    select
        as_of_date,
        as_of_role,
        horizons_back,
        cast({{ dbt.dateadd('day', 1, 'as_of_date') }} as {{ dbt.type_timestamp() }}) as as_of_end_at,
        latest_activity_date
    from roles
)

select * from final
