{#- Per raw table: rows read, rows kept clean, rows quarantined. -#}
{%- set tables = ['player_boxscores', 'team_boxscores', 'schedule', 'player_shot_zones', 'prop_lines', 'injuries'] -%}

with
{%- for t in tables %}
raw_{{ t }} as (

    select count(*) as row_count from {{ source('nba_raw', t) }}
    {{ known_raw_rows(t) }}

),

clean_{{ t }} as (

    select count(*) as row_count from {{ ref('stg_nba__' ~ t) }}

),
{%- endfor %}

quarantined as (

    select source_table, count(*) as row_count
    from {{ ref('raw_quarantine') }}
    group by source_table

),

counts as (
    {%- for t in tables %}
    select
        '{{ t }}' as source_table,
        raw_{{ t }}.row_count as raw_rows,
        clean_{{ t }}.row_count as clean_rows
    from raw_{{ t }} cross join clean_{{ t }}
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

final as (

    select
        counts.source_table,
        counts.raw_rows,
        counts.clean_rows,
        coalesce(quarantined.row_count, 0) as quarantined_rows
    from counts
    left join quarantined on quarantined.source_table = counts.source_table

)

select * from final
