"""`python -m frspub` entry point."""
from frspub.cli import script

script()
