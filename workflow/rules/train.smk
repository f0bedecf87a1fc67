rule train:
    """One MLP configuration with one seed: per-epoch metrics, best-dev weights, test metrics."""
    input:
        features=lambda wc: f"results/features/{CONFIGURATIONS[wc.run].embedding}.pt",
    output:
        metrics="results/runs/{run}/seed{seed}/metrics.json",
        epochs="results/runs/{run}/seed{seed}/epochs.csv",
        model="results/runs/{run}/seed{seed}/model.pt",
    params:
        configuration=lambda wc: CONFIGURATIONS[wc.run].as_dict(),
        device=lookup("training/device", within=config),
        provenance=lambda wc: {
            "split": config["data"]["split"],
            "embedding_spec": EMBEDDINGS[CONFIGURATIONS[wc.run].embedding],
            "data_sha256": config["data"]["sha256"],
        },
    log:
        "results/logs/train/{run}/seed{seed}.log",
    benchmark:
        "results/benchmarks/train/{run}/seed{seed}.tsv"
    threads: config["training"]["threads"]
    resources:
        mem_mb=1000,
        runtime=30,
    conda:
        ENV
    script:
        "../scripts/train.py"
