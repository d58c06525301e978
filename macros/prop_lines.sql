{#- The one pre-game rule for prop lines, shared by the consensus (int_prop_lines__consensus) and
    the books' offers (int_prop_lines__offers). Expects the import CTEs `int_prop_lines__clean`
    and `int_schedule__clean`. A snapshot counts only when taken before tip-off (the
    schedule's, else the feed's commence time), before the feed's commence time and before the
    optional `line_cutoff_utc` var; rows without a capture time count as pre-game of unknown time. -#}
{% macro pre_game_line_filter() -%}
    {%- set cutoff = var('line_cutoff_utc', none) -%}
    where int_prop_lines__clean.snapshot_utc is null
        or (
            int_prop_lines__clean.snapshot_utc < coalesce(int_schedule__clean.tipoff_utc, int_prop_lines__clean.commence_utc)
            and int_prop_lines__clean.snapshot_utc < int_prop_lines__clean.commence_utc
            {%- if cutoff is not none %}
            and int_prop_lines__clean.snapshot_utc <= {{ timestamp_literal(cutoff) }}
            {%- endif %}
        )
{%- endmacro %}

{#- Timestamp literal from a string. -#}
{% macro timestamp_literal(value) -%}
    cast('{{ value }}' as timestamp)
{%- endmacro %}
