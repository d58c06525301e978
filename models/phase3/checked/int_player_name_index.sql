{#- Every way a name can resolve to a player_id: book aliases (exact spelling) and normalised
    full names, with the number of players sharing each normalised name. -#}
with stg_nba__players as (

    select * from {{ ref('stg_nba__players') }}

),

stg_nba__player_aliases as (

    select * from {{ ref('stg_nba__player_aliases') }}

),

normalized as (

    select
        normalized_name as lookup_name,
        player_id,
        'normalized_name' as match_rule,
        count(*) over (partition by normalized_name) as candidate_count
    from stg_nba__players

),

aliased as (

    select
        alias_name as lookup_name,
        player_id,
        'alias' as match_rule,
        1 as candidate_count
    from stg_nba__player_aliases

),

final as (

    select * from aliased
    union all
    select * from normalized

)

select * from final
