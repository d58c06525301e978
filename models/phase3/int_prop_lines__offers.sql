{#- Every offer a bettor could take before tip-off: per (player, game, book) the lines of the
    book's latest pre-game snapshot (macros/prop_lines.sql, the rule the consensus uses), each
    with its over and under price (NULL when the feed has none). Alternate lines are offers too.
    The runner picks the side and book with the best expected value among them. -#}
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

final as (

    select
        game_id,
        game_date,
        player_id,
        bookmaker,
        snapshot_utc,
        line,
        over_price,
        under_price
    from latest
    where snapshot_utc = latest_snapshot_utc
        or (latest_snapshot_utc is null and snapshot_utc is null)

)

select * from final
