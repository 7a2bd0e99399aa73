{{
    config(
        post_hook=[
            "{{ replace_table_contents(ref('crm_sync_state'),
                'select crm_account_id, account_id, row_hash, as_of_date from ' ~ ref('crm_account_segments')) }}"
        ]
    )
}}
{# grain: one row per account whose CRM row changed since the last build
   The delta for syncs that take changes: accounts whose row_hash differs from the last sync (or that
   are new) with sync_action 'upsert' and the full row, and accounts that disappeared with sync_action
   'delete'. After it is built, crm_sync_state is replaced by the rows just published. #}
with

current_rows as (
    select * from {{ ref('crm_account_segments') }}
),

run_date as (
    select max(as_of_date) as as_of_date from current_rows
),

last_sync as (
    select crm_account_id, row_hash from {{ ref('crm_sync_state') }}
),

upserts as (
    select
        'upsert' as sync_action,
        current_rows.*
    from current_rows
    left join last_sync on current_rows.crm_account_id = last_sync.crm_account_id
    where last_sync.crm_account_id is null or last_sync.row_hash != current_rows.row_hash
),

deletes as (
    select
        'delete' as sync_action,
        last_sync.crm_account_id,
        cast(null as {{ dbt.type_string() }}) as account_id,
        cast(null as {{ dbt.type_int() }}) as segment_id,
        cast(null as {{ dbt.type_string() }}) as segment_name,
        cast(null as date) as segment_entered_at,
        cast(null as {{ dbt.type_string() }}) as previous_segment_name,
        cast(null as {{ dbt.type_string() }}) as rfm_segment,
        cast(null as {{ dbt.type_string() }}) as lifecycle_stage,
        cast(null as {{ dbt.type_float() }}) as propensity_score,
        cast(null as {{ dbt.type_float() }}) as propensity_percentile,
        cast(null as {{ dbt.type_float() }}) as churn_risk_score,
        cast(null as {{ dbt.type_string() }}) as churn_risk_band,
        cast(null as decimal(18, 2)) as predicted_value_12m,
        cast(null as {{ dbt.type_string() }}) as propensity_reasons,
        cast(null as {{ dbt.type_string() }}) as churn_risk_reasons,
        cast(null as {{ dbt.type_string() }}) as recommended_channel,
        cast(null as {{ dbt.type_string() }}) as recommended_offer,
        cast(null as {{ dbt.type_string() }}) as recommended_message,
        run_date.as_of_date,
        last_sync.row_hash
    from last_sync
    cross join run_date
    left join current_rows on last_sync.crm_account_id = current_rows.crm_account_id
    where current_rows.crm_account_id is null
),

final as (
    select * from upserts
    union all
    select * from deletes
)

select * from final
