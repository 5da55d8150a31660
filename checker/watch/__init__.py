"""svccheck watch: the live deadline monitor (event-time alerts from the batch rules, on durable-rules)."""
