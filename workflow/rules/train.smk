# One training job per configuration, all seeds trained together as one
# stacked model (training.batch_seeds: true, the default), or one job per
# (configuration, seed) (batch_seeds: false). Either way each seed gets its
# own files under results/runs/<run>/seed<k>/ (see run_outputs in common.smk).


rule train:
    """One MLP configuration: per-epoch metrics, best-dev weights, test metrics and test predictions per seed."""
    input:
        features=lambda wc: feature_file(CONFIGURATIONS[wc.run].embedding),
        test=rules.split.output.test,  # the ids of predictions.csv's rows, in test-split order
    output:
        metrics=run_outputs("metrics.json"),
        epochs=run_outputs("epochs.csv"),
        model=run_outputs("model.pt"),
        predictions=run_outputs("predictions.csv"),
        timings=run_timings(),
    log:
        log_file(f"train/{TRAIN_JOB}"),
    benchmark:
        benchmark_file(f"train/{TRAIN_JOB}")
    # costlier configurations first, so no long job is left running alone at the end
    priority: lambda wc: training_priority(CONFIGURATIONS[wc.run], EMBEDDINGS[CONFIGURATIONS[wc.run].embedding])
    conda:
        ENV
    threads: config["training"]["threads"]
    resources:
        # from the features' size (and a TF-IDF file's columns), the epochs, seeds and layers
        mem_mb=train_mem,
        runtime=lambda wc, input: train_runtime(wc, input),
    params:
        seeds=lambda wc: SEEDS if BATCH_SEEDS else [int(wc.seed)],
        configuration=lambda wc: CONFIGURATIONS[wc.run].as_dict(),
        device=lookup("training/device", within=config),
        provenance=lambda wc: {
            "data": DATA_PROVENANCE,
            "embedding_spec": EMBEDDINGS_RECORDED[CONFIGURATIONS[wc.run].embedding],
        },
        code=code("train.py"),
    script:
        "../scripts/train.py"
