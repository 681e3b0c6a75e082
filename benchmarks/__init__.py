"""Speed measurements; not part of the test run."""
