{{ config(**window_incremental_config(cluster_by=['player_id', 'team_abbr'])) }}
{#- One row per player per game (active and DNP rows): the box score with derived rates and,
    where the per-game zone feed exists, shot-zone attempts. A row needs only its own game, so
    a window build of an existing table recomputes and replaces just the window's games; the
    first build writes every game, the history later models read before their window. -#}
with int_player_boxscores__clean as (

    select * from {{ ref('int_player_boxscores__clean') }}
    {%- if is_incremental() %}
    where {{ in_build_window('game_date') }}
    {%- endif %}

),

int_team_boxscores__clean as (

    select * from {{ ref('int_team_boxscores__clean') }}

),

int_player_shot_zones__clean as (

    select * from {{ ref('int_player_shot_zones__clean') }}

),

joined as (

    select
        int_player_boxscores__clean.*,
        int_team_boxscores__clean.fga as team_fga,
        int_team_boxscores__clean.fta as team_fta,
        int_team_boxscores__clean.tov as team_tov,
        int_team_boxscores__clean.minutes as team_minutes,
        int_team_boxscores__clean.won as team_won,
        int_player_shot_zones__clean.ra_fga + int_player_shot_zones__clean.paint_nonra_fga as paint_attempts,
        int_player_shot_zones__clean.ra_fgm + int_player_shot_zones__clean.paint_nonra_fgm as paint_makes,
        int_player_shot_zones__clean.mid_fga as mid_range_attempts,
        int_player_shot_zones__clean.mid_fgm as mid_range_makes,
        int_player_shot_zones__clean.corner3_fga + int_player_shot_zones__clean.above_break3_fga as zone_three_attempts,
        int_player_shot_zones__clean.game_id is not null as has_shot_zones
    from int_player_boxscores__clean
    left join int_team_boxscores__clean
        on int_team_boxscores__clean.game_id = int_player_boxscores__clean.game_id
        and int_team_boxscores__clean.team_abbr = int_player_boxscores__clean.team_abbr
    left join int_player_shot_zones__clean
        on int_player_shot_zones__clean.game_id = int_player_boxscores__clean.game_id
        and int_player_shot_zones__clean.player_id = int_player_boxscores__clean.player_id

),

final as (

    select
        player_id,
        player_name,
        game_id,
        game_date,
        season,
        season_type,
        team_abbr,
        opponent_abbr,
        is_home,
        status,
        status = 'active' as is_active,
        status = 'dnp' as is_dnp,
        status = 'active' and (minutes > 0 or points > 0) as is_played,
        minutes,
        points, fgm, fga, fg3m, fg3a, ftm, fta, oreb, dreb, reb, ast, stl, blk, tov, pf, plus_minus,
        case
            when minutes > 0 and team_minutes > 0
                and 100.0 * (fga + 0.44 * fta + tov) * (team_minutes / 5.0)
                    / nullif(minutes * (team_fga + 0.44 * team_fta + team_tov), 0) <= 100
            then 100.0 * (fga + 0.44 * fta + tov) * (team_minutes / 5.0)
                / nullif(minutes * (team_fga + 0.44 * team_fta + team_tov), 0)
        end as usage_rate,
        {{ safe_div('points', '2.0 * (fga + 0.44 * fta)') }} as ts_pct,
        {{ safe_div('fgm + 0.5 * fg3m', 'fga') }} as efg_pct,
        paint_attempts,
        paint_makes,
        mid_range_attempts,
        mid_range_makes,
        zone_three_attempts,
        has_shot_zones,
        team_won as win_flag
    from joined

)

select * from final
