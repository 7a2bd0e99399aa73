{# grain: one row per segment (the run's as-of date)
   Persona cards for marketing, sales and CS: who, what they do, what they talk about (TF-IDF themes of
   their feedback and ticket text with verbatim quotes), what lands (playbook) and the planned
   experiments; card_markdown is the printable card. Every statement comes from the data. #}
with

cards as (
    select * from {{ ml_ref('ml_persona_cards') }}
),

final as (
    select
        cast(as_of_date as date) as as_of_date,
        cast(segment_id as {{ dbt.type_int() }}) as segment_id,
        cast(segment_name as {{ dbt.type_string() }}) as segment_name,
        cast(account_count as {{ dbt.type_bigint() }}) as account_count,
        cast(account_share as {{ dbt.type_float() }}) as account_share,
        cast(revenue_12m as decimal(18, 2)) as revenue_12m,
        cast(avg_predicted_value_12m as {{ dbt.type_float() }}) as avg_predicted_value_12m,
        cast(trend_direction as {{ dbt.type_string() }}) as trend_direction,
        cast(what_they_do as {{ dbt.type_string() }}) as what_they_do,
        cast(themes as {{ dbt.type_string() }}) as themes,
        cast(quotes as {{ dbt.type_string() }}) as quotes,
        cast(best_channel as {{ dbt.type_string() }}) as best_channel,
        cast(best_offer as {{ dbt.type_string() }}) as best_offer,
        cast(best_message as {{ dbt.type_string() }}) as best_message,
        cast(planned_experiments as {{ dbt.type_string() }}) as planned_experiments,
        cast(card_markdown as {{ dbt.type_string() }}) as card_markdown
    from cards
)

select * from final
