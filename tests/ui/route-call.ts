import { embeddedAdminRequest } from "../support/shopify-requests";

type RouteFunction<T> = (args: { request: Request; params: Record<string, string>; context: {} }) => Promise<T>;

/** A loader or action's result: its value, or the Response it threw (redirects, 404s). */
export async function call<T>(fn: RouteFunction<T>, request: Request, params: Record<string, string> = {}) {
  try {
    return { value: await fn({ request, params, context: {} }), response: undefined };
  } catch (thrown) {
    if (thrown instanceof Response) return { value: undefined, response: thrown };
    throw thrown;
  }
}

/** json() responses carry their data in the body; plain objects are the data. */
export async function dataOf<T>(value: T): Promise<unknown> {
  return value instanceof Response ? value.json() : value;
}

export function formPost(path: string, shop: string, fields: Record<string, string>) {
  return embeddedAdminRequest(path, shop, { method: "POST", body: new URLSearchParams(fields) });
}

export function jsonPost(path: string, shop: string, body: unknown) {
  return embeddedAdminRequest(path, shop, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "Content-Type": "application/json" },
  });
}
