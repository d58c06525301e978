{{ config(**window_incremental_config(cluster_by=['player_id'])) }}
{#- Expected minutes and role of each universe row (player, game date D), from his played games
    strictly before D within 365 days: the last-N windows take this season's latest games and,
    when this season has fewer than N, the previous season's latest ones (labelled
    prior_season); the season window is this season's games, filled with the previous season's
    latest up to var prior_season_fill_games. Shares divide the player's totals by his team's
    totals in the same games (team_offense_game_summary). team_games_missed_since_last_played
    counts the games his side of D played (team box scores) after his latest played game. -#}
{%- set fill = var('prior_season_fill_games') -%}
{%- set season_window = '(game_season = season or (game_season = season - 1 and recency_rank <= ' ~ fill ~ '))' -%}
with universe as (

    select player_id, game_date, season, team_abbr from {{ ref('int_player_game_universe') }}
    where {{ in_build_window('game_date') }}

),

played as (

    select player_id, game_id, game_date, season, team_abbr, minutes, points, fga, fta
    from {{ ref('player_game_summary') }}
    where is_played

),

team_games as (

    select team_abbr, game_id, game_date, points, fga + 0.44 * fta as shot_attempts
    from {{ ref('team_offense_game_summary') }}

),

history as (

    select
        universe.player_id,
        universe.game_date,
        universe.season,
        played.season as game_season,
        played.game_date as played_date,
        played.minutes,
        played.points,
        played.fga + 0.44 * played.fta as shot_attempts,
        team_games.points as team_points,
        team_games.shot_attempts as team_shot_attempts,
        row_number() over (
            partition by universe.player_id, universe.game_date
            order by played.game_date desc, played.game_id desc
        ) as recency_rank
    from universe
    inner join played
        on played.player_id = universe.player_id
        and played.game_date < universe.game_date
        and played.game_date >= {{ dbt.dateadd('day', -365, 'universe.game_date') }}
        and played.season >= universe.season - 1
    left join team_games
        on team_games.game_id = played.game_id
        and team_games.team_abbr = played.team_abbr

),

aggregated as (

    select
        player_id,
        game_date,
        max(played_date) as last_played_date,
        count(case when recency_rank <= 10 then 1 end) as games_last_10,
        {{ stable_avg('case when recency_rank <= 3 then minutes end') }} as minutes_avg_last_3,
        {{ stable_avg('case when recency_rank <= 10 then minutes end') }} as minutes_avg_last_10,
        {{ stable_avg('case when recency_rank <= 10 then points end') }} as points_avg_last_10,
        {{ stable_avg('case when recency_rank <= 10 then shot_attempts end') }} as shot_attempts_avg_last_10,
        avg(case when recency_rank <= 10 then case when minutes >= 30 then 1.0 else 0.0 end end) as share_30_minute_games_last_10,
        {{ stable_sum('case when recency_rank <= 10 and team_shot_attempts is not null then shot_attempts end') }} as shot_attempts_last_10,
        {{ stable_sum('case when recency_rank <= 10 then team_shot_attempts end') }} as team_shot_attempts_last_10,
        sum(case when recency_rank <= 10 and team_points is not null then points end) as points_last_10,
        sum(case when recency_rank <= 10 then team_points end) as team_points_last_10,
        {{ stable_sum('case when ' ~ season_window ~ ' and team_shot_attempts is not null then shot_attempts end') }} as shot_attempts_season,
        {{ stable_sum('case when ' ~ season_window ~ ' then team_shot_attempts end') }} as team_shot_attempts_season,
        sum(case when {{ season_window }} and team_points is not null then points end) as points_season,
        sum(case when {{ season_window }} then team_points end) as team_points_season,
        max(case when recency_rank <= 3 and game_season < season then 1 else 0 end) as last_3_has_prior_season,
        max(case when recency_rank <= 10 and game_season < season then 1 else 0 end) as last_10_has_prior_season,
        max(case when {{ season_window }} and game_season < season then 1 else 0 end) as season_has_prior_season
    from history
    group by player_id, game_date

),

absences as (

    select
        universe.player_id,
        universe.game_date,
        count(team_games.game_id) as team_games_missed
    from universe
    inner join aggregated
        on aggregated.player_id = universe.player_id
        and aggregated.game_date = universe.game_date
    left join team_games
        on team_games.team_abbr = universe.team_abbr
        and team_games.game_date > aggregated.last_played_date
        and team_games.game_date < universe.game_date
    group by universe.player_id, universe.game_date

),

shares as (

    select
        universe.player_id,
        universe.game_date,
        aggregated.games_last_10,
        aggregated.minutes_avg_last_3,
        aggregated.minutes_avg_last_10,
        aggregated.share_30_minute_games_last_10,
        aggregated.points_avg_last_10,
        aggregated.shot_attempts_avg_last_10,
        absences.team_games_missed,
        {{ safe_div('aggregated.shot_attempts_last_10', 'aggregated.team_shot_attempts_last_10') }} as shot_attempt_share_last_10,
        {{ safe_div('aggregated.points_last_10', 'aggregated.team_points_last_10') }} as points_share_last_10,
        {{ safe_div('aggregated.shot_attempts_season', 'aggregated.team_shot_attempts_season') }} as shot_attempt_share_season,
        {{ safe_div('aggregated.points_season', 'aggregated.team_points_season') }} as points_share_season,
        case when aggregated.last_3_has_prior_season = 1 then 'prior_season' end as last_3_source,
        case when aggregated.last_10_has_prior_season = 1 then 'prior_season' end as last_10_source,
        case when aggregated.last_10_has_prior_season = 1 or aggregated.season_has_prior_season = 1 then 'prior_season' end as season_source,
        case when aggregated.player_id is null then 'no_games_before_date' end as no_games_reason
    from universe
    left join aggregated
        on aggregated.player_id = universe.player_id
        and aggregated.game_date = universe.game_date
    left join absences
        on absences.player_id = universe.player_id
        and absences.game_date = universe.game_date

),

final as (

    select
        player_id,
        game_date,
        games_last_10,
        minutes_avg_last_10,
        points_avg_last_10,
        shot_attempts_avg_last_10,
        minutes_avg_last_3,
        last_3_source as minutes_avg_last_3_source,
        no_games_reason as minutes_avg_last_3_default_reason,
        case when games_last_10 >= 4 then minutes_avg_last_3 - minutes_avg_last_10 end as minutes_trend_last_3_vs_10,
        last_10_source as minutes_trend_last_3_vs_10_source,
        coalesce(no_games_reason, case when games_last_10 < 4 then 'fewer_than_4_games' end) as minutes_trend_last_3_vs_10_default_reason,
        share_30_minute_games_last_10,
        last_10_source as share_30_minute_games_last_10_source,
        no_games_reason as share_30_minute_games_last_10_default_reason,
        cast(team_games_missed as {{ type_double() }}) as team_games_missed_since_last_played,
        no_games_reason as team_games_missed_since_last_played_default_reason,
        shot_attempt_share_last_10,
        last_10_source as shot_attempt_share_last_10_source,
        coalesce(no_games_reason, case when shot_attempt_share_last_10 is null then 'no_team_shot_attempts' end) as shot_attempt_share_last_10_default_reason,
        points_share_last_10,
        last_10_source as points_share_last_10_source,
        coalesce(no_games_reason, case when points_share_last_10 is null then 'no_team_points' end) as points_share_last_10_default_reason,
        shot_attempt_share_last_10 - shot_attempt_share_season as shot_attempt_share_vs_season,
        season_source as shot_attempt_share_vs_season_source,
        coalesce(no_games_reason, case when shot_attempt_share_last_10 is null or shot_attempt_share_season is null then 'no_team_shot_attempts' end) as shot_attempt_share_vs_season_default_reason,
        points_share_last_10 - points_share_season as points_share_vs_season,
        season_source as points_share_vs_season_source,
        coalesce(no_games_reason, case when points_share_last_10 is null or points_share_season is null then 'no_team_points' end) as points_share_vs_season_default_reason
    from shares

)

select * from final
