{# grain: one row per account with at least one purchase per as-of date (T, T - H, T - 2H)
   The buy-till-you-die summary in days, as lifetimes' summary_data_from_transaction_data with
   freq='D': purchase occasions (purchase, new_subscription, renewal or expansion transactions of
   zero or more) are summed per day; btyd_frequency = purchase days - 1;
   btyd_recency_days = last purchase day - first; btyd_t_days = as-of date - first purchase day;
   btyd_monetary_value = mean daily spend over the repeat purchase days (0 without repeats). #}
with

accounts as (
    select account_id, as_of_date from {{ ref('int_accounts_as_of') }}
),

purchases as (
    select
        account_id,
        amount,
        cast(occurred_at as date) as purchase_date
    from {{ ref('stg_billing__transactions') }}
    where amount >= 0 and transaction_type in ('purchase', 'new_subscription', 'renewal', 'expansion')
),

purchase_days as (
    select
        accounts.account_id,
        accounts.as_of_date,
        purchases.purchase_date,
        sum(purchases.amount) as day_amount
    from accounts
    inner join purchases
        on
            accounts.account_id = purchases.account_id
            and purchases.purchase_date <= accounts.as_of_date
    group by accounts.account_id, accounts.as_of_date, purchases.purchase_date
),

numbered as (
    select
        *,
        row_number() over (partition by account_id, as_of_date order by purchase_date) as purchase_day_number
    from purchase_days
),

summarized as (
    select
        account_id,
        as_of_date,
        count(*) - 1 as btyd_frequency,
        {{ dbt.datediff('min(purchase_date)', 'max(purchase_date)', 'day') }} as btyd_recency_days,
        {{ dbt.datediff('min(purchase_date)', 'as_of_date', 'day') }} as btyd_t_days,
        coalesce(avg(case when purchase_day_number > 1 then day_amount end), 0) as btyd_monetary_value
    from numbered
    group by account_id, as_of_date
),

final as (
    select * from summarized
)

select * from final
