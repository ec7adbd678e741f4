"""What every layer shares: settings, resource paths, short identifiers, the error type, safe CSV cells."""
