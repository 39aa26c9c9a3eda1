"""Analyst phrasings grouped by area, each with its expected bound inputs and a reference
figure computed in the case (factor x activity from the published tables)."""
