{{
    config(
        materialized='incremental',
        unique_key='occurred_date',
        incremental_strategy=('insert_overwrite' if target.type in ('spark', 'databricks') else 'delete+insert'),
        partition_by=(['occurred_date'] if target.type in ('spark', 'databricks') else none),
        file_format=('parquet' if target.type in ('spark', 'databricks') else none),
        on_schema_change='fail',
    )
}}
{# grain: one row per raw events row
   Types each column and names the first contract rule the row breaks (quarantine_rule; NULL when clean).
   session_id is kept on quarantined rows only. Ranking duplicates still uses it: a stored clean row
   (session NULL) never ties on occurred_at with a re-read row, whose days differ.
   Incremental: a scheduled run re-reads only the raw events of the days from (last clean day -
   rollup_lookback_days) on, the rows without a timestamp, and every day holding an event of an account
   whose status changed (removed from, or added to, the clean accounts), and replaces those days. A
   re-read row whose id is already stored on a day that is not re-read ranks after that row, as in a
   full build. Events that arrive later than the lookback need --full-refresh. #}
{#- A table built before events were staged incrementally has no occurred_date: it is then read as a full
    build, and on_schema_change='fail' stops the run with dbt's message asking for --full-refresh. #}
{%- set incremental = is_incremental()
    and 'occurred_date' in (adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list) %}
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
reread_from as (
    select
        coalesce(
            cast({{ dbt.dateadd('day', -1 * var('rollup_lookback_days') | int, 'max(occurred_date)') }} as date),
            cast('1900-01-01' as date)
        ) as first_date
    from {{ this }}
    where contract_rule is null
),

-- accounts whose stored events were checked against an account list that has changed since
changed_accounts as (
    select distinct stored.account_id
    from {{ this }} as stored
    left join known_accounts on stored.account_id = known_accounts.account_id
    where
        (stored.contract_rule is null and known_accounts.account_id is null)
        or (stored.contract_rule = 'known_account:account_id' and known_accounts.account_id is not null)
),

changed_days as (
    select distinct stored.occurred_date
    from {{ this }} as stored
    inner join changed_accounts on stored.account_id = changed_accounts.account_id
),

-- the raw rows a scheduled run re-reads, chosen on their timestamp alone (converted once): the other
-- columns are typed only for these rows
timed_source as (
    select
        source.*,
        cast({{ to_utc_timestamp('source.occurred_at') }} as date) as parsed_date
    from source
),

reread as (
    select timed_source.*
    from timed_source
    cross join reread_from
    where
        timed_source.parsed_date is null
        or timed_source.parsed_date >= reread_from.first_date
        or timed_source.parsed_date in (select changed_days.occurred_date from changed_days)
),
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
        coalesce(
            cast({{ to_utc_timestamp('occurred_at') }} as date), cast('1900-01-01' as date)
        ) as occurred_date
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

{% if incremental %}
-- the ids of re-read rows that are also stored on a day not re-read (usually none), with those days, found
-- from the stored ids and dates alone: only the stored rows they point to are read whole. The first
-- re-read day is a join condition rather than a filter on the stored rows: filtered, their estimated count
-- fell below that of the re-read ids, and DuckDB built its hash table on the 134M stored ids instead of the
-- 1M re-read ones (and spilled it to disk).
stored_repeats as (
    select distinct
        stored.event_id,
        stored.occurred_date
    from {{ this }} as stored
    inner join (
        select distinct
            checked.event_id,
            reread_from.first_date
        from checked
        cross join reread_from
    ) as reread_ids
        on stored.event_id = reread_ids.event_id and stored.occurred_date < reread_ids.first_date
    where
        stored.occurred_at is not null
        and stored.occurred_date not in (select changed_days.occurred_date from changed_days)
),
{% endif %}

candidates as {{ recomputed_cte(not incremental) }} (
    select
        checked.*,
        0 as is_stored
    from checked
    {% if incremental %}
    -- stored rows of days not re-read that share an id with a re-read row: they take part in the ranking
    -- but are not written again
    union all
    select
        stored.event_id,
        stored.account_id,
        stored.user_id,
        stored.event_name,
        stored.occurred_at,
        stored.session_id,
        stored.occurred_at_raw,
        stored.occurred_date,
        stored.contract_rule,
        1 as is_stored
    from {{ this }} as stored
    inner join stored_repeats
        on stored.event_id = stored_repeats.event_id and stored.occurred_date = stored_repeats.occurred_date
    where stored.occurred_at is not null
    {% endif %}
),

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
        -- the start of the build that wrote the row: a scheduled run's key test checks its own rows
        {{ run_timestamp() }} as loaded_at
    from written
)

select * from final
