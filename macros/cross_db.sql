{#- Every dialect difference between DuckDB and BigQuery lives in this file, side by side: a
    dispatch macro (default__ = DuckDB, bigquery__) or portable SQL that hides one (clamp).
    Macros of the domain live in files named after what they do (seasons.sql, odds.sql,
    scoring_rules.sql, arithmetic.sql, ...); macros/_macros.yml documents every one. -#}

{#- The type a contract type name (var contract_types: GoogleSQL's names) is on this target:
    the DuckDB type the var maps it to, the name itself on BigQuery. An unknown name fails. -#}
{% macro contract_data_type(name) -%}
    {%- if name not in var('contract_types') -%}
        {{ exceptions.raise_compiler_error("contract type '" ~ name ~ "' is not one of var contract_types (dbt_project.yml): " ~ (var('contract_types') | list | join(', '))) }}
    {%- endif -%}
    {{ return(adapter.dispatch('contract_data_type', 'nba_props')(name)) }}
{%- endmacro %}
{% macro default__contract_data_type(name) -%} {{ return(var('contract_types')[name]) }} {%- endmacro %}
{% macro bigquery__contract_data_type(name) -%} {{ return(name) }} {%- endmacro %}

{#- dbt's contract on DuckDB: the check (columns of `cast(null as <type>)`) and the table DDL
    read each column's YAML data_type as SQL, and YAML cannot call macros, so these two
    overrides of dbt's own dispatch macros hand them the columns with contract_data_type()
    applied. BigQuery takes the names as written: its dbt macros stay dbt's. -#}
{% macro duckdb__get_empty_schema_sql(columns) -%}
    {{ return(dbt.default__get_empty_schema_sql(contract_columns(columns))) }}
{%- endmacro %}
{% macro duckdb__get_table_columns_and_constraints() -%}
    {%- set columns = adapter.render_raw_columns_constraints(raw_columns=contract_columns(model['columns'])) -%}
    {%- set model_constraints = adapter.render_raw_model_constraints(raw_constraints=model['constraints']) -%}
    ({{ (columns + model_constraints) | join(', ') }})
{%- endmacro %}

{#- The columns of a contract (name -> column) with each data_type on this target. -#}
{% macro contract_columns(columns) -%}
    {%- set typed = {} -%}
    {%- for name, column in columns.items() -%}
        {%- set copy = dict(column) -%}
        {%- if column.get('data_type') -%}
            {%- do copy.update({'data_type': contract_data_type(column['data_type'])}) -%}
        {%- endif -%}
        {%- do typed.update({name: copy}) -%}
    {%- endfor -%}
    {{ return(typed) }}
{%- endmacro %}

{#- 64-bit float type: dbt.type_float() is a 32-bit REAL on DuckDB. -#}
{% macro type_double() -%} {{ return(contract_data_type('float64')) }} {%- endmacro %}

{% macro type_bigint_array() -%} {{ return(contract_data_type('array<int64>')) }} {%- endmacro %}

{#- NaN marks a defaulted slot of the model vector (arrays cannot hold NULL on BigQuery). -#}
{% macro nan_double() -%}
    cast('nan' as {{ type_double() }})
{%- endmacro %}

{#- An array of doubles from a list of SQL expressions; NULL elements become NaN. -#}
{% macro double_array(expressions) -%}
    [
    {%- for expr in expressions %}
        coalesce(cast({{ expr }} as {{ type_double() }}), {{ nan_double() }}){{ "," if not loop.last }}
    {%- endfor %}
    ]
{%- endmacro %}

{#- pairs: list of [index, is_default_sql]. Returns the ascending array of indices whose flag
    is true; a NULL flag counts as not default (callers pass NULL-safe flags). -#}
{% macro default_feature_indices(pairs) -%}
    {{ return(adapter.dispatch('default_feature_indices', 'nba_props')(pairs)) }}
{%- endmacro %}
{% macro default__default_feature_indices(pairs) -%}
    list_concat(
    {%- for idx, cond in pairs %}
        case when coalesce({{ cond }}, false) then [cast({{ idx }} as bigint)] else cast([] as bigint[]) end{{ "," if not loop.last }}
    {%- endfor %}
    )
{%- endmacro %}
{% macro bigquery__default_feature_indices(pairs) -%}
    array_concat(
    {%- for idx, cond in pairs %}
        if(coalesce({{ cond }}, false), [cast({{ idx }} as int64)], array<int64>[]){{ "," if not loop.last }}
    {%- endfor %}
    )
{%- endmacro %}

{% macro array_len(expr) -%}
    coalesce(array_length({{ expr }}), 0)
{%- endmacro %}

{#- Element i (0-based) of an array. -#}
{% macro array_element(expr, index) -%}
    {{ return(adapter.dispatch('array_element', 'nba_props')(expr, index)) }}
{%- endmacro %}
{% macro default__array_element(expr, index) -%} ({{ expr }})[{{ index }} + 1] {%- endmacro %}
{% macro bigquery__array_element(expr, index) -%} ({{ expr }})[safe_offset({{ index }})] {%- endmacro %}

{#- Exact median as an aggregate. -#}
{% macro median_agg(expr) -%}
    {{ return(adapter.dispatch('median_agg', 'nba_props')(expr)) }}
{%- endmacro %}
{% macro default__median_agg(expr) -%} median({{ expr }}) {%- endmacro %}
{% macro bigquery__median_agg(expr) -%}
    (select percentile_cont(v, 0.5) over () from unnest(array_agg({{ expr }} ignore nulls)) as v limit 1)
{%- endmacro %}

{#- NULL in, NULL out (DuckDB's least/greatest skip NULLs, BigQuery's return NULL). -#}
{% macro clamp(expr, low, high) -%}
    case when ({{ expr }}) is null then null else least(greatest({{ expr }}, {{ low }}), {{ high }}) end
{%- endmacro %}

{% macro regex_contains(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_contains', 'nba_props')(expr, pattern)) }}
{%- endmacro %}
{% macro default__regex_contains(expr, pattern) -%} regexp_matches({{ expr }}, '{{ pattern }}') {%- endmacro %}
{% macro bigquery__regex_contains(expr, pattern) -%} regexp_contains({{ expr }}, r'{{ pattern }}') {%- endmacro %}

{#- The data README's name rule: NFKD, drop non-ASCII, lower-case, delete . , ' ’ `,
    '-' to space, drop suffix words jr sr ii iii iv v, collapse spaces. -#}
{% macro normalize_person_name(expr) -%}
    {{ return(adapter.dispatch('normalize_person_name', 'nba_props')(expr)) }}
{%- endmacro %}
{% macro default__normalize_person_name(expr) -%}
    trim(regexp_replace(regexp_replace(replace(regexp_replace(
        lower(regexp_replace(strip_accents({{ expr }}), '[^\x00-\x7F]', '', 'g')),
        '[.,''’`]', '', 'g'), '-', ' '),
        '\b(jr|sr|ii|iii|iv|v)\b', '', 'g'), '\s+', ' ', 'g'))
{%- endmacro %}
{% macro bigquery__normalize_person_name(expr) -%}
    trim(regexp_replace(regexp_replace(replace(regexp_replace(
        lower(regexp_replace(normalize({{ expr }}, nfkd), r'[^\x00-\x7F]', '')),
        r"[.,'’`]", ''), '-', ' '),
        r'\b(jr|sr|ii|iii|iv|v)\b', ''), r'\s+', ' '))
{%- endmacro %}

{#- Cast that yields NULL instead of failing on unparseable input. -#}
{% macro try_cast_as(expr, data_type) -%}
    {{ return(adapter.dispatch('try_cast_as', 'nba_props')(expr, data_type)) }}
{%- endmacro %}
{% macro default__try_cast_as(expr, data_type) -%} try_cast({{ expr }} as {{ data_type }}) {%- endmacro %}
{% macro bigquery__try_cast_as(expr, data_type) -%} safe_cast({{ expr }} as {{ data_type }}) {%- endmacro %}

{#- `*` without some columns. -#}
{% macro star_except(columns) -%}
    {{ return(adapter.dispatch('star_except', 'nba_props')(columns)) }}
{%- endmacro %}
{% macro default__star_except(columns) -%} exclude ({{ columns | join(', ') }}) {%- endmacro %}
{% macro bigquery__star_except(columns) -%} except ({{ columns | join(', ') }}) {%- endmacro %}

{#- Replace every match of a regular expression (pattern without single quotes). -#}
{% macro regexp_replace_all(expr, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'nba_props')(expr, pattern, replacement)) }}
{%- endmacro %}
{% macro default__regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}
{% macro bigquery__regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, r'{{ pattern }}', '{{ replacement }}')
{%- endmacro %}

{#- The n-th (1-based) part of a string split by a delimiter, NULL when absent or empty. -#}
{% macro split_part_or_null(expr, delimiter, n) -%}
    {{ return(adapter.dispatch('split_part_or_null', 'nba_props')(expr, delimiter, n)) }}
{%- endmacro %}
{% macro default__split_part_or_null(expr, delimiter, n) -%}
    nullif(trim(split_part({{ expr }}, '{{ delimiter }}', {{ n }})), '')
{%- endmacro %}
{% macro bigquery__split_part_or_null(expr, delimiter, n) -%}
    nullif(trim(split({{ expr }}, '{{ delimiter }}')[safe_offset({{ n - 1 }})]), '')
{%- endmacro %}

{#- Days since 1970-01-01 of a date, an integer: the order key of window frames that span a
    number of days (BigQuery's RANGE frames need a numeric key). -#}
{% macro day_number(date_expr) -%}
    {{ return(adapter.dispatch('day_number', 'nba_props')(date_expr)) }}
{%- endmacro %}
{% macro default__day_number(date_expr) -%} (cast({{ date_expr }} as date) - date '1970-01-01') {%- endmacro %}
{% macro bigquery__day_number(date_expr) -%} unix_date(cast({{ date_expr }} as date)) {%- endmacro %}

{% macro type_exact_decimal() -%}
    {{ return(adapter.dispatch('type_exact_decimal', 'nba_props')()) }}
{%- endmacro %}
{% macro default__type_exact_decimal() -%} decimal(38, 9) {%- endmacro %}
{% macro bigquery__type_exact_decimal() -%} bignumeric {%- endmacro %}

{#- A SQL string literal holding `value` verbatim: DuckDB doubles single quotes; BigQuery
    escapes with a backslash ('' would be two adjacent literals there) and needs backslashes
    and newlines escaped too. -#}
{% macro sql_string_literal(value) -%}
    {{ return(adapter.dispatch('sql_string_literal', 'nba_props')(value)) }}
{%- endmacro %}
{% macro default__sql_string_literal(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}
{% macro bigquery__sql_string_literal(value) -%}
    '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") | replace("\n", "\\n") }}'
{%- endmacro %}

{#- The Monday of a date's ISO week, as a date (the report's weekly grain). -#}
{% macro week_start(expr) -%}
    {{ return(adapter.dispatch('week_start', 'nba_props')(expr)) }}
{%- endmacro %}
{% macro default__week_start(expr) -%} cast(date_trunc('week', {{ expr }}) as date) {%- endmacro %}
{% macro bigquery__week_start(expr) -%} date_trunc({{ expr }}, isoweek) {%- endmacro %}

{#- The UTC instant of a wall-clock time (`HH:MM`) in US Eastern on a date, as a timestamp
    comparable with snapshot_utc: daylight saving follows the date. -#}
{% macro eastern_time_on_date_utc(date_expr, time_of_day) -%}
    {{ return(adapter.dispatch('eastern_time_on_date_utc', 'nba_props')(date_expr, time_of_day)) }}
{%- endmacro %}
{% macro default__eastern_time_on_date_utc(date_expr, time_of_day) -%}
    timezone('UTC', timezone('America/New_York', cast({{ date_expr }} as date) + time '{{ time_of_day }}:00'))
{%- endmacro %}
{% macro bigquery__eastern_time_on_date_utc(date_expr, time_of_day) -%}
    timestamp(datetime(cast({{ date_expr }} as date), time '{{ time_of_day }}:00'), 'America/New_York')
{%- endmacro %}
