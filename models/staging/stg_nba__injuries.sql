{#- Every raw injury transaction, typed, with the reasons it breaks the contract on its own
    (record_reason, value_reason; NULL = none) and the spellings its name is resolved by. The
    name resolution, the team check and the clean rows are in phase3/checked
    (int_injuries__checked). -#}
{#- Non-text columns, read per value (macros/quarantine.sql). -#}
{%- set parsed = [['transaction_date', 'date']] -%}

with raw_injuries as (

    select * from {{ source('nba_raw', 'injuries') }}
    {{ known_raw_rows('injuries') }}

),

{#- The log sometimes lists two spellings, `A / B`, or a disambiguation in parentheses. -#}
typed as (

    select
        {{ parsed_columns(parsed) }},
        {{ unparseable_reason(parsed) }} as _unparseable_reason,
        cast(team_abbr as {{ dbt.type_string() }}) as team_abbr,
        cast(player_name as {{ dbt.type_string() }}) as player_name,
        cast(action as {{ dbt.type_string() }}) as action,
        cast(notes as {{ dbt.type_string() }}) as notes,
        trim({{ regexp_replace_all(split_part_or_null('player_name', ' / ', 1), '\\(.*\\)', '') }}) as first_spelling,
        trim({{ regexp_replace_all(split_part_or_null('player_name', ' / ', 2), '\\(.*\\)', '') }}) as second_spelling
    from raw_injuries

),

final as (

    select
        transaction_date, team_abbr, player_name, first_spelling, second_spelling, action, notes,
        case
            when _unparseable_reason is not null then _unparseable_reason
            when player_name is null or action is null then 'missing_key'
            when transaction_date is null then 'unparseable_transaction_date'
        end as record_reason,
        case
            when action not in ('out', 'returned') then 'unknown_action'
        end as value_reason
    from typed

)

select * from final
