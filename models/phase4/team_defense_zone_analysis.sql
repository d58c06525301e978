{{ config(**window_incremental_config(cluster_by=['team_abbr'])) }}
{#- Team defence before each game date (team, analysis_date = D), strictly earlier games:
    last 15 games within 365 days (needs 5): defensive rating, pace of those games, and two- and
    three-point percentage allowed against the league.
    - The league reference is every team with a game in the 365 days before D, each over the
      same window as the team's own (mean over teams that qualify): it does not depend on which
      teams play on D, so a game added to or removed from the slate changes no other game's row.
    - A window holding fewer than 15 games that reaches before the first date of the data is
      default (`window_before_data_start`): the missing games may exist, the data does not. -#}
with int_team_form__as_of as (

    select team_abbr, game_date from {{ ref('int_team_form__as_of') }}
    where {{ in_build_window('game_date') }}

),

team_defense_game_summary as (

    select * from {{ ref('team_defense_game_summary') }}

),

slate_dates as (

    select distinct game_date from int_team_form__as_of

),

team_dates as (

    select distinct team_abbr, game_date from int_team_form__as_of

),

data_start as (

    select min(game_date) as first_game_date from team_defense_game_summary

),

{#- Every team's window on every slate date, whether it plays that day or not. -#}
history as (

    select
        team_defense_game_summary.defending_team_abbr as team_abbr,
        slate_dates.game_date,
        team_defense_game_summary.defensive_rating,
        team_defense_game_summary.opponent_pace,
        team_defense_game_summary.points_allowed,
        team_defense_game_summary.opp_fg2m,
        team_defense_game_summary.opp_fg2a,
        team_defense_game_summary.opp_fg3m,
        team_defense_game_summary.opp_fg3a,
        row_number() over (
            partition by team_defense_game_summary.defending_team_abbr, slate_dates.game_date
            order by team_defense_game_summary.game_date desc, team_defense_game_summary.game_id desc
        ) as recency_rank
    from slate_dates
    inner join team_defense_game_summary
        on team_defense_game_summary.game_date < slate_dates.game_date
        and team_defense_game_summary.game_date >= {{ dbt.dateadd('day', -365, 'slate_dates.game_date') }}

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

windows as (

    select
        aggregated.*,
        aggregated.games_in_sample < 15
            and {{ dbt.dateadd('day', -365, 'aggregated.game_date') }} < data_start.first_game_date
            as is_before_data_start
    from aggregated
    cross join data_start

),

league as (

    select
        game_date,
        count(*) as qualified_teams,
        {{ stable_avg('two_pt_pct_allowed') }} as league_two_pt_pct,
        {{ stable_avg('three_pt_pct_allowed') }} as league_three_pt_pct
    from windows
    where games_in_sample >= 5 and not is_before_data_start
    group by game_date

),

qualified as (

    select
        team_dates.team_abbr,
        team_dates.game_date,
        coalesce(windows.games_in_sample, 0) as games_in_sample,
        case
            when not coalesce(windows.games_in_sample, 0) >= 5 then 'opponent_fewer_than_5_games'
            when windows.is_before_data_start then 'window_before_data_start'
        end as default_reason,
        windows.defensive_rating,
        windows.opponent_pace,
        windows.opponent_points_per_game,
        windows.two_pt_pct_allowed,
        windows.three_pt_pct_allowed
    from team_dates
    left join windows
        on windows.team_abbr = team_dates.team_abbr
        and windows.game_date = team_dates.game_date

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
        coalesce(league.qualified_teams, 0) as qualified_teams,
        case when qualified.default_reason is null then qualified.defensive_rating end as defensive_rating_last_15,
        qualified.default_reason as defensive_rating_last_15_default_reason,
        case when qualified.default_reason is null then qualified.opponent_pace end as opponent_pace_last_15,
        qualified.default_reason as opponent_pace_last_15_default_reason,
        case when qualified.default_reason is null then 100.0 * (qualified.two_pt_pct_allowed - league.league_two_pt_pct) end as two_pt_defense_vs_league_avg,
        case when qualified.default_reason is null then 100.0 * (qualified.three_pt_pct_allowed - league.league_three_pt_pct) end as three_pt_defense_vs_league_avg,
        qualified.default_reason as defense_vs_league_default_reason
    from qualified
    left join league on league.game_date = qualified.game_date

)

select * from final
