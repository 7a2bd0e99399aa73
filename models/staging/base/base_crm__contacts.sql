{# grain: one row per raw contacts row
   Types each column and names the first contract rule the row breaks (quarantine_rule; NULL when clean). #}
with

source as {{ recomputed_cte() }} (
    select * from {{ raw_table('crm', 'contacts') }} as raw_contacts
),

known_accounts as (
    select account_id from {{ ref('base_crm__accounts') }}
    where quarantine_rule is null
),

typed as (
    select
        {{ clean_string('contact_id') }} as contact_id,
        {{ clean_string('account_id') }} as account_id,
        {{ clean_string('email') }} as email,
        {{ clean_string('phone') }} as phone,
        {{ dbt.safe_cast(clean_string('marketing_opt_in'), dbt.type_boolean()) }} as marketing_opt_in,
        {{ to_utc_timestamp('created_at') }} as created_at,
        {{ clean_string('marketing_opt_in') }} as marketing_opt_in_raw,
        {{ clean_string('created_at') }} as created_at_raw
    from source
),

checked as {{ recomputed_cte() }} (
    select
        typed.*,
        case
            when typed.contact_id is null then 'not_null:contact_id'
            when typed.account_id is null then 'not_null:account_id'
            when typed.marketing_opt_in is null and typed.marketing_opt_in_raw is not null
                then 'parseable:marketing_opt_in'
            when typed.created_at is null and typed.created_at_raw is not null then 'parseable:created_at'
            when typed.created_at > {{ run_timestamp() }} then 'not_in_future:created_at'
            when known_accounts.account_id is null then 'known_account:account_id'
        end as contract_rule
    from typed
    left join known_accounts on typed.account_id = known_accounts.account_id
),

ranked as (
    {{ rank_within_id(
        'checked', 'contact_id', 'created_at, account_id, email, phone',
        ids=ids_of(raw_table('crm', 'contacts'), 'contact_id')
    ) }}
),

written as (
    select
        *,
        coalesce(contract_rule, case when id_rank > 1 then 'unique:contact_id' end) as quarantine_rule
    from ranked
),

-- the *_raw columns (the text as it arrived) are kept on quarantined rows only: see quarantined_only
final as (
    select
        contact_id,
        account_id,
        email,
        phone,
        marketing_opt_in,
        created_at,
        {{ quarantined_only('marketing_opt_in_raw') }},
        {{ quarantined_only('created_at_raw') }},
        contract_rule,
        id_rank,
        quarantine_rule
    from written
)

select * from final
