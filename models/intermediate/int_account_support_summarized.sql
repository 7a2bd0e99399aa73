{# grain: one row per account per as-of date
   Support load and satisfaction over the 90 days before the end of each as-of date. Resolution time
   counts only tickets resolved before that end. #}
with

accounts as (
    select
        account_id,
        as_of_date,
        as_of_end_at
    from {{ ref('int_accounts_as_of') }}
),

tickets as (
    select
        account_id,
        opened_at,
        resolved_at,
        severity,
        csat,
        sentiment
    from {{ ref('stg_support__tickets') }}
),

windowed as (
    select
        accounts.account_id,
        accounts.as_of_date,
        case when tickets.severity in ('high', 'urgent') then 1 else 0 end as is_high_severity,
        case when tickets.resolved_at < accounts.as_of_end_at then tickets.csat end as csat,
        tickets.sentiment,
        case
            when tickets.resolved_at < accounts.as_of_end_at
                then                                         {{ safe_divide(dbt.datediff('tickets.opened_at', 'tickets.resolved_at', 'second'), '3600') }}
        end as hours_to_resolve
    from accounts
    inner join tickets
        on
            accounts.account_id = tickets.account_id
            and accounts.as_of_end_at > tickets.opened_at
            and tickets.opened_at >= {{ dbt.dateadd('day', -90, 'accounts.as_of_end_at') }}
),

aggregated as (
    select
        account_id,
        as_of_date,
        count(*) as tickets_90d,
        avg(cast(is_high_severity as {{ dbt.type_float() }})) as high_severity_share_90d,
        avg(cast(csat as {{ dbt.type_float() }})) as csat_mean_90d,
        -- rounded: parallel sums of doubles differ in the last bits from run to run
        round(avg(sentiment), 6) as sentiment_mean_90d,
        {{ median('hours_to_resolve') }} as median_hours_to_resolve_90d
    from windowed
    group by account_id, as_of_date
),

final as (
    select
        accounts.account_id,
        accounts.as_of_date,
        coalesce(aggregated.tickets_90d, 0) as tickets_90d,
        {{ safe_divide('coalesce(aggregated.tickets_90d, 0)', '3') }} as tickets_per_month_90d,
        coalesce(aggregated.high_severity_share_90d, 0) as high_severity_share_90d,
        aggregated.csat_mean_90d,
        aggregated.sentiment_mean_90d,
        aggregated.median_hours_to_resolve_90d
    from accounts
    left join aggregated
        on accounts.account_id = aggregated.account_id and accounts.as_of_date = aggregated.as_of_date
)

select * from final
