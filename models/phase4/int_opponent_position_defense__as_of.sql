{{ config(**window_incremental_config(cluster_by=['player_id'])) }}
{#- What the opponent allows the player's position, as of each universe row (player, game date
    D, opponent): points scored against it by players of his position (G/F/C,
    stg_nba__player_seasons of the game's season) per 100 of its opponents' possessions over its
    last 10 games before D that have positions (within 365 days; needs 5), minus the league's
    same rate over every team's games with positions in the 365 days before D. The player's
    position is that of the latest season up to D's season that has one (a roster attribute,
    known before the games). Positions exist only since 2021-22: earlier rows default. -#}
with universe as (

    select player_id, game_date, season, opponent_abbr
    from {{ ref('int_player_game_universe') }}
    where {{ in_build_window('game_date') }}

),

positions as (

    select player_id, season, position
    from {{ ref('stg_nba__player_seasons') }}
    where position in ('G', 'F', 'C')

),

box as (

    select player_id, game_id, season, opponent_abbr, points
    from {{ ref('player_game_summary') }}
    where is_played

),

defense_games as (

    select defending_team_abbr, game_id, game_date, opponent_possessions
    from {{ ref('team_defense_game_summary') }}
    where opponent_possessions > 0

),

-- points each defence allowed per position in each game; games without any known position
-- (seasons before the feed has them) drop out here
position_points as (

    select
        box.opponent_abbr as defending_team_abbr,
        box.game_id,
        positions.position,
        sum(box.points) as points_allowed
    from box
    inner join positions
        on positions.player_id = box.player_id
        and positions.season = box.season
    group by box.opponent_abbr, box.game_id, positions.position

),

position_games as (

    select
        defense_games.defending_team_abbr,
        defense_games.game_id,
        defense_games.game_date,
        defense_games.opponent_possessions,
        position_list.position,
        coalesce(position_points.points_allowed, 0) as points_allowed
    from defense_games
    inner join (select distinct scored.defending_team_abbr, scored.game_id from position_points as scored) as known
        on known.defending_team_abbr = defense_games.defending_team_abbr
        and known.game_id = defense_games.game_id
    cross join (select 'G' as position union all select 'F' union all select 'C') as position_list
    left join position_points
        on position_points.defending_team_abbr = defense_games.defending_team_abbr
        and position_points.game_id = defense_games.game_id
        and position_points.position = position_list.position

),

player_position as (

    select player_id, game_date, position
    from (
        select
            universe.player_id,
            universe.game_date,
            positions.position,
            row_number() over (
                partition by universe.player_id, universe.game_date
                order by positions.season desc
            ) as recency_rank
        from universe
        inner join positions
            on positions.player_id = universe.player_id
            and positions.season <= universe.season
    ) as ranked
    where recency_rank = 1

),

opponent_dates as (

    select distinct opponent_abbr, game_date from universe

),

opponent_history as (

    select
        opponent_dates.opponent_abbr,
        opponent_dates.game_date,
        position_games.position,
        position_games.points_allowed,
        position_games.opponent_possessions,
        dense_rank() over (
            partition by opponent_dates.opponent_abbr, opponent_dates.game_date
            order by position_games.game_date desc, position_games.game_id desc
        ) as recency_rank
    from opponent_dates
    inner join position_games
        on position_games.defending_team_abbr = opponent_dates.opponent_abbr
        and position_games.game_date < opponent_dates.game_date
        and position_games.game_date >= {{ dbt.dateadd('day', -365, 'opponent_dates.game_date') }}

),

opponent_rates as (

    select
        opponent_abbr,
        game_date,
        position,
        count(*) as opponent_games,
        100.0 * sum(points_allowed) / {{ stable_sum('opponent_possessions') }} as points_per_100
    from opponent_history
    where recency_rank <= 10
    group by opponent_abbr, game_date, position

),

league_dates as (

    select distinct game_date from universe

),

league_rates as (

    select
        league_dates.game_date,
        position_games.position,
        100.0 * sum(position_games.points_allowed) / {{ stable_sum('position_games.opponent_possessions') }} as points_per_100
    from league_dates
    inner join position_games
        on position_games.game_date < league_dates.game_date
        and position_games.game_date >= {{ dbt.dateadd('day', -365, 'league_dates.game_date') }}
    group by league_dates.game_date, position_games.position

),

final as (

    select
        universe.player_id,
        universe.game_date,
        universe.opponent_abbr,
        player_position.position as player_position,
        coalesce(opponent_rates.opponent_games, 0) as opponent_games_with_positions,
        cast(case when opponent_rates.opponent_games >= 5
            then opponent_rates.points_per_100 - league_rates.points_per_100 end as {{ type_double() }})
            as opponent_points_allowed_to_position_vs_league,
        case
            when player_position.position is null then 'no_player_position'
            when not coalesce(opponent_rates.opponent_games, 0) >= 5 then 'fewer_than_5_opponent_games'
        end as opponent_points_allowed_to_position_vs_league_default_reason
    from universe
    left join player_position
        on player_position.player_id = universe.player_id
        and player_position.game_date = universe.game_date
    left join opponent_rates
        on opponent_rates.opponent_abbr = universe.opponent_abbr
        and opponent_rates.game_date = universe.game_date
        and opponent_rates.position = player_position.position
    left join league_rates
        on league_rates.game_date = universe.game_date
        and league_rates.position = player_position.position

)

select * from final
