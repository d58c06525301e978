{#- Typed schedule with a quarantine_reason per row (NULL = clean). -#}
{#- Non-text columns, read per value (macros/quarantine.sql). -#}
{%- set parsed = [['game_date', 'date'], ['season', dbt.type_bigint()], ['tipoff_utc', 'timestamp']] -%}

with source as (

    select * from {{ source('nba_raw', 'schedule') }}

),

teams as (

    select team_abbr from {{ source('nba_raw', 'teams') }}

),

typed as (

    select
        cast(game_id as {{ dbt.type_string() }}) as game_id,
        cast(season_type as {{ dbt.type_string() }}) as season_type,
        cast(home_team_abbr as {{ dbt.type_string() }}) as home_team_abbr,
        cast(away_team_abbr as {{ dbt.type_string() }}) as away_team_abbr,
        {{ parsed_columns(parsed) }},
        {{ unparseable_reason(parsed) }} as _unparseable_reason
    from source

),

flagged as (

    select
        typed.*,
        {{ duplicate_flags(['game_id'], ['game_date', 'season_type', 'home_team_abbr', 'away_team_abbr', 'tipoff_utc']) }},
        typed.home_team_abbr in (select team_abbr from teams) and typed.away_team_abbr in (select team_abbr from teams) as _teams_known
    from typed

),

final as (

    select
        game_id, game_date, season, season_type, home_team_abbr, away_team_abbr, tipoff_utc,
        case
            when _unparseable_reason is not null then _unparseable_reason
            when game_id is null then 'missing_key'
            when game_date is null then 'unparseable_game_date'
            {{ duplicate_reason_whens() }}
            when not _teams_known then 'unknown_team'
            when home_team_abbr = away_team_abbr then 'team_plays_itself'
            when season_type not in ('regular', 'playoffs', 'play_in') then 'unknown_season_type'
        end as quarantine_reason
    from flagged

)

select * from final
