{# grain: one row per raw accounts row
   Types each column and names the first contract rule the row breaks (quarantine_rule; NULL when clean). #}
with

source as (
    select * from {{ raw_table('crm', 'accounts') }} as raw_accounts
),

typed as (
    select
        {{ clean_string('account_id') }} as account_id,
        {{ clean_string('crm_account_id') }} as crm_account_id,
        {{ clean_string('account_name') }} as account_name,
        {{ clean_string('industry') }} as industry,
        {{ dbt.safe_cast(clean_string('employee_count'), dbt.type_int()) }} as employee_count,
        {{ clean_string('firmographic_segment') }} as firmographic_segment,
        upper({{ clean_string('country') }}) as country,
        {{ to_utc_timestamp('created_at') }} as created_at,
        {{ clean_string('employee_count') }} as employee_count_raw,
        {{ clean_string('created_at') }} as created_at_raw
    from source
),

checked as (
    select
        *,
        case
            when account_id is null then 'not_null:account_id'
            when employee_count is null and employee_count_raw is not null then 'parseable:employee_count'
            when employee_count < 0 then 'non_negative:employee_count'
            when created_at is null and created_at_raw is not null then 'parseable:created_at'
            when created_at > {{ run_timestamp() }} then 'not_in_future:created_at'
        end as contract_rule
    from typed
),

ranked as (
    {{ rank_within_id('checked', 'account_id', 'created_at, crm_account_id, account_name, firmographic_segment') }}
),

crm_ranked as (
    select
        *,
        row_number() over (
            partition by
                coalesce(crm_account_id, account_id),
                case when contract_rule is null and id_rank = 1 then 1 else 0 end
            order by account_id
        ) as crm_id_rank
    from ranked
),

written as (
    select
        *,
        coalesce(
            contract_rule,
            case when id_rank > 1 then 'unique:account_id' end,
            -- the CRM sync key must be unique: a second account claiming the same CRM id is quarantined
            case when crm_id_rank > 1 then 'unique:crm_account_id' end
        ) as quarantine_rule
    from crm_ranked
),

-- the *_raw columns (the text as it arrived) are kept on quarantined rows only: see quarantined_only
final as (
    select
        account_id,
        crm_account_id,
        account_name,
        industry,
        employee_count,
        firmographic_segment,
        country,
        created_at,
        {{ quarantined_only('employee_count_raw') }},
        {{ quarantined_only('created_at_raw') }},
        contract_rule,
        id_rank,
        crm_id_rank,
        quarantine_rule
    from written
)

select * from final
