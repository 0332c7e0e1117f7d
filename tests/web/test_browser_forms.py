"""The create/edit forms and the LGPD confirmation in a real browser (Debian's chromium through
chromedriver) against a real `talentmatch serve`: a vaga created through its form (a refused
first try shown by its field), then edited; the candidate form; no console errors (a CSP
violation is one) and no horizontal scroll at 360 px; screenshots into docs/screenshots/."""

from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.recommending.fixtures import encoder, rec_data
from tests.web.test_browser import (
    CHROMEDRIVER,
    CHROMIUM,
    browser,
    console_errors,
    left_page,
    log_in,
    no_horizontal_scroll,
    server,
    shot,
    submit,
    visit,
)

__all__ = ["browser", "encoder", "rec_data", "server"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="chromium/chromedriver not installed",
    ),
]
TITLE, EDITED = "Engenheira de Dados (formulário)", "Engenheira de Dados Sênior (editada)"


def field(driver: Any, key: str) -> Any:
    return driver.find_element(By.ID, "campo-" + key.replace(".", "-"))


def flash(driver: Any) -> str:
    return str(driver.find_element(By.CSS_SELECTOR, "[data-flash]").text)


def test_a_vaga_created_through_its_form_then_edited(server: str, browser: Any) -> None:
    log_in(browser, server, "recrutador")
    visit(browser, f"{server}/app/vagas")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "a[data-new]"))
    assert browser.current_url.endswith("/app/vagas/nova")
    assert console_errors(browser) == []
    # Every field has its label.
    for element in browser.find_elements(By.CSS_SELECTOR, "[data-vaga-form] .campo input"):
        ident = element.get_attribute("id")
        assert browser.find_elements(By.CSS_SELECTOR, f"label[for='{ident}']"), ident
    field(browser, "infos_basicas.cliente").send_keys("Acme Navegador")
    field(browser, "perfil.cidade").send_keys("Recife")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "button[data-save]"))
    # No title: refused by its field, the values kept, the summary focused.
    error = browser.find_element(By.CSS_SELECTOR, "[data-error-for='infos_basicas.titulo_vaga']")
    assert error.text == "Informe o título da vaga."
    assert field(browser, "infos_basicas.cliente").get_attribute("value") == "Acme Navegador"
    assert browser.switch_to.active_element.get_attribute("data-form-errors") is not None
    assert all("status of 400" in entry for entry in console_errors(browser))
    shot(browser, "vaga-form-erro")

    title = field(browser, "infos_basicas.titulo_vaga")
    title.send_keys(TITLE)
    field(browser, "perfil.principais_atividades").send_keys("Pipelines em Spark\nAirflow")
    old_page = browser.find_element(By.TAG_NAME, "html")
    title.send_keys(Keys.ENTER)  # the keyboard submits the form
    left_page(browser, old_page)
    assert "criada" in flash(browser)
    assert TITLE in browser.find_element(By.TAG_NAME, "h1").text
    codigo = browser.current_url.rsplit("/", 1)[-1]
    assert console_errors(browser) == []

    submit(browser, browser.find_element(By.CSS_SELECTOR, "a[data-edit]"))
    assert browser.current_url.endswith(f"/app/vagas/{codigo}/editar")
    assert field(browser, "perfil.cidade").get_attribute("value") == "Recife"
    assert (
        field(browser, "perfil.principais_atividades").get_attribute("value")
        == "Pipelines em Spark\nAirflow"
    )
    shot(browser, "vaga-form")
    title = field(browser, "infos_basicas.titulo_vaga")
    title.clear()
    title.send_keys(EDITED)
    submit(browser, browser.find_element(By.CSS_SELECTOR, "button[data-save]"))
    assert f"Vaga {codigo} atualizada." in flash(browser)
    assert EDITED in browser.find_element(By.TAG_NAME, "h1").text
    assert "Recife" in browser.find_element(By.ID, "secao-perfil").text
    assert console_errors(browser) == []


def test_the_forms_and_the_lgpd_confirmation_at_360px(server: str, browser: Any) -> None:
    log_in(browser, server, "admin")
    visit(browser, f"{server}/app/candidatos")
    link = browser.find_element(By.CSS_SELECTOR, "table a[href^='/app/candidatos/']")
    codigo = link.get_attribute("href").rsplit("/", 1)[-1]
    visit(browser, f"{server}/app/candidatos/novo")
    shot(browser, "candidato-form")
    visit(browser, f"{server}/app/candidatos/{codigo}")
    assert browser.find_elements(By.CSS_SELECTOR, "[data-lgpd] button[data-export]")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "a[data-anonymise-link]"))
    assert browser.find_element(By.ID, "confirmacao").get_attribute("required") is not None
    shot(browser, "anonimizar")
    browser.set_window_size(360, 800)
    try:
        for name, path in (
            ("vaga-form-360", "/app/vagas/nova"),
            ("candidato-form-360", f"/app/candidatos/{codigo}/editar"),
            ("anonimizar-360", f"/app/candidatos/{codigo}/anonimizar"),
        ):
            visit(browser, f"{server}{path}")
            assert no_horizontal_scroll(browser), path
            shot(browser, name)
    finally:
        browser.set_window_size(1280, 900)
