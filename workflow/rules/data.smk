# Two kinds of dataset end in the same files, so every later rule is the same:
# results/data/{train,dev,test,unlabeled}.parquet (columns id, text, label) and
# results/data/split.json (sizes, label counts, class names, provenance).

if DATA["kind"] == "imdb":

    rule download:
        """Fetch the IMDB archive (URL, file:// URL or local path) and verify its sha256."""
        output:
            f"{DATA_DIR}/aclImdb.tar.gz",
        log:
            log_file("download"),
        benchmark:
            benchmark_file("download")
        conda:
            ENV
        resources:
            mem_mb=200,
            runtime=60,
        params:
            # redacted: Snakemake records params in .snakemake/metadata; the job
            # reads the source itself from the config (textmlp.sources.data_source)
            source=DATA_RECORDED["source"],
            sha256=lookup("data/sha256", within=config),
            code=code("download.py"),
        script:
            "../scripts/download.py"

    rule split:
        """dev (whole movies, or random reviews as the homework drew them) / train / test, plus the unlabelled reviews."""
        input:
            rules.download.output,
        output:
            **SPLIT_OUTPUTS,
        log:
            log_file("split"),
        cache: CACHEABLE
        conda:
            ENV
        resources:
            mem_mb=lambda wc, input: declared_mem("split_imdb", input.size_mb),
            runtime=lambda wc, input: declared_runtime("split_imdb", input.size_mb),
        params:
            split=lookup("data/split", within=config),
            max_review_bytes=lookup("data/max_review_bytes", within=config),
            code=code("split.py"),
            software=software("pandas", "pyarrow", "numpy"),
        script:
            "../scripts/split.py"

else:

    rule download_table:
        """Fetch one of the dataset's files (URL, file:// URL or local path); sha256 verified when given."""
        output:
            f"{DATA_DIR}/files/{{role}}/{{filename}}",
        log:
            log_file("download/{role}/{filename}"),
        benchmark:
            benchmark_file("download/{role}/{filename}")
        conda:
            ENV
        resources:
            mem_mb=fixed_mem(200),
            runtime=60,
        params:
            source=lambda wc: DATA_RECORDED["files"][wc.role]["source"],
            sha256=lambda wc: DATA["files"][wc.role].get("sha256"),
            # a local file without sha256: its content decides whether to copy it again
            digest=lambda wc: (
                None if "sha256" in DATA["files"][wc.role] else local_digest(DATA["files"][wc.role]["source"])
            ),
            code=code("download.py"),
        script:
            "../scripts/download.py"

    rule split:
        """The dataset's train / dev / test (and unlabelled) texts with class indices."""
        input:
            **TABLE_FILES,
        output:
            **SPLIT_OUTPUTS,
        log:
            log_file("split"),
        cache: CACHEABLE
        conda:
            ENV
        resources:
            mem_mb=lambda wc, input: declared_mem("split", input.size_mb),
            runtime=lambda wc, input: declared_runtime("split", input.size_mb),
        params:
            spec={k: v for k, v in DATA.items() if k not in ("kind", "files", "name")},
            code=code("split_table.py"),
            software=software("pandas", "pyarrow", "numpy"),
        script:
            "../scripts/split_table.py"


rule audit:
    """Class shares, repeated and shared texts, groups (movies) per split and shared -> results/data/audit.json."""
    input:
        train=rules.split.output.train,
        dev=rules.split.output.dev,
        test=rules.split.output.test,
        unlabeled=rules.split.output.unlabeled,
        stats=rules.split.output.stats,
    output:
        f"{DATA_DIR}/audit.json",
    log:
        log_file("audit"),
    benchmark:
        benchmark_file("audit")
    conda:
        ENV
    resources:
        mem_mb=lambda wc, input: declared_mem("audit", input.size_mb),
        runtime=lambda wc, input: declared_runtime("audit", input.size_mb),
    params:
        code=code("audit.py"),
    script:
        "../scripts/audit.py"
