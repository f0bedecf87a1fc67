"""textmlp.features.word_vectors: word2vec trained reproducibly, GloVe read, the
embedding file format."""

import gzip
import os
import subprocess
import sys

import numpy as np
import pytest

from textmlp.features.tokenize import tokenize
from textmlp.features.word_vectors import Embedding, TokenizedCorpus, load_glove, stable_hash, train_word2vec


def test_stable_hash_is_not_salted_per_process():
    code = "from textmlp.features.word_vectors import stable_hash; print(stable_hash('movie0'))"
    outs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("1", "2")
    }
    assert outs == {f"{stable_hash('movie0')}\n"}


SENTENCES = [
    tokenize(s)
    for s in [
        "the film was great and moving",
        "the film was awful and boring",
        "a great moving story",
        "an awful boring mess",
        "the story was great",
        "the plot was boring",
    ]
    * 30
]


def test_word2vec_is_bit_identical_across_processes():
    """Two interpreters with different hash salts give the same vectors."""
    code = (
        "import sys, pickle; from textmlp.features.word_vectors import train_word2vec; "
        "s = pickle.load(sys.stdin.buffer); "
        "e = train_word2vec(s, dim=8, window=2, min_count=1, epochs=3, sg=False, negative=3, seed=5); "
        "sys.stdout.buffer.write(e.vectors.tobytes() + '|'.join(e.words).encode())"
    )
    import pickle

    outs = [
        subprocess.run(
            [sys.executable, "-c", code],
            input=pickle.dumps(SENTENCES),
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in ("11", "22")
    ]
    assert outs[0] == outs[1] and len(outs[0]) > 100


def test_word2vec_seed_changes_vectors():
    kw = dict(dim=8, window=2, min_count=1, epochs=2, sg=False, negative=3)
    a = train_word2vec(SENTENCES, seed=1, **kw)
    b = train_word2vec(SENTENCES, seed=2, **kw)
    assert a.words == b.words and not np.array_equal(a.vectors, b.vectors)


def test_embedding_roundtrip(tmp_path):
    emb = Embedding(["a", "b\u00e9"], np.arange(6, dtype=np.float32).reshape(2, 3))
    emb.save(tmp_path / "e.npz")
    back = Embedding.load(tmp_path / "e.npz")
    assert back.words == emb.words and np.array_equal(back.vectors, emb.vectors)


@pytest.mark.parametrize("header", [True, False])
def test_load_glove_text_with_or_without_header(tmp_path, header):
    lines = ["the 0.1 0.2 0.3", "movie -1 0 1.5", "! 2 2 2"]
    text = ("3 3\n" if header else "") + "\n".join(lines) + "\n"
    path = tmp_path / "glove.txt.gz"
    with gzip.open(path, "wt") as f:
        f.write(text)
    emb = load_glove(path)
    assert emb.words == ["the", "movie", "!"]
    np.testing.assert_allclose(emb.vectors[1], [-1, 0, 1.5])


def test_load_glove_rejects_garbage(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("the 0.1 zero\nfilm 1 2\n")
    with pytest.raises(ValueError, match="bad.txt"):
        load_glove(path)


def test_tokenized_corpus_gives_the_tokens_of_tokenize_on_every_pass():
    texts = ["Great film, don't miss it!", "", "caf\u00e9\u2026 GREAT", "   ", "great great film"]
    corpus = TokenizedCorpus(texts)
    assert len(corpus) == 5 and corpus.ids.dtype == np.uint32
    assert list(corpus) == list(corpus) == [tokenize(t) for t in texts]
    first, second = list(corpus), list(corpus)
    assert first[0][0] is second[4][0]  # one str object per distinct token
    assert list(TokenizedCorpus([])) == [] and list(TokenizedCorpus(["", ""])) == [[], []]


def test_word2vec_on_tokenized_corpus_equals_word2vec_on_token_lists():
    """Tokenizing once changes nothing: bit-identical to the token lists (re-tokenizing)."""
    texts = ["The film was great, and moving!", "The film was awful (and boring).", ""] * 40
    kw = dict(dim=8, window=2, min_count=1, epochs=2, sg=False, negative=3, seed=3)
    a = train_word2vec(TokenizedCorpus(texts), **kw)
    b = train_word2vec([tokenize(t) for t in texts], **kw)
    assert a.words == b.words and np.array_equal(a.vectors, b.vectors)


def test_a_min_count_no_word_reaches_names_the_key():
    """Issue 24.11: not gensim's "you must first build vocabulary"."""
    texts = [["a", "rare", "text"], ["another", "short", "one"]] * 3
    with pytest.raises(ValueError, match=r"embeddings.w2v-small.min_count = 50: no word occurs that often"):
        train_word2vec(
            texts, dim=4, window=2, min_count=50, epochs=1, sg=False, negative=2, seed=0, where="embeddings.w2v-small"
        )
