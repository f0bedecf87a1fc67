"""Stage 2, the features: tokens, word vectors (word2vec, GloVe), averaged review
vectors and TF-IDF, saved once and loaded by training.
"""
