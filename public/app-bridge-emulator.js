// A stand-in for Shopify's App Bridge (cdn.shopify.com), used only when Kizuna runs against the local
// emulator (the demo and the browser tests), where Shopify admin and its CDN are not there. It provides
// what the app uses: window.shopify.idToken() and toast.show(), and adds the session token to the app's
// own fetches as App Bridge does. The token comes from the id_token the app was opened with.
(() => {
  if (window.shopify && !window.shopify.__kizunaEmulator) return;
  const params = new URLSearchParams(window.location.search);
  const fromUrl = params.get("id_token");
  if (fromUrl) window.sessionStorage.setItem("kizuna:id_token", fromUrl);
  const token = () => window.sessionStorage.getItem("kizuna:id_token") || "";

  const toastHost = () => {
    let host = document.getElementById("kizuna-toasts");
    if (!host) {
      host = document.createElement("div");
      host.id = "kizuna-toasts";
      host.setAttribute("role", "status");
      host.style.cssText = "position:fixed;bottom:24px;left:50%;transform:translateX(-50%);z-index:9999;display:grid;gap:8px";
      document.body.appendChild(host);
    }
    return host;
  };

  window.shopify = {
    __kizunaEmulator: true,
    config: { apiKey: document.querySelector('meta[name="shopify-api-key"]')?.getAttribute("content") || "" },
    idToken: async () => token(),
    toast: {
      show(message, options = {}) {
        const item = document.createElement("div");
        item.className = "kizuna-toast";
        item.textContent = message;
        item.style.cssText = `background:${options.isError ? "#8e1f0b" : "#303030"};color:#fff;padding:10px 16px;border-radius:8px;font:14px system-ui`;
        toastHost().appendChild(item);
        setTimeout(() => item.remove(), options.duration || 5000);
        return String(Date.now());
      },
      hide() {},
    },
    loading() {},
    saveBar: { show: async () => {}, hide: async () => {}, toggle: async () => {} },
    modal: { show: async () => {}, hide: async () => {}, toggle: async () => {} },
  };

  const realFetch = window.fetch.bind(window);
  window.fetch = (input, init = {}) => {
    const url = new URL(typeof input === "string" ? input : input.url || String(input), window.location.href);
    if (url.origin !== window.location.origin) return realFetch(input, init);
    const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
    if (!headers.has("Authorization") && token()) headers.set("Authorization", `Bearer ${token()}`);
    return realFetch(input, { ...init, headers });
  };
})();
