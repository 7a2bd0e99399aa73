{# grain: one row per segment for the run's as-of date
   Size by accounts and by trailing-12-month revenue, average scores, the firmographic mix, and whether
   the segment cuts across firmographic segments (no firmographic segment holds more than
   var cross_cutting_max_share of its accounts). #}
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

centroids as (
    select as_of_date, segment_id, dominant_behaviors, clustering_status, status_reason
    from {{ ml_ref('ml_segment_centroids') }}
),

run_status as (
    select
        cast(max(centroids.clustering_status) as {{ dbt.type_string() }}) as clustering_status,
        cast(max(centroids.status_reason) as {{ dbt.type_string() }}) as status_reason
    from centroids
    inner join as_of on centroids.as_of_date = as_of.as_of_date
),

sized as (
    select
        as_of_date,
        segment_id,
        segment_name,
        count(*) as account_count,
        sum(revenue_12m) as revenue_12m,
        avg(propensity_score) as avg_propensity_score,
        avg(churn_risk_score) as avg_churn_risk_score,
        avg(predicted_value_12m) as avg_predicted_value_12m,
        sum(cast(predicted_value_12m as decimal(18, 2))) as predicted_value_12m
    from members
    group by as_of_date, segment_id, segment_name
),

totals as (
    select count(*) as account_count, sum(revenue_12m) as revenue_12m
    from members
),

firmographic_counts as (
    select
        segment_id,
        coalesce(firmographic_segment, 'Unknown') as firmographic_segment,
        count(*) as accounts
    from members
    group by segment_id, coalesce(firmographic_segment, 'Unknown')
),

firmographic_shares as (
    select
        firmographic_counts.segment_id,
        firmographic_counts.firmographic_segment,
        firmographic_counts.accounts,
        cast(firmographic_counts.accounts as {{ dbt.type_float() }}) / sized.account_count as firmographic_share
    from firmographic_counts
    inner join sized on firmographic_counts.segment_id = sized.segment_id
),

firmographic_mix as (
    select
        segment_id,
        max(firmographic_share) as top_firmographic_share,
        {{ ordered_listagg(
            dbt.concat(["firmographic_segment", "' '", "cast(cast(round(100 * firmographic_share) as " ~ dbt.type_int() ~ ") as " ~ dbt.type_string() ~ ")", "'%'"]),
            "', '",
            [["firmographic_share", "desc"], ["firmographic_segment", "asc"]]) }} as firmographic_mix
    from firmographic_shares
    group by segment_id
),

final as (
    select
        sized.as_of_date,
        sized.segment_id,
        sized.segment_name,
        centroids.dominant_behaviors,
        sized.account_count,
        cast(sized.account_count as {{ dbt.type_float() }}) / totals.account_count as account_share,
        cast(sized.revenue_12m as decimal(18, 2)) as revenue_12m,
        cast(sized.revenue_12m as {{ dbt.type_float() }}) / nullif(totals.revenue_12m, 0) as revenue_share,
        sized.avg_propensity_score,
        sized.avg_churn_risk_score,
        sized.avg_predicted_value_12m,
        cast(sized.predicted_value_12m as decimal(18, 2)) as predicted_value_12m,
        firmographic_mix.firmographic_mix,
        firmographic_mix.top_firmographic_share,
        firmographic_mix.top_firmographic_share <= {{ var('cross_cutting_max_share') }} as is_cross_cutting,
        run_status.clustering_status,
        run_status.status_reason
    from sized
    cross join totals
    cross join run_status
    left join centroids
        on sized.as_of_date = centroids.as_of_date and sized.segment_id = centroids.segment_id
    left join firmographic_mix on sized.segment_id = firmographic_mix.segment_id
)

select * from final
