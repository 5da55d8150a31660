"""A realistic, seeded sample export of every core dataset, with known violations (`svccheck sample`)."""
