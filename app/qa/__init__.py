"""The graph's own quality gate: SHACL, quality queries, completeness, OWL consistency and its report."""
