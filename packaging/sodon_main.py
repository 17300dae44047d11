"""The bundled program's entry point (see sodon.spec)."""

from app.launch import main

main()
