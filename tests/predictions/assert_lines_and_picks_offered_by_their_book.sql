{#- What a book offered before tip-off (any pre-game snapshot: a later one may move the line
    after a prediction), and two checks against it; returns the failing rows, named by check:
    - graded_line_not_offered: every graded line (the as-of line table and every graded
      prediction) is a line its named book offered for that player and game, never a blend;
    - pick_not_offered_at_its_price: every OVER / UNDER pick's book, line and side were on the
      board at pick_price: the side's own price, or the assumed price only where the line had
      no price on either side (pick'em). A book that priced one side alone (an over-only
      alternate) never offers the other at an assumed price. -#}
with offered as (

    select lines.game_id, lines.player_id, lines.bookmaker, lines.line, lines.over_price, lines.under_price
    from {{ ref('int_prop_lines__clean') }} as lines
    left join {{ ref('int_schedule__clean') }} as schedule on schedule.game_id = lines.game_id
    where lines.snapshot_utc is null
        or lines.snapshot_utc < coalesce(schedule.tipoff_utc, lines.commence_utc)

),

graded as (

    select 'int_prop_lines__consensus' as relation, game_id, player_id, line_book, line_value
    from {{ ref('int_prop_lines__consensus') }}
    union all
    select 'prediction_accuracy' as relation, game_id, player_id, line_book, line_value
    from {{ ref('prediction_accuracy') }}
    where line_value is not null

),

picks as (

    select game_id, player_id, recommendation, pick_book, pick_line, pick_price, pick_price_assumed
    from {{ ref('player_prop_predictions') }}
    where recommendation in ('OVER', 'UNDER')

),

graded_line_not_offered as (

    select graded.relation, graded.game_id, graded.player_id, graded.line_book as bookmaker, graded.line_value as line
    from graded
    where not exists (
        select 1
        from offered
        where offered.game_id = graded.game_id
            and offered.player_id = graded.player_id
            and offered.bookmaker = graded.line_book
            and offered.line = graded.line_value
    )

),

pick_not_offered_at_its_price as (

    select 'player_prop_predictions' as relation, picks.game_id, picks.player_id, picks.pick_book as bookmaker, picks.pick_line as line
    from picks
    where not exists (
        select 1
        from offered
        where offered.game_id = picks.game_id
            and offered.player_id = picks.player_id
            and offered.bookmaker = picks.pick_book
            and offered.line = picks.pick_line
            and case
                when picks.pick_price_assumed then offered.over_price is null and offered.under_price is null
                when picks.recommendation = 'OVER' then offered.over_price = picks.pick_price
                else offered.under_price = picks.pick_price
            end
    )

),

final as (

    select 'graded_line_not_offered' as failed_check, * from graded_line_not_offered
    union all
    select 'pick_not_offered_at_its_price' as failed_check, * from pick_not_offered_at_its_price

)

select * from final
