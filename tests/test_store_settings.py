"""Settings from the environment and flags; the embedded store persisted to a directory and reopened."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from app.core.settings import Settings
from app.graph.store import EmbeddedStore, open_store, prepare_data_dir

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_settings_come_from_env_then_flags() -> None:
    env = {"CROSSWALK_PORT": "9000", "CROSSWALK_QUERY_TIMEOUT": "2.5", "CROSSWALK_ALLOW_UPDATES": "no"}
    settings = Settings.from_env(env, port=None, workers=3)
    assert (settings.port, settings.query_timeout, settings.workers, settings.allow_updates) == (
        9000,
        2.5,
        3,
        False,
    )
    assert Settings.from_env(settings.to_env()) == settings
    assert settings.access_log and not Settings.from_env({"CROSSWALK_ACCESS_LOG": "off"}).access_log


@pytest.mark.parametrize(
    "env",
    [
        {"CROSSWALK_PORT": "eighty"},
        {"CROSSWALK_ALLOW_UPDATES": "1"},  # no token
        {"CROSSWALK_STORE": "http://h/query", "CROSSWALK_DATA_DIR": "/tmp/x"},
        {"CROSSWALK_QUERY_TIMEOUT": "0"},
    ],
)
def test_bad_settings_are_refused(env: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        Settings.from_env(env)


def test_remote_endpoints_follow_oxigraph_layout_or_one_url() -> None:
    oxigraph = Settings(store="http://h:7878/query")
    assert (oxigraph.update_url, oxigraph.gsp_url) == ("http://h:7878/update", "http://h:7878/store")
    fuseki = Settings(store="http://h:3030/ds")
    assert (fuseki.update_url, fuseki.gsp_url) == ("http://h:3030/ds", "http://h:3030/ds")


def test_data_dir_is_loaded_once_then_reopened_read_only(tmp_path: Path) -> None:
    data_dir = tmp_path / "store"
    assert prepare_data_dir(REPO_ROOT, data_dir) is True
    assert prepare_data_dir(REPO_ROOT, data_dir) is False  # unchanged files: no reload
    store = open_store(Settings(resource_root=REPO_ROOT, data_dir=data_dir, query_workers=1))
    try:
        assert isinstance(store, EmbeddedStore)
        assert store.triple_count() > 10_000
        with pytest.raises(RuntimeError, match="read-write"):
            store.store.add(pyoxigraph.Quad(*(pyoxigraph.NamedNode(f"urn:x:{c}") for c in "spo")))
        outcome = store.run_query("ASK { ?s ?p ?o }", [], [], 10, 10)
        assert outcome.kind == "boolean" and b"true" in outcome.data
    finally:
        store.close()
