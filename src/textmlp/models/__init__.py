"""Stage 3, the models: the MLP and its activations, several seeds' MLPs stacked as one, the
sparse-input MLP, and the two optimizers on private torch APIs.
"""
