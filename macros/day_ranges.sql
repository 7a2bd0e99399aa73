{# The where-conditions a full rebuild of a daily rollup is aggregated in, one query block per condition
   joined by `union all`; [none] means one block over every row.

   A daily rollup's grain includes the day, so aggregating consecutive day ranges separately gives the same
   rows as one aggregation over all days. On DuckDB, one aggregation holds every account-day at once and
   spills to disk once they outgrow memory_limit; ranges of about rows_per_range rows each stay in memory. The ranges are equal spans of days between the first and last
   day of timestamp_column in relation; the first range also takes the rows without a day. Other engines
   distribute one aggregation themselves: one block. #}
{% macro day_range_conditions(relation, timestamp_column, date_column, rows_per_range) %}
    {{- return(adapter.dispatch('day_range_conditions')(relation, timestamp_column, date_column, rows_per_range)) -}}
{% endmacro %}

{% macro default__day_range_conditions(relation, timestamp_column, date_column, rows_per_range) %}
    {{- return([none]) -}}
{% endmacro %}

{% macro duckdb__day_range_conditions(relation, timestamp_column, date_column, rows_per_range) %}
    {#- the lint target compiles SQL for sqlfluff and reads no data -#}
    {%- if not execute or target.name == 'lint' or load_relation(relation) is none -%}
        {{ return([none]) }}
    {%- endif -%}
    {%- set span = run_query(
        'select count(*), min(cast(' ~ timestamp_column ~ ' as date)), max(cast(' ~ timestamp_column ~ ' as date))'
        ~ ' from ' ~ relation).rows[0] -%}
    {%- set range_count = [1, (span[0] / (rows_per_range | int)) | round(0, 'ceil') | int] | max -%}
    {%- if range_count == 1 or span[1] is none -%}
        {{ return([none]) }}
    {%- endif -%}
    {%- set days_per_range = (((span[2] - span[1]).days + 1) / range_count) | round(0, 'ceil') | int -%}
    {%- set bounds = [] -%}
    {%- for i in range(1, range_count) -%}
        {%- set bound = span[1] + modules.datetime.timedelta(days=i * days_per_range) -%}
        {%- if bound <= span[2] -%}
            {%- do bounds.append("cast('" ~ bound.isoformat() ~ "' as date)") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if bounds | length == 0 -%}
        {{ return([none]) }}
    {%- endif -%}
    {%- set conditions = ['(' ~ date_column ~ ' < ' ~ bounds[0] ~ ' or ' ~ date_column ~ ' is null)'] -%}
    {%- for i in range(1, bounds | length) -%}
        {%- do conditions.append(date_column ~ ' >= ' ~ bounds[i - 1] ~ ' and ' ~ date_column ~ ' < ' ~ bounds[i]) -%}
    {%- endfor -%}
    {%- do conditions.append(date_column ~ ' >= ' ~ bounds[-1]) -%}
    {{ return(conditions) }}
{% endmacro %}
