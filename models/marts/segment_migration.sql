{# grain: one row per from-segment x to-segment between two as-of dates
   Where the accounts of each segment went between the previous run and the latest one (vars
   migration_from_date, migration_to_date), with the revenue that moved and each flow's share of its
   from-segment. Accounts that did not exist yet at the first date come from '(new account)'. #}
{%- set from_date = var('migration_from_date') | string | trim | lower -%}
{%- set to_date = var('migration_to_date') | string | trim | lower -%}
{%- for value in [from_date, to_date] -%}
    {%- if value not in ('previous', 'latest') and not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', value) -%}
        {{ exceptions.raise_compiler_error("vars migration_from_date / migration_to_date must be 'previous', 'latest' or YYYY-MM-DD; got '" ~ value ~ "'") }}
    {%- endif -%}
{%- endfor %}
with

history as (
    select account_id, as_of_date, segment_id, segment_name, revenue_12m
    from {{ ref('fct_account_segment_history') }}
),

dates as (
    select distinct as_of_date from history
),

ranked_dates as (
    select
        as_of_date,
        row_number() over (order by as_of_date desc) as recency_rank
    from dates
),

window_dates as (
    select
        {% if to_date == 'latest' -%}
            (
                select as_of_date from ranked_dates
                where recency_rank = 1
            )
        {%- else -%}
            cast('{{ to_date }}' as date)
        {%- endif %} as to_as_of_date,
        {% if from_date == 'previous' -%}
            (
                select as_of_date from ranked_dates
                where recency_rank = 2
            )
        {%- else -%}
            cast('{{ from_date }}' as date)
        {%- endif %} as from_as_of_date
),

from_state as (
    select history.*
    from history
    inner join window_dates on history.as_of_date = window_dates.from_as_of_date
),

to_state as (
    select history.*
    from history
    inner join window_dates on history.as_of_date = window_dates.to_as_of_date
),

moves as (
    select
        coalesce(from_state.segment_id, -2) as from_segment_id,
        coalesce(from_state.segment_name, '(new account)') as from_segment_name,
        to_state.segment_id as to_segment_id,
        to_state.segment_name as to_segment_name,
        to_state.revenue_12m
    from to_state
    left join from_state on to_state.account_id = from_state.account_id
),

flows as (
    select
        from_segment_id,
        from_segment_name,
        to_segment_id,
        to_segment_name,
        count(*) as account_count,
        sum(revenue_12m) as revenue_12m
    from moves
    group by from_segment_id, from_segment_name, to_segment_id, to_segment_name
),

final as (
    select
        window_dates.from_as_of_date,
        window_dates.to_as_of_date,
        flows.from_segment_id,
        flows.from_segment_name,
        flows.to_segment_id,
        flows.to_segment_name,
        flows.account_count,
        cast(flows.revenue_12m as decimal(18, 2)) as revenue_12m,
        cast(flows.account_count as {{ dbt.type_float() }})
        / sum(flows.account_count) over (partition by flows.from_segment_id) as share_of_from_segment,
        flows.from_segment_id = flows.to_segment_id as is_same_segment
    from flows
    cross join window_dates
    where window_dates.from_as_of_date is not null
)

select * from final
