{#-
    Staging of one connector table (models/staging/<src>/base/base_<src>__<table>.sql): every row
    with its outcome, as base_raw__* do for the contract. ONE set for every connector (Salesforce,
    HubSpot, Marketo): connector_base, connector_rows, connector_row_outcomes.
-#}

{% macro connector_soft_delete_columns() -%}
    {#- THE soft-delete markers of the EL tools: Salesforce's own flag, Fivetran's deleted / history-mode flags -#}
    {{ return(['is_deleted', '_fivetran_deleted', '_fivetran_active']) }}
{%- endmacro %}


{% macro connector_found_columns(relation) -%}
    {#- {name lowercased without underscores: column} of a relation (empty while parsing) -#}
    {%- set found = {} -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do found.update({column.name | lower | replace('_', ''): column}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(found) }}
{%- endmacro %}


{% macro connector_missing_column() -%}
    {#- what a connector column missing from a sync reads as: a typed null (text) -#}
    {{ return({'expression': 'cast(null as ' ~ dbt.type_string() ~ ')', 'data_type': dbt.type_string() | lower}) }}
{%- endmacro %}


{% macro connector_source_column(found, candidates) -%}
    {#-
        THE matching of connector columns: the first of `candidates` present among `found`
        (connector_found_columns), equal after lowercasing and removing underscores, so Fivetran's
        snake_case (`created_date`) and the API names Airbyte keeps (`CreatedDate`) both match.
        Returns {expression (the quoted column), data_type}, or connector_missing_column().
    -#}
    {%- for name in candidates -%}
        {%- set column = found.get(name | lower | replace('_', '')) -%}
        {%- if column is not none -%}
            {{ return({'expression': adapter.quote(column.name), 'data_type': column.data_type | lower}) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(lead_funnel.connector_missing_column()) }}
{%- endmacro %}


{% macro connector_picked(found, kind, candidates) -%}
    {#- the source column(s) one typed connector column reads: the first present candidate, for a flag every candidate -#}
    {%- set picked = [] -%}
    {%- for name in (candidates if kind == 'flag' else [candidates]) -%}
        {%- do picked.append(lead_funnel.connector_source_column(found, [name] if kind == 'flag' else name)) -%}
    {%- endfor -%}
    {{ return(picked) }}
{%- endmacro %}


{% macro connector_column(found, kind, candidates) -%}
    {#- one typed column of a connector relation for models connector_base does not fit (connector_found_columns' `found`) -#}
    {{ lead_funnel.connector_typed_column(kind, lead_funnel.connector_picked(found, kind, candidates)) }}
{%- endmacro %}


{% macro connector_base(
    relation, columns, key=['id'], order_by='last_modified_date desc nulls last', checks=[],
    merges=false, soft_delete_markers=true, row_hash='source', outcome_note=none, lookup=none
) -%}
    {#-
        THE base model of one connector table (Salesforce, HubSpot, Marketo): every source row typed,
        with its outcome (raw_row_outcomes). See macros/_macros.yml for the arguments.
    -#}
    {%- set found = lead_funnel.connector_found_columns(relation) -%}
    {%- set names = [] -%}
    {%- set typed_columns = [] -%}
    {%- for spec in columns -%}
        {%- set picked = lead_funnel.connector_picked(found, spec[1], spec[2] if spec | length > 2 else [spec[0]]) -%}
        {%- do names.append(spec[0]) -%}
        {%- do typed_columns.append({'name': spec[0], 'kind': spec[1], 'picked': picked}) -%}
    {%- endfor -%}
    {%- set markers = [] -%}
    {%- if soft_delete_markers -%}
        {%- for name in lead_funnel.connector_soft_delete_columns() + (
            ['master_record_id'] if merges and 'master_record_id' not in names else []
        ) -%}
            {%- do markers.append({'name': name, 'picked': lead_funnel.connector_source_column(found, [name])}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set typed_names = [] -%}
    {%- for name in names -%}{%- do typed_names.append('typed.' ~ name) -%}{%- endfor -%}
    {%- set marker = {} -%}
    {%- for item in markers -%}{%- do marker.update({item.name: item.picked}) -%}{%- endfor -%}
    {%- set reasons = [] -%}
    {%- for name in key -%}{%- do reasons.append(('typed.' ~ name ~ ' is null', 'missing_' ~ name)) -%}{%- endfor -%}
    {%- if merges -%}
        {%- do reasons.append((
            'typed.master_record_id is not null and typed.master_record_id <> typed.id', 'merged_into_master'
        )) -%}
    {%- endif -%}
    {%- if soft_delete_markers -%}
        {%- do reasons.append(('typed.is_deleted_in_source', 'deleted_in_source')) -%}
    {%- endif -%}
    {%- for check in checks -%}
        {%- if check is string and check == 'deleted_in_source' -%}
            {%- do reasons.append(('typed.is_deleted', check)) -%}
        {%- elif check is string -%}
            {%- do reasons.append(('typed.' ~ check.split('_', 1)[1] ~ ' is null', check)) -%}
        {%- else -%}
            {%- do reasons.append((check[0], check[1])) -%}
        {%- endif -%}
    {%- endfor %}

with

source as (
    select * from {{ relation }}
),
{%- if lookup is not none %}

{{ lookup.name }} as (
    {{ lookup.sql }}
),
{%- endif %}

typed as (
    {%- set items = [] -%}
    {%- for column in typed_columns -%}
        {%- do items.append(lead_funnel.connector_typed_column(column.kind, column.picked) ~ ' as ' ~ column.name) -%}
    {%- endfor -%}
    {%- if merges and 'master_record_id' not in names -%}
        {%- do items.append(lead_funnel.clean_text(marker.master_record_id.expression) ~ ' as master_record_id') -%}
    {%- endif -%}
    {%- if soft_delete_markers -%}
        {%- do items.append(
            'coalesce(' ~ lead_funnel.connector_typed_column('boolean', [marker.is_deleted]) ~ ', false)'
            ~ ' or coalesce(' ~ lead_funnel.connector_typed_column('boolean', [marker._fivetran_deleted]) ~ ', false)'
            ~ ' or not coalesce(' ~ lead_funnel.connector_typed_column('boolean', [marker._fivetran_active]) ~ ', true)'
            ~ ' as is_deleted_in_source'
        ) -%}
    {%- endif -%}
    {%- if row_hash == 'source' -%}
        {#- Salesforce: the hash of the source values as read (deletion markers included) -#}
        {%- set hashed = [] -%}
        {%- for column in typed_columns -%}{%- do hashed.append(column.picked[0].expression) -%}{%- endfor -%}
        {%- for item in markers -%}{%- do hashed.append(item.picked.expression) -%}{%- endfor -%}
        {%- do items.append(lead_funnel.row_key(hashed) ~ ' as source_row_hash') -%}
    {%- endif %}
    select
        {%- for item in items %}
        {{ item }}{{ ',' if not loop.last }}
        {%- endfor %}
    from source
),

validated as (
    select
        {%- for name in names %}
        typed.{{ name }},
        {%- endfor %}
        {%- if merges and 'master_record_id' not in names %}
        typed.master_record_id,
        {%- endif %}
        {%- if soft_delete_markers %}
        typed.is_deleted_in_source,
        {%- endif %}
        {%- if row_hash == 'source' %}
        typed.source_row_hash as raw_row_hash,
        {%- else %}
        {{ lead_funnel.row_key(typed_names) }} as raw_row_hash,
        {%- endif %}
        case
            {%- for condition, reason in reasons %}
            when {{ condition }} then '{{ reason }}'
            {%- endfor %}
        end as rejection_reason,
        {{ outcome_note if outcome_note is not none else 'cast(null as ' ~ dbt.type_string() ~ ')' }}
            as outcome_note
    from typed
    {%- if lookup is not none %}
    left join {{ lookup.name }}
        on {{ lookup.on }}
    {%- endif %}
),

outcomes as (
    {{ lead_funnel.raw_row_outcomes('validated', key, order_by ~ ', raw_row_hash') }}
)

select * from outcomes
{%- endmacro %}


{% macro salesforce_base(table) -%}
    {#- The base model of Salesforce `table`: connector_base with its spec in salesforce_tables (generated) -#}
    {%- set spec = lead_funnel.salesforce_tables()[table] -%}
    {{ lead_funnel.connector_base(
        source('salesforce', table), spec.columns, order_by=spec.order_by, merges=spec.merges
    ) }}
{%- endmacro %}


{% macro salesforce_rows(table, outcome) -%}
    {#- The staged or quarantined rows of Salesforce `table` (connector_rows): its spec's columns, master_record_id with merges -#}
    {%- set spec = lead_funnel.salesforce_tables()[table] -%}
    {%- set names = [] -%}
    {%- for name, kind in spec.columns -%}{%- do names.append(name) -%}{%- endfor -%}
    {%- if spec.merges -%}{%- do names.append('master_record_id') -%}{%- endif -%}
    {{ lead_funnel.connector_rows(ref('base_salesforce__' ~ table), names, outcome) }}
{%- endmacro %}


{% macro marketo_activity_base(table, columns=[], outcome_note=none) -%}
    {#-
        The base model of a Marketo activity table (Fivetran `activity_<type>`): connector_base with
        the columns every activity table has (id, lead_id, activity_date, campaign_id,
        primary_attribute_value) and the table's own `columns`; one row per activity id, rejected
        without an id or a parseable activity_date.
    -#}
    {{ lead_funnel.connector_base(
        source('marketo', table),
        [
            ('activity_id', 'text', ['id']),
            ('lead_id', 'text'),
            ('occurred_at', 'timestamp', ['activity_date']),
            ('campaign_id', 'text'),
            ('primary_attribute_value', 'text'),
        ] + columns,
        key=['activity_id'],
        order_by='occurred_at desc nulls last',
        checks=['invalid_occurred_at'],
        outcome_note=outcome_note,
        soft_delete_markers=false,
        row_hash='typed'
    ) }}
{%- endmacro %}


{% macro connector_link_base(connector, table, ids) -%}
    {#-
        The base model of a connector's link table (HubSpot deal_contact, engagement_contact, ...):
        connector_base with the two id columns `ids` as text, both the key (rejected as
        missing_<id> without one), one row per pair.
    -#}
    {{ lead_funnel.connector_base(
        source(connector, table),
        [(ids[0], 'text'), (ids[1], 'text')],
        key=ids,
        order_by=ids[0],
        soft_delete_markers=false,
        row_hash='typed'
    ) }}
{%- endmacro %}


{% macro connector_typed_column(kind, picked) -%}
    {#-
        One connector column typed safely by kind, from its picked source column(s)
        (connector_source_column): text, timestamp, date, boolean (a cast, null when it does not
        convert), number, flag (true when any picked column holds true/1/t/yes, else false).
    -#}
    {%- set column = picked[0].expression -%}
    {%- set types = {column | lower: picked[0].data_type} -%}
    {%- if kind == 'timestamp' -%}
        {{ lead_funnel.safe_timestamp(column, types) }}
    {%- elif kind == 'date' -%}
        cast({{ lead_funnel.safe_timestamp(column, types) }} as date)
    {%- elif kind == 'boolean' -%}
        {{ lead_funnel.safe_cast_or_null(lead_funnel.clean_text(column), dbt.type_boolean()) }}
    {%- elif kind == 'number' -%}
        {{ lead_funnel.parse_number(column, types) }}
    {%- elif kind == 'flag' -%}
        (
            {%- for item in picked %}
            coalesce(lower(trim(cast({{ item.expression }} as {{ dbt.type_string() }}))) in ('true', '1', 't', 'yes'), false)
            {%- if not loop.last %} or{% endif %}
            {%- endfor %}
        )
    {%- else -%}
        {{ lead_funnel.clean_text(column, var('max_text_length')) }}
    {%- endif -%}
{%- endmacro %}


{% macro connector_rows(base_relation, columns=none, outcome='staged') -%}
    {#-
        The staged (outcome='staged') or quarantined rows of a connector base model: the given
        columns (quarantine: raw_row_id and rejection_reason first), or all of them (columns=none).
    -#}
with

outcomes as (
    select * from {{ base_relation }}
),

final as (
    select
        {%- if columns is none %}
        *
        {%- else %}
        {%- if outcome == 'quarantined' %}
        raw_row_id,
        rejection_reason,
        {%- endif %}
        {%- for name in columns %}
        {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
        {%- endif %}
    from outcomes
    where row_outcome = '{{ outcome }}'
)

select * from final
{%- endmacro %}


{% macro connector_row_outcomes(connector, tables) -%}
    {#-
        Row outcomes of a connector, the columns of stg_raw__row_outcomes (raw_table is
        `<connector>.<table>`), over the base models base_<connector>__<table> of the enabled `tables`.
    -#}
    {%- set base_models = [] -%}
    {%- for table in tables if lead_funnel.connector_table_enabled(connector, table) -%}
        {%- do base_models.append((connector ~ '.' ~ table, ref('base_' ~ connector ~ '__' ~ table))) -%}
    {%- endfor -%}
    {{ lead_funnel.row_outcome_counts(base_models) }}
{%- endmacro %}
