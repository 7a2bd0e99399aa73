{# grain: one row per opted-in contact of an account in the lookalike audience
   The seed group's twins (ml_lookalike_accounts: var lookalike_seed_segment, capped at
   lookalike_max_accounts accounts), reduced to contacts with marketing_opt_in, and identifiers
   normalized and SHA-256 hashed the way ad platforms match them:
   - email: trimmed and lower-cased (Google Customer Match and Meta);
   - phone for Google: E.164, '+' country code and number (the contact's own '+' prefix, else the
     account country's calling code from the country_calling_codes seed, leading zeros dropped);
   - phone for Meta: the same digits without '+';
   - country: ISO 3166-1 alpha-2, and for Meta its lower-cased SHA-256.
   Raw emails and phones never leave this model. #}
with

audience as (
    select account_id, as_of_date, seed_name, similarity_score, audience_rank
    from {{ ml_ref('ml_lookalike_accounts') }}
),

accounts as (
    select account_id, crm_account_id, country from {{ ref('stg_crm__accounts') }}
),

contacts as (
    select contact_id, account_id, email, phone
    from {{ ref('stg_crm__contacts') }}
    where marketing_opt_in
),

calling_codes as (
    select country, cast(calling_code as {{ dbt.type_string() }}) as calling_code
    from {{ ref('country_calling_codes') }}
),

normalized as (
    select
        audience.as_of_date,
        audience.seed_name,
        audience.account_id,
        accounts.crm_account_id,
        audience.audience_rank,
        audience.similarity_score,
        accounts.country,
        lower(trim(contacts.email)) as email_normalized,
        case
            when trim(contacts.phone) like '+%' then {{ digits_only('contacts.phone') }}
            when calling_codes.calling_code is not null and {{ digits_only('contacts.phone') }} != ''
                then {{ dbt.concat(["calling_codes.calling_code",
                                    "ltrim(" ~ digits_only('contacts.phone') ~ ", '0')"]) }}
        end as phone_digits
    from audience
    inner join contacts on audience.account_id = contacts.account_id
    inner join accounts on audience.account_id = accounts.account_id
    left join calling_codes on accounts.country = calling_codes.country
),

final as (
    select
        as_of_date,
        cast(seed_name as {{ dbt.type_string() }}) as seed_name,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(crm_account_id as {{ dbt.type_string() }}) as crm_account_id,
        cast(audience_rank as {{ dbt.type_bigint() }}) as audience_rank,
        cast(similarity_score as {{ dbt.type_float() }}) as similarity_score,
        cast(
            case when email_normalized like '%_@_%' then {{ sha256_hex('email_normalized') }} end
            as {{ dbt.type_string() }}
        ) as email_sha256,
        cast(
            case when phone_digits != '' then {{ sha256_hex(dbt.concat(["'+'", "phone_digits"])) }} end
            as {{ dbt.type_string() }}
        ) as phone_e164_sha256,
        cast(
            case when phone_digits != '' then {{ sha256_hex('phone_digits') }} end
            as {{ dbt.type_string() }}
        ) as phone_digits_sha256,
        cast(country as {{ dbt.type_string() }}) as country_code,
        cast(
            case when country is not null then {{ sha256_hex('lower(country)') }} end
            as {{ dbt.type_string() }}
        ) as country_sha256
    from normalized
    where email_normalized like '%_@_%' or phone_digits != ''
)

select * from final
