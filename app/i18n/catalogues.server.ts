// Both languages' catalogues, server-only: the browser gets the active language's messages from the app
// layout's loader instead (see ./index.ts), so the bundles carry neither.
export { en, ja } from "./catalog";
