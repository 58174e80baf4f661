"""``python -m blogkit.cli``: the command line, as the ``blogkit`` script runs it."""

import sys

from blogkit.cli import main

sys.exit(main())
