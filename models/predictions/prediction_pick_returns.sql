{#- What the picks earned: OVER/UNDER recommendations graded at the offer each names (pick_book,
    pick_line, pick_price), overall, by side, by expected-value bucket and by both, over the build
    window - hit rate with its 95 % Wilson interval (pushes and voids excluded) and ROI per unit
    staked with its 95 % normal interval (pushes count as staked and returned). Break-even hit
    rate at the picks' mean price is beside them. -#}
{%- set slices = [
    ('all', "'all'"),
    ('side', 'recommendation'),
    ('ev_bucket', 'ev_bucket'),
    ('side_ev_bucket', dbt.concat(['recommendation', "' '", 'ev_bucket'])),
] -%}

with prediction_accuracy as (

    select * from {{ ref('prediction_accuracy') }}
    where recommendation in ('OVER', 'UNDER')
        and pick_profit is not null
        and {{ in_build_window('game_date') }}

),

sliced as (
    {%- for slice_name, slice_expr in slices %}
    select
        system_id,
        '{{ slice_name }}' as slice_name,
        {{ slice_expr }} as slice_value,
        prediction_accuracy.*
    from prediction_accuracy
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

totals as (

    select
        system_id,
        slice_name,
        slice_value,
        count(*) as staked_picks,
        count(is_correct) as graded_picks,
        cast(sum(case when is_correct then 1 else 0 end) as {{ dbt.type_bigint() }}) as won_picks,
        cast(sum(case when pick_price_assumed then 1 else 0 end) as {{ dbt.type_bigint() }}) as assumed_price_picks,
        count(distinct pick_book) as books,
        {{ stable_sum('pick_profit') }} as profit_units,
        {{ stable_sum('pick_profit * pick_profit') }} as profit_squares,
        {{ stable_avg('expected_value') }} as mean_expected_value,
        {{ stable_avg('case when pick_price > 0 then 1 + pick_price / 100.0 else 1 + 100.0 / abs(pick_price) end') }} as mean_decimal_odds
    from sliced
    group by system_id, slice_name, slice_value

),

final as (

    select
        system_id,
        slice_name,
        slice_value,
        staked_picks,
        graded_picks,
        won_picks,
        assumed_price_picks,
        books,
        {{ safe_div('1.0 * won_picks', 'graded_picks') }} as hit_rate,
        {{ wilson_bound('won_picks', 'graded_picks', -1) }} as hit_rate_low,
        {{ wilson_bound('won_picks', 'graded_picks', 1) }} as hit_rate_high,
        {{ safe_div('1.0', 'mean_decimal_odds') }} as break_even_hit_rate,
        profit_units,
        {{ safe_div('profit_units', 'staked_picks') }} as roi,
        {{ mean_bound('profit_units', 'profit_squares', 'staked_picks', -1) }} as roi_low,
        {{ mean_bound('profit_units', 'profit_squares', 'staked_picks', 1) }} as roi_high,
        mean_expected_value
    from totals

)

select * from final
