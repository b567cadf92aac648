// Progressive enhancement: the block already shows the balance from metafields (which the app
// updates asynchronously). This refreshes it from the app proxy; on any failure the page stays as rendered.
(() => {
  const blocks = document.querySelectorAll("[data-kizuna-points][data-kizuna-points-live]");
  if (blocks.length === 0 || typeof fetch !== "function") return;
  const endpoint = blocks[0].getAttribute("data-kizuna-points-live");

  fetch(endpoint, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : null))
    .then((data) => {
      if (!data || !Number.isInteger(data.points_balance) || data.points_balance < 0) return;
      for (const block of blocks) {
        const balance = block.querySelector("[data-kizuna-points-balance]");
        if (balance) balance.textContent = String(data.points_balance);
        const tier = block.querySelector("[data-kizuna-points-tier]");
        if (tier && typeof data.tier_name === "string" && data.tier_name) tier.textContent = data.tier_name;
      }
    })
    .catch(() => {});
})();
