{{ config(**game_date_table_config(cluster_by=['system_id'])) }}
{#- Per predicted date of the whole prediction history (never cut to a build window: the report
    filters it by date): candidates, clean rows, predicted, and blocked by reason. -#}
with player_prop_predictions as (

    select * from {{ ref('player_prop_predictions') }}

),

final as (

    select
        system_id,
        game_date,
        count(*) as candidates,
        cast(sum(case when required_default_count = 0 then 1 else 0 end) as {{ dbt.type_bigint() }}) as clean_rows,
        cast(sum(case when gate_status = 'predicted' then 1 else 0 end) as {{ dbt.type_bigint() }}) as predicted,
        cast(sum(case when gate_status = 'blocked' then 1 else 0 end) as {{ dbt.type_bigint() }}) as blocked,
        cast(sum(case when gate_reason like 'required_defaults_%' then 1 else 0 end) as {{ dbt.type_bigint() }}) as blocked_required_defaults,
        cast(sum(case when gate_reason = 'red_alert' then 1 else 0 end) as {{ dbt.type_bigint() }}) as blocked_red_alert,
        cast(sum(case when gate_reason = 'matchup_below_50' then 1 else 0 end) as {{ dbt.type_bigint() }}) as blocked_matchup_below_50,
        cast(sum(case when gate_reason = 'no_feature_row' then 1 else 0 end) as {{ dbt.type_bigint() }}) as blocked_no_feature_row,
        cast(sum(case when gate_reason = 'unknown_quality' then 1 else 0 end) as {{ dbt.type_bigint() }}) as blocked_unknown_quality,
        cast(sum(case when gate_reason like 'quality_below_%' then 1 else 0 end) as {{ dbt.type_bigint() }}) as blocked_quality_below,
        cast(sum(case when gate_reason = 'team_unresolved' then 1 else 0 end) as {{ dbt.type_bigint() }}) as blocked_team_unresolved,
        cast(sum(case when gate_reason = 'player_out' then 1 else 0 end) as {{ dbt.type_bigint() }}) as blocked_player_out,
        cast(sum(case when line_value is not null then 1 else 0 end) as {{ dbt.type_bigint() }}) as with_line,
        cast(sum(case when line_value is not null and gate_status = 'predicted' then 1 else 0 end) as {{ dbt.type_bigint() }}) as predicted_with_line,
        cast(sum(case when recommendation = 'OVER' then 1 else 0 end) as {{ dbt.type_bigint() }}) as over_picks,
        cast(sum(case when recommendation = 'UNDER' then 1 else 0 end) as {{ dbt.type_bigint() }}) as under_picks
    from player_prop_predictions
    group by system_id, game_date

)

select * from final
