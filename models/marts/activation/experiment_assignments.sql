{# grain: one row per account x experiment of its segment
   Deterministic treatment / holdout assignment: the first two hex digits of md5(account_id || '|' ||
   experiment_id) below the holdout threshold (var experiment_holdout_share of 256) mean holdout. The
   same account and experiment get the same arm in every run, on every engine. #}
{%- set threshold = '%02x' % ((var('experiment_holdout_share') | float * 256) | round | int) %}
with

as_of as (
    select as_of_date from {{ ref('int_as_of_dates') }}
    where as_of_role = 'current'
),

members as (
    select history.account_id, history.crm_account_id, history.segment_id
    from {{ ref('fct_account_segment_history') }} as history
    inner join as_of on history.as_of_date = as_of.as_of_date
),

experiments as (
    select segment_id, experiment_id, treatment_tactic from {{ ref('segment_experiments') }}
),

hashed as (
    select
        members.account_id,
        members.crm_account_id,
        experiments.experiment_id,
        experiments.treatment_tactic,
        {{ dbt.hash(dbt.concat(["members.account_id", "'|'", "experiments.experiment_id"])) }} as assignment_hash
    from members
    inner join experiments on members.segment_id = experiments.segment_id
),

final as (
    select
        as_of.as_of_date,
        cast(hashed.account_id as {{ dbt.type_string() }}) as account_id,
        cast(hashed.crm_account_id as {{ dbt.type_string() }}) as crm_account_id,
        cast(hashed.experiment_id as {{ dbt.type_string() }}) as experiment_id,
        cast(
            case when lower(substring(hashed.assignment_hash, 1, 2)) < '{{ threshold }}' then 'holdout' else 'treatment' end
            as {{ dbt.type_string() }}
        ) as arm,
        cast(hashed.treatment_tactic as {{ dbt.type_string() }}) as treatment_tactic
    from hashed
    cross join as_of
)

select * from final
