{{ config(**window_incremental_config(cluster_by=['team_abbr'])) }}
{#- Team form before each game date in the window, for both sides of every scheduled game:
    pace and offensive rating over the last 10 games (within 365 days, across seasons) and the
    season win record (this season's games; fewer than var `prior_season_fill_games` are filled
    with the latest games of the previous season up to that count, and counted in
    `win_pct_prior_season_games`). Strictly earlier games only. A last-10 window holding fewer
    than 10 games that reaches before the first date of the data is default
    (`window_before_data_start`). -#}
{%- set fill = var('prior_season_fill_games') -%}
{%- set season_window = '(game_season = season or (game_season = season - 1 and recency_rank <= ' ~ fill ~ '))' -%}
with int_schedule__clean as (

    select * from {{ ref('int_schedule__clean') }}
    where {{ in_build_window('game_date') }}

),

team_offense_game_summary as (

    select * from {{ ref('team_offense_game_summary') }}

),

data_start as (

    select min(game_date) as first_game_date from team_offense_game_summary

),

team_dates as (

    select distinct team_abbr, game_date, season
    from (
        select home_team_abbr as team_abbr, game_date, season from int_schedule__clean
        union all
        select away_team_abbr, game_date, season from int_schedule__clean
    ) as sides

),

history as (

    select
        team_dates.team_abbr,
        team_dates.game_date,
        team_dates.season,
        team_offense_game_summary.season as game_season,
        team_offense_game_summary.pace,
        team_offense_game_summary.offensive_rating,
        team_offense_game_summary.win_flag,
        row_number() over (
            partition by team_dates.team_abbr, team_dates.game_date
            order by team_offense_game_summary.game_date desc, team_offense_game_summary.game_id desc
        ) as recency_rank
    from team_dates
    inner join team_offense_game_summary
        on team_offense_game_summary.team_abbr = team_dates.team_abbr
        and team_offense_game_summary.game_date < team_dates.game_date
        and team_offense_game_summary.game_date >= {{ dbt.dateadd('day', -365, 'team_dates.game_date') }}

),

aggregated as (

    select
        team_abbr,
        game_date,
        count(case when recency_rank <= 10 then 1 end) as games_last_10,
        {{ stable_avg('case when recency_rank <= 10 then pace end') }} as pace_last_10,
        {{ stable_avg('case when recency_rank <= 10 then offensive_rating end') }} as off_rating_last_10,
        count(case when game_season = season then 1 end) as games_season,
        sum(case when game_season = season and win_flag then 1 else 0 end) as wins_season,
        count(case when {{ season_window }} then 1 end) as win_pct_window_games,
        sum(case when {{ season_window }} and win_flag then 1 else 0 end) as win_pct_window_wins,
        count(case when {{ season_window }} and game_season < season then 1 end) as win_pct_prior_season_games
    from history
    group by team_abbr, game_date

),

windows as (

    select
        team_dates.team_abbr,
        team_dates.game_date,
        coalesce(aggregated.games_last_10, 0) as games_last_10,
        case
            when not coalesce(aggregated.games_last_10, 0) >= 3 then 'fewer_than_3_team_games'
            when aggregated.games_last_10 < 10
                and {{ dbt.dateadd('day', -365, 'team_dates.game_date') }} < data_start.first_game_date
                then 'window_before_data_start'
        end as last_10_default_reason,
        aggregated.pace_last_10,
        aggregated.off_rating_last_10,
        aggregated.games_season,
        aggregated.wins_season,
        aggregated.win_pct_window_games,
        aggregated.win_pct_window_wins,
        aggregated.win_pct_prior_season_games
    from team_dates
    cross join data_start
    left join aggregated
        on aggregated.team_abbr = team_dates.team_abbr
        and aggregated.game_date = team_dates.game_date

),

final as (

    select
        team_abbr,
        game_date,
        games_last_10,
        case when last_10_default_reason is null then pace_last_10 end as pace_last_10,
        case when last_10_default_reason is null then off_rating_last_10 end as off_rating_last_10,
        last_10_default_reason,
        coalesce(games_season, 0) as games_season,
        coalesce(wins_season, 0) as wins_season,
        {{ safe_div('win_pct_window_wins', 'win_pct_window_games') }} as win_pct_season,
        coalesce(win_pct_prior_season_games, 0) as win_pct_prior_season_games
    from windows

)

select * from final
