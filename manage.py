#!/usr/bin/env python
"""Django's manage.py; the same commands are available as `driehoek`."""

import sys

from driehoek.cli import main

if __name__ == "__main__":
    main(sys.argv)
