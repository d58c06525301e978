{#- Typed team box scores with a quarantine_reason per row (NULL = clean). -#}
{%- set stats = ['points', 'fgm', 'fga', 'fg3m', 'fg3a', 'ftm', 'fta', 'oreb', 'dreb', 'reb', 'ast', 'stl', 'blk', 'tov', 'pf'] -%}
{#- Non-text columns, read per value (macros/quarantine.sql). -#}
{%- set parsed = [['game_date', 'date'], ['season', dbt.type_bigint()], ['is_home', 'boolean'],
    ['minutes', type_double()], ['won', 'boolean']] -%}
{%- for s in stats %}{% do parsed.append([s, dbt.type_bigint()]) %}{% endfor -%}

with source as (

    select * from {{ source('nba_raw', 'team_boxscores') }}
    {{ known_raw_rows('team_boxscores') }}

),

teams as (

    select team_abbr from {{ source('nba_raw', 'teams') }}

),

typed as (

    select
        cast(game_id as {{ dbt.type_string() }}) as game_id,
        cast(season_type as {{ dbt.type_string() }}) as season_type,
        cast(team_abbr as {{ dbt.type_string() }}) as team_abbr,
        cast(opponent_abbr as {{ dbt.type_string() }}) as opponent_abbr,
        {{ parsed_columns(parsed) }},
        {{ unparseable_reason(parsed) }} as _unparseable_reason
    from source

),

flagged as (

    select
        typed.*,
        {{ duplicate_flags(['game_id', 'team_abbr'], ['game_date', 'opponent_abbr', 'is_home', 'minutes', 'won'] + stats) }},
        typed.team_abbr in (select team_abbr from teams) and typed.opponent_abbr in (select team_abbr from teams) as _teams_known
    from typed

),

final as (

    select
        game_id, game_date, season, season_type, team_abbr, opponent_abbr, is_home, minutes,
        {%- for s in stats %}
        {{ s }},
        {%- endfor %}
        won,
        case
            when _unparseable_reason is not null then _unparseable_reason
            when game_id is null or team_abbr is null then 'missing_key'
            when game_date is null then 'unparseable_game_date'
            {{ duplicate_reason_whens() }}
            when not _teams_known then 'unknown_team'
            when {{ any_negative(stats + ['minutes']) }} then 'negative_stat'
            when minutes <= 0 then 'no_team_minutes'
            when points != 2 * fgm + fg3m + ftm then 'points_inconsistent_with_makes'
        end as quarantine_reason
    from flagged

)

select * from final
