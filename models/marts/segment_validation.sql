{# grain: one row per segmentation scheme x outcome x segment
   Do segments matter? Accounts as of T - H (segmented the way the clustering of the run would segment
   them) and their outcomes in (T - H, T], from the latest run that trained the scoring models (var
   retrain_every_days; backtest_as_of_date is its T - H): outcome rate per segment, variance explained
   (eta squared) per scheme with its test, segments indistinguishable from the base rate, and the
   headline ratio of behavioral to firmographic variance explained. #}
with

validation as (
    select * from {{ ml_ref('ml_segment_validation') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_dates') }}
    where as_of_role = 'current'
),

final as (
    select
        as_of.as_of_date,
        cast(validation.scheme as {{ dbt.type_string() }}) as scheme,
        cast(validation.outcome as {{ dbt.type_string() }}) as outcome,
        cast(validation.segment as {{ dbt.type_string() }}) as segment,
        cast(validation.accounts as {{ dbt.type_bigint() }}) as accounts,
        cast(validation.outcome_rate as {{ dbt.type_float() }}) as outcome_rate,
        cast(validation.base_rate as {{ dbt.type_float() }}) as base_rate,
        cast(validation.lift_vs_base as {{ dbt.type_float() }}) as lift_vs_base,
        cast(validation.segment_p_value as {{ dbt.type_float() }}) as segment_p_value,
        cast(validation.is_indistinguishable_from_base as {{ dbt.type_boolean() }})
            as is_indistinguishable_from_base,
        cast(validation.eta_squared as {{ dbt.type_float() }}) as eta_squared,
        cast(validation.scheme_test as {{ dbt.type_string() }}) as scheme_test,
        cast(validation.scheme_statistic as {{ dbt.type_float() }}) as scheme_statistic,
        cast(validation.scheme_p_value as {{ dbt.type_float() }}) as scheme_p_value,
        cast(validation.behavioral_vs_firmographic_ratio as {{ dbt.type_float() }})
            as behavioral_vs_firmographic_ratio,
        cast(validation.backtest_as_of_date as date) as backtest_as_of_date
    from validation
    cross join as_of
)

select * from final
