"""WTForms classes: validation only, no data changes."""
