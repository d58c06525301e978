{#- Per raw table: rows read, rows kept clean, rows quarantined. -#}
{%- set tables = ['player_boxscores', 'team_boxscores', 'schedule', 'player_shot_zones', 'prop_lines', 'injuries'] -%}

with stg_nba__raw_row_counts as (

    select * from {{ ref('stg_nba__raw_row_counts') }}

),
{%- for t in tables %}

int_{{ t }}__clean as (

    select * from {{ ref('int_' ~ t ~ '__clean') }}

),
{%- endfor %}

raw_quarantine as (

    select * from {{ ref('raw_quarantine') }}

),

clean_counts as (
    {%- for t in tables %}
    select '{{ t }}' as source_table, count(*) as clean_rows
    from int_{{ t }}__clean
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

quarantined as (

    select source_table, count(*) as row_count
    from raw_quarantine
    group by source_table

),

final as (

    select
        stg_nba__raw_row_counts.source_table,
        stg_nba__raw_row_counts.raw_rows,
        clean_counts.clean_rows,
        coalesce(quarantined.row_count, 0) as quarantined_rows
    from stg_nba__raw_row_counts
    inner join clean_counts on clean_counts.source_table = stg_nba__raw_row_counts.source_table
    left join quarantined on quarantined.source_table = stg_nba__raw_row_counts.source_table

)

select * from final
