"""The reviewers' web UI (`chartforge review serve`)."""
