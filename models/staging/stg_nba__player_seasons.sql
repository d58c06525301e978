{#- One row per player and season: team, age, position (a whole-season summary). -#}
with raw_player_seasons as (

    select * from {{ source('nba_raw', 'player_seasons') }}

),

deduplicated as (

    select
        cast(season as {{ dbt.type_bigint() }}) as season,
        cast(player_id as {{ dbt.type_bigint() }}) as player_id,
        cast(team_abbr as {{ dbt.type_string() }}) as team_abbr,
        cast(age as {{ type_double() }}) as age,
        cast(position as {{ dbt.type_string() }}) as position,
        row_number() over (partition by season, player_id order by age desc, team_abbr) as copy_number
    from raw_player_seasons

),

final as (

    select season, player_id, team_abbr, age, position
    from deduplicated
    where copy_number = 1

)

select * from final
