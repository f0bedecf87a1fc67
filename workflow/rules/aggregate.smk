rule aggregate:
    """Every run's records -> tidy tables (one row per run x epoch x split) and a summary."""
    input:
        metrics=expand("{d}/metrics.json", d=run_dirs()),
        epochs=expand("{d}/epochs.csv", d=run_dirs()),
        baselines=expand(f"{BASELINES_DIR}/{{e}}.json", e=USED_EMBEDDINGS),
    output:
        epochs=f"{TABLES_DIR}/epochs.csv",
        gradients=f"{TABLES_DIR}/gradients.csv",
        runs=f"{TABLES_DIR}/runs.csv",
        summary=f"{TABLES_DIR}/summary.csv",
        studies=f"{TABLES_DIR}/studies.csv",
        baselines=f"{TABLES_DIR}/baselines.csv",
    log:
        log_file("aggregate"),
    benchmark:
        benchmark_file("aggregate")
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
        runs=expand(f"{TIMINGS_DIR}/runs/{{d}}.json", d=run_keys()),
        baselines=expand(f"{TIMINGS_DIR}/baselines/{{e}}.json", e=USED_EMBEDDINGS),
    output:
        runs=f"{TIMINGS_DIR}/runs.csv",
        baselines=f"{TIMINGS_DIR}/baselines.csv",
    log:
        log_file("timings"),
    benchmark:
        benchmark_file("timings")
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
        f"{TABLES_DIR}/comparisons.csv",
    log:
        log_file("compare"),
    benchmark:
        benchmark_file("compare")
    conda:
        ENV
    resources:
        mem_mb=800,
        runtime=10,
    params:
        # the studies as results/tables/studies.csv lists them (not read from it: a
        # change there that is not about the studies, e.g. data.name, reruns nothing here)
        studies=[e.__dict__ for e in STUDY_ENTRIES],
        runs={run: [f"{RUNS_DIR}/{run}/seed{s}/predictions.csv" for s in SEEDS] for run in CONFIGURATIONS},
        run_embedding={run: c.embedding for run, c in CONFIGURATIONS.items()},
        baselines=baseline_prediction_files(),
        statistics=lookup("statistics", within=config),
        code=code("compare.py"),
    script:
        "../scripts/compare.py"
