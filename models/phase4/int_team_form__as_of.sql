{{ config(**window_incremental_config(cluster_by=['team_abbr'])) }}
{#- Team form before each game date in the window, for both sides of every scheduled game:
    pace and offensive rating over the last 10 games (within 365 days, across seasons) and the
    season win record. Strictly earlier games only. -#}
with schedule as (

    select * from {{ ref('stg_nba__schedule') }}
    where {{ in_build_window('game_date') }}

),

team_games as (

    select * from {{ ref('team_offense_game_summary') }}

),

team_dates as (

    select distinct team_abbr, game_date, season
    from (
        select home_team_abbr as team_abbr, game_date, season from schedule
        union all
        select away_team_abbr, game_date, season from schedule
    ) as sides

),

history as (

    select
        team_dates.team_abbr,
        team_dates.game_date,
        team_dates.season,
        team_games.season as game_season,
        team_games.pace,
        team_games.offensive_rating,
        team_games.win_flag,
        row_number() over (
            partition by team_dates.team_abbr, team_dates.game_date
            order by team_games.game_date desc, team_games.game_id desc
        ) as recency_rank
    from team_dates
    inner join team_games
        on team_games.team_abbr = team_dates.team_abbr
        and team_games.game_date < team_dates.game_date
        and team_games.game_date >= {{ dbt.dateadd('day', -365, 'team_dates.game_date') }}

),

aggregated as (

    select
        team_abbr,
        game_date,
        count(case when recency_rank <= 10 then 1 end) as games_last_10,
        {{ stable_avg('case when recency_rank <= 10 then pace end') }} as pace_last_10,
        {{ stable_avg('case when recency_rank <= 10 then offensive_rating end') }} as off_rating_last_10,
        count(case when game_season = season then 1 end) as games_season,
        sum(case when game_season = season and win_flag then 1 else 0 end) as wins_season
    from history
    group by team_abbr, game_date

),

final as (

    select
        team_dates.team_abbr,
        team_dates.game_date,
        coalesce(aggregated.games_last_10, 0) as games_last_10,
        case when aggregated.games_last_10 >= 3 then aggregated.pace_last_10 end as pace_last_10,
        case when aggregated.games_last_10 >= 3 then aggregated.off_rating_last_10 end as off_rating_last_10,
        coalesce(aggregated.games_season, 0) as games_season,
        coalesce(aggregated.wins_season, 0) as wins_season,
        {{ safe_div('aggregated.wins_season', 'aggregated.games_season') }} as win_pct_season
    from team_dates
    left join aggregated
        on aggregated.team_abbr = team_dates.team_abbr
        and aggregated.game_date = team_dates.game_date

)

select * from final
