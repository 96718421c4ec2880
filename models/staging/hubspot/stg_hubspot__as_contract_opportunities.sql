{{ config(enabled=lead_funnel.source_enabled('hubspot')) }}
{#-
    One row per staged HubSpot deal in the raw contract's `opportunities` shape (key
    hubspot:<deal id>). Deals merged into another (merged_deal) are left out. The stage is the
    pipeline stage's label mapped by seed hubspot_deal_stage_map, else closed_won / closed_lost
    from the stage's flags, else the normalised label (flagged unknown downstream); the account is
    the deal's smallest company id, the lead its smallest contact id's person; closed_at is the
    close date only once the stage is closed (HubSpot's close date of an open deal is a forecast).
-#}
{%- set with_deals = lead_funnel.connector_table_enabled('hubspot', 'deal') -%}
{%- set with_stages = lead_funnel.connector_table_enabled('hubspot', 'deal_pipeline_stage') -%}
{%- set with_deal_contacts = lead_funnel.connector_table_enabled('hubspot', 'deal_contact') -%}
{%- set with_deal_companies = lead_funnel.connector_table_enabled('hubspot', 'deal_company') -%}
{%- set with_merged_deals = lead_funnel.connector_table_enabled('hubspot', 'merged_deal') -%}
{%- set no_id = 'cast(null as ' ~ dbt.type_string() ~ ')' -%}
{%- set contact_id = 'deal_contacts.contact_id' if with_deal_contacts else no_id -%}
{%- set company_id = 'deal_companies.company_id' if with_deal_companies else no_id -%}

{% if with_deals -%}
    with

    deals as (
        select * from {{ ref('stg_hubspot__deal') }}
    ),

    identities as (
        select * from {{ ref('stg_crm__person_identities') }}
        where source_system = 'hubspot'
    ),

    stage_map as (
        select * from {{ ref('hubspot_deal_stage_map') }}
    ),

    {% if with_stages -%}
        stages as (
            select * from {{ ref('stg_hubspot__deal_pipeline_stage') }}
        ),
    {%- endif %}

    {% if with_deal_contacts -%}
        deal_contacts as (
            select
                deal_id,
                min(contact_id) as contact_id
            from {{ ref('stg_hubspot__deal_contact') }}
            group by 1
        ),
    {%- endif %}

    {% if with_deal_companies -%}
        deal_companies as (
            select
                deal_id,
                min(company_id) as company_id
            from {{ ref('stg_hubspot__deal_company') }}
            group by 1
        ),
    {%- endif %}

    {% if with_merged_deals -%}
        merged_deals as (
            select * from {{ ref('stg_hubspot__merged_deal') }}
        ),
    {%- endif %}

    staged as (
        select
            deals.deal_id,
            deals.created_at,
            deals.amount,
            deals.close_date,
            {%- if with_stages %}
                stages.stage_label,
                coalesce(stages.is_closed, false) as is_closed,
                coalesce(stages.is_won, false) as is_won,
            {%- else %}
                deals.pipeline_stage_id as stage_label,
                false as is_closed,
                false as is_won,
            {%- endif %}
            {{ contact_id }} as contact_id,
            {{ company_id }} as company_id
        -- the optional joins below confuse sqlfluff's indentation of the jinja branches
        -- noqa: disable=LT02
        from deals
        {%- if with_stages %}
            left join stages
                on deals.pipeline_stage_id = stages.stage_id
        {%- endif %}
        {%- if with_deal_contacts %}
            left join deal_contacts
                on deals.deal_id = deal_contacts.deal_id
        {%- endif %}
        {%- if with_deal_companies %}
            left join deal_companies
                on deals.deal_id = deal_companies.deal_id
        {%- endif %}
        {%- if with_merged_deals %}
            where deals.deal_id not in (select merged_deals.merged_deal_id from merged_deals)
        {%- endif %}
    ),

    -- noqa: enable=LT02
    final as (
        select
            {{ lead_funnel.connector_person_key('hubspot', 'staged.deal_id') }} as opportunity_id,
            {{ lead_funnel.connector_person_key('hubspot', 'staged.company_id') }} as account_id,
            coalesce(
                identities.person_key,
                {{ lead_funnel.connector_person_key('hubspot', 'staged.contact_id') }}
            ) as lead_id,
            staged.created_at,
            coalesce(
                stage_map.opportunity_stage,
                case
                    when staged.is_won then 'closed_won'
                    when staged.is_closed then 'closed_lost'
                end,
                {{ lead_funnel.normalise_enum('staged.stage_label') }}
            ) as stage,
            {{ lead_funnel.parse_number('staged.amount') }} as amount_usd,
            case when staged.is_closed then staged.close_date end as closed_at,
            staged.is_closed,
            staged.is_won,
            false as is_deleted
        from staged
        left join stage_map
            on {{ lead_funnel.normalise_enum('staged.stage_label') }} = stage_map.stage_label
        left join identities
            on staged.contact_id = identities.source_id
    )

    select * from final
{%- else %}
    {{ lead_funnel.empty_contract_relation('opportunities') }}
{%- endif %}
