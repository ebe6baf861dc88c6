/* test_langid.c — language detection on the messages a crypto desk gets, one line per message so
 * a failure names the text that was misjudged. The .c is included to reach the Han table and to
 * run the detector against an empty model (fingerprints missing).
 *
 * What is asserted is what must hold for routing: each of the desk's nine languages on realistic
 * support sentences, long and very short, with hashes, addresses and links mixed in; NULL when
 * there is nothing to go on; no crash on malformed input. Other languages are checked where
 * textcat is clearly right on a full sentence. */
#include "util/langid.c"

#include "unit_main.h"

struct lcase {
	const char *in;
	size_t len;
	const char *want;  /* expected tag, or NULL: must be NULL */
	const char *label; /* for the test name when `in` is not printable */
};

#define C(s, want)                                                                                 \
	{                                                                                          \
		(s), sizeof(s) - 1, (want), NULL                                                   \
	}
#define CL(s, want, label)                                                                         \
	{                                                                                          \
		(s), sizeof(s) - 1, (want), (label)                                                \
	}
#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct lcase cases[] = {
    /* English */
    C("My deposit has not arrived yet, it has been 3 hours.", "en"),
    C("I withdrew USDT two hours ago and the withdrawal is still pending.", "en"),
    C("My account has been frozen, please help.", "en"),
    C("I lost my phone and need to reset my 2FA.", "en"),
    C("Withdrawal pending", "en"),
    C("Where is my deposit?", "en"),
    C("MY DEPOSIT HAS NOT ARRIVED AND NOBODY ANSWERS", "en"),
    C("Hi, my name is Nguyễn Văn An and my deposit has not arrived", "en"),

    /* Simplified Chinese */
    C("我的充值还没有到账，已经三个小时了。", "zh-CN"),
    C("提现一直在审核中，请问什么时候到？", "zh-CN"),
    C("我的账户被冻结了，请帮忙处理。", "zh-CN"),
    C("手机丢了，需要重置谷歌验证", "zh-CN"),
    C("怎么出金", "zh-CN"), /* a Japanese word in Chinese slang stays Chinese */
    C("入金没到账", "zh-CN"),
    /* No character tells the systems apart: Simplified is the likelier. */
    C("充值", "zh-CN"),
    C("提币", "zh-CN"),

    /* Traditional Chinese: the same requests as written in Taiwan and Hong Kong */
    C("我的帳戶被凍結了，請幫忙處理。", "zh-TW"),
    C("提現一直在審核中，請問什麼時候會到？", "zh-TW"),
    C("儲值還沒有到帳", "zh-TW"),
    C("手機遺失了，需要重設兩步驟驗證", "zh-TW"),
    C("請問帳户什麼時候解凍", "zh-TW"), /* Hong Kong writes 户 */
    C("我の帳號被凍結", "zh-TW"),       /* の for 的, as Taiwanese writers do */

    /* Japanese */
    C("入金が反映されていません。", "ja"),
    C("出金申請がずっと保留中です。", "ja"),
    C("アカウントが凍結されました。解除方法を教えてください。", "ja"),
    C("スマホをなくしたので二段階認証をリセットしたいです", "ja"),
    C("ありがとう", "ja"),
    C("出金", "ja"),
    C("口座凍結", "ja"),
    C("残高", "ja"),

    /* Korean */
    C("입금이 아직 반영되지 않았습니다.", "ko"),
    C("출금이 계속 대기 중입니다.", "ko"),
    C("계정이 동결되었어요. 도와주세요.", "ko"),
    C("휴대폰을 분실해서 OTP 재설정이 필요합니다", "ko"),
    C("입금", "ko"),

    /* Russian */
    C("Мой депозит не поступил на счёт.", "ru"),
    C("Вывод средств всё ещё в обработке.", "ru"),
    C("Мой аккаунт заблокировали, помогите пожалуйста.", "ru"),
    C("Потерял телефон, нужно сбросить 2FA.", "ru"),
    C("МОЙ АККАУНТ ЗАБЛОКИРОВАН, ПОМОГИТЕ", "ru"),
    C("ДЕПОЗИТ НЕ ПРИШЕЛ", "ru"),
    C("Помогите", "ru"),

    /* Spanish */
    C("Mi depósito no ha llegado todavía.", "es"),
    C("Mi retiro sigue pendiente desde ayer.", "es"),
    C("Mi cuenta está bloqueada, ¿qué hago?", "es"),
    C("Perdí mi teléfono y necesito restablecer el 2FA.", "es"),
    C("Hola, no me llega el depósito", "es"),
    C("Necesito ayuda con mi cuenta", "es"),

    /* Vietnamese with its letters (precomposed; the decomposed form is below) */
    C("Khoản nạp của tôi chưa về tài khoản.", "vi"),
    C("Lệnh rút tiền của tôi vẫn đang chờ xử lý.", "vi"),
    C("Tài khoản của tôi bị khóa, vui lòng giúp đỡ.", "vi"),
    C("Tôi bị mất điện thoại, cần đặt lại 2FA", "vi"),
    C("Nạp tiền chưa về", "vi"),
    CL("Na\xcc\xa3p tie\xcc\x82\xcc\x80n chu\xcc\x9b"
       "a ve\xcc\x82\xcc\x80",
       "vi", "Nạp tiền chưa về, decomposed"),

    /* Turkish */
    C("Yatırdığım para hesabıma geçmedi.", "tr"),
    C("Para çekme işlemim hâlâ beklemede.", "tr"),
    C("Hesabım donduruldu, lütfen yardım edin.", "tr"),
    C("Telefonumu kaybettim, 2FA sıfırlamam gerekiyor.", "tr"),
    C("ŞİFREMİ SIFIRLAYAMIYORUM", "tr"),
    C("Hesabım kilitlendi", "tr"),

    /* Hashes, addresses, links and emails are not words of any language. */
    C("我充值的USDT还没到，TxID: "
      "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060",
      "zh-CN"),
    C("充值0x71C7656EC7ab88b098defB751B7401B5f6d8976F没到账", "zh-CN"),
    C("My ETH deposit to 0x71C7656EC7ab88b098defB751B7401B5f6d8976F has not arrived, please "
      "check https://etherscan.io/tx/0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b",
      "en"),
    C("TRC20 USDT адрес TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE, депозит не пришел", "ru"),
    C("請寄到 support@exdesk.example.com，我的帳號被凍結", "zh-TW"),
    C("見https://www.example.com/help/deposit?lang=ja出金できません", "ja"),
    C("TxID 5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060 입금 확인 "
      "부탁드립니다",
      "ko"),
    C("Hi，我的充值还没到账，麻烦看一下", "zh-CN"), /* Chinese dominates an English greeting */

    /* Other languages, as their two-letter codes */
    C("Meine Einzahlung ist noch nicht angekommen.", "de"),
    C("Mon dépôt n'est toujours pas arrivé sur mon compte.", "fr"),
    C("O meu depósito ainda não chegou.", "pt"),
    C("Il mio deposito non è ancora arrivato.", "it"),
    C("Deposit saya belum masuk ke akun saya.", "id"),
    C("Мій депозит досі не надійшов на рахунок.", "uk"),
    C("Мені потрібна допомога з акаунтом", "uk"),
    C("เงินฝากของฉันยังไม่เข้าบัญชี", "th"),
    C("Moje wpłata jeszcze nie dotarła na konto.", "pl"),

    /* Nothing to go on */
    C("", NULL),
    C("   ", NULL),
    CL(" \t\r\n ", NULL, "ASCII white space"),
    CL("\u3000\u2003\u00a0", NULL, "Unicode white space"),
    C("0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060", NULL),
    C("TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE", NULL),
    C("https://etherscan.io/tx/0x5c504ed432cb51138bcf09aa5e8a410dd4a1e", NULL),
    C("li.wei@example.com", NULL),
    C("12345 678.90 !!! ???", NULL),
    C("USDT", NULL),
    C("Hello", NULL),
    C("好", NULL),
    C("네", NULL),
    C("😀😀😀", NULL),

    /* Malformed UTF-8 reads as spaces: what is left is still judged, nothing crashes. */
    CL("My deposit \xff\xfe has not \xc3\x28 arrived \xe4\xb8 yet", "en",
       "English with stray and truncated bytes"),
    CL("我的\xff充值\xc0\xaf还没有\xe4\xb8到账", "zh-CN", "Chinese with invalid bytes"),
    CL("\xed\xa0\x80\xed\xb0\x80 Депозит не пришел", "ru", "surrogates encoded in UTF-8"),
    CL("\xff\xfe\xfd\xfc\xf8\x80\x80\x80\x80", NULL, "only invalid bytes"),
    CL("\xe5\x85", NULL, "a truncated Han character"),
    CL("\xc0\xaf\xc0\xaf\xc0\xaf", NULL, "overlong slashes"),
    CL("My deposit has not\0 arrived yet", "en", "embedded NUL"),
};

START_TEST(detect_case)
{
	const struct lcase *c = &cases[_i];
	const char *got = langid_detect(c->in, c->len);
	if (c->want == NULL)
		ck_assert_msg(got == NULL, "got %s", got);
	else
		ck_assert_msg(got != NULL && strcmp(got, c->want) == 0, "got %s, want %s",
		              got ? got : "NULL", c->want);
}
END_TEST

/* Vietnamese typed without diacritics is plain ASCII and shares its letters with every Latin
 * language: textcat often gets it right on a full sentence, but nothing guarantees that across
 * fingerprint versions, and on a few words it may answer English or nothing. What must hold is
 * that no script rule fires: it is never a CJK, Cyrillic or Thai language and never Turkish
 * (no Turkish letters), so an agent is not misrouted on evidence that is not there. */
static const char *const vi_plain[] = {
    "Toi da nap tien nhung chua thay ve tai khoan",
    "Tai khoan cua toi bi khoa, vui long giup do",
    "rut tien dang cho xu ly",
};

START_TEST(vi_without_diacritics)
{
	static const char *const never[] = {"zh-CN", "zh-TW", "ja", "ko", "ru", "uk", "th", "tr"};
	const char *got = langid_detect(vi_plain[_i], strlen(vi_plain[_i]));
	for (size_t i = 0; got != NULL && i < sizeof(never) / sizeof(never[0]); i++)
		ck_assert_msg(strcmp(got, never[i]) != 0, "got %s", got);
	if (got != NULL)
		ck_assert_msg(strlen(got) == 2, "got %s", got);
}
END_TEST

START_TEST(fingerprints_loaded)
{
	/* The package is a dependency (scripts/install-deps); without it Latin text is not told. */
	ck_assert(langid_ready());
}
END_TEST

/* Only the first LANGID_MAX_INPUT bytes count: English first, then a long Chinese tail that
 * would outweigh it. The cut falls inside a 3-byte character, which must not confuse anything. */
START_TEST(input_is_capped)
{
	static const char en[] = "My deposit has not arrived yet, please check. ";
	static const char zh[] = "我的充值还没有到账";
	size_t n = 0, cap = LANGID_MAX_INPUT + 4 * 1024;
	char *s = malloc(cap);
	ck_assert_ptr_nonnull(s);
	while (n + sizeof(en) - 1 < LANGID_MAX_INPUT - 1) {
		memcpy(s + n, en, sizeof(en) - 1);
		n += sizeof(en) - 1;
	}
	while (n < LANGID_MAX_INPUT - 1)
		s[n++] = ' ';
	while (n + sizeof(zh) - 1 <= cap) {
		memcpy(s + n, zh, sizeof(zh) - 1);
		n += sizeof(zh) - 1;
	}
	ck_assert_str_eq(langid_detect(s, n), "en");
	ck_assert_str_eq(langid_detect(s + LANGID_MAX_INPUT - 1, n - LANGID_MAX_INPUT + 1),
	                 "zh-CN");
	free(s);
}
END_TEST

START_TEST(null_input)
{
	ck_assert_ptr_null(langid_detect(NULL, 10));
	ck_assert_ptr_null(langid_detect("My deposit has not arrived", 0));
}
END_TEST

/* A character listed as both Simplified-only and Traditional-only would vote both ways. */
START_TEST(hanzi_table_consistent)
{
	pthread_once(&hanzi_once, hanzi_build);
	ck_assert_uint_gt(hanzi_n, 600);
	for (size_t i = 0; i < hanzi_n; i++) {
		uint8_t f = hanzi[i].flags;
		ck_assert_msg((f & (HZ_S | HZ_T)) != (HZ_S | HZ_T), "U+%04X both S and T",
		              (unsigned)hanzi[i].cp);
		ck_assert_msg(is_han(hanzi[i].cp), "U+%04X is not Han", (unsigned)hanzi[i].cp);
		if (i > 0)
			ck_assert_msg(hanzi[i - 1].cp != hanzi[i].cp, "U+%04X listed twice",
			              (unsigned)hanzi[i].cp);
	}
	ck_assert_int_eq(hanzi_flags(0x8AAA /* 說 */), HZ_T);
	ck_assert_int_eq(hanzi_flags(0x8BF4 /* 说 */), HZ_S);
	ck_assert_int_eq(hanzi_flags(0x73FE /* 現 */), HZ_T | HZ_JA);
	ck_assert_int_eq(hanzi_flags(0x767A /* 発 */), HZ_JA_ONLY);
	ck_assert_int_eq(hanzi_flags(0x5145 /* 充 */), 0);
}
END_TEST

/* Without fingerprints the script rules still answer and Latin text without telltale letters is
 * NULL rather than a guess. */
START_TEST(without_fingerprints)
{
	static struct model empty;
#define D(s) detect(&empty, (s), strlen(s))
	ck_assert(!model_load(&empty, "/nonexistent/libexttextcat"));
	ck_assert_uint_eq(empty.n, 0);
	ck_assert_ptr_null(D("My deposit has not arrived yet"));
	ck_assert_str_eq(D("充值"), "zh-CN");
	ck_assert_str_eq(D("儲值還沒有到帳"), "zh-TW");
	ck_assert_str_eq(D("入金が反映されていません"), "ja");
	ck_assert_str_eq(D("입금"), "ko");
	ck_assert_str_eq(D("Вывод средств завис"), "ru");
	ck_assert_str_eq(D("Nạp tiền chưa về"), "vi");
	ck_assert_str_eq(D("Hesabım kilitlendi"), "tr");
	ck_assert_str_eq(D("เงินฝากของฉันยังไม่เข้าบัญชี"), "th");
#undef D
}
END_TEST

/* Several threads detecting at once must agree with the single-threaded answers (and, under
 * the sanitizers, touch nothing shared). */
#define THREADS 4
#define ROUNDS  5

static void *detect_all(void *arg)
{
	size_t *mismatches = arg;
	for (int r = 0; r < ROUNDS; r++)
		for (int i = 0; i < NCASES(cases); i++) {
			const char *got = langid_detect(cases[i].in, cases[i].len);
			const char *want = cases[i].want;
			if ((got == NULL) != (want == NULL) ||
			    (got != NULL && strcmp(got, want) != 0))
				(*mismatches)++;
		}
	return NULL;
}

START_TEST(concurrent)
{
	pthread_t t[THREADS];
	size_t mismatches[THREADS] = {0};
	for (int i = 0; i < THREADS; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, detect_all, &mismatches[i]), 0);
	for (int i = 0; i < THREADS; i++) {
		ck_assert_int_eq(pthread_join(t[i], NULL), 0);
		ck_assert_uint_eq(mismatches[i], 0);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("langid");

	for (int i = 0; i < NCASES(cases); i++) {
		const struct lcase *c = &cases[i];
		unit_add_case(s,
		              unit_name("%s -> %s", c->label != NULL ? c->label : c->in,
		                        c->want != NULL ? c->want : "NULL"),
		              detect_case, i);
	}
	for (int i = 0; i < NCASES(vi_plain); i++)
		unit_add_case(
		    s, unit_name("unaccented Vietnamese \"%s\" is no script guess", vi_plain[i]),
		    vi_without_diacritics, i);
	UNIT_TEST(s, fingerprints_loaded);
	UNIT_TEST(s, input_is_capped);
	UNIT_TEST(s, null_input);
	UNIT_TEST(s, hanzi_table_consistent);
	UNIT_TEST(s, without_fingerprints);
	UNIT_TEST(s, concurrent);
	return unit_run(s, "langid");
}
