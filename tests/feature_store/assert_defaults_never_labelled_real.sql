{#- The default classes on the real rows: no earlier game this season or the previous one -> 0-4
    default (and a prior_season label exactly when last season's games fill a window); no pre-game line ->
    25-27 default; no zone data this season or last -> 18-19 default; a composite factor whose
    inputs are missing -> default. -#}
with store as (

    select * from {{ ref('ml_feature_store_v2') }}
    {{ window_test_filter() }}

),

lines as (

    select player_id, game_id from {{ ref('int_prop_lines__consensus') }}

),

shot_zones as (

    select * from {{ ref('player_shot_zone_analysis') }}

),

composite as (

    select * from {{ ref('player_composite_factors') }}

),

final as (

    select store.player_id, store.game_date, 'history_real_without_earlier_game' as violation
    from store
    where store.games_played_season = 0
        and store.prior_season_games = 0
        and (store.points_avg_last_5 is not null or store.points_avg_last_10 is not null
            or store.points_avg_season is not null or store.points_std_last_10 is not null
            or store.games_in_last_7_days is not null)

    union all

    -- a window filled from the previous season says so, and only then
    select store.player_id, store.game_date, 'prior_season_label_disagrees_with_its_games' as violation
    from store
    where store.points_avg_last_10 is not null
        and (store.prior_season_games > 0) != (
            store.points_avg_last_10_source = 'prior_season' or store.points_avg_season_source = 'prior_season')

    union all

    select store.player_id, store.game_date, 'vegas_real_without_line' as violation
    from store
    left join lines on lines.player_id = store.player_id and lines.game_id = store.game_id
    where lines.player_id is null
        and (store.vegas_points_line is not null or store.vegas_opening_line is not null
            or store.vegas_line_move is not null or store.has_vegas_line != 0)

    union all

    select store.player_id, store.game_date, 'zones_real_without_zone_data' as violation
    from store
    inner join shot_zones on shot_zones.player_id = store.player_id and shot_zones.game_date = store.game_date
    where shot_zones.zone_games_last_10 < 5
        and store.pct_paint_source != 'prior_season'
        and (store.pct_paint is not null or store.pct_mid_range is not null)

    union all

    select store.player_id, store.game_date, 'composite_real_from_missing_input' as violation
    from store
    inner join composite on composite.player_id = store.player_id and composite.game_date = store.game_date
    where (composite.player_age is null and store.fatigue_score is not null)
        or (store.opponent_def_rating is null and store.shot_zone_mismatch_score is not null)
        or (store.team_pace is null and store.pace_score is not null)

)

select * from final
