{#- Every offer a bettor could take before tip-off: per (player, game, book) the lines of the
    book's latest pre-game snapshot (macros/prop_lines.sql, the rule the consensus uses), each
    with its over and under price (NULL when the feed has none). Alternate lines are offers too.
    A line the book took down before the cut (a later capture of the game's board without the
    player) is kept and flagged `is_withdrawn`: it can no longer be bet, and the runner shops
    only the others for the side and book with the best expected value. -#}
with int_prop_lines__clean as (

    select * from {{ ref('int_prop_lines__clean') }}

),

int_schedule__clean as (

    select game_id, tipoff_utc from {{ ref('int_schedule__clean') }}

),

pre_game as (

    select
        int_prop_lines__clean.game_id,
        int_prop_lines__clean.game_date,
        int_prop_lines__clean.player_id,
        int_prop_lines__clean.bookmaker,
        int_prop_lines__clean.snapshot_utc,
        int_prop_lines__clean.line,
        int_prop_lines__clean.over_price,
        int_prop_lines__clean.under_price
    from int_prop_lines__clean
    inner join int_schedule__clean on int_schedule__clean.game_id = int_prop_lines__clean.game_id
    {{ pre_game_line_filter() }}

),

latest as (

    select
        pre_game.*,
        max(snapshot_utc) over (partition by game_id, player_id, bookmaker) as latest_snapshot_utc
    from pre_game

),

{{ withdrawn_books_ctes('pre_game', 'latest') }},

final as (

    select
        latest.game_id,
        latest.game_date,
        latest.player_id,
        latest.bookmaker,
        latest.snapshot_utc,
        latest.line,
        latest.over_price,
        latest.under_price,
        withdrawn_books.withdrawn_snapshot_utc,
        withdrawn_books.withdrawn_snapshot_utc is not null as is_withdrawn
    from latest
    left join withdrawn_books
        on withdrawn_books.game_id = latest.game_id
        and withdrawn_books.player_id = latest.player_id
        and withdrawn_books.bookmaker = latest.bookmaker
    where latest.snapshot_utc = latest.latest_snapshot_utc
        or (latest.latest_snapshot_utc is null and latest.snapshot_utc is null)

)

select * from final
