"""`python -m frspub` entry point."""
import sys

from frspub.cli import main

sys.exit(main())
