/* langid.c — see langid.h.
 *
 * Scripts first, n-grams last. An n-gram guesser needs a sentence or two and confuses close
 * languages; a desk mostly gets short messages ("充值", "입금", "出金"), and for most of its
 * languages the script alone already tells: Hangul is Korean, kana is Japanese, Thai is Thai.
 * Han alone is Chinese unless Japanese-only forms say otherwise, and Simplified and Traditional
 * Chinese are told apart by characters that exist in only one of the two. Cyrillic is Russian
 * unless Ukrainian-only letters outnumber Russian-only ones. Latin text with Vietnamese or Turkish
 * letters is decided by those letters, because textcat is weakest exactly there (short texts,
 * Turkish against Azerbaijani and Turkmen). Only the rest goes to textcat.
 *
 * textcat is used through its fingerprint calls (fp_*) rather than textcat_Classify(): the latter
 * writes its answer into the shared handle, so it is not thread-safe, and it cannot be told to
 * prefer some languages. The category fingerprints are loaded once and only read afterwards
 * (fp_Compare does not write to them), each call builds its own fingerprint of the input, so no
 * lock is needed. Scores are compared here with textcat's own rule (candidates within 3% of the
 * best are ties, more than five ties is "unknown"), plus two rules of ours: a desk language among
 * the ties wins, because this desk's customers write in its languages far more often than in
 * Galician or Afrikaans; and on a text of a few words a tie between other languages is no answer,
 * because there textcat's n-grams are mostly noise. */
#include "util/langid.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fingerprint.h>
#include <utf8proc.h>

/* The build may point this elsewhere (-DLANGID_FPDB_DIR=...); the second place is where a
 * source install of libexttextcat puts its data. */
#ifndef LANGID_FPDB_DIR
#define LANGID_FPDB_DIR "/usr/share/libexttextcat"
#endif
#define LANGID_FPDB_DIR_LOCAL "/usr/local/share/libexttextcat"

#define MODEL_MAX   256 /* fpdb.conf lists about 160 */
#define NGRAMS      400 /* textcat's MAXNGRAMS: what its fingerprint files hold */
#define TIE_PCT     3   /* textcat's THRESHOLDVALUE of 1.03 */
#define MAX_TIES    5   /* textcat's MAXCANDIDATES */
#define CJK_WEIGHT  3   /* one Han, kana or Hangul character carries about one short word */
#define MIN_CJK     2   /* characters: "充值", "입금", "出金" are whole requests */
#define MIN_SCRIPT  3   /* letters of a one-language script (Cyrillic, Thai) */
#define MIN_MARKED  3   /* Latin letters when Vietnamese or Turkish letters decide */
#define MIN_TEXTCAT 10  /* Latin letters before textcat is worth asking: less is noise */
#define SHORT_TEXT  20  /* letters under which a tie between two foreign languages is no answer */
#define MIN_WORDS   2   /* Latin words before textcat is worth asking */
#define MARK_RATIO  5   /* one word in this many with a telltale letter */

/* ---- Chinese and Japanese characters ----
 *
 * Pairs of a Simplified character and its Traditional form, grouped by what Japanese writes:
 * ZH_PAIRS_JA_T: Japanese uses the Traditional form (現, 認, 帳), so that form is evidence for
 *                zh-TW or Japanese, the Simplified one for zh-CN only;
 * ZH_PAIRS_JA_S: Japanese uses the Simplified form (号, 会, 数), the reverse;
 * ZH_PAIRS_JA_X: Japanese has a third form (说/說/説), so either side is evidence against Japanese.
 * Only characters that are never correct in the other system are listed: 后, 里, 台, 面, 干, 只,
 * 余, 准, 系, 制, 着 and the like are written in both and would count for nothing or mislead.
 * JA_ONLY are Japanese forms neither Chinese system writes (発, 続, 様), or Japanese-made
 * characters (込, 枠, 働). The lists favour words a desk sees: accounts, money, verification. */
static const char ZH_PAIRS_JA_T[] =
    "现現币幣帐帳认認时時间間为為还還过過请請问問题題给給个個东東长長"
    "门門开開无無动動机機进進业業该該务務员員费費钟鐘冻凍结結锁鎖银銀"
    "审審订訂额額资資风風网網络絡线線块塊错錯误誤谢謝换換买買统統败敗"
    "贵貴视視频頻语語简簡记記词詞节節输輸红紅种種类類级級别別报報头頭"
    "计計话話电電讯訊达達执執导導紧緊决決虑慮补補偿償损損赔賠确確笔筆"
    "阶階态態异異规規则則违違须須书書护護约約议議许許际際试試标標难難"
    "烦煩谁誰见見几幾亲親爱愛车車马馬飞飛闭閉闻聞队隊阳陽阴陰陆陸页頁"
    "顺順顾顧预預领領饭飯馆館饮飲习習亿億仅僅仓倉优優伤傷侧側侦偵债債"
    "倾傾储儲兰蘭兴興养養册冊军軍农農况況减減刚剛创創刘劉势勢华華协協"
    "卫衛响響园園场場坚堅备備夺奪奋奮妇婦宁寧宪憲寻尋尔爾层層岛島师師"
    "库庫弃棄张張强強彻徹忆憶忧憂惊驚惯慣扫掃扬揚挂掛挥揮敌敵暂暫术術"
    "杀殺杨楊极極构構桥橋毁毀毕畢汉漢汤湯沟溝洁潔测測浓濃润潤渐漸灭滅"
    "灾災热熱环環畅暢疗療盖蓋盘盤监監础礎祸禍离離积積竞競筑築粮糧纪紀"
    "纳納练練组組细細织織终終绍紹绩績维維综綜编編缓緩缩縮罗羅罚罰职職"
    "胜勝苏蘇获獲蓝藍讲講论論设設访訪评評识識诉訴诚誠详詳调調谈談负負"
    "财財责責货貨质質购購贷貸贸貿跃躍软軟轮輪较較载載运運远遠连連选選"
    "遗遺针針钢鋼键鍵镜鏡闪閃韩韓项項顿頓枪槍趋趨赛賽尝嘗";
static const char ZH_PAIRS_JA_S[] =
    "号號会會来來没沒与與点點国國学學体體万萬区區写寫乱亂争爭党黨医醫"
    "却卻参參双雙声聲宝寶属屬当當径徑恋戀担擔携攜数數断斷旧舊条條楼樓"
    "欧歐残殘浅淺湾灣滞滯灯燈炉爐状狀独獨献獻画畫礼禮称稱装裝践踐随隨"
    "尽盡将將黄黃";
static const char ZH_PAIRS_JA_X[] =
    "说說们們这這钱錢账賬码碼么麼吗嗎发發经經对對从從关關实實两兩产產"
    "让讓样樣应應处處单單转轉验驗证證险險链鏈帮幫营營图圖传傳录錄绑綁"
    "续續价價卖賣据據显顯联聯办辦历歷钥鑰击擊绿綠总總专專迟遲签簽满滿"
    "边邊觉覺汇匯听聽读讀带帶阅閱乐樂乡鄉亚亞众眾儿兒净淨删刪剂劑劳勞"
    "厂廠厅廳压壓县縣变變启啟团團围圍坏壞够夠奖獎妈媽岁歲广廣庄莊废廢"
    "弹彈归歸怀懷恶惡戏戲战戰扩擴扰擾择擇摄攝撑撐权權档檔检檢欢歡气氣"
    "泪淚泽澤济濟浏瀏涨漲灵靈矿礦稳穩继繼聪聰脑腦艺藝药藥虽雖观觀览覽"
    "译譯询詢赚賺赞贊赶趕递遞逻邏邻鄰释釋铁鐵销銷闲閒隐隱驱驅齐齊龄齡"
    "娱娛晓曉颜顏";
/* Traditional forms whose Simplified counterpart is also written in Traditional text (里/裡,
 * 后/後, 于/於, 台/臺; Hong Kong writes 户, 温, 税): only the Traditional side tells anything.
 * 後 and 於 are Japanese too. */
static const char ZH_TW_ONLY_JA[] = "後於";
static const char ZH_TW_ONLY[] = "裡臺戶溫稅";
static const char JA_ONLY[] = "銭戸発経対従関実両産譲様応処単転験証険営図伝録続価売拠顕歴撃緑総"
                              "専遅満辺覚聴読帯楽郷亜児浄剤労庁圧県変団囲壊奨歳広荘廃弾帰懐悪戯"
                              "戦拡択摂権検歓気沢済霊鉱穏継脳薬観覧訳賛釈鉄隠駆斉齢娯暁顔雑仏焼"
                              "恵徴円払込扱枠働駅戻仮";
/* Japanese words of the trade written with characters Chinese shares: a message that is only
 * "出金" or "口座凍結" has no kana to give it away. */
static const char *const JA_WORDS[] = {"出金", "入金", "口座",   "残高",
                                       "送金", "振替", "手数料", "解約"};

enum hz_flag {
	HZ_S = 1,      /* Simplified form, not written in Traditional text */
	HZ_T = 2,      /* Traditional form, not written in Simplified text */
	HZ_JA = 4,     /* also the standard Japanese form */
	HZ_JA_ONLY = 8 /* Japanese form only */
};

struct hanzi {
	int32_t cp;
	uint8_t flags;
};

/* Every character in the lists is a 3-byte BMP ideograph, so this bounds the table. */
#define HANZI_MAX                                                                                  \
	((sizeof(ZH_PAIRS_JA_T) + sizeof(ZH_PAIRS_JA_S) + sizeof(ZH_PAIRS_JA_X) +                  \
	  sizeof(ZH_TW_ONLY_JA) + sizeof(ZH_TW_ONLY) + sizeof(JA_ONLY)) /                          \
	 3)

static struct hanzi hanzi[HANZI_MAX];
static size_t hanzi_n;
static pthread_once_t hanzi_once = PTHREAD_ONCE_INIT;

/* Adds the characters of s, alternating flags a and b (pairs) or all with a (when b is 0). */
static void hanzi_add(const char *s, uint8_t a, uint8_t b)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t len = strlen(s), i = 0, k = 0;
	while (i < len && hanzi_n < HANZI_MAX) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			return;
		hanzi[hanzi_n].cp = cp;
		hanzi[hanzi_n].flags = (b == 0 || k % 2 == 0) ? a : b;
		hanzi_n++;
		k++;
		i += (size_t)n;
	}
}

static int hanzi_cmp(const void *a, const void *b)
{
	const struct hanzi *x = a, *y = b;
	return (x->cp > y->cp) - (x->cp < y->cp);
}

static void hanzi_build(void)
{
	hanzi_add(ZH_PAIRS_JA_T, HZ_S, HZ_T | HZ_JA);
	hanzi_add(ZH_PAIRS_JA_S, HZ_S | HZ_JA, HZ_T);
	hanzi_add(ZH_PAIRS_JA_X, HZ_S, HZ_T);
	hanzi_add(ZH_TW_ONLY_JA, HZ_T | HZ_JA, 0);
	hanzi_add(ZH_TW_ONLY, HZ_T, 0);
	hanzi_add(JA_ONLY, HZ_JA_ONLY, 0);
	qsort(hanzi, hanzi_n, sizeof(hanzi[0]), hanzi_cmp);
}

static uint8_t hanzi_flags(int32_t cp)
{
	struct hanzi key = {cp, 0};
	const struct hanzi *h = bsearch(&key, hanzi, hanzi_n, sizeof(hanzi[0]), hanzi_cmp);
	return h != NULL ? h->flags : 0;
}

/* ---- textcat fingerprints ---- */

struct model {
	size_t n;
	void *fp[MODEL_MAX];
	char tag[MODEL_MAX][4];
};

static struct model model;
static pthread_once_t model_once = PTHREAD_ONCE_INIT;

/* The tag a fingerprint file stands for: "en.lm" -> "en", "sr-Latn.lm" -> "sr". Languages with
 * only a three-letter code (Scots, Asturian, ...) are left out: they are not ours to answer in,
 * and as near-ties of English or Spanish they only do harm. Chinese, Japanese and Korean are left
 * out because the script decides them before textcat is asked. */
static bool file_tag(const char *file, char tag[4])
{
	size_t n = strcspn(file, "-.");
	if (n != 2 || file[0] < 'a' || file[0] > 'z' || file[1] < 'a' || file[1] > 'z')
		return false;
	if (strncmp(file, "zh", 2) == 0 || strncmp(file, "ja", 2) == 0 ||
	    strncmp(file, "ko", 2) == 0)
		return false;
	if (strchr(file, '/') != NULL)
		return false;
	memcpy(tag, file, 2);
	tag[2] = '\0';
	return true;
}

/* Reads dir/fpdb.conf and the fingerprints it lists. A file that does not load is skipped rather
 * than failing everything: one language less is better than none. */
static bool model_load(struct model *m, const char *dir)
{
	char path[PATH_MAX], line[1024];
	FILE *f;

	m->n = 0;
	if ((size_t)snprintf(path, sizeof(path), "%s/fpdb.conf", dir) >= sizeof(path))
		return false;
	f = fopen(path, "r");
	if (f == NULL)
		return false;
	while (m->n < MODEL_MAX && fgets(line, sizeof(line), f) != NULL) {
		char *save = NULL, *file, *name, *hash = strchr(line, '#');
		if (hash != NULL)
			*hash = '\0';
		file = strtok_r(line, " \t\r\n", &save);
		name = file != NULL ? strtok_r(NULL, " \t\r\n", &save) : NULL;
		if (name == NULL || !file_tag(file, m->tag[m->n]))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >= sizeof(path))
			continue;
		void *fp = fp_Init(name);
		if (fp == NULL)
			continue;
		if (fp_Read(fp, path, NGRAMS) == 0) {
			fp_Done(fp);
			continue;
		}
		m->fp[m->n++] = fp;
	}
	fclose(f);
	return m->n > 0;
}

static void model_init(void)
{
	if (!model_load(&model, LANGID_FPDB_DIR))
		model_load(&model, LANGID_FPDB_DIR_LOCAL);
}

static bool is_desk_tag(const char *tag)
{
	/* The desk languages textcat can be asked about (the others are decided by script). */
	static const char *const desk[] = {"en", "es", "vi", "tr", "ru"};
	for (size_t i = 0; i < sizeof(desk) / sizeof(desk[0]); i++)
		if (strcmp(tag, desk[i]) == 0)
			return true;
	return false;
}

/* textcat's verdict on text (lowercase words separated by spaces, letters of them), or NULL for
 * textcat's SHORT and UNKNOWN, and for a short text on which two other languages tie. */
static const char *textcat_guess(const struct model *m, const char *text, size_t len,
                                 size_t letters)
{
	int score[MODEL_MAX];
	int best = INT_MAX, cutoff = INT_MAX;
	size_t best_i = 0, ties = 0;
	const char *desk = NULL;
	int desk_score = INT_MAX;
	void *u;

	if (m->n == 0 || len == 0)
		return NULL;
	u = fp_Init(NULL);
	if (u == NULL)
		return NULL;
	fp_SetProperty(u, TCPROP_UTF8AWARE, TC_TRUE);
	if (fp_Create(u, text, (uint4)len, NGRAMS) == 0) {
		fp_Done(u);
		return NULL;
	}
	/* fp_Compare gives up (INT_MAX) past the cutoff; the cutoff only shrinks towards the final
	 * best plus the tie margin, so every score that matters below is exact. */
	for (size_t i = 0; i < m->n; i++) {
		score[i] = fp_Compare(m->fp[i], u, cutoff);
		if (score[i] < best) {
			best = score[i];
			best_i = i;
			cutoff = best + best * TIE_PCT / 100;
		}
	}
	fp_Done(u);
	if (best == INT_MAX)
		return NULL;
	for (size_t i = 0; i < m->n; i++) {
		if (score[i] > cutoff)
			continue;
		ties++;
		if (score[i] < desk_score && is_desk_tag(m->tag[i])) {
			desk = m->tag[i];
			desk_score = score[i];
		}
	}
	if (ties > MAX_TIES)
		return NULL;
	if (desk != NULL)
		return desk;
	if (ties > 1 && letters < SHORT_TEXT)
		return NULL;
	return m->tag[best_i];
}

/* ---- scanning ---- */

enum script { SC_NONE, SC_LATIN, SC_CYRILLIC, SC_THAI, SC_CJK, SC_OTHER, SC_COUNT };

struct scan {
	size_t letters[SC_COUNT];
	size_t han, kana, kana_no, hangul;
	size_t zh_s, zh_t, zh_s_only, zh_t_only, ja_only;
	size_t cyr_uk, cyr_ru, cyr_other;
	size_t latin_words, vi_words, tr_words, not_tr_words;
	char *text; /* kept Latin, Cyrillic and other-script words, lowercase, for textcat */
	size_t text_len, text_cap;
};

/* One word as it is read: a run of letters (and marks, and digits for Latin) of one script. */
struct word {
	enum script sc;
	size_t start, end; /* bytes in the scanned text */
	size_t letters, digits, inner_upper, non_hex;
	bool vi, tr, not_tr;
	size_t han, kana, kana_no, hangul, zh_s, zh_t, zh_s_only, zh_t_only, ja_only;
	size_t cyr_uk, cyr_ru, cyr_other;
};

static bool in(int32_t cp, int32_t lo, int32_t hi)
{
	return cp >= lo && cp <= hi;
}

static bool is_hangul(int32_t cp)
{
	return in(cp, 0x1100, 0x11FF) || in(cp, 0x3130, 0x318F) || in(cp, 0xA960, 0xA97F) ||
	       in(cp, 0xAC00, 0xD7FF) || in(cp, 0xFFA0, 0xFFDC);
}

static bool is_kana(int32_t cp)
{
	return in(cp, 0x3040, 0x30FF) || in(cp, 0x31F0, 0x31FF) || in(cp, 0xFF66, 0xFF9D) ||
	       in(cp, 0x1B000, 0x1B16F);
}

static bool is_han(int32_t cp)
{
	return in(cp, 0x3005, 0x3007) || in(cp, 0x3400, 0x4DBF) || in(cp, 0x4E00, 0x9FFF) ||
	       in(cp, 0xF900, 0xFAFF) || in(cp, 0x20000, 0x3134F);
}

/* The script of a letter. Latin covers the Latin blocks and fullwidth Latin; everything not named
 * is "other" and left to textcat (Greek, Arabic, Hebrew, Indic, ...). */
static enum script letter_script(int32_t cp)
{
	if (cp < 0x2B0 || in(cp, 0x1E00, 0x1EFF) || in(cp, 0x2C60, 0x2C7F) ||
	    in(cp, 0xA720, 0xA7FF) || in(cp, 0xFF21, 0xFF5A))
		return SC_LATIN;
	if (in(cp, 0x400, 0x52F) || in(cp, 0x1C80, 0x1C8F) || in(cp, 0x2DE0, 0x2DFF) ||
	    in(cp, 0xA640, 0xA69F))
		return SC_CYRILLIC;
	if (in(cp, 0xE00, 0xE7F))
		return SC_THAI;
	if (is_han(cp) || is_kana(cp) || is_hangul(cp))
		return SC_CJK;
	return SC_OTHER;
}

/* Letters Vietnamese has and its neighbours do not: ơ, ư and the precomposed letters with a tone
 * mark stacked on a vowel (U+1EA0..U+1EF9). ă and đ are left out: Romanian and Croatian have them.
 */
static bool is_vi_letter(int32_t cp)
{
	return in(cp, 0x1EA0, 0x1EF9) || cp == 0x1A0 || cp == 0x1A1 || cp == 0x1AF || cp == 0x1B0;
}

static bool cp_in(int32_t cp, const int32_t *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == cp)
			return true;
	return false;
}

#define CP_IN(cp, list) cp_in((cp), (list), sizeof(list) / sizeof((list)[0]))

/* ğ ı İ ş: Turkish, but also Azerbaijani, Turkmen, Romanian (ş) and Kurdish (ş), which have
 * letters Turkish lacks (ə; ň ý ä; ă ţ ș ț; ê û); a word with one of those votes against. */
static const int32_t TR_LETTERS[] = {0x11E, 0x11F, 0x130, 0x131, 0x15E, 0x15F};
static const int32_t NOT_TR_LETTERS[] = {0x18F, 0x259, 0x102, 0x103, 0x162, 0x163, 0x218,
                                         0x219, 0x21A, 0x21B, 0x147, 0x148, 0xDD,  0xFD,
                                         0xC4,  0xE4,  0xCA,  0xEA,  0xDB,  0xFB};

/* Lowercase Cyrillic letters that tell languages apart: Ukrainian-only і ї є ґ; ы э ъ ё, which
 * Ukrainian lacks; letters of other Cyrillic languages (Belarusian ў, Serbian and Macedonian
 * ј љ њ ћ ђ џ ѓ ќ ѕ, Kazakh and others ә ғ қ ң ө ұ ү һ). */
static const int32_t UK_LETTERS[] = {0x456, 0x457, 0x454, 0x491};
static const int32_t RU_LETTERS[] = {0x44B, 0x44D, 0x44A, 0x451};
static const int32_t OTHER_CYRILLIC[] = {0x45E, 0x458, 0x459, 0x45A, 0x45B, 0x452,
                                         0x45F, 0x453, 0x45C, 0x455, 0x4D9, 0x493,
                                         0x49B, 0x4A3, 0x4E9, 0x4B1, 0x4AF, 0x4BB};

static bool is_ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool starts_with_ci(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (c != (unsigned char)prefix[i])
			return false;
	}
	return true;
}

static bool is_url_byte(unsigned char c)
{
	return c > 0x20 && c < 0x7F && c != '<' && c != '>' && c != '"';
}

static bool is_email_local_byte(unsigned char c)
{
	return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static bool is_email_domain_byte(unsigned char c)
{
	return is_ascii_alnum(c) || c == '.' || c == '-';
}

/* Blanks URLs and email addresses: their words (domains, paths, user names) are in no language
 * the customer chose. A URL ends at the first byte that cannot be in one, so a URL glued to
 * Chinese text ("见https://x.io/tx谢谢") loses only itself. */
static void blank_links(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool boundary = i == 0 || !is_ascii_alnum((unsigned char)s[i - 1]);
		if (boundary && (starts_with_ci(s + i, n - i, "http://") ||
		                 starts_with_ci(s + i, n - i, "https://") ||
		                 starts_with_ci(s + i, n - i, "www."))) {
			size_t j = i;
			while (j < n && is_url_byte((unsigned char)s[j]))
				j++;
			memset(s + i, ' ', j - i);
			i = j;
		} else if (s[i] == '@') {
			size_t b = i, e = i + 1;
			while (b > 0 && is_email_local_byte((unsigned char)s[b - 1]))
				b--;
			while (e < n && is_email_domain_byte((unsigned char)s[e]))
				e++;
			memset(s + b, ' ', e - b);
			i = e;
		}
	}
}

/* Coin tickers and acronyms of the trade are the same in every language's messages. Words that
 * are also ordinary words somewhere ("ada" is Indonesian, "ton" French) are not listed. */
static bool is_jargon(const char *w, size_t n)
{
	static const char *const jargon[] = {
	    "usdt", "usdc", "btc",  "eth", "bnb", "trx", "xrp", "doge", "ltc",    "matic",
	    "kyc",  "aml",  "txid", "tx",  "otp", "sms", "api", "nft",  "defi",   "dex",
	    "cex",  "erc",  "trc",  "bep", "uid", "vip", "p2p", "ok",   "txhash", "id"};
	if (n > 6)
		return false;
	for (size_t i = 0; i < sizeof(jargon) / sizeof(jargon[0]); i++) {
		const char *j = jargon[i];
		if (strlen(j) == n && starts_with_ci(w, n, j))
			return true;
	}
	return false;
}

static void text_add(struct scan *sc, const char *s, size_t start, size_t end)
{
	/* Lowercasing never more than doubles a UTF-8 sequence's length; the buffer holds twice the
	 * scanned text, so this check only guards the arithmetic. */
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = start;
	while (i < end && sc->text_len + 5 < sc->text_cap) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(end - i), &cp);
		if (n <= 0)
			break;
		i += (size_t)n;
		sc->text_len += (size_t)utf8proc_encode_char(
		    utf8proc_tolower(cp), (utf8proc_uint8_t *)sc->text + sc->text_len);
	}
	if (sc->text_len + 1 < sc->text_cap)
		sc->text[sc->text_len++] = ' ';
}

/* Cyrillic and other scripts: counted, and kept for textcat, which tells the languages that
 * share a script apart. */
static void count_other(struct scan *sc, const struct word *w, const char *s)
{
	sc->letters[w->sc] += w->letters;
	text_add(sc, s, w->start, w->end);
}

static void word_end(struct scan *sc, struct word *w, const char *s)
{
	switch (w->sc) {
	case SC_NONE:
		return;
	case SC_LATIN:
		/* Amounts, TxIDs, addresses, order numbers, "2FA", "TRC20": anything with a digit;
		 * base58 or hex without one is long and has capitals inside or only hex letters. */
		if (w->digits > 0 || w->letters == 0 || (w->letters >= 20 && w->inner_upper >= 2) ||
		    (w->letters >= 16 && w->non_hex == 0) ||
		    is_jargon(s + w->start, w->end - w->start))
			break;
		sc->letters[SC_LATIN] += w->letters;
		sc->latin_words++;
		sc->vi_words += w->vi;
		sc->tr_words += w->tr;
		sc->not_tr_words += w->not_tr;
		text_add(sc, s, w->start, w->end);
		break;
	case SC_CJK:
		sc->letters[SC_CJK] += w->letters;
		sc->han += w->han;
		sc->kana += w->kana;
		sc->kana_no += w->kana_no;
		sc->hangul += w->hangul;
		sc->zh_s += w->zh_s;
		sc->zh_t += w->zh_t;
		sc->zh_s_only += w->zh_s_only;
		sc->zh_t_only += w->zh_t_only;
		sc->ja_only += w->ja_only;
		break;
	case SC_CYRILLIC:
		sc->cyr_uk += w->cyr_uk;
		sc->cyr_ru += w->cyr_ru;
		sc->cyr_other += w->cyr_other;
		count_other(sc, w, s);
		break;
	default:
		count_other(sc, w, s);
		break;
	}
	memset(w, 0, sizeof(*w));
}

static void word_letter(struct word *w, int32_t cp, enum script script)
{
	w->letters++;
	switch (script) {
	case SC_LATIN:
		if (w->letters > 1 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU)
			w->inner_upper++;
		if (!((cp >= 'a' && cp <= 'f') || (cp >= 'A' && cp <= 'F')))
			w->non_hex++;
		w->vi |= is_vi_letter(cp);
		w->tr |= CP_IN(cp, TR_LETTERS);
		w->not_tr |= CP_IN(cp, NOT_TR_LETTERS);
		break;
	case SC_CYRILLIC:
		cp = utf8proc_tolower(cp);
		w->cyr_uk += CP_IN(cp, UK_LETTERS);
		w->cyr_ru += CP_IN(cp, RU_LETTERS);
		w->cyr_other += CP_IN(cp, OTHER_CYRILLIC);
		break;
	case SC_CJK:
		if (is_hangul(cp)) {
			w->hangul++;
		} else if (is_kana(cp)) {
			w->kana++;
			w->kana_no += cp == 0x306E; /* の, see decide_cjk() */
		} else {
			uint8_t f = hanzi_flags(cp);
			w->han++;
			w->zh_s += (f & HZ_S) != 0;
			w->zh_t += (f & HZ_T) != 0;
			w->zh_s_only += (f & (HZ_S | HZ_JA)) == HZ_S;
			w->zh_t_only += (f & (HZ_T | HZ_JA)) == HZ_T;
			w->ja_only += (f & HZ_JA_ONLY) != 0;
		}
		break;
	default:
		break;
	}
}

/* Splits s into words and counts what they say. A word is a run of letters of one script with
 * the marks that follow them; ASCII digits belong to Latin words, so "0x5aB3..." and "TRC20" are
 * one word each (and dropped), and a hash glued to Chinese text is its own word. */
static void scan_text(struct scan *sc, const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	struct word w;
	size_t i = 0;

	memset(&w, 0, sizeof(w));
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) { /* cannot happen after sanitize(), but never loop forever */
			word_end(sc, &w, s);
			i++;
			continue;
		}
		utf8proc_category_t cat = utf8proc_category(cp);
		enum script script = SC_NONE;
		bool digit = false;
		switch (cat) {
		case UTF8PROC_CATEGORY_LU:
		case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LT:
		case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO:
			script = letter_script(cp);
			break;
		case UTF8PROC_CATEGORY_ND:
			script = SC_LATIN;
			digit = true;
			break;
		case UTF8PROC_CATEGORY_MN:
		case UTF8PROC_CATEGORY_MC:
		case UTF8PROC_CATEGORY_ME:
			/* A mark belongs to the word it follows; Thai vowels and tone marks are
			 * marks. */
			if (w.sc != SC_NONE) {
				w.end = i + (size_t)k;
				i += (size_t)k;
				continue;
			}
			break;
		default:
			break;
		}
		if (script == SC_NONE) {
			word_end(sc, &w, s);
		} else {
			if (script != w.sc) {
				word_end(sc, &w, s);
				w.sc = script;
				w.start = i;
			}
			if (digit)
				w.digits++;
			else
				word_letter(&w, cp, script);
			w.end = i + (size_t)k;
		}
		i += (size_t)k;
	}
	word_end(sc, &w, s);
}

static size_t count_occurrences(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), count = 0;
	const char *p = s, *end = s + n;
	while ((size_t)(end - p) >= k) {
		const char *hit = memmem(p, (size_t)(end - p), needle, k);
		if (hit == NULL)
			break;
		count++;
		p = hit + k;
	}
	return count;
}

/* Hangul, then kana, then Han. Korean may quote Hanja and Japanese always mixes in Han, so the
 * question is which is there at all, not which is most. Two exceptions: a stray Hangul letter in
 * a long Chinese text does not make it Korean, and の alone does not make Japanese, because
 * Taiwanese writers use it for 的 ("我の帳號"); it counts as Japanese evidence among the Han. */
static const char *decide_cjk(const struct scan *sc, const char *s, size_t n)
{
	size_t ja;

	if (sc->han + sc->kana + sc->hangul < MIN_CJK)
		return NULL;
	if (sc->hangul > 0 && sc->hangul >= sc->kana && sc->hangul * 4 >= sc->han)
		return "ko";
	if (sc->kana > sc->kana_no)
		return "ja";
	ja = sc->ja_only + sc->kana_no;
	for (size_t i = 0; i < sizeof(JA_WORDS) / sizeof(JA_WORDS[0]); i++)
		ja += count_occurrences(s, n, JA_WORDS[i]);
	/* Japanese needs more evidence than both Chinese systems have against it: "怎么出金" is
	 * Chinese slang with a Japanese word in it, "口座凍結" is Japanese. */
	if (ja > sc->zh_s_only + sc->zh_t_only)
		return "ja";
	/* With no telling character at all ("充值", "提币"), Simplified is far the likelier. */
	return sc->zh_t > sc->zh_s ? "zh-TW" : "zh-CN";
}

static const char *decide_cyrillic(const struct model *m, const struct scan *sc)
{
	if (sc->letters[SC_CYRILLIC] < MIN_SCRIPT)
		return NULL;
	if (sc->cyr_other > 0) {
		const char *t = textcat_guess(m, sc->text, sc->text_len, sc->letters[SC_CYRILLIC]);
		if (t != NULL)
			return t;
	}
	return sc->cyr_uk > sc->cyr_ru ? "uk" : "ru";
}

static const char *decide_latin(const struct model *m, const struct scan *sc)
{
	size_t letters = sc->letters[SC_LATIN], words = sc->latin_words;

	if (letters < MIN_MARKED)
		return NULL;
	if (sc->vi_words > 0 && sc->vi_words * MARK_RATIO >= words)
		return "vi";
	if (sc->tr_words > 0 && sc->tr_words * MARK_RATIO >= words &&
	    sc->tr_words > 2 * sc->not_tr_words)
		return "tr";
	if (letters < MIN_TEXTCAT || words < MIN_WORDS)
		return NULL;
	return textcat_guess(m, sc->text, sc->text_len, letters);
}

/* Copies the first LANGID_MAX_INPUT bytes (cut at a character boundary) with malformed sequences
 * and NULs turned into spaces, so that everything after works on valid UTF-8. */
static char *sanitize(const char *s, size_t len, size_t *out_len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0, o = 0;
	char *out;

	if (len > LANGID_MAX_INPUT) {
		len = LANGID_MAX_INPUT;
		for (int back = 0; back < 3 && len > 0 && (p[len] & 0xC0) == 0x80; back++)
			len--;
	}
	out = malloc(len + 1);
	if (out == NULL)
		return NULL;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0 || cp == 0) {
			out[o++] = ' ';
			i++;
			continue;
		}
		memcpy(out + o, s + i, (size_t)k);
		o += (size_t)k;
		i += (size_t)k;
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

/* The whole decision, against a given model so that tests can run it without fingerprints. */
static const char *detect(const struct model *m, const char *utf8, size_t len)
{
	struct scan sc;
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t nfc_len;
	size_t clean_len = 0, best_weight = 0;
	enum script best = SC_NONE;
	const char *result = NULL;
	char *clean;

	if (utf8 == NULL || len == 0)
		return NULL;
	pthread_once(&hanzi_once, hanzi_build);
	clean = sanitize(utf8, len, &clean_len);
	if (clean == NULL)
		return NULL;
	/* Composed form, so that Vietnamese typed as base letter plus combining tone marks (as some
	 * input methods do) shows its letters, and matches textcat's composed fingerprints. */
	nfc_len = utf8proc_map((const utf8proc_uint8_t *)clean, (utf8proc_ssize_t)clean_len, &nfc,
	                       UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	free(clean);
	if (nfc_len < 0)
		return NULL;

	memset(&sc, 0, sizeof(sc));
	sc.text_cap = 2 * (size_t)nfc_len + 8;
	sc.text = malloc(sc.text_cap);
	if (sc.text == NULL)
		goto out;
	blank_links((char *)nfc, (size_t)nfc_len);
	scan_text(&sc, (const char *)nfc, (size_t)nfc_len);
	if (sc.text_len > 0)
		sc.text_len--; /* the trailing space */
	sc.text[sc.text_len] = '\0';

	for (int s = SC_LATIN; s < SC_COUNT; s++) {
		size_t weight = sc.letters[s] * (s == SC_CJK ? CJK_WEIGHT : 1);
		if (weight > best_weight) {
			best_weight = weight;
			best = (enum script)s;
		}
	}
	switch (best) {
	case SC_CJK:
		result = decide_cjk(&sc, (const char *)nfc, (size_t)nfc_len);
		break;
	case SC_CYRILLIC:
		result = decide_cyrillic(m, &sc);
		break;
	case SC_THAI:
		result = sc.letters[SC_THAI] >= MIN_SCRIPT ? "th" : NULL;
		break;
	case SC_LATIN:
		result = decide_latin(m, &sc);
		break;
	case SC_OTHER:
		if (sc.letters[SC_OTHER] >= MIN_SCRIPT)
			result = textcat_guess(m, sc.text, sc.text_len, sc.letters[SC_OTHER]);
		break;
	default:
		break;
	}
out:
	free(sc.text);
	free(nfc);
	return result;
}

const char *langid_detect(const char *utf8, size_t len)
{
	pthread_once(&model_once, model_init);
	return detect(&model, utf8, len);
}

bool langid_ready(void)
{
	pthread_once(&model_once, model_init);
	return model.n > 0;
}
