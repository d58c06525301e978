{#- Point-in-time proof: recompute points_avg_last_5, points_avg_last_10, points_std_last_10 and
    games_in_last_7_days with window frames that end one row (or one day) before the game, on a
    path independent of player_daily_cache's range join, for every universe row that is itself
    a played game, and compare with the feature store. -#}
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

recomputed as (

    select
        player_id,
        game_date,
        avg(points) over (partition by player_id, season order by game_date rows between 5 preceding and 1 preceding) as expected_last_5,
        avg(points) over (partition by player_id, season order by game_date rows between 10 preceding and 1 preceding) as expected_last_10,
        stddev_samp(points) over (partition by player_id, season order by game_date rows between 10 preceding and 1 preceding) as expected_std_10,
        count(*) over (partition by player_id, season order by game_date rows between unbounded preceding and 1 preceding) as earlier_games,
        count(*) over (partition by player_id, season order by day_number range between 7 preceding and 1 preceding) as expected_games_7d
    from played

),

store as (

    select * from {{ ref('ml_feature_store_v2') }}

),

final as (

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
        or (recomputed.earlier_games > 0 and (
            abs(store.points_avg_last_5 - recomputed.expected_last_5) > 1e-9
            or abs(store.points_avg_last_10 - recomputed.expected_last_10) > 1e-9
            or coalesce(abs(store.points_std_last_10 - recomputed.expected_std_10) > 1e-9,
                (store.points_std_last_10 is null) != (recomputed.expected_std_10 is null))
            or store.games_in_last_7_days != recomputed.expected_games_7d
            or store.points_avg_last_5 is null
        ))

)

select * from final
