"""An admin's LGPD actions on a candidate's page through HTTP with a web session: the export
downloads the API's JSON; anonymisation needs its confirmation page and the typed code; both
are audited as the API's with `via: web`; others see neither and are refused when forging."""

from typing import Any

from fastapi.testclient import TestClient

from tests.fixtures.decision_examples import APPLICANT, APPLICANT_CODE
from tests.web.forms import WebClient, web
from tests.web.helpers import csrf_of

__all__ = ["web"]
API = "/api/v1"
CODE = int(APPLICANT_CODE)


def audit(client: TestClient, admin: dict[str, str], action: str) -> list[dict[str, Any]]:
    """The events of `action` on the candidate made through the web app (the API's reads of
    this test, `stored`, are audited too)."""
    answer = client.get(
        f"{API}/auditoria/list",
        params={"action": action, "target": f"candidato:{CODE}"},
        headers=admin,
    )
    assert answer.status_code == 200, answer.text
    return [e for e in answer.json()["data"] if (e["details"] or {}).get("via") == "web"]


def stored(client: TestClient, admin: dict[str, str]) -> Any:
    answer = client.get(f"{API}/candidatos/{CODE}/dados-pessoais", headers=admin)
    assert answer.status_code == 200
    return {k: v for k, v in answer.json().items() if k != "gerado_em"}


def test_an_admin_downloads_the_personal_data_json_and_it_is_audited(
    client: TestClient, web: WebClient, admin: dict[str, str]
) -> None:
    assert client.post(f"{API}/candidatos/create", json=APPLICANT, headers=admin).status_code == 200
    page = web("admin")
    candidate = page.get(f"/app/candidatos/{CODE}")
    assert "data-lgpd" in candidate.text
    download = page.post(
        f"/app/candidatos/{CODE}/dados-pessoais", data={"csrf_token": csrf_of(candidate.text)}
    )
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("application/json")
    assert download.headers["content-disposition"] == (
        f'attachment; filename="candidato-{CODE}-dados-pessoais.json"'
    )
    assert download.headers["cache-control"] == "no-store"
    exported = {k: v for k, v in download.json().items() if k != "gerado_em"}
    assert exported["informacoes_pessoais"]["cpf"] == "123.456.789-09"  # unmasked, as the API
    assert exported == stored(client, admin)
    [event] = audit(client, admin, "candidato.dados_pessoais")
    assert event["actor_username"] == "admin"


def test_anonymisation_needs_the_confirmation_and_is_audited_as_the_api(
    client: TestClient, web: WebClient, admin: dict[str, str]
) -> None:
    assert client.post(f"{API}/candidatos/create", json=APPLICANT, headers=admin).status_code == 200
    before = stored(client, admin)
    page = web("admin")
    assert f'href="/app/candidatos/{CODE}/anonimizar"' in page.get(f"/app/candidatos/{CODE}").text
    confirm = page.get(f"/app/candidatos/{CODE}/anonimizar")
    assert confirm.status_code == 200 and "Carolina Aparecida" in confirm.text
    token = csrf_of(confirm.text)
    for typed in ("", "sim", str(CODE + 1)):
        wrong = page.post(
            f"/app/candidatos/{CODE}/anonimizar", data={"csrf_token": token, "confirmacao": typed}
        )
        assert wrong.status_code == 400 and "A confirmação não confere" in wrong.text
    assert stored(client, admin) == before
    assert audit(client, admin, "candidato.anonimizado") == []

    done = page.post(
        f"/app/candidatos/{CODE}/anonimizar",
        data={"csrf_token": token, "confirmacao": f" {CODE} "},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == f"/app/candidatos/{CODE}"
    landed = page.get(f"/app/candidatos/{CODE}")
    assert f"Dados pessoais do candidato {CODE} removidos" in landed.text
    assert "Carolina Aparecida" not in landed.text
    after = stored(client, admin)
    assert after["informacoes_pessoais"]["cpf"] == "" and after["anonimizado_em"]
    [event] = audit(client, admin, "candidato.anonimizado")
    assert event["actor_username"] == "admin"
    assert event["details"]["via"] == "web" and event["details"]["campos_removidos"] > 0
    assert event["details"]["ja_anonimizado"] is False


def test_others_see_no_lgpd_actions_and_forging_them_is_refused(
    client: TestClient, web: WebClient, admin: dict[str, str]
) -> None:
    assert client.post(f"{API}/candidatos/create", json=APPLICANT, headers=admin).status_code == 200
    before = stored(client, admin)
    for username in ("recrutador", "leitor"):
        page = web(username)
        candidate = page.get(f"/app/candidatos/{CODE}")
        assert "data-lgpd" not in candidate.text and "/anonimizar" not in candidate.text
        assert page.get(f"/app/candidatos/{CODE}/anonimizar").status_code == 403
        token = csrf_of(candidate.text)  # the user's own, valid token
        for action in ("dados-pessoais", "anonimizar"):
            forged = page.post(
                f"/app/candidatos/{CODE}/{action}",
                data={"csrf_token": token, "confirmacao": str(CODE)},
            )
            assert forged.status_code == 403, (username, action)
            assert "Carolina" not in forged.text
    # An admin's post without the page's token (another site's form) is refused too.
    page = web("admin")
    for action in ("dados-pessoais", "anonimizar"):
        forged = page.post(f"/app/candidatos/{CODE}/{action}", data={"confirmacao": str(CODE)})
        assert forged.status_code == 403 and "CSRF" in forged.text
    assert stored(client, admin) == before
    assert audit(client, admin, "candidato.anonimizado") == []
    assert audit(client, admin, "candidato.dados_pessoais") == []
