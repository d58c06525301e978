{#- The one as-of line function: per (player, game) the consensus of pre-game lines.
    - A snapshot counts only when taken before tip-off (and before the optional `line_cutoff_utc`
      var); rows without a capture time count as pre-game of unknown time.
    - Per book: its latest usable snapshot; its main line there is the line whose over and under
      implied probabilities are closest, or the median of its lines when prices are unknown.
    - Consensus = median over books. Opening = the same over each book's earliest timed snapshot
      (NULL when the feed has no capture times). -#}
{%- set cutoff = var('line_cutoff_utc', none) -%}

with lines as (

    select * from {{ ref('stg_nba__prop_lines') }}

),

schedule as (

    select game_id, tipoff_utc from {{ ref('stg_nba__schedule') }}

),

pre_game as (

    select
        lines.game_id,
        lines.game_date,
        lines.player_id,
        lines.bookmaker,
        lines.snapshot_utc,
        lines.line,
        {{ implied_probability('lines.over_price') }} - {{ implied_probability('lines.under_price') }} as price_gap_signed
    from lines
    inner join schedule on schedule.game_id = lines.game_id
    where lines.snapshot_utc is null
        or (
            lines.snapshot_utc < coalesce(schedule.tipoff_utc, lines.commence_utc)
            and lines.snapshot_utc < lines.commence_utc
            {%- if cutoff is not none %}
            and lines.snapshot_utc <= {{ timestamp_literal(cutoff) }}
            {%- endif %}
        )

),

book_snapshots as (

    select
        pre_game.*,
        abs(price_gap_signed) as price_gap,
        max(snapshot_utc) over (partition by game_id, player_id, bookmaker) as latest_snapshot_utc,
        min(snapshot_utc) over (partition by game_id, player_id, bookmaker) as earliest_snapshot_utc
    from pre_game

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

{{ which }}_book_lines as (

    select
        game_id,
        game_date,
        player_id,
        bookmaker,
        max(snapshot_utc) as snapshot_utc,
        case
            when max(priced_lines) > 0 then max(case when price_rank = 1 then line end)
            else {{ median_agg('line') }}
        end as main_line
    from {{ which }}_lines
    group by game_id, game_date, player_id, bookmaker

),

{{ which }}_consensus as (

    select
        game_id,
        game_date,
        player_id,
        {{ median_agg('main_line') }} as line_value,
        count(*) as book_count,
        max(snapshot_utc) as snapshot_utc
    from {{ which }}_book_lines
    group by game_id, game_date, player_id

),
{% endfor %}
final as (

    select
        current_consensus.game_id,
        current_consensus.game_date,
        current_consensus.player_id,
        current_consensus.line_value,
        current_consensus.book_count as line_book_count,
        current_consensus.snapshot_utc as line_snapshot_utc,
        opening_consensus.line_value as opening_line_value,
        opening_consensus.snapshot_utc as opening_snapshot_utc
    from current_consensus
    left join opening_consensus
        on opening_consensus.game_id = current_consensus.game_id
        and opening_consensus.player_id = current_consensus.player_id

)

select * from final
