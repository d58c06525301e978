{{ config(**game_date_table_config(cluster_by=['system_id', 'slice_name'])) }}
{#- The report's accuracy source: per system, game date and slice, additive counts and error
    sums over every graded predicted row of the whole history (never cut to a build window), so a
    report for any window sums the days it covers. Slices: all, recommendation, edge_bucket and
    recommendation_edge_bucket (those three hold OVER/UNDER picks only), and prob_over_tenth
    (rows with an outcome, by tenth of prob_over: the reliability diagram). -#}
{%- set slices = [
    ('all', "'all'", 'true'),
    ('recommendation', 'recommendation', "recommendation in ('OVER', 'UNDER')"),
    ('edge_bucket', 'edge_bucket', "recommendation in ('OVER', 'UNDER')"),
    ('recommendation_edge_bucket', dbt.concat(['recommendation', "' '", 'edge_bucket']), "recommendation in ('OVER', 'UNDER')"),
    ('prob_over_tenth', 'cast(least(cast(floor(prob_over * 10) as ' ~ dbt.type_int() ~ '), 9) as ' ~ dbt.type_string() ~ ')', 'went_over is not null'),
] -%}

with prediction_accuracy as (

    select * from {{ ref('prediction_accuracy') }}
    where gate_status = 'predicted'

),

sliced as (
    {%- for slice_name, slice_expr, slice_filter in slices %}
    select
        '{{ slice_name }}' as slice_name,
        {{ slice_expr }} as slice_value,
        prediction_accuracy.*
    from prediction_accuracy
    where {{ slice_filter }}
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

final as (

    select
        system_id,
        game_date,
        {{ week_start('game_date') }} as week_start,
        slice_name,
        slice_value,
        count(*) as predictions,
        cast(sum(case when is_void then 1 else 0 end) as {{ dbt.type_bigint() }}) as voids,
        cast(sum(case when recommendation = 'PASS' then 1 else 0 end) as {{ dbt.type_bigint() }}) as passes,
        cast(sum(case when recommendation = 'NO_LINE' then 1 else 0 end) as {{ dbt.type_bigint() }}) as no_line,
        cast(sum(case when is_push and recommendation in ('OVER', 'UNDER') then 1 else 0 end) as {{ dbt.type_bigint() }}) as pushes,
        count(is_correct) as graded_picks,
        cast(sum(case when is_correct then 1 else 0 end) as {{ dbt.type_bigint() }}) as correct_picks,
        {#- what the graded picks needed to win at their prices (1 / decimal odds each) -#}
        sum(case when is_correct is not null then {{ implied_probability('pick_price') }} end) as break_even_sum,
        count(case when not is_void and line_value is not null then 1 end) as rows_with_line,
        sum(case when not is_void and line_value is not null then absolute_error end) as model_abs_error_sum,
        sum(case when not is_void and line_value is not null then line_absolute_error end) as line_abs_error_sum,
        count(case when not is_void and line_value is not null then baseline_absolute_error end) as rows_with_baseline,
        sum(case when not is_void and line_value is not null then baseline_absolute_error end) as baseline_abs_error_sum,
        count(case when not is_void then 1 end) as played_rows,
        sum(case when not is_void then signed_error end) as signed_error_sum,
        count(went_over) as rows_with_outcome,
        sum(case when went_over is not null then prob_over end) as prob_over_sum,
        cast(sum(case when went_over then 1 else 0 end) as {{ dbt.type_bigint() }}) as went_over_count,
        sum({{ brier_term('prob_over', 'went_over') }}) as brier_sum
    from sliced
    group by system_id, game_date, slice_name, slice_value

)

select * from final
