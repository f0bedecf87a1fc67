"""Loading a features file as the training and baseline jobs read it.

A module of its own (not part of textmlp.train.job) so that the baseline rule's
code is the loader's, not the training loop's: an edit to training reruns
training alone (see textmlp.provenance.code_digest).
"""

from __future__ import annotations

from typing import Any


def load_inputs(path: str, as_model_sees: bool = True) -> dict[str, Any]:
    """A features file: averaged vectors (``.pt``, dense tensors) or TF-IDF
    (``.npz``, scipy CSR). As the model sees it, TF-IDF is NB-scaled when the
    file says so; ``as_model_sees=False`` gives the file's arrays as stored
    (``nb_ratio`` beside the plain matrices)."""
    if str(path).endswith(".npz"):
        from textmlp.features.tfidf import model_inputs
        from textmlp.features.tfidf_file import load_tfidf

        arrays = load_tfidf(path)
        return model_inputs(arrays, copy=False) if as_model_sees else arrays  # fresh: scale in place
    from textmlp.features.averaged import load_features

    return load_features(path)
