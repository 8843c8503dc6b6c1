"""logokit notebook tooling: run, check, generate exercises from solutions, grade submissions.

Run with the course virtual environment's Python from the repository root, e.g.
``environment/nb run`` (a thin wrapper around ``python -m nbtools``).
"""
