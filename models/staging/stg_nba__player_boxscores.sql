{#- Every raw player box score, typed, with the reasons it breaks the contract on its own
    (record_reason, value_reason; NULL = none). The checks against other tables (known teams)
    and the clean rows are in phase3/checked (int_player_boxscores__checked). -#}
{%- set stats = box_score_stats() -%}
{#- Non-text columns, read per value (macros/quarantine.sql). -#}
{%- set parsed = [['game_date', 'date'], ['season', dbt.type_bigint()], ['is_home', 'boolean'],
    ['player_id', dbt.type_bigint()], ['minutes', type_double()]] -%}
{%- for s in stats + ['plus_minus'] %}{% do parsed.append([s, dbt.type_bigint()]) %}{% endfor -%}

with raw_player_boxscores as (

    select * from {{ source('nba_raw', 'player_boxscores') }}
    {{ known_raw_rows('player_boxscores') }}

),

typed as (

    select
        cast(game_id as {{ dbt.type_string() }}) as game_id,
        cast(season_type as {{ dbt.type_string() }}) as season_type,
        cast(team_abbr as {{ dbt.type_string() }}) as team_abbr,
        cast(opponent_abbr as {{ dbt.type_string() }}) as opponent_abbr,
        cast(player_name as {{ dbt.type_string() }}) as player_name,
        cast(status as {{ dbt.type_string() }}) as status,
        {{ parsed_columns(parsed) }},
        {{ unparseable_reason(parsed) }} as _unparseable_reason
    from raw_player_boxscores

),

flagged as (

    select
        typed.*,
        {{ duplicate_flags(['game_id', 'player_id'], ['game_date', 'team_abbr', 'opponent_abbr', 'status', 'minutes'] + stats) }},
        min(typed.team_abbr) over (partition by typed.game_id, typed.player_id)
            != max(typed.team_abbr) over (partition by typed.game_id, typed.player_id) as _on_both_teams
    from typed

),

final as (

    select
        game_id, game_date, season, season_type, team_abbr, opponent_abbr, is_home,
        player_id, player_name, status, minutes,
        {%- for s in stats %}
        {{ s }},
        {%- endfor %}
        plus_minus,
        case
            when _unparseable_reason is not null then _unparseable_reason
            when game_id is null or player_id is null then 'missing_key'
            when game_date is null then 'unparseable_game_date'
            when _on_both_teams then 'player_on_both_teams'
            {{ duplicate_reason_whens() }}
        end as record_reason,
        case
            when status not in ('active', 'dnp') then 'unknown_status'
            when {{ any_negative(stats + ['minutes']) }} then 'negative_stat'
            {#- Minutes are rounded: 22 real rows score 1-3 points in "0" minutes; more is not possible. -#}
            when minutes = 0 and points > 4 then 'points_without_minutes'
            when status = 'active' and points is null then 'missing_points'
            when points != 2 * fgm + fg3m + ftm then 'points_inconsistent_with_makes'
            when fgm > fga or fg3m > fg3a or ftm > fta or fg3a > fga then 'makes_exceed_attempts'
        end as value_reason
    from flagged

)

select * from final
