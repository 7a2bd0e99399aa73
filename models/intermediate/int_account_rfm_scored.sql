{# grain: one row per account per as-of date
   RFM: recency from the last positive transaction before the end of the as-of date; frequency and
   monetary over the lookback window (var lookback_days). Scores 1-5 (var rfm_bins) are
   ceil(bins * cume_dist()) within the as-of date, so tied values always share a score and the
   result does not depend on row order. Higher is better for all three. #}
with

accounts as (
    select
        account_id,
        as_of_date,
        as_of_end_at
    from {{ ref('int_accounts_as_of') }}
),

purchases as (
    select
        account_id,
        occurred_at,
        amount
    from {{ ref('stg_billing__transactions') }}
    where amount > 0
),

aggregated_to_account as (
    select
        accounts.account_id,
        accounts.as_of_date,
        max(purchases.occurred_at) as last_purchase_at,
        sum(
            case
                when
                    purchases.occurred_at
                    >= {{ dbt.dateadd('day', -1 * var('lookback_days') | int, 'accounts.as_of_end_at') }}
                    then 1
                else 0
            end
        ) as frequency,
        sum(
            case
                when
                    purchases.occurred_at
                    >= {{ dbt.dateadd('day', -1 * var('lookback_days') | int, 'accounts.as_of_end_at') }}
                    then purchases.amount
                else 0
            end
        ) as monetary
    from accounts
    left join purchases
        on
            accounts.account_id = purchases.account_id
            and accounts.as_of_end_at > purchases.occurred_at
    group by accounts.account_id, accounts.as_of_date
),

with_recency as (
    select
        account_id,
        as_of_date,
        last_purchase_at,
        {{ dbt.datediff('cast(last_purchase_at as date)', 'as_of_date', 'day') }}             as recency_days,
        coalesce(frequency, 0) as frequency,
        cast(coalesce(monetary, 0) as decimal(18, 2)) as monetary
    from aggregated_to_account
),

scored as (
    select
        *,
        cast(ceil({{ var('rfm_bins') }} * cume_dist() over (
            partition by as_of_date order by coalesce(recency_days, 1000000) desc
        )) as {{ dbt.type_int() }}) as r_score,
        cast(ceil({{ var('rfm_bins') }} * cume_dist() over (
            partition by as_of_date order by frequency
        )) as {{ dbt.type_int() }}) as f_score,
        cast(ceil({{ var('rfm_bins') }} * cume_dist() over (
            partition by as_of_date order by monetary
        )) as {{ dbt.type_int() }}) as m_score
    from with_recency
),

segment_map as (
    select
        r_score,
        f_score,
        rfm_segment
    from {{ ref('rfm_segment_map') }}
),

final as (
    select
        scored.account_id,
        scored.as_of_date,
        scored.last_purchase_at,
        scored.recency_days,
        scored.frequency,
        scored.monetary,
        scored.r_score,
        scored.f_score,
        scored.m_score,
        segment_map.rfm_segment,
        coalesce(
            scored.m_score = {{ var('rfm_bins') }}
            and (scored.recency_days is null or scored.recency_days > {{ var('at_risk_recency_days') }}),
            false
        ) as is_at_risk_loyalist
    from scored
    left join segment_map
        on scored.r_score = segment_map.r_score and scored.f_score = segment_map.f_score
)

select * from final
