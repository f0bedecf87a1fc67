rule aggregate:
    """Every run's records -> tidy tables (one row per run x epoch x split) and a summary."""
    input:
        metrics=expand("{d}/metrics.json", d=run_dirs()),
        epochs=expand("{d}/epochs.csv", d=run_dirs()),
        baselines=expand("results/baselines/{e}.json", e=USED_EMBEDDINGS),
    output:
        epochs="results/tables/epochs.csv",
        gradients="results/tables/gradients.csv",
        runs="results/tables/runs.csv",
        summary="results/tables/summary.csv",
        studies="results/tables/studies.csv",
        baselines="results/tables/baselines.csv",
    log:
        "results/logs/aggregate.log",
    benchmark:
        "results/benchmarks/aggregate.tsv"
    conda:
        ENV
    resources:
        mem_mb=500,
        runtime=5,
    params:
        studies=[e.__dict__ for e in STUDY_ENTRIES],
        study_specs=lookup("studies", within=config),
        dataset=lookup("data/name", within=config),
        code=code("aggregate.py"),
    script:
        "../scripts/aggregate.py"


rule timings:
    """Every run's and baseline's timings -> one table each, kept apart from the results."""
    input:
        runs=expand("results/timings/runs/{d}.json", d=run_keys()),
        baselines=expand("results/timings/baselines/{e}.json", e=USED_EMBEDDINGS),
    output:
        runs="results/timings/runs.csv",
        baselines="results/timings/baselines.csv",
    log:
        "results/logs/timings.log",
    benchmark:
        "results/benchmarks/timings.tsv"
    conda:
        ENV
    resources:
        mem_mb=300,
        runtime=5,
    params:
        code=code("timings.py"),
    script:
        "../scripts/timings.py"


rule compare:
    """Paired bootstrap of test-accuracy differences: every pair of configurations
    in a study, and every configuration against the baselines on its inputs."""
    input:
        runs=expand("{d}/predictions.csv", d=run_dirs()),
        # checked against each other before any comparison uses them: the
        # predictions give back the record's test accuracy, the model loads
        # (textmlp.train.predictions.check_run_files); a failure here leaves
        # the manifest as it was
        metrics=expand("{d}/metrics.json", d=run_dirs()),
        models=expand("{d}/model.pt", d=run_dirs()),
        baselines=[path for group in baseline_prediction_files().values() for _, _, path in group],
    output:
        "results/tables/comparisons.csv",
    log:
        "results/logs/compare.log",
    benchmark:
        "results/benchmarks/compare.tsv"
    conda:
        ENV
    resources:
        mem_mb=800,
        runtime=10,
    params:
        # the studies as results/tables/studies.csv lists them (not read from it: a
        # change there that is not about the studies, e.g. data.name, reruns nothing here)
        studies=[e.__dict__ for e in STUDY_ENTRIES],
        runs={run: [f"results/runs/{run}/seed{s}/predictions.csv" for s in SEEDS] for run in CONFIGURATIONS},
        run_embedding={run: c.embedding for run, c in CONFIGURATIONS.items()},
        baselines=baseline_prediction_files(),
        statistics=lookup("statistics", within=config),
        code=code("compare.py"),
    script:
        "../scripts/compare.py"
