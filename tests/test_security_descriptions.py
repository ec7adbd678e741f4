"""Issue 14/15: a description can make the service fetch nothing, read no file, hold no unknown field and no
relative id, on every endpoint that reads one and on both back ends. A local listener records every request."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import quote

import pytest
import rdflib
from fastapi.testclient import TestClient

from app.analysis.description_model import SYSTEM_NAMESPACE, InvalidDescriptionError
from app.analysis.descriptions import parse_description
from app.main import create_app
from tests.conftest import BACKENDS
from tests.test_inventory import AUTH, CV_RANKER, clear_systems, inventory_settings

PROBLEM = "application/problem+json"
SYSTEM_ID = "urn:test:security"


class Listener(BaseHTTPRequestHandler):
    """Serves a JSON-LD context to anyone who asks, and remembers being asked."""

    requests: list[str] = []  # noqa: RUF012 - shared by the server's handler instances

    def do_GET(self) -> None:
        Listener.requests.append(self.path)
        body = b'{"@context": {"status": "http://example.org/evil"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET  # noqa: N815 - the handler method name http.server calls

    def log_message(self, *_: Any) -> None:
        return


@pytest.fixture(scope="module")
def listener() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module", params=BACKENDS)
def app_client(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    server = request.getfixturevalue("oxigraph_server") if request.param == "remote" else None
    with TestClient(create_app(settings=inventory_settings(request.param, server))) as client:
        yield client
        clear_systems(client)


def described(**changes: Any) -> dict[str, Any]:
    return {**CV_RANKER, "id": SYSTEM_ID, **changes}


def measure(**changes: Any) -> dict[str, Any]:
    return {"id": "m1", "addresses": ["eu-ai-act:Article-9"], "status": "implemented", **changes}


def submit(client: TestClient, endpoint: str, document: dict[str, Any], media_type: str) -> tuple[int, str]:
    """Send one description to ``endpoint``; the status and text of its answer (a portfolio line's error)."""
    text = json.dumps(document)
    headers = {"content-type": media_type, **AUTH}
    if endpoint == "portfolio":
        ndjson = {**headers, "content-type": "application/x-ndjson"}  # a portfolio: JSON or NDJSON only
        response = client.post("/gap-analysis/portfolio", content=text, headers=ndjson)
        assert response.status_code == 200, response.text
        (line,) = [json.loads(x) for x in response.text.splitlines() if x.strip()]
        error = line.get("error") or {}
        return (error.get("status", 200), json.dumps(error))
    if endpoint == "ui":
        response = client.post("/ui/gaps", data={"description": text, "media_type": media_type})
        return response.status_code, response.text
    if endpoint == "put":
        url = f"/systems/{quote(str(document.get('id', SYSTEM_ID)), safe='')}"
        response = client.put(url, content=text, headers=headers)
    else:
        response = client.post(endpoint, content=text, headers=headers)
    if response.status_code >= 400:
        assert response.headers["content-type"] == PROBLEM, response.text
    return response.status_code, response.text


ENDPOINTS = ["/gap-analysis", "/systems/validate", "portfolio", "ui", "put"]


def nested_contexts(lure: str) -> dict[str, dict[str, Any]]:
    """A context to load, placed everywhere JSON-LD allows one but the top."""
    ctx = f"{lure}/x.jsonld"
    return {
        "measure": described(measures=[measure(**{"@context": ctx})]),
        "measure-list": described(measures=[measure(**{"@context": [{"@version": 1.1}, ctx]})]),
        "measure-import": described(measures=[measure(**{"@context": {"@import": ctx}})]),
        "value-object": described(purposes=[{"@id": "urn:x", "@context": ctx}]),
        "included": described(**{"@included": [{"@context": ctx, "@id": "urn:y"}]}),
        "file": described(measures=[measure(**{"@context": "file:///etc/passwd"})]),
        "scoped-in-top": described(
            **{"@context": [{"@version": 1.1, "measures": {"@id": "urn:m", "@context": ctx}}]}
        ),
    }


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("media_type", ["application/json", "application/ld+json"])
@pytest.mark.parametrize(
    "where",
    ["measure", "measure-list", "measure-import", "value-object", "included", "file", "scoped-in-top"],
)
def test_no_context_is_fetched_at_any_depth(
    app_client: TestClient, listener: str, endpoint: str, media_type: str, where: str
) -> None:
    Listener.requests.clear()
    status, text = submit(app_client, endpoint, nested_contexts(listener)[where], media_type)
    assert status == 422, text
    assert "@context" in text or "@included" in text  # the field is named
    assert Listener.requests == [], "the service fetched a context"
    assert app_client.get(f"/systems/{quote(SYSTEM_ID, safe='')}", headers=AUTH).status_code == 404


def test_a_file_context_is_no_oracle(app_client: TestClient) -> None:
    """/etc/passwd (exists), a missing file and /dev/zero answer alike: nothing is opened."""
    answers = set()
    for target in ("file:///etc/passwd", "file:///no/such/file", "file:///dev/zero", "http://127.0.0.1:1/"):
        document = described(measures=[measure(**{"@context": target})])
        response = app_client.post("/gap-analysis", json=document)
        assert response.status_code == 422
        answers.add(response.text)
    assert len(answers) == 1, answers


def test_the_json_ld_loader_never_fetches(listener: str) -> None:
    """rdflib's JSON-LD processor, reached any way in this process, loads no context (the backstop)."""
    import app.analysis.descriptions  # noqa: F401 - installs the refusing loader

    Listener.requests.clear()
    for ctx in (f"{listener}/x.jsonld", "file:///etc/passwd"):
        document = {"@context": {"@import": ctx}, "@id": "urn:x", "urn:p": "v"}
        with pytest.raises(InvalidDescriptionError):
            rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    assert Listener.requests == []


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    ("change", "field", "closest"),
    [
        ({"sector": ["health"]}, "sector", "sectors"),
        ({"measure": [measure()]}, "measure", "measures"),
        (
            {"measures": [{**measure(), "adresses": ["eu-ai-act:Article-10"]}]},
            "measures.adresses",
            "addresses",
        ),
        ({"purpose": ["recruitment"]}, "purpose", "purposes"),
    ],
    ids=["sector", "measure", "adresses", "purpose"],
)
def test_an_unknown_field_is_a_422_naming_it_and_the_closest(
    app_client: TestClient, endpoint: str, change: dict[str, Any], field: str, closest: str
) -> None:
    status, text = submit(app_client, endpoint, described(**change), "application/json")
    assert status == 422, text
    assert field in text and closest in text
    if endpoint != "ui":
        issues = json.loads(text)["issues"]
        assert [(i["field"], i["constraint"]) for i in issues] == [(field, "unknown-field")]


def test_extensions_and_full_iris_are_the_ways_to_extend(app_client: TestClient) -> None:
    document = described(
        extensions={"team": "hr-tools", "sector": "not ours to read"}, **{"https://example.org/owner": "hr"}
    )
    for endpoint in ("/gap-analysis", "/systems/validate"):
        assert app_client.post(endpoint, json=document).status_code == 200
    assert app_client.post("/gap-analysis", json=described(extensions="x")).status_code == 422


def test_terms_of_the_documents_own_context_are_known(app_client: TestClient) -> None:
    ours = "https://w3id.org/ai-crosswalk/context.jsonld"
    document = described(**{"@context": [ours, {"owner": "https://example.org/owner"}], "owner": "hr"})
    assert app_client.post("/gap-analysis", json=document).status_code == 200
    document = described(**{"@context": {"owner": "https://example.org/owner"}}, owner="hr")
    answer = app_client.post("/gap-analysis", json=document)
    assert answer.status_code == 422 and "purposes" in answer.text  # ours not in effect: purposes unknown


@pytest.mark.parametrize("endpoint", ["/gap-analysis", "/systems/validate", "portfolio", "put"])
@pytest.mark.parametrize("system_id", ["cv ranker", "../etc/x", "./x", ""])
def test_a_relative_id_is_a_422_naming_id_and_no_path_leaks(
    app_client: TestClient, endpoint: str, system_id: str
) -> None:
    if endpoint == "put" and system_id in ("", "../etc/x", "./x"):
        pytest.skip("not a path segment")
    status, text = submit(app_client, endpoint, described(id=system_id), "application/json")
    assert status == 422, text
    assert "file:" not in text and "/work" not in text
    issues = json.loads(text)["issues"]
    assert {i["field"] for i in issues} == {"id"}


def test_a_relative_reference_in_turtle_is_a_422(app_client: TestClient) -> None:
    turtle = "<cv-ranker> a <https://w3id.org/ai-crosswalk/ontology#AISystem> ."
    response = app_client.post("/gap-analysis", content=turtle, headers={"content-type": "text/turtle"})
    assert response.status_code == 422
    assert "file:" not in response.text
    assert json.loads(response.text)["issues"][0]["field"] == "id"


def test_a_short_name_is_minted_under_the_service_base(app_client: TestClient) -> None:
    report = app_client.post("/gap-analysis", json=described(id="cv-ranker"))
    assert report.status_code == 200, report.text
    assert report.json()["system"]["id"] == SYSTEM_NAMESPACE + "cv-ranker"
    stored = app_client.put("/systems/cv-ranker", json=described(id="cv-ranker"), headers=AUTH)
    assert stored.status_code in (200, 201), stored.text
    assert stored.json()["id"] == SYSTEM_NAMESPACE + "cv-ranker"
    assert app_client.get("/systems/cv-ranker").status_code == 200
    assert app_client.delete("/systems/cv-ranker", headers=AUTH).status_code in (200, 204)


def test_relative_iris_never_resolve_against_the_working_directory() -> None:
    with pytest.raises(InvalidDescriptionError) as caught:
        parse_description(json.dumps(described(measures=[measure(addresses=["Article-9"])])))
    assert {i.field for i in caught.value.issues} == {"measures.addresses"}
    assert all("file:" not in i.value for i in caught.value.issues)


def test_the_openapi_document_states_the_strict_contract(embedded_client: TestClient) -> None:
    schema = embedded_client.get("/openapi.json").json()
    body = schema["paths"]["/gap-analysis"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["additionalProperties"] is False
    assert {"@context", "extensions", "id", "measures"} <= set(body["properties"])
    assert body["properties"]["measures"]["items"]["additionalProperties"] is False


@pytest.mark.parametrize("endpoint", ["/gap-analysis", "/systems/validate", "put"])
def test_turtle_naming_urls_fetches_nothing(app_client: TestClient, listener: str, endpoint: str) -> None:
    Listener.requests.clear()
    turtle = (
        f"@base <{listener}/base/> .\n@prefix x: <{listener}/x#> .\n"
        "@prefix cw: <https://w3id.org/ai-crosswalk/ontology#> .\n"
        f"<{SYSTEM_ID}> a cw:AISystem ; x:p <relative> ; cw:hasPurpose <{listener}/purpose> .\n"
    )
    url = f"/systems/{quote(SYSTEM_ID, safe='')}" if endpoint == "put" else endpoint
    method = "PUT" if endpoint == "put" else "POST"
    response = app_client.request(
        method, url, content=turtle, headers={"content-type": "text/turtle", **AUTH}
    )
    assert response.status_code in (200, 422), response.text
    assert Listener.requests == []


def test_every_description_endpoint_bounds_the_triples_alike() -> None:
    """max_description_triples held only PUT /systems; a Turtle body of many triples took rdflib seconds on the
    others. Each endpoint reading a description now refuses it with the same 413 before any RDF parser."""
    settings = inventory_settings("embedded", None, max_description_triples=5)
    turtle = "".join(f"<urn:x:{n}> <urn:p> <urn:o> .\n" for n in range(6)).encode()
    with TestClient(create_app(settings=settings)) as client:
        sid = quote(CV_RANKER["id"], safe="")
        for method, url, params in [
            ("POST", "/gap-analysis", {}),
            ("POST", "/systems/validate", {}),
            ("POST", "/impact", {"from": "2025-01-01"}),
            ("PUT", f"/systems/{sid}", {}),
        ]:
            for body, media_type in [
                (json.dumps(CV_RANKER).encode(), "application/json"),
                (turtle, "text/turtle"),
            ]:
                headers = {"content-type": media_type, **AUTH}
                answer = client.request(method, url, params=params, content=body, headers=headers)
                assert answer.status_code == 413, (url, media_type, answer.text)
                problem = answer.json()
                assert problem["title"] == "Description too large"
                assert (
                    "5 triples" in problem["detail"]
                    and "CROSSWALK_MAX_DESCRIPTION_TRIPLES" in problem["detail"]
                )
        assert client.get("/systems").json()["count"] == 0


@pytest.mark.parametrize(
    "document",
    [
        {},
        [],
        [[]],
        [{}, {}],
        "a, [b] {c}",
        5,
        {"a": []},
        [1, 2, [3, [4, {}]]],
        {"a": {"b": [1, {"c": "x,y[z"}]}},
    ],
)
def test_the_quick_bound_on_a_descriptions_values_never_undercounts(document: Any) -> None:
    """A body whose commas and brackets leave room for no more values than the limit is not parsed for the count
    (a second full parse of every description, and a 1 MB body took 27 ms of the analysis thread): the bound must
    hold whatever the strings hold."""
    from app.analysis.limits import _json_values, _most_json_values

    for text in (json.dumps(document), json.dumps(document, indent=2), json.dumps(CV_RANKER)):
        assert _most_json_values(text) >= _json_values(json.loads(text))
        assert _most_json_values(text.encode()) == _most_json_values(text)


@pytest.mark.parametrize("processes", [1, 2])
def test_the_form_and_each_portfolio_item_are_bounded_as_the_api_is(processes: int) -> None:
    """/ui/gaps and each description of a portfolio skipped max_description_triples; Analysis holds the limit now,
    so each gets the API's 413 (the form as a page, the portfolio as that item's line, the others analysed)."""
    settings = inventory_settings("embedded", None, max_description_triples=40, portfolio_processes=processes)
    small = {**CV_RANKER, "id": "urn:test:small"}  # 39 JSON values
    extra = {"id": "m5", "addresses": ["eu-ai-act:Article-13"], "status": "planned"}
    large = {**CV_RANKER, "id": "urn:test:large", "measures": [*CV_RANKER["measures"], extra]}  # 44
    with TestClient(create_app(settings=settings)) as client:
        api = client.post("/gap-analysis", json=large)
        assert api.status_code == 413, api.text
        detail = api.json()["detail"]
        assert "40 triples" in detail
        assert client.post("/gap-analysis", json=small).status_code == 200

        form = client.post(
            "/ui/gaps", data={"description": json.dumps(large)}, headers={"accept": "text/html"}
        )
        assert form.status_code == 413, form.text
        assert form.headers["content-type"].startswith("text/html")
        assert detail in form.text

        portfolio = [small, large, {**small, "id": "urn:test:small-2"}]
        streamed = client.post("/gap-analysis/portfolio", json=portfolio)
        assert streamed.status_code == 200, streamed.text
        lines = [json.loads(line) for line in streamed.text.splitlines()]
        assert [line["index"] for line in lines] == [0, 1, 2]
        assert "report" in lines[0] and "report" in lines[2]
        assert lines[1]["id"] == "urn:test:large"
        assert lines[1]["error"]["status"] == 413 and lines[1]["error"]["detail"] == detail
