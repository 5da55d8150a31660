"""Installing and scheduling svccheck: shipped data, demo/init, relative periods, run logs, notifications."""
