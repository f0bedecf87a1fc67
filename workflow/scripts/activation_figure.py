"""Glue: rule activation_figure -> textmlp.activation_plot."""
from textmlp.activation_plot import activation_curves, plot_activations, save_figure
from textmlp.runtime import limit_threads, log_to

log = log_to(snakemake.log[0])
limit_threads(snakemake.threads)
curves = activation_curves()
save_figure(plot_activations(curves), pdf=snakemake.output.pdf, png=snakemake.output.png)
log.info("activation figure: %d activations, %d points each",
         curves["activation"].nunique(), len(curves) // curves["activation"].nunique())
