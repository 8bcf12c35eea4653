"""File names that look like artifacts but are not exchanged between stages (tools/house_rules.py).

Rule and data files a package ships beside its code, caches, and names used only inside one
module are listed here with why; everything else a stage writes for another stage to read is
spelled in chartforge/contracts/files.py.
"""

NOT_ARTIFACTS: frozenset[str] = frozenset()
