{# grain: one row per segment x tactic dimension (channel, offer, message_angle) x tactic value
   What worked per segment, from every historical campaign touch (accounts in their current segment):
   response rate (conversions / touches) with a Wilson interval (var playbook_z), lift against the
   same tactic on the whole population and against the segment's average, and is_recommended: the
   tactic of each segment and dimension with the highest interval lower bound, when that lower bound
   clears the segment's base rate and the tactic has at least playbook_min_touches touches. #}
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

campaigns as (
    select campaign_id, channel, offer, message_angle from {{ ref('stg_marketing__campaigns') }}
),

touches as (
    select
        touches.account_id,
        touches.campaign_id,
        case when touches.converted_at < as_of.as_of_end_at then 1 else 0 end as is_converted
    from {{ ref('stg_marketing__campaign_touches') }} as touches
    cross join as_of
    where touches.sent_at < as_of.as_of_end_at
),

touch_tactics as (
    select
        members.segment_id,
        members.segment_name,
        campaigns.channel,
        campaigns.offer,
        campaigns.message_angle,
        touches.is_converted
    from touches
    inner join members on touches.account_id = members.account_id
    inner join campaigns on touches.campaign_id = campaigns.campaign_id
),

by_dimension as (
    {%- for dimension in ['channel', 'offer', 'message_angle'] %}
        select
            segment_id,
            segment_name,
            '{{ dimension }}' as dimension,
            coalesce({{ dimension }}, 'unknown') as tactic,
            is_converted
        from touch_tactics
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

tactic_counts as (
    select
        segment_id,
        segment_name,
        dimension,
        tactic,
        count(*) as touches,
        sum(is_converted) as conversions
    from by_dimension
    group by segment_id, segment_name, dimension, tactic
),

segment_rates as (
    select
        segment_id,
        cast(sum(is_converted) as {{ dbt.type_float() }}) / count(*) as segment_response_rate
    from touch_tactics
    group by segment_id
),

population_tactic_rates as (
    select
        dimension,
        tactic,
        cast(sum(is_converted) as {{ dbt.type_float() }}) / count(*) as population_response_rate
    from by_dimension
    group by dimension, tactic
),

rated as (
    select
        tactic_counts.*,
        cast(tactic_counts.conversions as {{ dbt.type_float() }}) / tactic_counts.touches as response_rate,
        segment_rates.segment_response_rate,
        population_tactic_rates.population_response_rate
    from tactic_counts
    inner join segment_rates on tactic_counts.segment_id = segment_rates.segment_id
    inner join population_tactic_rates
        on
            tactic_counts.dimension = population_tactic_rates.dimension
            and tactic_counts.tactic = population_tactic_rates.tactic
),

with_interval as (
    select
        *,
        (
            response_rate + {{ float_var('playbook_z') }} * {{ float_var('playbook_z') }} / (2.0 * touches)
            - {{ float_var('playbook_z') }} * sqrt(
                response_rate * (1 - response_rate) / touches
                + {{ float_var('playbook_z') }} * {{ float_var('playbook_z') }} / (4.0 * touches * touches)
            )
        ) / (1 + {{ float_var('playbook_z') }} * {{ float_var('playbook_z') }} / touches) as interval_lower,
        (
            response_rate + {{ float_var('playbook_z') }} * {{ float_var('playbook_z') }} / (2.0 * touches)
            + {{ float_var('playbook_z') }} * sqrt(
                response_rate * (1 - response_rate) / touches
                + {{ float_var('playbook_z') }} * {{ float_var('playbook_z') }} / (4.0 * touches * touches)
            )
        ) / (1 + {{ float_var('playbook_z') }} * {{ float_var('playbook_z') }} / touches) as interval_upper,
        touches >= {{ var('playbook_min_touches') }} as has_minimum_sample
    from rated
),

ranked as (
    select
        *,
        row_number() over (
            partition by segment_id, dimension
            order by case when has_minimum_sample then 0 else 1 end, interval_lower desc, tactic asc
        ) as tactic_rank
    from with_interval
),

final as (
    select
        as_of.as_of_date,
        cast(ranked.segment_id as {{ dbt.type_int() }}) as segment_id,
        cast(ranked.segment_name as {{ dbt.type_string() }}) as segment_name,
        cast(ranked.dimension as {{ dbt.type_string() }}) as dimension,
        cast(ranked.tactic as {{ dbt.type_string() }}) as tactic,
        cast(ranked.touches as {{ dbt.type_bigint() }}) as touches,
        cast(ranked.conversions as {{ dbt.type_bigint() }}) as conversions,
        ranked.response_rate,
        ranked.interval_lower,
        ranked.interval_upper,
        ranked.segment_response_rate,
        ranked.population_response_rate,
        ranked.response_rate / nullif(ranked.population_response_rate, 0) as lift_vs_population,
        ranked.response_rate / nullif(ranked.segment_response_rate, 0) as lift_vs_segment_average,
        cast({{ var('playbook_min_touches') }} as {{ dbt.type_bigint() }}) as minimum_touches,
        ranked.has_minimum_sample,
        (
            ranked.tactic_rank = 1
            and ranked.has_minimum_sample
            and ranked.interval_lower > ranked.segment_response_rate
        ) as is_recommended
    from ranked
    cross join as_of
)

select * from final
