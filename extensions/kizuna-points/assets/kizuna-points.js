// Progressive enhancement: the block already shows the balance from metafields (which the app
// updates asynchronously). This refreshes it from the app proxy and, for a signed-in customer, offers the
// redemption ladder: a click turns points into a one-time discount code. On any failure the page stays as
// rendered.
(() => {
  const blocks = document.querySelectorAll("[data-kizuna-points][data-kizuna-points-live]");
  if (blocks.length === 0 || typeof fetch !== "function") return;
  const endpoint = blocks[0].getAttribute("data-kizuna-points-live");

  const money = (minor, currency) => {
    try {
      const format = new Intl.NumberFormat(document.documentElement.lang || undefined, { style: "currency", currency });
      const digits = format.resolvedOptions().maximumFractionDigits;
      return format.format(minor / 10 ** digits);
    } catch {
      return String(minor);
    }
  };
  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
  const requestId = () =>
    window.crypto && typeof window.crypto.randomUUID === "function"
      ? window.crypto.randomUUID()
      : `${Date.now()}-${Math.random().toString(16).slice(2)}`;

  const showOutcome = (redeem, result, payload) => {
    result.textContent =
      payload && payload.status === "created" && payload.code
        ? fill(redeem.dataset.labelCode, { code: payload.code })
        : redeem.dataset.labelFailed;
  };

  // Shopify was slow: the app answered "pending" within its time budget and keeps creating the code.
  // Ask for this redemption's status every 2 s for 20 s, then every 15 s for up to 15 minutes.
  const pollRedemption = (redeem, result, endpoint, id, attempt) => {
    if (attempt === 10) result.textContent = redeem.dataset.labelStillPending;
    if (attempt >= 70) return;
    const delay = attempt < 10 ? 2000 : 15000;
    setTimeout(() => {
      const url = `${endpoint}?request_id=${encodeURIComponent(id)}`;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : null))
        .then((payload) => {
          if (payload && payload.status === "pending") pollRedemption(redeem, result, endpoint, id, attempt + 1);
          else if (payload) showOutcome(redeem, result, payload);
          else pollRedemption(redeem, result, endpoint, id, attempt + 1);
        })
        .catch(() => pollRedemption(redeem, result, endpoint, id, attempt + 1));
    }, delay);
  };

  const showRedemption = (block, data) => {
    const redeem = block.querySelector("[data-kizuna-points-redeem]");
    const options = block.querySelector("[data-kizuna-points-options]");
    const result = block.querySelector("[data-kizuna-points-result]");
    if (!redeem || !options || !result || !Array.isArray(data.redemption_options)) return;
    const affordable = data.redemption_options.filter((option) => option.affordable);
    if (affordable.length === 0) return;
    options.replaceChildren();
    for (const option of affordable) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "kizuna-points__button";
      button.textContent = fill(redeem.dataset.labelUse, {
        points: option.points,
        discount: money(option.discount_minor, data.currency),
      });
      button.addEventListener("click", () => {
        // One request id per click: a retried or doubled request gets the same single code.
        const id = requestId();
        const body = JSON.stringify({ points: option.points, request_id: id });
        for (const other of options.querySelectorAll("button")) other.disabled = true;
        result.textContent = redeem.dataset.labelPending;
        const endpoint = redeem.dataset.kizunaPointsRedeem;
        fetch(endpoint, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body,
        })
          .then((response) => response.json().then((payload) => ({ ok: response.ok, payload })))
          .then(({ ok, payload }) => {
            if (ok && payload.status === "pending") pollRedemption(redeem, result, endpoint, id, 0);
            else showOutcome(redeem, result, ok ? payload : null);
          })
          .catch(() => {
            result.textContent = redeem.dataset.labelFailed;
          });
      });
      options.appendChild(button);
    }
    redeem.hidden = false;
  };

  fetch(endpoint, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : null))
    .then((data) => {
      if (!data || !Number.isInteger(data.points_balance) || data.points_balance < 0) return;
      for (const block of blocks) {
        const balance = block.querySelector("[data-kizuna-points-balance]");
        if (balance) balance.textContent = String(data.points_balance);
        const tier = block.querySelector("[data-kizuna-points-tier]");
        if (tier && typeof data.tier_name === "string" && data.tier_name) tier.textContent = data.tier_name;
        showRedemption(block, data);
      }
    })
    .catch(() => {});
})();
