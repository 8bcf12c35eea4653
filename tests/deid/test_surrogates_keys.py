import os
import stat

import pytest

from chartforge.errors import ChartforgeError
from deid.surrogates.keys import ENV_KEY, fingerprint, load_key, pseudonym


def test_key_created_0600_on_first_use_and_stable(tmp_path):
    path = tmp_path / "secrets" / "deid.key"
    key = load_key(path, environ={})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_key(path, environ={}) == key and len(key) == 64


def test_loose_permissions_are_refused(tmp_path):
    path = tmp_path / "deid.key"
    path.write_text("secret")
    os.chmod(path, 0o644)
    with pytest.raises(ChartforgeError) as info:
        load_key(path, environ={})
    assert info.value.code == "E204" and "secret" not in str(info.value)


def test_env_var_wins_and_fingerprint_hides_the_key(tmp_path):
    key = load_key(tmp_path / "never.key", environ={ENV_KEY: "from-env"})
    assert key == b"from-env" and not (tmp_path / "never.key").exists()
    assert "from-env" not in fingerprint(key) and fingerprint(key) != fingerprint(b"other")
    assert pseudonym(key, "patient", "123", "P") != pseudonym(b"other", "patient", "123", "P")


def test_errors_survive_pickling():
    # Prefect pickles a failed run's exception into its result storage.
    import pickle

    error = ChartforgeError.make("E204", path="/k", mode="0o644")
    again = pickle.loads(pickle.dumps(error))
    assert again.code == "E204" and str(again) == str(error)
