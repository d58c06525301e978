{#- The one pre-game rule for prop lines, shared by the consensus (int_prop_lines__consensus) and
    the books' offers (int_prop_lines__offers). Expects the aliases `lines` (stg_nba__prop_lines)
    and `schedule` (stg_nba__schedule). A snapshot counts only when taken before tip-off (the
    schedule's, else the feed's commence time), before the feed's commence time and before the
    optional `line_cutoff_utc` var; rows without a capture time count as pre-game of unknown time. -#}
{% macro pre_game_line_filter() -%}
    {%- set cutoff = var('line_cutoff_utc', none) -%}
    where lines.snapshot_utc is null
        or (
            lines.snapshot_utc < coalesce(schedule.tipoff_utc, lines.commence_utc)
            and lines.snapshot_utc < lines.commence_utc
            {%- if cutoff is not none %}
            and lines.snapshot_utc <= {{ timestamp_literal(cutoff) }}
            {%- endif %}
        )
{%- endmacro %}

{#- Timestamp literal from a string. -#}
{% macro timestamp_literal(value) -%}
    cast('{{ value }}' as timestamp)
{%- endmacro %}
