{{ config(**day_replaced_config('opened_date')) }}
{# grain: one row per raw support_tickets row
   Types each column and names the first contract rule the row breaks (quarantine_rule; NULL when clean).
   Incremental (macros/incremental_staging.sql): tickets change after the day they are opened (resolved,
   rated), so a scheduled run re-reads the raw tickets opened from (last clean day - changes_lookback_days)
   on, the rows without a timestamp, the days holding tickets of accounts added to or removed from the
   clean accounts, and the days whose raw tickets changed since they were staged (raw_fingerprint: a ticket
   resolved or rated later than the lookback), the other older days holding a ticket that shares an id with
   a changed ticket of those days (ranked again together), and replaces those days. #}
{%- set fingerprinted = raw_column_names('support', 'support_tickets') %}
{%- set incremental = is_day_replaced('opened_date', fingerprinted=true) %}
with

-- streamed: a full build reads it twice (for the rows with a repeated id, usually none), a scheduled run
-- three times (the days whose rows changed, the ids on those days, then the rows re-read)
source as {{ recomputed_cte() }} (
    select * from {{ raw_table('support', 'support_tickets') }} as raw_support_tickets
),

known_accounts as (
    select account_id from {{ ref('base_crm__accounts') }}
    where quarantine_rule is null
),

{% if incremental %}
{{ reread_ctes('ticket_id', 'opened_at', 'opened_date', var('changes_lookback_days'), [
    {'column': 'account_id', 'known': 'known_accounts', 'rule': 'known_account:account_id'},
], fingerprinted) }}
{% endif %}

typed as (
    select
        {{ clean_string('ticket_id') }} as ticket_id,
        {{ clean_string('account_id') }} as account_id,
        {{ to_utc_timestamp('opened_at') }} as opened_at,
        {{ to_utc_timestamp('resolved_at') }} as resolved_at,
        lower({{ clean_string('severity') }}) as severity,
        {{ dbt.safe_cast(clean_string('csat'), dbt.type_int()) }} as csat,
        {{ dbt.safe_cast(clean_string('sentiment'), dbt.type_float()) }} as sentiment,
        {{ clean_string('subject') }} as subject,
        {{ clean_string('opened_at') }} as opened_at_raw,
        {{ clean_string('resolved_at') }} as resolved_at_raw,
        {{ clean_string('csat') }} as csat_raw,
        {{ clean_string('sentiment') }} as sentiment_raw,
        -- the raw row's hash: a scheduled run re-reads a day whose raw rows' hashes changed
        {{ row_fingerprint(fingerprinted) }} as raw_fingerprint,
        -- the day a scheduled run replaces the row in
        {{ day_of(to_utc_timestamp('opened_at')) }} as opened_date
    from {{ 'reread' if incremental else 'source' }}
),

checked as {{ recomputed_cte(not incremental) }} (
    select
        typed.*,
        case
            when typed.ticket_id is null then 'not_null:ticket_id'
            when typed.account_id is null then 'not_null:account_id'
            when typed.opened_at is null and typed.opened_at_raw is not null then 'parseable:opened_at'
            when typed.opened_at is null then 'not_null:opened_at'
            when typed.opened_at > {{ run_timestamp() }} then 'not_in_future:opened_at'
            when typed.resolved_at is null and typed.resolved_at_raw is not null then 'parseable:resolved_at'
            when typed.severity not in ('low', 'normal', 'high', 'urgent') then 'accepted_values:severity'
            when typed.csat is null and typed.csat_raw is not null then 'parseable:csat'
            when typed.csat not between 1 and 5 then 'accepted_range:csat'
            when typed.sentiment is null and typed.sentiment_raw is not null then 'parseable:sentiment'
            when typed.sentiment not between -1 and 1 then 'accepted_range:sentiment'
            when known_accounts.account_id is null then 'known_account:account_id'
        end as contract_rule
    from typed
    left join known_accounts on typed.account_id = known_accounts.account_id
),

{{ candidates_ctes(incremental, [
    'ticket_id',
    'account_id',
    'opened_at',
    'resolved_at',
    'severity',
    'csat',
    'sentiment',
    'subject',
    'opened_at_raw',
    'resolved_at_raw',
    'csat_raw',
    'sentiment_raw',
    'raw_fingerprint',
    'opened_date',
    'contract_rule',
], 'ticket_id', 'opened_at', 'opened_date') }}

ranked as (
    {{ rank_within_id(
        'candidates', 'ticket_id', 'opened_at, account_id, resolved_at, subject', few_rows=incremental,
        ids=ids_of(raw_table('support', 'support_tickets'), 'ticket_id')
    ) }}
),

written as (
    select
        *,
        coalesce(contract_rule, case when id_rank > 1 then 'unique:ticket_id' end) as quarantine_rule
    from ranked
    where is_stored = 0
),

-- the *_raw columns (the text as it arrived) are kept on quarantined rows only: see quarantined_only
final as (
    select
        ticket_id,
        account_id,
        opened_at,
        resolved_at,
        severity,
        csat,
        sentiment,
        subject,
        {{ quarantined_only('opened_at_raw') }},
        {{ quarantined_only('resolved_at_raw') }},
        {{ quarantined_only('csat_raw') }},
        {{ quarantined_only('sentiment_raw') }},
        contract_rule,
        id_rank,
        quarantine_rule,
        raw_fingerprint,
        opened_date,
        -- loaded_at, the start of the build that wrote the row: a scheduled run's key test checks its own
        -- rows (and on Spark the month partition)
        {{ load_columns('opened_date') }}
    from written
)

select * from final
