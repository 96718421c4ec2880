"""lead_funnel: Python side of the lead_funnel dbt project (generator, calibration, report)."""
