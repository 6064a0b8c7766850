"""Tools around the assistant (evaluation, benchmarks, load test): they call `Assistant.ask` like any user."""
