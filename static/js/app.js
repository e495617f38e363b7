// Site-wide behaviour, loaded on every page. No inline scripts: the CSP forbids them.
document.addEventListener("DOMContentLoaded", () => {
  // htmx requests carry the CSRF token from the <body> attribute.
  document.body.addEventListener("htmx:configRequest", (event) => {
    event.detail.headers["X-CSRFToken"] = document.body.dataset.csrfToken;
  });
  // Forms that submit themselves when a select changes.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
  // Buttons that ask before acting.
  document.querySelectorAll("[data-confirm]").forEach((element) => {
    element.addEventListener("click", (event) => {
      if (!window.confirm(element.dataset.confirm)) event.preventDefault();
    });
  });
});
