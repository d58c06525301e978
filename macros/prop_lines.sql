{#- The one pre-game rule for prop lines, shared by the consensus (int_prop_lines__consensus) and
    the books' offers (int_prop_lines__offers). Expects the import CTEs `int_prop_lines__clean`
    and `int_schedule__clean`. A snapshot counts only when taken before tip-off (the
    schedule's, else the feed's commence time), before the feed's commence time, by the var
    `lines_as_of` on the game's date (`HH:MM` US Eastern; empty: no cut) and before the optional
    `line_cutoff_utc` var; rows without a capture time count as pre-game of unknown time. The
    per-date cut makes a backfill over a timed feed see each date's lines as a run at that time
    of its morning saw them. -#}
{% macro pre_game_line_filter() -%}
    {%- set cutoff = var('line_cutoff_utc', none) -%}
    {%- set as_of = lines_as_of() -%}
    where int_prop_lines__clean.snapshot_utc is null
        or (
            int_prop_lines__clean.snapshot_utc < coalesce(int_schedule__clean.tipoff_utc, int_prop_lines__clean.commence_utc)
            and int_prop_lines__clean.snapshot_utc < int_prop_lines__clean.commence_utc
            {%- if as_of %}
            and int_prop_lines__clean.snapshot_utc <= {{ eastern_time_on_date_utc('int_prop_lines__clean.game_date', as_of) }}
            {%- endif %}
            {%- if cutoff is not none %}
            and int_prop_lines__clean.snapshot_utc <= {{ timestamp_literal(cutoff) }}
            {%- endif %}
        )
{%- endmacro %}

{#- The var `lines_as_of` checked: '' (no per-date cut) or a wall-clock time `HH:MM`. -#}
{% macro lines_as_of() -%}
    {%- set value = var('lines_as_of', '') | string | trim -%}
    {%- if value and not modules.re.match('^([01][0-9]|2[0-3]):[0-5][0-9]$', value) -%}
        {{ exceptions.raise_compiler_error("var lines_as_of (NBA_PROPS_LINES_AS_OF) must be a time of day HH:MM (US Eastern), e.g. 10:00; got '" ~ value ~ "'") }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}

{#- Timestamp literal from a string. -#}
{% macro timestamp_literal(value) -%}
    cast('{{ value }}' as timestamp)
{%- endmacro %}

{#- Lines a book took down before the cut. A book's capture of a game's board is a pre-game
    snapshot time at which it listed two or more of the game's players (a feed timed player by
    player has none, so it never reads as a withdrawal); a player missing from a capture of his
    book's board later than his own latest snapshot there was taken down at that book.
    `pre_game_rows` names the CTE of the rows pre_game_line_filter kept (game_id, player_id,
    bookmaker, snapshot_utc), `latest_snapshots` a CTE of them with each (game, player, book)'s
    latest_snapshot_utc (the model's own); yields the CTEs `board_captures` and `withdrawn_books`
    (game_id, player_id, bookmaker, withdrawn_snapshot_utc: the first such capture). -#}
{% macro withdrawn_books_ctes(pre_game_rows, latest_snapshots) -%}
board_captures as (

    select game_id, bookmaker, snapshot_utc
    from {{ pre_game_rows }}
    where snapshot_utc is not null
    group by game_id, bookmaker, snapshot_utc
    having count(distinct player_id) >= 2

),

withdrawn_books as (

    select
        player_books.game_id,
        player_books.player_id,
        player_books.bookmaker,
        min(board_captures.snapshot_utc) as withdrawn_snapshot_utc
    from (
        select distinct game_id, player_id, bookmaker, latest_snapshot_utc
        from {{ latest_snapshots }}
    ) as player_books
    inner join board_captures
        on board_captures.game_id = player_books.game_id
        and board_captures.bookmaker = player_books.bookmaker
        and board_captures.snapshot_utc > player_books.latest_snapshot_utc
    group by player_books.game_id, player_books.player_id, player_books.bookmaker

)
{%- endmacro %}
