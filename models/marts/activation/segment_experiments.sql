{# grain: one row per segment x experiment (one per tactic dimension with a recommendation)
   Segment-led experiments with the success criterion written before they run: test the segment's
   recommended tactic (segment_playbook) against the segment's usual mix. Metric: conversion rate per
   touch; baseline: the segment's current rate p1; target p2: the effect history supports, i.e. the
   tactic's Wilson lower bound, and at least p1 x (1 + experiment_relative_mde).
   Sample size per arm for a two-sided two-proportion z-test:
   n = (z_a * sqrt(2 pbar (1 - pbar)) + z_b * sqrt(p1 (1 - p1) + p2 (1 - p2)))^2 / (p2 - p1)^2,
   pbar = (p1 + p2) / 2, z_a = 1.959964 (5% significance), z_b = 0.841621 (80% power).
   Expected duration: weeks to enroll 2n accounts at experiment_weekly_enrollment of the segment per week
   (NULL when the segment is smaller than 2n). Assignment is in experiment_assignments. #}
with

as_of as (
    select as_of_date from {{ ref('int_as_of_dates') }}
    where as_of_role = 'current'
),

recommended as (
    select segment_id, segment_name, dimension, tactic, response_rate, segment_response_rate, interval_lower
    from {{ ref('segment_playbook') }}
    where is_recommended
),

sizes as (
    select segment_id, account_count
    from {{ ref('segment_summary') }}
),

criteria as (
    select
        recommended.*,
        sizes.account_count,
        recommended.segment_response_rate as baseline_rate,
        case
            when recommended.interval_lower > recommended.segment_response_rate * (1 + {{ float_var('experiment_relative_mde') }})
                then recommended.interval_lower
            else recommended.segment_response_rate * (1 + {{ float_var('experiment_relative_mde') }})
        end as target_rate
    from recommended
    inner join sizes on recommended.segment_id = sizes.segment_id
),

sized as (
    select
        *,
        (baseline_rate + target_rate) / 2 as pooled_rate
    from criteria
),

powered as (
    select
        *,
        ceil(
            power(
                {{ float_var('experiment_alpha_z') }} * sqrt(2 * pooled_rate * (1 - pooled_rate))
                + {{ float_var('experiment_power_z') }}
                * sqrt(baseline_rate * (1 - baseline_rate) + target_rate * (1 - target_rate)),
                2
            ) / power(target_rate - baseline_rate, 2)
        ) as sample_size_per_arm
    from sized
),

final as (
    select
        as_of.as_of_date,
        cast(powered.segment_id as {{ dbt.type_int() }}) as segment_id,
        cast(powered.segment_name as {{ dbt.type_string() }}) as segment_name,
        cast(
            {{ dbt.concat(["'exp-'", "cast(powered.segment_id as " ~ dbt.type_string() ~ ")", "'-'", "powered.dimension"]) }}
            as {{ dbt.type_string() }}
        ) as experiment_id,
        cast(powered.dimension as {{ dbt.type_string() }}) as dimension,
        cast({{ dbt.concat(["'Segment '", "powered.segment_name", "' converts better with ' ", "powered.dimension",
                            "' '", "powered.tactic", "' than with its usual mix'"]) }} as {{ dbt.type_string() }})
            as hypothesis,
        cast(powered.tactic as {{ dbt.type_string() }}) as treatment_tactic,
        cast('conversion rate per touch' as {{ dbt.type_string() }}) as success_metric,
        powered.baseline_rate,
        powered.target_rate,
        (powered.target_rate - powered.baseline_rate) / powered.baseline_rate as minimum_detectable_effect_relative,
        powered.target_rate - powered.baseline_rate as minimum_detectable_effect_absolute,
        cast(0.05 as {{ dbt.type_float() }}) as significance_level,
        cast(0.8 as {{ dbt.type_float() }}) as power,
        cast(powered.sample_size_per_arm as {{ dbt.type_bigint() }}) as sample_size_per_arm,
        cast(powered.account_count as {{ dbt.type_bigint() }}) as segment_accounts,
        cast(
            case
                when powered.account_count >= 2 * powered.sample_size_per_arm
                    then ceil(2 * powered.sample_size_per_arm / (powered.account_count * {{ float_var('experiment_weekly_enrollment') }}))
            end as {{ dbt.type_int() }}
        ) as expected_duration_weeks,
        powered.account_count >= 2 * powered.sample_size_per_arm as is_feasible,
        cast(
            case
                when powered.account_count >= 2 * powered.sample_size_per_arm
                    then {{ dbt.concat(["'Ship ' ", "powered.tactic", "' if the treatment arm converts at least '",
                                        "cast(round(100 * powered.target_rate, 1) as " ~ dbt.type_string() ~ ")",
                                        "'% (baseline '",
                                        "cast(round(100 * powered.baseline_rate, 1) as " ~ dbt.type_string() ~ ")",
                                        "'%) and the difference is significant at 5%'"]) }}
                else 'segment too small for this effect size: pool with another segment or raise the effect size'
            end as {{ dbt.type_string() }}
        ) as success_criterion
    from powered
    cross join as_of
)

select * from final
