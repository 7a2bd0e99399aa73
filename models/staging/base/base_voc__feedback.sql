{# grain: one row per raw feedback row
   Types each column and names the first contract rule the row breaks (quarantine_rule; NULL when clean). #}
with

source as {{ recomputed_cte() }} (
    select * from {{ raw_table('voc', 'feedback') }} as raw_feedback
),

known_accounts as (
    select account_id from {{ ref('base_crm__accounts') }}
    where quarantine_rule is null
),

typed as (
    select
        {{ clean_string('feedback_id') }} as feedback_id,
        {{ clean_string('account_id') }} as account_id,
        {{ clean_string('contact_id') }} as contact_id,
        lower({{ clean_string('source') }}) as source,
        {{ to_utc_timestamp('submitted_at') }} as submitted_at,
        {{ dbt.safe_cast(clean_string('score'), dbt.type_int()) }} as score,
        {{ clean_string('text') }} as feedback_text,
        {{ clean_string('submitted_at') }} as submitted_at_raw,
        {{ clean_string('score') }} as score_raw
    from source
),

checked as {{ recomputed_cte() }} (
    select
        typed.*,
        case
            when typed.feedback_id is null then 'not_null:feedback_id'
            when typed.account_id is null then 'not_null:account_id'
            when typed.feedback_text is null then 'not_null:text'
            when typed.submitted_at is null and typed.submitted_at_raw is not null then 'parseable:submitted_at'
            when typed.submitted_at > {{ run_timestamp() }} then 'not_in_future:submitted_at'
            when typed.score is null and typed.score_raw is not null then 'parseable:score'
            when known_accounts.account_id is null then 'known_account:account_id'
        end as contract_rule
    from typed
    left join known_accounts on typed.account_id = known_accounts.account_id
),

ranked as (
    {{ rank_within_id(
        'checked', 'feedback_id', 'submitted_at, account_id, feedback_text',
        ids=ids_of(raw_table('voc', 'feedback'), 'feedback_id')
    ) }}
),

written as (
    select
        *,
        coalesce(contract_rule, case when id_rank > 1 then 'unique:feedback_id' end) as quarantine_rule
    from ranked
),

-- the *_raw columns (the text as it arrived) are kept on quarantined rows only: see quarantined_only
final as (
    select
        feedback_id,
        account_id,
        contact_id,
        source,
        submitted_at,
        score,
        feedback_text,
        {{ quarantined_only('submitted_at_raw') }},
        {{ quarantined_only('score_raw') }},
        contract_rule,
        id_rank,
        quarantine_rule
    from written
)

select * from final
