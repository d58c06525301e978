{#- Typed per-game shot zones with a quarantine_reason per row (NULL = clean). -#}
{%- set zones = ['ra', 'paint_nonra', 'mid', 'corner3', 'above_break3', 'backcourt'] -%}
{%- set counts = [] -%}
{%- for z in zones %}{% do counts.extend([z ~ '_fga', z ~ '_fgm']) %}{% endfor -%}

with source as (

    select * from {{ source('nba_raw', 'player_shot_zones') }}

),

typed as (

    select
        cast(game_id as {{ dbt.type_string() }}) as game_id,
        {{ try_cast_as('game_date', 'date') }} as game_date,
        cast(season as {{ dbt.type_bigint() }}) as season,
        cast(player_id as {{ dbt.type_bigint() }}) as player_id,
        cast(team_abbr as {{ dbt.type_string() }}) as team_abbr,
        {%- for c in counts %}
        cast({{ c }} as {{ dbt.type_bigint() }}) as {{ c }}{{ "," if not loop.last }}
        {%- endfor %}
    from source

),

flagged as (

    select
        typed.*,
        {{ duplicate_flags(['game_id', 'player_id'], ['game_date', 'team_abbr'] + counts) }}
    from typed

),

final as (

    select
        game_id, game_date, season, player_id, team_abbr,
        {%- for c in counts %}
        {{ c }},
        {%- endfor %}
        case
            when game_id is null or player_id is null then 'missing_key'
            when game_date is null then 'unparseable_game_date'
            {{ duplicate_reason_whens() }}
            when {{ any_negative(counts) }} then 'negative_stat'
            when {% for z in zones %}{{ z }}_fgm > {{ z }}_fga{{ " or " if not loop.last }}{% endfor %} then 'makes_exceed_attempts'
        end as quarantine_reason
    from flagged

)

select * from final
