{#- Per raw table: rows read, rows kept clean, rows quarantined. -#}
{%- set tables = ['player_boxscores', 'team_boxscores', 'schedule', 'player_shot_zones', 'prop_lines', 'injuries'] -%}

with raw_counts as (

    select * from {{ ref('stg_nba__raw_row_counts') }}

),
{%- for t in tables %}

clean_{{ t }} as (

    select count(*) as row_count from {{ ref('int_' ~ t ~ '__clean') }}

),
{%- endfor %}

quarantined as (

    select source_table, count(*) as row_count
    from {{ ref('raw_quarantine') }}
    group by source_table

),

clean_counts as (
    {%- for t in tables %}
    select '{{ t }}' as source_table, clean_{{ t }}.row_count as clean_rows
    from clean_{{ t }}
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

final as (

    select
        raw_counts.source_table,
        raw_counts.raw_rows,
        clean_counts.clean_rows,
        coalesce(quarantined.row_count, 0) as quarantined_rows
    from raw_counts
    inner join clean_counts on clean_counts.source_table = raw_counts.source_table
    left join quarantined on quarantined.source_table = raw_counts.source_table

)

select * from final
