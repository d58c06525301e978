{{ config(**game_date_table_config(cluster_by=['defending_team_abbr'])) }}
{#- One row per defending team per game: what the opponent scored and shot against it. -#}
with int_team_boxscores__clean as (

    select * from {{ ref('int_team_boxscores__clean') }}

),

int_player_shot_zones__clean as (

    select * from {{ ref('int_player_shot_zones__clean') }}

),

opponent_zones as (

    select
        game_id,
        team_abbr as shooting_team_abbr,
        sum(ra_fga + paint_nonra_fga) as paint_attempts,
        sum(ra_fgm + paint_nonra_fgm) as paint_makes,
        sum(mid_fga) as mid_range_attempts,
        sum(mid_fgm) as mid_range_makes
    from int_player_shot_zones__clean
    group by game_id, team_abbr

),

final as (

    select
        defense.team_abbr as defending_team_abbr,
        defense.game_id,
        defense.game_date,
        defense.season,
        defense.season_type,
        offense.team_abbr as opponent_abbr,
        defense.is_home,
        offense.points as points_allowed,
        offense.fgm as opp_fgm,
        offense.fga as opp_fga,
        offense.fg3m as opp_fg3m,
        offense.fg3a as opp_fg3a,
        offense.fgm - offense.fg3m as opp_fg2m,
        offense.fga - offense.fg3a as opp_fg2a,
        offense.ftm as opp_ftm,
        offense.fta as opp_fta,
        offense.tov as turnovers_forced,
        opponent_zones.paint_attempts as opp_paint_attempts,
        opponent_zones.paint_makes as opp_paint_makes,
        opponent_zones.mid_range_attempts as opp_mid_range_attempts,
        opponent_zones.mid_range_makes as opp_mid_range_makes,
        offense.fga + 0.44 * offense.fta + offense.tov - offense.oreb as opponent_possessions,
        {{ safe_div('100.0 * offense.points', 'offense.fga + 0.44 * offense.fta + offense.tov - offense.oreb') }} as defensive_rating,
        {{ safe_div('(offense.fga + 0.44 * offense.fta + offense.tov - offense.oreb) * 48.0', 'offense.minutes / 5.0') }} as opponent_pace,
        defense.won as win_flag
    from int_team_boxscores__clean as defense
    inner join int_team_boxscores__clean as offense
        on offense.game_id = defense.game_id
        and offense.team_abbr = defense.opponent_abbr
    left join opponent_zones
        on opponent_zones.game_id = defense.game_id
        and opponent_zones.shooting_team_abbr = offense.team_abbr

)

select * from final
