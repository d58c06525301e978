{#- Every OVER / UNDER pick's offer (pick_book, pick_line, the recommended side) was on that
    book's board before tip-off at pick_price: the side's own price,
    or the assumed price only where the line had no price on either side (pick'em). A book that
    priced one side alone (an over-only alternate) never offers the other at an assumed price.
    Any pre-game snapshot counts: a later snapshot may move the line after the prediction.
    Returns the picks whose offer no such line carries. -#}
with predictions as (

    select game_id, player_id, game_date, recommendation, pick_book, pick_line, pick_price, pick_price_assumed
    from {{ ref('player_prop_predictions') }}
    where recommendation in ('OVER', 'UNDER')

),

offered as (

    select lines.game_id, lines.player_id, lines.bookmaker, lines.line, lines.over_price, lines.under_price
    from {{ ref('int_prop_lines__clean') }} as lines
    left join {{ ref('int_schedule__clean') }} as schedule on schedule.game_id = lines.game_id
    where lines.snapshot_utc is null
        or lines.snapshot_utc < coalesce(schedule.tipoff_utc, lines.commence_utc)

),

matched as (

    select distinct predictions.game_id, predictions.player_id, predictions.pick_book, predictions.pick_line
    from predictions
    inner join offered
        on offered.game_id = predictions.game_id
        and offered.player_id = predictions.player_id
        and offered.bookmaker = predictions.pick_book
        and offered.line = predictions.pick_line
    where case
        when predictions.pick_price_assumed then offered.over_price is null and offered.under_price is null
        when predictions.recommendation = 'OVER' then offered.over_price = predictions.pick_price
        when predictions.recommendation = 'UNDER' then offered.under_price = predictions.pick_price
    end

),

final as (

    select predictions.*
    from predictions
    left join matched
        on matched.game_id = predictions.game_id
        and matched.player_id = predictions.player_id
        and matched.pick_book = predictions.pick_book
        and matched.pick_line = predictions.pick_line
    where matched.game_id is null

)

select * from final
