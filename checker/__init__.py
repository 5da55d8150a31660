"""svccheck: rules-as-data compliance checks of property-management customer service."""

__version__ = "0.1.0"
