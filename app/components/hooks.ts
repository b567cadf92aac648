import { useRevalidator } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useRef } from "react";
import { isMessageKey, type Message, translateMessage } from "../i18n";
import { useT } from "../i18n/react";

export const POLL_INTERVAL_MS = 5000;

/**
 * Reloads the page's loader data every `intervalMs` while `active` (a sync or recompute is running), and
 * never while a reload is still under way. The one way a page follows background work.
 */
export function useRevalidateWhile(active: boolean, intervalMs = POLL_INTERVAL_MS): void {
  const revalidator = useRevalidator();
  // the revalidator is a new object on every render: read the current one without restarting the timer
  const current = useRef(revalidator);
  current.current = revalidator;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (current.current.state === "idle") current.current.revalidate();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
}

/** Shows an App Bridge toast once per new action result (the admin's own confirmation style). */
export function useToastOnResult(result: unknown, message: string | null, options: { isError?: boolean } = {}) {
  const shopify = useAppBridge();
  const shown = useRef<unknown>(null);
  useEffect(() => {
    if (!result || !message || shown.current === result) return;
    shown.current = result;
    shopify.toast.show(message, { isError: options.isError });
  }, [result, message, options.isError, shopify]);
}

/**
 * Downloads a file from one of the app's routes. Inside the admin App Bridge adds the session token to
 * fetch(); a plain link would arrive without it.
 */
export async function downloadFile(url: string, fileName: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Download failed (${response.status})`);
  saveBlob(await response.blob(), fileName);
}

export function saveBlob(blob: Blob, fileName: string): void {
  const href = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = href;
  anchor.download = fileName;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/**
 * An error from an action, in the merchant's language: catalogue keys (app/forms) and { key, values }
 * messages (domain rules) are translated; any other text is shown as it came.
 */
export function useErrorText(): (error: string | Message | undefined) => string | undefined {
  const t = useT();
  return (error) =>
    error === undefined ? undefined : typeof error === "string" && !isMessageKey(error) ? error : translateMessage(t, error);
}
