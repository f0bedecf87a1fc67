"""Glue: rule activation_figure -> textmlp.written.activation_figure (the homework's three, then the rest)."""

from textmlp.runtime import limit_threads, log_to
from textmlp.written.activation_figure import activation_curves, plot_activations, save_figure, split_curves

log = log_to(snakemake.log[0])
limit_threads(snakemake.threads)
curves = activation_curves()
main, more = split_curves(curves)
save_figure(plot_activations(main), pdf=snakemake.output.pdf, png=snakemake.output.png)
save_figure(plot_activations(more), pdf=snakemake.output.more_pdf, png=snakemake.output.more_png)
log.info(
    "activation figures: %s; %s",
    ", ".join(dict.fromkeys(main["activation"])),
    ", ".join(dict.fromkeys(more["activation"])),
)
