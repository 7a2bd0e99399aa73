{# grain: one row per as-of date the run computes
   The run's as-of date T (var as_of_date: 'latest' = the last day with activity, 'today', or a date),
   plus T - H ('train': features for the production model, outcomes in (T - H, T]) and T - 2H
   ('backtest': features for the out-of-time evaluation), H = var horizon_days.
   T - H and T - 2H are computed only when this run retrains the scoring models and the segment
   validation: on a full refresh, when no champion or validation is stored yet, or when the stored
   champions' latest training (as of its T - H, plus H) is var retrain_every_days or more before T.
   Between trainings the ML layer carries the stored champions and validation to T. #}
{%- set stored_runs = stored_ml_relation('ml_model_runs') %}
{%- set stored_validation = stored_ml_relation('ml_segment_validation') %}
{%- set can_carry = stored_runs is not none and stored_validation is not none and not flags.FULL_REFRESH %}
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

last_training as (
    {% if can_carry %}
        select max(runs.training_as_of_date) as training_features_date
        from {{ stored_runs }} as runs
        cross join anchor
        where runs.is_champion and runs.model_blob is not null and runs.as_of_date < anchor.as_of_date
    {% else %}
        select cast(null as date) as training_features_date
    {% endif %}
),

training as (
    select
        case
            when last_training.training_features_date is null then true
            when cast({{ dbt.dateadd(
                'day',
                var('horizon_days') | int + var('retrain_every_days') | int,
                'last_training.training_features_date'
            ) }} as date) <= anchor.as_of_date then true
            else false
        end as is_training_run
    from anchor
    cross join last_training
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
    cross join training
    where training.is_training_run
    union all
    select
        cast({{ dbt.dateadd('day', -2 * var('horizon_days') | int, 'as_of_date') }} as date) as as_of_date,
        'backtest' as as_of_role,
        2 as horizons_back,
        latest_activity_date
    from anchor
    cross join training
    where training.is_training_run
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
