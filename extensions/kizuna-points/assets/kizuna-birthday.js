// The birthday block: asks the app proxy what Kizuna has for the signed-in customer, then either shows the
// registered date or offers the form (only while none is stored). Errors are announced through the form's
// role="alert" line and tied to the input (aria-invalid, aria-describedby); on any network failure the
// block stays as rendered.
(() => {
  const blocks = document.querySelectorAll("[data-kizuna-birthday]");
  if (blocks.length === 0 || typeof fetch !== "function") return;

  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
  const formatDate = (iso) => {
    try {
      const format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "long", timeZone: "UTC" });
      return format.format(new Date(`${iso}T00:00:00Z`));
    } catch {
      return iso;
    }
  };
  // "FUTURE_DATE" → the block's data-label-error-future-date
  const errorLabel = (block, code) => {
    const name = `labelError${String(code)
      .toLowerCase()
      .replace(/(^|_)([a-z])/g, (_whole, _sep, letter) => letter.toUpperCase())}`;
    return block.dataset[name] || block.dataset.labelErrorFailed;
  };

  const setUp = (block) => {
    const endpoint = block.getAttribute("data-kizuna-birthday");
    const registered = block.querySelector("[data-kizuna-birthday-registered]");
    const date = block.querySelector("[data-kizuna-birthday-date]");
    const form = block.querySelector("[data-kizuna-birthday-form]");
    const input = block.querySelector("[data-kizuna-birthday-input]");
    const error = block.querySelector("[data-kizuna-birthday-error]");
    const submit = block.querySelector("[data-kizuna-birthday-submit]");
    const status = block.querySelector("[data-kizuna-birthday-status]");
    if (!endpoint || !registered || !date || !form || !input || !error || !submit || !status) return;

    const showRegistered = (birthDate) => {
      date.textContent = fill(block.dataset.labelRegistered, { date: formatDate(birthDate) });
      registered.hidden = false;
      form.hidden = true;
    };
    const showError = (code) => {
      error.textContent = errorLabel(block, code);
      input.setAttribute("aria-invalid", "true");
      input.focus();
    };
    const clearError = () => {
      error.textContent = "";
      input.removeAttribute("aria-invalid");
    };

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearError();
      status.textContent = "";
      const value = String(input.value || "").trim();
      if (value === "") {
        showError(input.validity?.badInput ? "INVALID_DATE" : "REQUIRED");
        return;
      }
      submit.disabled = true;
      status.textContent = block.dataset.labelSaving;
      fetch(endpoint, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        body: new URLSearchParams({ birth_date: value }).toString(),
      })
        .then((response) => response.json().then((payload) => ({ ok: response.ok, payload })))
        .then(({ ok, payload }) => {
          submit.disabled = false;
          status.textContent = "";
          if (ok && payload && typeof payload.birth_date === "string") {
            showRegistered(payload.birth_date);
            status.textContent = block.dataset.labelSaved;
          } else if (payload && payload.error === "ALREADY_REGISTERED" && typeof payload.birth_date === "string") {
            showRegistered(payload.birth_date);
            status.textContent = block.dataset.labelErrorAlreadyRegistered;
          } else {
            showError(payload?.error);
          }
        })
        .catch(() => {
          submit.disabled = false;
          status.textContent = "";
          showError("FAILED");
        });
    });

    fetch(endpoint, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (!data) return;
        if (typeof data.birth_date === "string") showRegistered(data.birth_date);
        else if (data.can_register === true) form.hidden = false;
      })
      .catch(() => {});
  };

  for (const block of blocks) setUp(block);
})();
