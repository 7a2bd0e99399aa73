{# grain: one row per account per as-of date
   Contracts and money as of the end of each as-of date: MRR of the subscriptions active then, MRR a
   year before, seat count, expansion / contraction / refund / discount behavior over 12 months. #}
with

accounts as (
    select account_id, as_of_date, as_of_end_at, created_at from {{ ref('int_accounts_as_of') }}
),

subscriptions as (
    select account_id, mrr, seats, started_at, ended_at from {{ ref('stg_billing__subscriptions') }}
),

transactions as (
    select account_id, occurred_at, transaction_type, amount, discount_amount, seats
    from {{ ref('stg_billing__transactions') }}
),

contract_state as (
    select
        accounts.account_id,
        accounts.as_of_date,
        count(subscriptions.account_id) as subscriptions_started,
        sum(
            case
                when subscriptions.ended_at is null or subscriptions.ended_at >= accounts.as_of_end_at
                    then subscriptions.mrr
                else 0
            end
        ) as current_mrr,
        sum(
            case
                when subscriptions.ended_at is null or subscriptions.ended_at >= accounts.as_of_end_at
                    then subscriptions.seats
                else 0
            end
        ) as current_seats,
        sum(
            case
                when
                    subscriptions.started_at < {{ dbt.dateadd('day', -365, 'accounts.as_of_end_at') }}
                    and (
                        subscriptions.ended_at is null
                        or subscriptions.ended_at >= {{ dbt.dateadd('day', -365, 'accounts.as_of_end_at') }}
                    )
                    then subscriptions.mrr
                else 0
            end
        ) as mrr_12m_ago
    from accounts
    inner join subscriptions
        on accounts.account_id = subscriptions.account_id and subscriptions.started_at < accounts.as_of_end_at
    group by accounts.account_id, accounts.as_of_date
),

money_12m as (
    select
        accounts.account_id,
        accounts.as_of_date,
        sum(case when transactions.transaction_type = 'expansion' then 1 else 0 end) as expansion_count_12m,
        sum(case when transactions.transaction_type = 'expansion' then transactions.amount else 0 end)
            as expansion_amount_12m,
        sum(case when transactions.transaction_type = 'contraction' then 1 else 0 end) as contraction_count_12m,
        sum(case when transactions.transaction_type = 'refund' then -transactions.amount else 0 end)
            as refund_amount_12m,
        sum(case when transactions.amount > 0 then transactions.amount else 0 end) as gross_revenue_12m,
        sum(transactions.amount) as net_revenue_12m,
        sum(case when transactions.amount > 0 then transactions.discount_amount else 0 end) as discount_amount_12m
    from accounts
    inner join transactions
        on
            accounts.account_id = transactions.account_id
            and transactions.occurred_at < accounts.as_of_end_at
            and transactions.occurred_at >= {{ dbt.dateadd('day', -365, 'accounts.as_of_end_at') }}
    group by accounts.account_id, accounts.as_of_date
),

-- the seats of the last transaction that names seats (the most at that moment): the moment first, then
-- the seats billed at it, with two aggregations instead of ranking every transaction
last_seated_at as (
    select
        accounts.account_id,
        accounts.as_of_date,
        max(transactions.occurred_at) as last_seated_at
    from accounts
    inner join transactions
        on
            accounts.account_id = transactions.account_id
            and transactions.occurred_at < accounts.as_of_end_at
            and transactions.seats is not null
    group by accounts.account_id, accounts.as_of_date
),

last_seats as (
    select
        last_seated_at.account_id,
        last_seated_at.as_of_date,
        max(transactions.seats) as last_billed_seats
    from last_seated_at
    inner join transactions
        on
            last_seated_at.account_id = transactions.account_id
            and last_seated_at.last_seated_at = transactions.occurred_at
            and transactions.seats is not null
    group by last_seated_at.account_id, last_seated_at.as_of_date
),

final as (
    select
        accounts.account_id,
        accounts.as_of_date,
        coalesce(contract_state.subscriptions_started, 0) > 0 as has_subscription_history,
        coalesce(contract_state.current_mrr, 0) > 0 as has_active_subscription,
        cast(coalesce(contract_state.current_mrr, 0) as decimal(18, 2)) as current_mrr,
        cast(coalesce(contract_state.mrr_12m_ago, 0) as decimal(18, 2)) as mrr_12m_ago,
        cast(coalesce(contract_state.current_mrr, 0) - coalesce(contract_state.mrr_12m_ago, 0) as decimal(18, 2))
            as mrr_change_12m,
        coalesce(nullif(contract_state.current_seats, 0), last_seats.last_billed_seats) as current_seats,
        {{ dbt.datediff('cast(accounts.created_at as date)', 'accounts.as_of_date', 'day') }} as tenure_days,
        coalesce(money_12m.expansion_count_12m, 0) as expansion_count_12m,
        cast(coalesce(money_12m.expansion_amount_12m, 0) as decimal(18, 2)) as expansion_amount_12m,
        coalesce(money_12m.contraction_count_12m, 0) as contraction_count_12m,
        cast(coalesce(money_12m.net_revenue_12m, 0) as decimal(18, 2)) as revenue_12m,
        coalesce(
            {{ safe_divide('money_12m.discount_amount_12m',
                           'money_12m.gross_revenue_12m + money_12m.discount_amount_12m') }},
            0
        ) as discount_share_12m,
        coalesce({{ safe_divide('money_12m.refund_amount_12m', 'money_12m.gross_revenue_12m') }}, 0)
            as refund_share_12m
    from accounts
    left join contract_state
        on accounts.account_id = contract_state.account_id and accounts.as_of_date = contract_state.as_of_date
    left join money_12m
        on accounts.account_id = money_12m.account_id and accounts.as_of_date = money_12m.as_of_date
    left join last_seats
        on accounts.account_id = last_seats.account_id and accounts.as_of_date = last_seats.as_of_date
)

select * from final
