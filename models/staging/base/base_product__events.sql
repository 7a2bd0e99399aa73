{{ config(**day_replaced_config('occurred_date')) }}
{# grain: one row per raw events row
   Types each column and names the first contract rule the row breaks (quarantine_rule; NULL when clean).
   session_id is kept on quarantined rows only. Ranking duplicates still uses it: a stored clean row
   (session NULL) never ties on occurred_at with a re-read row, whose days differ.
   Incremental (macros/incremental_staging.sql): a scheduled run re-reads only the raw events of the days from (last clean day -
   rollup_lookback_days) on, the rows without a timestamp, and every day holding an event of an account
   whose status changed (removed from, or added to, the clean accounts), and the other older days holding
   an event that shares an id with an event of those accounts (ranked again together), and replaces those
   days. A re-read row whose id is already stored on a day that is not re-read ranks after that row, as in a
   full build. Events that arrive later than the lookback need --full-refresh. #}
{%- set incremental = is_day_replaced('occurred_date') %}
with

-- streamed: a full build reads it twice (for the rows with a repeated id, usually none) rather than
-- keep every raw row until the second read
source as {{ recomputed_cte(not incremental) }} (
    select * from {{ raw_table('product', 'events') }} as raw_events
),

known_accounts as (
    select account_id from {{ ref('base_crm__accounts') }}
    where quarantine_rule is null
),

{% if incremental %}
{{ reread_ctes('event_id', 'occurred_at', 'occurred_date', var('rollup_lookback_days'), [
    {'column': 'account_id', 'known': 'known_accounts', 'rule': 'known_account:account_id'},
]) }}
{% endif %}

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
        end as occurred_at_raw,
        -- the day a scheduled run replaces the row in; rows without a timestamp are re-read on every run
        {{ day_of(to_utc_timestamp('occurred_at')) }} as occurred_date
    from {{ 'reread' if incremental else 'source' }}
),

checked as {{ recomputed_cte(not incremental) }} (
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

{{ candidates_ctes(incremental, [
    'event_id',
    'account_id',
    'user_id',
    'event_name',
    'occurred_at',
    'session_id',
    'occurred_at_raw',
    'occurred_date',
    'contract_rule',
], 'event_id', 'occurred_at', 'occurred_date') }}

ranked as (
    {{ rank_within_id(
        'candidates', 'event_id', 'occurred_at, account_id, event_name, user_id, session_id', few_rows=incremental,
        ids=ids_of(raw_table('product', 'events'), 'event_id')
    ) }}
),

written as (
    select
        ranked.*,
        coalesce(ranked.contract_rule, case when ranked.id_rank > 1 then 'unique:event_id' end) as quarantine_rule
    from ranked
    where ranked.is_stored = 0
),

final as (
    select
        event_id,
        account_id,
        user_id,
        event_name,
        occurred_at,
        -- kept only where the quarantine shows it: no model reads a clean event's session, and storing a
        -- near-unique text per event was a large part of writing this table
        {{ quarantined_only('session_id') }},
        occurred_at_raw,
        contract_rule,
        id_rank,
        quarantine_rule,
        occurred_date,
        -- loaded_at, the start of the build that wrote the row: a scheduled run's key test checks its own
        -- rows (and on Spark the month partition)
        {{ load_columns('occurred_date') }}
    from written
)

select * from final
