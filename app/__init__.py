"""ai-crosswalk: a knowledge graph of AI regulatory regimes and their crosswalks."""
