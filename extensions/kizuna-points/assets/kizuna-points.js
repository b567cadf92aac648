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

  // "no_purchase" / "bonus_birthday" → the block's data-label-no-purchase / data-label-bonus-birthday
  const label = (element, prefix, key) =>
    element.dataset[prefix + String(key).replace(/(^|[_-])([a-z])/g, (_whole, _sep, letter) => letter.toUpperCase())];

  // The last movements, in the customer's language: orders by their names (#17254), reasons from the block's labels.
  const showHistory = (block, data) => {
    const history = block.querySelector("[data-kizuna-points-history]");
    const list = block.querySelector("[data-kizuna-points-history-list]");
    if (!history || !list || !Array.isArray(data.history) || data.history.length === 0) return;
    const date = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "medium" });
    list.replaceChildren();
    for (const item of data.history) {
      const hasOrder = typeof item.order_name === "string" && item.order_name !== "";
      const kind = (item.kind === "earn" || item.kind === "reverse") && !hasOrder ? `${item.kind}_no_order` : item.kind;
      const template = label(history, "label", kind);
      if (!template) continue;
      let what = fill(template, { order: hasOrder ? item.order_name : "" });
      const reasonTemplate =
        item.reason_key && item.kind !== "redeem_refund"
          ? label(
              history,
              "labelReason",
              item.reason_key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
            )
          : null;
      const reason = reasonTemplate ? fill(reasonTemplate, item.reason_values || {}) : item.reason;
      if (reason) what = fill(history.dataset.labelWithReason, { what, reason });
      const row = document.createElement("li");
      row.className = "kizuna-points__history-item";
      const when = document.createElement("span");
      when.textContent = date.format(new Date(item.occurred_at));
      const text = document.createElement("span");
      text.textContent = what;
      const points = document.createElement("span");
      points.className = "kizuna-points__history-points";
      points.textContent = `${item.points > 0 ? "+" : ""}${item.points}`;
      row.append(when, text, points);
      list.appendChild(row);
    }
    history.hidden = list.childElementCount === 0;
  };

  fetch(endpoint, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : null))
    .then((data) => {
      if (!data || !Number.isInteger(data.points_balance) || data.points_balance < 0) return;
      for (const block of blocks) {
        const balance = block.querySelector("[data-kizuna-points-balance]");
        if (balance) balance.textContent = String(data.points_balance);
        const tier = block.querySelector("[data-kizuna-points-tier]");
        const history = block.querySelector("[data-kizuna-points-history]");
        // a default rank the merchant has not renamed is named in the customer's language
        const tierName = (data.tier_key && history && label(history, "labelTier", data.tier_key)) || data.tier_name;
        if (tier && typeof tierName === "string" && tierName) tier.textContent = tierName;
        showRedemption(block, data);
        showHistory(block, data);
      }
    })
    .catch(() => {});
})();
