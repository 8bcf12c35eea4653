"""``chartforge deid train``: train the learned NER model (deid/learned/training.yaml).

Registered on the ``deid`` click group (chartforge/cli/deid.py); the work is deid/learned/train.py.
Prints counts and losses only.
"""

from __future__ import annotations

from pathlib import Path

import click

from deid.learned.model import SHIPPED


@click.command("train")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Training config (default: deid/learned/training.yaml).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=str(SHIPPED), show_default=True,
              help="Where to write the model (replaced when training succeeds).")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              help="The development data (default ../shared/data beside the clone).")
@click.option("--epochs", type=int, default=None, help="Override training.epochs.")
@click.option("--max-minutes", type=float, default=None, help="Override training.max_minutes.")
def train_command(config_path, out_dir, data_dir, epochs, max_minutes):
    """Train the learned NER model from the project's own gold (demo and nursing generators,
    MTSamples dev split, pii_synth's dev part; never a test split) and write it with version.json.

    Prints counts and losses only. Exit 3 when a data source is missing (E504).
    """
    from chartforge.offline import configure_offline_environment
    from deid.learned.train import load_training_config, train
    from devsets.training import gold_records

    configure_offline_environment()
    config = load_training_config(config_path)
    if epochs is not None:
        config["training"]["epochs"] = epochs
    if max_minutes is not None:
        config["training"]["max_minutes"] = max_minutes
    click.echo("building the training sets (demo, nursing, MTSamples dev, pii_synth dev part) ...", err=True)
    sources = gold_records(config["data"], Path(data_dir) if data_dir else None)
    record = train(config, Path(out_dir), sources, echo=lambda line: click.echo(line, err=True))
    click.echo(f"model written to {out_dir}: {record['windows']} windows, {record['epochs']} epochs, "
               f"{record['trained_seconds']:.0f} s, weights sha256 {record['weights_sha256'][:16]}")
