{{
    config(
        materialized='incremental',
        unique_key='as_of_date',
        incremental_strategy=('insert_overwrite' if target.type in ('spark', 'databricks') else 'delete+insert'),
        partition_by=(['as_of_date'] if target.type in ('spark', 'databricks') else none),
        file_format=('parquet' if target.type in ('spark', 'databricks') else none),
        tags=['history'],
    )
}}
{# grain: one row per account per as-of date
   Every run appends its as-of date (re-running a date replaces it): the segment, the scores and the
   account facts that trends, migration and the CRM table's segment history are computed from. #}
with

assignments as (
    select account_id, as_of_date, segment_id, segment_name
    from {{ ml_ref('ml_segment_assignments') }}
    where as_of_date = (
        select as_of_date from {{ ref('int_as_of_dates') }}
        where as_of_role = 'current'
    )
),

features as (
    select
        account_id,
        as_of_date,
        crm_account_id,
        firmographic_segment,
        rfm_segment,
        lifecycle_stage,
        revenue_12m,
        current_mrr,
        usage_trend,
        conversion_rate_12m,
        is_at_risk_loyalist
    from {{ ref('fct_account_features') }}
),

scores as (
    select
        account_id,
        as_of_date,
        propensity_score,
        churn_risk_score,
        predicted_value_12m
    from {{ ml_ref('ml_account_scores') }}
),

final as (
    select
        features.account_id,
        features.as_of_date,
        features.crm_account_id,
        cast(assignments.segment_id as {{ dbt.type_int() }}) as segment_id,
        assignments.segment_name,
        features.firmographic_segment,
        features.rfm_segment,
        features.lifecycle_stage,
        cast(features.revenue_12m as decimal(18, 2)) as revenue_12m,
        cast(features.current_mrr as decimal(18, 2)) as current_mrr,
        features.usage_trend,
        features.conversion_rate_12m,
        features.is_at_risk_loyalist,
        scores.propensity_score,
        scores.churn_risk_score,
        scores.predicted_value_12m
    from features
    left join assignments
        on features.account_id = assignments.account_id and features.as_of_date = assignments.as_of_date
    left join scores
        on features.account_id = scores.account_id and features.as_of_date = scores.as_of_date
)

select * from final
