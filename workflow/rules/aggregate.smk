rule aggregate:
    """Every run's records -> tidy tables (one row per run x epoch x split) and a summary."""
    input:
        metrics=expand("{d}/metrics.json", d=run_dirs()),
        epochs=expand("{d}/epochs.csv", d=run_dirs()),
        baselines=expand("results/baselines/{e}.json", e=USED_EMBEDDINGS),
    output:
        epochs="results/tables/epochs.csv",
        runs="results/tables/runs.csv",
        summary="results/tables/summary.csv",
        studies="results/tables/studies.csv",
        baselines="results/tables/baselines.csv",
    params:
        studies=[e.__dict__ for e in STUDY_ENTRIES],
        study_specs=lookup("studies", within=config),
        dataset=lookup("data/name", within=config),
    log:
        "results/logs/aggregate.log",
    benchmark:
        "results/benchmarks/aggregate.tsv"
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        ENV
    script:
        "../scripts/aggregate.py"
