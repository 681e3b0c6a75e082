"""A corpus of realistic export shapes with a hidden truth: tuning shapes and held-out shapes, kept apart."""
