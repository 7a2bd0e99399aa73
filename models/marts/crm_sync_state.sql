{{ config(materialized='incremental', tags=['reverse_etl']) }}
{# grain: one row per account as of the last completed CRM sync
   What the CRM holds after the last build: crm_account_segment_changes compares the new
   crm_account_segments with this table, then its post-hook replaces this table's rows. This model
   itself never adds rows (an incremental run selects nothing). #}
with

final as (
    select
        crm_account_id,
        account_id,
        row_hash,
        as_of_date
    from {{ ref('crm_account_segments') }}
    where 1 = 0
)

select * from final
