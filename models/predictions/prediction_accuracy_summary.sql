{#- Hit rate and error over the whole graded history (never cut to a build window; the report's
    windowed numbers come from prediction_accuracy_daily), overall and by slice. Hit rate counts OVER/UNDER picks only, without
    pushes and voids; model and line MAE are on the same rows (predicted, played, with a line). -#}
{%- set slices = [
    ('all', "'all'"),
    ('recommendation', 'recommendation'),
    ('edge_bucket', 'edge_bucket'),
    ('recommendation_edge_bucket', dbt.concat(['recommendation', "' '", 'edge_bucket'])),
] -%}

with prediction_accuracy as (

    select * from {{ ref('prediction_accuracy') }}
    where gate_status = 'predicted'

),

sliced as (
    {%- for slice_name, slice_expr in slices %}
    select
        system_id,
        '{{ slice_name }}' as slice_name,
        {{ slice_expr }} as slice_value,
        prediction_accuracy.*
    from prediction_accuracy
    {%- if slice_name != 'all' %}
    where recommendation in ('OVER', 'UNDER')
    {%- endif %}
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

final as (

    select
        system_id,
        slice_name,
        slice_value,
        min(game_date) as first_game_date,
        max(game_date) as last_game_date,
        count(*) as predictions,
        cast(sum(case when is_void then 1 else 0 end) as {{ dbt.type_bigint() }}) as voids,
        cast(sum(case when recommendation = 'PASS' then 1 else 0 end) as {{ dbt.type_bigint() }}) as passes,
        cast(sum(case when recommendation = 'NO_LINE' then 1 else 0 end) as {{ dbt.type_bigint() }}) as no_line,
        cast(sum(case when is_push and recommendation in ('OVER', 'UNDER') then 1 else 0 end) as {{ dbt.type_bigint() }}) as pushes,
        count(is_correct) as graded_picks,
        cast(sum(case when is_correct then 1 else 0 end) as {{ dbt.type_bigint() }}) as correct_picks,
        {{ safe_div('1.0 * sum(case when is_correct then 1 else 0 end)', 'count(is_correct)') }} as hit_rate,
        count(case when not is_void and line_value is not null then 1 end) as rows_with_line,
        {{ stable_avg('case when not is_void and line_value is not null then absolute_error end') }} as model_mae,
        {{ stable_avg('case when not is_void and line_value is not null then line_absolute_error end') }} as line_mae,
        {{ stable_avg('case when not is_void and line_value is not null then baseline_absolute_error end') }} as baseline_mae,
        {{ stable_avg('case when not is_void then absolute_error end') }} as model_mae_all_rows,
        {{ stable_avg('case when not is_void then signed_error end') }} as bias,
        count(went_over) as rows_with_outcome,
        {{ stable_avg('case when went_over is not null then prob_over end') }} as mean_prob_over,
        {{ stable_avg('case when went_over then 1 when not went_over then 0 end') }} as over_rate,
        {{ stable_avg(brier_term('prob_over', 'went_over')) }} as brier_score
    from sliced
    group by system_id, slice_name, slice_value

)

select * from final
