{{ config(
    enabled=lead_funnel.connector_table_enabled('hubspot', 'contact_form_submission'),
    materialized='table'
) }}
{#-
    A table: its key tests and the union stg_hubspot__as_contract_activities read it (as a view
    each re-evaluated the chain: bench connector row).
    One row per HubSpot form submission, in the columns stg_hubspot__as_contract_activities unions:
    the form name (else the page title) mapped by seed hubspot_form_activity_map (lowest priority
    matching); an unmapped form keeps its normalised name (flagged unknown downstream).
-#}
{%- set with_form_names = lead_funnel.connector_table_enabled('hubspot', 'form') -%}

with

form_submissions as (
    select * from {{ ref('stg_hubspot__contact_form_submission') }}
),

forms as (
    {%- if with_form_names %}
        select * from {{ ref('stg_hubspot__form') }}
    {%- else %}
        {{ lead_funnel.empty_relation([('form_id', 'text'), ('form_name', 'text')]) }}
    {%- endif %}
),

form_map as (
    select * from {{ ref('hubspot_form_activity_map') }}
),

named_submissions as (
    -- the form's name, else the page title (also when table form is off: an empty relation above)
    select
        form_submissions.*,
        coalesce(forms.form_name, form_submissions.page_title) as form_name
    from form_submissions
    left join forms
        on form_submissions.form_id = forms.form_id
),

final as (
    select
        {{ dbt.concat(["'hubspot:form_submission:'", 'conversion_id']) }} as activity_id,
        contact_id,
        coalesce(activity_type, {{ lead_funnel.normalise_enum('form_name') }}) as activity_type,
        submitted_at as occurred_at,
        form_name as asset,
        cast(null as {{ dbt.type_string() }}) as campaign_id
    from {{ lead_funnel.first_pattern_match(
        'named_submissions', 'conversion_id', 'lower({rows}.form_name)', 'form_map', 'form_name_pattern'
    ) }} as matched_forms
)

select * from final
