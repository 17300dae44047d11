"""The book-cabinet register in the window."""
