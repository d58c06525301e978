{#- The regular-season zone totals per player and season as the later layers read them (only
    for later seasons: they leak within their own). Staging's rows as they are: the table has
    no check against another table, so it has no `__checked` model and no quarantine; this
    model exists because only phase 3 reads staging (docs/feature-store.md, Layers), and it is
    where such a check would go. -#}
with stg_nba__player_season_shot_zones as (

    select * from {{ ref('stg_nba__player_season_shot_zones') }}

),

final as (

    select season, player_id, paint_fga, mid_fga, three_fga, total_fga
    from stg_nba__player_season_shot_zones

)

select * from final
