import sys

from chartforge.cli import main

sys.exit(main())
