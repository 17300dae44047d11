"""`python -m app` is the `sodon` command."""

from app.launch import main

main()
