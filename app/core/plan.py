"""The yearly plan: targets per post, indicator and content, and the progress towards them."""


class Plan:
    def __init__(self, book):
        self.book = book
