{#-
    Source selection (README "Connectors", docs of var lead_funnel_sources): the contract's six raw
    tables and every enabled connector feed ONE pipeline. base_raw__<table> reads raw_input('<table>'),
    the union of the contract source and each connector's stg_<src>__as_contract_<table>.
-#}

{% macro lead_funnel_sources() -%}
    {#- var lead_funnel_sources as a lowercased list (a single string is one source) -#}
    {%- set value = var('lead_funnel_sources', ['contract']) -%}
    {%- if value is string -%}{%- set value = [value] -%}{%- endif -%}
    {%- set sources = [] -%}
    {%- for name in value -%}{%- do sources.append(name | string | trim | lower) -%}{%- endfor -%}
    {%- set known = ['contract'] + (lead_funnel.connector_registry().keys() | list) -%}
    {%- for name in sources if name not in known -%}
        {{ exceptions.raise_compiler_error(
            "lead_funnel: var lead_funnel_sources holds '" ~ name ~ "', which is not a source. Use any of: "
            ~ known | join(', ') ~ "."
        ) }}
    {%- endfor -%}
    {%- if sources | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "lead_funnel: var lead_funnel_sources is empty: list at least one of " ~ known | join(', ') ~ "."
        ) }}
    {%- endif -%}
    {{ return(sources) }}
{%- endmacro %}


{% macro source_enabled(name) -%}
    {#- true when `name` (contract, salesforce, ...) is in var lead_funnel_sources -#}
    {{ return(name in lead_funnel.lead_funnel_sources()) }}
{%- endmacro %}


{% macro connector_registry() -%}
    {#-
        THE connectors: name -> the contract tables its stg_<name>__as_contract_<table> models supply.
        A connector that cannot supply a table still has the model (an empty, typed relation).
        Add hubspot / marketo here.
    -#}
    {%- set registry = {
        'salesforce': [
            'accounts', 'leads', 'activities', 'opportunities', 'lead_status_history', 'campaign_spend'
        ],
    } -%}
    {#- --- i14: HubSpot and Marketo (models/staging/hubspot, models/staging/marketo) --- -#}
    {%- do registry.update({
        'hubspot': [
            'accounts', 'leads', 'activities', 'opportunities', 'lead_status_history', 'campaign_spend'
        ],
        'marketo': [
            'accounts', 'leads', 'activities', 'opportunities', 'lead_status_history', 'campaign_spend'
        ],
    }) -%}
    {#- --- end i14 --- -#}
    {{ return(registry) }}
{%- endmacro %}


{% macro raw_contract_columns(table) -%}
    {#-
        THE columns of each raw contract table (as in models/staging/raw/_raw__sources.yml), in order,
        and the columns every input of raw_input adds (leads: the CRM identity columns).
    -#}
    {%- set columns = {
        'accounts': [
            'account_id', 'account_name', 'domain', 'industry', 'employee_count', 'annual_revenue_usd',
            'country', 'created_at', 'is_deleted'
        ],
        'leads': [
            'lead_id', 'email', 'first_name', 'last_name', 'job_title', 'company_name', 'account_id',
            'lead_source', 'country', 'created_at', 'updated_at', 'is_deleted',
            'source_system', 'crm_lead_id', 'crm_contact_id'
        ],
        'activities': ['activity_id', 'lead_id', 'activity_type', 'occurred_at', 'asset', 'campaign_id'],
        'opportunities': [
            'opportunity_id', 'account_id', 'lead_id', 'created_at', 'stage', 'amount_usd', 'closed_at',
            'is_closed', 'is_won', 'is_deleted'
        ],
        'lead_status_history': ['lead_id', 'status', 'changed_at', 'reason', 'owner_id'],
        'campaign_spend': ['spend_date', 'lead_source', 'campaign_id', 'amount_usd'],
    } -%}
    {%- if table not in columns -%}
        {{ exceptions.raise_compiler_error("lead_funnel: '" ~ table ~ "' is not a raw contract table.") }}
    {%- endif -%}
    {{ return(columns[table]) }}
{%- endmacro %}


{% macro raw_input_parts(table) -%}
    {#-
        The inputs of raw contract table `table`: [{name, relation, extra}] in a fixed order
        (contract first, then the registry's order). `extra`: columns the contract source lacks
        and raw_input adds as constants (leads: source_system 'contract', no CRM ids).
    -#}
    {%- set parts = [] -%}
    {%- if lead_funnel.source_enabled('contract') -%}
        {%- set extra = {} -%}
        {%- if table == 'leads' -%}
            {%- set extra = {
                'source_system': "'contract'",
                'crm_lead_id': 'cast(null as ' ~ dbt.type_string() ~ ')',
                'crm_contact_id': 'cast(null as ' ~ dbt.type_string() ~ ')',
            } -%}
        {%- endif -%}
        {%- do parts.append({'name': 'contract', 'relation': source('raw', table), 'extra': extra}) -%}
    {%- endif -%}
    {%- for name, tables in lead_funnel.connector_registry().items()
        if lead_funnel.source_enabled(name) and table in tables -%}
        {%- do parts.append({
            'name': name, 'relation': ref('stg_' ~ name ~ '__as_contract_' ~ table), 'extra': {}
        }) -%}
    {%- endfor -%}
    {{ return(parts) }}
{%- endmacro %}


{% macro raw_input_plan(table) -%}
    {#-
        {parts, types}: the inputs of `table` and the column types of their union (lowercased names).
        One input: its own types (a contract Parquet/CSV is read exactly as before). Several: a
        column keeps its type when every input has that type, else all inputs cast it to text (the
        base model parses text as it parses a CSV export).
    -#}
    {%- set parts = lead_funnel.raw_input_parts(table) -%}
    {%- set types = {} -%}
    {%- if execute -%}
        {%- set part_types = [] -%}
        {%- for part in parts -%}
            {%- set found = lead_funnel.column_types(part.relation) -%}
            {%- for column in part.extra -%}
                {%- do found.update({column: dbt.type_string() | lower}) -%}
            {%- endfor -%}
            {%- do part_types.append(found) -%}
        {%- endfor -%}
        {%- if parts | length == 1 -%}
            {%- do types.update(part_types[0]) -%}
        {%- else -%}
            {%- for column in lead_funnel.raw_contract_columns(table) -%}
                {%- set seen = [] -%}
                {%- for found in part_types if column in found and found[column] not in seen -%}
                    {%- do seen.append(found[column]) -%}
                {%- endfor -%}
                {%- if seen | length == 1 -%}
                    {%- do types.update({column: seen[0]}) -%}
                {%- elif seen | length > 1 -%}
                    {%- do types.update({column: dbt.type_string() | lower}) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
    {{ return({'parts': parts, 'types': types, 'part_types': part_types if execute else []}) }}
{%- endmacro %}


{% macro raw_input_types(table) -%}
    {#- {column: type} of raw_input(table), as column_types gives for a relation (empty while parsing) -#}
    {{ return(lead_funnel.raw_input_plan(table).types) }}
{%- endmacro %}


{% macro raw_input(table) -%}
    {#-
        The rows of raw contract table `table` from every enabled source, as a subquery aliased
        raw_input: the contract source (keys unchanged; leads get source_system 'contract') union all
        each enabled connector's stg_<src>__as_contract_<table> (keys prefixed `<src>:`).
    -#}
    {%- set plan = lead_funnel.raw_input_plan(table) -%}
    {%- set parts = plan.parts -%}
    {%- if parts | length == 1 -%}
        {%- set part = parts[0] -%}
        (
            select
                raw_input_part.*
                {%- for column, expression in part.extra.items() %},
                {{ expression }} as {{ column }}
                {%- endfor %}
            from {{ part.relation }} as raw_input_part
        ) as raw_input
    {%- else -%}
        (
        {%- for part in parts %}
            {%- set found = plan.part_types[loop.index0] if plan.part_types else {} %}
            select
            {%- for column in lead_funnel.raw_contract_columns(table) %}
                {%- set target_type = plan.types.get(column) %}
                {%- if column in part.extra %}
                    {%- set expression = part.extra[column] %}
                {%- elif column in found %}
                    {%- set expression = 'raw_input_part.' ~ column %}
                {%- else %}
                    {%- set expression = 'null' %}
                {%- endif %}
                {%- if target_type and (found.get(column) != target_type or expression == 'null') %}
                    {%- set expression = 'cast(' ~ expression ~ ' as ' ~ target_type ~ ')' %}
                {%- endif %}
                {{ expression }} as {{ column }}{{ ',' if not loop.last }}
            {%- endfor %}
            from {{ part.relation }} as raw_input_part
            {%- if not loop.last %}
            union all
            {%- endif %}
        {%- endfor %}
        ) as raw_input
    {%- endif -%}
{%- endmacro %}


{% macro connector_columns(relation, wanted) -%}
    {#-
        Pick connector columns case-insensitively in Fivetran snake_case (`created_date`) or the API
        names Airbyte keeps (`CreatedDate`), as connector_source_column matches them. Returns
        {snake_name: {expression, data_type, present}}; a missing column is a typed null (text).
    -#}
    {%- set found = lead_funnel.connector_found_columns(relation) -%}
    {%- set picked = {} -%}
    {%- for name in wanted -%}
        {%- set column = lead_funnel.connector_source_column(found, [name]) -%}
        {%- do column.update({'present': column.expression != lead_funnel.connector_missing_column().expression}) -%}
        {%- do picked.update({name: column}) -%}
    {%- endfor -%}
    {{ return(picked) }}
{%- endmacro %}


{% macro connector_table_enabled(connector, table) -%}
    {#- an optional table is read unless var <connector>__<table>_enabled is false (Fivetran's flags) -#}
    {{ return(lead_funnel.source_enabled(connector) and var(connector ~ '__' ~ table ~ '_enabled', true)) }}
{%- endmacro %}
