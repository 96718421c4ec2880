{#- Fails for person keys (values of column_name) that stg_crm__person_identities resolves to but no enabled
    connector emits as a lead (stg_<connector>__as_contract_leads): an activity, status change or deal of a
    known person must land on an existing person. Keys no identity knows (unknown leads) are not its concern. -#}
{% test resolves_to_connector_person(model, column_name) %}

{%- set connectors = [] -%}
{%- for connector in lead_funnel.connector_registry() if lead_funnel.source_enabled(connector) -%}
    {%- do connectors.append(connector) -%}
{%- endfor %}

with

identities as (
    select distinct person_key from {{ ref('stg_crm__person_identities') }}
),

connector_leads as (
    {%- for connector in connectors %}
        select lead_id from {{ ref('stg_' ~ connector ~ '__as_contract_leads') }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

checked as (
    select {{ column_name }} as person_key
    from {{ model }}
    where {{ column_name }} is not null
)

select checked.person_key
from checked
inner join identities
    on checked.person_key = identities.person_key
where checked.person_key not in (select connector_leads.lead_id from connector_leads)

{% endtest %}
