{# Generic test: the combination of columns is unique (the model's primary key). Its failing rows are the
   repeated combinations with their row counts.

   latest_load (optional, for an incremental model whose rows carry the moment of the build that wrote
   them): {'column': that column, 'key': one of `columns`}. When the model holds rows of more than one load
   (a scheduled run replaced some days and kept the rest), only the combinations whose `key` value occurs
   in the latest load are grouped, over every row of the model: a repeat within the latest load, or between
   it and an earlier one, fails the test. Rows kept from earlier loads were tested by the builds that wrote
   them and have not changed since. When every row comes from one load (a full build), every combination is
   grouped, as without the argument. #}
{% test unique_combination(model, columns, latest_load=none) %}
    {%- if latest_load is not none and has_earlier_loads(model, latest_load.column) -%}
        {{ unique_combination_in_latest_load(model, columns, latest_load.column, latest_load.key) }}
    {%- else -%}
        {{ adapter.dispatch('unique_combination_failures')(model, columns) }}
    {%- endif -%}
{% endtest %}

{# Whether the model holds rows of more than one load: its load column has more than one value. #}
{% macro has_earlier_loads(model, load_column) %}
    {%- if not execute -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set earlier = run_query(
        'select case when min(' ~ load_column ~ ') < max(' ~ load_column ~ ') then 1 else 0 end from ' ~ model
    ).columns[0].values() -%}
    {{ return(earlier[0] == 1) }}
{% endmacro %}

{% macro unique_combination_in_latest_load(model, columns, load_column, key) %}
    select
        {{ columns | join(', ') }},
        count(*) as row_count
    from {{ model }}
    where
        {{ key }} in (
            select {{ key }} from {{ model }}
            where {{ load_column }} = (select max({{ load_column }}) from {{ model }})
        )
        or {{ key }} is null
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endmacro %}

{% macro default__unique_combination_failures(model, columns) %}
    select
        {{ columns | join(', ') }},
        count(*) as row_count
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endmacro %}

{# On DuckDB, the tests of keys over hundreds of millions of rows first find the keys whose 64-bit hash
   repeats (8 bytes per row to group instead of the key's text), then group only the rows with those
   hashes by the key itself: a hash collision adds a candidate, never a false failure, and the failing rows
   are the same as the plain query's. #}
{% macro duckdb__unique_combination_failures(model, columns) %}
    with repeated_hashes as materialized (
        {{ repeated_hashes('select ' ~ (columns | join(', ')) ~ ' from ' ~ model, columns | join(', ')) }}
    )

    select
        {{ columns | join(', ') }},
        count(*) as row_count
    from {{ model }}
    semi join repeated_hashes on hash({{ columns | join(', ') }}) = repeated_hashes.key_hash
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endmacro %}

{# dbt's unique test on DuckDB, with the same hash prefilter (dbt dispatches test_unique to the root
   project first). #}
{% macro duckdb__test_unique(model, column_name) %}
    with repeated_hashes as materialized (
        {{ repeated_hashes('select ' ~ column_name ~ ' from ' ~ model ~ ' where ' ~ column_name ~ ' is not null', column_name) }}
    )

    select
        {{ column_name }} as unique_field,
        count(*) as n_records
    from {{ model }}
    semi join repeated_hashes on hash({{ column_name }}) = repeated_hashes.key_hash
    where {{ column_name }} is not null
    group by {{ column_name }}
    having count(*) > 1
{% endmacro %}
