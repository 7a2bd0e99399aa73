"""The marts whose rows follow from the data alone (not the CRM change set, the sync state or the time
spine): what the tests compare between builds and engines."""

DATA_MARTS = (
    "segment_summary",
    "segment_trends",
    "segment_migration",
    "segment_validation",
    "segment_health",
    "crm_account_segments",
    "segment_playbook",
    "budget_allocation",
    "segment_experiments",
    "experiment_assignments",
    "audience_at_risk_loyalists",
    "lookalike_audience",
    "persona_cards",
    "segment_map",
)
