/**
 * Places for seeded addresses. Japan is complete: all 47 prefectures with their ISO 3166-2 codes, 2020
 * census populations (in 10,000s, used as sampling weights) and real municipalities with their postal-code
 * prefixes. US, UK and German lists are short but real, for non-JPY shops.
 */

export interface City {
  native: string;
  romaji: string;
  /** leading digits of real postal codes in that city */
  zipPrefixes: string[];
}

export interface Region {
  native: string;
  romaji: string;
  code: string; // "JP-13", "CA", "ENG", "BY"
  weight: number;
  cities: City[];
}

function cities(spec: string): City[] {
  return spec.split(";").map((entry) => {
    const [native, romaji, zips] = entry.trim().split("|");
    return { native, romaji, zipPrefixes: zips.split(",") };
  });
}

const prefecture = (code: number, native: string, romaji: string, weight: number, spec: string): Region => ({
  native,
  romaji,
  code: `JP-${String(code).padStart(2, "0")}`,
  weight,
  cities: cities(spec),
});

export const JAPANESE_PREFECTURES: Region[] = [
  prefecture(
    1,
    "北海道",
    "Hokkaido",
    522,
    "札幌市中央区|Chuo-ku, Sapporo-shi|060,064;旭川市|Asahikawa-shi|070,078;函館市|Hakodate-shi|040,041",
  ),
  prefecture(2, "青森県", "Aomori", 124, "青森市|Aomori-shi|030;八戸市|Hachinohe-shi|031"),
  prefecture(3, "岩手県", "Iwate", 121, "盛岡市|Morioka-shi|020"),
  prefecture(4, "宮城県", "Miyagi", 230, "仙台市青葉区|Aoba-ku, Sendai-shi|980,981;石巻市|Ishinomaki-shi|986"),
  prefecture(5, "秋田県", "Akita", 96, "秋田市|Akita-shi|010"),
  prefecture(6, "山形県", "Yamagata", 107, "山形市|Yamagata-shi|990"),
  prefecture(7, "福島県", "Fukushima", 183, "福島市|Fukushima-shi|960;郡山市|Koriyama-shi|963"),
  prefecture(8, "茨城県", "Ibaraki", 287, "水戸市|Mito-shi|310;つくば市|Tsukuba-shi|305"),
  prefecture(9, "栃木県", "Tochigi", 193, "宇都宮市|Utsunomiya-shi|320,321"),
  prefecture(10, "群馬県", "Gunma", 194, "前橋市|Maebashi-shi|371;高崎市|Takasaki-shi|370"),
  prefecture(
    11,
    "埼玉県",
    "Saitama",
    734,
    "さいたま市浦和区|Urawa-ku, Saitama-shi|330;川口市|Kawaguchi-shi|332,333;川越市|Kawagoe-shi|350;所沢市|Tokorozawa-shi|359;越谷市|Koshigaya-shi|343",
  ),
  prefecture(
    12,
    "千葉県",
    "Chiba",
    628,
    "千葉市中央区|Chuo-ku, Chiba-shi|260;船橋市|Funabashi-shi|273,274;松戸市|Matsudo-shi|270,271;市川市|Ichikawa-shi|272;柏市|Kashiwa-shi|277",
  ),
  prefecture(
    13,
    "東京都",
    "Tokyo",
    1405,
    "千代田区|Chiyoda-ku|100,101,102;中央区|Chuo-ku|103,104;港区|Minato-ku|105,106,107,108;新宿区|Shinjuku-ku|160,161,162,169;渋谷区|Shibuya-ku|150,151;世田谷区|Setagaya-ku|154,155,156,157,158;杉並区|Suginami-ku|166,167,168;練馬区|Nerima-ku|176,177,178,179;品川区|Shinagawa-ku|140,141,142;目黒区|Meguro-ku|152,153;大田区|Ota-ku|143,144,145,146;江東区|Koto-ku|135,136;八王子市|Hachioji-shi|192,193;町田市|Machida-shi|194,195;武蔵野市|Musashino-shi|180",
  ),
  prefecture(
    14,
    "神奈川県",
    "Kanagawa",
    924,
    "横浜市中区|Naka-ku, Yokohama-shi|231;横浜市港北区|Kohoku-ku, Yokohama-shi|222,223;横浜市青葉区|Aoba-ku, Yokohama-shi|225,227;川崎市中原区|Nakahara-ku, Kawasaki-shi|211;相模原市中央区|Chuo-ku, Sagamihara-shi|252;藤沢市|Fujisawa-shi|251;鎌倉市|Kamakura-shi|247,248",
  ),
  prefecture(15, "新潟県", "Niigata", 220, "新潟市中央区|Chuo-ku, Niigata-shi|950,951;長岡市|Nagaoka-shi|940"),
  prefecture(16, "富山県", "Toyama", 103, "富山市|Toyama-shi|930"),
  prefecture(17, "石川県", "Ishikawa", 113, "金沢市|Kanazawa-shi|920"),
  prefecture(18, "福井県", "Fukui", 77, "福井市|Fukui-shi|910"),
  prefecture(19, "山梨県", "Yamanashi", 81, "甲府市|Kofu-shi|400"),
  prefecture(20, "長野県", "Nagano", 205, "長野市|Nagano-shi|380,381;松本市|Matsumoto-shi|390"),
  prefecture(21, "岐阜県", "Gifu", 198, "岐阜市|Gifu-shi|500"),
  prefecture(22, "静岡県", "Shizuoka", 363, "静岡市葵区|Aoi-ku, Shizuoka-shi|420;浜松市中央区|Chuo-ku, Hamamatsu-shi|430,432"),
  prefecture(
    23,
    "愛知県",
    "Aichi",
    754,
    "名古屋市中区|Naka-ku, Nagoya-shi|460;名古屋市千種区|Chikusa-ku, Nagoya-shi|464;豊田市|Toyota-shi|471;岡崎市|Okazaki-shi|444;一宮市|Ichinomiya-shi|491",
  ),
  prefecture(24, "三重県", "Mie", 177, "津市|Tsu-shi|514;四日市市|Yokkaichi-shi|510"),
  prefecture(25, "滋賀県", "Shiga", 141, "大津市|Otsu-shi|520"),
  prefecture(
    26,
    "京都府",
    "Kyoto",
    258,
    "京都市中京区|Nakagyo-ku, Kyoto-shi|604;京都市左京区|Sakyo-ku, Kyoto-shi|606;宇治市|Uji-shi|611",
  ),
  prefecture(
    27,
    "大阪府",
    "Osaka",
    884,
    "大阪市北区|Kita-ku, Osaka-shi|530,531;大阪市中央区|Chuo-ku, Osaka-shi|540,541,542;堺市堺区|Sakai-ku, Sakai-shi|590;豊中市|Toyonaka-shi|560,561;吹田市|Suita-shi|564,565;東大阪市|Higashiosaka-shi|577,578,579;枚方市|Hirakata-shi|573",
  ),
  prefecture(
    28,
    "兵庫県",
    "Hyogo",
    547,
    "神戸市中央区|Chuo-ku, Kobe-shi|650,651;姫路市|Himeji-shi|670,671,672;西宮市|Nishinomiya-shi|662,663;尼崎市|Amagasaki-shi|660,661",
  ),
  prefecture(29, "奈良県", "Nara", 132, "奈良市|Nara-shi|630"),
  prefecture(30, "和歌山県", "Wakayama", 92, "和歌山市|Wakayama-shi|640"),
  prefecture(31, "鳥取県", "Tottori", 55, "鳥取市|Tottori-shi|680"),
  prefecture(32, "島根県", "Shimane", 67, "松江市|Matsue-shi|690"),
  prefecture(33, "岡山県", "Okayama", 189, "岡山市北区|Kita-ku, Okayama-shi|700;倉敷市|Kurashiki-shi|710"),
  prefecture(34, "広島県", "Hiroshima", 280, "広島市中区|Naka-ku, Hiroshima-shi|730;福山市|Fukuyama-shi|720"),
  prefecture(35, "山口県", "Yamaguchi", 134, "山口市|Yamaguchi-shi|753;下関市|Shimonoseki-shi|750"),
  prefecture(36, "徳島県", "Tokushima", 72, "徳島市|Tokushima-shi|770"),
  prefecture(37, "香川県", "Kagawa", 95, "高松市|Takamatsu-shi|760,761"),
  prefecture(38, "愛媛県", "Ehime", 133, "松山市|Matsuyama-shi|790,791"),
  prefecture(39, "高知県", "Kochi", 69, "高知市|Kochi-shi|780"),
  prefecture(
    40,
    "福岡県",
    "Fukuoka",
    514,
    "福岡市中央区|Chuo-ku, Fukuoka-shi|810;福岡市博多区|Hakata-ku, Fukuoka-shi|812;北九州市小倉北区|Kokurakita-ku, Kitakyushu-shi|802,803;久留米市|Kurume-shi|830",
  ),
  prefecture(41, "佐賀県", "Saga", 81, "佐賀市|Saga-shi|840"),
  prefecture(42, "長崎県", "Nagasaki", 131, "長崎市|Nagasaki-shi|850,851"),
  prefecture(43, "熊本県", "Kumamoto", 174, "熊本市中央区|Chuo-ku, Kumamoto-shi|860,862"),
  prefecture(44, "大分県", "Oita", 112, "大分市|Oita-shi|870"),
  prefecture(45, "宮崎県", "Miyazaki", 107, "宮崎市|Miyazaki-shi|880"),
  prefecture(46, "鹿児島県", "Kagoshima", 159, "鹿児島市|Kagoshima-shi|890,892"),
  prefecture(47, "沖縄県", "Okinawa", 147, "那覇市|Naha-shi|900,902;沖縄市|Okinawa-shi|904"),
];

/** Prefectures that pay the remote-area shipping fee. */
export const REMOTE_PREFECTURE_CODES = new Set(["JP-01", "JP-47"]);

/** Town names used for 丁目-番地-号 style street addresses. */
export const JAPANESE_TOWNS: Array<[string, string]> = [
  ["本町", "Honcho"],
  ["中央", "Chuo"],
  ["栄町", "Sakaemachi"],
  ["緑町", "Midoricho"],
  ["旭町", "Asahicho"],
  ["東町", "Higashimachi"],
  ["西町", "Nishimachi"],
  ["南町", "Minamimachi"],
  ["宮前", "Miyamae"],
  ["桜木町", "Sakuragicho"],
  ["若葉", "Wakaba"],
  ["緑が丘", "Midorigaoka"],
  ["富士見", "Fujimi"],
  ["松原", "Matsubara"],
  ["大手町", "Otemachi"],
  ["駅前", "Ekimae"],
  ["日の出町", "Hinodecho"],
  ["寿町", "Kotobukicho"],
  ["幸町", "Saiwaicho"],
  ["新町", "Shinmachi"],
  ["元町", "Motomachi"],
  ["泉町", "Izumicho"],
  ["青葉台", "Aobadai"],
  ["春日", "Kasuga"],
  ["天神", "Tenjin"],
  ["八幡", "Yawata"],
];

export const JAPANESE_BUILDINGS: Array<[string, string]> = [
  ["メゾン桜", "Maison Sakura"],
  ["サンハイツ", "Sun Heights"],
  ["グランコート", "Grand Court"],
  ["パークサイド", "Parkside"],
  ["コーポ緑", "Corpo Midori"],
  ["レジデンス青葉", "Residence Aoba"],
  ["ハイツ若葉", "Heights Wakaba"],
  ["シティタワー", "City Tower"],
  ["ヴィラ松原", "Villa Matsubara"],
];

const region = (native: string, code: string, weight: number, spec: string): Region => ({
  native,
  romaji: native,
  code,
  weight,
  cities: cities(spec),
});

export const US_STATES: Region[] = [
  region("California", "CA", 39, "Los Angeles|Los Angeles|900;San Francisco|San Francisco|941;San Diego|San Diego|921"),
  region("Texas", "TX", 29, "Houston|Houston|770;Austin|Austin|787;Dallas|Dallas|752"),
  region("Florida", "FL", 22, "Miami|Miami|331;Orlando|Orlando|328"),
  region("New York", "NY", 20, "New York|New York|100;Brooklyn|Brooklyn|112"),
  region("Pennsylvania", "PA", 13, "Philadelphia|Philadelphia|191"),
  region("Illinois", "IL", 13, "Chicago|Chicago|606"),
  region("Ohio", "OH", 12, "Columbus|Columbus|432"),
  region("Georgia", "GA", 11, "Atlanta|Atlanta|303"),
  region("North Carolina", "NC", 10, "Charlotte|Charlotte|282"),
  region("Washington", "WA", 8, "Seattle|Seattle|981"),
  region("Massachusetts", "MA", 7, "Boston|Boston|021"),
  region("Oregon", "OR", 4, "Portland|Portland|972"),
];

export const UK_COUNTRIES: Region[] = [
  region(
    "England",
    "ENG",
    56,
    "London|London|SW1,E1,N1,NW3;Manchester|Manchester|M1,M20;Birmingham|Birmingham|B1,B15;Leeds|Leeds|LS1,LS6;Bristol|Bristol|BS1,BS8",
  ),
  region("Scotland", "SCT", 5, "Edinburgh|Edinburgh|EH1,EH3;Glasgow|Glasgow|G1,G12"),
  region("Wales", "WLS", 3, "Cardiff|Cardiff|CF10,CF24"),
];

export const GERMAN_STATES: Region[] = [
  region("Berlin", "BE", 37, "Berlin|Berlin|101,104,106"),
  region("Hamburg", "HH", 18, "Hamburg|Hamburg|201,204,221"),
  region("Bayern", "BY", 26, "München|München|803,806,809"),
  region("Nordrhein-Westfalen", "NW", 30, "Köln|Köln|506,509;Düsseldorf|Düsseldorf|402"),
  region("Hessen", "HE", 12, "Frankfurt am Main|Frankfurt am Main|603,605"),
];

export const WESTERN_STREETS = [
  "Oak",
  "Maple",
  "Pine",
  "Cedar",
  "Elm",
  "Washington",
  "Lake",
  "Hill",
  "Park",
  "Main",
  "Church",
  "Highland",
  "Sunset",
  "River",
  "Mill",
  "Spring",
  "Willow",
  "Chestnut",
];
export const US_STREET_SUFFIXES = ["St", "Ave", "Blvd", "Rd", "Ln", "Dr"];
export const UK_STREET_SUFFIXES = ["Road", "Street", "Lane", "Avenue", "Close", "Gardens"];
export const GERMAN_STREETS = [
  "Hauptstraße",
  "Schulstraße",
  "Gartenstraße",
  "Bahnhofstraße",
  "Lindenstraße",
  "Bergstraße",
  "Kirchweg",
  "Birkenweg",
  "Goethestraße",
  "Schillerstraße",
];
