{#- Regular-season zone totals per player and season. Leaks within its season: read only for
    later seasons (player_shot_zone_analysis uses it as the labelled prior_season fallback). -#}
with raw_player_season_shot_zones as (

    select * from {{ source('nba_raw', 'player_season_shot_zones') }}

),

typed as (

    select
        cast(season as {{ dbt.type_bigint() }}) as season,
        cast(player_id as {{ dbt.type_bigint() }}) as player_id,
        cast(ra_fga + paint_nonra_fga as {{ dbt.type_bigint() }}) as paint_fga,
        cast(mid_fga as {{ dbt.type_bigint() }}) as mid_fga,
        cast(corner3_fga + above_break3_fga as {{ dbt.type_bigint() }}) as three_fga,
        cast(ra_fga + paint_nonra_fga + mid_fga + corner3_fga + above_break3_fga + backcourt_fga as {{ dbt.type_bigint() }}) as total_fga,
        row_number() over (partition by season, player_id order by season_type) as copy_number
    from raw_player_season_shot_zones
    where season_type = 'regular'

),

final as (

    select season, player_id, paint_fga, mid_fga, three_fga, total_fga
    from typed
    where copy_number = 1

)

select * from final
