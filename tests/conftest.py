"""Shared fixtures: a small IMDB-format archive and a local HTTP server.

The archive has the real layout (aclImdb/{train,test}/{pos,neg}/ID_RATING.txt,
aclImdb/train/unsup/ID_0.txt) and reviews whose words carry the label, so a
model trained on it learns something in a few epochs. And a small table of
the user's kind (``toy_rows``), written as TSV files are in the wild, and a
sparse toy problem (``sparse_toy``).
"""

from __future__ import annotations

import hashlib
import http.server
import io
import random
import tarfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

REPO = Path(__file__).resolve().parents[1]

POSITIVE = "great wonderful superb moving brilliant fun loved enjoyable masterpiece charming".split()
NEGATIVE = "awful boring terrible dull waste worst poor bad annoying mess".split()
NEUTRAL = (
    "the a movie film plot actor scene story director it was and of to in this with character music end time people"
).split()


def review_text(rng: random.Random, polarity: str, length: int = 40) -> str:
    signal = {"pos": POSITIVE, "neg": NEGATIVE}.get(polarity, POSITIVE + NEGATIVE)
    words = [rng.choice(signal) if rng.random() < 0.25 else rng.choice(NEUTRAL) for _ in range(length)]
    sentences = [" ".join(words[i : i + 10]).capitalize() + "." for i in range(0, length, 10)]
    return "<br /><br />".join(sentences)


def add_file(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 0
    tar.addfile(info, io.BytesIO(data))


def movie_urls(n: int, *, first: int = 0, seed: int = 0) -> list[str]:
    """``n`` IMDB movie addresses as a urls file lists them: movies of 1 to 6
    reviews in a row (about half of them of one), ids from ``first`` up."""
    rng = random.Random(seed)
    out: list[str] = []
    movie = first
    while len(out) < n:
        size = 1 if rng.random() < 0.5 else rng.randint(2, 6)
        out += [f"http://www.imdb.com/title/tt{movie:07d}/usercomments"] * size
        movie += 1
    return out[:n]


def make_imdb_archive(
    path: Path,
    *,
    train_per_class: int = 150,
    test_per_class: int = 100,
    unsup: int = 200,
    seed: int = 0,
    extra: dict[str, bytes] | None = None,
    urls: bool = True,
) -> Path:
    """A small archive in the aclImdb layout; with ``urls`` (the default) also
    the urls files that name each review's movie (:func:`movie_urls`)."""
    rng = random.Random(seed)
    with tarfile.open(path, "w:gz") as tar:
        add_file(tar, "aclImdb/README", b"synthetic IMDB-format archive for tests\n")
        for part, per_class in (("train", train_per_class), ("test", test_per_class)):
            for polarity, ratings in (("pos", (7, 10)), ("neg", (1, 4))):
                for i in range(per_class):
                    rating = rng.randint(*ratings)
                    add_file(tar, f"aclImdb/{part}/{polarity}/{i}_{rating}.txt", review_text(rng, polarity).encode())
                if urls:
                    lines = movie_urls(
                        per_class, first=0 if part == "train" else 1_000_000, seed=seed + (polarity == "neg")
                    )
                    add_file(tar, f"aclImdb/{part}/urls_{polarity}.txt", "".join(f"{u}\n" for u in lines).encode())
        for i in range(unsup):
            add_file(tar, f"aclImdb/train/unsup/{i}_0.txt", review_text(rng, "unsup").encode())
        for name, data in (extra or {}).items():
            add_file(tar, name, data)
    return path


def archive_with_member(path: Path, member: tarfile.TarInfo) -> Path:
    """A small IMDB-format archive at ``path`` with ``member`` (e.g. a link) added."""
    make_imdb_archive(path, train_per_class=2, test_per_class=2, unsup=1)
    with tarfile.open(path, "r:gz") as src:
        members = [(m, src.extractfile(m).read() if m.isfile() else None) for m in src.getmembers()]
    with tarfile.open(path, "w:gz") as dst:
        for m, data in members:
            dst.addfile(m, io.BytesIO(data) if data is not None else None)
        dst.addfile(member)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def small_archive(tmp_path_factory) -> Path:
    return make_imdb_archive(tmp_path_factory.mktemp("archive") / "aclImdb_small.tar.gz")


@dataclass
class Server:
    """A file server on 127.0.0.1 whose faults the test can script."""

    root: Path
    port: int = 0
    #: path -> list of faults to apply to successive requests ("404", "500", "reset", "truncate")
    faults: dict[str, list[str]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"


@pytest.fixture
def http_server(tmp_path):
    root = tmp_path / "served"
    root.mkdir()
    server = Server(root)

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep test output quiet
            pass

        def do_GET(self):
            name = self.path.lstrip("/")
            server.requests.append(name)
            queue = server.faults.get(name, [])
            fault = queue.pop(0) if queue else None
            target = root / name
            if fault == "reset":
                self.connection.shutdown(2)
                return
            if fault in ("404", "500"):
                self.send_error(int(fault))
                return
            if not target.is_file():
                self.send_error(404)
                return
            data = target.read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2] if fault == "truncate" else data)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield server
    httpd.shutdown()
    httpd.server_close()


def write_rows(path: Path, rows: list[tuple[str, str, str]]) -> None:
    """A TSV written as TSV files are in the wild: tab-separated, never quoted."""
    path.write_text("text\tlabel\tsplit\n" + "".join(f"{t}\t{label}\t{s}\n" for t, label, s in rows), encoding="utf-8")


def toy_rows(n: int = 60) -> list[tuple[str, str, str]]:
    words = {"pos": "great fine superb", "neg": "awful dull worst"}
    return [
        (
            f"review {i} was {words['pos' if i % 2 else 'neg']}",
            "pos" if i % 2 else "neg",
            "train" if i < 0.6 * n else ("dev" if i < 0.8 * n else "test"),
        )
        for i in range(n)
    ]


def sparse_toy(n: int, n_classes: int = 3, seed: int = 0, d: int = 120, per_row: int = 6):
    """Rows with ``per_row`` features from their class's own block of columns
    and as many from a shared noise block: separable, but only through the
    class blocks. Returns (CSR float32 matrix, int64 labels)."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, n_classes, n)
    block = d // (n_classes + 1)  # the last block is the shared noise
    signal = y[:, None] * block + rng.integers(0, block, (n, per_row))
    noise = n_classes * block + rng.integers(0, block, (n, per_row))
    cols = np.concatenate([signal, noise], axis=1).ravel()
    rows = np.repeat(np.arange(n), 2 * per_row)
    vals = rng.uniform(0.5, 1.5, 2 * per_row * n).astype(np.float32)
    x = sp.csr_matrix((vals, (rows, cols)), shape=(n, d), dtype=np.float32)  # duplicates summed
    return x, y.astype(np.int64)
