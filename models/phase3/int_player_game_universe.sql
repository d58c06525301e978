{{ config(**window_incremental_config(cluster_by=['player_id'])) }}
{#- The player universe for each game date in the build window: one row per (player, game date).
    A game with box scores contributes the players in them (DNP rows included). A game that has
    not been played yet (no team box score) contributes each team's recent rotation: players
    whose latest active game in the 21 days before the date was for that team. Games played
    without player rows (playoffs, the 2019-20 restart) have no universe. -#}
with schedule as (

    select * from {{ ref('stg_nba__schedule') }}
    where {{ in_build_window('game_date') }}

),

box as (

    select player_id, game_id, game_date, team_abbr, status from {{ ref('player_game_summary') }}

),

played_games as (

    select distinct game_id from {{ ref('stg_nba__team_boxscores') }}

),

game_sides as (

    select game_id, game_date, season, season_type, home_team_abbr as team_abbr, away_team_abbr as opponent_abbr, true as is_home
    from schedule
    union all
    select game_id, game_date, season, season_type, away_team_abbr, home_team_abbr, false
    from schedule

),

from_box_scores as (

    select
        box.player_id,
        game_sides.game_date,
        game_sides.game_id,
        game_sides.season,
        game_sides.season_type,
        game_sides.team_abbr,
        game_sides.opponent_abbr,
        game_sides.is_home,
        'box_score' as universe_source,
        box.status as box_status
    from game_sides
    inner join box
        on box.game_id = game_sides.game_id
        and box.team_abbr = game_sides.team_abbr

),

unplayed_sides as (

    select game_sides.*
    from game_sides
    where game_sides.game_id not in (select game_id from played_games)

),

unplayed_dates as (

    select distinct game_date from unplayed_sides

),

latest_team_before as (

    select
        unplayed_dates.game_date,
        box.player_id,
        box.team_abbr,
        row_number() over (
            partition by unplayed_dates.game_date, box.player_id
            order by box.game_date desc, box.game_id desc
        ) as recency_rank
    from unplayed_dates
    inner join box
        on box.game_date < unplayed_dates.game_date
        and box.game_date >= {{ dbt.dateadd('day', -21, 'unplayed_dates.game_date') }}
        and box.status = 'active'

),

from_rotation as (

    select
        latest_team_before.player_id,
        unplayed_sides.game_date,
        unplayed_sides.game_id,
        unplayed_sides.season,
        unplayed_sides.season_type,
        unplayed_sides.team_abbr,
        unplayed_sides.opponent_abbr,
        unplayed_sides.is_home,
        'recent_rotation' as universe_source,
        cast(null as {{ dbt.type_string() }}) as box_status
    from latest_team_before
    inner join unplayed_sides
        on unplayed_sides.game_date = latest_team_before.game_date
        and unplayed_sides.team_abbr = latest_team_before.team_abbr
    where latest_team_before.recency_rank = 1

),

unioned as (

    select * from from_box_scores
    union all
    select * from from_rotation

),

final as (

    select * {{ star_except(['preference']) }}
    from (
        select
            unioned.*,
            row_number() over (
                partition by player_id, game_date
                order by case when universe_source = 'box_score' then 0 else 1 end, game_id
            ) as preference
        from unioned
    ) as ranked
    where preference = 1

)

select * from final
