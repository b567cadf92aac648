import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useRef } from "react";

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
