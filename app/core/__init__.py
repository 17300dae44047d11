"""The book and its registers, free of Qt: everything a user can do is a call here."""
