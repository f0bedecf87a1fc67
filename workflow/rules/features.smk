rule word2vec:
    """Train word2vec on the train split plus the unlabelled reviews (never dev or test)."""
    input:
        train=rules.split.output.train,
        unlabeled=rules.split.output.unlabeled,
    output:
        f"{EMBEDDINGS_DIR}/{{w2v}}.npz",
    log:
        log_file("embeddings/{w2v}"),
    cache: CACHEABLE
    priority: UPSTREAM_PRIORITY
    conda:
        ENV
    threads: lambda wc: EMBEDDINGS[wc.w2v]["workers"]  # 1 (the default) keeps the vectors reproducible
    resources:
        mem_mb=lambda wc, input: declared_mem("word2vec", input.size_mb),
        runtime=lambda wc, input: declared_runtime("word2vec", input.size_mb),
    params:
        spec=lambda wc: EMBEDDINGS[wc.w2v],
        code=code("word2vec.py"),
        software=software("gensim", "numpy"),
    script:
        "../scripts/word2vec.py"


rule download_glove:
    """Fetch pre-trained GloVe vectors, verified against the configured checksum."""
    output:
        f"{DOWNLOADS_DIR}/{{glove}}.txt.gz",
    log:
        log_file("downloads/{glove}"),
    benchmark:
        benchmark_file("downloads/{glove}")
    conda:
        ENV
    resources:
        mem_mb=200,
        runtime=60,
    params:
        spec=lambda wc: EMBEDDINGS_RECORDED[wc.glove],  # the job reads the source from the config
        code=code("download_glove.py"),
    script:
        "../scripts/download_glove.py"


rule glove:
    """Convert downloaded GloVe vectors to the pipeline's embedding file."""
    input:
        rules.download_glove.output,
    output:
        f"{EMBEDDINGS_DIR}/{{glove}}.npz",
    log:
        log_file("embeddings/{glove}"),
    benchmark:
        benchmark_file("embeddings/{glove}")
    priority: UPSTREAM_PRIORITY
    conda:
        ENV
    resources:
        mem_mb=fixed_mem(3000),
        runtime=20,
    params:
        code=code("glove.py"),
    script:
        "../scripts/glove.py"


rule features:
    """Average each review's word vectors; saved once, loaded by every training job."""
    input:
        embedding=f"{EMBEDDINGS_DIR}/{{averaged}}.npz",
        train=rules.split.output.train,
        dev=rules.split.output.dev,
        test=rules.split.output.test,
    output:
        tensors=f"{FEATURES_DIR}/{{averaged}}.pt",
        stats=f"{FEATURES_DIR}/{{averaged}}.json",
    log:
        log_file("features/{averaged}"),
    cache: CACHEABLE
    priority: UPSTREAM_PRIORITY
    conda:
        ENV
    resources:
        mem_mb=lambda wc, input: declared_mem("features", input.size_mb),
        runtime=lambda wc, input: declared_runtime("features", input.size_mb),
    params:
        code=code("features.py"),
        software=software("torch", "numpy", "pandas", "pyarrow"),
    script:
        "../scripts/features.py"


rule tfidf:
    """TF-IDF n-gram vectors of every split (fitted on train only), kept sparse."""
    input:
        train=rules.split.output.train,
        dev=rules.split.output.dev,
        test=rules.split.output.test,
    output:
        tensors=f"{FEATURES_DIR}/{{tfidf}}.npz",
        stats=f"{FEATURES_DIR}/{{tfidf}}.json",
    log:
        log_file("features/{tfidf}"),
    cache: CACHEABLE
    priority: UPSTREAM_PRIORITY
    conda:
        ENV
    resources:
        mem_mb=lambda wc, input: declared_mem("tfidf", input.size_mb),
        runtime=lambda wc, input: declared_runtime("tfidf", input.size_mb),
    params:
        spec=lambda wc: EMBEDDINGS[wc.tfidf],
        # the first hidden layers of the configurations on this input (the widest sizes the vocabulary cap): only
        # those, so that a configuration that adds layers above them does not rebuild the features
        hidden=lambda wc: [
            list(h) for h in sorted({c.hidden[:1] for c in CONFIGURATIONS.values() if c.embedding == wc.tfidf})
        ],
        code=code("tfidf.py"),
        software=software("scikit-learn", "scipy", "numpy", "pandas", "pyarrow"),
    script:
        "../scripts/tfidf.py"


rule baseline:
    """Logistic regression on a feature set (C chosen on dev): what a practitioner tries first.
    Each fitted baseline's test predictions go to results/baselines/<embedding>/<variant>.predictions.csv."""
    input:
        features=lambda wc: feature_file(wc.embedding),
        test=rules.split.output.test,  # the ids of the predictions' rows, in test-split order
    output:
        results=f"{BASELINES_DIR}/{{embedding}}.json",
        predictions=baseline_predictions("{embedding}", ["model-inputs"]),
        timings=f"{TIMINGS_DIR}/baselines/{{embedding}}.json",
    log:
        log_file("baselines/{embedding}"),
    benchmark:
        benchmark_file("baselines/{embedding}")
    wildcard_constraints:
        embedding=_one_of(e for e in EMBEDDINGS if baseline_variants(EMBEDDINGS[e]) == ["model-inputs"]),
    priority: lambda wc: baseline_priority(EMBEDDINGS[wc.embedding])
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=lambda wc, input: declared_mem(on_features("baseline", input.features), input.size_mb),
        runtime=lambda wc, input: declared_runtime(on_features("baseline", input.features), input.size_mb),
    params:
        code=code("baseline.py"),
    script:
        "../scripts/baseline.py"


# NB-scaled TF-IDF: a second baseline on the plain TF-IDF vectors, with predictions of its own.
use rule baseline as baseline_nb with:
    output:
        results=f"{BASELINES_DIR}/{{embedding}}.json",
        predictions=baseline_predictions("{embedding}", ["model-inputs", "plain-tfidf"]),
        timings=f"{TIMINGS_DIR}/baselines/{{embedding}}.json",
    wildcard_constraints:
        embedding=_one_of(e for e in EMBEDDINGS if len(baseline_variants(EMBEDDINGS[e])) > 1),
