"""The data contracts between stages (docs/contracts.md), in one place every stage imports.

* :mod:`~chartforge.contracts.spans` - ``Span`` and the PHI label set;
* :mod:`~chartforge.contracts.schemas` - Arrow schemas and JSON keys of every artifact;
* :mod:`~chartforge.contracts.files` - the file names of batches, runs and dataset versions;
* :mod:`~chartforge.contracts.lines` - the one line-numbering rule of evidence;
* :mod:`~chartforge.contracts.codes` - the one code spelling (write ``E11.22``, compare ``E1122``);
* :mod:`~chartforge.contracts.io` - readers and writers built on them.

Part of the base layer: it imports no stage (tests/test_layering.py).
"""
