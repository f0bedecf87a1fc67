"""Stage 1, the data: the IMDB archive or the user's tables, fetched, read and
split into train, dev, test and unlabeled.
"""
