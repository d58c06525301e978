{{ config(**window_incremental_config(cluster_by=['team_abbr'])) }}
{#- Team defence before each game date (team, analysis_date = D), strictly earlier games:
    last 15 games within 365 days (needs 5): defensive rating, pace of those games, and two- and
    three-point percentage allowed against the league (mean over teams with 5+ games that day). -#}
with team_dates as (

    select distinct team_abbr, game_date from {{ ref('int_team_form__as_of') }}
    where {{ in_build_window('game_date') }}

),

defense_games as (

    select * from {{ ref('team_defense_game_summary') }}

),

history as (

    select
        team_dates.team_abbr,
        team_dates.game_date,
        defense_games.defensive_rating,
        defense_games.opponent_pace,
        defense_games.points_allowed,
        defense_games.opp_fg2m,
        defense_games.opp_fg2a,
        defense_games.opp_fg3m,
        defense_games.opp_fg3a,
        row_number() over (
            partition by team_dates.team_abbr, team_dates.game_date
            order by defense_games.game_date desc, defense_games.game_id desc
        ) as recency_rank
    from team_dates
    inner join defense_games
        on defense_games.defending_team_abbr = team_dates.team_abbr
        and defense_games.game_date < team_dates.game_date
        and defense_games.game_date >= {{ dbt.dateadd('day', -365, 'team_dates.game_date') }}

),

aggregated as (

    select
        team_abbr,
        game_date,
        count(*) as games_in_sample,
        {{ stable_avg('defensive_rating') }} as defensive_rating,
        {{ stable_avg('opponent_pace') }} as opponent_pace,
        avg(points_allowed) as opponent_points_per_game,
        {{ safe_div('1.0 * sum(opp_fg2m)', 'sum(opp_fg2a)') }} as two_pt_pct_allowed,
        {{ safe_div('1.0 * sum(opp_fg3m)', 'sum(opp_fg3a)') }} as three_pt_pct_allowed
    from history
    where recency_rank <= 15
    group by team_abbr, game_date

),

qualified as (

    select
        team_dates.team_abbr,
        team_dates.game_date,
        coalesce(aggregated.games_in_sample, 0) as games_in_sample,
        coalesce(aggregated.games_in_sample, 0) >= 5 as is_qualified,
        aggregated.defensive_rating,
        aggregated.opponent_pace,
        aggregated.opponent_points_per_game,
        aggregated.two_pt_pct_allowed,
        aggregated.three_pt_pct_allowed
    from team_dates
    left join aggregated
        on aggregated.team_abbr = team_dates.team_abbr
        and aggregated.game_date = team_dates.game_date

),

league as (

    select
        game_date,
        count(*) as qualified_teams,
        {{ stable_avg('two_pt_pct_allowed') }} as league_two_pt_pct,
        {{ stable_avg('three_pt_pct_allowed') }} as league_three_pt_pct
    from qualified
    where is_qualified
    group by game_date

),

final as (

    select
        qualified.team_abbr,
        qualified.game_date as analysis_date,
        qualified.game_date,
        qualified.games_in_sample,
        qualified.opponent_points_per_game,
        qualified.two_pt_pct_allowed,
        qualified.three_pt_pct_allowed,
        league.qualified_teams,
        case when qualified.is_qualified then qualified.defensive_rating end as defensive_rating_last_15,
        case when not qualified.is_qualified then 'opponent_fewer_than_5_games' end as defensive_rating_last_15_default_reason,
        case when qualified.is_qualified then qualified.opponent_pace end as opponent_pace_last_15,
        case when not qualified.is_qualified then 'opponent_fewer_than_5_games' end as opponent_pace_last_15_default_reason,
        case when qualified.is_qualified then 100.0 * (qualified.two_pt_pct_allowed - league.league_two_pt_pct) end as two_pt_defense_vs_league_avg,
        case when qualified.is_qualified then 100.0 * (qualified.three_pt_pct_allowed - league.league_three_pt_pct) end as three_pt_defense_vs_league_avg
    from qualified
    left join league on league.game_date = qualified.game_date

)

select * from final
