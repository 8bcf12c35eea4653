"""Review sampling, queue store, residual-PHI gate, audit log and the reviewers web UI."""
