"""Stage 3, the models: the MLP and its activations."""
