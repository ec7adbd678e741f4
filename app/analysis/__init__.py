"""Gap analysis: descriptions read and validated, rules, the index, verdicts, reports, portfolios, change
impact."""
