import { campaigns } from "./campaigns";
import { core } from "./core";
import { customers } from "./customers";
import { forms } from "./forms";
import { journeys } from "./journeys";
import { loyalty } from "./loyalty";
import { mail } from "./mail";
import { dashboard } from "./dashboard";
import { segments } from "./segments";
import { settings } from "./settings";
import { points } from "./points";
import { pointsErrors } from "./points-errors";

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
  points,
  pointsErrors,
  campaigns,
  journeys,
  mail,
  forms,
] as const;

type AreaKeys<A> = A extends { en: Record<infer K, string> } ? K : never;
export type MessageKey = AreaKeys<(typeof areas)[number]>;
export type Catalogue = Record<MessageKey, string>;

export const en = Object.assign({}, ...areas.map((area) => area.en)) as Catalogue;
export const ja = Object.assign({}, ...areas.map((area) => area.ja)) as Catalogue;
