{{ config(**game_date_table_config(cluster_by=['team_abbr'])) }}
{#- One row per team per game (all season types): possessions, offensive rating and pace. -#}
with int_team_boxscores__clean as (

    select * from {{ ref('int_team_boxscores__clean') }}

),

final as (

    select
        team_abbr,
        game_id,
        game_date,
        season,
        season_type,
        opponent_abbr,
        is_home,
        minutes,
        points,
        fgm, fga, fg3m, fg3a, ftm, fta, oreb, dreb, reb, ast, stl, blk, tov, pf,
        fga + 0.44 * fta + tov - oreb as possessions,
        {{ safe_div('100.0 * points', 'fga + 0.44 * fta + tov - oreb') }} as offensive_rating,
        {{ safe_div('(fga + 0.44 * fta + tov - oreb) * 48.0', 'minutes / 5.0') }} as pace,
        won as win_flag
    from int_team_boxscores__clean

)

select * from final
