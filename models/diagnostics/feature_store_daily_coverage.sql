{#- Per game date: universe players, fully clean rows, quality-ready rows, rows blocked by
    required defaults, and the same for players with a prop line. -#}
with ml_feature_store_v2 as (

    select * from {{ ref('ml_feature_store_v2') }}

),

final as (

    select
        game_date,
        count(*) as players,
        cast(sum(case when default_feature_count = 0 then 1 else 0 end) as {{ dbt.type_bigint() }}) as clean_rows,
        cast(sum(case when is_quality_ready then 1 else 0 end) as {{ dbt.type_bigint() }}) as quality_ready_rows,
        cast(sum(case when required_default_count > 0 then 1 else 0 end) as {{ dbt.type_bigint() }}) as rows_with_required_defaults,
        cast(sum(case when vegas_points_line is not null then 1 else 0 end) as {{ dbt.type_bigint() }}) as rows_with_line,
        cast(sum(case when vegas_points_line is not null and is_quality_ready then 1 else 0 end) as {{ dbt.type_bigint() }}) as ready_rows_with_line,
        cast(sum(case when vegas_points_line is not null and games_played_season >= 10 then 1 else 0 end) as {{ dbt.type_bigint() }}) as rows_with_line_and_10_games,
        cast(sum(case when vegas_points_line is not null and games_played_season >= 10 and is_quality_ready then 1 else 0 end) as {{ dbt.type_bigint() }}) as ready_rows_with_line_and_10_games
    from ml_feature_store_v2
    group by game_date

)

select * from final
