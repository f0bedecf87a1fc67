"""Stage 4, training: the training loops (dense, stacked seeds, sparse TF-IDF),
one run as a job, the logistic-regression baselines, predictions and the
word2vec study.
"""
