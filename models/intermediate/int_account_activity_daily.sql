{{ config(
    pre_hook="{{ delete_days_of_latest_load(ref('base_product__events'), 'occurred_date', 'activity_date') }}",
    **day_replaced_config('activity_date')
) }}
{# grain: one row per account per day with product activity
   Incremental: each run re-aggregates the days the latest load of the staged events rewrote (its
   loaded_at: the days of its lookback, and the days holding events of accounts added or removed), so events
   that arrive a few days late are counted, and an account's days follow its arrival or removal. Those days
   are deleted first (a day left with no clean event keeps no account-day). On Spark the staged events
   replace whole months, and insert_overwrite replaces the months written: a month left with no clean event
   needs --full-refresh. Events later than the lookback need --full-refresh.
   A full rebuild aggregates ranges of days in separate blocks on DuckDB (day_range_conditions), so the
   account-days of each block stay in memory; events and classified are recomputed for each block.
   No distinct users or sessions per day: they do not add up over a window (the features count a window's
   distinct users from the events), and they cost most of the rollup's time. The day's features are kept
   as a mask (feature_mask, one bit per feature_numbers() number; NULL on engines without bit aggregates),
   which does add up over a window. Only what the usage features read is kept: every column costs time
   to aggregate and write on each of the account-days (70M at 1M accounts). #}
-- depends_on: {{ ref('base_product__events') }}
{%- set day_conditions = [none] if is_incremental() else day_range_conditions(
    ref('stg_product__events'), 'occurred_at', 'activity_date', var('rollup_rows_per_block')) %}
with

events as {{ recomputed_cte() }} (
    select
        account_id,
        event_name,
        cast(occurred_at as date) as activity_date
    from {{ ref('stg_product__events') }}
    {% if is_incremental() %}
    -- the events of the days the latest load rewrote: the staged events replace whole days
    where loaded_at = (select max(loaded_at) from {{ ref('stg_product__events') }})
    {% endif %}
),

catalog as (
    select
        event_name,
        feature,
        is_core_workflow
    from {{ ref('event_catalog') }}
),

-- each feature of the catalog, and 'other', numbered from 0: a day's distinct features are the bits set
-- in a mask of their numbers
feature_numbers as (
    {{ feature_numbers('catalog') }}
),

classified as {{ recomputed_cte() }} (
    select
        events.account_id,
        events.activity_date,
        feature_numbers.feature_number,
        case when catalog.is_core_workflow then 1 else 0 end as is_core_workflow
    from events
    left join catalog on events.event_name = catalog.event_name
    left join feature_numbers on coalesce(catalog.feature, 'other') = feature_numbers.feature
),

aggregated_to_day as (
    {%- for day_condition in day_conditions %}
        {% if not loop.first %}union all{% endif %}
        select
            account_id,
            activity_date,
            count(*) as event_count,
            {{ number_mask('feature_number') }} as feature_mask,
            sum(is_core_workflow) as core_workflow_count
        from classified
        {% if day_condition %}where {{ day_condition }}{% endif %}
        group by account_id, activity_date
    {%- endfor %}
),

final as (
    select
        *,
        -- loaded_at, the start of the build that wrote the row: a scheduled run's key test checks its own
        -- rows (and on Spark the month partition)
        {{ load_columns('activity_date') }}
    from aggregated_to_day
)

select * from final
