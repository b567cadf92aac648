/**
 * A seeded customer's profile: name, email, phone, address, consent, birthday, tags. Drawn from the
 * customer's own stream `Rng(seed, index, STREAM_PROFILE)`.
 *
 * Emails and phone numbers are unique by construction: their digits are a bijective scramble of the customer
 * index (an affine map modulo the digit range), so no two customers of a store share one however many are
 * generated (up to 10 million). Emails only use reserved example domains.
 */

import type { Address, Customer, MarketingState } from "../store/model";
import {
  ENGLISH_EMAIL_DOMAINS,
  ENGLISH_EMAIL_DOMAIN_WEIGHTS,
  ENGLISH_FAMILY_NAMES,
  ENGLISH_FEMALE_NAMES,
  ENGLISH_MALE_NAMES,
  JAPANESE_EMAIL_DOMAINS,
  JAPANESE_EMAIL_DOMAIN_WEIGHTS,
  JAPANESE_FAMILY_NAMES,
  JAPANESE_FEMALE_NAMES,
  JAPANESE_MALE_NAMES,
  type NameEntry,
} from "./data/names";
import {
  GERMAN_STATES,
  GERMAN_STREETS,
  JAPANESE_BUILDINGS,
  JAPANESE_PREFECTURES,
  JAPANESE_TOWNS,
  type Region,
  UK_COUNTRIES,
  UK_STREET_SUFFIXES,
  US_STATES,
  US_STREET_SUFFIXES,
  WESTERN_STREETS,
} from "./data/places";
import { DAY_MS, type ResolvedOptions } from "./options";
import { STREAM_PROFILE } from "./process";
import { Rng, cumulative, pickWeighted } from "./rng";

const cdf = (entries: NameEntry[]) => cumulative(entries.map((entry) => entry.weight));
const JA_FAMILY_CDF = cdf(JAPANESE_FAMILY_NAMES);
const JA_DOMAIN_CDF = cumulative(JAPANESE_EMAIL_DOMAIN_WEIGHTS);
const EN_DOMAIN_CDF = cumulative(ENGLISH_EMAIL_DOMAIN_WEIGHTS);
const REGIONS: Record<string, { regions: Region[]; cdf: Float64Array }> = Object.fromEntries(
  (
    [
      ["JP", JAPANESE_PREFECTURES],
      ["US", US_STATES],
      ["GB", UK_COUNTRIES],
      ["DE", GERMAN_STATES],
    ] as const
  ).map(([country, regions]) => [country, { regions, cdf: cumulative(regions.map((region) => region.weight)) }]),
);

/** Share of customers with names and locale from the shop's other language. */
const OTHER_LANGUAGE_SHARE = { ja: 0.04, en: 0.1 };
const FEMALE_SHARE = 0.68;
const PHONE_SHARE = 0.35;
const BIRTHDAY_SHARE = 0.3;
const NO_EMAIL_SHARE = 0.02; // phone-only customers (in-store sign-ups)

/** A number in the tier [10^(d−1), 10^d) for the index, bijective: first 9,000 customers get 4 digits, etc. */
export function emailNumber(index: number): number {
  let tierStart = 0;
  let tierSize = 9_000;
  let base = 1_000;
  while (index >= tierStart + tierSize) {
    tierStart += tierSize;
    tierSize *= 10;
    base *= 10;
  }
  // 7919 is prime and coprime to 9·10^m, so the affine map permutes the tier
  return base + (((index - tierStart) * 7919 + 4271) % tierSize);
}

/** An 8-digit subscriber number, bijective in the index below 10^8 (48271 is coprime to 10). */
function subscriberNumber(index: number, size: number): number {
  return (index * 48271 + 1_234_567) % size;
}

function phoneFor(country: string, index: number, rng: Rng): string {
  switch (country) {
    case "JP":
      return `+81${rng.pick(["90", "80", "70"])}${String(subscriberNumber(index, 100_000_000)).padStart(8, "0")}`;
    case "US": // NANP local numbers cannot start with 0 or 1; 48271 is coprime to 8·10^6
      return `+1${rng.pick(["212", "310", "415", "512", "617", "206", "312", "404", "305", "503"])}${2_000_000 + subscriberNumber(index, 8_000_000)}`;
    case "GB":
      return `+447${String(subscriberNumber(index, 1_000_000_000)).padStart(9, "0")}`;
    default:
      return `+49151${String(subscriberNumber(index, 100_000_000)).padStart(8, "0")}`;
  }
}

function emailFor(japanese: boolean, given: string, family: string, index: number, rng: Rng): string {
  const n = emailNumber(index);
  const domain = japanese
    ? JAPANESE_EMAIL_DOMAINS[pickWeighted(rng, JA_DOMAIN_CDF)]
    : ENGLISH_EMAIL_DOMAINS[pickWeighted(rng, EN_DOMAIN_CDF)];
  // every format ends in the unique number right after letters or a separator, so emails never collide
  switch (rng.int(0, 4)) {
    case 0:
      return `${given[0]}.${family}.${n}@${domain}`;
    case 1:
      return `${given}.${family}.${n}@${domain}`;
    case 2:
      return `${family}${n}@${domain}`;
    case 3:
      return `${given}_${family}${n}@${domain}`;
    default:
      return `${family}.${given}${n}@${domain}`;
  }
}

function marketingState(rng: Rng, subscribed: number): MarketingState {
  const u = rng.next();
  if (u < subscribed) return "SUBSCRIBED";
  if (u < subscribed + 0.1) return "UNSUBSCRIBED";
  if (u < subscribed + 0.12) return "PENDING";
  return "NOT_SUBSCRIBED";
}

function postalCode(country: string, prefix: string, rng: Rng): string {
  switch (country) {
    case "JP":
      return `${prefix}-${String(rng.int(0, 9999)).padStart(4, "0")}`;
    case "GB": {
      const letters = "ABDEFGHJLNPQRSTUWXYZ";
      return `${prefix} ${rng.int(1, 9)}${rng.pick([...letters])}${rng.pick([...letters])}`;
    }
    default:
      return `${prefix}${String(rng.int(0, 99)).padStart(2, "0")}`;
  }
}

function addressFor(
  country: string,
  countryName: string,
  nativeScript: boolean,
  firstName: string,
  lastName: string,
  phone: string | null,
  rng: Rng,
): Address {
  const { regions, cdf: regionCdf } = REGIONS[country];
  const region = regions[pickWeighted(rng, regionCdf)];
  const city = rng.pick(region.cities);
  const zip = postalCode(country, rng.pick(city.zipPrefixes), rng);
  let address1: string;
  let address2: string | undefined;
  if (country === "JP") {
    const [townJa, townEn] = rng.pick(JAPANESE_TOWNS);
    const block = `${rng.int(1, 5)}-${rng.int(1, 30)}-${rng.int(1, 20)}`;
    address1 = nativeScript ? `${townJa}${block}` : `${block} ${townEn}`;
    if (rng.chance(0.35)) {
      const [buildingJa, buildingEn] = rng.pick(JAPANESE_BUILDINGS);
      const room = `${rng.int(1, 12)}0${rng.int(1, 9)}`;
      address2 = nativeScript ? `${buildingJa} ${room}号室` : `${buildingEn} ${room}`;
    }
  } else if (country === "DE") {
    address1 = `${rng.pick(GERMAN_STREETS)} ${rng.int(1, 120)}`;
  } else {
    const suffixes = country === "US" ? US_STREET_SUFFIXES : UK_STREET_SUFFIXES;
    address1 = `${rng.int(1, country === "US" ? 9999 : 250)} ${rng.pick(WESTERN_STREETS)} ${rng.pick(suffixes)}`;
    if (country === "US" && rng.chance(0.15)) address2 = `Apt ${rng.int(1, 40)}${rng.pick(["A", "B", "C", ""])}`;
  }
  const address: Address = {
    firstName,
    lastName,
    address1,
    city: nativeScript ? city.native : city.romaji,
    province: nativeScript ? region.native : region.romaji,
    provinceCode: region.code,
    zip,
    country: countryName,
    countryCode: country,
  };
  if (address2 !== undefined) address.address2 = address2;
  if (phone !== null) address.phone = phone;
  return address;
}

function birthDateFor(rng: Rng, nowYear: number): string {
  // ages 20–75, centred on the shop's 35–55 core
  const age = Math.min(75, Math.max(20, Math.round(44 + rng.normal() * 12)));
  const year = nowYear - age;
  const month = rng.int(1, 12);
  const day = rng.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const NOTES_JA = ["ギフト包装希望", "不在時は宅配ボックスへ", "法人のお客様", "のし紙希望", "アレルギー: 小麦"];
const NOTES_EN = ["Prefers gift wrapping", "Leave parcels with the concierge", "Corporate buyer", "Allergy: wheat"];
const TAGS_JA = ["メルマガ", "インスタ経由", "ギフト購入", "法人", "店舗会員", "レビュー投稿"];
const TAGS_EN = ["newsletter", "instagram", "gift-buyer", "wholesale", "in-store", "reviewer"];
export const VIP_TAG = "VIP";
/** Customers with at least this many orders carry the VIP tag. */
export const VIP_ORDER_COUNT = 8;

export interface ProfileFacts {
  /** epoch ms of the first order, or of account creation for zero-order accounts */
  firstSeenAt: number;
  buyer: boolean;
  orderCount: number;
  lastActivityAt: number;
}

/** Builds customer `index`'s record. Customers created at checkout get createdAt just before their first order. */
export function generateCustomer(options: ResolvedOptions, index: number, id: number, facts: ProfileFacts): Customer {
  const rng = new Rng(options.seed, index, STREAM_PROFILE);
  const shopJa = options.locale === "ja";
  const otherLanguage = rng.chance(shopJa ? OTHER_LANGUAGE_SHARE.ja : OTHER_LANGUAGE_SHARE.en);
  const japaneseName = shopJa !== otherLanguage;
  const locale = shopJa && !otherLanguage ? "ja" : "en";
  const female = rng.chance(FEMALE_SHARE);
  let family: NameEntry;
  let given: NameEntry;
  if (japaneseName) {
    family = JAPANESE_FAMILY_NAMES[pickWeighted(rng, JA_FAMILY_CDF)];
    given = rng.pick(female ? JAPANESE_FEMALE_NAMES : JAPANESE_MALE_NAMES);
  } else {
    family = rng.pick(ENGLISH_FAMILY_NAMES);
    given = rng.pick(female ? ENGLISH_FEMALE_NAMES : ENGLISH_MALE_NAMES);
  }
  // Japanese customers of a Japanese shop write their names in kanji; everyone else in Latin script
  const nativeScript = locale === "ja";
  const capitalise = (word: string) => word[0].toUpperCase() + word.slice(1);
  const firstName = nativeScript ? given.native : capitalise(given.romaji);
  const lastName = nativeScript ? family.native : capitalise(family.romaji);

  const phone = rng.chance(PHONE_SHARE) ? phoneFor(options.currency.country, index, rng) : null;
  const email =
    phone !== null && rng.chance(NO_EMAIL_SHARE / PHONE_SHARE)
      ? null
      : emailFor(japaneseName, given.romaji, family.romaji, index, rng);
  const hasAddress = facts.buyer || rng.chance(0.4);
  const defaultAddress = hasAddress
    ? addressFor(options.currency.country, options.currency.countryName, nativeScript, firstName, lastName, phone, rng)
    : null;

  const emailMarketing: MarketingState = email === null ? "NOT_SUBSCRIBED" : marketingState(rng, 0.5);
  const smsMarketing: MarketingState = phone === null ? "NOT_SUBSCRIBED" : marketingState(rng, 0.25);
  const birthDate = rng.chance(BIRTHDAY_SHARE) ? birthDateFor(rng, new Date(options.now).getUTCFullYear()) : null;
  const stateDraw = rng.next();
  const state: Customer["state"] = facts.buyer
    ? stateDraw < 0.45
      ? "ENABLED"
      : stateDraw < 0.95
        ? "DISABLED"
        : "INVITED"
    : stateDraw < 0.6
      ? "ENABLED"
      : stateDraw < 0.8
        ? "INVITED"
        : "DISABLED";
  const note = rng.chance(0.03) ? rng.pick(nativeScript ? NOTES_JA : NOTES_EN) : null;

  const tagPool = shopJa ? TAGS_JA : TAGS_EN;
  const tags: string[] = [];
  const tagCount = rng.chance(0.45) ? rng.int(1, 2) : 0;
  for (let i = 0; i < tagCount; i++) {
    const tag = rng.pick(tagPool);
    if (!tags.includes(tag)) tags.push(tag);
  }
  if (facts.orderCount >= VIP_ORDER_COUNT) tags.push(VIP_TAG);

  // 80% of buyers sign up at checkout; the rest registered a little earlier
  const signedUpAt = facts.buyer
    ? rng.chance(0.8)
      ? facts.firstSeenAt - rng.int(5_000, 600_000)
      : facts.firstSeenAt - Math.floor(rng.exponential(1 / 20) * DAY_MS)
    : facts.firstSeenAt;
  const createdAt = Math.max(signedUpAt, options.startsAt - DAY_MS);
  const updatedAt = Math.max(
    createdAt,
    Math.min(options.now, Math.max(createdAt, facts.lastActivityAt) + rng.int(0, 3 * DAY_MS)),
  );

  return {
    id,
    firstName,
    lastName,
    email,
    phone,
    locale,
    note,
    tags,
    emailMarketing,
    smsMarketing,
    birthDate,
    defaultAddress,
    verifiedEmail: email !== null && rng.chance(0.95),
    state,
    createdAt,
    updatedAt,
    metafields: [],
  };
}
