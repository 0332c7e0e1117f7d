"""The users and audit pages in a real browser against a real `talentmatch serve`: an admin
creates a user on the users page, sees it listed and then the creation on the audit page
(filtered by action); no console errors (a CSP violation is one); no horizontal scroll at
360 px; screenshots usuarios.png and auditoria.png into docs/screenshots/."""

from collections.abc import Iterator
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.databases import PostgresBackend, SqliteBackend
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


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory,
    db_backend: SqliteBackend | PostgresBackend,
    rec_data: RecData,
) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("web-browser-users")
    urls, _store = prepared_service(folder, db_backend, rec_data)
    with running_server(folder, urls, ENV="test") as (base, _process):
        yield base
    for url in urls:
        db_backend.drop(url)


def test_a_user_created_on_the_page_is_listed_and_audited(server: str, browser: Any) -> None:
    log_in(browser, server, "admin")
    visit(browser, f"{server}/app/usuarios")
    browser.find_element(By.ID, "novo-username").send_keys("ana.recrutadora")
    Select(browser.find_element(By.ID, "novo-perfil")).select_by_value("recrutador")
    browser.find_element(By.ID, "novo-senha").send_keys("senha-da-ana-1")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "[data-create-user] button"))
    assert browser.current_url.endswith("/app/usuarios")
    assert "Usuário 'ana.recrutadora' criado." in browser.page_source
    row = browser.find_element(By.CSS_SELECTOR, '[data-user="ana.recrutadora"]')
    selected = Select(row.find_element(By.TAG_NAME, "select")).first_selected_option
    assert selected.get_attribute("value") == "recrutador"
    assert console_errors(browser) == []
    shot(browser, "usuarios")

    visit(browser, f"{server}/app/auditoria")
    Select(browser.find_element(By.ID, "f-action")).select_by_value("usuario.criado")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.filtros button"))
    rows = browser.find_elements(By.CSS_SELECTOR, "[data-audit] tbody tr")
    assert len(rows) == 1
    assert "usuario.criado" in rows[0].text and "admin" in rows[0].text
    assert "ana.recrutadora" in rows[0].text and "recrutador" in rows[0].text
    assert console_errors(browser) == []
    shot(browser, "auditoria")

    browser.set_window_size(360, 800)
    try:
        for path in ("/app/usuarios", "/app/auditoria"):
            visit(browser, f"{server}{path}")
            assert no_horizontal_scroll(browser), path
    finally:
        browser.set_window_size(1280, 900)
