-- Raw rows in = clean rows + duplicate rows + quarantined rows, and the staging and quarantine
-- models hold exactly those rows, for every raw table.
select *
from {{ ref('audit_staging_reconciliation') }}
where
    raw_rows != clean_rows + duplicate_rows + quarantined_rows
    or staged_rows != clean_rows
    or quarantine_table_rows != duplicate_rows + quarantined_rows
