{# grain: one row per segment
   Campaign spend attributed to segments: a touch's own cost, else its campaign's spend spread evenly
   over the campaign's touches that carry no cost. Conversion rate against the population's, and
   recoverable_spend = spend x (1 - segment conversion rate / population conversion rate) for segments
   converting below average (0 otherwise): the spend that, at the average rate, would have bought the
   same conversions, and could move to high-response segments. #}
with

as_of as (
    select as_of_date, as_of_end_at from {{ ref('int_as_of_dates') }}
    where as_of_role = 'current'
),

members as (
    select history.account_id, history.segment_id, history.segment_name
    from {{ ref('fct_account_segment_history') }} as history
    inner join as_of on history.as_of_date = as_of.as_of_date
),

touches as (
    select
        touches.touch_id,
        touches.account_id,
        touches.campaign_id,
        touches.cost,
        case when touches.converted_at < as_of.as_of_end_at then 1 else 0 end as is_converted
    from {{ ref('stg_marketing__campaign_touches') }} as touches
    cross join as_of
    where touches.sent_at < as_of.as_of_end_at
),

campaign_spread as (
    select
        campaigns.campaign_id,
        (campaigns.spend - coalesce(sum(touches.cost), 0))
        / nullif(sum(case when touches.cost is null then 1 else 0 end), 0) as spend_per_uncosted_touch
    from {{ ref('stg_marketing__campaigns') }} as campaigns
    inner join touches on campaigns.campaign_id = touches.campaign_id
    group by campaigns.campaign_id, campaigns.spend
),

attributed as (
    select
        members.segment_id,
        members.segment_name,
        touches.is_converted,
        cast(coalesce(touches.cost, campaign_spread.spend_per_uncosted_touch, 0) as decimal(18, 4)) as touch_spend
    from touches
    inner join members on touches.account_id = members.account_id
    left join campaign_spread on touches.campaign_id = campaign_spread.campaign_id
),

by_segment as (
    select
        segment_id,
        max(segment_name) as segment_name,
        count(*) as touches,
        sum(is_converted) as conversions,
        sum(touch_spend) as spend
    from attributed
    group by segment_id
),

population as (
    select
        sum(spend) as spend,
        cast(sum(conversions) as {{ dbt.type_float() }}) / nullif(sum(touches), 0) as conversion_rate
    from by_segment
),

rated as (
    select
        by_segment.*,
        cast(by_segment.conversions as {{ dbt.type_float() }}) / nullif(by_segment.touches, 0) as conversion_rate,
        population.conversion_rate as population_conversion_rate,
        population.spend as total_spend
    from by_segment
    cross join population
),

final as (
    select
        as_of.as_of_date,
        cast(rated.segment_id as {{ dbt.type_int() }}) as segment_id,
        cast(rated.segment_name as {{ dbt.type_string() }}) as segment_name,
        cast(rated.touches as {{ dbt.type_bigint() }}) as touches,
        cast(rated.conversions as {{ dbt.type_bigint() }}) as conversions,
        cast(rated.spend as decimal(18, 2)) as spend,
        cast(rated.spend as {{ dbt.type_float() }}) / nullif(rated.total_spend, 0) as spend_share,
        rated.conversion_rate,
        rated.population_conversion_rate,
        rated.conversion_rate / nullif(rated.population_conversion_rate, 0) as conversion_index,
        cast(rated.spend / nullif(rated.conversions, 0) as decimal(18, 2)) as cost_per_conversion,
        rated.conversion_rate < rated.population_conversion_rate as is_below_average,
        cast(
            case
                when rated.conversion_rate < rated.population_conversion_rate
                    then rated.spend * (1 - rated.conversion_rate / rated.population_conversion_rate)
                else 0
            end as decimal(18, 2)
        ) as recoverable_spend,
        {{ safe_divide(
            "sum(case when rated.conversion_rate < rated.population_conversion_rate then rated.spend else 0 end) over ()",
            "rated.total_spend") }} as below_average_spend_share
    from rated
    cross join as_of
)

select * from final
