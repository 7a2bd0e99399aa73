{# grain: one row per raw events row
   Types each column and names the first contract rule the row breaks (quarantine_rule; NULL when clean). #}
with

source as (
    select * from {{ raw_table('product', 'events') }} as raw_events
),

known_accounts as (
    select account_id from {{ ref('base_crm__accounts') }}
    where quarantine_rule is null
),

typed as (
    select
        {{ clean_string('event_id') }} as event_id,
        {{ clean_string('account_id') }} as account_id,
        {{ clean_string('user_id') }} as user_id,
        lower({{ clean_string('event_name') }}) as event_name,
        {{ to_utc_timestamp('occurred_at') }} as occurred_at,
        {{ clean_string('session_id') }} as session_id,
        -- the original text only where it does not parse (the quarantine shows what arrived)
        case
            when {{ to_utc_timestamp('occurred_at') }} is null then {{ clean_string('occurred_at') }}
        end as occurred_at_raw
    from source
),

checked as (
    select
        typed.*,
        case
            when typed.event_id is null then 'not_null:event_id'
            when typed.account_id is null then 'not_null:account_id'
            when typed.event_name is null then 'not_null:event_name'
            when typed.occurred_at is null and typed.occurred_at_raw is not null then 'parseable:occurred_at'
            when typed.occurred_at is null then 'not_null:occurred_at'
            when typed.occurred_at > {{ run_timestamp() }} then 'not_in_future:occurred_at'
            when known_accounts.account_id is null then 'known_account:account_id'
        end as contract_rule
    from typed
    left join known_accounts on typed.account_id = known_accounts.account_id
),

ranked as (
    {{ rank_within_id('checked', 'event_id', 'occurred_at, account_id, event_name, user_id, session_id') }}
),

final as (
    select
        *,
        coalesce(contract_rule, case when id_rank > 1 then 'unique:event_id' end) as quarantine_rule
    from ranked
)

select * from final
