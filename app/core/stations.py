"""Public loudspeaker stations and the dated history of their states."""


class Stations:
    def __init__(self, book):
        self.book = book
