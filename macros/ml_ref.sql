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
