{# Incremental staging of a raw table whose rows are dated (events, transactions, support tickets, campaign
   touches). A full build types and checks every raw row. A scheduled run
   re-reads only:
   - the raw rows dated from (the last clean day - lookback_days) on,
   - the rows without a parseable date (re-read on every run), and
   - every day holding a stored row whose reference check (a known account, a known campaign) would now give
     another rule, because the list it is checked against has changed, and
   - with `fingerprinted` (a list of raw columns), every day whose raw rows are no longer those staged: each
     staged row keeps raw_fingerprint, the 64-bit hash of those raw columns (row_fingerprint), and a day
     whose raw row count or XOR of fingerprints differs from the stored one is re-read, and
   - every other day before the lookback holding a stored row that shares an id with a row before the
     lookback whose check changed or, with `fingerprinted`, that was added, removed or changed (raw and
     stored rows compared by id, day and fingerprint), so rows sharing an id are ranked again together;
   and replaces those days (delete+insert on DuckDB, insert_overwrite of the month partitions on Spark). A
   re-read row whose id is already stored on a day that is not re-read (within the lookback: a later row) is
   ranked against that row, as in a full build. Without `fingerprinted`, rows that change or arrive later than the lookback need
   --full-refresh (the events: hashing and storing a fingerprint of each of hundreds of millions of events
   would cost the full build more than the reconciliation test that catches late ones).

   On Spark the unit replaced is the month (replaced_unit): a partition per day made thousands of small
   partitions and files (one per day of history in each table), which cost more to write, list and read than
   the rows themselves; a month's partition holds the days the scheduled run re-reads, whole. The table then
   has one more column, the month (partition_column), after loaded_at (load_columns).

   A model uses it in these places:
       {{ config(**day_replaced_config('occurred_date')) }}
       {%- set incremental = is_day_replaced('occurred_date', fingerprinted=true) %}
       {% if incremental %}{{ reread_ctes('transaction_id', 'occurred_at', 'occurred_date', lookback_days,
           references, fingerprinted) }}{% endif %}
           (before `typed`, which reads from {{ 'reread' if incremental else 'source' }} and adds the day,
           and, with fingerprinted, {{ row_fingerprint(fingerprinted) }} as raw_fingerprint, carried to the
           final select and listed in candidates_ctes' columns)
       {{ candidates_ctes(incremental, columns, 'transaction_id', 'occurred_at', 'occurred_date') }}
           (after `checked`: the rows to rank by id, `is_stored` marking the stored rows not to write again)
       {{ load_columns('occurred_date') }}
           (the final select's last columns: loaded_at, and on Spark the month partition)
   references: the reference checks in the order the model's rules apply them, each
   {'column': 'account_id', 'known': 'known_accounts', 'rule': 'known_account:account_id'}. #}

{% macro day_replaced_config(date_column) %}
    {%- set spark = target.type in ('spark', 'databricks') -%}
    {{ return({
        'materialized': 'incremental',
        'unique_key': date_column,
        'incremental_strategy': 'insert_overwrite' if spark else 'delete+insert',
        'partition_by': [partition_column(date_column)] if spark else none,
        'file_format': 'parquet' if spark else none,
        'on_schema_change': 'fail',
    }) }}
{% endmacro %}


{# Whether this run is incremental. A table built before the model was staged incrementally has no day
   column (on Spark, no month column; with fingerprinted, no raw_fingerprint): it is then read as a full
   build, and on_schema_change='fail' stops the run with dbt's message asking for --full-refresh. #}
{% macro is_day_replaced(date_column, fingerprinted=false) %}
    {%- set spark = target.type in ('spark', 'databricks') -%}
    {%- if not is_incremental() -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set stored = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {{ return((partition_column(date_column) if spark else date_column) in stored
        and (not fingerprinted or 'raw_fingerprint' in stored)) }}
{% endmacro %}


{# The unit of days a scheduled run replaces, as a date: the day itself on DuckDB; on Spark the first day
   of its month, the table's partition. #}
{% macro replaced_unit(date_expression) %}
    {%- if target.type in ('spark', 'databricks') -%}
        cast({{ dbt.date_trunc('month', date_expression) }} as date)
    {%- else -%}
        {{ date_expression }}
    {%- endif -%}
{% endmacro %}


{# The name of the month partition column on Spark: occurred_date -> occurred_month. #}
{% macro partition_column(date_column) %}
    {{ return(date_column[:-5] ~ '_month' if date_column.endswith('_date') else date_column ~ '_month') }}
{% endmacro %}


{# The last columns of a staged or rolled-up model: loaded_at, the start of the build that wrote the row (a
   scheduled run's key tests check the rows it wrote), and on Spark the month partition. #}
{% macro load_columns(date_column) %}
    {{ run_timestamp() }} as loaded_at
    {%- if target.type in ('spark', 'databricks') -%}
        , {{ replaced_unit(date_column) }} as {{ partition_column(date_column) }}
    {%- endif -%}
{% endmacro %}


{# The day of a raw timestamp, or the day of rows without one. #}
{% macro day_of(timestamp_expression) %}
    coalesce(cast({{ timestamp_expression }} as date), cast('1900-01-01' as date))
{% endmacro %}


{% macro reread_ctes(id_column, timestamp_column, date_column, lookback_days, references, fingerprinted=none) %}
-- the raw rows with the day of their timestamp (converted once): the other columns are typed only for the
-- rows re-read
timed_source as {{ recomputed_cte() }} (
    select
        source.*,
        cast({{ to_utc_timestamp('source.' ~ timestamp_column) }} as date) as parsed_date
    from source
),

reread_from as (
    select
        {{ replaced_unit("coalesce(
            cast(" ~ dbt.dateadd('day', -1 * (lookback_days | int), 'max(' ~ date_column ~ ')') ~ " as date),
            cast('1900-01-01' as date)
        )") }} as first_date
    from {{ this }}
    where contract_rule is null
),
{%- if fingerprinted %}

-- days whose raw rows are no longer those staged for them (a row added, removed or changed after the
-- lookback: a ticket resolved, a touch clicked), found by each day's row count and the XOR of its rows'
-- fingerprints, raw and stored
raw_days as (
    select
        {{ day_of('timed_source.parsed_date') }} as staged_day,
        count(*) as row_count,
        {{ xor_aggregate(row_fingerprint(fingerprinted)) }} as day_fingerprint
    from timed_source
    group by {{ day_of('timed_source.parsed_date') }}
),

stored_days as (
    select
        {{ date_column }} as staged_day,
        count(*) as row_count,
        {{ xor_aggregate('raw_fingerprint') }} as day_fingerprint
    from {{ this }}
    group by {{ date_column }}
),

changed_rows_days as (
    select coalesce(raw_days.staged_day, stored_days.staged_day) as staged_day
    from raw_days
    full outer join stored_days on raw_days.staged_day = stored_days.staged_day
    where
        raw_days.staged_day is null
        or stored_days.staged_day is null
        or raw_days.row_count != stored_days.row_count
        or raw_days.day_fingerprint != stored_days.day_fingerprint
),

-- how many of those days are before the lookback (gates changed_ids' comparison of raw and stored rows)
changed_rows_count as (
    select count(*) as day_count
    from changed_rows_days
    cross join reread_from
    where changed_rows_days.staged_day < reread_from.first_date
),
{%- endif %}

-- days holding a stored row whose reference checks would now give another rule (a clean row whose account
-- is gone, a quarantined one whose account has arrived){{ ', and the days whose raw rows changed' if fingerprinted }}
changed_days as (
    select distinct stored.{{ date_column }}
    from {{ this }} as stored
    {{- reference_joins(references) }}
    where {{ reference_changed(references) }}
    {%- if fingerprinted %}
    union
    select changed_rows_days.staged_day from changed_rows_days
    {%- endif %}
),

-- the ids of the rows before the lookback whose rank among the rows sharing their id may have changed: the
-- stored rows whose reference checks changed{{ ',
-- and the rows of the changed days found on one side only, raw or stored (added, removed or changed)' if fingerprinted }}.
-- Rows within the lookback need none of this: they are later than every stored row before it. Each part,
-- and replaced_days' lookup of these ids, is gated on a count (one row): with nothing changed (most runs)
-- it reads no rows, where a semi join on an empty list still read and hashed every raw or stored row
-- (DuckDB built its hash table on that side).
changed_ids as (
    select stored.{{ id_column }}
    from {{ this }} as stored
    {{- reference_joins(references) }}
    cross join reread_from
    cross join (select count(*) as day_count from changed_days) as changed_day_count
    where
        changed_day_count.day_count > 0
        and stored.{{ date_column }} < reread_from.first_date
        and stored.{{ date_column }} in (select changed_days.{{ date_column }} from changed_days)
        and {{ reference_changed(references) }}
    {%- if fingerprinted %}
    union
    select coalesce(raw_rows.{{ id_column }}, stored_rows.{{ id_column }}) as {{ id_column }}
    from (
        select
            raw_changed.{{ id_column }},
            raw_changed.staged_day,
            raw_changed.raw_fingerprint,
            count(*) as row_count
        from (
            select
                {{ clean_string(id_column) }} as {{ id_column }},
                timed_source.parsed_date as staged_day,
                {{ row_fingerprint(fingerprinted) }} as raw_fingerprint
            from timed_source
            cross join reread_from
            cross join changed_rows_count
            where
                changed_rows_count.day_count > 0
                and timed_source.parsed_date < reread_from.first_date
                and timed_source.parsed_date in (select changed_rows_days.staged_day from changed_rows_days)
        ) as raw_changed
        group by raw_changed.{{ id_column }}, raw_changed.staged_day, raw_changed.raw_fingerprint
    ) as raw_rows
    full outer join (
        select
            stored.{{ id_column }},
            stored.{{ date_column }} as staged_day,
            stored.raw_fingerprint,
            count(*) as row_count
        from {{ this }} as stored
        cross join reread_from
        cross join changed_rows_count
        where
            changed_rows_count.day_count > 0
            and stored.{{ date_column }} < reread_from.first_date
            and stored.{{ date_column }} in (select changed_rows_days.staged_day from changed_rows_days)
        group by stored.{{ id_column }}, stored.{{ date_column }}, stored.raw_fingerprint
    ) as stored_rows
        on
            raw_rows.{{ id_column }} = stored_rows.{{ id_column }}
            and raw_rows.staged_day = stored_rows.staged_day
            and raw_rows.raw_fingerprint = stored_rows.raw_fingerprint
    where coalesce(raw_rows.row_count, 0) != coalesce(stored_rows.row_count, 0)
    {%- endif %}
),

-- the days replaced: the changed days, and the other days before the lookback holding a stored row with one
-- of those ids. Rows sharing an id are then ranked again together, as in a full build: a re-read row may
-- now outrank a stored one (an account arrived, a row arrived with an earlier date), or a stored duplicate
-- lose the row that outranked it (an account left, a row removed).
replaced_days as (
    select changed_days.{{ date_column }} from changed_days
    union
    select stored.{{ date_column }}
    from {{ this }} as stored
    cross join reread_from
    cross join (select count(*) as id_count from changed_ids) as changed_id_count
    where
        changed_id_count.id_count > 0
        and stored.{{ date_column }} < reread_from.first_date
        and stored.{{ id_column }} in (select changed_ids.{{ id_column }} from changed_ids)
),

-- the raw rows a scheduled run re-reads, chosen on their day alone
reread as (
    select timed_source.*
    from timed_source
    cross join reread_from
    where
        timed_source.parsed_date is null
        or timed_source.parsed_date >= reread_from.first_date
        or {{ replaced_unit('timed_source.parsed_date') }} in (
            select {{ replaced_unit('replaced_days.' ~ date_column) }} from replaced_days
        )
),
{% endmacro %}


{# `candidates`: the rows of `checked` (is_stored 0) and, on a scheduled run, the stored rows of days not
   re-read that share an id with a re-read row (is_stored 1), in the column order of `checked` (`columns`):
   they take part in the ranking but are not written again. Those ids are found from the stored ids and days
   alone (`stored_repeats`; usually none), so only the stored rows they point to are read whole. The first
   re-read day is a join condition rather than a filter on the stored rows: filtered, their estimated count
   fell below that of the re-read ids, and DuckDB built its hash table on the 134M stored event ids instead
   of the 1M re-read ones (and spilled it to disk). #}
{% macro candidates_ctes(incremental, columns, id_column, timestamp_column, date_column) %}
{% if incremental -%}
stored_repeats as (
    select distinct
        stored.{{ id_column }},
        stored.{{ date_column }}
    from {{ this }} as stored
    inner join (
        select distinct
            checked.{{ id_column }},
            reread_from.first_date
        from checked
        cross join reread_from
    ) as reread_ids
        on stored.{{ id_column }} = reread_ids.{{ id_column }} and stored.{{ date_column }} < reread_ids.first_date
    where
        stored.{{ timestamp_column }} is not null
        and {{ replaced_unit('stored.' ~ date_column) }} not in (
            select {{ replaced_unit('replaced_days.' ~ date_column) }} from replaced_days
        )
),
{%- endif %}

candidates as {{ recomputed_cte(not incremental) }} (
    select
        checked.*,
        0 as is_stored
    from checked
    {%- if incremental %}
    union all
    select
        {%- for column in columns %}
        stored.{{ column }},
        {%- endfor %}
        1 as is_stored
    from {{ this }} as stored
    inner join stored_repeats
        on
            stored.{{ id_column }} = stored_repeats.{{ id_column }}
            and stored.{{ date_column }} = stored_repeats.{{ date_column }}
    where stored.{{ timestamp_column }} is not null
    {%- endif %}
),
{% endmacro %}


{# A pre-hook for an incremental model rebuilt from the days a model staged by day rewrote in its latest load
   (`staged`, whose rows carry loaded_at): deletes those days, so a day left with no clean row keeps no
   row of the model. Engines that replace date partitions (insert_overwrite) cannot delete: nothing. #}
{% macro delete_days_of_latest_load(staged, staged_date_column, date_column) %}
    {%- if is_incremental() and target.type not in ('spark', 'databricks') -%}
        delete from {{ this }}
        where {{ date_column }} in (
            select {{ staged_date_column }} from {{ staged }}
            where loaded_at = (select max(loaded_at) from {{ staged }})
        )
    {%- endif -%}
{% endmacro %}


{# The left joins of the stored rows (`stored`) to the lists their reference checks use, and the condition
   that a stored row's reference checks would now give another rule than the one it has (see reread_ctes'
   `references`). #}
{% macro reference_joins(references) %}
    {%- for reference in references %}
    left join {{ reference.known }} on stored.{{ reference.column }} = {{ reference.known }}.{{ reference.column }}
    {%- endfor %}
{%- endmacro %}

{% macro reference_changed(references) %}
        (
            stored.contract_rule is null
            or stored.contract_rule in ({% for reference in references %}'{{ reference.rule }}'{{ ', ' if not loop.last }}{% endfor %})
        )
        and coalesce(stored.contract_rule, '') != coalesce(
            case
                {%- for reference in references %}
                when {{ reference.known }}.{{ reference.column }} is null then '{{ reference.rule }}'
                {%- endfor %}
            end,
            ''
        )
{%- endmacro %}
