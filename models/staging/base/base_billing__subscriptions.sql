{# grain: one row per raw subscriptions row
   Types each column and names the first contract rule the row breaks (quarantine_rule; NULL when clean). #}
with

source as {{ recomputed_cte() }} (
    select * from {{ raw_table('billing', 'subscriptions') }} as raw_subscriptions
),

known_accounts as (
    select account_id from {{ ref('base_crm__accounts') }}
    where quarantine_rule is null
),

typed as (
    select
        {{ clean_string('subscription_id') }} as subscription_id,
        {{ clean_string('account_id') }} as account_id,
        {{ dbt.safe_cast(clean_string('mrr'), 'decimal(18, 2)') }} as mrr,
        {{ to_utc_timestamp('started_at') }} as started_at,
        {{ to_utc_timestamp('ended_at') }} as ended_at,
        {{ clean_string('plan') }} as plan,
        {{ dbt.safe_cast(clean_string('seats'), dbt.type_int()) }} as seats,
        {{ clean_string('cancel_reason') }} as cancel_reason,
        {{ clean_string('mrr') }} as mrr_raw,
        {{ clean_string('started_at') }} as started_at_raw,
        {{ clean_string('ended_at') }} as ended_at_raw,
        {{ clean_string('seats') }} as seats_raw
    from source
),

checked as {{ recomputed_cte() }} (
    select
        typed.*,
        case
            when typed.subscription_id is null then 'not_null:subscription_id'
            when typed.account_id is null then 'not_null:account_id'
            when typed.mrr is null and typed.mrr_raw is not null then 'parseable:mrr'
            when typed.mrr is null then 'not_null:mrr'
            when typed.mrr < 0 then 'non_negative:mrr'
            when typed.started_at is null and typed.started_at_raw is not null then 'parseable:started_at'
            when typed.started_at is null then 'not_null:started_at'
            when typed.started_at > {{ run_timestamp() }} then 'not_in_future:started_at'
            when typed.ended_at is null and typed.ended_at_raw is not null then 'parseable:ended_at'
            when typed.ended_at < typed.started_at then 'ends_after_start:ended_at'
            when typed.seats is null and typed.seats_raw is not null then 'parseable:seats'
            when typed.seats < 0 then 'non_negative:seats'
            when known_accounts.account_id is null then 'known_account:account_id'
        end as contract_rule
    from typed
    left join known_accounts on typed.account_id = known_accounts.account_id
),

ranked as (
    {{ rank_within_id(
        'checked', 'subscription_id', 'started_at, account_id, mrr, ended_at',
        ids=ids_of(raw_table('billing', 'subscriptions'), 'subscription_id')
    ) }}
),

written as (
    select
        *,
        coalesce(contract_rule, case when id_rank > 1 then 'unique:subscription_id' end) as quarantine_rule
    from ranked
),

-- the *_raw columns (the text as it arrived) are kept on quarantined rows only: see quarantined_only
final as (
    select
        subscription_id,
        account_id,
        mrr,
        started_at,
        ended_at,
        plan,
        seats,
        cancel_reason,
        {{ quarantined_only('mrr_raw') }},
        {{ quarantined_only('started_at_raw') }},
        {{ quarantined_only('ended_at_raw') }},
        {{ quarantined_only('seats_raw') }},
        contract_rule,
        id_rank,
        quarantine_rule
    from written
)

select * from final
