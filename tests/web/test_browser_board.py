"""Dragging cards on the pipeline board in a real browser (Debian's chromium through
chromedriver, real pointer input from Selenium's ActionChains) against a real `talentmatch
serve`: a card dropped on another stage asks in a dialog, and its confirmation moves the card
with its comment in the history; Cancel, Esc and a drop on its own column change nothing; a
leitor's board has nothing to drag. No console errors (a CSP violation is one)."""

from typing import Any

import httpx
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions import interaction
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.actions.pointer_input import PointerInput
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import login
from tests.recommending.fixtures import encoder, rec_data
from tests.web.test_browser import (
    CHROMEDRIVER,
    CHROMIUM,
    browser,
    console_errors,
    first_vaga_with_ranking,
    left_page,
    log_in,
    move_through_api,
    server,
    shot,
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
DIALOG = "[data-move-dialog]"


def api_get(base: str, path: str) -> Any:
    """A GET of the API as a recruiter (its JSON answer)."""
    with httpx.Client(base_url=base) as client:
        answer = client.get(f"/api/v1{path}", headers=login(client, "recrutador"))
    assert answer.status_code == 200, answer.text
    return answer.json()


def api_history(base: str, codigo: int, candidato: str) -> dict[str, Any]:
    """The card's stored status and history, through the API."""
    result: dict[str, Any] = api_get(base, f"/prospects/{codigo}/{candidato}/historico")
    return result


def count(driver: Any, selector: str) -> int:
    """How many elements match now (find_elements would wait for one to appear)."""
    return int(driver.execute_script(f"return document.querySelectorAll({selector!r}).length"))


def open_board(driver: Any, base: str) -> int:
    codigo = first_vaga_with_ranking(driver, base)
    visit(driver, f"{base}/app/vagas/{codigo}/quadro")
    return codigo


def card_and_neighbour(driver: Any, which: int | str = 0) -> tuple[Any, Any, Any]:
    """A draggable card (the n-th, or by CSS selector) scrolled into view, its column and the
    next stage's column."""
    if isinstance(which, str):
        card = driver.find_element(By.CSS_SELECTOR, which)
    else:
        card = driver.find_elements(By.CSS_SELECTOR, ".card[data-draggable]")[which]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", card)
    home = card.find_element(By.XPATH, "./ancestor::section[@data-stage]")
    target = home.find_element(By.XPATH, "./following-sibling::section[@data-drop][1]")
    return card, home, target


def drag(driver: Any, card: Any, target: Any, by: str = "[data-grip]") -> None:
    """Press on the card (its grip: the middle of a card is its stage <select>, which opens as
    a select), move onto the target column, release: real mouse input events."""
    held = card.find_element(By.CSS_SELECTOR, by)
    ActionChains(driver).click_and_hold(held).move_to_element(target).release().perform()


def dialog_open(driver: Any) -> bool:
    return bool(driver.execute_script(f"return document.querySelector('{DIALOG}').open"))


def stage_of(card: Any) -> str:
    return str(
        card.find_element(By.XPATH, "./ancestor::section[@data-stage]").get_attribute("data-stage")
    )


def test_a_card_dragged_to_another_stage_moves_with_its_comment(server: str, browser: Any) -> None:
    log_in(browser, server, "recrutador")
    codigo = open_board(browser, server)
    # Every stage is a column (and a drop target), empty ones too.
    names = [stage["nome"] for stage in api_get(server, "/prospects/status")["data"]]
    drops = [
        column.get_attribute("data-stage")
        for column in browser.find_elements(By.CSS_SELECTOR, "[data-board] [data-drop]")
    ]
    assert drops == names
    assert count(browser, "[data-drop].coluna-vazia")
    assert not browser.find_element(By.CSS_SELECTOR, "[data-drag-hint]").get_attribute("hidden")

    card, home, target = card_and_neighbour(browser)
    candidato = card.get_attribute("data-card")
    nome = card.find_element(By.TAG_NAME, "h3").text
    stage, before = home.get_attribute("data-stage"), api_history(server, codigo, candidato)
    assert before["situacao_candidato"] == stage
    drag(browser, card, target)
    assert dialog_open(browser)
    dialog = browser.find_element(By.CSS_SELECTOR, DIALOG)
    wanted = target.get_attribute("data-stage")
    assert dialog.find_element(By.TAG_NAME, "h2").text == f"Mover {nome} para {wanted}?"
    # The dialog is labelled by its question and has the focus (its comment field).
    assert dialog.get_attribute("aria-labelledby") == "mover-pergunta"
    assert browser.switch_to.active_element.get_attribute("id") == "mover-comentario"
    browser.switch_to.active_element.send_keys("arrastado no quadro")
    shot(browser, "quadro-arrastar")
    old_page = browser.find_element(By.TAG_NAME, "html")
    dialog.find_element(By.CSS_SELECTOR, "[data-move-confirm]").click()
    left_page(browser, old_page)

    flash = browser.find_element(By.CSS_SELECTOR, "[data-flash]").text
    assert f"movido para '{wanted}'" in flash
    moved = browser.find_element(By.CSS_SELECTOR, f"[data-stage='{wanted}'] #card-{candidato}")
    moved.find_element(By.TAG_NAME, "summary").click()
    assert "arrastado no quadro" in moved.find_element(By.CSS_SELECTOR, "[data-history]").text
    after = api_history(server, codigo, candidato)
    assert after["situacao_candidato"] == wanted
    last = after["historico"][-1]
    assert (last["situacao_anterior"], last["situacao_nova"]) == (stage, wanted)
    assert last["comentario"] == "arrastado no quadro"
    assert console_errors(browser) == []

    # Another recruiter moves the card meanwhile: the drag on this page is now stale.
    move_through_api(server, codigo, candidato, "Desistiu")
    card, _home, target = card_and_neighbour(browser, f"#card-{candidato}")
    drag(browser, card, target)
    assert dialog_open(browser)
    old_page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, "[data-move-confirm]").click()
    left_page(browser, old_page)
    message = browser.find_element(By.CSS_SELECTOR, "[data-error-message]").text
    assert "Desistiu" in message and "nada foi alterado" in message
    assert all("status of 409" in entry for entry in console_errors(browser))
    assert api_history(server, codigo, candidato)["situacao_candidato"] == "Desistiu"


def test_cancel_esc_and_its_own_column_change_nothing(server: str, browser: Any) -> None:
    log_in(browser, server, "recrutador")
    codigo = open_board(browser, server)
    card, home, target = card_and_neighbour(browser)
    candidato, stage = card.get_attribute("data-card"), home.get_attribute("data-stage")
    before = api_history(server, codigo, candidato)

    grip = card.find_element(By.CSS_SELECTOR, "[data-grip]")
    ActionChains(browser).click_and_hold(grip).move_to_element(target).perform()
    # While held over another stage, that column is highlighted (only it) and nothing asks yet.
    assert "alvo" in target.get_attribute("class").split()
    assert count(browser, ".alvo") == 1 and count(browser, ".fantasma") == 1
    assert not dialog_open(browser)
    ActionChains(browser).release().perform()
    assert dialog_open(browser)
    assert count(browser, ".alvo") == 0
    # While the dialog asks, the card shows in the column it was dropped on.
    assert stage_of(card) == target.get_attribute("data-stage")
    browser.find_element(By.CSS_SELECTOR, "[data-move-cancel]").click()
    assert not dialog_open(browser)
    assert stage_of(card) == stage
    assert browser.switch_to.active_element.text == card.find_element(By.TAG_NAME, "h3").text

    # Held by its name this time: the drag does not follow the link.
    drag(browser, card, target, by="h3 a")
    assert dialog_open(browser) and "/quadro" in browser.current_url
    browser.switch_to.active_element.send_keys("não vale", Keys.ESCAPE)
    assert not dialog_open(browser)
    assert stage_of(card) == stage

    drag(browser, card, home)  # its own column: no dialog
    assert not dialog_open(browser)
    assert stage_of(card) == stage
    assert count(browser, ".alvo, .arrastado, .fantasma") == 0

    assert api_history(server, codigo, candidato) == before
    visit(browser, f"{server}/app/vagas/{codigo}/quadro")
    assert browser.find_elements(By.CSS_SELECTOR, f"[data-stage='{stage}'] #card-{candidato}")
    assert console_errors(browser) == []


def test_a_touch_on_the_grip_drags_the_card(server: str, browser: Any) -> None:
    log_in(browser, server, "recrutador")
    open_board(browser, server)
    card, home, target = card_and_neighbour(browser, 1)
    grip = card.find_element(By.CSS_SELECTOR, "[data-grip]")
    finger = PointerInput(interaction.POINTER_TOUCH, "dedo")
    actions = ActionBuilder(browser, mouse=finger)
    actions.pointer_action.move_to(grip).pointer_down().move_to(target).pointer_up()
    actions.perform()
    assert dialog_open(browser)
    browser.find_element(By.CSS_SELECTOR, "[data-move-cancel]").click()
    assert stage_of(card) == home.get_attribute("data-stage")
    assert console_errors(browser) == []


def test_a_leitors_board_has_nothing_to_drag(server: str, browser: Any) -> None:
    log_in(browser, server, "leitor")
    open_board(browser, server)
    assert count(browser, "[data-board] .card") and count(browser, "[data-board] .coluna-vazia")
    script = "script[src$='board.js']"
    for selector in (
        "[data-draggable]",
        "[data-grip]",
        "[data-drop]",
        "form.mover",
        DIALOG,
        script,
    ):
        assert count(browser, selector) == 0, selector
    assert console_errors(browser) == []


def test_a_card_held_at_the_boards_edge_scrolls_the_board(server: str, browser: Any) -> None:
    log_in(browser, server, "recrutador")
    open_board(browser, server)
    board = browser.find_element(By.CSS_SELECTOR, "[data-board]")
    card, home, _target = card_and_neighbour(browser)
    start = browser.execute_script("return arguments[0].scrollLeft", board)
    edge = board.size["width"] // 2 - 8  # from the board's centre to just inside its right edge
    grip = card.find_element(By.CSS_SELECTOR, "[data-grip]")
    ActionChains(browser).click_and_hold(grip).move_to_element_with_offset(board, edge, 0).perform()
    WebDriverWait(browser, 10).until(
        lambda driver: driver.execute_script("return arguments[0].scrollLeft", board) > start
    )
    ActionChains(browser).send_keys(Keys.ESCAPE).release().perform()  # Esc drops nothing
    assert not dialog_open(browser)
    assert stage_of(card) == home.get_attribute("data-stage")
    assert count(browser, ".alvo, .arrastado, .fantasma") == 0
    assert console_errors(browser) == []
