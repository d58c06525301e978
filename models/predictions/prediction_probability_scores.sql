{#- Is prob_over a probability you can bet on? Predicted rows with an outcome against line_value
    (a line, no push, no void) in ten equal-count deciles of prob_over per system, with the mean
    probability, the observed over rate and its 95 % Wilson interval (inside_interval: the mean
    probability lies inside it), and per system (decile_index NULL) the Brier score and log loss
    of prob_over beside a constant (the window's own over rate, which favours the constant) and,
    on the rows whose graded line is priced, beside the market's no-vig probability. -#}
with graded as (

    select
        system_id,
        player_id,
        game_date,
        prob_over,
        market_prob_over,
        case when went_over then 1.0 else 0.0 end as outcome
    from {{ ref('prediction_accuracy') }}
    where gate_status = 'predicted'
        and went_over is not null
        and prob_over is not null
        and {{ in_build_window('game_date') }}

),

base_rate as (

    select system_id, {{ stable_avg('outcome') }} as constant_prob
    from graded
    group by system_id

),

scored as (

    select
        graded.*,
        base_rate.constant_prob,
        ntile(10) over (partition by graded.system_id order by graded.prob_over, graded.game_date, graded.player_id) as decile_index
    from graded
    inner join base_rate on base_rate.system_id = graded.system_id

),

deciles as (

    select
        system_id,
        cast(decile_index as {{ dbt.type_bigint() }}) as decile_index,
        count(*) as rows_with_outcome,
        min(prob_over) as prob_from,
        max(prob_over) as prob_to,
        {{ stable_avg('prob_over') }} as mean_prob_over,
        {{ stable_avg('outcome') }} as over_rate,
        {{ wilson_bound(stable_sum('outcome'), 'count(*)', -1) }} as over_rate_low,
        {{ wilson_bound(stable_sum('outcome'), 'count(*)', 1) }} as over_rate_high,
        cast(null as {{ type_double() }}) as brier_score,
        cast(null as {{ type_double() }}) as log_loss,
        cast(null as {{ type_double() }}) as constant_brier_score,
        cast(null as {{ type_double() }}) as constant_log_loss,
        cast(null as {{ dbt.type_bigint() }}) as priced_rows,
        cast(null as {{ type_double() }}) as priced_brier_score,
        cast(null as {{ type_double() }}) as market_brier_score,
        cast(null as {{ type_double() }}) as priced_log_loss,
        cast(null as {{ type_double() }}) as market_log_loss
    from scored
    group by system_id, decile_index

),

overall as (

    select
        system_id,
        cast(null as {{ dbt.type_bigint() }}) as decile_index,
        count(*) as rows_with_outcome,
        min(prob_over) as prob_from,
        max(prob_over) as prob_to,
        {{ stable_avg('prob_over') }} as mean_prob_over,
        {{ stable_avg('outcome') }} as over_rate,
        {{ wilson_bound(stable_sum('outcome'), 'count(*)', -1) }} as over_rate_low,
        {{ wilson_bound(stable_sum('outcome'), 'count(*)', 1) }} as over_rate_high,
        {{ stable_avg('(prob_over - outcome) * (prob_over - outcome)') }} as brier_score,
        {{ stable_avg(log_loss_term('prob_over', 'outcome')) }} as log_loss,
        {{ stable_avg('(constant_prob - outcome) * (constant_prob - outcome)') }} as constant_brier_score,
        {{ stable_avg(log_loss_term('constant_prob', 'outcome')) }} as constant_log_loss,
        count(market_prob_over) as priced_rows,
        {{ stable_avg('case when market_prob_over is not null then (prob_over - outcome) * (prob_over - outcome) end') }} as priced_brier_score,
        {{ stable_avg('(market_prob_over - outcome) * (market_prob_over - outcome)') }} as market_brier_score,
        {{ stable_avg('case when market_prob_over is not null then ' ~ log_loss_term('prob_over', 'outcome') ~ ' end') }} as priced_log_loss,
        {{ stable_avg(log_loss_term('market_prob_over', 'outcome')) }} as market_log_loss
    from scored
    group by system_id

),

unioned as (

    select * from deciles
    union all
    select * from overall

),

final as (

    select
        unioned.*,
        case when decile_index is not null then mean_prob_over between over_rate_low and over_rate_high end as inside_interval
    from unioned

)

select * from final
