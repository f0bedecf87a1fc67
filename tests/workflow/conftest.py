"""Fixtures of the end-to-end tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import make_imdb_archive
from tests.workflow.pipeline import ODD_REVIEWS


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("archive") / "aclImdb_v1.tar.gz"
    return make_imdb_archive(path, train_per_class=100, test_per_class=60, unsup=50, extra=ODD_REVIEWS)
