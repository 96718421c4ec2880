"""Regenerate the Salesforce per-table staging files (base/stg/quarantine SQL, their YAML, the sources YAML) from one
spec: python -m devtools.generate_salesforce_staging. Edit SPEC here, not the generated files.
`--check`: write nothing, exit 1 naming every file that differs from what SPEC generates."""
import os
import sys

CHECK = '--check' in sys.argv
STALE = []


def emit(path, text):
    """Write `text` to `path` (with --check: only note that it differs)."""
    if CHECK:
        current = open(path).read() if os.path.exists(path) else None
        if current != text:
            STALE.append(os.path.relpath(path))
        return
    with open(path, 'w') as handle:
        handle.write(text)

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.join(PROJECT, 'models', 'staging', 'salesforce')
MACRO_FILE = os.path.join(PROJECT, 'macros', 'salesforce_tables.sql')
MACRO_ENTRIES = []
os.makedirs(ROOT + '/base', exist_ok=True)

T, TS, D, B, N = 'text', 'timestamp', 'date', 'boolean', 'number'
SPEC = {
    'account': dict(optional=False, merges=True, desc='One row per Salesforce Account (company).', cols=[
        ('id', T), ('name', T), ('website', T), ('industry', T), ('number_of_employees', N),
        ('annual_revenue', N), ('billing_country_code', T), ('billing_country', T), ('created_date', TS),
        ('last_modified_date', TS), ('_fivetran_synced', TS)]),
    'lead': dict(optional=False, merges=True, desc='One row per Salesforce Lead (a person before conversion).', cols=[
        ('id', T), ('email', T), ('first_name', T), ('last_name', T), ('title', T), ('company', T),
        ('lead_source', T), ('status', T), ('country_code', T), ('country', T), ('created_date', TS),
        ('last_modified_date', TS), ('is_converted', B), ('converted_contact_id', T),
        ('converted_account_id', T), ('converted_opportunity_id', T), ('converted_date', D), ('owner_id', T)]),
    'contact': dict(optional=False, merges=True, desc='One row per Salesforce Contact (a person tied to an account).', cols=[
        ('id', T), ('account_id', T), ('email', T), ('first_name', T), ('last_name', T), ('title', T),
        ('lead_source', T), ('mailing_country_code', T), ('mailing_country', T), ('created_date', TS),
        ('last_modified_date', TS), ('owner_id', T)]),
    'opportunity': dict(optional=False, merges=False, desc='One row per Salesforce Opportunity (deal).', cols=[
        ('id', T), ('account_id', T), ('stage_name', T), ('amount', N), ('close_date', D), ('is_closed', B),
        ('is_won', B), ('created_date', TS), ('last_modified_date', TS), ('owner_id', T)]),
    'task': dict(optional=True, merges=False, desc='One row per Salesforce Task (calls, emails, to-dos logged by sales).', cols=[
        ('id', T), ('who_id', T), ('what_id', T), ('subject', T), ('task_subtype', T), ('type', T),
        ('status', T), ('is_closed', B), ('activity_date', D), ('completed_date_time', TS), ('created_date', TS),
        ('last_modified_date', TS), ('owner_id', T)]),
    'event': dict(optional=True, merges=False, desc='One row per Salesforce Event (meetings, calls on the calendar).', cols=[
        ('id', T), ('who_id', T), ('what_id', T), ('subject', T), ('event_subtype', T), ('type', T),
        ('activity_date', D), ('activity_date_time', TS), ('start_date_time', TS), ('created_date', TS),
        ('last_modified_date', TS), ('owner_id', T)]),
    'campaign': dict(optional=True, merges=False, desc='One row per Salesforce Campaign.', cols=[
        ('id', T), ('name', T), ('type', T), ('status', T), ('start_date', D), ('end_date', D),
        ('actual_cost', N), ('is_active', B), ('created_date', TS), ('last_modified_date', TS)]),
    'campaign_member': dict(optional=True, merges=False, desc='One row per Salesforce CampaignMember (a lead or contact in a campaign, with its member status).', cols=[
        ('id', T), ('campaign_id', T), ('lead_id', T), ('contact_id', T), ('status', T), ('has_responded', B),
        ('first_responded_date', D), ('created_date', TS), ('last_modified_date', TS)]),
    'lead_history': dict(optional=True, merges=False, order='created_date desc nulls last', desc='One row per Salesforce LeadHistory entry (a tracked field change of a lead).', cols=[
        ('id', T), ('lead_id', T), ('field', T), ('old_value', T), ('new_value', T), ('created_date', TS),
        ('created_by_id', T)]),
    'opportunity_contact_role': dict(optional=True, merges=False, desc='One row per Salesforce OpportunityContactRole (a contact on a deal).', cols=[
        ('id', T), ('opportunity_id', T), ('contact_id', T), ('role', T), ('is_primary', B),
        ('created_date', TS), ('last_modified_date', TS)]),
    'user': dict(optional=True, merges=False, desc='One row per Salesforce User (owners of leads, contacts and deals).', cols=[
        ('id', T), ('name', T), ('email', T), ('is_active', B), ('created_date', TS), ('last_modified_date', TS)]),
}

KIND_DESC = {T: 'text, trimmed (empty is null)', TS: 'timestamp, UTC', D: 'date', B: 'boolean', N: 'number (double)'}
COL_DESC = {
    'id': 'Salesforce record id (18 characters; 15 in some exports).',
    '_fivetran_synced': 'When Fivetran last synced the row (UTC); absent in other loaders.',
    'master_record_id': 'Set on a record merged into another: the surviving (master) record id.',
}

def col_desc(table, name, kind):
    if name in COL_DESC:
        return COL_DESC[name]
    return f'Salesforce `{table}.{name}` (API name accepted too), {KIND_DESC[kind]}.'

def yq(s):
    return "'" + s.replace("'", "''") + "'"

for table, spec in SPEC.items():
    cols = spec['cols']
    merges = spec['merges']
    names = [c for c, _ in cols] + (['master_record_id'] if merges else [])
    kinds = dict(cols)
    if merges:
        kinds['master_record_id'] = T
    enabled = f"lead_funnel.connector_table_enabled('salesforce', '{table}')" if spec['optional'] else "lead_funnel.source_enabled('salesforce')"
    order = spec.get('order', 'last_modified_date desc nulls last')
    cols_jinja = ''.join(
        '\n            ' + ', '.join(f"('{c}', '{k}')" for c, k in cols[i:i + 3]) + (',' if i + 3 < len(cols) else '')
        for i in range(0, len(cols), 3)
    )
    MACRO_ENTRIES.append(
        f"        '{table}': {{'merges': {'true' if merges else 'false'}, 'order_by': '{order}', 'columns': [{cols_jinja}\n"
        f"        ]}}"
    )
    emit(f'{ROOT}/base/base_salesforce__{table}.sql', f"""{{{{ config(enabled={enabled}) }}}}
{{#- Every row of Salesforce `{table}` with its outcome (macro salesforce_base, spec salesforce_tables). -#}}
{{{{ lead_funnel.salesforce_base('{table}') }}}}
""")
    for outcome, suffix in (('staged', ''), ('quarantined', '_quarantine')):
        emit(f'{ROOT}/stg_salesforce__{table}{suffix}.sql', f"""{{{{ config(enabled={enabled}) }}}}
{{{{ lead_funnel.salesforce_rows('{table}', '{outcome}') }}}}
""")

emit(MACRO_FILE, """{#- GENERATED by devtools/generate_salesforce_staging.py from its SPEC: edit SPEC there, not this file. -#}

{% macro salesforce_tables() -%}
    {#- THE Salesforce tables read: {table: {merges, order_by, columns [(name, kind)]}} (macros/_macros.yml) -#}
    {{ return({
""" + ',\n'.join(MACRO_ENTRIES) + """
    }) }}
{%- endmacro %}
""")

# YAML: base models
out = ['version: 2', 'models:']
for table, spec in SPEC.items():
    merges = spec['merges']
    out.append(f'- name: base_salesforce__{table}')
    out.append(f"  description: {yq(spec['desc'] + ' Every source row with its outcome: staged, quarantined (rejection_reason) or duplicate; read only from source salesforce.' + table + '.')}")
    out.append('  columns:')
    out.append("  - name: raw_row_id\n    description: '{{ doc(\"raw_row_id\") }}'\n    data_tests:\n    - unique\n    - not_null")
    out.append("  - name: raw_row_hash\n    description: '{{ doc(\"raw_row_hash\") }}'")
    for c, k in spec['cols']:
        out.append(f'  - name: {c}\n    description: {yq(col_desc(table, c, k))}')
    if merges:
        out.append(f"  - name: master_record_id\n    description: {yq(COL_DESC['master_record_id'])}")
    out.append("  - name: is_deleted_in_source\n    description: True when is_deleted or _fivetran_deleted is true, or _fivetran_active is false.")
    out.append("  - name: rejection_reason\n    description: '{{ doc(\"raw_row_rejection_reason\") }}'")
    out.append("  - name: outcome_note\n    description: Always null for Salesforce (macro connector_base; HubSpot and Marketo note rows counted but not used).")
    out.append("  - name: dedup_rank\n    description: Rank of the row among valid rows with the same id (1 is kept).")
    out.append("  - name: kept_row_hash\n    description: raw_row_hash of the kept row of the same id.")
    out.append("  - name: row_outcome\n    description: '{{ doc(\"raw_row_outcome\") }}'\n    data_tests:\n    - not_null\n    - accepted_values:\n        arguments:\n          values: ['staged', 'quarantined', 'duplicate']")
    out.append("  - name: duplicate_kind\n    description: '{{ doc(\"raw_row_duplicate_kind\") }}'")
emit(f'{ROOT}/base/_salesforce__base__models.yml', '\n'.join(out) + '\n')

out = ['version: 2', 'models:']
for table, spec in SPEC.items():
    merges = spec['merges']
    out.append(f'- name: stg_salesforce__{table}')
    out.append(f"  description: {yq(spec['desc'] + ' Staged rows only (one per id, not deleted' + (', not merged' if merges else '') + '); the rest is in stg_salesforce__' + table + '_quarantine or counted as duplicates in base_salesforce__' + table + '.')}")
    out.append('  data_tests:\n  - conserves_raw_rows:\n      arguments:')
    out.append(f"        raw_relation: source('salesforce', '{table}')\n        quarantine_relation: ref('stg_salesforce__{table}_quarantine')\n        outcomes_relation: ref('base_salesforce__{table}')")
    # disabled with its source (no "depends on a disabled source" warning on other builds)
    default = 'false' if table == 'user' else 'true'
    flag = f" and var('salesforce__{table}_enabled', {default})" if spec['optional'] else ''
    out.append(f"      config:\n        enabled: \"{{{{ 'salesforce' in var('lead_funnel_sources', ['contract']){flag} }}}}\"")
    out.append('  columns:')
    for c, k in spec['cols']:
        extra = '\n    data_tests:\n    - unique\n    - not_null' if c == 'id' else ''
        out.append(f'  - name: {c}\n    description: {yq(col_desc(table, c, k))}{extra}')
    if merges:
        out.append(f"  - name: master_record_id\n    description: {yq(COL_DESC['master_record_id'])}")
    out.append(f'- name: stg_salesforce__{table}_quarantine')
    out.append(f"  description: {yq('Rows of Salesforce ' + table + ' that are not staged, with their rejection_reason (missing_id, ' + ('merged_into_master, ' if merges else '') + 'deleted_in_source). Nothing here reaches the marts.')}")
    out.append('  columns:')
    out.append("  - name: raw_row_id\n    description: '{{ doc(\"raw_row_id\") }}'\n    data_tests:\n    - unique\n    - not_null")
    reasons = ['missing_id'] + (['merged_into_master'] if merges else []) + ['deleted_in_source']
    out.append(f"  - name: rejection_reason\n    description: '{{{{ doc(\"raw_row_rejection_reason\") }}}}'\n    data_tests:\n    - not_null\n    - accepted_values:\n        arguments:\n          values: {reasons!r}")
    for c, k in spec['cols']:
        out.append(f'  - name: {c}\n    description: {yq(col_desc(table, c, k))}')
    if merges:
        out.append(f"  - name: master_record_id\n    description: {yq(COL_DESC['master_record_id'])}")
emit(f'{ROOT}/_salesforce__tables__models.yml', '\n'.join(out) + '\n')

# sources
out = ['version: 2', '', 'sources:', '  - name: salesforce', '    description: >',
       '      Salesforce as Fivetran lands it (snake_case columns) or Airbyte (API names such as',
       '      `CreatedDate`, matched case-insensitively by macro connector_columns). Read when var',
       '      lead_funnel_sources lists `salesforce`. Location: vars salesforce_database (default the',
       '      target database), salesforce_schema (default `salesforce`), salesforce_<table>_identifier;',
       '      on DuckDB var salesforce_path registers a folder of <table>.parquet / .csv as views here.',
       "    database: \"{% if target.type != 'spark' %}{{ var('salesforce_database', target.database) }}{% endif %}\"",
       "    schema: \"{{ var('salesforce_schema', 'salesforce') }}\"",
       '    config:',
       "      enabled: \"{{ 'salesforce' in var('lead_funnel_sources', ['contract']) }}\"",
       '      freshness:',
       "        warn_after: {count: \"{{ var('raw_freshness_warn_after_hours') }}\", period: hour}",
       "        error_after: {count: \"{{ var('raw_freshness_error_after_hours') }}\", period: hour}",
       '    tables:']
for table, spec in SPEC.items():
    out.append(f'      - name: {table}')
    out.append(f"        identifier: \"{{{{ var('salesforce_{table}_identifier', '{table}') }}}}\"")
    d = spec['desc'] + (f' Optional: var salesforce__{table}_enabled (false: not read).' if spec['optional'] else ' Required.')
    if table == 'user':
        d = spec['desc'] + ' Optional and off by default (var salesforce__user_enabled): no mart needs it (owner ids stay Salesforce user ids); when on it is staged for its row outcomes.'
    out.append(f'        description: {yq(d)}')
    out.append('        config:')
    if spec['optional']:
        default = 'false' if table == 'user' else 'true'
        out.append(f"          enabled: \"{{{{ 'salesforce' in var('lead_funnel_sources', ['contract']) and var('salesforce__{table}_enabled', {default}) }}}}\"")
        out.append('          meta:\n            optional: true')
    ts = 'created_date' if table == 'lead_history' else 'last_modified_date'
    out.append(f"          loaded_at_query: \"{{{{ lead_funnel.connector_max_loaded_at(['_fivetran_synced', '{ts}']) }}}}\"")
emit(f'{ROOT}/_salesforce__sources.yml', '\n'.join(out) + '\n')
if CHECK and STALE:
    sys.exit('generated Salesforce staging files differ from SPEC (run python -m devtools.generate_salesforce_staging):\n  '
             + '\n  '.join(STALE))
print('ok')
