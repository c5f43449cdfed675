"""The monthly bulletin (通报): figures gathered for a period and a region, ranked by results,
reviewed by the counties, issued and frozen, rendered as .docx and PDF."""
