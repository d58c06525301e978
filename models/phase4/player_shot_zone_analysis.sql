{{ config(**window_incremental_config(cluster_by=['player_id'])) }}
{#- Shot profile per universe row (player, analysis_date = D), strictly before D:
    - pct_paint / pct_mid_range: last 10 played games of the season that have per-game zone data
      (needs 5); otherwise the previous season's totals (>= 50 attempts), labelled prior_season;
    - pct_three: 3PA / FGA over the last 10 played games with an attempt, from the box score;
      fewer than 10 this season are filled with the previous season's latest, labelled
      prior_season (as player_daily_cache's windows). -#}
with universe as (

    select player_id, game_date, season from {{ ref('int_player_game_universe') }}
    where {{ in_build_window('game_date') }}

),

games as (

    select * from {{ ref('player_game_summary') }}

),

prior_season_zones as (

    select * from {{ ref('stg_nba__player_season_shot_zones') }}

),

zone_history as (

    select
        universe.player_id,
        universe.game_date,
        games.paint_attempts,
        games.mid_range_attempts,
        games.zone_three_attempts,
        row_number() over (
            partition by universe.player_id, universe.game_date
            order by games.game_date desc, games.game_id desc
        ) as recency_rank
    from universe
    inner join games
        on games.player_id = universe.player_id
        and games.season = universe.season
        and games.is_played
        and games.has_shot_zones
        and games.game_date < universe.game_date
        and games.game_date >= {{ dbt.dateadd('day', -365, 'universe.game_date') }}

),

zone_window as (

    select
        player_id,
        game_date,
        count(*) as zone_games,
        sum(paint_attempts) as paint_attempts,
        sum(mid_range_attempts) as mid_range_attempts,
        sum(zone_three_attempts) as three_attempts,
        sum(paint_attempts + mid_range_attempts + zone_three_attempts) as zone_attempts
    from zone_history
    where recency_rank <= 10
    group by player_id, game_date

),

box_history as (

    select
        universe.player_id,
        universe.game_date,
        games.fga,
        games.fg3a,
        games.season < universe.season as is_prior_season,
        row_number() over (
            partition by universe.player_id, universe.game_date
            order by games.game_date desc, games.game_id desc
        ) as recency_rank
    from universe
    inner join games
        on games.player_id = universe.player_id
        and games.season between universe.season - 1 and universe.season
        and games.is_played
        and games.fga > 0
        and games.game_date < universe.game_date
        and games.game_date >= {{ dbt.dateadd('day', -365, 'universe.game_date') }}

),

box_window as (

    select
        player_id,
        game_date,
        count(*) as box_games,
        count(case when is_prior_season then 1 end) as prior_season_box_games,
        sum(fg3a) as fg3a,
        sum(fga) as fga
    from box_history
    where recency_rank <= 10
    group by player_id, game_date

),

joined as (

    select
        universe.player_id,
        universe.game_date,
        universe.season,
        coalesce(zone_window.zone_games, 0) as zone_games_last_10,
        coalesce(zone_window.zone_games, 0) >= 5 and zone_window.zone_attempts > 0 as has_current_zones,
        zone_window.paint_attempts,
        zone_window.mid_range_attempts,
        zone_window.zone_attempts,
        prior_season_zones.paint_fga as prior_paint_fga,
        prior_season_zones.mid_fga as prior_mid_fga,
        prior_season_zones.total_fga as prior_total_fga,
        coalesce(prior_season_zones.total_fga, 0) >= 50 as has_prior_zones,
        coalesce(box_window.box_games, 0) as box_games_last_10,
        coalesce(box_window.prior_season_box_games, 0) as prior_season_box_games_last_10,
        box_window.fg3a,
        box_window.fga
    from universe
    left join zone_window
        on zone_window.player_id = universe.player_id
        and zone_window.game_date = universe.game_date
    left join prior_season_zones
        on prior_season_zones.player_id = universe.player_id
        and prior_season_zones.season = universe.season - 1
    left join box_window
        on box_window.player_id = universe.player_id
        and box_window.game_date = universe.game_date

),

final as (

    select
        player_id,
        game_date as analysis_date,
        game_date,
        season,
        zone_games_last_10,
        box_games_last_10,
        prior_season_box_games_last_10,
        {%- for zone, current_col, prior_col in [('pct_paint', 'paint_attempts', 'prior_paint_fga'), ('pct_mid_range', 'mid_range_attempts', 'prior_mid_fga')] %}
        case
            when has_current_zones then 1.0 * {{ current_col }} / zone_attempts
            when has_prior_zones then 1.0 * {{ prior_col }} / prior_total_fga
        end as {{ zone }},
        case
            when has_current_zones then 'shotzone'
            when has_prior_zones then 'prior_season'
        end as {{ zone }}_source,
        case when not has_current_zones and not has_prior_zones then 'no_shot_zone_data' end as {{ zone }}_default_reason,
        {%- endfor %}
        {{ safe_div('1.0 * fg3a', 'fga') }} as pct_three,
        case when prior_season_box_games_last_10 > 0 then 'prior_season' end as pct_three_source,
        case when box_games_last_10 = 0 then 'no_shot_attempts_before_date' end as pct_three_default_reason
    from joined

)

select * from final
