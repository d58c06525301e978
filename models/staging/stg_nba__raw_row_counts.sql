{#- Rows per raw table as read (after the morning cut of known_raw_rows), counted from the
    sources themselves and not from the staging models, so raw_row_reconciliation proves that no
    model in between dropped a row. -#}
{%- set tables = ['player_boxscores', 'team_boxscores', 'schedule', 'player_shot_zones', 'prop_lines', 'injuries'] -%}

with
{%- for t in tables %}
raw_{{ t }} as (

    select count(*) as row_count from {{ source('nba_raw', t) }}
    {{ known_raw_rows(t) }}

),
{%- endfor %}

final as (
    {%- for t in tables %}
    select '{{ t }}' as source_table, raw_{{ t }}.row_count as raw_rows
    from raw_{{ t }}
    {{ "union all" if not loop.last }}
    {%- endfor %}

)

select * from final
