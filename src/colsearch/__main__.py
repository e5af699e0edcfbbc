"""`python -m colsearch`: the same as the `colsearch` command."""

from .cli import main

main()
