{#- Select-list columns that classify copies of a key: `_copy_number` (1 for the kept copy)
    and `_is_conflicting_duplicate` (copies of the key that differ in some column). -#}
{% macro duplicate_flags(key_columns, compared_columns) -%}
    row_number() over (partition by {{ key_columns | join(', ') }} order by {{ row_fingerprint(compared_columns) }}) as _copy_number,
    min({{ row_fingerprint(compared_columns) }}) over (partition by {{ key_columns | join(', ') }})
        != max({{ row_fingerprint(compared_columns) }}) over (partition by {{ key_columns | join(', ') }}) as _is_conflicting_duplicate
{%- endmacro %}

{#- The duplicate part of a quarantine reason, to be placed first in a `case`. -#}
{% macro duplicate_reason_whens() -%}
    when _is_conflicting_duplicate then 'conflicting_duplicate_key'
    when _copy_number > 1 then 'exact_duplicate'
{%- endmacro %}

{#- True when any listed column is negative. -#}
{% macro any_negative(columns) -%}
    ({% for c in columns %}coalesce({{ c }} < 0, false){{ " or " if not loop.last }}{% endfor %})
{%- endmacro %}

{#- Left joins that resolve `name_column` of `relation_alias` to a player_id by the data README's
    rule: exact alias first, else the one player whose normalised name matches. Adds the columns
    `<prefix>player_id` and `<prefix>ambiguous` (several players share the normalised name). -#}
{% macro resolve_player_name_joins(relation_alias, name_column, prefix) -%}
    left join {{ ref('int_player_name_index') }} as {{ prefix }}alias
        on {{ prefix }}alias.match_rule = 'alias'
        and {{ prefix }}alias.lookup_name = {{ relation_alias }}.{{ name_column }}
    left join {{ ref('int_player_name_index') }} as {{ prefix }}unique_name
        on {{ prefix }}unique_name.match_rule = 'normalized_name'
        and {{ prefix }}unique_name.candidate_count = 1
        and {{ prefix }}unique_name.lookup_name = {{ normalize_person_name(relation_alias ~ '.' ~ name_column) }}
    left join (
        select distinct lookup_name
        from {{ ref('int_player_name_index') }}
        where match_rule = 'normalized_name' and candidate_count > 1
    ) as {{ prefix }}shared_name
        on {{ prefix }}shared_name.lookup_name = {{ normalize_person_name(relation_alias ~ '.' ~ name_column) }}
{%- endmacro %}

{% macro resolved_player_id(prefix) -%}
    coalesce({{ prefix }}alias.player_id, {{ prefix }}unique_name.player_id)
{%- endmacro %}

{% macro name_is_ambiguous(prefix) -%}
    ({{ prefix }}shared_name.lookup_name is not null)
{%- endmacro %}

{#- The counting stats of a box score, player's and team's alike (the raw contract's columns). -#}
{% macro box_score_stats() -%}
    {{ return(['points', 'fgm', 'fga', 'fg3m', 'fg3a', 'ftm', 'fta', 'oreb', 'dreb', 'reb', 'ast', 'stl', 'blk', 'tov', 'pf']) }}
{%- endmacro %}

{#- Raw values read per value: `columns` is a list of [column, sql_type] of a raw table. A raw
    file whose column type differs from the contract but casts (text holding numbers, INTEGER for
    BIGINT) is read value by value; a value that does not cast becomes NULL here and its row is
    quarantined by `unparseable_reason`. Select-list items, comma-separated. -#}
{% macro parsed_columns(columns) -%}
    {%- for column, data_type in columns %}
        {{ try_cast_as(column, data_type) }} as {{ column }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- `unparseable_<column>` for the first column of `columns` (as in parsed_columns) holding a
    value that does not cast to its contract type; NULL when every value casts. An empty or blank
    text value is a missing value (files converted from CSV write them), not an unparseable one. -#}
{% macro unparseable_reason(columns) -%}
    case
    {%- for column, data_type in columns %}
        when {{ column }} is not null and {{ try_cast_as(column, data_type) }} is null
            and trim(cast({{ column }} as {{ dbt.type_string() }})) != '' then 'unparseable_{{ column }}'
    {%- endfor %}
    end
{%- endmacro %}

{#- The cut of a morning build (var `known_before`, a date; unset = no cut): the raw rows that
    were known on the morning of that date, as `nba-props daily` builds it on historical data.
    Box scores and shot zones of games before it, injury transactions before it, lines of games
    up to that date (the as-of consensus then keeps the pre-tip snapshots); the schedule and
    the reference tables are known in advance. A value that does not parse as a date is kept
    (it is quarantined as unparseable, never dropped by the cut). The same cut applies to the
    raw counts of raw_row_reconciliation, so raw = clean + quarantined still holds. -#}
{% macro known_raw_rows(table) -%}
    {%- set cut = var('known_before', none) -%}
    {%- set columns = {
        'player_boxscores': ['game_date', '<'],
        'team_boxscores': ['game_date', '<'],
        'player_shot_zones': ['game_date', '<'],
        'injuries': ['transaction_date', '<'],
        'prop_lines': ['game_date', '<='],
    } -%}
    {%- if cut and table in columns -%}
        {%- set column, operator = columns[table] -%}
        where coalesce({{ try_cast_as(column, 'date') }} {{ operator }} cast('{{ cut }}' as date), true)
    {%- endif -%}
{%- endmacro %}

{#- A stable fingerprint of a row, for telling exact duplicates from conflicting ones. -#}
{% macro row_fingerprint(columns) -%}
    {%- set parts = [] -%}
    {%- for c in columns -%}
        {%- do parts.append("coalesce(cast(" ~ c ~ " as " ~ dbt.type_string() ~ "), '~')") -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}

{#- The body of an `int_<table>__checked` model whose checks across tables are the team check
    and, with `minutes_in_game_length`, a player's minutes against his game's length: every
    staged row with its quarantine_reason, the first that applies of the record checks
    (staging), the team check, the value checks (staging), then the minutes, the order the
    contract lists them in. -#}
{% macro checked_against_teams(staged_relation, team_columns, minutes_in_game_length=false) %}
with staged as (

    select * from {{ staged_relation }}

),

stg_nba__teams as (

    select team_abbr from {{ ref('stg_nba__teams') }}

),
{#- The game's length: 48 minutes and 5 per overtime, the overtimes read from the team's
    minutes (the sum of its players', 236 to 244 in regulation, about 265 after one overtime).
    One row per team and game even where the team table has duplicates. -#}
{%- if minutes_in_game_length %}

game_lengths as (

    select
        game_id,
        team_abbr,
        48 + 5 * greatest(0, round((max(minutes) / 5 - 48) / 5)) as game_minutes
    from {{ ref('stg_nba__team_boxscores') }}
    group by game_id, team_abbr

),
{%- endif %}

flagged as (

    select
        staged.*,
        {% for column in team_columns -%}
        staged.{{ column }} in (select team_abbr from stg_nba__teams){{ ' and ' if not loop.last }}
        {%- endfor %} as _teams_known
        {%- if minutes_in_game_length %},
        coalesce(staged.minutes > game_lengths.game_minutes, false) as _minutes_over_game_length
        {%- endif %}
    from staged
    {%- if minutes_in_game_length %}
    left join game_lengths
        on game_lengths.game_id = staged.game_id
        and game_lengths.team_abbr = staged.team_abbr
    {%- endif %}

),

final as (

    select
        * {{ star_except(['record_reason', 'value_reason', '_teams_known'] + (['_minutes_over_game_length'] if minutes_in_game_length else [])) }},
        case
            when record_reason is not null then record_reason
            when not _teams_known then 'unknown_team'
            when value_reason is not null then value_reason
            {%- if minutes_in_game_length %}
            when _minutes_over_game_length then 'minutes_over_game_length'
            {%- endif %}
        end as quarantine_reason
    from flagged

)

select * from final
{% endmacro %}
