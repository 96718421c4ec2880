select
    source_system,
    count(case when mql_count > 0 then 1 end) as mql_leads
from {{ ref('lead_funnel', 'dim_leads') }}
group by 1
