/**
 * Name pools for seeded customers. Japanese names are "kanji|romaji" with a relative frequency for family
 * names (roughly following the national surname ranking), so 佐藤 and 鈴木 are common and 菊地 is rare.
 */

export interface NameEntry {
  native: string;
  romaji: string;
  weight: number;
}

function parse(list: string, descendingWeights: boolean): NameEntry[] {
  const rows = list.trim().split(/\s+/);
  return rows.map((row, i) => {
    const [native, romaji] = row.split("|");
    // Zipf-like frequencies for ranked lists; flat otherwise
    return { native, romaji, weight: descendingWeights ? 1 / (i + 8) : 1 };
  });
}

export const JAPANESE_FAMILY_NAMES = parse(
  `佐藤|sato 鈴木|suzuki 高橋|takahashi 田中|tanaka 伊藤|ito 渡辺|watanabe 山本|yamamoto 中村|nakamura
   小林|kobayashi 加藤|kato 吉田|yoshida 山田|yamada 佐々木|sasaki 山口|yamaguchi 松本|matsumoto 井上|inoue
   木村|kimura 林|hayashi 斎藤|saito 清水|shimizu 山崎|yamazaki 森|mori 池田|ikeda 橋本|hashimoto 阿部|abe
   石川|ishikawa 山下|yamashita 中島|nakajima 石井|ishii 小川|ogawa 前田|maeda 岡田|okada 長谷川|hasegawa
   藤田|fujita 後藤|goto 近藤|kondo 村上|murakami 遠藤|endo 青木|aoki 坂本|sakamoto 斉藤|saito 福田|fukuda
   太田|ota 西村|nishimura 藤井|fujii 金子|kaneko 岡本|okamoto 藤原|fujiwara 中野|nakano 三浦|miura
   原田|harada 中川|nakagawa 松田|matsuda 竹内|takeuchi 小野|ono 田村|tamura 中山|nakayama 和田|wada
   石田|ishida 森田|morita 上田|ueda 原|hara 柴田|shibata 酒井|sakai 工藤|kudo 横山|yokoyama 宮崎|miyazaki
   宮本|miyamoto 内田|uchida 高木|takagi 安藤|ando 島田|shimada 谷口|taniguchi 大野|ono 高田|takada
   丸山|maruyama 今井|imai 河野|kono 藤本|fujimoto 村田|murata 武田|takeda 上野|ueno 杉山|sugiyama
   増田|masuda 小山|koyama 大塚|otsuka 平野|hirano 菅原|sugawara 久保|kubo 松井|matsui 千葉|chiba
   岩崎|iwasaki 桜井|sakurai 木下|kinoshita 野口|noguchi 松尾|matsuo 菊地|kikuchi 野村|nomura 新井|arai`,
  true,
);

export const JAPANESE_FEMALE_NAMES = parse(
  `陽菜|hina 結衣|yui 美咲|misaki さくら|sakura 葵|aoi 凛|rin 陽子|yoko 恵子|keiko 由美|yumi
   真由美|mayumi 久美子|kumiko 智子|tomoko 直美|naomi 裕子|yuko 明美|akemi 千尋|chihiro 彩|aya 愛|ai
   舞|mai 麻衣|mai 優子|yuko 香織|kaori 奈々|nana 沙織|saori 彩香|ayaka 美穂|miho 真理子|mariko
   幸子|sachiko 洋子|yoko 和子|kazuko 花子|hanako 芽衣|mei 莉子|riko 結菜|yuna 杏|an 紬|tsumugi
   美月|mizuki 遥|haruka 彩乃|ayano 佳奈|kana 恵美|emi 理恵|rie 亜希子|akiko 紀子|noriko 瞳|hitomi`,
  false,
);

export const JAPANESE_MALE_NAMES = parse(
  `翔太|shota 大輔|daisuke 健太|kenta 拓也|takuya 直樹|naoki 誠|makoto 浩|hiroshi 隆|takashi
   健一|kenichi 和也|kazuya 達也|tatsuya 悠斗|yuto 蓮|ren 陽翔|haruto 大翔|hiroto 湊|minato 樹|itsuki
   翔|sho 亮|ryo 修|osamu 茂|shigeru 聡|satoshi 剛|tsuyoshi 学|manabu 秀樹|hideki 哲也|tetsuya
   裕太|yuta 健二|kenji 一郎|ichiro 太郎|taro 雄一|yuichi 康介|kosuke 匠|takumi 颯太|sota 陸|riku
   大和|yamato 海斗|kaito 智也|tomoya 俊介|shunsuke 圭|kei`,
  false,
);

const en = (list: string): NameEntry[] =>
  list
    .trim()
    .split(/\s+/)
    .map((name) => ({ native: name, romaji: name.toLowerCase(), weight: 1 }));

export const ENGLISH_FEMALE_NAMES = en(
  `Emma Olivia Ava Sophia Isabella Mia Charlotte Amelia Harper Evelyn Abigail Emily Elizabeth Sofia Avery
   Ella Scarlett Grace Chloe Victoria Riley Aria Lily Hannah Zoe Nora Lucy Sarah Claire Anna Julia Megan
   Rachel Laura Jessica Emily Rebecca Hazel Alice Ruby`,
);

export const ENGLISH_MALE_NAMES = en(
  `Liam Noah William James Oliver Benjamin Elijah Lucas Mason Logan Alexander Ethan Jacob Michael Daniel
   Henry Jackson Sebastian Aiden Matthew Samuel David Joseph Carter Owen Wyatt John Jack Luke Jayden
   Thomas Ryan Nathan Andrew Christopher George Harry Charlie Adam Peter`,
);

export const ENGLISH_FAMILY_NAMES = en(
  `Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Wilson Anderson
   Thomas Taylor Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King
   Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker
   Collins Edwards Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Bailey Reed Kelly Howard Ward
   Cox Richardson Wood Watson Brooks Bennett Gray Hughes Price Sanders Fischer Schmidt Weber Becker`,
);

/** Reserved example domains only (RFC 2606 and JPRS's 例示用ドメイン名) — seeded data never names a real mailbox. */
export const JAPANESE_EMAIL_DOMAINS = ["example.jp", "example.ne.jp", "example.co.jp", "example.com"];
export const JAPANESE_EMAIL_DOMAIN_WEIGHTS = [40, 25, 10, 25];
export const ENGLISH_EMAIL_DOMAINS = ["example.com", "example.net", "example.org"];
export const ENGLISH_EMAIL_DOMAIN_WEIGHTS = [60, 25, 15];
