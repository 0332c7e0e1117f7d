"""The admin pages in a real browser (Debian's chromium through chromedriver) against a real
`talentmatch serve`: an import started from the files page followed live to its end, the models
page with the version in service, the drift page; no console errors (a CSP violation is one) on
any page; screenshots at desktop width and 360 px into docs/screenshots/."""

import copy
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from selenium.webdriver.common.by import By

from talentmatch.drift import storage as drift_storage
from tests.databases import PostgresBackend, SqliteBackend
from tests.drift.test_drift_html import SUMMARY
from tests.fixtures.decision_examples import APPLICANT
from tests.recommending.fixtures import RecData, encoder, rec_data
from tests.security.realserver import running_server
from tests.web.test_browser import (
    CHROMEDRIVER,
    CHROMIUM,
    browser,
    console_errors,
    log_in,
    no_horizontal_scroll,
    prepared_service,
    shot,
    submit,
    visit,
)

__all__ = ["browser", "encoder", "rec_data"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="chromium/chromedriver not installed",
    ),
]
RECORDS = 3000
BAD_KEYS = ("900001", "900002")


def applicants_file() -> bytes:
    """RECORDS valid applicants and two of the wrong shape (rejected with their keys)."""
    content: dict[str, Any] = {}
    for code in range(500_000, 500_000 + RECORDS):
        record = copy.deepcopy(APPLICANT)
        record["infos_basicas"]["codigo_profissional"] = str(code)
        content[str(code)] = record
    content[BAD_KEYS[0]] = "um texto"
    content[BAD_KEYS[1]] = {"infos_basicas": ["não", "é", "objeto"]}
    return json.dumps(content).encode()


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory,
    db_backend: SqliteBackend | PostgresBackend,
    rec_data: RecData,
) -> Iterator[str]:
    """A real server: demo data, both models, a drift report and a file in raw/."""
    folder = tmp_path_factory.mktemp("web-browser-admin")
    urls, store = prepared_service(folder, db_backend, rec_data)
    report_id = drift_storage.new_report_id(datetime.now(UTC))
    drift_storage.save_report(
        store,
        report_id,
        html="<!DOCTYPE html><p>Evidently</p>",
        evidently_json="{}",
        summary={**SUMMARY, "report_id": report_id},
    )
    store.write_bytes("raw/applicants.json", applicants_file())
    with running_server(
        folder, urls, ENV="test", RECOMMENDER_METHOD="reranked", IMPORT_BATCH_SIZE="100"
    ) as (base, _process):
        yield base
    for url in urls:
        db_backend.drop(url)


def wait_for(condition: Any, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("the page did not reach the expected state in time")


def text_of(driver: Any, field: str) -> str:
    return str(driver.find_element(By.CSS_SELECTOR, f'[data-field="{field}"]').text)


def test_an_import_started_from_the_page_is_followed_live_to_its_end(
    server: str, browser: Any
) -> None:
    log_in(browser, server, "admin")
    visit(browser, f"{server}/app/arquivos")
    shot(browser, "arquivos")
    row = browser.find_element(By.CSS_SELECTOR, '[data-file="raw/applicants.json"]')
    submit(browser, row.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    wait_for(lambda: "/app/tarefas/" in browser.current_url)
    # The script (not a reload) brings the page to the job's end.
    wait_for(lambda: text_of(browser, "live") == "Tarefa terminada.")
    assert text_of(browser, "status_label") == "Concluída"
    total = RECORDS + len(BAD_KEYS)
    assert (text_of(browser, "done"), text_of(browser, "total")) == (str(total), str(total))
    assert text_of(browser, "inserted") == str(RECORDS)
    assert text_of(browser, "rejected") == str(len(BAD_KEYS))
    rejected = browser.find_elements(By.CSS_SELECTOR, '[data-field="errors"] li code')
    assert sorted(item.text for item in rejected) == sorted(BAD_KEYS)
    assert console_errors(browser) == []
    shot(browser, "tarefa")


def test_models_and_drift_pages_render_with_the_version_in_service(
    server: str, browser: Any
) -> None:
    log_in(browser, server, "leitor")
    visit(browser, f"{server}/app/modelos")
    match = browser.find_element(By.CSS_SELECTOR, '[data-kind="match"] [data-in-service]')
    assert match.text and match.text != "nenhuma"
    version = browser.find_element(By.CSS_SELECTOR, '[data-kind="match"] details[open]')
    assert version.get_attribute("data-version") == match.text
    assert "em serviço" in version.text
    shot(browser, "modelos")
    visit(browser, f"{server}/app/drift")
    verdict = browser.find_element(By.CSS_SELECTOR, "[data-drift-verdict]")
    assert "Drift detectado" in verdict.text
    assert browser.find_elements(By.CSS_SELECTOR, "table.drift svg")
    shot(browser, "drift")
    assert console_errors(browser) == []


def test_admin_pages_at_360px_have_no_horizontal_scroll_nor_console_errors(
    server: str, browser: Any
) -> None:
    log_in(browser, server, "admin")
    browser.set_window_size(360, 800)
    try:
        for name, path in (
            ("arquivos-360", "/app/arquivos"),
            ("modelos-360", "/app/modelos"),
            ("drift-360", "/app/drift"),
        ):
            visit(browser, f"{server}{path}")
            assert no_horizontal_scroll(browser), path
            shot(browser, name)
        visit(browser, f"{server}/app/arquivos")
        first_job = browser.find_element(By.CSS_SELECTOR, "[data-jobs] a")
        first_job.click()
        wait_for(lambda: text_of(browser, "live") == "Tarefa terminada.")
        assert no_horizontal_scroll(browser)
        assert console_errors(browser) == []
        shot(browser, "tarefa-360")
    finally:
        browser.set_window_size(1280, 900)
