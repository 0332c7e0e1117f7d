// TalentMatch web app: small progressive enhancement (the pages work without it).
// A flash message or an error gets the focus, so that keyboard and screen-reader users hear it.
const notice = document.querySelector("[data-flash], [data-login-error], [data-form-errors]");
if (notice) {
  notice.setAttribute("tabindex", "-1");
  notice.focus();
}
