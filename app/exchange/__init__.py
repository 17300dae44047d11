"""The monthly package: exported signed by a post, imported and merged at the provincial
office, with the record of who has reported."""
