/* test_search_rank.c — relevance of knowledge-base search through the real stack: a SQLite file
 * in /tmp opened with db_open (which registers the exdesk tokenizer), an FTS5 table
 * `USING fts5(title, body, tokenize='exdesk')`, queries from search_query_build(), BM25 with the
 * title weighted 5:1, and FTS5's snippet() for highlights.
 *
 * The corpus is 60 short help-center articles and customer messages in the desk's nine
 * languages (en, zh-CN, zh-TW, ja, ko, ru, es, vi, tr), written for this test around the
 * questions an exchange desk gets most: deposits not credited, withdrawals held, fees,
 * passwords, frozen accounts, wrong networks. Each case states what a customer or agent would
 * expect on top, what must not be found at all, and what the highlight must show. Beyond the
 * chosen cases, every CJK character, pair and triple in the corpus is searched and must find
 * exactly the articles containing it (checked with strstr), which is the promise of bigrams.
 * The ranking table is printed as '#' lines for the record. */
#include "core/search_text.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>
#include <unistd.h>

#include "unit_main.h"

#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

struct doc {
	const char *id;
	const char *topic; /* deposit, withdrawal, fees, password, frozen, network, kyc, phone */
	const char *title;
	const char *body;
};

/* clang-format off */
static const struct doc corpus[] = {
    /* English */
    {"en-deposit", "deposit", "Deposit not credited",
     "Your deposit has not arrived? Check the network, the memo or tag, and the number of block "
     "confirmations. Deposits of 2,000 USDT or more may need a manual review."},
    {"en-withdraw-how", "withdrawal", "How to withdraw crypto",
     "Open Wallet, choose Withdraw, select the coin and the network, and paste the destination "
     "address."},
    {"en-withdrawal-held", "withdrawal", "Withdrawal pending review",
     "A withdrawal can be held for a security review; we may call you to confirm it is you."},
    {"en-password", "password", "Reset your password",
     "Use Forgot password on the sign-in page; a reset link is sent to your email."},
    {"en-network", "network", "Wrong network or missing memo",
     "If you sent a deposit on the wrong network or without the memo, submit a recovery request "
     "with the transaction hash, for example "
     "0x3fa9c1d2e4b5a6978812ab34cd56ef7890a1b2c3d4e5f60718293a4b5c6d7e8f."},
    {"en-fees", "fees", "Trading fees", "Maker and taker fees depend on your 30-day volume."},
    {"en-frozen", "frozen", "Account frozen",
     "Your account may be frozen after a suspicious login. Contact support and complete identity "
     "verification (KYC)."},

    /* Simplified Chinese */
    {"zh-deposit-missing", "deposit", "充值未到账怎么办",
     "如果您的充值长时间未到账，请检查区块确认数和充值地址是否正确。"},
    {"zh-deposit-how", "deposit", "如何充值USDT",
     "选择充值币种和网络，复制充值地址，转账后等待区块确认。"},
    {"zh-withdraw-review", "withdrawal", "提现一直在审核中",
     "提现需要经过安全审核，一般在30分钟内完成。提现到账时间取决于网络拥堵情况。"},
    {"zh-withdraw-fee", "withdrawal", "提现手续费说明",
     "每笔提现收取固定手续费，不同币种的提现手续费不同。"},
    {"zh-password", "password", "忘记密码怎么办", "点击登录页的忘记密码，通过邮箱验证码重置密码。"},
    {"zh-network", "network", "充错网络如何找回",
     "如果充值时选错了网络或漏填了MEMO，请提交工单，我们会尝试找回资产。"},
    {"zh-frozen", "frozen", "账户被冻结", "账户因安全原因被冻结，请到设置页面完成身份认证。"},

    /* Traditional Chinese */
    {"tw-deposit-missing", "deposit", "儲值未到帳怎麼辦",
     "若您的儲值長時間未到帳，請確認區塊確認數與儲值地址是否正確。"},
    {"tw-deposit-how", "deposit", "充值USDT教學",
     "選擇幣種與網路，複製充值地址，轉帳後等待區塊確認。"},
    {"tw-withdraw-review", "withdrawal", "提現審核中", "提現需要經過安全審核，一般在30分鐘內完成。"},
    {"tw-password", "password", "忘記密碼", "點擊登入頁的忘記密碼，透過電子郵件驗證碼重設密碼。"},
    {"tw-frozen", "frozen", "帳戶被凍結", "帳戶因安全原因被凍結，請聯絡客服並完成身分驗證。"},
    {"tw-fees", "fees", "交易手續費", "掛單與吃單手續費依30日交易量而定。"},

    /* Japanese */
    {"ja-deposit-missing", "deposit", "入金が反映されない",
     "入金後、ブロックの承認を待ってください。入金アドレスとネットワークをご確認ください。"},
    {"ja-deposit-how", "deposit", "入金方法",
     "ウォレット画面で通貨を選び、入金アドレスをコピーしてください。"},
    {"ja-withdraw-held", "withdrawal", "出金が保留中です",
     "出金はセキュリティ審査のため保留される場合があります。"},
    {"ja-withdraw-fee", "withdrawal", "出金手数料について",
     "出金手数料は通貨とネットワークによって異なります。"},
    {"ja-password", "password", "パスワードを忘れた場合",
     "ログイン画面の「パスワードをお忘れですか」から再設定できます。"},
    {"ja-kyc", "kyc", "本人確認の書類",
     "パスポートまたは運転免許証をアップロードしてください。"},
    {"ja-frozen", "frozen", "口座が凍結された",
     "不審なログインがあった場合、口座を一時的に凍結します。"},

    /* Korean */
    {"ko-deposit", "deposit", "입금이 반영되지 않아요",
     "입금 후 블록 확인을 기다려 주세요. 입금 주소와 네트워크를 확인하세요."},
    {"ko-withdraw-delay", "withdrawal", "출금이 지연되고 있어요",
     "출금 신청 후 보안 검토가 진행됩니다."},
    {"ko-withdraw-fee", "withdrawal", "출금 수수료 안내",
     "출금 수수료는 코인과 네트워크에 따라 다릅니다."},
    {"ko-password", "password", "비밀번호 재설정",
     "로그인 화면에서 비밀번호 찾기를 눌러 주세요."},
    {"ko-locked", "frozen", "계정이 잠겼어요",
     "비밀번호를 5회 잘못 입력하면 계정이 잠깁니다."},
    {"ko-fees", "fees", "거래 수수료",
     "메이커와 테이커 수수료는 30일 거래량에 따라 달라집니다."},

    /* Russian */
    {"ru-deposit", "deposit", "Пополнение не зачислено",
     "Если пополнение не пришло, проверьте сеть, мемо и число подтверждений в блокчейне."},
    {"ru-withdraw-delay", "withdrawal", "Вывод средств задерживается",
     "Вывод может быть задержан для проверки безопасности. Мы позвоним вам."},
    {"ru-withdraw-fee", "withdrawal", "Комиссия за вывод",
     "Комиссия за вывод зависит от монеты и сети."},
    {"ru-password", "password", "Сброс пароля",
     "Нажмите «Забыли пароль» на странице входа."},
    {"ru-frozen", "frozen", "Аккаунт заблокирован",
     "После подозрительного входа аккаунт блокируется. Пройдите проверку личности."},
    {"ru-network", "network", "Ошибочная сеть",
     "Средства отправлены не в ту сеть? Создайте заявку на возврат средств."},
    {"ru-transfer", "deposit", "Ещё не пришёл перевод",
     "Перевод с биржи ещё в пути, подождите подтверждений."},

    /* Spanish */
    {"es-deposit", "deposit", "Depósito no acreditado",
     "Si tu depósito no llegó, revisa la red, el memo y las confirmaciones."},
    {"es-withdraw-held", "withdrawal", "Retiro pendiente",
     "Un retiro puede quedar retenido por una revisión de seguridad."},
    {"es-withdraw-fee", "withdrawal", "Comisiones de retiro",
     "La comisión de retiro depende de la moneda y la red."},
    {"es-password", "password", "Restablecer la contraseña",
     "Pulsa «¿Olvidaste tu contraseña?» en la página de inicio de sesión."},
    {"es-frozen", "frozen", "Cuenta congelada",
     "Tu cuenta puede congelarse tras un inicio de sesión sospechoso."},
    {"es-fees", "fees", "Comisiones de trading",
     "Las comisiones maker y taker dependen de tu volumen de 30 días."},

    /* Vietnamese */
    {"vi-deposit", "deposit", "Nạp tiền chưa được ghi có",
     "Nếu bạn đã nạp tiền nhưng chưa nhận được, hãy kiểm tra mạng và memo."},
    {"vi-withdraw-stuck", "withdrawal", "Rút tiền bị treo",
     "Lệnh rút tiền của bạn đang chờ kiểm tra bảo mật."},
    {"vi-withdraw-fee", "withdrawal", "Phí rút tiền",
     "Phí rút tiền phụ thuộc vào đồng coin và mạng lưới."},
    {"vi-password", "password", "Quên mật khẩu",
     "Nhấn Quên mật khẩu ở trang đăng nhập để đặt lại."},
    {"vi-frozen", "frozen", "Tài khoản bị khóa",
     "Tài khoản có thể bị khóa sau lần đăng nhập đáng ngờ."},
    {"vi-phone", "phone", "ĐỔI SỐ ĐIỆN THOẠI",
     "Để đổi số điện thoại, vào Cài đặt bảo mật."},

    /* Turkish */
    {"tr-deposit", "deposit", "Para yatırma hesaba geçmedi",
     "Yatırdığınız para görünmüyorsa ağı ve memo bilgisini kontrol edin."},
    {"tr-withdraw-review", "withdrawal", "PARA ÇEKME İŞLEMİ BEKLEMEDE",
     "Para çekme talebiniz güvenlik incelemesinde."},
    {"tr-withdraw-fee", "withdrawal", "Para çekme ücretleri",
     "Para çekme ücreti coin ve ağa göre değişir."},
    {"tr-password", "password", "Şifremi unuttum",
     "Giriş sayfasında Şifremi unuttum bağlantısına tıklayın."},
    {"tr-frozen", "frozen", "Hesap donduruldu",
     "Şüpheli girişten sonra hesabınız dondurulabilir."},
    {"tr-fees", "fees", "İşlem ücretleri",
     "Yapıcı ve alıcı ücretleri 30 günlük işlem hacmine bağlıdır."},

    /* Customer messages mixing scripts, hashes and amounts */
    {"msg-zh-en", "deposit", "Deposit 2,000 USDT 未到账",
     "TXID 0x3fa9c1d2e4b5a6978812ab34cd56ef7890a1b2c3d4e5f60718293a4b5c6d7e8f, 已经三个小时了"},
    {"msg-ja-tron", "withdrawal", "出金先アドレスの確認",
     "TRC20のアドレス TXyzPq8hRk3m9Lw2 は正しいですか？出金したいです。"},
};
/* clang-format on */

static struct db *db;
static char db_path[64];

static const char SQL_CREATE[] =
    "CREATE VIRTUAL TABLE kb USING fts5(title, body, tokenize='exdesk')";
static const char SQL_INSERT[] = "INSERT INTO kb(rowid, title, body) VALUES (?, ?, ?)";
static const char SQL_SEARCH[] =
    "SELECT rowid, bm25(kb, 5.0, 1.0), snippet(kb, -1, '[', ']', '…', 24) FROM kb "
    "WHERE kb MATCH ? ORDER BY bm25(kb, 5.0, 1.0), rowid LIMIT 64";
static const char SQL_TITLE_HL[] = "SELECT highlight(kb, 0, '[', ']') FROM kb "
                                   "WHERE kb MATCH ? AND rowid = ?";

#define MAX_HITS 64

struct hits {
	int n;
	int row[MAX_HITS]; /* index into corpus */
	char snippet[MAX_HITS][512];
	char match[SEARCH_MATCH_MAX];
};

static int doc_index(const char *id)
{
	for (int i = 0; i < NCASES(corpus); i++)
		if (strcmp(corpus[i].id, id) == 0)
			return i;
	return -1;
}

/* Runs what a user typed through the builder and FTS5; false if the builder refused it. A SQL
 * error fails the test: whatever the builder accepts must be a valid MATCH expression. */
static bool search(const char *q, struct hits *h)
{
	struct db_stmt *st;
	enum db_rc rc;
	enum search_rc qrc;

	memset(h, 0, sizeof *h);
	qrc = search_query_build(q, strlen(q), h->match, sizeof h->match, NULL, NULL);
	if (qrc != SEARCH_OK)
		return false;
	st = db_prepare(db, SQL_SEARCH);
	ck_assert_ptr_nonnull(st);
	db_bind_str(st, 1, h->match);
	while ((rc = db_step(st)) == DB_ROW) {
		if (h->n == MAX_HITS)
			continue;
		h->row[h->n] = (int)db_col_int(st, 0) - 1;
		snprintf(h->snippet[h->n], sizeof h->snippet[0], "%s",
		         db_col_text(st, 2) ? db_col_text(st, 2) : "");
		h->n++;
	}
	db_reset(st);
	ck_assert_msg(rc == DB_DONE, "MATCH %s failed: %s", h->match, db_errmsg(db));
	return true;
}

static bool hit(const struct hits *h, const char *id)
{
	int d = doc_index(id);
	for (int i = 0; i < h->n; i++)
		if (h->row[i] == d)
			return true;
	return false;
}

static void describe(const struct hits *h, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = '\0';
	for (int i = 0; i < h->n && n < cap; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? " " : "", corpus[h->row[i]].id);
}

/* ------------------------------------------------------------------ relevance cases */

struct rcase {
	const char *q;
	const char *top[4];    /* the first hits, in any order among themselves */
	const char *absent[3]; /* must not be found */
	const char *topics;    /* every hit's topic is one of these, or NULL */
	const char *snippet;   /* the first hit's snippet holds one of these ('|'), or NULL */
	const char *found[3];  /* must be found, anywhere in the list */
};

/* clang-format off */
static const struct rcase rcases[] = {
    {"充值", {"zh-deposit-missing", "zh-deposit-how", "tw-deposit-how"},
     {"zh-withdraw-review", "zh-withdraw-fee"}, "deposit network", "[充值]"},
    {"提现", {"zh-withdraw-review", "zh-withdraw-fee"}, {"tw-withdraw-review"}, "withdrawal",
     "[提现]"},
    {"提現", {"tw-withdraw-review"}, {"zh-withdraw-review"}, "withdrawal", "[提現]"},
    {"到账", {"zh-deposit-missing", "msg-zh-en"}, {"zh-frozen", "tw-deposit-missing"}, NULL,
     "[到账]"},
    {"到帳", {"tw-deposit-missing"}, {"zh-deposit-missing"}, "deposit", "[到帳]"},
    {"充值未到账", {"zh-deposit-missing"}, {"zh-deposit-how"}, "deposit", NULL},
    {"入金", {"ja-deposit-missing", "ja-deposit-how"}, {"ja-withdraw-held"}, "deposit",
     "[入金]"},
    {"出金", {"ja-withdraw-held", "ja-withdraw-fee", "msg-ja-tron"}, {"ja-deposit-missing"},
     "withdrawal", "[出金]"},
    {"パスワード", {"ja-password"}, {"ja-kyc"}, "password", "[パスワード]"},
    {"パスポート", {"ja-kyc"}, {"ja-password"}, "kyc", "[パスポート]"},
    {"ﾊﾟｽﾜｰﾄﾞ", {"ja-password"}, {"ja-kyc"}, "password", "[パスワード]"},
    {"출금", {"ko-withdraw-delay", "ko-withdraw-fee"}, {"ko-deposit"}, "withdrawal", "[출금]"},
    {"입금", {"ko-deposit"}, {"ko-withdraw-delay"}, "deposit", "[입금]"},
    {"비밀번호", {"ko-password", "ko-locked"}, {"ko-fees"}, "password frozen", "[비밀번호]"},
    {"ВЫВОД", {"ru-withdraw-delay", "ru-withdraw-fee"}, {"ru-deposit"}, "withdrawal",
     "[Вывод]|[вывод]"},
    {"вывод средств", {"ru-withdraw-delay"}, {"ru-network", "ru-withdraw-fee"}, "withdrawal",
     "[Вывод]"},
    {"пополнение", {"ru-deposit"}, {"ru-withdraw-delay"}, "deposit", "[Пополнение]|[пополнение]"},
    {"ещё", {"ru-transfer"}, {NULL}, "deposit", "[Ещё]|[ещё]"},
    {"rut tien", {"vi-withdraw-stuck", "vi-withdraw-fee"}, {"vi-deposit"}, "withdrawal",
     "[rút] [tiền]"},
    {"rút tiền", {"vi-withdraw-stuck", "vi-withdraw-fee"}, {"vi-deposit"}, "withdrawal",
     "[rút] [tiền]"},
    {"nap tien", {"vi-deposit"}, {"vi-withdraw-stuck"}, "deposit", "[Nạp] [tiền]|[nạp] [tiền]"},
    {"doi so dien thoai", {"vi-phone"}, {NULL}, "phone",
     "[ĐỔI] [SỐ] [ĐIỆN] [THOẠI]|[đổi] [số] [điện] [thoại]"},
    {"para çekme", {"tr-withdraw-review", "tr-withdraw-fee"}, {"tr-deposit"}, "withdrawal",
     "[PARA] [ÇEKME]|[Para] [çekme]"},
    {"sifremi", {"tr-password"}, {NULL}, "password", "[Şifremi]"},
    {"deposito", {"es-deposit"}, {"es-withdraw-held"}, "deposit", "[Depósito]|[depósito]"},
    {"retiro", {"es-withdraw-held", "es-withdraw-fee"}, {"es-deposit"}, "withdrawal",
     "[Retiro]|[retiro]"},
    {"deposit", {"en-deposit", "msg-zh-en"}, {"en-withdrawal-held"}, "deposit network",
     "[Deposit]|[deposit]"},
    {"withdrawal", {"en-withdrawal-held"}, {"en-withdraw-how"}, "withdrawal",
     "[Withdrawal]|[withdrawal]"},
    {"0x3fa9c1d2e4b5a6978812ab34cd56ef7890a1b2c3d4e5f60718293a4b5c6d7e8f",
     {"en-network", "msg-zh-en"}, {"en-deposit"}, "network deposit", NULL},
    {"TXyzPq8hRk3m9Lw2", {"msg-ja-tron"}, {NULL}, "withdrawal",
     "[TXyzPq8hRk3m9Lw2]"},
    {"2000 USDT", {"en-deposit", "msg-zh-en"}, {"zh-deposit-how"}, "deposit",
     "[2,000] [USDT]"},
    /* digits inside CJK text are a term of their own */
    {"30", {NULL}, {NULL}, NULL, NULL, {"zh-withdraw-review", "tw-withdraw-review", "ko-fees"}},
};
/* clang-format on */

static bool topic_ok(const char *topics, const char *topic)
{
	size_t n = strlen(topic);
	for (const char *p = topics; (p = strstr(p, topic)) != NULL; p += n)
		if ((p == topics || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

static bool snippet_ok(const char *snip, const char *wants)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", wants);
	for (char *save = NULL, *w = strtok_r(buf, "|", &save); w; w = strtok_r(NULL, "|", &save))
		if (strstr(snip, w))
			return true;
	return false;
}

START_TEST(relevance_case)
{
	const struct rcase *c = &rcases[_i];
	struct hits h;
	char got[2048];
	int ntop = 0;

	ck_assert_msg(search(c->q, &h), "query refused");
	describe(&h, got, sizeof got);
	printf("# %-24s -> %-40s | %s | %s\n", c->q, h.match, got, h.n ? h.snippet[0] : "");
	while (ntop < 4 && c->top[ntop])
		ntop++;
	ck_assert_msg(h.n >= ntop, "%d hits, want at least %d: %s", h.n, ntop, got);
	for (int i = 0; i < ntop; i++) {
		bool found = false;
		for (int j = 0; j < ntop; j++)
			found = found || h.row[i] == doc_index(c->top[j]);
		ck_assert_msg(found, "hit %d is %s; want the first %d among the expected: %s",
		              i + 1, corpus[h.row[i]].id, ntop, got);
	}
	for (int i = 0; i < 3 && c->absent[i]; i++)
		ck_assert_msg(!hit(&h, c->absent[i]), "%s was found: %s", c->absent[i], got);
	for (int i = 0; i < 3 && c->found[i]; i++)
		ck_assert_msg(hit(&h, c->found[i]), "%s was not found: %s", c->found[i], got);
	for (int i = 0; c->topics && i < h.n; i++)
		ck_assert_msg(topic_ok(c->topics, corpus[h.row[i]].topic), "%s (%s) found: %s",
		              corpus[h.row[i]].id, corpus[h.row[i]].topic, got);
	if (c->snippet)
		ck_assert_msg(snippet_ok(h.snippet[0], c->snippet), "snippet \"%s\", want %s",
		              h.snippet[0], c->snippet);
}
END_TEST

/* Spellings a user may type for the same thing give the same ranked list. */
static const char *const same[][3] = {
    {"rut tien", "rút tiền", "RÚT TIỀN"},
    {"para çekme", "PARA ÇEKME", "para cekme"},
    {"ВЫВОД", "вывод", "Вывод"},
    {"deposito", "depósito", "DEPÓSITO"},
    {"еще", "ещё", "ЕЩЁ"},
    {"2000", "2,000", "２０００"},
    {"パスワード", "ﾊﾟｽﾜｰﾄﾞ", "パスワード"},
    {"0x3fa9c1d2e4b5a6978812ab34cd56ef7890a1b2c3d4e5f60718293a4b5c6d7e8f",
     "0X3FA9C1D2E4B5A6978812AB34CD56EF7890A1B2C3D4E5F60718293A4B5C6D7E8F",
     "0x3FA9c1d2e4b5a6978812ab34cd56ef7890a1b2c3d4e5f60718293a4b5c6d7e8f"},
    {"islemi", "İŞLEMİ", "işlemi"},
};

START_TEST(same_results_case)
{
	struct hits a, b;
	char ga[2048], gb[2048];

	ck_assert(search(same[_i][0], &a));
	describe(&a, ga, sizeof ga);
	ck_assert_msg(a.n > 0, "nothing found for %s", same[_i][0]);
	for (int k = 1; k < 3; k++) {
		ck_assert(search(same[_i][k], &b));
		describe(&b, gb, sizeof gb);
		ck_assert_msg(strcmp(ga, gb) == 0, "\"%s\": %s / \"%s\": %s", same[_i][0], ga,
		              same[_i][k], gb);
	}
}
END_TEST

/* ------------------------------------------------------------------ substring truth */

static bool is_cjk(uint32_t c)
{
	return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x4E00 && c <= 0x9FFF) ||
	       (c >= 0xAC00 && c <= 0xD7A3);
}

/* Decodes one UTF-8 code point (the corpus is valid UTF-8); returns its length. */
static int decode(const unsigned char *s, uint32_t *c)
{
	if (s[0] < 0x80) {
		*c = s[0];
		return 1;
	}
	if (s[0] < 0xE0) {
		*c = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if (s[0] < 0xF0) {
		*c = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
		     (s[2] & 0x3F);
		return 3;
	}
	*c = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
	     ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
	return 4;
}

#define MAX_GRAMS 4096

static char grams[MAX_GRAMS][16];
static int ngrams;

static void add_gram(const char *p, size_t n)
{
	for (int i = 0; i < ngrams; i++)
		if (strlen(grams[i]) == n && memcmp(grams[i], p, n) == 0)
			return;
	if (ngrams < MAX_GRAMS && n < sizeof grams[0]) {
		memcpy(grams[ngrams], p, n);
		grams[ngrams][n] = '\0';
		ngrams++;
	}
}

/* Every run of one, two or three CJK characters in the text. */
static void collect_grams(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t at[4];
	int run = 0;

	for (size_t i = 0; s[i];) {
		uint32_t c;
		int k = decode(s + i, &c);
		if (!is_cjk(c)) {
			run = 0;
			i += (size_t)k;
			continue;
		}
		/* shift the window of the last three starts */
		at[0] = at[1];
		at[1] = at[2];
		at[2] = i;
		run++;
		i += (size_t)k;
		for (int len = 1; len <= 3 && len <= run; len++)
			add_gram(text + at[3 - len], i - at[3 - len]);
	}
}

START_TEST(every_cjk_gram_finds_exactly_its_articles)
{
	long checked = 0;

	ngrams = 0;
	for (int i = 0; i < NCASES(corpus); i++) {
		collect_grams(corpus[i].title);
		collect_grams(corpus[i].body);
	}
	ck_assert_int_lt(ngrams, MAX_GRAMS);
	for (int g = 0; g < ngrams; g++) {
		struct hits h;
		bool want[NCASES(corpus)] = {false}, got[NCASES(corpus)] = {false};

		ck_assert_msg(search(grams[g], &h), "query \"%s\" refused", grams[g]);
		for (int i = 0; i < h.n; i++)
			got[h.row[i]] = true;
		for (int i = 0; i < NCASES(corpus); i++) {
			want[i] =
			    strstr(corpus[i].title, grams[g]) || strstr(corpus[i].body, grams[g]);
			ck_assert_msg(want[i] == got[i], "\"%s\" (%s): %s is %s", grams[g], h.match,
			              corpus[i].id,
			              want[i] ? "missing" : "found but does not contain it");
		}
		checked++;
	}
	printf("# %ld CJK characters, pairs and triples each found exactly their articles\n",
	       checked);
	ck_assert_int_gt(checked, 500);
}
END_TEST

/* ------------------------------------------------------------------ ranking details */

START_TEST(title_weight_ranks_title_hits_first)
{
	/* "充值" is in the titles of three articles and only in the body of zh-network. */
	struct hits h;
	int network = -1;

	ck_assert(search("充值", &h));
	for (int i = 0; i < h.n; i++)
		if (h.row[i] == doc_index("zh-network"))
			network = i;
	ck_assert_int_ge(network, 3);
}
END_TEST

START_TEST(korean_exact_word_ranks_first)
{
	/* ko-password has the word 비밀번호 alone twice; ko-locked has 비밀번호를 once. */
	struct hits h;

	ck_assert(search("비밀번호", &h));
	ck_assert_int_eq(h.n, 2);
	ck_assert_int_eq(h.row[0], doc_index("ko-password"));
	ck_assert_str_eq(h.match, "(\"비밀번호\" OR \"비밀 밀번 번호 호\")");
}
END_TEST

START_TEST(title_highlight_on_cjk)
{
	char m[SEARCH_MATCH_MAX];
	struct db_stmt *st;

	ck_assert_int_eq(search_query_build("未到账", strlen("未到账"), m, sizeof m, NULL, NULL),
	                 SEARCH_OK);
	st = db_prepare(db, SQL_TITLE_HL);
	db_bind_str(st, 1, m);
	db_bind_int(st, 2, doc_index("zh-deposit-missing") + 1);
	ck_assert_int_eq(db_step(st), DB_ROW);
	ck_assert_str_eq(db_col_text(st, 0), "充值[未到账]怎么办");
	db_reset(st);
}
END_TEST

static const char SQL_HIGHLIGHT[] = "SELECT rowid, highlight(kb, 0, '[', ']'), "
                                    "highlight(kb, 1, '[', ']') FROM kb WHERE kb MATCH ?";

/* Removes the markers of a highlight: what is left must be the stored text, every marker
 * balanced. FTS5 garbles a highlight whose matched positions overlap in bytes, so this holds
 * only if no two positions of a document share bytes (search_text.h). */
static bool unmarked_equals(const char *hl, const char *orig)
{
	bool open = false;
	for (; *hl; hl++) {
		if (*hl == '[' || *hl == ']') {
			if ((*hl == '[') == open)
				return false;
			open = !open;
			continue;
		}
		if (*hl != *orig++)
			return false;
	}
	return !open && *orig == '\0';
}

/* Single characters and words that touch: matches at neighbouring positions. */
static const char *const touching[] = {"账", "充 值", "值 充值", "到账 账",     "充值 值未",
                                       "金", "출 금", "ス ワ",   "充值 未到账", "出金 金"};

START_TEST(highlights_are_exact_and_whole)
{
	char m[SEARCH_MATCH_MAX];
	struct db_stmt *st;
	int rows = 0;

	for (int q = 0; q < NCASES(touching); q++) {
		ck_assert_int_eq(
		    search_query_build(touching[q], strlen(touching[q]), m, sizeof m, NULL, NULL),
		    SEARCH_OK);
		st = db_prepare(db, SQL_HIGHLIGHT);
		db_bind_str(st, 1, m);
		while (db_step(st) == DB_ROW) {
			const struct doc *d = &corpus[db_col_int(st, 0) - 1];
			ck_assert_msg(unmarked_equals(db_col_text(st, 1), d->title), "%s: %s",
			              touching[q], db_col_text(st, 1));
			ck_assert_msg(unmarked_equals(db_col_text(st, 2), d->body), "%s: %s",
			              touching[q], db_col_text(st, 2));
			rows++;
		}
		db_reset(st);
	}
	ck_assert_int_gt(rows, 10);
	/* One character is highlighted alone, not with its neighbour. */
	st = db_prepare(db, SQL_TITLE_HL);
	ck_assert_int_eq(search_query_build("账", strlen("账"), m, sizeof m, NULL, NULL),
	                 SEARCH_OK);
	db_bind_str(st, 1, m);
	db_bind_int(st, 2, doc_index("zh-frozen") + 1);
	ck_assert_int_eq(db_step(st), DB_ROW);
	ck_assert_str_eq(db_col_text(st, 0), "[账]户被冻结");
	db_reset(st);
}
END_TEST

/* ------------------------------------------------------------------ syntax safety */

/* clang-format off */
static const char *const hostile[] = {
    "\"", "\"\"", "\"deposit", "deposit\"", "*", "deposit*", "*deposit", "title:deposit",
    "body:充值", "{title body}:deposit", "-title:deposit", "^deposit", "-deposit", "+deposit",
    "deposit + memo", "(deposit", "deposit)", "((()))", "NEAR(deposit memo)",
    "NEAR(deposit memo, 2)", "deposit NEAR memo", "AND", "OR", "NOT", "deposit AND", "OR memo",
    "NOT deposit", "deposit NOT", "a AND OR NOT b", "rowid:1", "kb:deposit", "\\", "'", "`",
    ";", "--", "/* */", "%", "_", ",", ".", "..", "0x", "充值*", "\"充值\" OR \"提现\"",
    "＂充值＂", "（充值）", "充值：提现", "^充值", "-充值", "출금*", "NEAR(출금 입금)",
    "ВЫВОД*", "rút* tiền^", "'; DROP TABLE kb; --", "deposit\tNOT\narrived",
};
/* clang-format on */

START_TEST(hostile_query_is_plain_text)
{
	struct hits h;
	const char *q = hostile[_i];
	char m[SEARCH_MATCH_MAX];
	enum search_rc rc = search_query_build(q, strlen(q), m, sizeof m, NULL, NULL);

	ck_assert_msg(rc == SEARCH_OK || rc == SEARCH_EMPTY, "%s", search_strerror(rc));
	if (rc == SEARCH_OK)
		search(q, &h); /* fails the test on any FTS5 syntax error */
}
END_TEST

START_TEST(operators_do_not_operate)
{
	struct hits h;
	char got[1024];

	/* As FTS5 syntax this would exclude en-deposit; as words it is the one article with all
	 * three. */
	ck_assert(search("deposit NOT arrived", &h));
	describe(&h, got, sizeof got);
	ck_assert_msg(h.n == 1 && h.row[0] == doc_index("en-deposit"), "%s", got);
	/* As syntax: every deposit and withdrawal article; as words: none has "or" with both. */
	ck_assert(search("充值 OR 提现", &h));
	ck_assert_int_eq(h.n, 0);
	/* As a prefix query "deposit*" would also find "Deposits"; here it is the word deposit. */
	{
		struct hits w;
		char gw[1024];
		ck_assert(search("deposit*", &h));
		ck_assert(search("deposit", &w));
		describe(&h, got, sizeof got);
		describe(&w, gw, sizeof gw);
		ck_assert_str_eq(got, gw);
	}
	/* As a column filter only titles; as words a phrase "title deposit" nowhere. */
	ck_assert(search("title:deposit", &h));
	ck_assert_int_eq(h.n, 0);
}
END_TEST

START_TEST(limits_through_fts5)
{
	char q[SEARCH_QUERY_MAX_BYTES + 8];
	struct hits h;
	size_t n = 0;

	/* 64 terms is allowed and runs; the query is long but valid. */
	for (int i = 0; i < SEARCH_QUERY_MAX_TOKENS; i++)
		n += (size_t)snprintf(q + n, sizeof q - n, "w%d ", i);
	ck_assert(search(q, &h));
	ck_assert_int_eq(h.n, 0);
	n += (size_t)snprintf(q + n, sizeof q - n, "x");
	ck_assert(!search(q, &h));
	/* Invalid UTF-8 never reaches the database. */
	ck_assert(!search("deposit \xff", &h));
}
END_TEST

/* ------------------------------------------------------------------ setup */

/* A test name is one output line: tabs and newlines shown as \t and \n. */
static const char *printable(const char *s)
{
	static char buf[NCASES(hostile)][128];
	static int next;
	char *o = buf[next++ % NCASES(hostile)];
	size_t n = 0;

	for (; *s && n + 3 < sizeof buf[0]; s++) {
		if (*s == '\t' || *s == '\n') {
			o[n++] = '\\';
			o[n++] = *s == '\t' ? 't' : 'n';
		} else {
			o[n++] = *s;
		}
	}
	o[n] = '\0';
	return o;
}

static void remove_db(void)
{
	char p[96];
	unlink(db_path);
	snprintf(p, sizeof p, "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db_path);
	unlink(p);
}

static int setup(void)
{
	struct db_stmt *st;

	snprintf(db_path, sizeof db_path, "/tmp/exdesk-search-rank-%ld.db", (long)getpid());
	remove_db();
	if (db_open(db_path, DB_READ_WRITE, &db) != DB_OK)
		return -1;
	st = db_prepare(db, SQL_CREATE);
	if (st == NULL || db_run(st) != DB_DONE)
		return -1;
	if (db_begin(db) != DB_OK)
		return -1;
	for (int i = 0; i < NCASES(corpus); i++) {
		st = db_prepare(db, SQL_INSERT);
		db_bind_int(st, 1, i + 1);
		db_bind_str(st, 2, corpus[i].title);
		db_bind_str(st, 3, corpus[i].body);
		if (db_run(st) != DB_DONE)
			return -1;
	}
	return db_commit(db) == DB_OK ? 0 : -1;
}

int main(void)
{
	Suite *s = suite_create("search_rank");
	int rc;

	if (setup() != 0) {
		printf("not ok - search_rank: setup: %s\n", db ? db_errmsg(db) : "db_open failed");
		remove_db();
		return 1;
	}
	printf("# %d documents in %s\n", NCASES(corpus), db_path);
	for (int i = 0; i < NCASES(rcases); i++)
		unit_add_case(s, unit_name("relevance: %s", rcases[i].q), relevance_case, i);
	for (int i = 0; i < NCASES(same); i++)
		unit_add_case(
		    s, unit_name("same results: %s / %s / %s", same[i][0], same[i][1], same[i][2]),
		    same_results_case, i);
	UNIT_TEST(s, every_cjk_gram_finds_exactly_its_articles);
	UNIT_TEST(s, title_weight_ranks_title_hits_first);
	UNIT_TEST(s, korean_exact_word_ranks_first);
	UNIT_TEST(s, title_highlight_on_cjk);
	UNIT_TEST(s, highlights_are_exact_and_whole);
	for (int i = 0; i < NCASES(hostile); i++)
		unit_add_case(s,
		              unit_name("hostile query is plain text: %s", printable(hostile[i])),
		              hostile_query_is_plain_text, i);
	UNIT_TEST(s, operators_do_not_operate);
	UNIT_TEST(s, limits_through_fts5);
	rc = unit_run(s, "search_rank");
	db_close(db);
	remove_db();
	return rc;
}
