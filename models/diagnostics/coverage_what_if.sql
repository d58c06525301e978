{{ config(**window_incremental_config(cluster_by=['what_if_kind', 'what_if_name'])) }}
{#- Coverage what-if: per game date, for each feature alone (what_if_kind = 'feature') and for
    each source class as a whole ('source_class': every feature of that class), how many blocked
    candidates had it default, how many would have passed the serving gate had it been real,
    and how many of those had a line (the predictions a fix would buy). A hypothetical row is
    the candidate's store row with those features real: required defaults fall by the required
    ones among them, the quality score and the matchup share gain their real-source weight
    (feature_source_weights), and the alert level and the gate are recomputed by the very
    macros the store and serving use (quality_alert_level, quality_gate_reason, serving_gate),
    so team_unresolved and player_out still block. Keyed by game_date: a window build replaces
    its dates only. -#}
{%- set contract = feature_contract() -%}
{%- set weights = feature_source_weights() -%}
{%- set scored_features = quality_scored_features() -%}
{%- set matchup = scored_features | selectattr('category', 'equalto', 'matchup') | list -%}
{%- set variants = [] -%}
{%- for f in contract -%}
    {%- do variants.append(('feature', f.name, f.source_class, [f])) -%}
{%- endfor -%}
{%- for source_class in contract | map(attribute='source_class') | unique | sort -%}
    {%- do variants.append(('source_class', source_class, source_class, contract | selectattr('source_class', 'equalto', source_class) | list)) -%}
{%- endfor -%}

with upcoming_player_game_context as (

    select * from {{ ref('upcoming_player_game_context') }}
    where {{ in_build_window('game_date') }}
        and in_universe

),

blocked as (

    select player_id, game_date
    from {{ ref('prediction_candidates') }}
    where {{ in_build_window('game_date') }}
        and not passes_gate
        and has_feature_row

),

store as (

    select store.*
    from {{ ref('ml_feature_store_v2') }} as store
    inner join blocked
        on blocked.player_id = store.player_id
        and blocked.game_date = store.game_date
    where {{ in_build_window('store.game_date') }}

),

weighted as (

    select
        store.*,
        {% for f in scored_features %}{{ feature_source_weight(f) }}{{ " + " if not loop.last }}{% endfor %} as total_weight,
        {% for f in matchup %}{{ feature_source_weight(f) }}{{ " + " if not loop.last }}{% endfor %} as matchup_weight
    from store

),

fixed as (
    {%- for kind, name, source_class, members in variants %}
    {%- set members_matchup = members | selectattr('category', 'equalto', 'matchup') | rejectattr('quality_scored', 'false') | list %}
    select
        player_id,
        game_date,
        '{{ kind }}' as what_if_kind,
        '{{ name }}' as what_if_name,
        '{{ source_class }}' as source_class,
        features,
        default_feature_indices,
        default_feature_count,
        required_default_count
            - ({% for f in members %}case when {{ f.name }} is null then {{ 0 if f.get('optional') else 1 }} else 0 end{{ " + " if not loop.last }}{% endfor %})
            as required_default_count,
        cast(round((total_weight + {% for f in members %}{{ feature_real_weight_gain(f) }}{{ " + " if not loop.last }}{% endfor %}) / {{ scored_features | length }}.0, 2) as {{ type_double() }})
            as feature_quality_score,
        quality_tier,
        {%- if members_matchup %}
        cast(round((matchup_weight + {% for f in members_matchup %}{{ feature_real_weight_gain(f) }}{{ " + " if not loop.last }}{% endfor %}) / {{ matchup | length }}.0, 1) as {{ type_double() }})
        {%- else %}
        matchup_quality_pct
        {%- endif %} as matchup_quality_pct
    from weighted
    where {% for f in members %}{{ f.name }} is null{{ " or " if not loop.last }}{% endfor %}
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

alerted as (

    select
        fixed.*,
        {{ quality_alert_level() }} as quality_alert_level
    from fixed

),

hypothetical as (

    select
        alerted.*,
        {{ quality_gate_reason() }} as quality_gate_reason,
        coalesce({{ quality_gate_reason() }} is null, false) as is_quality_ready
    from alerted

),

gated as (

    {{ serving_gate('upcoming_player_game_context', 'hypothetical', ['what_if_kind', 'what_if_name', 'source_class']) }}

),

final as (

    select
        game_date,
        what_if_kind,
        what_if_name,
        source_class,
        count(*) as blocked_with_gap,
        cast(sum(case when gate_reason is null then 1 else 0 end) as {{ dbt.type_bigint() }}) as would_pass,
        cast(sum(case when gate_reason is null and line_value is not null then 1 else 0 end) as {{ dbt.type_bigint() }}) as would_pass_with_line
    from gated
    where what_if_kind is not null
    group by game_date, what_if_kind, what_if_name, source_class

)

select * from final
