// Completion matrix: the "extend" link of a cell loads its small form into the cell (htmx);
// without JavaScript the same link opens a plain page.
document.addEventListener("DOMContentLoaded", () => {
  const matrix = document.getElementById("completion-matrix");
  if (!matrix || !window.htmx) return;
  matrix.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-cell]");
    if (!link || !matrix.contains(link)) return;
    event.preventDefault();
    window.htmx.ajax("GET", link.href, { target: link.closest("td"), swap: "outerHTML" });
  });
});
