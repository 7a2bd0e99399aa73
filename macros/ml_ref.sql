{#
    ml_ref(model_name)

    How SQL models read a table of the ML layer (the dbt Python models in python_models/ml).

    Wherever dbt runs Python models (DuckDB, Databricks, Snowflake, BigQuery) this is ref(model_name).
    dbt-spark runs Python models only on Databricks; on an Apache Spark target (type 'spark') the ML layer
    is produced by the same package outside dbt (python -m segmentation.spark_ml, which runs the same
    model files against the Spark session) into the ml schema, and SQL models read it as the source
    ml_layer.<model_name>.
#}
{% macro ml_ref(model_name) %}
    {%- if ml_layer_outside_dbt() -%}
        {{ return(source('ml_layer', model_name)) }}
    {%- endif -%}
    {{ return(ref(model_name)) }}
{% endmacro %}


{% macro ml_layer_outside_dbt() %}
    {{ return(target.type == 'spark') }}
{% endmacro %}


{#
    stored_ml_relation(model_name)

    The table an earlier run of the ML layer left for model_name, or none when there is none (or at parse
    time). Read without ref: it is the model's own output from an earlier run (like `this` in an
    incremental model), and a ref would make the models that read it depend on the ML layer they feed.
#}
{% macro stored_ml_relation(model_name) %}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set nodes = graph.sources.values() if ml_layer_outside_dbt() else graph.nodes.values() -%}
    {%- for node in nodes if node.name == model_name and node.resource_type in ('model', 'source') -%}
        {{ return(adapter.get_relation(
            database=node.database,
            schema=node.schema,
            identifier=node.identifier if node.resource_type == 'source' else (node.alias or node.name)
        )) }}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}
