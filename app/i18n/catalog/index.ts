import { campaigns } from "./campaigns";
import { core } from "./core";
import { customers } from "./customers";
import { flow } from "./flow";
import { forms } from "./forms";
import { historyImport } from "./history-import";
import { journeys } from "./journeys";
import { journeyText } from "./journey-text";
import { line } from "./line";
import { loyalty } from "./loyalty";
import { mail } from "./mail";
import { dashboard } from "./dashboard";
import { segments } from "./segments";
import { settings } from "./settings";
import { shopifySegments } from "./shopify-segments";
import { points } from "./points";
import { pointsErrors } from "./points-errors";
import { predictions } from "./predictions";

/**
 * Every area's catalogue. To add an area: write `catalog/<area>.ts` with defineMessages and list it here.
 * Keys are namespaced by area ("points.title"), so areas never collide.
 */
const areas = [
  core,
  dashboard,
  customers,
  segments,
  loyalty,
  settings,
  shopifySegments,
  points,
  pointsErrors,
  campaigns,
  journeys,
  journeyText,
  flow,
  line,
  mail,
  forms,
  historyImport,
  predictions,
] as const;

type AreaKeys<A> = A extends { en: Record<infer K, string> } ? K : never;
export type MessageKey = AreaKeys<(typeof areas)[number]>;
export type Catalogue = Record<MessageKey, string>;

export const en = Object.assign({}, ...areas.map((area) => area.en)) as Catalogue;
export const ja = Object.assign({}, ...areas.map((area) => area.ja)) as Catalogue;
