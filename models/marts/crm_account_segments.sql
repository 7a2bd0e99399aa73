{# grain: one row per account (the run's as-of date)
   The reverse-ETL table: sync key crm_account_id, the account's segment with when it entered it and
   where it came from, RFM segment, lifecycle stage, scores with their reasons, and the recommended
   tactic from the segment playbook (NULL where the playbook recommends nothing). row_hash covers the business columns only (not as_of_date), so an account whose row did
   not change never re-syncs. #}
with

as_of as (
    select as_of_date from {{ ref('int_as_of_dates') }}
    where as_of_role = 'current'
),

history as (
    select history.*
    from {{ ref('fct_account_segment_history') }} as history
    inner join as_of on history.as_of_date <= as_of.as_of_date
),

current_rows as (
    select history.*
    from history
    inner join as_of on history.as_of_date = as_of.as_of_date
),

-- the account's latest date in another segment before its current one (NULL counts as a segment of its own)
left_segment as (
    select
        history.account_id,
        max(history.as_of_date) as left_at
    from history
    inner join current_rows on history.account_id = current_rows.account_id
    where coalesce(history.segment_id, -2) != coalesce(current_rows.segment_id, -2)
    group by history.account_id
),

-- it entered its current segment on the first date after that (on its first date if it never was in another);
-- aggregations rather than windows over the whole history, which grows by one date per run
entries as (
    select
        history.account_id,
        min(history.as_of_date) as segment_entered_at
    from history
    left join left_segment on history.account_id = left_segment.account_id
    where left_segment.left_at is null or history.as_of_date > left_segment.left_at
    group by history.account_id
),

previous_segments as (
    select
        history.account_id,
        history.segment_name as previous_segment_name
    from history
    inner join left_segment
        on history.account_id = left_segment.account_id and history.as_of_date = left_segment.left_at
),

scores as (
    select
        account_id,
        as_of_date,
        propensity_percentile,
        churn_risk_percentile,
        churn_risk_band,
        propensity_reasons,
        churn_risk_reasons
    from {{ ml_ref('ml_account_scores') }}
),

recommendations as (
    select
        segment_id,
        max(case when dimension = 'channel' then tactic end) as recommended_channel,
        max(case when dimension = 'offer' then tactic end) as recommended_offer,
        max(case when dimension = 'message_angle' then tactic end) as recommended_message
    from {{ ref('segment_playbook') }}
    where is_recommended
    group by segment_id
),

joined as (
    select
        cast(current_rows.crm_account_id as {{ dbt.type_string() }}) as crm_account_id,
        cast(current_rows.account_id as {{ dbt.type_string() }}) as account_id,
        cast(current_rows.segment_id as {{ dbt.type_int() }}) as segment_id,
        cast(current_rows.segment_name as {{ dbt.type_string() }}) as segment_name,
        cast(entries.segment_entered_at as date) as segment_entered_at,
        cast(previous_segments.previous_segment_name as {{ dbt.type_string() }}) as previous_segment_name,
        cast(current_rows.rfm_segment as {{ dbt.type_string() }}) as rfm_segment,
        cast(current_rows.lifecycle_stage as {{ dbt.type_string() }}) as lifecycle_stage,
        cast(round(current_rows.propensity_score, 4) as {{ dbt.type_float() }}) as propensity_score,
        cast(round(scores.propensity_percentile, 1) as {{ dbt.type_float() }}) as propensity_percentile,
        cast(round(current_rows.churn_risk_score, 4) as {{ dbt.type_float() }}) as churn_risk_score,
        cast(scores.churn_risk_band as {{ dbt.type_string() }}) as churn_risk_band,
        cast(round(current_rows.predicted_value_12m, 0) as decimal(18, 2)) as predicted_value_12m,
        cast(scores.propensity_reasons as {{ dbt.type_string() }}) as propensity_reasons,
        cast(scores.churn_risk_reasons as {{ dbt.type_string() }}) as churn_risk_reasons,
        cast(recommendations.recommended_channel as {{ dbt.type_string() }}) as recommended_channel,
        cast(recommendations.recommended_offer as {{ dbt.type_string() }}) as recommended_offer,
        cast(recommendations.recommended_message as {{ dbt.type_string() }}) as recommended_message,
        current_rows.as_of_date
    from current_rows
    left join entries on current_rows.account_id = entries.account_id
    left join previous_segments on current_rows.account_id = previous_segments.account_id
    left join scores
        on current_rows.account_id = scores.account_id and current_rows.as_of_date = scores.as_of_date
    left join recommendations on current_rows.segment_id = recommendations.segment_id
),

final as (
    select
        *,
        {#- doubles are hashed as decimals: engines render doubles as text differently (1e-06, 1.0E-6) -#}
        {{ surrogate_key([
            'crm_account_id', 'account_id', 'segment_id', 'segment_name', 'segment_entered_at',
            'previous_segment_name', 'rfm_segment', 'lifecycle_stage', 'cast(propensity_score as decimal(18, 6))',
            'cast(propensity_percentile as decimal(18, 2))', 'cast(churn_risk_score as decimal(18, 6))',
            'churn_risk_band', 'cast(predicted_value_12m as decimal(18, 2))',
            'propensity_reasons', 'churn_risk_reasons', 'recommended_channel', 'recommended_offer',
            'recommended_message'
        ]) }} as row_hash
    from joined
)

select * from final
