{#- Every raw per-game shot-zone row, typed, with the reasons it breaks the contract
    (record_reason, value_reason; NULL = none); the clean rows are int_player_shot_zones__clean. -#}
{%- set zones = ['ra', 'paint_nonra', 'mid', 'corner3', 'above_break3', 'backcourt'] -%}
{%- set counts = [] -%}
{%- for z in zones %}{% do counts.extend([z ~ '_fga', z ~ '_fgm']) %}{% endfor -%}
{#- Non-text columns, read per value (macros/quarantine.sql). -#}
{%- set parsed = [['game_date', 'date'], ['season', dbt.type_bigint()], ['player_id', dbt.type_bigint()]] -%}
{%- for c in counts %}{% do parsed.append([c, dbt.type_bigint()]) %}{% endfor -%}

with raw_player_shot_zones as (

    select * from {{ source('nba_raw', 'player_shot_zones') }}
    {{ known_raw_rows('player_shot_zones') }}

),

typed as (

    select
        cast(game_id as {{ dbt.type_string() }}) as game_id,
        cast(team_abbr as {{ dbt.type_string() }}) as team_abbr,
        {{ parsed_columns(parsed) }},
        {{ unparseable_reason(parsed) }} as _unparseable_reason
    from raw_player_shot_zones

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
            when _unparseable_reason is not null then _unparseable_reason
            when game_id is null or player_id is null then 'missing_key'
            when game_date is null then 'unparseable_game_date'
            {{ duplicate_reason_whens() }}
        end as record_reason,
        case
            when {{ any_negative(counts) }} then 'negative_stat'
            when {% for z in zones %}{{ z }}_fgm > {{ z }}_fga{{ " or " if not loop.last }}{% endfor %} then 'makes_exceed_attempts'
        end as value_reason
    from flagged

)

select * from final
