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
                     'max_clusters', 'clustering_sample_size', 'random_seed', 'rollup_lookback_days', 'changes_lookback_days', 'rollup_rows_per_block', 'retrain_every_days', 'scoring_train_sample_size', 'scoring_context_sample_size',
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
    {#- vars that must be at least 1, with what they count (a sample size is a number of rows, not a switch:
        0 would sample nothing) -#}
    {%- set sample = 'rows to sample; every row is used when there are fewer' -%}
    {%- set at_least_one = {
        'horizon_days': 'days of the outcome horizon',
        'retrain_every_days': 'days between trainings of the scoring models; 1 retrains on every new as-of date',
        'lookback_days': 'days of the RFM frequency and monetary window',
        'rollup_rows_per_block': 'events per block of days in a full rebuild of the daily rollup',
        'clustering_sample_size': sample,
        'scoring_train_sample_size': sample,
        'scoring_evaluation_sample_size': sample,
        'scoring_context_sample_size': sample,
        'segment_map_sample_size': sample,
        'persona_texts_per_segment': sample,
    } -%}
    {%- for name, counts in at_least_one.items() -%}
        {%- if var(name) | int < 1 -%}
            {{ exceptions.raise_compiler_error("var " ~ name ~ " must be at least 1 (" ~ counts ~ "); got " ~ var(name)) }}
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
