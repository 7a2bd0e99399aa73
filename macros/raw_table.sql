{#
    raw_table(source_name, table_name)

    Returns a relation-like SQL expression with exactly the contract's columns of one raw table,
    in the contract's order. The contract (column names, types, which are required) is read from
    the source's YAML, so models/staging/_raw__sources.yml stays the single definition.

    - Required table absent: the build stops with an error naming the table and where it looked.
    - Optional table absent: an empty result with every contract column, typed.
    - Required column missing: the build stops with an error naming table and column.
    - Optional column missing: a typed NULL column. Extra columns are ignored.

    Values are passed through as they arrive (types are coerced in the base models, which
    quarantine what does not parse).
#}
{% macro raw_table(source_name, table_name) %}
    {%- set relation = source(source_name, table_name) -%}
    {{ return(adapter.dispatch('raw_table')(relation, source_name, table_name)) }}
{% endmacro %}


{% macro raw_contract_columns(source_name, table_name) %}
    {%- set found = [] -%}
    {%- for node in graph.sources.values() -%}
        {%- if node.source_name == source_name and node.name == table_name -%}
            {%- do found.append(node) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if found | length == 0 -%}
        {{ exceptions.raise_compiler_error("No source '" ~ source_name ~ "." ~ table_name ~ "' is declared in models/staging/_raw__sources.yml") }}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- for column in found[0].columns.values() -%}
        {%- set meta = column.meta or column.get('config', {}).get('meta', {}) or {} -%}
        {%- do columns.append({'name': column.name, 'data_type': column.data_type, 'required': meta.get('required', false)}) -%}
    {%- endfor -%}
    {{ return({'columns': columns, 'required_table': (found[0].meta or {}).get('required_table', false)}) }}
{% endmacro %}


{# The names of a raw table's contract columns, in the contract's order: raw_table gives each of them.
   While dbt parses (no graph yet), a placeholder: nothing runs then. #}
{% macro raw_column_names(source_name, table_name) %}
    {%- if not execute -%}
        {{ return([table_name ~ '_columns']) }}
    {%- endif -%}
    {{ return(raw_contract_columns(source_name, table_name).columns | map(attribute='name') | list) }}
{% endmacro %}


{% macro raw_select(reader, present_columns, source_name, table_name, where_false=false) %}
    {%- set contract = raw_contract_columns(source_name, table_name) -%}
    {%- set present = present_columns | map('lower') | list -%}
    {%- set select_list = [] -%}
    {%- for column in contract.columns -%}
        {%- if column.name in present -%}
            {%- do select_list.append(adapter.quote(column.name) ~ ' as ' ~ column.name) -%}
        {%- elif column.required and not where_false -%}
            {{ exceptions.raise_compiler_error(
                "Raw table '" ~ table_name ~ "' (" ~ reader ~ ") has no column '" ~ column.name
                ~ "', which the data contract requires. Columns found: " ~ (present | join(', '))) }}
        {%- else -%}
            {%- do select_list.append('cast(null as ' ~ raw_type(column.data_type) ~ ') as ' ~ column.name) -%}
        {%- endif -%}
    {%- endfor -%}
    (
        select
            {{ select_list | join(',\n            ') }}
        from {{ reader }}
        {%- if where_false %}
        where 1 = 0
        {%- endif %}
    )
{% endmacro %}


{% macro raw_type(contract_type) %}
    {%- set t = contract_type | lower -%}
    {%- if t == 'varchar' -%} {{ return(dbt.type_string()) }}
    {%- elif t == 'integer' -%} {{ return(dbt.type_int()) }}
    {%- elif t == 'boolean' -%} {{ return(dbt.type_boolean()) }}
    {%- elif t == 'double' -%} {{ return(dbt.type_float()) }}
    {%- elif t == 'timestamp' -%} {{ return(dbt.type_timestamp()) }}
    {%- elif t.startswith('decimal') -%} {{ return(dbt.type_numeric()) }}
    {%- else -%} {{ return(contract_type) }}
    {%- endif -%}
{% endmacro %}


{% macro missing_raw_table(source_name, table_name, looked_in) %}
    {%- set contract = raw_contract_columns(source_name, table_name) -%}
    {%- if contract.required_table -%}
        {{ exceptions.raise_compiler_error(
            "Required raw table '" ~ table_name ~ "' was not found in " ~ looked_in
            ~ ". Provide " ~ table_name ~ ".parquet, " ~ table_name ~ ".csv or a folder " ~ table_name
            ~ "/ of parquet files (see the data contract in the README).") }}
    {%- endif -%}
    {%- do log("Optional raw table '" ~ table_name ~ "' not found in " ~ looked_in ~ ": it is treated as empty and its features are NULL.", info=true) -%}
    {{ return(raw_select('(select 1 as placeholder) as empty_source', [], source_name, table_name, where_false=true)) }}
{% endmacro %}


{# On a warehouse, the raw tables live in the schema named by the raw_schema var. #}
{% macro default__raw_table(relation, source_name, table_name) %}
    {%- if not execute -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set existing = adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
    {%- if existing is none -%}
        {{ return(missing_raw_table(source_name, table_name, 'schema ' ~ relation.schema)) }}
    {%- endif -%}
    {%- set present = adapter.get_columns_in_relation(existing) | map(attribute='name') | list -%}
    {{ return(raw_select(existing, present, source_name, table_name)) }}
{% endmacro %}


{# On DuckDB, the raw tables are files in RAW_DATA_DIR. On a local Spark session they are registered as
   tables of the raw_schema first (python -m segmentation.spark_raw), so Spark takes the default path. #}
{% macro duckdb__raw_table(relation, source_name, table_name) %}
    {{ return(raw_file_table(source_name, table_name)) }}
{% endmacro %}


{% macro raw_file_table(source_name, table_name) %}
    {%- set folder = env_var('RAW_DATA_DIR', 'data/raw') | replace("'", "") -%}
    {%- if not execute -%}
        {{ return("(select 1 as placeholder)") }}
    {%- endif -%}
    {%- if target.name == 'lint' -%}
        {# the lint target compiles SQL for sqlfluff and reads no data #}
        {{ return(raw_select('(select 1 as placeholder) as empty_source', [], source_name, table_name, where_false=true)) }}
    {%- endif -%}
    {%- set reader = adapter.dispatch('raw_file_reader')(folder, table_name) -%}
    {%- if reader is none -%}
        {{ return(missing_raw_table(source_name, table_name, "RAW_DATA_DIR='" ~ folder ~ "'")) }}
    {%- endif -%}
    {{ return(raw_select(reader, adapter.dispatch('raw_file_columns')(reader), source_name, table_name)) }}
{% endmacro %}


{% macro duckdb__raw_file_reader(folder, table_name) %}
    {%- set base = folder ~ '/' ~ table_name -%}
    {%- set found = run_query(
        "select 'parquet' as kind from glob('" ~ base ~ ".parquet')"
        ~ " union all select 'csv' from glob('" ~ base ~ ".csv')"
        ~ " union all select 'parts' from glob('" ~ base ~ "/*.parquet')") -%}
    {%- set kinds = found.columns[0].values() | list -%}
    {%- if 'parquet' in kinds -%}
        {{ return("read_parquet('" ~ base ~ ".parquet')") }}
    {%- elif 'parts' in kinds -%}
        {{ return("read_parquet('" ~ base ~ "/*.parquet', union_by_name = true)") }}
    {%- elif 'csv' in kinds -%}
        {# all_varchar: every value arrives as text and is parsed (or quarantined) in the base model #}
        {{ return("read_csv('" ~ base ~ ".csv', header = true, all_varchar = true, auto_detect = true, ignore_errors = false, strict_mode = false)") }}
    {%- endif -%}
    {{ return(none) }}
{% endmacro %}


{% macro duckdb__raw_file_columns(reader) %}
    {%- set described = run_query("describe select * from " ~ reader) -%}
    {{ return(described.columns[0].values() | list) }}
{% endmacro %}


{# Only DuckDB reads raw files directly; elsewhere the raw tables are tables of the raw_schema. #}
{% macro default__raw_file_reader(folder, table_name) %}
    {{ exceptions.raise_compiler_error(
        "Reading raw files from RAW_DATA_DIR is a DuckDB feature; on " ~ target.type
        ~ " the raw tables are read from the schema in the raw_schema var.") }}
{% endmacro %}


{% macro default__raw_file_columns(reader) %}
    {{ return(default__raw_file_reader(reader, none)) }}
{% endmacro %}
