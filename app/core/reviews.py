"""Reviews (sơ kết, tổng kết) and commendations (khen thưởng): the plans' fifth content."""


class Reviews:
    def __init__(self, book):
        self.book = book
