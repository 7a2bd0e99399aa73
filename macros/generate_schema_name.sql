{# Layer schemas keep their plain names (staging, intermediate, features, ml, marts, reference), so BI
   tools and reverse-ETL syncs see stable schema names whatever the target's default schema. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
