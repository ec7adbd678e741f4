"""What users write (stored AI systems, user mapping sets) and the snapshot rebuilt when they change."""
