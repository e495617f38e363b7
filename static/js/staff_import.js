// Staff import: refuse a file over the size limit before it is sent over a slow connection.
document.addEventListener("DOMContentLoaded", () => {
  const input = document.querySelector("#staff-import-form input[type=file][data-max-bytes]");
  const alert = document.getElementById("file-too-large");
  if (!input || !alert) return;
  const check = () => {
    const file = input.files && input.files[0];
    const tooLarge = Boolean(file && file.size > Number(input.dataset.maxBytes));
    input.setCustomValidity(tooLarge ? input.dataset.tooLarge : "");
    alert.textContent = tooLarge ? input.dataset.tooLarge : "";
    alert.classList.toggle("d-none", !tooLarge);
    return !tooLarge;
  };
  input.addEventListener("change", check);
  input.form.addEventListener("submit", (event) => {
    if (!check()) event.preventDefault();
  });
});
