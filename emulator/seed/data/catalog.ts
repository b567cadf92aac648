/**
 * The seeded shop's catalog: a Japanese lifestyle, food and cosmetics shop. Prices are yen, tax included;
 * other currencies are converted in ../catalog.ts. `weight` is relative popularity. Flags: `f` food (the
 * reduced 8% consumption-tax rate in Japan), `g` gateway product (see LOYALTY_GATEWAYS).
 */

export interface CollectionSpec {
  key: string;
  ja: string;
  en: string;
  skuPrefix: string;
  vendorJa: string;
  vendorEn: string;
  productType: [string, string];
  products: string; // "key|ja|en|yen|variantSet|weight|flags" per line
}

export interface VariantSpec {
  ja: string;
  en: string;
  priceFactor: number;
}

export const VARIANT_SETS: Record<string, VariantSpec[]> = {
  single: [{ ja: "Default Title", en: "Default Title", priceFactor: 1 }],
  tea: [
    { ja: "50g", en: "50g", priceFactor: 1 },
    { ja: "100g", en: "100g", priceFactor: 1.85 },
  ],
  matcha: [
    { ja: "20g", en: "20g", priceFactor: 1 },
    { ja: "40g", en: "40g", priceFactor: 1.9 },
  ],
  bottle: [
    { ja: "500ml", en: "500ml", priceFactor: 1 },
    { ja: "1L", en: "1L", priceFactor: 1.7 },
  ],
  rice: [
    { ja: "2kg", en: "2kg", priceFactor: 1 },
    { ja: "5kg", en: "5kg", priceFactor: 2.3 },
  ],
  packs: [
    { ja: "10袋入", en: "10 packs", priceFactor: 1 },
    { ja: "30袋入", en: "30 packs", priceFactor: 2.7 },
  ],
  refill: [
    { ja: "本体", en: "Bottle", priceFactor: 1 },
    { ja: "詰め替え用", en: "Refill", priceFactor: 0.8 },
  ],
  color: [
    { ja: "藍", en: "Indigo", priceFactor: 1 },
    { ja: "白磁", en: "White", priceFactor: 1 },
    { ja: "黒", en: "Black", priceFactor: 1 },
  ],
  pattern: [
    { ja: "麻の葉", en: "Asanoha", priceFactor: 1 },
    { ja: "青海波", en: "Seigaiha", priceFactor: 1 },
    { ja: "市松", en: "Ichimatsu", priceFactor: 1 },
  ],
};

export const COLLECTIONS: CollectionSpec[] = [
  {
    key: "tea",
    ja: "日本茶",
    en: "Japanese Tea",
    skuPrefix: "TEA",
    vendorJa: "丸山製茶",
    vendorEn: "Maruyama Tea",
    productType: ["日本茶", "Tea"],
    products: `
      sencha|静岡煎茶 やぶきた|Shizuoka Sencha Yabukita|1080|tea|10|f
      gyokuro|八女玉露|Yame Gyokuro|2160|tea|4|f
      hojicha|宇治ほうじ茶|Uji Hojicha|864|tea|7|f
      genmaicha|玄米茶|Genmaicha|648|tea|6|f
      fukamushi|狭山茶 深蒸し煎茶|Sayama Fukamushi Sencha|972|tea|4|f
      wakocha|和紅茶|Japanese Black Tea|1296|tea|4|f
      bancha|京番茶|Kyoto Bancha|540|tea|3|f
      coldbrew|水出し煎茶ティーバッグ|Cold Brew Sencha Tea Bags|756|single|6|f
      chiran|知覧茶|Chiran Sencha|1188|tea|3|f
      gyokuro-bags|玉露ティーバッグ|Gyokuro Tea Bags|1080|single|3|f
      mugicha|国産麦茶|Roasted Barley Tea|432|single|5|f
      yuzu-tea|ゆず緑茶|Yuzu Green Tea|864|single|3|f`,
  },
  {
    key: "matcha",
    ja: "抹茶・茶道具",
    en: "Matcha & Tea Tools",
    skuPrefix: "MAT",
    vendorJa: "宇治 松籟園",
    vendorEn: "Uji Shorai-en",
    productType: ["抹茶・茶道具", "Matcha"],
    products: `
      matcha|宇治抹茶 薄茶用|Uji Matcha for Usucha|2484|matcha|9|f
      ceremonial|儀式用抹茶 初昔|Ceremonial Grade Matcha Hatsumukashi|3888|matcha|3|f
      culinary|料理用抹茶|Culinary Matcha|1296|matcha|4|f
      chasen|茶筅 百本立|Bamboo Matcha Whisk (Chasen)|3300|single|5|
      chashaku|茶杓|Bamboo Tea Scoop (Chashaku)|1100|single|4|
      chawan|抹茶碗|Matcha Bowl (Chawan)|4950|color|4|
      chasen-stand|くせ直し|Whisk Holder (Kusenaoshi)|1650|single|2|
      sifter|抹茶ふるい缶|Matcha Sifter Tin|1980|single|2|
      matcha-starter|抹茶はじめてセット|Matcha Starter Set|8800|single|3|g`,
  },
  {
    key: "wagashi",
    ja: "和菓子",
    en: "Wagashi",
    skuPrefix: "WAG",
    vendorJa: "京菓子 よしの",
    vendorEn: "Yoshino Kyogashi",
    productType: ["和菓子", "Confectionery"],
    products: `
      yokan|本練り羊羹|Red Bean Yokan|1620|single|8|f
      matcha-yokan|抹茶羊羹|Matcha Yokan|1728|single|4|f
      dorayaki|どら焼き 5個入|Dorayaki (5 pieces)|1350|single|8|f
      monaka|最中 詰め合わせ|Monaka Wafer Assortment|1296|single|4|f
      higashi|干菓子|Higashi Dry Sweets|1080|single|3|f
      kurikinton|栗きんとん|Kuri Kinton Chestnut Sweets|2160|single|3|f
      warabimochi|わらび餅|Warabi Mochi|1188|single|4|f
      konpeito|金平糖|Konpeito Sugar Candy|648|single|4|f
      karinto|黒糖かりんとう|Brown Sugar Karinto|540|single|5|f
      senbei|煎餅 詰め合わせ|Senbei Rice Cracker Assortment|1620|single|6|f
      nerikiri|季節の練り切り|Seasonal Nerikiri|2376|single|3|f
      daifuku|豆大福|Mame Daifuku|1080|single|4|f`,
  },
  {
    key: "seasonings",
    ja: "調味料・だし",
    en: "Seasonings & Dashi",
    skuPrefix: "SEA",
    vendorJa: "和み堂",
    vendorEn: "Nagomido",
    productType: ["調味料", "Pantry"],
    products: `
      shoyu|天然醸造 濃口醤油|Naturally Brewed Soy Sauce|972|bottle|8|f
      shiro-shoyu|白醤油|White Soy Sauce|1080|single|3|f
      vinegar|純米酢|Pure Rice Vinegar|864|single|3|f
      mirin|本みりん|Hon Mirin|1188|bottle|5|f
      shinshu-miso|信州味噌|Shinshu Miso|1296|single|6|f
      saikyo-miso|西京味噌|Saikyo White Miso|1404|single|3|f
      kombu|利尻昆布|Rishiri Kombu|1728|single|5|f
      katsuobushi|鰹節 削り節|Katsuobushi Bonito Flakes|972|single|5|f
      dashi-packs|万能だしパック|All-Purpose Dashi Packs|1296|packs|9|f
      yuzu-kosho|ゆず胡椒|Yuzu Kosho|756|single|4|f
      shichimi|七味唐辛子|Shichimi Togarashi|648|single|4|f
      moshio|藻塩|Moshio Seaweed Salt|864|single|3|f
      sesame-oil|太白ごま油|Roasted Sesame Oil|1080|single|3|f
      ponzu|ゆずぽん酢|Yuzu Ponzu|918|single|5|f`,
  },
  {
    key: "rice",
    ja: "お米・ごはんのお供",
    en: "Rice & Rice Toppings",
    skuPrefix: "RCE",
    vendorJa: "越後米蔵",
    vendorEn: "Echigo Komegura",
    productType: ["お米・ごはんのお供", "Rice"],
    products: `
      koshihikari|新潟県産 コシヒカリ|Niigata Koshihikari Rice|3240|rice|7|f
      uonuma|魚沼産 コシヒカリ|Uonuma Koshihikari Rice|4860|rice|3|f
      genmai|玄米 つや姫|Tsuyahime Brown Rice|2700|rice|2|f
      furikake|ふりかけ 詰め合わせ|Furikake Assortment|1080|single|6|f
      umeboshi|紀州南高梅 梅干し|Kishu Nanko Umeboshi|1620|single|5|f
      salmon-flakes|鮭フレーク|Salmon Flakes|864|single|4|f
      nori|焼き海苔|Roasted Nori|1296|single|5|f
      tsukudani|昆布佃煮|Kombu Tsukudani|972|single|3|f
      rice-trial|お米 食べ比べ お試しセット|Rice Tasting Trial Set|1980|single|3|fg`,
  },
  {
    key: "skincare",
    ja: "スキンケア",
    en: "Skincare",
    skuPrefix: "SKN",
    vendorJa: "米ぬか美人本舗",
    vendorEn: "Komenuka Bijin",
    productType: ["スキンケア", "Skincare"],
    products: `
      face-wash|米ぬか洗顔フォーム|Rice Bran Face Wash|1980|single|7|
      lotion|化粧水 しっとり|Hydrating Lotion|3300|refill|9|
      emulsion|乳液|Moisturizing Emulsion|3520|refill|6|
      serum|美容液|Brightening Serum|5500|single|5|
      cream|保湿クリーム|Moisturizing Cream|4400|single|4|
      cleansing-oil|クレンジングオイル|Cleansing Oil|2860|refill|6|
      sunscreen|日焼け止め SPF50+|Sunscreen SPF50+|2200|single|5|
      sheet-mask|シートマスク 5枚入|Sheet Masks (5 pack)|1650|single|5|
      camellia-oil|椿油|Camellia Oil|2640|single|3|
      eye-cream|アイクリーム|Eye Cream|4950|single|2|
      lip-balm|リップバーム|Lip Balm|990|single|4|
      skincare-trial|スキンケア トライアルセット|Skincare Trial Kit|1650|single|4|g`,
  },
  {
    key: "bath",
    ja: "ボディ・バス",
    en: "Body & Bath",
    skuPrefix: "BTH",
    vendorJa: "今治織物",
    vendorEn: "Imabari Orimono",
    productType: ["ボディ・バス", "Bath & Body"],
    products: `
      bath-yuzu|入浴剤 ゆず|Yuzu Bath Salts|1320|single|5|
      bath-hinoki|入浴剤 ひのき|Hinoki Bath Salts|1320|single|4|
      body-soap|ボディソープ|Body Soap|1980|refill|4|
      hand-cream|ハンドクリーム|Hand Cream|1210|single|6|
      bath-towel|今治タオル バスタオル|Imabari Bath Towel|4400|color|4|
      face-towel|今治タオル フェイスタオル|Imabari Face Towel|1650|color|5|
      hair-oil|ヘアオイル 椿|Camellia Hair Oil|2750|single|3|
      shampoo|アミノ酸シャンプー|Amino Acid Shampoo|2420|refill|4|
      conditioner|コンディショナー|Conditioner|2420|refill|3|
      bath-mat|ひのきのバスマット|Hinoki Bath Mat|5500|single|2|`,
  },
  {
    key: "tableware",
    ja: "器・食器",
    en: "Tableware",
    skuPrefix: "TBL",
    vendorJa: "波佐見陶房",
    vendorEn: "Hasami Toubou",
    productType: ["器・食器", "Tableware"],
    products: `
      mug|波佐見焼 マグカップ|Hasami Ware Mug|2420|color|5|
      small-plate|有田焼 豆皿|Arita Ware Small Plate|1760|color|4|
      yunomi|信楽焼 湯呑|Shigaraki Teacup|2200|color|4|
      kyusu|常滑焼 急須|Tokoname Kyusu Teapot|6600|single|4|
      chopsticks|若狭塗 箸|Wakasa Lacquer Chopsticks|2200|single|4|
      hashioki|箸置き 5個セット|Chopstick Rests (set of 5)|1650|single|3|
      lacquer-bowl|漆 汁椀|Lacquer Soup Bowl|4400|single|3|
      tetsubin|南部鉄器 急須|Nanbu Cast Iron Teapot|13200|single|2|
      rice-bowl|飯碗|Rice Bowl|1980|color|4|
      glass|江戸硝子 冷茶グラス|Edo Glass Cold Tea Cup|1540|single|3|
      donabe|伊賀焼 ご飯土鍋|Iga Ware Donabe Rice Pot|8800|single|2|`,
  },
  {
    key: "home",
    ja: "暮らしの雑貨",
    en: "Home Goods",
    skuPrefix: "HOM",
    vendorJa: "和み堂",
    vendorEn: "Nagomido",
    productType: ["雑貨", "Home"],
    products: `
      tenugui|手ぬぐい|Tenugui Hand Towel|1100|pattern|6|
      furoshiki|風呂敷|Furoshiki Wrapping Cloth|2750|pattern|4|
      incense|お香 白檀|Sandalwood Incense Sticks|1320|single|4|
      incense-holder|香立て|Incense Holder|1650|single|2|
      sensu|扇子|Folding Fan (Sensu)|3300|pattern|3|
      furin|南部風鈴|Nanbu Wind Chime|2860|single|2|
      basket|竹かご|Bamboo Basket|4950|single|2|
      candle|和ろうそく|Japanese Warousoku Candles|1980|single|2|
      gamaguchi|がま口 小銭入れ|Gamaguchi Coin Purse|1980|pattern|3|`,
  },
  {
    key: "gifts",
    ja: "ギフト・セット",
    en: "Gifts & Sets",
    skuPrefix: "GFT",
    vendorJa: "絆 ギフト",
    vendorEn: "Kizuna Gifts",
    productType: ["ギフト", "Gift Set"],
    products: `
      gift-sencha-yokan|煎茶と羊羹のギフトセット|Sencha & Yokan Gift Set|4320|single|4|f
      gift-sweets|季節の和菓子 詰め合わせ|Seasonal Wagashi Assortment|3240|single|4|f
      gift-dashi|だしと調味料のギフト|Dashi & Seasonings Gift|5400|single|3|f
      tea-tasting|日本茶 飲み比べセット|Japanese Tea Tasting Set|2980|single|5|fg
      gift-towel|今治タオル ギフトセット|Imabari Towel Gift Set|5500|single|2|
      gift-card-box|季節のごあいさつ箱|Seasonal Greetings Box|3780|single|2|f`,
  },
];

/**
 * Affinity groups: products bought together far more often than chance, so association rules find real lift.
 * When a basket holds one member, the generator adds another member of the same group with BUNDLE_PROBABILITY.
 */
export const AFFINITY_GROUPS: Array<{ name: string; members: string[] }> = [
  { name: "matcha-ritual", members: ["matcha", "chasen", "chashaku", "chawan", "chasen-stand"] },
  { name: "sencha-and-sweets", members: ["sencha", "yokan", "dorayaki"] },
  { name: "skincare-routine", members: ["face-wash", "lotion", "emulsion", "serum"] },
  { name: "dashi-kitchen", members: ["kombu", "katsuobushi", "shoyu", "mirin"] },
  { name: "rice-table", members: ["koshihikari", "furikake", "umeboshi", "nori"] },
  { name: "bath-time", members: ["bath-yuzu", "bath-towel", "body-soap"] },
  { name: "tea-time", members: ["kyusu", "yunomi", "gyokuro"] },
  { name: "miso-soup", members: ["shinshu-miso", "dashi-packs", "lacquer-bowl"] },
];

export const BUNDLE_PROBABILITY = 0.55;

/**
 * Gateway products: a first order containing one of these marks a customer who is, in truth, less likely
 * to drop out. Customers whose dropout probability p is below LOYAL_DROPOUT_BELOW get one in their first
 * order with probability GATEWAY_PROBABILITY_LOYAL, everyone else with GATEWAY_PROBABILITY_OTHER. The
 * BG/NBD draws are untouched; only the first basket correlates with them.
 */
export const LOYALTY_GATEWAYS = ["tea-tasting", "matcha-starter", "skincare-trial", "rice-trial"];
export const LOYAL_DROPOUT_BELOW = 0.1;
export const GATEWAY_PROBABILITY_LOYAL = 0.35;
export const GATEWAY_PROBABILITY_OTHER = 0.05;
