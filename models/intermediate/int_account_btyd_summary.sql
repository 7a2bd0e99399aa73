{# grain: one row per account with at least one purchase per as-of date (T, T - H, T - 2H)
   The buy-till-you-die summary in days, as lifetimes' summary_data_from_transaction_data with
   freq='D': purchase occasions (purchase, new_subscription, renewal or expansion transactions of
   zero or more) are summed per day; btyd_frequency = purchase days - 1;
   btyd_recency_days = last purchase day - first; btyd_t_days = as-of date - first purchase day;
   btyd_monetary_value = mean daily spend over the repeat purchase days (0 without repeats).
   The purchase days do not depend on the as-of date, so they are summed once; an account's first
   purchase day is the same at every as-of date that sees a purchase, so the repeat days are the days
   after it (no per-as-of-date numbering). #}
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
        account_id,
        purchase_date,
        sum(amount) as day_amount
    from purchases
    group by account_id, purchase_date
),

first_purchase_days as (
    select
        account_id,
        min(purchase_date) as first_purchase_date
    from purchase_days
    group by account_id
),

days_as_of as (
    select
        accounts.account_id,
        accounts.as_of_date,
        purchase_days.purchase_date,
        purchase_days.day_amount,
        first_purchase_days.first_purchase_date
    from accounts
    inner join first_purchase_days
        on
            accounts.account_id = first_purchase_days.account_id
            and first_purchase_days.first_purchase_date <= accounts.as_of_date
    inner join purchase_days
        on
            accounts.account_id = purchase_days.account_id
            and purchase_days.purchase_date <= accounts.as_of_date
),

summarized as (
    select
        account_id,
        as_of_date,
        count(*) - 1 as btyd_frequency,
        {{ dbt.datediff('min(first_purchase_date)', 'max(purchase_date)', 'day') }} as btyd_recency_days,
        {{ dbt.datediff('min(first_purchase_date)', 'as_of_date', 'day') }} as btyd_t_days,
        coalesce(avg(case when purchase_date > first_purchase_date then day_amount end), 0) as btyd_monetary_value
    from days_as_of
    group by account_id, as_of_date
),

final as (
    select * from summarized
)

select * from final
