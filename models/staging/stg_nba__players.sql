with raw_players as (

    select * from {{ source('nba_raw', 'players') }}

),

final as (

    select
        cast(player_id as {{ dbt.type_bigint() }}) as player_id,
        cast(full_name as {{ dbt.type_string() }}) as full_name,
        {{ normalize_person_name('full_name') }} as normalized_name,
        cast(is_active as boolean) as is_active
    from raw_players

)

select * from final
