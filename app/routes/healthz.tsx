/** Liveness: the process answers (README, configuration). No database call, so a slow database never restarts it. */
export function loader() {
  return new Response("ok", { headers: { "content-type": "text/plain", "cache-control": "no-store" } });
}
