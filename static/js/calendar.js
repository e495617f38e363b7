// The calendar page: copy a feed link to the clipboard. No inline scripts: the CSP forbids them.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-copy-target]").forEach((button) => {
    button.addEventListener("click", () => {
      const input = document.getElementById(button.dataset.copyTarget);
      const label = button.querySelector("[data-copy-label]");
      const done = () => {
        if (!label) return;
        const original = label.textContent;
        label.textContent = button.dataset.copiedText;
        window.setTimeout(() => { label.textContent = original; }, 2000);
      };
      input.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, () => { document.execCommand("copy"); done(); });
      } else {
        // Plain http on a school network: the older way still works there.
        document.execCommand("copy");
        done();
      }
    });
  });
});
