{#- Reliability of prob_over against the line: predicted rows with an outcome (a line, no push,
    no void) in tenths of prob_over, with the mean probability, the observed over rate and the
    Brier score per tenth, over the whole graded history (never cut to a build window; the
    report's window reads the prob_over_tenth slice of prediction_accuracy_daily). -#}
with prediction_accuracy as (

    select * from {{ ref('prediction_accuracy') }}
    where gate_status = 'predicted'
        and went_over is not null

),

bucketed as (

    select
        system_id,
        least(cast(floor(prob_over * 10) as {{ dbt.type_int() }}), 9) as bucket_index,
        prob_over,
        went_over
    from prediction_accuracy

),

final as (

    select
        system_id,
        bucket_index,
        bucket_index / 10.0 as prob_from,
        (bucket_index + 1) / 10.0 as prob_to,
        count(*) as rows_with_outcome,
        {{ stable_avg('prob_over') }} as mean_prob_over,
        {{ stable_avg('case when went_over then 1 else 0 end') }} as over_rate,
        {{ stable_avg(brier_term('prob_over', 'went_over')) }} as brier_score
    from bucketed
    group by system_id, bucket_index

)

select * from final
