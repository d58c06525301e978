{{ config(**replaced_dates_config(cluster_by=['system_id', 'player_id'])) }}
{#- Every candidate of every predicted date: one row per (system, player, game date). Built from
    the runner's latest batch: the batch's dates are replaced whole (delete+insert on DuckDB,
    partition overwrite on BigQuery), so a rerun of a window replaces its rows and never
    duplicates them. full_refresh=false: a full refresh must not wipe prediction history. -#}
with batch as (

    select * from {{ source('nba_runner', 'prediction_batch') }}

),

final as (

    select
    {%- for name, data_type in prediction_columns() %}
        cast({{ name }} as {{ contract_data_type(data_type) }}) as {{ name }}{{ "," if not loop.last }}
    {%- endfor %}
    from batch

)

select * from final
