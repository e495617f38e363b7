// The office's registration list: "tick all" for the registrations waiting for review, and a count of the ticked ones.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("registration-bulk");
  const all = document.getElementById("bulk-all");
  if (!form || !all) return;
  const boxes = () => Array.from(form.querySelectorAll("input[name='ids']"));
  const counter = document.getElementById("bulk-selected");
  const button = document.getElementById("bulk-accept-button");
  const refresh = () => {
    const ticked = boxes().filter((box) => box.checked).length;
    if (counter) counter.textContent = ticked ? `${counter.dataset.label} ${ticked}` : "";
    if (button) button.disabled = ticked === 0;
    all.checked = ticked > 0 && ticked === boxes().length;
    all.indeterminate = ticked > 0 && ticked < boxes().length;
  };
  all.addEventListener("change", () => {
    boxes().forEach((box) => { box.checked = all.checked; });
    refresh();
  });
  form.addEventListener("change", (event) => {
    if (event.target.name === "ids") refresh();
  });
  refresh();
});
