"""Reading the crosswalk: the catalogue of regimes and items, standards, vocabularies, versions over time."""
