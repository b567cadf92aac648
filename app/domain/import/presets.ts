import { headerKey } from "./normalize";

/**
 * Column mapping presets for the order exports of the carts Japanese merchants move from, a generic one, the
 * `customer_id,date,amount` log `kizuna clv-fit` reads and the UCI Online Retail layout. A preset lists, for
 * each field, the header names it is found under (first match wins; a list of names is several columns joined,
 * e.g. family and given name). Which names come from a cart's documentation and which are best guesses is in
 * docs/decisions/029-history-import.md; the generic preset knows every name and is the safe path.
 */
export const IMPORT_FIELDS = [
  "orderId",
  "date",
  "time",
  "customerId",
  "email",
  "name",
  "phone",
  "amount",
  "product",
  "quantity",
  "price",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const PRESET_IDS = [
  "generic",
  "ec-cube",
  "makeshop",
  "futureshop",
  "colorme",
  "rakuten",
  "yahoo",
  "transaction-log",
  "online-retail",
] as const;
export type PresetId = (typeof PRESET_IDS)[number];

type Candidate = string | string[];

export interface ImportPreset {
  id: PresetId;
  fields: Partial<Record<ImportField, Candidate[]>>;
  /** rows have no order id: each row is an order, identified by its line (a transaction log) */
  orderPerRow?: boolean;
  /** orders whose id starts with one of these are skipped, not errors (Online Retail: C = cancellation, A = adjustment) */
  skipOrderIdPrefixes?: string[];
  /** rows without any customer key are skipped, not errors (Online Retail: guest checkouts) */
  skipRowsWithoutCustomer?: boolean;
}

const GENERIC: ImportPreset["fields"] = {
  orderId: ["order_id", "order id", "order number", "order", "注文番号", "受注番号", "注文ID", "受注ID", "InvoiceNo", "OrderId"],
  date: [
    "date",
    "order_date",
    "created_at",
    "processed_at",
    "注文日時",
    "注文日",
    "受注日時",
    "受注日",
    "購入日",
    "InvoiceDate",
    "OrderTime",
  ],
  time: ["注文時間"],
  customerId: ["customer_id", "customer id", "customer", "会員ID", "顧客ID", "会員番号", "顧客番号", "CustomerID"],
  email: ["email", "e-mail", "mail", "メールアドレス", "注文者メールアドレス", "BillMailAddress"],
  name: [
    ["last_name", "first_name"],
    ["姓", "名"],
    ["お名前(姓)", "お名前(名)"],
    ["注文者名字", "注文者名前"],
    "name",
    "氏名",
    "お名前",
    "注文者名",
    "customer_name",
  ],
  phone: ["phone", "tel", "telephone", "電話番号", "TEL", "注文者電話番号", "BillPhoneNumber"],
  amount: [
    "amount",
    "total",
    "order_total",
    "total_price",
    "支払合計",
    "合計金額",
    "総合計金額",
    "合計",
    "売上金額",
    "TotalPrice",
  ],
  product: ["product", "title", "item", "product_name", "商品名", "Description", "Title"],
  quantity: ["quantity", "qty", "数量", "個数", "販売個数", "Quantity"],
  price: ["price", "unit_price", "単価", "価格", "販売価格", "商品単価", "UnitPrice"],
};

export const PRESETS: Record<PresetId, ImportPreset> = {
  generic: { id: "generic", fields: GENERIC },
  // EC-CUBE 4's 受注CSV (dtb_csv, csv_type 3): names from its installer's data.
  "ec-cube": {
    id: "ec-cube",
    fields: {
      orderId: ["注文番号", "注文ID"],
      date: ["受注日"],
      customerId: ["会員ID"],
      name: [["お名前(姓)", "お名前(名)"]],
      email: ["メールアドレス"],
      phone: ["TEL", "電話番号"],
      amount: ["支払合計", "合計"],
      product: ["商品名"],
      quantity: ["個数"],
      price: ["価格"],
    },
  },
  makeshop: {
    id: "makeshop",
    fields: {
      orderId: ["注文番号"],
      date: ["注文日時", "注文日"],
      customerId: ["会員ID"],
      name: ["注文者名", "注文者氏名"],
      email: ["注文者メールアドレス", "メールアドレス"],
      phone: ["注文者電話番号", "電話番号"],
      amount: ["合計金額", "注文合計金額"],
      product: ["商品名"],
      quantity: ["数量"],
      price: ["販売価格", "単価"],
    },
  },
  futureshop: {
    id: "futureshop",
    fields: {
      orderId: ["受注番号", "受注コード"],
      date: ["受注日時", "受注日"],
      customerId: ["会員番号", "会員ID"],
      name: ["ご注文者氏名", "注文者氏名"],
      email: ["ご注文者メールアドレス", "メールアドレス"],
      phone: ["ご注文者電話番号", "電話番号"],
      amount: ["お支払い合計金額", "合計金額"],
      product: ["商品名"],
      quantity: ["数量"],
      price: ["単価", "販売価格"],
    },
  },
  colorme: {
    id: "colorme",
    fields: {
      orderId: ["売上ID", "受注番号"],
      date: ["受注日", "受注日時"],
      customerId: ["顧客ID"],
      name: ["購入者 名前", "購入者名"],
      email: ["購入者 メールアドレス", "メールアドレス"],
      phone: ["購入者 電話番号", "電話番号"],
      amount: ["総合計金額", "合計金額"],
      product: ["商品名"],
      quantity: ["販売個数", "数量"],
      price: ["販売価格", "単価"],
    },
  },
  // 楽天 RMS 通常購入データ: 受注番号, 注文日 + 注文時間, 注文者名字/名前, 個数, 単価 as importers document them.
  rakuten: {
    id: "rakuten",
    fields: {
      orderId: ["受注番号", "注文番号"],
      date: ["注文日", "注文日時"],
      time: ["注文時間"],
      name: [["注文者名字", "注文者名前"]],
      email: ["メールアドレス", "注文者メールアドレス"],
      phone: [["注文者電話番号1", "注文者電話番号2", "注文者電話番号3"], "注文者電話番号"],
      amount: ["請求金額", "合計金額"],
      product: ["商品名"],
      quantity: ["個数"],
      price: ["単価"],
    },
  },
  yahoo: {
    id: "yahoo",
    fields: {
      orderId: ["OrderId"],
      date: ["OrderTime"],
      name: [["BillLastName", "BillFirstName"]],
      email: ["BillMailAddress"],
      phone: ["BillPhoneNumber"],
      amount: ["TotalPrice", "SettleAmount"],
      product: ["Title", "ItemName"],
      quantity: ["Quantity"],
      price: ["UnitPrice"],
    },
  },
  "transaction-log": {
    id: "transaction-log",
    orderPerRow: true,
    fields: { customerId: ["customer_id"], date: ["date"], amount: ["amount"] },
  },
  "online-retail": {
    id: "online-retail",
    skipOrderIdPrefixes: ["C", "A"],
    skipRowsWithoutCustomer: true,
    fields: {
      orderId: ["InvoiceNo", "Invoice"],
      date: ["InvoiceDate"],
      customerId: ["CustomerID", "Customer ID"],
      product: ["Description"],
      quantity: ["Quantity"],
      price: ["UnitPrice", "Price"],
    },
  },
};

/** For each field, the columns (0-based) it is read from; several are joined with a space. */
export type ColumnMapping = Partial<Record<ImportField, number[]>>;

/** The columns of `header` each field of `preset` is found under. */
export function resolveMapping(preset: ImportPreset, header: string[]): ColumnMapping {
  const index = new Map<string, number>();
  header.forEach((name, column) => {
    const key = headerKey(name);
    if (!index.has(key)) index.set(key, column);
  });
  const mapping: ColumnMapping = {};
  for (const field of IMPORT_FIELDS) {
    for (const candidate of preset.fields[field] ?? []) {
      const names = Array.isArray(candidate) ? candidate : [candidate];
      const columns = names.map((name) => index.get(headerKey(name)));
      if (columns.every((column): column is number => column !== undefined)) {
        mapping[field] = columns;
        break;
      }
    }
  }
  return mapping;
}

/** What a mapping lacks to import anything: the fields a merchant must still choose a column for. */
export function missingFields(preset: ImportPreset, mapping: ColumnMapping): ImportField[] {
  const missing: ImportField[] = [];
  if (!preset.orderPerRow && !mapping.orderId) missing.push("orderId");
  if (!mapping.date) missing.push("date");
  if (!mapping.customerId && !mapping.email && !mapping.phone) missing.push("customerId");
  if (!mapping.amount && !(mapping.quantity && mapping.price)) missing.push("amount");
  return missing;
}

/**
 * The preset a header most likely comes from: the complete one (nothing missing) matching the most fields,
 * a cart's own before the generic one; the generic preset when no cart's is complete.
 */
export function suggestPreset(header: string[]): PresetId {
  let best: PresetId = "generic";
  let bestScore = -1;
  for (const id of PRESET_IDS) {
    if (id === "generic") continue;
    const preset = PRESETS[id];
    const mapping = resolveMapping(preset, header);
    if (missingFields(preset, mapping).length > 0) continue;
    // a file with an order id column is not a transaction log, whatever else it has
    if (preset.orderPerRow && header.length !== Object.keys(preset.fields).length) continue;
    // an exact layout (every column the preset names) beats a partial one
    const score = Object.keys(mapping).length / Object.keys(preset.fields).length;
    if (score > bestScore) {
      best = id;
      bestScore = score;
    }
  }
  return best;
}
