{#- Typed injury log, names resolved to ids (the source sometimes lists two spellings,
    `A / B`, or a disambiguation in parentheses), with a quarantine_reason per row. -#}
{#- Non-text columns, read per value (macros/quarantine.sql). -#}
{%- set parsed = [['transaction_date', 'date']] -%}

with source as (

    select * from {{ source('nba_raw', 'injuries') }}
    {{ known_raw_rows('injuries') }}

),

teams as (

    select team_abbr from {{ source('nba_raw', 'teams') }}

),

name_index as (

    select * from {{ ref('stg_nba__player_name_index') }}

),

player_team_seasons as (

    select distinct player_id, team_abbr, season
    from {{ ref('stg_nba__player_boxscores') }}

),

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
    from source

),

{#- A name several players share resolves to the one who played for the listed team in the
    transaction's season or the one before. -#}
disambiguated as (

    select
        typed.player_name,
        typed.team_abbr,
        typed.transaction_date,
        min(name_index.player_id) as player_id
    from typed
    inner join name_index
        on name_index.match_rule = 'normalized_name'
        and name_index.candidate_count > 1
        and name_index.lookup_name = {{ normalize_person_name('typed.first_spelling') }}
    inner join player_team_seasons
        on player_team_seasons.player_id = name_index.player_id
        and player_team_seasons.team_abbr = typed.team_abbr
        and player_team_seasons.season between {{ season_of_date('typed.transaction_date') }} - 1
            and {{ season_of_date('typed.transaction_date') }}
    group by typed.player_name, typed.team_abbr, typed.transaction_date
    having count(distinct name_index.player_id) = 1

),

resolved as (

    select
        typed.*,
        coalesce(
            {{ resolved_player_id('first_') }},
            {{ resolved_player_id('second_') }},
            disambiguated.player_id
        ) as player_id,
        {{ name_is_ambiguous('first_') }} as is_ambiguous_name,
        typed.team_abbr in (select team_abbr from teams) as _team_known
    from typed
    {{ resolve_player_name_joins('typed', 'first_spelling', 'first_') }}
    {{ resolve_player_name_joins('typed', 'second_spelling', 'second_') }}
    left join disambiguated
        on disambiguated.player_name = typed.player_name
        and disambiguated.team_abbr = typed.team_abbr
        and disambiguated.transaction_date = typed.transaction_date

),

final as (

    select
        transaction_date, team_abbr, player_name, player_id, action, notes,
        case
            when _unparseable_reason is not null then _unparseable_reason
            when player_name is null or action is null then 'missing_key'
            when transaction_date is null then 'unparseable_transaction_date'
            when not _team_known then 'unknown_team'
            when action not in ('out', 'returned') then 'unknown_action'
            when player_id is null and is_ambiguous_name then 'ambiguous_player_name'
            when player_id is null then 'unresolved_player_name'
        end as quarantine_reason
    from resolved

)

select * from final
