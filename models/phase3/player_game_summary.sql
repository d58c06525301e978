{{ config(**window_incremental_config(cluster_by=['player_id', 'team_abbr'])) }}
{#- One row per player per game (active and DNP rows): the box score with derived rates and,
    where the per-game zone feed exists, shot-zone attempts. A row needs only its own game, so
    a window build of an existing table recomputes and replaces just the window's games; the
    first build writes every game, the history later models read before their window. -#}
with box as (

    select * from {{ ref('int_player_boxscores__clean') }}
    {%- if is_incremental() %}
    where {{ in_build_window('game_date') }}
    {%- endif %}

),

team_box as (

    select * from {{ ref('int_team_boxscores__clean') }}

),

zones as (

    select * from {{ ref('int_player_shot_zones__clean') }}

),

joined as (

    select
        box.*,
        team_box.fga as team_fga,
        team_box.fta as team_fta,
        team_box.tov as team_tov,
        team_box.minutes as team_minutes,
        team_box.won as team_won,
        zones.ra_fga + zones.paint_nonra_fga as paint_attempts,
        zones.ra_fgm + zones.paint_nonra_fgm as paint_makes,
        zones.mid_fga as mid_range_attempts,
        zones.mid_fgm as mid_range_makes,
        zones.corner3_fga + zones.above_break3_fga as zone_three_attempts,
        zones.game_id is not null as has_shot_zones
    from box
    left join team_box
        on team_box.game_id = box.game_id
        and team_box.team_abbr = box.team_abbr
    left join zones
        on zones.game_id = box.game_id
        and zones.player_id = box.player_id

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
