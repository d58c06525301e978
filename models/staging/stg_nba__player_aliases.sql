{#- Book spellings the name normalisation does not resolve on its own, typed. -#}
with raw_player_aliases as (

    select * from {{ source('nba_raw', 'player_aliases') }}

),

final as (

    select
        cast(alias_name as {{ dbt.type_string() }}) as alias_name,
        cast(player_id as {{ dbt.type_bigint() }}) as player_id
    from raw_player_aliases

)

select * from final
