rule download:
    """Fetch the IMDB archive (URL, file:// URL or local path) and verify its sha256."""
    output:
        "results/data/aclImdb.tar.gz",
    params:
        source=lookup("data/source", within=config),
        sha256=lookup("data/sha256", within=config),
    log:
        "results/logs/download.log",
    resources:
        mem_mb=200,
        runtime=60,
    conda:
        ENV
    script:
        "../scripts/download.py"


rule split:
    """dev / train / test as the homework built them, plus the unlabelled reviews."""
    input:
        rules.download.output,
    output:
        train="results/data/train.parquet",
        dev="results/data/dev.parquet",
        test="results/data/test.parquet",
        unlabeled="results/data/unlabeled.parquet",
        stats="results/data/split.json",
    params:
        split=lookup("data/split", within=config),
    log:
        "results/logs/split.log",
    resources:
        mem_mb=1500,
        runtime=10,
    conda:
        ENV
    script:
        "../scripts/split.py"
