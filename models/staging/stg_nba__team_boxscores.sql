{#- Every raw team box score, typed, with the reasons it breaks the contract on its own
    (record_reason, value_reason; NULL = none). The check against the teams and the clean rows
    are in phase3/checked (int_team_boxscores__checked). -#}
{%- set stats = box_score_stats() -%}
{#- Non-text columns, read per value (macros/quarantine.sql). -#}
{%- set parsed = [['game_date', 'date'], ['season', dbt.type_bigint()], ['is_home', 'boolean'],
    ['minutes', type_double()], ['won', 'boolean']] -%}
{%- for s in stats %}{% do parsed.append([s, dbt.type_bigint()]) %}{% endfor -%}

with raw_team_boxscores as (

    select * from {{ source('nba_raw', 'team_boxscores') }}
    {{ known_raw_rows('team_boxscores') }}

),

typed as (

    select
        cast(game_id as {{ dbt.type_string() }}) as game_id,
        cast(season_type as {{ dbt.type_string() }}) as season_type,
        cast(team_abbr as {{ dbt.type_string() }}) as team_abbr,
        cast(opponent_abbr as {{ dbt.type_string() }}) as opponent_abbr,
        {{ parsed_columns(parsed) }},
        {{ unparseable_reason(parsed) }} as _unparseable_reason
    from raw_team_boxscores

),

flagged as (

    select
        typed.*,
        {{ duplicate_flags(['game_id', 'team_abbr'], ['game_date', 'opponent_abbr', 'is_home', 'minutes', 'won'] + stats) }}
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
        end as record_reason,
        case
            when {{ any_negative(stats + ['minutes']) }} then 'negative_stat'
            when minutes <= 0 then 'no_team_minutes'
            when points != 2 * fgm + fg3m + ftm then 'points_inconsistent_with_makes'
        end as value_reason
    from flagged

)

select * from final
