{# Generic test: the combination of columns is unique (the model's primary key). Its failing rows are the
   repeated combinations with their row counts. #}
{% test unique_combination(model, columns) %}
    {{ adapter.dispatch('unique_combination_failures')(model, columns) }}
{% endtest %}

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
