{# Small portable helpers on top of dbt's cross-database macros. Engine-specific SQL lives only here,
   behind adapter.dispatch. #}

{# dbt.safe_cast is a plain CAST on DuckDB, which errors on bad values: use try_cast. #}
{% macro duckdb__safe_cast(field, type) %}
    try_cast({{ field }} as {{ type }})
{% endmacro %}


{# Trimmed text, empty strings as NULL. #}
{% macro clean_string(column) %}
    {{ return(adapter.dispatch('clean_string')(column)) }}
{% endmacro %}

{% macro default__clean_string(column) %}
    nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), '')
{% endmacro %}

{# DuckDB: trim copies every string, which costs seconds per column over a hundred million ids. A
   non-empty ASCII string (as many characters as bytes) that neither starts nor ends with a space is
   returned as it is: trim removes only Unicode space separators, and the only ASCII one is the space. #}
{% macro duckdb__clean_string(column) %}
    {%- set text = 'cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')' -%}
    case
        when {{ text }} <> '' and not starts_with({{ text }}, ' ') and not ends_with({{ text }}, ' ')
            and length({{ text }}) = strlen({{ text }})
            then {{ text }}
        else nullif(trim({{ text }}), '')
    end
{% endmacro %}


{# A UTC timestamp from a timestamp, a timestamp with time zone, or text (with or without an offset).
   Returns NULL when the value does not parse. #}
{% macro to_utc_timestamp(column) %}
    {{ return(adapter.dispatch('to_utc_timestamp')(column)) }}
{% endmacro %}

{% macro default__to_utc_timestamp(column) %}
    {{ dbt.safe_cast(column, dbt.type_timestamp()) }}
{% endmacro %}

{# The profile pins the session TimeZone to UTC, so timestamptz -> timestamp is UTC. #}
{# try_cast parses text (surrounding blanks, ISO 8601 with an offset; '' gives NULL) and converts a
   timestamp with time zone without a round trip through text. A column that already holds timestamps
   without a zone (or dates) is taken as it is: DuckDB folds typeof() when it binds the query, and the
   time zone conversion it skips cost about 12 s per pass over 134M events. #}
{% macro duckdb__to_utc_timestamp(column) %}
    case
        when typeof({{ column }}) in ('TIMESTAMP', 'TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP_NS', 'DATE')
            then cast({{ column }} as timestamp)
        else cast(try_cast({{ column }} as timestamptz) as timestamp)
    end
{% endmacro %}

{% macro spark__to_utc_timestamp(column) %}
    cast(to_utc_timestamp(cast({{ column }} as timestamp), 'UTC') as timestamp)
{% endmacro %}


{# The moment the run started, as a timestamp literal: rows dated after it are quarantined. #}
{% macro run_timestamp() %}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }})
{% endmacro %}


{# A readable one-line rendering of a raw row, kept in quarantine so a person can see what arrived. #}
{% macro raw_record(columns) %}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("'" ~ column ~ "='") -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), 'NULL')") -%}
        {%- if not loop.last %}{% do parts.append("'; '") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{% endmacro %}


{# A column a row keeps only when it is quarantined (NULL on clean rows), under its own name: the text as it
   arrived, which the quarantine's raw_record shows and no model reads on a clean row. Storing it for every
   row would make the base tables larger and slower to write. Reads quarantine_rule of the same row. #}
{% macro quarantined_only(column) -%}
    case when quarantine_rule is not null then {{ column }} end as {{ column }}
{%- endmacro %}


{# Surrogate key: hash of the values joined with a separator, NULLs rendered distinctly. #}
{% macro surrogate_key(columns) %}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '_null_')") -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{% endmacro %}


{# Median of an expression within a group. #}
{% macro median(expression) %}
    {{ return(adapter.dispatch('median')(expression)) }}
{% endmacro %}

{% macro default__median(expression) %}
    percentile_cont(0.5) within group (order by {{ expression }})
{% endmacro %}

{% macro duckdb__median(expression) %}
    median({{ expression }})
{% endmacro %}

{% macro spark__median(expression) %}
    percentile({{ expression }}, 0.5)
{% endmacro %}

{% macro bigquery__median(expression) %}
    approx_quantiles({{ expression }}, 2)[offset(1)]
{% endmacro %}


{# A ratio that is NULL when the denominator is zero or NULL. #}
{% macro safe_divide(numerator, denominator) %}
    cast({{ numerator }} as {{ dbt.type_float() }}) / nullif(cast({{ denominator }} as {{ dbt.type_float() }}), 0)
{% endmacro %}


{# Replace every row of a table with the rows of a query (Spark without Delta cannot delete). #}
{% macro replace_table_contents(relation, select_sql) %}
    {{ return(adapter.dispatch('replace_table_contents')(relation, select_sql)) }}
{% endmacro %}

{% macro default__replace_table_contents(relation, select_sql) %}
    delete from {{ relation }};
    insert into {{ relation }} {{ select_sql }}
{% endmacro %}

{% macro spark__replace_table_contents(relation, select_sql) %}
    insert overwrite table {{ relation }} {{ select_sql }}
{% endmacro %}


{# dbt's type_float renders 'float', a 4-byte REAL on DuckDB and Spark: scores and rates need doubles. #}
{% macro duckdb__type_float() %}double{% endmacro %}

{% macro spark__type_float() %}double{% endmacro %}


{# Lower-case hex SHA-256 of a text expression (ad platforms' hashed identifiers). #}
{% macro sha256_hex(expression) %}
    {{ return(adapter.dispatch('sha256_hex')(expression)) }}
{% endmacro %}

{% macro default__sha256_hex(expression) %}
    lower(sha2({{ expression }}, 256))
{% endmacro %}

{% macro duckdb__sha256_hex(expression) %}
    sha256({{ expression }})
{% endmacro %}

{% macro bigquery__sha256_hex(expression) %}
    to_hex(sha256({{ expression }}))
{% endmacro %}


{# The digits of a text, everything else removed. #}
{% macro digits_only(expression) %}
    {{ return(adapter.dispatch('digits_only')(expression)) }}
{% endmacro %}

{% macro default__digits_only(expression) %}
    regexp_replace({{ expression }}, '[^0-9]', '')
{% endmacro %}

{% macro duckdb__digits_only(expression) %}
    regexp_replace({{ expression }}, '[^0-9]', '', 'g')
{% endmacro %}


{# listagg in a fixed order. sort_keys: list of [expression, 'asc' | 'desc']. dbt.listagg cannot order on
   Spark, so Spark sorts a collected array of structs (a descending key must be numeric there). #}
{% macro ordered_listagg(measure, delimiter_text, sort_keys) %}
    {{ return(adapter.dispatch('ordered_listagg')(measure, delimiter_text, sort_keys)) }}
{% endmacro %}

{% macro default__ordered_listagg(measure, delimiter_text, sort_keys) %}
    {%- set order_parts = [] -%}
    {%- for key in sort_keys -%}
        {%- do order_parts.append(key[0] ~ ' ' ~ key[1]) -%}
    {%- endfor -%}
    {{ dbt.listagg(measure, delimiter_text, 'order by ' ~ (order_parts | join(', '))) }}
{% endmacro %}

{% macro spark__ordered_listagg(measure, delimiter_text, sort_keys) %}
    {%- set fields = [] -%}
    {%- for key in sort_keys -%}
        {%- do fields.append("'k" ~ loop.index ~ "', " ~ ('-(' ~ key[0] ~ ')' if key[1] == 'desc' else key[0])) -%}
    {%- endfor -%}
    array_join(
        transform(sort_array(collect_list(named_struct({{ fields | join(', ') }}, 'v', {{ measure }}))), x -> x.v),
        {{ delimiter_text }}
    )
{% endmacro %}


{# A numeric var as a double literal. A bare literal such as 1.96 is a DECIMAL, and Spark keeps decimal
   arithmetic in decimals (rounded to 6 places after a division) where DuckDB moves to doubles. #}
{% macro float_var(name) %}
    {{- return('cast(' ~ (var(name) | float) ~ ' as ' ~ dbt.type_float() ~ ')') -}}
{% endmacro %}


{# The query giving rank_within_id's `ids`: the cleaned id_column of a raw table, one per row. #}
{% macro ids_of(raw_relation, id_column) %}
    {{- return('select ' ~ clean_string(id_column) ~ ' as ' ~ id_column ~ ' from ' ~ raw_relation ~ ' as raw_rows') -}}
{% endmacro %}

{# DuckDB: the 64-bit hashes of `key` (a column list of `rows`, a query) that occur more than once. Only
   rows with these hashes can repeat a key; a collision only adds a candidate. Found by sorting the hashes
   (a hash equal to the one before it repeats) rather than grouping them: with nearly every key distinct,
   a group per key was the slower way (134M event ids: 11.2-12.3 s grouped, 8.7-9.1 s sorted). #}
{% macro repeated_hashes(rows, key) %}
    select distinct sorted_hashes.key_hash
    from (
        select
            hashed.key_hash,
            lag(hashed.key_hash) over (order by hashed.key_hash) as previous_hash
        from (select hash({{ key }}) as key_hash from ({{ rows }}) as keyed_rows) as hashed
    ) as sorted_hashes
    where sorted_hashes.key_hash = sorted_hashes.previous_hash
{% endmacro %}

{# The rows of `relation` (a CTE name) with id_rank: the row's rank among rows with the same id_column and
   contract_rule, ordered by order_by (above 1 is a duplicate). few_rows: the relation is small (an
   incremental run's new rows), so a plain window is cheapest. ids: optional, a query giving the same
   id_column values as `relation`, one per row, from a cheaper source (the raw table's id column alone). #}
{% macro rank_within_id(relation, id_column, order_by, few_rows=false, ids=none) %}
    {%- if few_rows -%}
        {{ return(default__rank_within_id(relation, id_column, order_by, ids)) }}
    {%- endif -%}
    {{ return(adapter.dispatch('rank_within_id')(relation, id_column, order_by, ids)) }}
{% endmacro %}

{% macro default__rank_within_id(relation, id_column, order_by, ids=none) %}
    select
        *,
        row_number() over (partition by {{ id_column }}, contract_rule order by {{ order_by }}) as id_rank
    from {{ relation }}
{% endmacro %}

{# The same ranks without sorting every row: a window over hundreds of millions of events spills and
   dominated the build. Ids whose 64-bit hash occurs more than once are the only candidates for a
   duplicate (a hash collision only adds a candidate), so only their rows are ranked by the window; every
   other row is alone with its id and has rank 1. The repeated hashes are computed once, from `ids` when
   given: then `relation`, and the CTEs it reads, can be declared with recomputed_cte() and are read twice
   as a stream (the second read stops at once when no hash repeats), instead of DuckDB keeping every row
   to read again. #}
{% macro duckdb__rank_within_id(relation, id_column, order_by, ids=none) %}
    with repeated_ids as materialized (
        {{ repeated_hashes(ids or ('select ' ~ id_column ~ ' from ' ~ relation), id_column) }}
    )

    select
        {{ relation }}.*,
        cast(1 as bigint) as id_rank
    from {{ relation }}
    anti join repeated_ids on hash({{ relation }}.{{ id_column }}) = repeated_ids.key_hash
    union all
    select
        {{ relation }}.*,
        row_number() over (partition by {{ relation }}.{{ id_column }}, {{ relation }}.contract_rule order by {{ order_by }}) as id_rank
    from {{ relation }}
    semi join repeated_ids on hash({{ relation }}.{{ id_column }}) = repeated_ids.key_hash
{% endmacro %}

{# Written after a CTE's `as`: on DuckDB, compute the CTE where it is read instead of keeping its rows
   (DuckDB keeps a CTE read more than once). Only for a CTE that is cheaper to compute twice than to hold. #}
{% macro recomputed_cte(recompute=true) %}
    {{- return(adapter.dispatch('recomputed_cte')(recompute)) -}}
{% endmacro %}

{% macro default__recomputed_cte(recompute=true) %}{% endmacro %}

{% macro duckdb__recomputed_cte(recompute=true) %}
    {{- 'not materialized' if recompute -}}
{% endmacro %}



{# 64-bit masks of small numbers (0 to 62), for engines with bit aggregates (DuckDB, Spark and Databricks):
   number_masks_supported() says whether the engine has them; number_mask(n) is the aggregate mask of the
   numbers in a group; union_of_masks(m) the aggregate union of masks; bits_set(m) how many bits a mask has.
   On other engines number_mask is a NULL aggregate and models take their count(distinct) path instead. #}
{% macro number_masks_supported() %}
    {{- return(adapter.dispatch('number_masks_supported')()) -}}
{% endmacro %}

{% macro default__number_masks_supported() %}{{ return(false) }}{% endmacro %}

{% macro duckdb__number_masks_supported() %}{{ return(true) }}{% endmacro %}

{% macro spark__number_masks_supported() %}{{ return(true) }}{% endmacro %}

{% macro number_mask(number_column) %}
    {{- return(adapter.dispatch('number_mask')(number_column)) -}}
{% endmacro %}

{% macro default__number_mask(number_column) -%}
    max(cast(null as bigint))
{%- endmacro %}

{% macro duckdb__number_mask(number_column) -%}
    bit_or(cast(1 as bigint) << {{ number_column }})
{%- endmacro %}

{% macro spark__number_mask(number_column) -%}
    bit_or(shiftleft(cast(1 as bigint), {{ number_column }}))
{%- endmacro %}

{% macro union_of_masks(mask_column) -%}
    bit_or({{ mask_column }})
{%- endmacro %}

{% macro bits_set(mask) -%}
    cast(bit_count({{ mask }}) as bigint)
{%- endmacro %}


{# A 64-bit hash of a row's columns (a list of column names), for comparing raw rows with the rows staged from
   them. Equal rows hash equally within one engine version; a different engine version may hash otherwise,
   which makes every day look changed once (re-read, then stored with the new hashes). Spark's xxhash64
   skips NULL arguments, so there each column's null flag is hashed too: otherwise a value moved from one
   column into the next NULL one would leave the hash unchanged. A warehouse staged before that change sees
   every Spark day as changed once. #}
{% macro row_fingerprint(columns) %}
    {{- return(adapter.dispatch('row_fingerprint')(columns)) -}}
{% endmacro %}

{% macro default__row_fingerprint(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__row_fingerprint(columns) -%}
    xxhash64(
        {{ columns | join(', ') }},
        {% for column in columns %}isnull({{ column }}){{ ', ' if not loop.last }}{% endfor %}
    )
{%- endmacro %}

{% macro bigquery__row_fingerprint(columns) -%}
    farm_fingerprint(to_json_string(struct({{ columns | join(', ') }})))
{%- endmacro %}

{# The bitwise XOR of a 64-bit integer over a group: order-free, and a row changed changes it. #}
{% macro xor_aggregate(expression) %}
    {{- return(adapter.dispatch('xor_aggregate')(expression)) -}}
{% endmacro %}

{% macro default__xor_aggregate(expression) -%}
    bit_xor({{ expression }})
{%- endmacro %}

{% macro snowflake__xor_aggregate(expression) -%}
    bitxor_agg({{ expression }})
{%- endmacro %}
