# How the word2vec settings were chosen (config.yaml: word2vec_study): each
# candidate trained like its embedding and scored on dev by a fixed probe.
# `snakemake word2vec_study` runs it; with in_report: true the default target
# does, and the report shows its table.


rule word2vec_candidate:
    """One candidate's word2vec, scored by logistic regression on its averaged vectors."""
    input:
        train=rules.split.output.train,
        dev=rules.split.output.dev,
        test=rules.split.output.test,
        unlabeled=rules.split.output.unlabeled,
    output:
        scores=f"{WORD2VEC_STUDY_DIR}/{{candidate}}.json",
        timings=f"{TIMINGS_DIR}/word2vec_study/{{candidate}}.json",
    log:
        log_file("word2vec_study/{candidate}"),
    benchmark:
        benchmark_file("word2vec_study/{candidate}")
    conda:
        ENV
    threads: lambda wc: W2V_CANDIDATES[wc.candidate]["spec"]["workers"]
    resources:
        mem_mb=fixed_mem(2500),
        runtime=30,
    params:
        candidate=lambda wc: W2V_CANDIDATES[wc.candidate],
        code=code("word2vec_candidate.py"),
    script:
        "../scripts/word2vec_candidate.py"


rule word2vec_study:
    """All candidates in one table: dev rank, the winner of each embedding, and the configured one
    (word2vec's time per candidate in a table of its own, beside the other timings)."""
    input:
        scores=expand(f"{WORD2VEC_STUDY_DIR}/{{candidate}}.json", candidate=W2V_CANDIDATES),
        timings=expand(f"{TIMINGS_DIR}/word2vec_study/{{candidate}}.json", candidate=W2V_CANDIDATES),
    output:
        table=f"{TABLES_DIR}/word2vec_study.csv",
        timings=f"{TIMINGS_DIR}/word2vec_study.csv",
    log:
        log_file("word2vec_study"),
    benchmark:
        benchmark_file("word2vec_study")
    conda:
        ENV
    resources:
        mem_mb=fixed_mem(300),
        runtime=5,
    params:
        embeddings=lambda wc: {b: EMBEDDINGS[b] for b in {c["base"] for c in W2V_CANDIDATES.values()}},
        code=code("word2vec_study.py"),
    script:
        "../scripts/word2vec_study.py"
