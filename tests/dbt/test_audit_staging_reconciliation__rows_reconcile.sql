-- Raw rows in = clean rows + duplicate rows + quarantined rows, and the staging and quarantine
-- models hold exactly those rows, for every raw table. Events, transactions, tickets and touches are
-- counted in the raw tables themselves: if they do not reconcile after a scheduled run, events arrived
-- later than the incremental lookback (rollup_lookback_days), or every raw row of an older day was
-- deleted (a scheduled run replaces only the days it reads rows of), and a `dbt build --full-refresh`
-- stages the raw rows as they are.
select *
from {{ ref('audit_staging_reconciliation') }}
where
    raw_rows != clean_rows + duplicate_rows + quarantined_rows
    or staged_rows != clean_rows
    or quarantine_table_rows != duplicate_rows + quarantined_rows
