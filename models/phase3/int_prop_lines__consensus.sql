{#- The one as-of line function: per (player, game) the pre-game lines of every book.
    - A snapshot counts only when taken before tip-off (macros/prop_lines.sql, the rule the
      books' offers share); rows without a capture time count as pre-game of unknown time.
    - Per book: its latest usable snapshot. Its main line there is a line it offered:
        - priced lines: the one whose over and under implied probabilities are closest;
        - no prices: the one nearest the other books' lines for that player and game (their
          median, a priced book counting with its main line only), else, with no other book,
          nearest the player's recent scoring (points over his last 10 played games in the 365
          days before the date), else nearest the median of its own lines;
        - ties: the lower line.
    - Consensus = median of the books' main lines (a feature; it may lie between books).
    - Graded line: the main line of one named book (`line_book`, `line_value`), the book whose
      main line is nearest the consensus (ties: book name), among the books still offering
      it when any is. Picks are graded against it.
    - Withdrawn: a book that took the player's line down before the cut (macros/prop_lines.sql)
      still counts in the consensus (its last line is the market's view of him should he
      play), but its offers cannot be bet; `line_is_withdrawn` when every book took it down.
    - Opening = the consensus over each book's earliest timed snapshot (NULL when the feed has no
      capture times). -#}
with int_prop_lines__clean as (

    select * from {{ ref('int_prop_lines__clean') }}

),

int_schedule__clean as (

    select game_id, tipoff_utc from {{ ref('int_schedule__clean') }}

),

player_game_summary as (

    select player_id, game_id, game_date, points
    from {{ ref('player_game_summary') }}
    where is_played

),

pre_game as (

    select
        int_prop_lines__clean.game_id,
        int_prop_lines__clean.game_date,
        int_prop_lines__clean.player_id,
        int_prop_lines__clean.bookmaker,
        int_prop_lines__clean.snapshot_utc,
        int_prop_lines__clean.line,
        {{ implied_probability('int_prop_lines__clean.over_price') }} - {{ implied_probability('int_prop_lines__clean.under_price') }} as price_gap_signed
    from int_prop_lines__clean
    inner join int_schedule__clean on int_schedule__clean.game_id = int_prop_lines__clean.game_id
    {{ pre_game_line_filter() }}

),

book_snapshots as (

    select
        pre_game.*,
        abs(price_gap_signed) as price_gap,
        max(snapshot_utc) over (partition by game_id, player_id, bookmaker) as latest_snapshot_utc,
        min(snapshot_utc) over (partition by game_id, player_id, bookmaker) as earliest_snapshot_utc
    from pre_game

),

{{ withdrawn_books_ctes('pre_game', 'book_snapshots') }},

{#- The player's points over his last 10 played games before the date (any season, 365 days):
    the reference of a single unpriced book. -#}
recent_scoring as (

    select
        game_id,
        player_id,
        avg(points) as points_avg_last_10
    from (
        select
            player_lines.game_id,
            player_lines.player_id,
            player_game_summary.points,
            row_number() over (
                partition by player_lines.game_id, player_lines.player_id
                order by player_game_summary.game_date desc, player_game_summary.game_id desc
            ) as recency_rank
        from (select distinct game_id, game_date, player_id from pre_game) as player_lines
        inner join player_game_summary
            on player_game_summary.player_id = player_lines.player_id
            and player_game_summary.game_date < player_lines.game_date
            and player_game_summary.game_date >= {{ dbt.dateadd('day', -365, 'player_lines.game_date') }}
    ) as history
    where recency_rank <= 10
    group by game_id, player_id

),
{% for which in ['current', 'opening'] %}
{{ which }}_lines as (

    select
        book_snapshots.*,
        row_number() over (
            partition by game_id, player_id, bookmaker
            order by case when price_gap is null then 1 else 0 end, price_gap, line
        ) as price_rank,
        count(price_gap) over (partition by game_id, player_id, bookmaker) as priced_lines
    from book_snapshots
    {%- if which == 'current' %}
    where snapshot_utc = latest_snapshot_utc
        or (latest_snapshot_utc is null and snapshot_utc is null)
    {%- else %}
    where snapshot_utc = earliest_snapshot_utc
    {%- endif %}

),

{{ which }}_books as (

    select game_id, player_id, bookmaker, {{ median_agg('line') }} as own_median_line
    from {{ which }}_lines
    group by game_id, player_id, bookmaker

),

{#- What each book shows the others: its priced main line, or all its lines when unpriced. -#}
{{ which }}_anchors as (

    select game_id, player_id, bookmaker, line
    from {{ which }}_lines
    where priced_lines = 0 or price_rank = 1

),

{{ which }}_references as (

    select
        books.game_id,
        books.player_id,
        books.bookmaker,
        books.own_median_line,
        {{ median_agg('anchors.line') }} as other_books_line
    from {{ which }}_books as books
    left join {{ which }}_anchors as anchors
        on anchors.game_id = books.game_id
        and anchors.player_id = books.player_id
        and anchors.bookmaker != books.bookmaker
    group by books.game_id, books.player_id, books.bookmaker, books.own_median_line

),

{{ which }}_ranked as (

    select
        candidate_lines.*,
        row_number() over (
            partition by candidate_lines.game_id, candidate_lines.player_id, candidate_lines.bookmaker
            order by
                case when candidate_lines.priced_lines > 0 then candidate_lines.price_rank else 0 end,
                abs(candidate_lines.line - coalesce(
                    {{ which }}_references.other_books_line,
                    recent_scoring.points_avg_last_10,
                    {{ which }}_references.own_median_line)),
                candidate_lines.line
        ) as main_rank
    from {{ which }}_lines as candidate_lines
    left join {{ which }}_references
        on {{ which }}_references.game_id = candidate_lines.game_id
        and {{ which }}_references.player_id = candidate_lines.player_id
        and {{ which }}_references.bookmaker = candidate_lines.bookmaker
    left join recent_scoring
        on recent_scoring.game_id = candidate_lines.game_id
        and recent_scoring.player_id = candidate_lines.player_id

),

{{ which }}_book_lines as (

    select
        game_id,
        game_date,
        player_id,
        bookmaker,
        snapshot_utc,
        line as main_line
    from {{ which }}_ranked
    where main_rank = 1

),

{{ which }}_consensus as (

    select
        game_id,
        game_date,
        player_id,
        {{ median_agg('main_line') }} as line_consensus,
        count(*) as book_count,
        max(snapshot_utc) as snapshot_utc
    from {{ which }}_book_lines
    group by game_id, game_date, player_id

),
{% endfor %}
graded_books as (

    select
        current_book_lines.game_id,
        current_book_lines.player_id,
        current_book_lines.bookmaker,
        current_book_lines.main_line,
        current_book_lines.snapshot_utc,
        withdrawn_books.withdrawn_snapshot_utc is not null as is_withdrawn,
        count(withdrawn_books.withdrawn_snapshot_utc) over (
            partition by current_book_lines.game_id, current_book_lines.player_id
        ) as withdrawn_book_count,
        row_number() over (
            partition by current_book_lines.game_id, current_book_lines.player_id
            order by
                case when withdrawn_books.withdrawn_snapshot_utc is null then 0 else 1 end,
                abs(current_book_lines.main_line - current_consensus.line_consensus),
                current_book_lines.bookmaker
        ) as graded_rank
    from current_book_lines
    inner join current_consensus
        on current_consensus.game_id = current_book_lines.game_id
        and current_consensus.player_id = current_book_lines.player_id
    left join withdrawn_books
        on withdrawn_books.game_id = current_book_lines.game_id
        and withdrawn_books.player_id = current_book_lines.player_id
        and withdrawn_books.bookmaker = current_book_lines.bookmaker

),

final as (

    select
        current_consensus.game_id,
        current_consensus.game_date,
        current_consensus.player_id,
        graded_books.bookmaker as line_book,
        graded_books.main_line as line_value,
        current_consensus.line_consensus,
        current_consensus.book_count as line_book_count,
        graded_books.withdrawn_book_count as line_withdrawn_book_count,
        graded_books.is_withdrawn as line_is_withdrawn,
        graded_books.snapshot_utc as line_snapshot_utc,
        opening_consensus.line_consensus as opening_line_value,
        opening_consensus.snapshot_utc as opening_snapshot_utc
    from current_consensus
    inner join graded_books
        on graded_books.game_id = current_consensus.game_id
        and graded_books.player_id = current_consensus.player_id
        and graded_books.graded_rank = 1
    left join opening_consensus
        on opening_consensus.game_id = current_consensus.game_id
        and opening_consensus.player_id = current_consensus.player_id

)

select * from final
