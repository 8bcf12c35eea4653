"""Every E-code carries its exit class; one handler maps it for every CLI."""

import click
import pytest
from click.testing import CliRunner

from chartforge.cli.common import Group
from chartforge.errors import EXIT_CHECK, EXIT_INPUT, EXIT_USAGE, ChartforgeError, Errors, Message


def _codes():
    return sorted(name for name in vars(Errors) if name.startswith("E") and name[1:].isdigit())


def test_every_code_has_an_exit_class():
    assert len(_codes()) > 50
    for code in _codes():
        message = getattr(Errors, code)
        assert isinstance(message, Message), code
        assert message.exit_code in (EXIT_CHECK, EXIT_USAGE, EXIT_INPUT), code


@pytest.mark.parametrize(("code", "fields", "exit_code"), [
    ("E002", {"key": "x", "origin": "f", "known": "a"}, EXIT_USAGE),  # was "input" in review/codebooks
    ("E101", {"file": "f", "row": 1, "field": "text"}, EXIT_INPUT),
    ("E301", {"batch": "b", "status": "failed"}, EXIT_CHECK),
    ("E505", {"reason": "r"}, EXIT_USAGE),
])
def test_the_group_exits_with_the_catalogue_class(code, fields, exit_code):
    @click.group(cls=Group)
    def stage():
        pass

    @stage.command()
    def work():
        raise ChartforgeError.make(code, **fields)

    result = CliRunner().invoke(stage, ["work"])
    assert result.exit_code == exit_code
    assert f"error: [{code}]" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_error_still_pickles_with_its_class():
    import pickle

    error = pickle.loads(pickle.dumps(ChartforgeError.make("E301", batch="b", status="failed")))
    assert (error.code, error.exit_code) == ("E301", EXIT_CHECK)


def test_stage_clis_use_the_one_handler():
    from chartforge.cli import SUBCOMMANDS
    import importlib

    for name, (target, _) in SUBCOMMANDS.items():
        module, attribute = target.split(":")
        command = getattr(importlib.import_module(module), attribute)
        if isinstance(command, click.Group):
            assert isinstance(command, Group), name
