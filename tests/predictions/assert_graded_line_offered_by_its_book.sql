{#- Every graded line is a line its named book offered for that player and game before tip-off
    (never a blend of books): the as-of line table and every graded prediction. Returns the
    rows whose (line_book, line_value) no pre-game prop line carries. -#}
with graded as (

    select 'int_prop_lines__consensus' as relation, game_id, player_id, line_book, line_value
    from {{ ref('int_prop_lines__consensus') }}
    union all
    select 'prediction_accuracy' as relation, game_id, player_id, line_book, line_value
    from {{ ref('prediction_accuracy') }}
    where line_value is not null

),

offered as (

    select distinct lines.game_id, lines.player_id, lines.bookmaker, lines.line
    from {{ ref('int_prop_lines__clean') }} as lines
    left join {{ ref('int_schedule__clean') }} as schedule on schedule.game_id = lines.game_id
    where lines.snapshot_utc is null
        or lines.snapshot_utc < coalesce(schedule.tipoff_utc, lines.commence_utc)

),

final as (

    select graded.*
    from graded
    left join offered
        on offered.game_id = graded.game_id
        and offered.player_id = graded.player_id
        and offered.bookmaker = graded.line_book
        and offered.line = graded.line_value
    where offered.game_id is null

)

select * from final
