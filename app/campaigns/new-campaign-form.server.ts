// The new-campaign form's reading (zod, in ./form) for the route's loader and action, through a server-only
// module so zod stays out of the page's browser bundle.
export { audienceFormFields, parseCampaignForm } from "./form";
