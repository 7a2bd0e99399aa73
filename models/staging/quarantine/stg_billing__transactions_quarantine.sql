with

checked as (
    select * from {{ ref('base_billing__transactions') }}
),

final as (
    select
        'transactions' as source_table,
        transaction_id as record_id,
        account_id,
        quarantine_rule,
        {{ dbt.split_part('quarantine_rule', "':'", 1) }} as rule_name,
        {{ dbt.split_part('quarantine_rule', "':'", 2) }} as column_name,
        {{ raw_record([
            'transaction_id',
            'account_id',
            'occurred_at_raw',
            'transaction_type',
            'amount_raw',
            'discount_amount_raw',
            'seats_raw'
        ]) }} as raw_record
    from checked
    where quarantine_rule is not null
)

select * from final
