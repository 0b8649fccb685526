// The new-link form: shows only the prefill inputs the chosen template allows, as the
// template select changes. Progressive enhancement only: without this file the server
// renders the chosen template's inputs, and "Show this template's fields" switches.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("field-template");
  if (!select) return;
  const boxes = document.querySelectorAll("[data-prefill-field]");
  const none = document.querySelector("[data-prefill-none]");
  const apply = () => {
    const option = select.options[select.selectedIndex];
    const allowed = option ? (option.dataset.fields || "").split(" ") : [];
    let shown = 0;
    for (const box of boxes) {
      const input = box.querySelector("input");
      // A refused value stays in view with its error until the issuer clears it.
      const keep = allowed.includes(box.dataset.prefillField) ||
        (input && input.getAttribute("aria-invalid") === "true" && input.value !== "");
      box.hidden = !keep;
      if (input) input.disabled = !keep;
      if (keep) shown += 1;
    }
    if (none) none.hidden = shown > 0;
  };
  for (const button of document.querySelectorAll("[data-template-switch]")) button.hidden = true;
  select.addEventListener("change", apply);
  apply();
});
