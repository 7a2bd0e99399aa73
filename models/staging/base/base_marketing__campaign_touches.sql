{{ config(**day_replaced_config('sent_date')) }}
{# grain: one row per raw campaign_touches row
   Types each column and names the first contract rule the row breaks (quarantine_rule; NULL when clean).
   Incremental (macros/incremental_staging.sql): touches change after the day they are sent (opened,
   clicked, converted), so a scheduled run re-reads the raw touches sent from (last clean day -
   changes_lookback_days) on, the rows without a timestamp, the days holding touches whose account or
   campaign was added to or removed from the clean ones, and the days whose raw touches changed since they
   were staged (raw_fingerprint: a touch clicked later than the lookback), the other older days holding a
   touch that shares an id with a changed touch of those days (ranked again together), and replaces those
   days. #}
{%- set fingerprinted = raw_column_names('marketing', 'campaign_touches') %}
{%- set incremental = is_day_replaced('sent_date', fingerprinted=true) %}
with

-- streamed: a full build reads it twice (for the rows with a repeated id, usually none), a scheduled run
-- three times (the days whose rows changed, the ids on those days, then the rows re-read)
source as {{ recomputed_cte() }} (
    select * from {{ raw_table('marketing', 'campaign_touches') }} as raw_campaign_touches
),

known_accounts as (
    select account_id from {{ ref('base_crm__accounts') }}
    where quarantine_rule is null
),

known_campaigns as (
    select campaign_id from {{ ref('base_marketing__campaigns') }}
    where quarantine_rule is null
),

{% if incremental %}
{{ reread_ctes('touch_id', 'sent_at', 'sent_date', var('changes_lookback_days'), [
    {'column': 'account_id', 'known': 'known_accounts', 'rule': 'known_account:account_id'},
    {'column': 'campaign_id', 'known': 'known_campaigns', 'rule': 'known_campaign:campaign_id'},
], fingerprinted) }}
{% endif %}

typed as (
    select
        {{ clean_string('touch_id') }} as touch_id,
        {{ clean_string('campaign_id') }} as campaign_id,
        {{ clean_string('account_id') }} as account_id,
        {{ clean_string('contact_id') }} as contact_id,
        {{ to_utc_timestamp('sent_at') }} as sent_at,
        {{ to_utc_timestamp('opened_at') }} as opened_at,
        {{ to_utc_timestamp('clicked_at') }} as clicked_at,
        {{ to_utc_timestamp('converted_at') }} as converted_at,
        {{ dbt.safe_cast(clean_string('cost'), 'decimal(18, 2)') }} as cost,
        {{ clean_string('sent_at') }} as sent_at_raw,
        {{ clean_string('opened_at') }} as opened_at_raw,
        {{ clean_string('clicked_at') }} as clicked_at_raw,
        {{ clean_string('converted_at') }} as converted_at_raw,
        {{ clean_string('cost') }} as cost_raw,
        -- the raw row's hash: a scheduled run re-reads a day whose raw rows' hashes changed
        {{ row_fingerprint(fingerprinted) }} as raw_fingerprint,
        -- the day a scheduled run replaces the row in
        {{ day_of(to_utc_timestamp('sent_at')) }} as sent_date
    from {{ 'reread' if incremental else 'source' }}
),

checked as {{ recomputed_cte(not incremental) }} (
    select
        typed.*,
        case
            when typed.touch_id is null then 'not_null:touch_id'
            when typed.campaign_id is null then 'not_null:campaign_id'
            when typed.account_id is null then 'not_null:account_id'
            when typed.sent_at is null and typed.sent_at_raw is not null then 'parseable:sent_at'
            when typed.sent_at is null then 'not_null:sent_at'
            when typed.sent_at > {{ run_timestamp() }} then 'not_in_future:sent_at'
            when typed.opened_at is null and typed.opened_at_raw is not null then 'parseable:opened_at'
            when typed.clicked_at is null and typed.clicked_at_raw is not null then 'parseable:clicked_at'
            when typed.converted_at is null and typed.converted_at_raw is not null then 'parseable:converted_at'
            when typed.cost is null and typed.cost_raw is not null then 'parseable:cost'
            when typed.cost < 0 then 'non_negative:cost'
            when known_accounts.account_id is null then 'known_account:account_id'
            when known_campaigns.campaign_id is null then 'known_campaign:campaign_id'
        end as contract_rule
    from typed
    left join known_accounts on typed.account_id = known_accounts.account_id
    left join known_campaigns on typed.campaign_id = known_campaigns.campaign_id
),

{{ candidates_ctes(incremental, [
    'touch_id',
    'campaign_id',
    'account_id',
    'contact_id',
    'sent_at',
    'opened_at',
    'clicked_at',
    'converted_at',
    'cost',
    'sent_at_raw',
    'opened_at_raw',
    'clicked_at_raw',
    'converted_at_raw',
    'cost_raw',
    'raw_fingerprint',
    'sent_date',
    'contract_rule',
], 'touch_id', 'sent_at', 'sent_date') }}

ranked as (
    {{ rank_within_id(
        'candidates', 'touch_id', 'sent_at, campaign_id, account_id, contact_id', few_rows=incremental,
        ids=ids_of(raw_table('marketing', 'campaign_touches'), 'touch_id')
    ) }}
),

written as (
    select
        *,
        coalesce(contract_rule, case when id_rank > 1 then 'unique:touch_id' end) as quarantine_rule
    from ranked
    where is_stored = 0
),

-- the *_raw columns (the text as it arrived) are kept on quarantined rows only: see quarantined_only
final as (
    select
        touch_id,
        campaign_id,
        account_id,
        contact_id,
        sent_at,
        opened_at,
        clicked_at,
        converted_at,
        cost,
        {{ quarantined_only('sent_at_raw') }},
        {{ quarantined_only('opened_at_raw') }},
        {{ quarantined_only('clicked_at_raw') }},
        {{ quarantined_only('converted_at_raw') }},
        {{ quarantined_only('cost_raw') }},
        contract_rule,
        id_rank,
        quarantine_rule,
        raw_fingerprint,
        sent_date,
        -- loaded_at, the start of the build that wrote the row: a scheduled run's key test checks its own
        -- rows (and on Spark the month partition)
        {{ load_columns('sent_date') }}
    from written
)

select * from final
