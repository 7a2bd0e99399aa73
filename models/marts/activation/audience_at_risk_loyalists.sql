{# grain: one row per at-risk loyalist account (the run's as-of date)
   A ready win-back audience: accounts with no purchase in the last at_risk_recency_days (default 90)
   and top-quintile spend over the lookback year, with their segment's recommended tactic, falling back
   to what the playbook recommends for the Churned segment (the win-back population). #}
with

as_of as (
    select as_of_date from {{ ref('int_as_of_dates') }}
    where as_of_role = 'current'
),

loyalists as (
    select
        features.account_id,
        features.crm_account_id,
        features.as_of_date,
        features.recency_days,
        features.monetary,
        features.revenue_12m,
        features.rfm_segment
    from {{ ref('fct_account_features') }} as features
    where features.is_at_risk_loyalist
),

members as (
    select history.account_id, history.segment_id, history.segment_name, history.churn_risk_score
    from {{ ref('fct_account_segment_history') }} as history
    inner join as_of on history.as_of_date = as_of.as_of_date
),

recommended as (
    select
        segment_id,
        max(case when dimension = 'channel' then tactic end) as channel,
        max(case when dimension = 'offer' then tactic end) as offer,
        max(case when dimension = 'message_angle' then tactic end) as message_angle
    from {{ ref('segment_playbook') }}
    where is_recommended
    group by segment_id
),

final as (
    select
        loyalists.as_of_date,
        cast(loyalists.account_id as {{ dbt.type_string() }}) as account_id,
        cast(loyalists.crm_account_id as {{ dbt.type_string() }}) as crm_account_id,
        cast(members.segment_id as {{ dbt.type_int() }}) as segment_id,
        cast(members.segment_name as {{ dbt.type_string() }}) as segment_name,
        cast(loyalists.rfm_segment as {{ dbt.type_string() }}) as rfm_segment,
        cast(loyalists.recency_days as {{ dbt.type_bigint() }}) as recency_days,
        cast(loyalists.monetary as decimal(18, 2)) as spend_prior_year,
        cast(members.churn_risk_score as {{ dbt.type_float() }}) as churn_risk_score,
        cast(coalesce(own.channel, winback.channel) as {{ dbt.type_string() }}) as winback_channel,
        cast(coalesce(own.offer, winback.offer) as {{ dbt.type_string() }}) as winback_offer,
        cast(coalesce(own.message_angle, winback.message_angle) as {{ dbt.type_string() }}) as winback_message
    from loyalists
    left join members on loyalists.account_id = members.account_id
    left join recommended as own on members.segment_id = own.segment_id
    left join recommended as winback on winback.segment_id = 0
)

select * from final
