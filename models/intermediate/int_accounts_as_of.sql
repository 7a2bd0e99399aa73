{# grain: one row per account per as-of date
   The accounts that exist at each as-of date: created before its end (created_at, or the first
   activity seen when the CRM has no creation date). #}
with

accounts as (
    select
        account_id,
        crm_account_id,
        created_at,
        industry,
        employee_count,
        firmographic_segment,
        country
    from {{ ref('stg_crm__accounts') }}
),

first_activity as (
    select
        account_id,
        min(first_at) as first_activity_at
    from (
        select
            account_id,
            min(occurred_at) as first_at
        from {{ ref('stg_product__events') }}
        group by account_id
        union all
        select
            account_id,
            min(occurred_at) as first_at
        from {{ ref('stg_billing__transactions') }}
        group by account_id
        union all
        select
            account_id,
            min(started_at) as first_at
        from {{ ref('stg_billing__subscriptions') }}
        group by account_id
    ) as firsts
    group by account_id
),

as_of_dates as (
    select
        as_of_date,
        as_of_role,
        as_of_end_at
    from {{ ref('int_as_of_dates') }}
),

joined as (
    select
        accounts.account_id,
        as_of_dates.as_of_date,
        as_of_dates.as_of_role,
        as_of_dates.as_of_end_at,
        accounts.crm_account_id,
        coalesce(accounts.created_at, first_activity.first_activity_at) as created_at,
        accounts.industry,
        accounts.employee_count,
        accounts.firmographic_segment,
        accounts.country
    from accounts
    cross join as_of_dates
    left join first_activity on accounts.account_id = first_activity.account_id
),

final as (
    select * from joined
    where created_at is null or created_at < as_of_end_at
)

select * from final
