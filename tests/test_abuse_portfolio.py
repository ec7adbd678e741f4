"""A portfolio is read one description at a time (issue 15, finding 4): a JSON array is no longer turned into
Python objects whole (64 MiB of ``{}`` took 1.8 GB per request), and what is not one JSON array is still
refused whole, before any analysis."""

from __future__ import annotations

import json
import tracemalloc

import pytest
from fastapi.testclient import TestClient

from app.analysis.description_model import InvalidDescriptionError
from app.analysis.portfolio import split_portfolio
from tests.conftest import REPO_ROOT

EXAMPLE = (REPO_ROOT / "data" / "examples" / "cv-ranker.json").read_text(encoding="utf-8")


def test_reading_a_large_array_holds_about_its_text_not_its_objects() -> None:
    body = b"[" + b",".join([b"{}"] * 500_000) + b"]"  # 1.5 MB
    tracemalloc.start()
    try:
        texts = split_portfolio(body, "application/json")
        first = next(texts)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert first == "{}"
    assert peak < 4 * len(body), f"{peak / 2**20:.0f} MiB to read a {len(body) / 2**20:.0f} MiB portfolio"
    assert sum(1 for _ in texts) == 500_000 - 1


def test_elements_come_back_as_written() -> None:
    body = b' \n[ {"a": [1, {"b": "]"}]} ,\t"x" , 3 ,{"c":"\\u00e9\\ud800"}]\n '
    assert list(split_portfolio(body, "application/json")) == [
        '{"a": [1, {"b": "]"}]}',
        '"x"',
        "3",
        '{"c":"\\u00e9\\ud800"}',
    ]
    assert list(split_portfolio(b"[]", "application/json")) == []
    assert list(split_portfolio("[{}]".encode("utf-16"), "application/json")) == ["{}"]


@pytest.mark.parametrize(
    "body",
    [b"[{}, ]", b"[{} {}]", b'{"id": "urn:x"}', b"[", b"[{}] x", b"", b"[{}, {]", b"nope", b"[" * 100_000],
)
def test_what_is_not_one_json_array_is_refused_whole(body: bytes) -> None:
    with pytest.raises(InvalidDescriptionError):
        split_portfolio(body, "application/json")


def test_a_broken_array_is_a_422_before_any_line(client: TestClient) -> None:
    body = ("[" + EXAMPLE + "," + EXAMPLE + ", {]").encode()
    response = client.post(
        "/gap-analysis/portfolio", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_good_array_streams_every_report(client: TestClient) -> None:
    document = json.loads(EXAMPLE)
    body = json.dumps([document, {"id": "urn:example:bad"}, document], indent=2).encode()
    response = client.post(
        "/gap-analysis/portfolio", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [line["index"] for line in lines] == [0, 1, 2]
    assert "report" in lines[0] and "error" in lines[1] and "report" in lines[2]
    assert lines[0]["report"] == lines[2]["report"]
