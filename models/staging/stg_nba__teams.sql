with raw_teams as (

    select * from {{ source('nba_raw', 'teams') }}

),

final as (

    select
        cast(team_abbr as {{ dbt.type_string() }}) as team_abbr,
        cast(team_id as {{ dbt.type_bigint() }}) as team_id,
        cast(full_name as {{ dbt.type_string() }}) as full_name,
        cast(nickname as {{ dbt.type_string() }}) as nickname,
        cast(city as {{ dbt.type_string() }}) as city
    from raw_teams

)

select * from final
