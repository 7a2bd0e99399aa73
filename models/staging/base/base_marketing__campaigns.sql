{# grain: one row per raw campaigns row
   Types each column and names the first contract rule the row breaks (quarantine_rule; NULL when clean).
   Channels outside the contract's list are kept as `other`. #}
with

source as (
    select * from {{ raw_table('marketing', 'campaigns') }} as raw_campaigns
),

typed as (
    select
        {{ clean_string('campaign_id') }} as campaign_id,
        {{ clean_string('campaign_name') }} as campaign_name,
        lower({{ clean_string('channel') }}) as channel_raw,
        coalesce(lower({{ clean_string('offer') }}), 'none') as offer,
        lower({{ clean_string('message_angle') }}) as message_angle,
        {{ dbt.safe_cast(clean_string('spend'), 'decimal(18, 2)') }} as spend,
        {{ to_utc_timestamp('started_at') }} as started_at,
        {{ clean_string('spend') }} as spend_raw,
        {{ clean_string('started_at') }} as started_at_raw
    from source
),

checked as (
    select
        *,
        case
            when channel_raw in (
                'email', 'paid_social', 'paid_search', 'webinar', 'sales_outreach', 'in_app', 'direct_mail'
            ) then channel_raw
            else 'other'
        end as channel,
        case
            when campaign_id is null then 'not_null:campaign_id'
            when channel_raw is null then 'not_null:channel'
            when spend is null and spend_raw is not null then 'parseable:spend'
            when spend < 0 then 'non_negative:spend'
            when started_at is null and started_at_raw is not null then 'parseable:started_at'
            when started_at > {{ run_timestamp() }} then 'not_in_future:started_at'
        end as contract_rule
    from typed
),

ranked as (
    {{ rank_within_id('checked', 'campaign_id', 'started_at, campaign_name, channel, spend') }}
),

written as (
    select
        *,
        coalesce(contract_rule, case when id_rank > 1 then 'unique:campaign_id' end) as quarantine_rule
    from ranked
),

-- spend_raw and started_at_raw (the text as it arrived) are kept on quarantined rows only (see
-- quarantined_only); channel_raw on every row, as what a clean campaign's channel is mapped from
final as (
    select
        campaign_id,
        campaign_name,
        channel_raw,
        offer,
        message_angle,
        spend,
        started_at,
        {{ quarantined_only('spend_raw') }},
        {{ quarantined_only('started_at_raw') }},
        channel,
        contract_rule,
        id_rank,
        quarantine_rule
    from written
)

select * from final
