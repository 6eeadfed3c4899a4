"""Start emgui: the window, or the command line when given a sub-command (see --help)."""

import sys

from emgui.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
