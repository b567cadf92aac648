// The points page's server side: the settings form's zod schemas (app/domain/points) through a server-only
// module, so they stay out of the page's browser bundle.
export { pointsLiabilityMinor } from "../domain/points";
export { formValuesFromSettings, settingsFromFormValues } from "../domain/points/settings-form";
