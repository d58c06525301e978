{#- Every raw schedule row, typed, with the reasons it breaks the contract on its own
    (record_reason, value_reason; NULL = none). The check against the teams and the clean rows
    are in phase3/checked (int_schedule__checked). -#}
{#- Non-text columns, read per value (macros/quarantine.sql). -#}
{%- set parsed = [['game_date', 'date'], ['season', dbt.type_bigint()], ['tipoff_utc', 'timestamp']] -%}

with raw_schedule as (

    select * from {{ source('nba_raw', 'schedule') }}

),

typed as (

    select
        cast(game_id as {{ dbt.type_string() }}) as game_id,
        cast(season_type as {{ dbt.type_string() }}) as season_type,
        cast(home_team_abbr as {{ dbt.type_string() }}) as home_team_abbr,
        cast(away_team_abbr as {{ dbt.type_string() }}) as away_team_abbr,
        {{ parsed_columns(parsed) }},
        {{ unparseable_reason(parsed) }} as _unparseable_reason
    from raw_schedule

),

flagged as (

    select
        typed.*,
        {{ duplicate_flags(['game_id'], ['game_date', 'season_type', 'home_team_abbr', 'away_team_abbr', 'tipoff_utc']) }}
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
        end as record_reason,
        case
            when home_team_abbr = away_team_abbr then 'team_plays_itself'
            when season_type not in ('regular', 'playoffs', 'play_in') then 'unknown_season_type'
        end as value_reason
    from flagged

)

select * from final
