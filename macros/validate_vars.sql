{# Vars reach SQL. Each is checked before anything runs, so a malformed or hostile value stops the run
   with a message instead of being executed. #}
{% macro validate_vars() %}
    {%- set as_of = var('as_of_date') | string | trim | lower -%}
    {%- if as_of not in ('latest', 'today') and not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', as_of) -%}
        {{ exceptions.raise_compiler_error("var as_of_date must be 'latest', 'today' or a date YYYY-MM-DD; got '" ~ as_of ~ "'") }}
    {%- endif -%}
    {%- if as_of not in ('latest', 'today') -%}
        {%- set parsed = modules.datetime.datetime.strptime(as_of, '%Y-%m-%d') -%}
    {%- endif -%}
    {%- for name in ['lookback_days', 'horizon_days', 'at_risk_recency_days', 'rfm_bins', 'min_clusters',
                     'max_clusters', 'clustering_sample_size', 'random_seed', 'rollup_lookback_days', 'rollup_rows_per_block', 'scoring_train_sample_size', 'scoring_context_sample_size',
                     'scoring_evaluation_sample_size',
                     'usage_trend_smoothing', 'persona_texts_per_segment', 'segment_map_sample_size'] -%}
        {%- set value = var(name) | string | trim -%}
        {%- if not modules.re.fullmatch('[0-9]+', value) -%}
            {{ exceptions.raise_compiler_error("var " ~ name ~ " must be a non-negative whole number; got '" ~ value ~ "'") }}
        {%- endif -%}
    {%- endfor -%}
    {%- if var('min_clusters') | int < 2 or var('max_clusters') | int < var('min_clusters') | int -%}
        {{ exceptions.raise_compiler_error("vars min_clusters and max_clusters must satisfy 2 <= min_clusters <= max_clusters; got " ~ var('min_clusters') ~ " and " ~ var('max_clusters')) }}
    {%- endif -%}
    {%- if var('horizon_days') | int < 1 or var('lookback_days') | int < 1 or var('rollup_rows_per_block') | int < 1 -%}
        {{ exceptions.raise_compiler_error("vars horizon_days, lookback_days and rollup_rows_per_block must be at least 1") }}
    {%- endif -%}
    {#- a sample size is a number of rows, not a switch: 0 would sample nothing -#}
    {%- for name in ['clustering_sample_size', 'scoring_train_sample_size', 'scoring_evaluation_sample_size',
                     'scoring_context_sample_size', 'segment_map_sample_size', 'persona_texts_per_segment'] -%}
        {%- if var(name) | int < 1 -%}
            {{ exceptions.raise_compiler_error("var " ~ name ~ " must be at least 1 (rows to sample; every row is used when there are fewer); got " ~ var(name)) }}
        {%- endif -%}
    {%- endfor -%}
    select 1
{% endmacro %}


{# The as_of_date var as a validated SQL date literal, or none for 'latest' / 'today'. #}
{% macro as_of_date_literal() %}
    {%- set as_of = var('as_of_date') | string | trim | lower -%}
    {%- if as_of in ('latest', 'today') -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', as_of) -%}
        {{ exceptions.raise_compiler_error("var as_of_date must be 'latest', 'today' or a date YYYY-MM-DD; got '" ~ as_of ~ "'") }}
    {%- endif -%}
    {{ return("cast('" ~ as_of ~ "' as date)") }}
{% endmacro %}
