{{ config(**window_incremental_config(cluster_by=['player_id'])) }}
{#- Shot profile per universe row (player, analysis_date = D), strictly before D:
    - pct_paint / pct_mid_range: last 10 played games of the season that have per-game zone data
      (needs 5); otherwise the previous season's totals (>= 50 attempts), labelled prior_season;
    - pct_three: 3PA / FGA over the last 10 played games with an attempt, from the box score;
      fewer than 10 this season are filled with the previous season's latest, labelled
      prior_season (as player_daily_cache's windows). -#}
with int_player_game_universe as (

    select player_id, game_date, season from {{ ref('int_player_game_universe') }}
    where {{ in_build_window('game_date') }}

),

player_game_summary as (

    select * from {{ ref('player_game_summary') }}

),

int_player_season_shot_zones__clean as (

    select * from {{ ref('int_player_season_shot_zones__clean') }}

),

{#- The build window's players, from 365 days before its first date: a one-day build reads a
    year of its players' games, not the whole history. -#}
history_games as (

    select player_game_summary.*
    from player_game_summary
    where player_game_summary.player_id in (select int_player_game_universe.player_id from int_player_game_universe)
        and player_game_summary.game_date >= (select {{ dbt.dateadd('day', -365, 'min(int_player_game_universe.game_date)') }} from int_player_game_universe)

),

{#- The windows read the newest games before D of one season (zones: this season; pct_three:
    this one and the previous one), cut to the 365 days before D. Each season's qualifying games
    are numbered; a marker row per universe row and season among them finds the newest number
    in the 365 days before D (a frame), and the 10 before it are looked up by number (joining
    every game of the 365 days was the second slowest step of the build). -#}
numbered_games as (

    select
        player_id,
        season,
        game_id,
        game_date,
        {{ day_number('game_date') }} as day_number,
        paint_attempts,
        mid_range_attempts,
        zone_three_attempts,
        fga,
        fg3a,
        case when is_played and has_shot_zones then
            count(case when is_played and has_shot_zones then 1 end) over season_so_far
        end as zone_game_number,
        case when is_played and fga > 0 then
            count(case when is_played and fga > 0 then 1 end) over season_so_far
        end as attempt_game_number
    from history_games
    window season_so_far as (
        partition by player_id, season order by game_date, game_id
        rows between unbounded preceding and current row
    )

),

{#- One marker per universe row and history season (this one and the previous one). -#}
season_markers as (

    select player_id, game_date, season as universe_season, season as history_season
    from int_player_game_universe
    union all
    select player_id, game_date, season as universe_season, season - 1 as history_season
    from int_player_game_universe

),

season_stream as (

    select
        player_id,
        history_season as season,
        {{ day_number('game_date') }} as day_number,
        game_date,
        universe_season,
        true as is_marker,
        cast(null as {{ dbt.type_bigint() }}) as zone_game_number,
        cast(null as {{ dbt.type_bigint() }}) as attempt_game_number
    from season_markers
    union all
    select
        player_id,
        season,
        day_number,
        game_date,
        cast(null as {{ dbt.type_bigint() }}) as universe_season,
        false as is_marker,
        zone_game_number,
        attempt_game_number
    from numbered_games

),

season_frames as (

    select player_id, game_date, universe_season, season as history_season, last_zone_game_number, last_attempt_game_number
    from (
        select
            player_id,
            season,
            game_date,
            universe_season,
            is_marker,
            max(zone_game_number) over (
                partition by player_id, season order by day_number
                range between 365 preceding and 1 preceding
            ) as last_zone_game_number,
            max(attempt_game_number) over (
                partition by player_id, season order by day_number
                range between 365 preceding and 1 preceding
            ) as last_attempt_game_number
        from season_stream
    ) as framed
    where is_marker

),

rank_offsets as (

    {% for offset in range(10) -%}
    select {{ offset }} as rank_offset{% if not loop.last %} union all{% endif %}
    {% endfor %}

),

zone_window as (

    select
        season_frames.player_id,
        season_frames.game_date,
        count(*) as zone_games,
        sum(numbered_games.paint_attempts) as paint_attempts,
        sum(numbered_games.mid_range_attempts) as mid_range_attempts,
        sum(numbered_games.zone_three_attempts) as three_attempts,
        sum(numbered_games.paint_attempts + numbered_games.mid_range_attempts + numbered_games.zone_three_attempts) as zone_attempts
    from season_frames
    cross join rank_offsets
    inner join numbered_games
        on numbered_games.player_id = season_frames.player_id
        and numbered_games.season = season_frames.history_season
        and numbered_games.zone_game_number = season_frames.last_zone_game_number - rank_offsets.rank_offset
    where season_frames.history_season = season_frames.universe_season
        and numbered_games.game_date >= {{ dbt.dateadd('day', -365, 'season_frames.game_date') }}
    group by season_frames.player_id, season_frames.game_date

),

{#- The newest 10 games with an attempt of each of the two seasons; the newest 10 of both. -#}
box_history as (

    select
        season_frames.player_id,
        season_frames.game_date,
        numbered_games.fga,
        numbered_games.fg3a,
        numbered_games.season < season_frames.universe_season as is_prior_season,
        row_number() over (
            partition by season_frames.player_id, season_frames.game_date
            order by numbered_games.game_date desc, numbered_games.game_id desc
        ) as recency_rank
    from season_frames
    cross join rank_offsets
    inner join numbered_games
        on numbered_games.player_id = season_frames.player_id
        and numbered_games.season = season_frames.history_season
        and numbered_games.attempt_game_number = season_frames.last_attempt_game_number - rank_offsets.rank_offset
    where numbered_games.game_date >= {{ dbt.dateadd('day', -365, 'season_frames.game_date') }}

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
        int_player_game_universe.player_id,
        int_player_game_universe.game_date,
        int_player_game_universe.season,
        coalesce(zone_window.zone_games, 0) as zone_games_last_10,
        coalesce(zone_window.zone_games, 0) >= 5 and zone_window.zone_attempts > 0 as has_current_zones,
        zone_window.paint_attempts,
        zone_window.mid_range_attempts,
        zone_window.zone_attempts,
        int_player_season_shot_zones__clean.paint_fga as prior_paint_fga,
        int_player_season_shot_zones__clean.mid_fga as prior_mid_fga,
        int_player_season_shot_zones__clean.total_fga as prior_total_fga,
        coalesce(int_player_season_shot_zones__clean.total_fga, 0) >= 50 as has_prior_zones,
        coalesce(box_window.box_games, 0) as box_games_last_10,
        coalesce(box_window.prior_season_box_games, 0) as prior_season_box_games_last_10,
        box_window.fg3a,
        box_window.fga
    from int_player_game_universe
    left join zone_window
        on zone_window.player_id = int_player_game_universe.player_id
        and zone_window.game_date = int_player_game_universe.game_date
    left join int_player_season_shot_zones__clean
        on int_player_season_shot_zones__clean.player_id = int_player_game_universe.player_id
        and int_player_season_shot_zones__clean.season = int_player_game_universe.season - 1
    left join box_window
        on box_window.player_id = int_player_game_universe.player_id
        and box_window.game_date = int_player_game_universe.game_date

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
