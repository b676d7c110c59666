"""Where the user's files live: the folders worked out without platformdirs are platformdirs'."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from reader import config

FOLDERS = [
    (config.config_dir, "READER_CONFIG_DIR", "XDG_CONFIG_HOME", platformdirs.user_config_dir),
    (config.data_dir, "READER_DATA_DIR", "XDG_DATA_HOME", platformdirs.user_data_dir),
    (config.cache_dir, "READER_CACHE_DIR", "XDG_CACHE_HOME", platformdirs.user_cache_dir),
]


@pytest.mark.parametrize(("ours", "override", "variable", "theirs"), FOLDERS)
@pytest.mark.parametrize(
    ("home", "xdg"),
    [
        ("/home/ada", None),
        ("/home/ada/", None),
        ("/home/ada", ""),
        ("/home/ada", "/srv/xdg"),
        ("/home/ada", "/srv/xdg/"),
        ("/home/ada", "relative/xdg"),
        (None, "/srv/xdg"),
        ("relative-home", None),
    ],
)
def test_each_folder_is_platformdirs_folder(monkeypatch, ours, override, variable, theirs, home, xdg):
    monkeypatch.delenv(override, raising=False)
    for name, value in (("HOME", home), (variable, xdg)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    try:
        expected = theirs(config.APP_NAME)
    except RuntimeError:  # platformdirs cannot tell either (no absolute home)
        with pytest.raises(RuntimeError):
            ours()
        return
    assert str(ours()) == str(type(ours())(expected))


def test_a_quick_command_does_not_import_platformdirs(monkeypatch):
    if not sys.platform.startswith("linux"):
        pytest.skip("worked out here on Linux only")
    monkeypatch.delitem(sys.modules, "platformdirs", raising=False)
    monkeypatch.delenv("READER_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", "/home/ada")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert str(config.cache_dir()) == "/home/ada/.cache/reader"
    assert "platformdirs" not in sys.modules


def test_the_override_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path))
    assert config.cache_dir() == tmp_path
