import type { AdminClient } from "./admin-client.server";
import type { KizunaCustomerMetafieldDefinitionsDetailQuery } from "./generated/admin.generated";
import { KIZUNA_METAFIELD_NAMESPACE } from "./operations/pushback";
import {
  CUSTOMER_METAFIELD_DEFINITIONS_DETAIL_QUERY,
  METAFIELD_DEFINITION_CREATE_FILTERABLE_MUTATION,
  METAFIELD_DEFINITION_UPDATE_MUTATION,
} from "./operations/segments";

/**
 * The customer metafield definitions of every `$app:kizuna` value the push writes (docs/metafields.md):
 * created with the type the push writes, readable by the storefront (the theme block reads them), and,
 * for the types Shopify can filter on, admin-filterable, so the merchant can use them in Shopify's segment
 * editor and Shopify Email (decision 027). Checked against what the shop holds: a definition that is
 * missing is created, one without the filter capability gets it, one with another type is reported and
 * left alone (replacing it would delete the values written under it).
 */
export const KIZUNA_CUSTOMER_METAFIELDS = [
  { key: "segment", type: "single_line_text_field", name: "Kizuna segment", description: "RFM segment, e.g. champions" },
  {
    key: "rfm_score",
    type: "single_line_text_field",
    name: "Kizuna RFM score",
    description: "Recency, frequency and monetary scores, e.g. 545",
  },
  {
    key: "predicted_clv",
    type: "number_decimal",
    name: "Kizuna predicted CLV (12 months)",
    description: "Predicted spend over the next 12 months, shop currency",
  },
  {
    key: "p_alive",
    type: "number_decimal",
    name: "Kizuna P(alive)",
    description: "Probability the customer is still active (0–1)",
  },
  {
    key: "churn_risk",
    type: "number_decimal",
    name: "Kizuna churn risk",
    description: "Probability the customer has stopped buying (0–1, 1 − P(alive))",
  },
  {
    key: "future_loyal",
    type: "boolean",
    name: "Kizuna future-loyal candidate",
    description: "Among the customers most likely to become loyal next",
  },
  { key: "points_balance", type: "number_integer", name: "Kizuna points balance", description: "Points the customer can redeem" },
  {
    key: "tier",
    type: "single_line_text_field",
    name: "Kizuna member tier",
    description: "Member rank id, stable across renames (e.g. gold)",
  },
  {
    key: "tier_name",
    type: "single_line_text_field",
    name: "Kizuna member tier name",
    description: "Member rank as customers see it (e.g. Gold)",
  },
  {
    key: "tier_progress",
    type: "json",
    name: "Kizuna tier progress",
    description: "Progress to the next member rank (read by the theme block)",
  },
] as const;

export type KizunaMetafieldKey = (typeof KIZUNA_CUSTOMER_METAFIELDS)[number]["key"];

/** The types Shopify's admin (segments, customer list) can filter on; `json` cannot be. */
const FILTERABLE_TYPES = new Set(["single_line_text_field", "number_integer", "number_decimal", "boolean", "date", "date_time"]);

export function isFilterableType(type: string): boolean {
  return FILTERABLE_TYPES.has(type);
}

export interface DefinitionProblem {
  key: string;
  message: string;
}

export interface DefinitionsReport {
  /** the namespace Shopify resolved `$app:kizuna` to (app--<app id>--kizuna); null when no definition exists */
  namespace: string | null;
  /** definitions created by this run */
  created: string[];
  /** definitions that existed without the filter capability and got it */
  madeFilterable: string[];
  /** definitions that were already as wanted */
  unchanged: string[];
  /** a definition under Kizuna's namespace with another type: reported, not replaced */
  wrongType: { key: string; expected: string; actual: string }[];
  /** Shopify refused to create or update */
  failed: DefinitionProblem[];
}

function isKizunaNamespace(namespace: string): boolean {
  return namespace === KIZUNA_METAFIELD_NAMESPACE || /^app--\d+--kizuna$/.test(namespace);
}

type DefinitionNode = KizunaCustomerMetafieldDefinitionsDetailQuery["metafieldDefinitions"]["nodes"][number];

/** Kizuna's customer definitions as the shop holds them, by key. */
export async function kizunaDefinitions(client: AdminClient): Promise<Map<string, DefinitionNode>> {
  const found = new Map<string, DefinitionNode>();
  let after: string | null = null;
  for (;;) {
    const data: KizunaCustomerMetafieldDefinitionsDetailQuery = await client.request(
      CUSTOMER_METAFIELD_DEFINITIONS_DETAIL_QUERY,
      { after },
      // Shopify's requested cost: 2 + 50 definitions × 4 objects each
      202,
    );
    for (const node of data.metafieldDefinitions.nodes) if (isKizunaNamespace(node.namespace)) found.set(node.key, node);
    if (!data.metafieldDefinitions.pageInfo.hasNextPage) break;
    after = data.metafieldDefinitions.pageInfo.endCursor ?? null;
  }
  return found;
}

export interface DefinitionsStatus {
  namespace: string | null;
  total: number;
  /** missing, or without the filter capability Kizuna asks for */
  toCreate: string[];
  wrongType: DefinitionsReport["wrongType"];
}

/** What the shop holds compared with what Kizuna wants, without changing anything (the Settings card). */
export async function inspectKizunaMetafieldDefinitions(client: AdminClient): Promise<DefinitionsStatus> {
  const existing = await kizunaDefinitions(client);
  const status: DefinitionsStatus = {
    namespace: [...existing.values()][0]?.namespace ?? null,
    total: KIZUNA_CUSTOMER_METAFIELDS.length,
    toCreate: [],
    wrongType: [],
  };
  for (const wanted of KIZUNA_CUSTOMER_METAFIELDS) {
    const current = existing.get(wanted.key);
    if (current && current.type.name !== wanted.type)
      status.wrongType.push({ key: wanted.key, expected: wanted.type, actual: current.type.name });
    else if (!current || (isFilterableType(wanted.type) && !current.capabilities.adminFilterable.enabled))
      status.toCreate.push(wanted.key);
  }
  return status;
}

/**
 * Brings the shop's definitions in line with KIZUNA_CUSTOMER_METAFIELDS. Idempotent: a second run reads
 * the definitions and sends no mutation. Never throws for a refusal: each one is in `failed`.
 */
export async function ensureKizunaMetafieldDefinitions(client: AdminClient): Promise<DefinitionsReport> {
  const existing = await kizunaDefinitions(client);
  const report: DefinitionsReport = {
    namespace: [...existing.values()][0]?.namespace ?? null,
    created: [],
    madeFilterable: [],
    unchanged: [],
    wrongType: [],
    failed: [],
  };
  for (const wanted of KIZUNA_CUSTOMER_METAFIELDS) {
    const filterable = isFilterableType(wanted.type);
    const current = existing.get(wanted.key);
    if (current && current.type.name !== wanted.type) {
      report.wrongType.push({ key: wanted.key, expected: wanted.type, actual: current.type.name });
      continue;
    }
    if (current && (!filterable || current.capabilities.adminFilterable.enabled)) {
      report.unchanged.push(wanted.key);
      continue;
    }
    if (current) {
      const data = await client.request(
        METAFIELD_DEFINITION_UPDATE_MUTATION,
        {
          definition: {
            namespace: KIZUNA_METAFIELD_NAMESPACE,
            key: wanted.key,
            ownerType: "CUSTOMER",
            capabilities: { adminFilterable: { enabled: true } },
          },
        },
        10,
      );
      const errors = data.metafieldDefinitionUpdate?.userErrors ?? [];
      if (errors.length > 0) report.failed.push({ key: wanted.key, message: errors.map((error) => error.message).join("; ") });
      else report.madeFilterable.push(wanted.key);
      continue;
    }
    const data = await client.request(
      METAFIELD_DEFINITION_CREATE_FILTERABLE_MUTATION,
      {
        definition: {
          name: wanted.name,
          description: wanted.description,
          namespace: KIZUNA_METAFIELD_NAMESPACE,
          key: wanted.key,
          type: wanted.type,
          ownerType: "CUSTOMER",
          access: { storefront: "PUBLIC_READ" },
          ...(filterable ? { capabilities: { adminFilterable: { enabled: true } } } : {}),
        },
      },
      10,
    );
    const created = data.metafieldDefinitionCreate?.createdDefinition;
    const errors = (data.metafieldDefinitionCreate?.userErrors ?? []).filter((error) => error.code !== "TAKEN");
    if (errors.length > 0) report.failed.push({ key: wanted.key, message: errors.map((error) => error.message).join("; ") });
    else if (created) {
      report.created.push(wanted.key);
      report.namespace ??= created.namespace;
    } else report.unchanged.push(wanted.key);
  }
  return report;
}

/** Whether the definitions let Shopify's segments filter on the segment value (what the segment sync needs). */
export function segmentFilterReady(report: DefinitionsReport): boolean {
  return (
    report.namespace !== null &&
    !report.wrongType.some((problem) => problem.key === "segment") &&
    !report.failed.some((problem) => problem.key === "segment")
  );
}
