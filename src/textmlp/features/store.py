"""Reading a features file as the training and baseline jobs read it.

A module of its own (not part of textmlp.train.job) so that the baseline rule's
code is the reader's, not the training loop's: an edit to training reruns
training alone (see textmlp.provenance.code_digest).
"""

from __future__ import annotations

from typing import Any


def read_features(path: str) -> tuple[dict[str, Any], Any]:
    """A features file's arrays as stored, and the mapped file they read.

    TF-IDF (``.npz``): scipy CSR matrices read in place from the file
    (:func:`~textmlp.features.tfidf_file.map_tfidf`: their pages are resident
    only while used, so a job's memory does not grow with the table's rows),
    plain TF-IDF with ``nb_ratio`` beside them when the model sees them
    NB-scaled; the second value is that file (its pages are handed back
    through it). Averaged vectors (``.pt``): dense tensors, loaded whole, and None.
    """
    if str(path).endswith(".npz"):
        from textmlp.features.tfidf_file import map_tfidf

        return map_tfidf(path)
    from textmlp.features.averaged import load_features

    return load_features(path), None
