{{ config(**day_replaced_config('occurred_date')) }}
{# grain: one row per raw transactions row
   Types each column and names the first contract rule the row breaks (quarantine_rule; NULL when clean).
   Incremental (macros/incremental_staging.sql): a scheduled run re-reads the raw transactions of the days
   from (last clean day - rollup_lookback_days) on, the rows without a timestamp, the days holding rows
   of accounts added to or removed from the clean accounts, and the days whose raw rows changed since they
   were staged (raw_fingerprint: a transaction that arrived later than the lookback, or was corrected), the
   other older days holding a transaction that shares an id with a changed one of those days (ranked again
   together), and replaces those days. #}
{%- set fingerprinted = raw_column_names('billing', 'transactions') %}
{%- set incremental = is_day_replaced('occurred_date', fingerprinted=true) %}
with

-- streamed: a full build reads it twice (for the rows with a repeated id, usually none), a scheduled run
-- three times (the days whose rows changed, the ids on those days, then the rows re-read)
source as {{ recomputed_cte() }} (
    select * from {{ raw_table('billing', 'transactions') }} as raw_transactions
),

known_accounts as (
    select account_id from {{ ref('base_crm__accounts') }}
    where quarantine_rule is null
),

{% if incremental %}
{{ reread_ctes('transaction_id', 'occurred_at', 'occurred_date', var('rollup_lookback_days'), [
    {'column': 'account_id', 'known': 'known_accounts', 'rule': 'known_account:account_id'},
], fingerprinted) }}
{% endif %}

typed as (
    select
        {{ clean_string('transaction_id') }} as transaction_id,
        {{ clean_string('account_id') }} as account_id,
        {{ to_utc_timestamp('occurred_at') }} as occurred_at,
        lower({{ clean_string('transaction_type') }}) as transaction_type,
        {{ dbt.safe_cast(clean_string('amount'), 'decimal(18, 2)') }} as amount,
        coalesce(upper({{ clean_string('currency') }}), 'USD') as currency,
        coalesce({{ dbt.safe_cast(clean_string('discount_amount'), 'decimal(18, 2)') }}, 0) as discount_amount,
        {{ clean_string('plan') }} as plan,
        {{ dbt.safe_cast(clean_string('seats'), dbt.type_int()) }} as seats,
        {{ clean_string('occurred_at') }} as occurred_at_raw,
        {{ clean_string('amount') }} as amount_raw,
        {{ clean_string('discount_amount') }} as discount_amount_raw,
        {{ clean_string('seats') }} as seats_raw,
        -- the raw row's hash: a scheduled run re-reads a day whose raw rows' hashes changed
        {{ row_fingerprint(fingerprinted) }} as raw_fingerprint,
        -- the day a scheduled run replaces the row in
        {{ day_of(to_utc_timestamp('occurred_at')) }} as occurred_date
    from {{ 'reread' if incremental else 'source' }}
),

checked as {{ recomputed_cte(not incremental) }} (
    select
        typed.*,
        case
            when typed.transaction_id is null then 'not_null:transaction_id'
            when typed.account_id is null then 'not_null:account_id'
            when typed.occurred_at is null and typed.occurred_at_raw is not null then 'parseable:occurred_at'
            when typed.occurred_at is null then 'not_null:occurred_at'
            when typed.occurred_at > {{ run_timestamp() }} then 'not_in_future:occurred_at'
            when typed.transaction_type is null then 'not_null:transaction_type'
            when typed.transaction_type not in (
                'purchase', 'new_subscription', 'renewal', 'expansion', 'contraction', 'refund'
            ) then 'accepted_values:transaction_type'
            when typed.amount is null and typed.amount_raw is not null then 'parseable:amount'
            when typed.amount is null then 'not_null:amount'
            when
                typed.discount_amount_raw is not null
                and {{ dbt.safe_cast('typed.discount_amount_raw', 'decimal(18, 2)') }} is null
                then 'parseable:discount_amount'
            when typed.seats is null and typed.seats_raw is not null then 'parseable:seats'
            when typed.seats < 0 then 'non_negative:seats'
            when known_accounts.account_id is null then 'known_account:account_id'
        end as contract_rule
    from typed
    left join known_accounts on typed.account_id = known_accounts.account_id
),

{{ candidates_ctes(incremental, [
    'transaction_id',
    'account_id',
    'occurred_at',
    'transaction_type',
    'amount',
    'currency',
    'discount_amount',
    'plan',
    'seats',
    'occurred_at_raw',
    'amount_raw',
    'discount_amount_raw',
    'seats_raw',
    'raw_fingerprint',
    'occurred_date',
    'contract_rule',
], 'transaction_id', 'occurred_at', 'occurred_date') }}

ranked as (
    {{ rank_within_id(
        'candidates', 'transaction_id', 'occurred_at, account_id, transaction_type, amount', few_rows=incremental,
        ids=ids_of(raw_table('billing', 'transactions'), 'transaction_id')
    ) }}
),

written as (
    select
        *,
        coalesce(contract_rule, case when id_rank > 1 then 'unique:transaction_id' end) as quarantine_rule
    from ranked
    where is_stored = 0
),

-- the *_raw columns (the text as it arrived) are kept on quarantined rows only: see quarantined_only
final as (
    select
        transaction_id,
        account_id,
        occurred_at,
        transaction_type,
        amount,
        currency,
        discount_amount,
        plan,
        seats,
        {{ quarantined_only('occurred_at_raw') }},
        {{ quarantined_only('amount_raw') }},
        {{ quarantined_only('discount_amount_raw') }},
        {{ quarantined_only('seats_raw') }},
        contract_rule,
        id_rank,
        quarantine_rule,
        raw_fingerprint,
        occurred_date,
        -- loaded_at, the start of the build that wrote the row: a scheduled run's key test checks its own
        -- rows (and on Spark the month partition)
        {{ load_columns('occurred_date') }}
    from written
)

select * from final
