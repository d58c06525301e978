{#- The player seasons (team, age, position per player and season) as the later layers read
    them. Staging's rows as they are: the table has no check against another table, so it has
    no `__checked` model and no quarantine; this model exists because only phase 3 reads
    staging (docs/feature-store.md, Layers), and it is where such a check would go. -#}
with stg_nba__player_seasons as (

    select * from {{ ref('stg_nba__player_seasons') }}

),

final as (

    select season, player_id, team_abbr, age, position
    from stg_nba__player_seasons

)

select * from final
