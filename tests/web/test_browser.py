"""The web app in a real browser (Debian's chromium, headless, through chromedriver) against a
real `talentmatch serve` process with a generated data set and both models published.

One server and one browser per module. Every page visited is checked for console errors
(SEVERE browser log entries; a CSP violation is one) and, at 360 px, for horizontal scroll.
Screenshots of the main pages go to docs/screenshots/.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import Session

from talentmatch.db.engines import make_engine
from talentmatch.db.migrate import upgrade_databases
from talentmatch.registry import ModelRegistry
from talentmatch.storage import LocalObjectStore
from talentmatch.usuarios.models import Perfil, UsuarioCreate
from talentmatch.usuarios.service import create_user
from tests.conftest import PASSWORD, login, make_settings
from tests.databases import PostgresBackend, SqliteBackend
from tests.recommending.fixtures import MATCH, RECOMMENDER, RecData, encoder, rec_data
from tests.security.realserver import running_server

__all__ = ["encoder", "rec_data"]

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="chromium/chromedriver not installed",
    ),
]


def prepared_service(
    folder: Path, db_backend: SqliteBackend | PostgresBackend, rec_data: RecData
) -> tuple[tuple[str, str], LocalObjectStore]:
    """Migrated databases with one user per role and the generated data, both models
    published in the folder's store: what a browser test's server starts on."""
    urls = (db_backend.create(folder, "auth"), db_backend.create(folder, "system"))
    upgrade_databases(make_settings(folder, auth_database_url=urls[0], system_database_url=urls[1]))
    engine = make_engine(urls[0])
    with Session(engine) as session:
        for perfil in Perfil:
            create_user(
                session=session,
                user_in=UsuarioCreate(username=perfil.value, password=PASSWORD, perfil=perfil),
            )
    engine.dispose()
    rec_data.import_into(urls[1])
    store = LocalObjectStore(folder / "storage")
    rec_data.publish_into(ModelRegistry(store, folder / "model-cache"), MATCH, RECOMMENDER)
    return urls, store


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory,
    db_backend: SqliteBackend | PostgresBackend,
    rec_data: RecData,
) -> Iterator[str]:
    """A real server on loopback: demo data, a match model and a recommender in service."""
    folder = tmp_path_factory.mktemp("web-browser")
    urls, _store = prepared_service(folder, db_backend, rec_data)
    with running_server(folder, urls, ENV="test", RECOMMENDER_METHOD="reranked") as (
        base,
        _process,
    ):
        yield base
    for url in urls:
        db_backend.drop(url)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(str(CHROMEDRIVER)))
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def console_errors(driver: Any) -> list[str]:
    """SEVERE entries of the browser's log since the last call (CSP violations are SEVERE)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def visit(driver: Any, url: str) -> None:
    driver.get(url)
    assert console_errors(driver) == [], url


def left_page(driver: Any, old_page: Any) -> None:
    """Wait until the browser has left the page whose `html` element is `old_page`. Asked in
    the middle of the navigation, chromedriver may answer that the node no longer belongs to
    the document (a WebDriverException, not yet a stale element): asked again, then."""
    waiting = WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,))
    waiting.until(expected_conditions.staleness_of(old_page))


def submit(driver: Any, button: Any) -> None:
    """Click a button that submits a form, and wait until the browser has left the page: a
    click returns before the navigation it starts ends, so reading the URL or the next page's
    elements at once may still see the old page."""
    old_page = driver.find_element(By.TAG_NAME, "html")
    button.click()
    left_page(driver, old_page)


def move_through_api(base: str, codigo: int, candidato: str, status: str) -> None:
    """Another user (the admin) moves the card through the API, as a second recruiter would."""
    with httpx.Client(base_url=base) as client:
        answer = client.put(
            "/api/v1/prospects/update-candidate",
            json={
                "codigo_vaga": codigo,
                "codigo_candidato": int(candidato),
                "situacao_candidato": status,
            },
            headers=login(client, "admin"),
        )
    assert answer.status_code == 200, answer.text


def log_in(driver: Any, base: str, username: str, password: str = PASSWORD) -> None:
    driver.delete_all_cookies()
    visit(driver, f"{base}/app/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form.formulario button"))


def shot(driver: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def no_horizontal_scroll(driver: Any) -> bool:
    return bool(
        driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    )


def first_vaga_with_ranking(driver: Any, base: str) -> int:
    visit(driver, f"{base}/app/vagas")
    link = driver.find_element(By.CSS_SELECTOR, "table[data-vagas] tbody a")
    return int(link.get_attribute("href").rsplit("/", 1)[-1])


def test_login_wrong_password_and_logout(server: str, browser: Any) -> None:
    log_in(browser, server, "recrutador", "senha-errada-000")
    assert (
        "Usuário ou senha incorretos."
        in browser.find_element(By.CSS_SELECTOR, "[data-login-error]").text
    )
    shot(browser, "login")
    # The refused login answers 401, which the browser logs: that one entry only.
    assert all("status of 401" in entry for entry in console_errors(browser))
    log_in(browser, server, "recrutador")
    assert browser.current_url.endswith("/app/vagas")
    assert "recrutador" in browser.find_element(By.CSS_SELECTOR, ".quem").text
    assert console_errors(browser) == []
    submit(browser, browser.find_element(By.CSS_SELECTOR, ".conta button"))
    assert "/app/login" in browser.current_url
    assert "Você saiu" in browser.find_element(By.CSS_SELECTOR, "[data-flash]").text
    visit(browser, f"{server}/app/vagas")
    assert "/app/login" in browser.current_url


def test_ranking_add_to_pipeline_and_move_on_the_board(server: str, browser: Any) -> None:
    log_in(browser, server, "recrutador")
    codigo = first_vaga_with_ranking(browser, server)
    shot(browser, "vagas")
    visit(browser, f"{server}/app/vagas/{codigo}")
    items = browser.find_elements(By.CSS_SELECTOR, "[data-ranking] li.item")
    assert items, browser.page_source[:3000]
    first = next(item for item in items if item.find_elements(By.CSS_SELECTOR, "button[data-add]"))
    assert first.find_element(By.CSS_SELECTOR, "[data-probability]").text.endswith("%")
    first.find_element(By.TAG_NAME, "summary").click()
    reasons = first.find_elements(By.CSS_SELECTOR, "[data-reasons] li")
    assert reasons and "pontos percentuais" in reasons[0].text
    shot(browser, "vaga")
    candidato = first.get_attribute("data-candidato")
    submit(browser, first.find_element(By.CSS_SELECTOR, "button[data-add]"))
    assert "adicionado ao pipeline" in browser.find_element(By.CSS_SELECTOR, "[data-flash]").text
    assert browser.find_elements(By.CSS_SELECTOR, f"#pipeline [data-prospect='{candidato}']")
    assert console_errors(browser) == []

    visit(browser, f"{server}/app/vagas/{codigo}/quadro")
    card = browser.find_element(By.ID, f"card-{candidato}")
    Select(card.find_element(By.TAG_NAME, "select")).select_by_visible_text("Entrevista Técnica")
    card.find_element(By.NAME, "comentario").send_keys("bom perfil")
    submit(browser, card.find_element(By.CSS_SELECTOR, "form.mover button"))
    assert (
        "movido para 'Entrevista Técnica'"
        in browser.find_element(By.CSS_SELECTOR, "[data-flash]").text
    )
    column = browser.find_element(By.CSS_SELECTOR, "[data-stage='Entrevista Técnica']")
    moved = column.find_element(By.ID, f"card-{candidato}")
    moved.find_element(By.TAG_NAME, "summary").click()
    assert "bom perfil" in moved.find_element(By.CSS_SELECTOR, "[data-history]").text
    shot(browser, "quadro")

    # Another recruiter moves the card meanwhile: this page's move is now stale.
    move_through_api(server, codigo, candidato, "Desistiu")
    stale = browser.find_element(By.ID, f"card-{candidato}")
    Select(stale.find_element(By.TAG_NAME, "select")).select_by_visible_text(
        "Contratado pela Decision"
    )
    submit(browser, stale.find_element(By.CSS_SELECTOR, "form.mover button"))
    message = browser.find_element(By.CSS_SELECTOR, "[data-error-message]").text
    assert "Desistiu" in message and "nada foi alterado" in message
    assert all("status of 409" in entry for entry in console_errors(browser))
    visit(browser, f"{server}/app/vagas/{codigo}/quadro")
    assert browser.find_elements(By.CSS_SELECTOR, f"[data-stage='Desistiu'] #card-{candidato}")

    visit(browser, f"{server}/app/candidatos/{candidato}")
    assert browser.find_elements(By.CSS_SELECTOR, "[data-recommended] li.item")
    shot(browser, "candidato")


def test_main_pages_at_360px_have_no_horizontal_scroll(server: str, browser: Any) -> None:
    log_in(browser, server, "recrutador")
    codigo = first_vaga_with_ranking(browser, server)
    browser.set_window_size(360, 800)
    try:
        for name, path in (
            ("vagas-360", "/app/vagas"),
            ("vaga-360", f"/app/vagas/{codigo}"),
            ("quadro-360", f"/app/vagas/{codigo}/quadro"),
            ("candidatos-360", "/app/candidatos"),
        ):
            visit(browser, f"{server}{path}")
            assert no_horizontal_scroll(browser), path
            shot(browser, name)
    finally:
        browser.set_window_size(1280, 900)
