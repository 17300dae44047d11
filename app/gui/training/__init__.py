"""The training register in the window."""
