// The school's registration pages: file size check before upload, "LĐTT for all", the live count,
// and the initiative hint. Everything also works without JavaScript (the server does the same).
document.addEventListener("DOMContentLoaded", () => {
  // Refuse a file over the size limit before it is sent over a slow connection.
  document.querySelectorAll("form.reg-upload").forEach((form) => {
    const input = form.querySelector("input[type=file][data-max-bytes]");
    const alert = form.parentElement.querySelector(".reg-too-large");
    if (!input) return;
    const check = () => {
      const file = input.files && input.files[0];
      const tooLarge = Boolean(file && file.size > Number(input.dataset.maxBytes));
      input.setCustomValidity(tooLarge ? input.dataset.tooLarge : "");
      if (alert) {
        alert.textContent = tooLarge ? input.dataset.tooLarge : "";
        alert.classList.toggle("d-none", !tooLarge);
      }
      return !tooLarge;
    };
    input.addEventListener("change", check);
    form.addEventListener("submit", (event) => {
      if (!check()) event.preventDefault();
    });
  });

  const form = document.getElementById("lines-form");
  if (!form) return;
  const ids = (name) => new Set((form.dataset[name] || "").split(",").filter(Boolean));
  const needsInitiative = ids("needsInitiative");
  const ldttLike = ids("ldttLike");
  const cstdcs = form.dataset.cstdcs || "";
  const titles = Array.from(form.querySelectorAll("select[data-role=title]"));
  const ratio = document.getElementById("count-ratio");
  const warning = document.getElementById("cap-warning");
  const countBox = document.getElementById("live-count");
  const cap = countBox && countBox.dataset.cap ? Number(countBox.dataset.cap.replace(",", ".")) : null;
  const lang = document.documentElement.lang || "vi";

  const hint = (select) => {
    const row = select.closest("tr");
    const box = row && row.querySelector(".reg-initiative-hint");
    if (box) box.classList.toggle("d-none", !needsInitiative.has(select.value));
  };

  const recount = () => {
    const perTitle = {};
    let ldtt = 0;
    let chosen = 0;
    titles.forEach((select) => {
      if (!select.value) return;
      perTitle[select.value] = (perTitle[select.value] || 0) + 1;
      if (ldttLike.has(select.value)) ldtt += 1;
      if (select.value === cstdcs) chosen += 1;
    });
    document.querySelectorAll("[data-count-for]").forEach((badge) => {
      const value = badge.querySelector(".count-value");
      if (value) value.textContent = String(perTitle[badge.dataset.countFor] || 0);
    });
    const percent = ldtt ? (chosen * 100) / ldtt : null;
    if (ratio) {
      const shown = percent === null ? "–" : percent.toLocaleString(lang, { maximumFractionDigits: 1 });
      ratio.textContent = form.dataset.ratioTemplate
        .replace("{cstdcs}", String(chosen))
        .replace("{ldtt}", String(ldtt))
        .replace("{percent}", shown);
    }
    if (warning) warning.classList.toggle("d-none", !(cap !== null && percent !== null && percent > cap));
  };

  titles.forEach((select) => {
    hint(select);
    select.addEventListener("change", () => {
      hint(select);
      recount();
    });
  });

  const allLdtt = document.getElementById("all-ldtt");
  if (allLdtt) {
    allLdtt.addEventListener("click", (event) => {
      event.preventDefault();
      titles.forEach((select) => {
        if (!select.value) {
          select.value = allLdtt.dataset.ldtt;
          hint(select);
        }
      });
      recount();
    });
  }
  recount();
});
