{#- Point-in-time proof: recompute points_avg_last_5, points_avg_last_10, points_std_last_10 and
    games_in_last_7_days with window frames that end one row (or one day) before the game (frames
    span seasons: a short window is filled from the previous season), on a
    path independent of player_daily_cache's lookups, for every universe row that is itself
    a played game, and compare with the feature store. Likewise the shot profile: pct_paint and
    pct_mid_range over the 10 zone games before each zone game (real from 5 such games on), and
    pct_three over the 10 played games with an attempt before each such game. -#}
with played as (

    select
        player_id,
        game_date,
        season,
        points,
        {{ dbt.datediff("cast('1970-01-01' as date)", 'game_date', 'day') }} as day_number
    from {{ ref('player_game_summary') }}
    where is_played

),

{#- Frames over the player's played games of every season: a last-N frame is the expected
    window when its oldest game lies in the previous season or later and within 365 days
    (otherwise the store's window is shorter: checked by unit tests, skipped here). -#}
recomputed as (

    select
        player_id,
        game_date,
        avg(points) over (partition by player_id order by game_date rows between 5 preceding and 1 preceding) as expected_last_5,
        avg(points) over (partition by player_id order by game_date rows between 10 preceding and 1 preceding) as expected_last_10,
        stddev_samp(points) over (partition by player_id order by game_date rows between 10 preceding and 1 preceding) as expected_std_10,
        min(day_number) over (partition by player_id order by game_date rows between 10 preceding and 1 preceding) >= day_number - 365
            and min(season) over (partition by player_id order by game_date rows between 10 preceding and 1 preceding) >= season - 1
            as frame_in_bounds,
        count(*) over (partition by player_id order by day_number range between 365 preceding and 1 preceding) as earlier_games,
        count(*) over (partition by player_id order by day_number range between 7 preceding and 1 preceding) as expected_games_7d
    from played

),

zone_games as (

    select
        player_id,
        game_date,
        sum(paint_attempts) over (partition by player_id, season order by game_date, game_id rows between 10 preceding and 1 preceding) as paint_attempts,
        sum(mid_range_attempts) over (partition by player_id, season order by game_date, game_id rows between 10 preceding and 1 preceding) as mid_range_attempts,
        sum(paint_attempts + mid_range_attempts + zone_three_attempts) over (partition by player_id, season order by game_date, game_id rows between 10 preceding and 1 preceding) as zone_attempts,
        count(*) over (partition by player_id, season order by game_date, game_id rows between 10 preceding and 1 preceding) as zone_games
    from {{ ref('player_game_summary') }}
    where is_played and has_shot_zones

),

shooting_games as (

    select
        player_id,
        game_date,
        sum(fg3a) over (partition by player_id order by game_date, game_id rows between 10 preceding and 1 preceding) as fg3a,
        sum(fga) over (partition by player_id order by game_date, game_id rows between 10 preceding and 1 preceding) as fga,
        min(game_date) over (partition by player_id order by game_date, game_id rows between 10 preceding and 1 preceding)
            >= {{ dbt.dateadd('day', -365, 'game_date') }}
            and min(season) over (partition by player_id order by game_date, game_id rows between 10 preceding and 1 preceding) >= season - 1
            as frame_in_bounds
    from {{ ref('player_game_summary') }}
    where is_played and fga > 0

),

store as (

    select * from {{ ref('ml_feature_store_v2') }}
    {{ window_test_filter() }}

),

history_mismatches as (

    select
        store.player_id,
        store.game_date,
        store.points_avg_last_5,
        recomputed.expected_last_5,
        store.points_avg_last_10,
        recomputed.expected_last_10,
        store.points_std_last_10,
        recomputed.expected_std_10,
        store.games_in_last_7_days,
        recomputed.expected_games_7d
    from store
    inner join recomputed
        on recomputed.player_id = store.player_id
        and recomputed.game_date = store.game_date
    where
        (recomputed.earlier_games = 0 and (store.points_avg_last_5 is not null or store.games_in_last_7_days is not null))
        or (recomputed.earlier_games > 0 and recomputed.frame_in_bounds and (
            abs(store.points_avg_last_5 - recomputed.expected_last_5) > 1e-9
            or abs(store.points_avg_last_10 - recomputed.expected_last_10) > 1e-9
            or coalesce(abs(store.points_std_last_10 - recomputed.expected_std_10) > 1e-9,
                (store.points_std_last_10 is null) != (recomputed.expected_std_10 is null))
            or store.games_in_last_7_days != recomputed.expected_games_7d
            or store.points_avg_last_5 is null
        ))

),

zone_mismatches as (

    select
        store.player_id, store.game_date, 'shot_zones' as check_name
    from store
    inner join zone_games
        on zone_games.player_id = store.player_id
        and zone_games.game_date = store.game_date
    where
        case
            when zone_games.zone_games >= 5 and zone_games.zone_attempts > 0 then
                store.pct_paint_source != 'shotzone'
                or abs(store.pct_paint - 1.0 * zone_games.paint_attempts / zone_games.zone_attempts) > 1e-9
                or abs(store.pct_mid_range - 1.0 * zone_games.mid_range_attempts / zone_games.zone_attempts) > 1e-9
            else coalesce(store.pct_paint_source = 'shotzone', false)
        end

),

three_mismatches as (

    select
        store.player_id, store.game_date, 'three_share' as check_name
    from store
    inner join shooting_games
        on shooting_games.player_id = store.player_id
        and shooting_games.game_date = store.game_date
    where
        coalesce(shooting_games.frame_in_bounds, true)
        and coalesce(abs(store.pct_three - 1.0 * shooting_games.fg3a / shooting_games.fga) > 1e-9,
            (store.pct_three is null) != (shooting_games.fga is null))

),

final as (

    select player_id, game_date, 'points_history' as check_name from history_mismatches
    union all
    select * from zone_mismatches
    union all
    select * from three_mismatches

)

select * from final
