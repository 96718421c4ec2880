{% macro clean_text(column, max_length=none) -%}
    {#- Trimmed text, empty string as null; cut to max_length characters when given. -#}
    {%- if max_length is none -%}
        nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), '')
    {%- else -%}
        substr(nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), ''), 1, {{ max_length }})
    {%- endif -%}
{%- endmacro %}


{% macro text_length(column) -%}
    {{ dbt.length("trim(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "))") }}
{%- endmacro %}


{% macro clean_enum(column) -%}
    {#- Lowercased and trimmed (industry labels, compared with the ICP seed as typed). -#}
    lower(nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), ''))
{%- endmacro %}


{% macro normalise_enum(column) -%}
    {#-
        THE normalisation of an enumerated value as exported (activity_type, lead_source, status,
        stage): lowercase, trimmed, every run of spaces, hyphens, underscores, dots or slashes one
        `_`, no leading/trailing `_`. `Demo Request`, `demo-request`, ` DEMO_REQUEST ` are all
        `demo_request`. Empty is null.
    -#}
    nullif(
        {{ lead_funnel.regex_replace(
            lead_funnel.regex_replace(
                'lower(trim(cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')))', '[\\s_./-]+', '_'
            ),
            '^_+|_+$', ''
        ) }},
        ''
    )
{%- endmacro %}


{% macro canonical_enum(column, enum_name) -%}
    {#-
        An enumerated value as exported, normalised (normalise_enum) and mapped through seed
        enum_synonyms (`request_a_demo` -> demo_request). Unknown values stay as normalised (the
        model flags them against seed enum_values).
    -#}
    {%- set synonyms = ref('enum_synonyms') -%}
    {%- set normalised = lead_funnel.normalise_enum(column) -%}
    coalesce(
        (
            select max(enum_synonyms.canonical_value) from {{ synonyms }} as enum_synonyms
            where enum_synonyms.enum_name = '{{ enum_name }}' and enum_synonyms.synonym = {{ normalised }}
        ),
        {{ normalised }}
    )
{%- endmacro %}


{% macro is_text_type(data_type) -%}
    {{ return('char' in data_type or 'string' in data_type or 'text' in data_type) }}
{%- endmacro %}


{% macro parse_number(column, column_types={}, allow_suffix=false) -%}
    {#-
        THE parsing of an amount or a count as exported, as a double. Text values: surrounding
        spaces, `$`, `US$`, `USD` and thousands separators are removed; the decimal separator is
        var decimal_separator (`.`: `21,800.00`; `,`: `21.800,00`); thousands separators must group
        by three (`1,00` does not parse: it is not silently 100). `NaN` and `inf` become NaN and
        infinity (number_problem names them); allow_suffix (employee counts) reads `5k` as 5000 and
        `2M` as 2,000,000. Anything else (other currencies, words, `1.2.3`) is null: callers keep
        the raw text and quarantine or flag the row. Typed (Parquet) numbers are cast as they are.
    -#}
    {%- set data_type = column_types.get(column | lower, 'varchar') -%}
    {%- if not lead_funnel.is_text_type(data_type) -%}
        {{ lead_funnel.safe_cast_or_null(column, dbt.type_float()) }}
    {%- else -%}
        {%- set decimal = var('decimal_separator', '.') -%}
        {%- set text = 'upper(' ~ lead_funnel.regex_replace(
            'trim(cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ '))', 'US\\$|USD|\\$|\\s', ''
        ) ~ ')' -%}
        {%- if decimal == ',' -%}
            {%- set plain = '^[+-]?([0-9]{1,3}(\\.[0-9]{3})+|[0-9]+)(,[0-9]+)?$' -%}
            {%- set as_number = "replace(replace(" ~ text ~ ", '.', ''), ',', '.')" -%}
        {%- else -%}
            {%- set plain = '^[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\\.[0-9]+)?(E[+-]?[0-9]+)?$' -%}
            {%- set as_number = "replace(" ~ text ~ ", ',', '')" -%}
        {%- endif -%}
        case
            when {{ text }} in ('NAN', '+NAN', '-NAN') then cast('NaN' as {{ dbt.type_float() }})
            when {{ text }} in ('INF', '+INF', 'INFINITY', '+INFINITY')
                then cast('Infinity' as {{ dbt.type_float() }})
            when {{ text }} in ('-INF', '-INFINITY') then cast('-Infinity' as {{ dbt.type_float() }})
            when {{ lead_funnel.regex_matches(text, plain) }}
                then {{ lead_funnel.safe_cast_or_null(as_number, dbt.type_float()) }}
            {%- if allow_suffix %}
            when {{ lead_funnel.regex_matches(text, '^[0-9]+([.][0-9]+)?K$') }}
                then {{ lead_funnel.safe_cast_or_null("replace(" ~ text ~ ", 'K', '')", dbt.type_float()) }} * 1000
            when {{ lead_funnel.regex_matches(text, '^[0-9]+([.][0-9]+)?M$') }}
                then {{ lead_funnel.safe_cast_or_null("replace(" ~ text ~ ", 'M', '')", dbt.type_float()) }} * 1000000
            {%- endif %}
        end
    {%- endif -%}
{%- endmacro %}


{% macro number_problem(column, parsed, max_value) -%}
    {#-
        Why a number cannot be used, or null: `invalid` (text that does not parse), `nan`,
        `infinite`, `implausible` (absolute value above max_value, a var). A missing value is
        not a problem here (the model decides whether it is required).
    -#}
    case
        when {{ lead_funnel.clean_text(column) }} is null then null
        when {{ parsed }} is null then 'invalid'
        when {{ lead_funnel.is_nan(parsed) }} then 'nan'
        when abs({{ parsed }}) = cast('Infinity' as {{ dbt.type_float() }}) then 'infinite'
        when abs({{ parsed }}) > {{ max_value }} then 'implausible'
    end
{%- endmacro %}


{% macro usable_number(parsed, problem) -%}
    {#- The parsed number when number_problem found nothing, else null. -#}
    case when {{ problem }} is null then {{ parsed }} end
{%- endmacro %}


{% macro is_nan(value) -%}
    {{ return(adapter.dispatch('is_nan', 'lead_funnel')(value)) }}
{%- endmacro %}

{% macro default__is_nan(value) -%}
    ({{ value }} <> {{ value }})
{%- endmacro %}

{% macro duckdb__is_nan(value) -%}
    isnan({{ value }})
{%- endmacro %}

{% macro spark__is_nan(value) -%}
    isnan({{ value }})
{%- endmacro %}


{% macro column_types(relation) -%}
    {#- {lowercased column name: lowercased data type} of a relation (empty while parsing). -#}
    {%- set types = {} -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do types.update({column.name | lower: column.data_type | lower}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(types) }}
{%- endmacro %}


{% macro safe_timestamp(column, column_types={}, zone_abbreviations=true) -%}
    {#-
        A UTC timestamp, null when it does not parse. The session runs in UTC (profiles.yml), so
        typed TIMESTAMPTZ columns (Parquet) convert to UTC whatever the machine's time zone; naive
        values are UTC. Numeric columns and text of 9-13 digits are epochs
        (timestamp_from_epoch_number: seconds or milliseconds by magnitude). Text values may also
        end in `Z`, an offset (`+02:00`, `-0700`, also after a space), a zone abbreviation of seed
        timezone_abbreviations (`PDT`) or a named zone (`Europe/Paris`): all are converted to UTC.
        A zone that cannot be converted gives null (timestamp_problem: unsupported_time_zone).
        zone_abbreviations=false leaves the seed out (a value ending in an abbreviation is then
        null): for contexts that cannot ref a seed, such as a source's loaded_at_query.
    -#}
    {#- ref at the top, whatever the column type, so every caller depends on the seed at parse time -#}
    {%- set abbreviations = ref('timezone_abbreviations') if zone_abbreviations else none -%}
    {%- set data_type = column_types.get(column | lower, '') -%}
    {%- if lead_funnel.is_text_type(data_type) -%}
        {%- set text = 'trim(cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ '))' -%}
        {%- set abbreviation = 'upper(' ~ lead_funnel.regex_replace(text, '^.*\\s', '') ~ ')' -%}
        {%- set local_time = lead_funnel.regex_replace(text, '\\s+[A-Za-z]{1,5}$', '') -%}
        {%- set offset_minutes -%}
            (
                select max(timezone_abbreviations.utc_offset_minutes)
                from {{ abbreviations }} as timezone_abbreviations
                where timezone_abbreviations.abbreviation = {{ abbreviation }}
            )
        {%- endset -%}
        case
            when {{ lead_funnel.regex_matches(text, '^[0-9]{9,13}(\\.[0-9]+)?$') }}
                then {{ lead_funnel.timestamp_from_epoch_number(text) }}
            {%- if zone_abbreviations %}
            when {{ lead_funnel.regex_matches(text, '[0-9]\\s+[A-Za-z]{1,5}$') }}
                then {{ dbt.dateadd(
                    'minute', '-1 * ' ~ offset_minutes,
                    lead_funnel.safe_cast_or_null(local_time, api.Column.translate_type('timestamp'))
                ) }}
            {%- endif %}
            else {{ adapter.dispatch('utc_timestamp_from_text', 'lead_funnel')(text) }}
        end
    {%- elif lead_funnel.is_number_type(data_type) -%}
        {{ lead_funnel.timestamp_from_epoch_number(column) }}
    {%- else -%}
        {{ lead_funnel.safe_cast_or_null(column, api.Column.translate_type('timestamp')) }}
    {%- endif -%}
{%- endmacro %}


{% macro is_number_type(data_type) -%}
    {#- a numeric column type (an epoch in a typed Parquet or warehouse column) -#}
    {{ return(data_type.split('(')[0].strip() in [
        'tinyint', 'smallint', 'integer', 'int', 'bigint', 'hugeint', 'ubigint', 'uinteger', 'long',
        'float', 'double', 'real', 'decimal', 'numeric', 'number', 'int64', 'float64'
    ]) }}
{%- endmacro %}


{% macro timestamp_from_epoch_number(number) -%}
    {#-
        THE reading of an epoch number (a numeric column, or text of digits) as a UTC instant, its
        unit by magnitude: 10^11 and more are milliseconds (10^11 ms is 1973-03-03; 10^11 s would be
        year 5138), less are seconds (fractions kept to the millisecond). Beyond 10^14 (year 5138
        in milliseconds) the value is no epoch: null (timestamp_problem: invalid).
    -#}
    {%- set value = 'cast(' ~ number ~ ' as ' ~ lead_funnel.type_double() ~ ')' -%}
    case
        when abs({{ value }}) < 100000000000000
            then {{ adapter.dispatch('timestamp_from_epoch', 'lead_funnel')(
                'case when abs(' ~ value ~ ') >= 100000000000 then ' ~ value ~ ' else ' ~ value ~ ' * 1000 end', 1000
            ) }}
    end
{%- endmacro %}


{% macro repair_misread_epoch(timestamp) -%}
    {#-
        A timestamp some loader made of an epoch in SECONDS read as milliseconds lands between
        1970-01-11 and 1970-01-25 (Fivetran's HubSpot `engagement_meeting.start_time` of
        2020 meetings reads `1970-01-19 07:51:57.600`). Such a timestamp whose epoch milliseconds,
        read as seconds, fall from var min_plausible_date to 2^31 (2038-01-19, the 32-bit seconds
        range) is that instant (through timestamp_from_epoch_number); any other value is kept
        as it is (one still before min_plausible_date is `implausible` for timestamp_problem and
        is_implausible_timestamp).
    -#}
    {%- set min_seconds = (
        modules.datetime.datetime.strptime(var('min_plausible_date') | string, '%Y-%m-%d')
        - modules.datetime.datetime(1970, 1, 1)
    ).total_seconds() | int -%}
    {%- set epoch_ms = adapter.dispatch('epoch_milliseconds', 'lead_funnel')(timestamp) -%}
    case
        when {{ epoch_ms }} >= {{ min_seconds }} and {{ epoch_ms }} < 2147483648
            then {{ lead_funnel.timestamp_from_epoch_number(epoch_ms) }}
        else {{ timestamp }}
    end
{%- endmacro %}


{% macro is_implausible_timestamp(timestamp) -%}
    {#- THE plausibility of an instant: before var min_plausible_date is implausible (true), else false or null -#}
    ({{ timestamp }} < cast('{{ var("min_plausible_date") }}' as {{ api.Column.translate_type('timestamp') }}))
{%- endmacro %}


{% macro default__epoch_milliseconds(timestamp) -%}
    {{ dbt.datediff("cast('1970-01-01 00:00:00' as " ~ api.Column.translate_type('timestamp') ~ ")", timestamp, 'millisecond') }}
{%- endmacro %}

{% macro duckdb__epoch_milliseconds(timestamp) -%}
    epoch_ms({{ timestamp }})
{%- endmacro %}

{% macro spark__epoch_milliseconds(timestamp) -%}
    unix_millis({{ timestamp }})
{%- endmacro %}


{% macro timestamp_problem(column, parsed) -%}
    {#-
        Why a timestamp cannot be used, or null: `unsupported_time_zone` (a zone abbreviation not
        in seed timezone_abbreviations, or a named zone the engine cannot convert), `invalid`
        (text that does not parse), `implausible` (before var min_plausible_date). A missing value
        is not a problem here.
    -#}
    {%- set text = 'trim(cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ '))' -%}
    case
        when {{ lead_funnel.clean_text(column) }} is null then null
        when {{ parsed }} is null and (
            {{ lead_funnel.regex_matches(text, '[0-9]\\s+[A-Za-z]{1,5}$') }}
            or {{ lead_funnel.regex_matches(text, '[A-Za-z]+/[A-Za-z_]+$') }}
        ) then 'unsupported_time_zone'
        when {{ parsed }} is null then 'invalid'
        when {{ lead_funnel.is_implausible_timestamp(parsed) }} then 'implausible'
    end
{%- endmacro %}


{% macro raw_time_and_lead_rejections(row, time_column, leads=none) -%}
    {#-
        The common tail of a raw row's rejection `case` (THE time and lead rules; each base model
        puts its own rules before it, the first matching reason wins): the time's zone, its
        parsing, its plausibility (`invalid_<time_column>`, `implausible_<time_column>`), a time
        beyond var future_tolerance_days after as_of, then, with `leads` (a relation of every raw
        lead: lead_id, is_staged), an unknown lead and a lead whose rows were all quarantined.
        Reads `row`.<time_column> and `row`.<time_column>_problem (timestamp_problem).
    -#}
    when {{ row }}.{{ time_column }}_problem = 'unsupported_time_zone' then 'unsupported_time_zone'
    when {{ row }}.{{ time_column }} is null then 'invalid_{{ time_column }}'
    when {{ row }}.{{ time_column }}_problem = 'implausible' then 'implausible_{{ time_column }}'
    when {{ row }}.{{ time_column }} > {{ dbt.dateadd('day', var('future_tolerance_days'), lead_funnel.as_of()) }}
        then 'future_dated'
    {%- if leads is not none %}
    when {{ leads }}.lead_id is null then 'unknown_lead'
    when {{ leads }}.is_staged = 0 then 'lead_not_staged'
    {%- endif %}
{%- endmacro %}


{% macro default__timestamp_from_epoch(text, units_per_second) -%}
    {{ dbt.dateadd(
        'second', 'cast(' ~ text ~ ' as ' ~ dbt.type_bigint() ~ ') / ' ~ units_per_second,
        "cast('1970-01-01 00:00:00' as " ~ api.Column.translate_type('timestamp') ~ ")"
    ) }}
{%- endmacro %}

{% macro duckdb__timestamp_from_epoch(text, units_per_second) -%}
    make_timestamp(cast({{ text }} as bigint) * {{ (1000000 / units_per_second) | int }})
{%- endmacro %}

{% macro spark__timestamp_from_epoch(text, units_per_second) -%}
    {%- if units_per_second == 1000 -%}
        timestamp_millis(cast({{ text }} as bigint))
    {%- else -%}
        timestamp_seconds(cast({{ text }} as bigint))
    {%- endif -%}
{%- endmacro %}

{% macro default__utc_timestamp_from_text(text) -%}
    {{ lead_funnel.safe_cast_or_null(text, api.Column.translate_type('timestamp')) }}
{%- endmacro %}

{% macro duckdb__utc_timestamp_from_text(text) -%}
    {#-
        An offset, `Z` (also after a space) or a named zone: parse as timestamptz (applies the
        offset; named zones need the ICU extension DuckDB's Python package ships), then cast to a
        timestamp in the session's UTC. Naive text is UTC as it is.
    -#}
    case
        when regexp_matches(
            {{ text }}, '[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?\s*([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)$'
        )
            then try_cast(
                try_cast(regexp_replace({{ text }}, '\s+([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)$', '\1') as timestamptz)
                as timestamp
            )
        when regexp_matches({{ text }}, '[A-Za-z]+/[A-Za-z_]+$')
            then try_cast(try_cast({{ text }} as timestamptz) as timestamp)
        else try_cast({{ text }} as timestamp)
    end
{%- endmacro %}

{% macro spark__utc_timestamp_from_text(text) -%}
    {#- Spark's cast applies offsets, `Z` and named zones in the session's UTC (profiles.yml). -#}
    {{ lead_funnel.safe_cast_or_null(
        "regexp_replace(" ~ text ~ ", '\\\\s+([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)$', '$1')",
        api.Column.translate_type('timestamp')
    ) }}
{%- endmacro %}


{% macro unparsed_text(raw_column, typed_expression) -%}
    {#- The raw value as text when it was present but did not parse (kept for the quarantine). -#}
    case
        when {{ typed_expression }} is null and {{ raw_column }} is not null
            then substr(cast({{ raw_column }} as {{ dbt.type_string() }}), 1, 200)
    end
{%- endmacro %}


{% macro raw_row_repeated_keys(relation, key) -%}
    {#- The non-null values of `key` that more than one row of `relation` has (raw_row_outcomes). -#}
    select key_counts.{{ key }} from {{ relation }} as key_counts
    where key_counts.{{ key }} is not null
    group by key_counts.{{ key }}
    having count(*) > 1
{%- endmacro %}


{% macro raw_row_key_split(key, repeated_keys, repeated) -%}
    {#-
        The filter of raw_row_outcomes' two branches (skip_unique_keys): with repeated, the rows
        whose `key` (an expression) is null or in `repeated_keys` (a select of the repeated keys:
        raw_row_repeated_keys, never null); else the others, whose key no other row has. One case
        expression, not `is not null and not in`: DuckDB pushed the `is not null` into the scan,
        estimated a fifth of the rows and built base_raw__activities' join to activity_types on
        the raw rows instead of the few spellings (out of memory at tier M, 800MB).
    -#}
    case when {{ key }} is null then {{ 'true' if repeated else 'false' }}
        else {{ '' if repeated else 'not ' }}{{ key }} in ({{ repeated_keys }}) end
{%- endmacro %}


{% macro raw_row_outcomes(
    relation, key_columns, order_by, skip_unique_keys=false, repeated_keys=none, unique_relation=none
) -%}
    {#-
        Every row of `relation` (which has raw_row_hash and rejection_reason) with its outcome:
        quarantined (rejection_reason set), staged (first valid row per key in `order_by` order)
        or duplicate (exact_duplicate: same content as the kept row; id_duplicate: same key,
        other content). raw_row_id is unique per raw row, even for exact duplicates, and breaks the
        remaining ties (exact duplicates), so every run and an incremental one decide alike.
        skip_unique_keys (single key column; activity-scale tables): rows whose key no other row
        has (nearly all) skip the window functions, the costly part: such a row is its key's first
        and kept row and its content's first occurrence (the key is part of the content, so a
        unique key means a unique raw_row_hash). Same result; the model's final `select *` needs
        `-- noqa: AM04` (sqlfluff cannot follow the wildcard through the union). repeated_keys: a
        CTE written with raw_row_repeated_keys(relation, key), read by both branches (the keys are
        counted once; inline, each branch's subquery counted them again). unique_relation (with
        skip_unique_keys and repeated_keys): the caller split the rows itself, `relation` holding
        the rows whose key is null or repeated and unique_relation the others (macro
        raw_row_key_split), so each is read once and never materialized whole
        (base_raw__activities: its split is filtered on the raw key before the typing).
    -#}
    {%- set partition = 'rejection_reason, ' ~ key_columns | join(', ') -%}
    {%- set single_key = skip_unique_keys and key_columns | length == 1 -%}
    {%- set key = key_columns[0] -%}
    {%- if repeated_keys is none -%}
        {%- set repeated_keys = lead_funnel.raw_row_repeated_keys(relation, key) -%}
    {%- else -%}
        {%- set repeated_keys = 'select ' ~ repeated_keys ~ '.' ~ key ~ ' from ' ~ repeated_keys -%}
    {%- endif -%}
    select
        ranked.*,
        case
            when ranked.rejection_reason is not null then 'quarantined'
            when ranked.dedup_rank = 1 then 'staged'
            else 'duplicate'
        end as row_outcome,
        case
            when ranked.rejection_reason is not null or ranked.dedup_rank = 1 then null
            when ranked.raw_row_hash = ranked.kept_row_hash then 'exact_duplicate'
            else 'id_duplicate'
        end as duplicate_kind
    from (
        select
            numbered.*,
            row_number() over (partition by {{ partition }} order by {{ order_by }}, raw_row_id) as dedup_rank,
            first_value(raw_row_hash) over (
                partition by {{ partition }} order by {{ order_by }}, raw_row_id
                rows between unbounded preceding and unbounded following
            ) as kept_row_hash
        from (
            select
                repeated_rows.*,
                {{ dbt.concat([
                    'repeated_rows.raw_row_hash', "'-'",
                    'cast(row_number() over (partition by repeated_rows.raw_row_hash'
                    ~ ' order by repeated_rows.raw_row_hash) as ' ~ dbt.type_string() ~ ')'
                ]) }} as raw_row_id
            from {{ relation }} as repeated_rows
            {%- if single_key and unique_relation is none %}
            where {{ lead_funnel.raw_row_key_split('repeated_rows.' ~ key, repeated_keys, true) }}
            {%- endif %}
        ) as numbered
        {%- if single_key %}
        union all
        select
            unique_rows.*,
            {{ dbt.concat(['unique_rows.raw_row_hash', "'-1'"]) }} as raw_row_id,
            1 as dedup_rank,
            unique_rows.raw_row_hash as kept_row_hash
        {%- if unique_relation is none %}
        from {{ relation }} as unique_rows
        where {{ lead_funnel.raw_row_key_split('unique_rows.' ~ key, repeated_keys, false) }}
        {%- else %}
        from {{ unique_relation }} as unique_rows
        {%- endif %}
        {%- endif %}
    ) as ranked
{%- endmacro %}


{#- A SQL expression that stops the query with `message` (monitor tests, share_below_threshold). -#}
{% macro default__raise_error_sql(message) -%}
    {#- no error function: the row is returned and the test fails (dbt names the test) -#}
    {{ message }}
{%- endmacro %}

{% macro duckdb__raise_error_sql(message) -%}
    error({{ message }})
{%- endmacro %}

{% macro spark__raise_error_sql(message) -%}
    raise_error({{ message }})
{%- endmacro %}


{% macro row_outcome_counts(base_models, reason_columns=['rejection_reason', 'duplicate_kind', 'outcome_note']) -%}
    {#-
        THE row outcome counts (stg_raw__row_outcomes and each connector's): one row per raw table,
        outcome and reason with its row count, over `base_models` [(raw_table, relation)] whose rows
        carry row_outcome and the `reason_columns` (the first non-null names the reason, else staged).
    -#}
with

outcomes as (
    {%- for raw_table, relation in base_models %}
        select
            '{{ raw_table }}' as raw_table,
            row_outcome,
            coalesce({{ reason_columns | join(', ') }}, 'staged') as outcome_reason,
            count(*) as row_count
        from {{ relation }}
        group by 1, 2, 3
        {%- if not loop.last %}
        union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select
        {{ lead_funnel.row_key(['raw_table', 'row_outcome', 'outcome_reason']) }} as row_outcome_id,
        raw_table,
        row_outcome,
        outcome_reason,
        row_count
    from outcomes
)

select * from final
{%- endmacro %}


{% macro raw_row_hash_of_id(raw_row_id) -%}
    {#-
        The raw_row_hash of a stored raw_row_id (raw_row_outcomes: the hash, `-`, the occurrence
        number; an md5 in hex has no `-`). For tables that store raw_row_id only
        (base_raw__activities: the hash twice was a third of the table).
    -#}
    {{ dbt.split_part(raw_row_id, "'-'", 1) }}
{%- endmacro %}


{% macro raw_activities_reopened_ctes(reprocess_from, reopened_columns) -%}
    {#-
        base_raw__activities' incremental run: the loaded rows before the lookback (dated before
        `reprocess_from`) whose outcome can change, typed as loaded (`reopened_columns`): those
        quarantined for their lead, valid ones whose lead is not staged now, and every loaded row
        sharing an activity_id with those or with a raw row read in the lookback (the latest
        occurrence wins, so the kept row can move). Reads the model's CTEs `leads` and
        `read_source`; defines reopened_leads, reopened_activity_ids and, last, reopened: the
        loaded raw_row_hash (not stored: the prefix of raw_row_id) then `reopened_columns`.
    -#}
reopened_leads as (
    -- leads whose activities can change outcome: not (or no longer) staged
    select lead_id from leads
    where is_staged = 0
),

reopened_activity_ids as (
    -- loaded rows before the lookback quarantined for their lead, or valid with a lead that
    -- is not staged now, and the activity_ids read from raw in the lookback
    select loaded.activity_id
    from {{ lead_funnel.incremental_loaded() }} as loaded
    where
        not {{ lead_funnel.incremental_is_reprocessed('loaded.occurred_at', reprocess_from) }}
        and (
            loaded.rejection_reason in ('unknown_lead', 'lead_not_staged')
            or (
                loaded.rejection_reason is null
                and loaded.lead_id in (select reopened_leads.lead_id from reopened_leads)
            )
        )
    union
    select {{ lead_funnel.clean_text('activity_id') }} as activity_id
    from read_source
),

reopened as (
    -- loaded rows before the lookback that are decided again, typed as loaded: those of the
    -- reopened activity_ids (an inner join, which the engine drives from the small id set; an
    -- `in` filter over every loaded row hashed the loaded rows instead), and those without one
    select
        {{ lead_funnel.raw_row_hash_of_id('loaded.raw_row_id') }} as raw_row_hash,
        {% for column in reopened_columns -%}
            loaded.{{ column }}{{ ',' if not loop.last }}
        {% endfor -%}
    from reopened_activity_ids
    inner join {{ lead_funnel.incremental_loaded() }} as loaded
        on reopened_activity_ids.activity_id = loaded.activity_id
    where not {{ lead_funnel.incremental_is_reprocessed('loaded.occurred_at', reprocess_from) }}
    union all
    select
        {{ lead_funnel.raw_row_hash_of_id('loaded.raw_row_id') }} as raw_row_hash,
        {% for column in reopened_columns -%}
            loaded.{{ column }}{{ ',' if not loop.last }}
        {% endfor -%}
    from {{ lead_funnel.incremental_loaded() }} as loaded
    where
        not {{ lead_funnel.incremental_is_reprocessed('loaded.occurred_at', reprocess_from) }}
        and loaded.activity_id is null
)
{%- endmacro %}
