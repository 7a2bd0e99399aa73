{# grain: one row per account per as-of date
   Campaign response over the 365 days before the end of each as-of date. An open, click or conversion
   counts only if it happened before that end. Rates are NULL for accounts no campaign reached. #}
with

accounts as (
    select
        account_id,
        as_of_date,
        as_of_end_at
    from {{ ref('int_accounts_as_of') }}
),

touches as (
    select
        account_id,
        sent_at,
        opened_at,
        clicked_at,
        converted_at
    from {{ ref('stg_marketing__campaign_touches') }}
),

windowed as (
    select
        accounts.account_id,
        accounts.as_of_date,
        case when touches.opened_at < accounts.as_of_end_at then 1 else 0 end as is_opened,
        case when touches.clicked_at < accounts.as_of_end_at then 1 else 0 end as is_clicked,
        case when touches.converted_at < accounts.as_of_end_at then 1 else 0 end as is_converted
    from accounts
    inner join touches
        on
            accounts.account_id = touches.account_id
            and accounts.as_of_end_at > touches.sent_at
            and touches.sent_at >= {{ dbt.dateadd('day', -365, 'accounts.as_of_end_at') }}
),

aggregated as (
    select
        account_id,
        as_of_date,
        count(*) as touches_12m,
        avg(cast(is_opened as {{ dbt.type_float() }})) as open_rate_12m,
        avg(cast(is_clicked as {{ dbt.type_float() }})) as click_rate_12m,
        avg(cast(is_converted as {{ dbt.type_float() }})) as conversion_rate_12m
    from windowed
    group by account_id, as_of_date
),

final as (
    select
        accounts.account_id,
        accounts.as_of_date,
        coalesce(aggregated.touches_12m, 0) as touches_12m,
        aggregated.open_rate_12m,
        aggregated.click_rate_12m,
        aggregated.conversion_rate_12m
    from accounts
    left join aggregated
        on accounts.account_id = aggregated.account_id and accounts.as_of_date = aggregated.as_of_date
)

select * from final
