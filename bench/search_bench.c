/* search_bench.c — full-text search at desk scale (issue 6): N support messages in the desk's
 * nine languages indexed by FTS5 with the exdesk tokenizer (core/search_text.c through
 * store/sqlite/fts_tokenizer.c, what tickets, messages and the KB use) and, in the same run and
 * the same file, by SQLite's built-in `trigram` tokenizer.
 *
 * Prints, each beside a baseline measured in the same run:
 *  - indexing rate (messages/s) for each tokenizer, against inserting the same rows into the
 *    plain content table (no index);
 *  - index size on disk (dbstat: the pages of each index's shadow tables), against the content;
 *  - query latency p50/p99 (top 20 by BM25, as a search page asks) for a query mix — two-character
 *    Chinese, Japanese and Korean words, longer Japanese and Korean, Cyrillic in any case, Latin
 *    with and without diacritics — against a point lookup of one message by id;
 *  - recall: for two-character CJK words, how many of the messages holding the word each index
 *    finds (the truth from scanning the text with strstr); trigram cannot match queries shorter
 *    than three characters. Also Vietnamese typed without diacritics.
 *
 * The text: real sentences from ../shared/data (banking77 and bitext customer-support English,
 * xSID's Chinese, Japanese and Turkish — assistant commands, as chit-chat around the questions)
 * mixed with exchange-support sentences written here for all nine languages (xSID has no Korean,
 * Russian, Spanish, Vietnamese or Traditional Chinese, and no dataset there talks about deposits
 * and networks), with coins, networks, amounts, hours and, in one message in six, a transaction
 * hash. Vietnamese is typed without diacritics in 40% of its messages, as customers do.
 *
 *   search_bench [--messages N] [--rounds R] [--mmap MB] [--data DIR] [--dir DIR] [--keep]
 * --mmap MB queries with PRAGMA mmap_size (the store does not set it: default off).
 * `make bench` runs 100,000 messages; `make bench-full` 1,000,000. Deterministic text (fixed
 * seed); the database lives in a temporary dir that is removed unless --keep. */
#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#include "core/search_text.h"
#include "store/store.h" /* SEARCH_RANK_WINDOW */
#include "store/sqlite/fts_tokenizer.h"

/* ---- small helpers ---- */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s);
	char *p = xmalloc(n + 1);
	memcpy(p, s, n + 1);
	return p;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}
static size_t pick(size_t n)
{
	return (size_t)(rnd() % n);
}

static void die_sql(sqlite3 *db, const char *what)
{
	fprintf(stderr, "search_bench: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

static void exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "search_bench: %s: %s\n", sql, err ? err : "?");
		exit(1);
	}
}

/* ---- sentence material ---- */

struct pool {
	char **s;
	size_t n, cap;
};

static void pool_add(struct pool *p, const char *s, size_t len)
{
	if (len < 2)
		return;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 1024;
		char **b = xmalloc(p->cap * sizeof *b);
		if (p->n)
			memcpy(b, p->s, p->n * sizeof *b);
		free(p->s);
		p->s = b;
	}
	char *c = xmalloc(len + 1);
	memcpy(c, s, len);
	c[len] = '\0';
	p->s[p->n++] = c;
}

/* Field `col` (0-based) of every row after the header of a CSV file (RFC 4180 quoting). */
static size_t csv_column(const char *path, int col, struct pool *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t before = out->n, cap = 4096, len = 0;
	char *field = xmalloc(cap);
	int c, k = 0, row = 0;
	bool quoted = false, in_quotes = false;
	/* skip a UTF-8 BOM */
	if ((c = fgetc(f)) != 0xEF)
		ungetc(c, f);
	else if (fgetc(f) != 0xBB || fgetc(f) != 0xBF)
		rewind(f);
	for (;;) {
		c = fgetc(f);
		if (in_quotes) {
			if (c == EOF)
				break;
			if (c == '"') {
				int d = fgetc(f);
				if (d == '"')
					goto add;
				in_quotes = false;
				ungetc(d, f);
				continue;
			}
			goto add;
		}
		if (c == '"' && len == 0 && !quoted) {
			in_quotes = quoted = true;
			continue;
		}
		if (c == ',' || c == '\n' || c == EOF) {
			if (k == col && row > 0)
				pool_add(out, field, len);
			len = 0;
			quoted = false;
			k++;
			if (c != ',') {
				k = 0;
				row++;
			}
			if (c == EOF)
				break;
			continue;
		}
		if (c == '\r')
			continue;
	add:
		if (len + 1 >= cap) {
			cap *= 2;
			char *b = xmalloc(cap);
			memcpy(b, field, len);
			free(field);
			field = b;
		}
		field[len++] = (char)c;
	}
	free(field);
	fclose(f);
	return out->n - before;
}

/* Exchange-support sentences for every language, with slots: {c} coin, {n} network, {a}
 * amount, {h} hours. Written for this benchmark. */
static const char *const ph_en[] = {
    "My {c} deposit has not arrived after {h} hours.",
    "My withdrawal is stuck in review, when will it be processed?",
    "I sent {a} {c} on the wrong network ({n}), can you recover it?",
    "My account is frozen and I cannot log in.",
    "What is the withdrawal fee for {c} on {n}?",
    "I lost my 2FA device and need to reset it.",
    "The deposit address changed, is that normal?",
    "My order was cancelled and the funds are still locked.",
    "I completed KYC verification but withdrawals are still disabled.",
    "Please check this transfer of {a} {c}, it shows as completed on the explorer.",
    NULL};
static const char *const ph_zh[] = {
    "我的{c}充值还没有到账，已经过去{h}小时了。", "提现一直在审核中，请问什么时候能到账？",
    "我充值的时候选错了网络（{n}），能找回吗？", "账户被冻结了，无法登录。",
    "忘记密码了，手机也换了，怎么重置？", "请问{c}提现手续费是多少？",
    "我已经完成身份认证，但是还是不能提现。", "转账显示成功，但是余额没有变化。",
    "充值地址是不是变了？", "合约爆仓了，我想知道原因。", "我要注销账户。",
    "C2C 交易对方已经付款，但是没有放币。", "为什么我的出金被退回了？",
    "到账时间一般是多久？", "我转了{a} {c}，区块浏览器显示已确认。", NULL};
static const char *const ph_tw[] = {
    "我的{c}儲值還沒有到帳，已經過了{h}小時。", "提幣一直在審核中，請問什麼時候會到帳？",
    "帳戶被凍結了，無法登入。", "忘記密碼，手機也換了，要怎麼重設？",
    "請問提現手續費是多少？", "我已經完成身分驗證，但還是不能提幣。",
    "轉帳顯示成功，但是餘額沒有變化。", "選錯網路（{n}）的入金可以找回嗎？", NULL};
static const char *const ph_ja[] = {
    "{c}を入金しましたが、まだ反映されていません。", "出金が審査中のままです。いつ完了しますか？",
    "パスワードを忘れてしまいました。", "本人確認の書類を提出しましたが、まだ承認されません。",
    "アカウントがロックされてログインできません。",
    "送金先のネットワーク（{n}）を間違えました。資産は戻りますか？", "出金手数料はいくらですか？",
    "二段階認証のスマホを紛失しました。", "入金アドレスが変わりましたか？",
    "{a} {c}を送金してから{h}時間たちました。", NULL};
static const char *const ph_ko[] = {
    "{c} 입금이 아직 반영되지 않았습니다.", "출금이 심사 중이라고 나오는데 언제 처리되나요?",
    "비밀번호를 잊어버렸어요. 어떻게 재설정하나요?", "계정이 잠겨서 로그인할 수 없습니다.",
    "본인 인증을 완료했는데 출금이 안 돼요.",
    "네트워크를 잘못 선택해서 {n}로 보냈습니다. 복구할 수 있나요?", "출금 수수료가 얼마인가요?",
    "OTP 기기를 분실했습니다.", "입금 주소가 바뀌었나요?",
    "선물 거래에서 강제 청산되었습니다. 이유를 알고 싶어요.", "{a} {c}를 보낸 지 {h}시간이 지났어요.",
    NULL};
static const char *const ph_ru[] = {
    "Мой депозит {c} до сих пор не зачислен, прошло уже {h} часов.",
    "Вывод средств висит на проверке. Когда он будет обработан?",
    "Я забыл пароль и не могу войти в аккаунт.",
    "Аккаунт заблокирован после входа с нового устройства.",
    "Я прошёл верификацию, но вывод всё ещё недоступен.",
    "Отправил {a} {c} не в той сети ({n}). Можно ли их вернуть?", "Какая комиссия за вывод {c}?",
    "ПОПОЛНЕНИЕ СЧЁТА НЕ ПРИШЛО, ПОМОГИТЕ СРОЧНО.",
    "Потерял телефон с двухфакторной аутентификацией.", "Почему отменили мой ордер?", NULL};
static const char *const ph_es[] = {
    "Mi depósito de {c} todavía no aparece en mi cuenta.",
    "El retiro lleva {h} horas en revisión, ¿cuándo se completa?",
    "Olvidé mi contraseña y no puedo iniciar sesión.", "Mi cuenta está bloqueada.",
    "Ya completé la verificación de identidad pero no puedo retirar.",
    "Envié {a} {c} por la red equivocada ({n}). ¿Se pueden recuperar?",
    "¿Cuál es la comisión de retiro?", "Perdí el teléfono con la autenticación de dos factores.",
    "¿Cambió la dirección de depósito?", "La orden se canceló sin motivo.", NULL};
static const char *const ph_vi[] = {
    "Tôi đã nạp {c} nhưng tiền chưa về tài khoản.",
    "Lệnh rút tiền của tôi đang chờ duyệt {h} giờ rồi.",
    "Tôi quên mật khẩu và không đăng nhập được.", "Tài khoản của tôi bị khóa.",
    "Tôi đã xác minh danh tính nhưng vẫn không rút tiền được.",
    "Tôi chuyển nhầm mạng ({n}), có lấy lại được không?", "Phí rút tiền {c} là bao nhiêu?",
    "Tôi bị mất điện thoại có xác thực hai lớp.", "Địa chỉ nạp tiền có thay đổi không?",
    "Lệnh giao dịch của tôi bị hủy.", "Tôi đã chuyển {a} {c} từ ví khác.", NULL};
static const char *const ph_tr[] = {
    "{c} yatırdım ama hesabıma hâlâ yansımadı.",
    "Para çekme işlemim {h} saattir incelemede bekliyor.", "Şifremi unuttum, giriş yapamıyorum.",
    "Hesabım donduruldu.", "Kimlik doğrulamayı tamamladım ama para çekemiyorum.",
    "Yanlış ağ ({n}) üzerinden {a} {c} gönderdim, geri alabilir miyim?",
    "Para çekme ücreti ne kadar?", "İki adımlı doğrulama telefonumu kaybettim.",
    "Yatırma adresi değişti mi?", "Emrim sebepsiz yere iptal edildi.", NULL};

static const char *const coins[] = {"USDT", "BTC", "ETH", "TRX", "SOL", "XRP", "BNB", "TON",
				    "USDC", "DOGE"};
static const char *const nets[] = {"TRC20", "ERC20", "BEP20", "Solana", "TON", "Arbitrum",
				   "Polygon"};

enum lang { EN, ZH, TW, JA, KO, RU, ES, VI, TR, NLANG };
static const char *const lang_names[NLANG] = {"en", "zh-CN", "zh-TW", "ja", "ko",
					      "ru", "es",    "vi",    "tr"};
/* Share of messages per language, in percent: an international exchange's inbox. */
static const int lang_share[NLANG] = {30, 18, 5, 8, 8, 10, 8, 8, 5};
static const char *const *const phrases[NLANG] = {ph_en, ph_zh, ph_tw, ph_ja, ph_ko,
						   ph_ru, ph_es, ph_vi, ph_tr};
static struct pool real[NLANG]; /* dataset sentences per language (en, zh, ja, tr) */

struct buf {
	char *p;
	size_t n, cap;
};
static void put(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = (b->n + n + 1) * 2;
		char *q = xmalloc(cap);
		memcpy(q, b->p, b->n);
		free(b->p);
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}
static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void fill(struct buf *b, const char *tmpl)
{
	char tmp[64];
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '{' && p[1] && p[2] == '}') {
			switch (p[1]) {
			case 'c':
				puts_(b, coins[pick(10)]);
				break;
			case 'n':
				puts_(b, nets[pick(7)]);
				break;
			case 'a':
				snprintf(tmp, sizeof tmp, "%u.%02u", (unsigned)(1 + pick(20000)),
					 (unsigned)pick(100));
				puts_(b, tmp);
				break;
			case 'h':
				snprintf(tmp, sizeof tmp, "%u", (unsigned)(1 + pick(72)));
				puts_(b, tmp);
				break;
			}
			p += 2;
			continue;
		}
		put(b, p, 1);
	}
}

/* Vietnamese as typed without diacritics: marks stripped (utf8proc), đ -> d. */
static void strip_vi(struct buf *b, size_t from)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)b->p + from,
					  (utf8proc_ssize_t)(b->n - from), &out,
					  UTF8PROC_STRIPMARK | UTF8PROC_COMPOSE);
	if (n < 0)
		return;
	b->n = from;
	for (utf8proc_ssize_t i = 0; i < n; i++) {
		if (out[i] == 0xC4 && i + 1 < n && (out[i + 1] == 0x91 || out[i + 1] == 0x90)) {
			put(b, out[i + 1] == 0x91 ? "d" : "D", 1);
			i++;
		} else {
			put(b, (const char *)&out[i], 1);
		}
	}
	free(out);
}

static const char *hexdig = "0123456789abcdef";

/* One message: 1-3 sentences of its language, a dataset sentence now and then. */
static void message(struct buf *b, enum lang *lang_out)
{
	int r = (int)pick(100), acc = 0;
	enum lang l = EN;
	for (int i = 0; i < NLANG; i++)
		if (r < (acc += lang_share[i])) {
			l = (enum lang)i;
			break;
		}
	*lang_out = l;
	b->n = 0;
	put(b, "", 0);
	size_t ns = 1 + pick(3);
	size_t nph = 0;
	while (phrases[l][nph])
		nph++;
	for (size_t i = 0; i < ns; i++) {
		if (i)
			puts_(b, l == ZH || l == TW || l == JA ? "" : " ");
		if (real[l].n && pick(100) < (l == EN ? 60 : 35))
			puts_(b, real[l].s[pick(real[l].n)]);
		else
			fill(b, phrases[l][pick(nph)]);
	}
	if (pick(6) == 0) { /* a transaction hash pasted */
		char h[70];
		h[0] = ' ';
		h[1] = '0';
		h[2] = 'x';
		for (int k = 0; k < 64; k++)
			h[3 + k] = hexdig[pick(16)];
		h[67] = '\0';
		puts_(b, h);
	}
	if (l == VI && pick(100) < 40)
		strip_vi(b, 0);
}

/* ---- the run ---- */

struct query {
	const char *cls; /* class in the report */
	const char *text;
};

static const struct query mix[] = {
    {"cjk2", "充值"},       {"cjk2", "提现"},         {"cjk2", "到账"},       {"cjk2", "账户"},
    {"cjk2", "帳戶"},       {"cjk2", "提幣"},         {"cjk2", "入金"},       {"cjk2", "出金"},
    {"cjk2", "출금"},       {"cjk2", "입금"},         {"ja", "パスワード"},   {"ja", "本人確認"},
    {"ja", "反映されていません"}, {"ko", "비밀번호"}, {"ko", "수수료"},       {"cyr", "вывод"},
    {"cyr", "ПОПОЛНЕНИЕ"},  {"cyr", "верификацию"},   {"cyr", "средств"},     {"lat", "withdrawal"},
    {"lat", "deposit"},     {"lat", "card"},          {"lat", "depósito"},    {"lat", "retiro"},
    {"lat", "rút tiền"},    {"lat-bare", "rut tien"}, {"lat-bare", "tai khoan"},
    {"lat-bare", "deposito"}, {"lat", "çekme"},       {"lat-bare", "cekme"},
};
#define NQ (sizeof mix / sizeof mix[0])

/* The orders measured: every match scored by BM25; BM25 over the newest SEARCH_RANK_WINDOW
 * matches (what the API's best-first searches do, store/tickets.c); newest first. */
enum { SH_ALL, SH_WINDOW, SH_NEWEST, NSHAPE };
#define STR2(x) #x
#define STR(x) STR2(x)
#define WINDOW_TEXT STR(SEARCH_RANK_WINDOW)

/* The two-character words recall is measured on, and Vietnamese without its marks. */
static const char *const recall_words[] = {"充值", "提现", "到账", "账户", "帳戶",
					   "提幣", "入金", "出金", "출금", "입금"};
#define NRW (sizeof recall_words / sizeof recall_words[0])

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}
static double pct(double *v, size_t n, double p)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof *v, cmp_d);
	size_t i = (size_t)ceil(p * (double)n) - 1;
	return v[i < n ? i : n - 1];
}

static int64_t index_bytes(sqlite3 *db, const char *prefix)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db,
			       "SELECT coalesce(sum(pgsize), 0) FROM dbstat "
			       "WHERE name = ?1 OR name LIKE ?1 || '\\_%' ESCAPE '\\'",
			       -1, &st, NULL) != SQLITE_OK)
		die_sql(db, "dbstat");
	sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

/* The trigram table's MATCH text for what a user typed: one quoted substring. */
static void trigram_query(const char *q, char *out, size_t cap)
{
	size_t o = 0;
	out[o++] = '"';
	for (const char *p = q; *p && o + 3 < cap; p++) {
		if (*p == '"')
			out[o++] = '"';
		out[o++] = *p;
	}
	out[o++] = '"';
	out[o] = '\0';
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die_sql(db, sql);
	return st;
}

/* Run one MATCH; returns the rows it gave. */
static int run_match(sqlite3_stmt *st, const char *match)
{
	int n = 0;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		n++;
	return n;
}

static int64_t file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (int64_t)sb.st_size : 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: search_bench [--messages N] [--rounds R] [--mmap MB] [--data DIR] "
			"[--dir DIR] [--keep]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	long n_msgs = 100000, rounds = 0, mmap_mb = 0;
	const char *data = getenv("EXDESK_DATA") ? getenv("EXDESK_DATA") : "../shared/data";
	const char *dir_arg = NULL;
	bool keep = false;
	for (int i = 1; i < argc; i++) {
		char *end;
		if (!strcmp(argv[i], "--messages") && i + 1 < argc) {
			n_msgs = strtol(argv[++i], &end, 10);
			if (*end || n_msgs < 1000 || n_msgs > 20000000)
				usage();
		} else if (!strcmp(argv[i], "--rounds") && i + 1 < argc) {
			rounds = strtol(argv[++i], &end, 10);
			if (*end || rounds < 1 || rounds > 10000)
				usage();
		} else if (!strcmp(argv[i], "--mmap") && i + 1 < argc) {
			mmap_mb = strtol(argv[++i], &end, 10);
			if (*end || mmap_mb < 1 || mmap_mb > 65536)
				usage();
		} else if (!strcmp(argv[i], "--data") && i + 1 < argc) {
			data = argv[++i];
		} else if (!strcmp(argv[i], "--dir") && i + 1 < argc) {
			dir_arg = argv[++i];
		} else if (!strcmp(argv[i], "--keep")) {
			keep = true;
		} else {
			usage();
		}
	}
	if (!rounds)
		rounds = 40;

	/* material */
	char path[1024];
	size_t got = 0;
	snprintf(path, sizeof path, "%s/banking77/train.csv", data);
	got += csv_column(path, 0, &real[EN]);
	snprintf(path, sizeof path, "%s/bitext_customer_support/"
				    "bitext_customer_support_20k_utterances.csv", data);
	got += csv_column(path, 1, &real[EN]);
	snprintf(path, sizeof path, "%s/xsid/zh.valid.csv", data);
	got += csv_column(path, 1, &real[ZH]);
	snprintf(path, sizeof path, "%s/xsid/ja.valid.csv", data);
	got += csv_column(path, 2, &real[JA]); /* text_detok: without the tokeniser's spaces */
	snprintf(path, sizeof path, "%s/xsid/tr.valid.csv", data);
	got += csv_column(path, 1, &real[TR]);
	if (!real[EN].n || !real[ZH].n || !real[JA].n || !real[TR].n) {
		fprintf(stderr, "search_bench: sentence material not found under %s (--data DIR)\n",
			data);
		return 1;
	}

	char dir[512];
	if (dir_arg) {
		snprintf(dir, sizeof dir, "%s", dir_arg);
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			perror(dir);
			return 1;
		}
	} else {
		snprintf(dir, sizeof dir, "/tmp/search_bench.XXXXXX");
		if (!mkdtemp(dir)) {
			perror("mkdtemp");
			return 1;
		}
	}
	char dbpath[600];
	snprintf(dbpath, sizeof dbpath, "%s/search.db", dir);
	unlink(dbpath);

	sqlite3 *db;
	if (sqlite3_open(dbpath, &db) != SQLITE_OK)
		die_sql(db, "open");
	if (fts_tokenizer_register(db) != SQLITE_OK)
		die_sql(db, "exdesk tokenizer");
	/* The store's settings (db_sqlite.c): WAL, a commit survives power loss. */
	exec(db, "PRAGMA journal_mode=WAL");
	exec(db, "PRAGMA synchronous=FULL");
	exec(db, "CREATE TABLE messages (id INTEGER PRIMARY KEY, lang TEXT NOT NULL, "
		 "body TEXT NOT NULL)");
	/* As 010_search.sql declares messages_fts: external content, the text kept once. */
	exec(db, "CREATE VIRTUAL TABLE ex USING fts5(body, content='messages', "
		 "content_rowid='id', tokenize='exdesk')");
	exec(db, "CREATE VIRTUAL TABLE tri USING fts5(body, content='messages', "
		 "content_rowid='id', tokenize='trigram')");

	printf("# search_bench: %ld messages, %ld query rounds, SQLite %s, sentence pool %zu "
	       "(en %zu, zh %zu, ja %zu, tr %zu) from %s\n",
	       n_msgs, rounds, sqlite3_libversion(), got, real[EN].n, real[ZH].n, real[JA].n,
	       real[TR].n, data);

	/* 1. the text, and the baseline: the same rows into the plain table */
	const int batch = 1000;
	char **bodies = xmalloc((size_t)n_msgs * sizeof *bodies);
	int lang_count[NLANG] = {0};
	size_t text_bytes = 0;
	struct buf b = {0};
	for (long i = 0; i < n_msgs; i++) {
		enum lang l;
		message(&b, &l);
		bodies[i] = xstrdup(b.p);
		lang_count[l]++;
		text_bytes += b.n;
	}
	printf("# text: %.1f MB, %.0f bytes per message; mix", (double)text_bytes / 1e6,
	       (double)text_bytes / (double)n_msgs);
	for (int l = 0; l < NLANG; l++)
		printf(" %s %.0f%%", lang_names[l], 100.0 * lang_count[l] / (double)n_msgs);
	printf("\n");
	printf("# e.g. \"%s\"\n#      \"%s\"\n", bodies[0], bodies[1]);

	sqlite3_stmt *ins = prep(db, "INSERT INTO messages (id, lang, body) VALUES (?, ?, ?)");
	double t0 = now_s();
	for (long i = 0; i < n_msgs; i++) {
		if (i % batch == 0)
			exec(db, "BEGIN");
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, i + 1);
		sqlite3_bind_text(ins, 2, "und", -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, bodies[i], -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die_sql(db, "insert");
		if (i % batch == batch - 1 || i == n_msgs - 1)
			exec(db, "COMMIT");
	}
	double t_base = now_s() - t0;
	sqlite3_finalize(ins);

	/* 2. each index, fed the way the triggers feed it, 1,000 messages per transaction */
	const char *ixsql[2] = {"INSERT INTO ex (rowid, body) SELECT id, body FROM messages "
				"WHERE id BETWEEN ? AND ?",
				"INSERT INTO tri (rowid, body) SELECT id, body FROM messages "
				"WHERE id BETWEEN ? AND ?"};
	double t_ix[2];
	for (int k = 0; k < 2; k++) {
		sqlite3_stmt *st = prep(db, ixsql[k]);
		t0 = now_s();
		for (long i = 0; i < n_msgs; i += batch) {
			exec(db, "BEGIN");
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, i + 1);
			sqlite3_bind_int64(st, 2, i + batch);
			if (sqlite3_step(st) != SQLITE_DONE)
				die_sql(db, "index");
			exec(db, "COMMIT");
		}
		t_ix[k] = now_s() - t0;
		sqlite3_finalize(st);
	}
	exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	int64_t sz_content = index_bytes(db, "messages");
	int64_t sz_ex = index_bytes(db, "ex"), sz_tri = index_bytes(db, "tri");
	int64_t sz_file = file_size(dbpath);

	printf("\n## indexing (%ld messages, 1,000 per transaction, WAL, synchronous=FULL)\n",
	       n_msgs);
	printf("%-34s %12s %10s %10s\n", "", "messages/s", "seconds", "vs base");
	printf("%-34s %12.0f %10.2f %10s\n", "base: plain table insert", n_msgs / t_base, t_base,
	       "1");
	printf("%-34s %12.0f %10.2f %9.2fx\n", "exdesk (bigrams + words)", n_msgs / t_ix[0],
	       t_ix[0], t_ix[0] / t_base);
	printf("%-34s %12.0f %10.2f %9.2fx\n", "trigram", n_msgs / t_ix[1], t_ix[1],
	       t_ix[1] / t_base);
	printf("ratio exdesk/trigram: indexing time %.2f (rate %.2f)\n", t_ix[0] / t_ix[1],
	       t_ix[1] / t_ix[0]);

	printf("\n## size on disk (dbstat pages; the file is %.1f MB)\n", (double)sz_file / 1e6);
	printf("%-34s %12s %14s %12s\n", "", "MB", "bytes/message", "vs content");
	printf("%-34s %12.1f %14.0f %12s\n", "content: messages table", (double)sz_content / 1e6,
	       (double)sz_content / (double)n_msgs, "1");
	printf("%-34s %12.1f %14.0f %11.2fx\n", "exdesk index", (double)sz_ex / 1e6,
	       (double)sz_ex / (double)n_msgs, (double)sz_ex / (double)sz_content);
	printf("%-34s %12.1f %14.0f %11.2fx\n", "trigram index", (double)sz_tri / 1e6,
	       (double)sz_tri / (double)n_msgs, (double)sz_tri / (double)sz_content);
	printf("ratio exdesk/trigram: index size %.2f\n", (double)sz_ex / (double)sz_tri);

	/* 3. queries: a page of 20, best first (BM25: every match is scored, then sorted) and
	 * newest first (FTS5 walks the matches from the highest rowid and stops at 20). Each query
	 * of the mix `rounds` times, interleaved with the other index and the baseline. */
	static const char *const shape_sql[2][NSHAPE] = {
	    {"SELECT rowid FROM ex WHERE ex MATCH ? ORDER BY rank LIMIT 20",
	     "SELECT id FROM (SELECT rowid AS id, bm25(ex) AS r FROM ex WHERE ex MATCH ? "
	     "ORDER BY rowid DESC LIMIT " WINDOW_TEXT ") ORDER BY r LIMIT 20",
	     "SELECT rowid FROM ex WHERE ex MATCH ? ORDER BY rowid DESC LIMIT 20"},
	    {"SELECT rowid FROM tri WHERE tri MATCH ? ORDER BY rank LIMIT 20",
	     "SELECT id FROM (SELECT rowid AS id, bm25(tri) AS r FROM tri WHERE tri MATCH ? "
	     "ORDER BY rowid DESC LIMIT " WINDOW_TEXT ") ORDER BY r LIMIT 20",
	     "SELECT rowid FROM tri WHERE tri MATCH ? ORDER BY rowid DESC LIMIT 20"}};
	static const char *const shape_name[NSHAPE] = {"BM25, all", "BM25, window", "newest"};
	static const char *const ix_name[2] = {"exdesk", "trigram"};
	sqlite3_stmt *qs[2][NSHAPE];
	for (int x = 0; x < 2; x++)
		for (int h = 0; h < NSHAPE; h++)
			qs[x][h] = prep(db, shape_sql[x][h]);
	sqlite3_stmt *q_pt = prep(db, "SELECT body FROM messages WHERE id = ?");
	static char ex_match[NQ][SEARCH_MATCH_MAX], tri_match[NQ][512];
	for (size_t i = 0; i < NQ; i++) {
		if (search_query_build(mix[i].text, strlen(mix[i].text), ex_match[i],
				       sizeof ex_match[i], NULL, NULL) != SEARCH_OK) {
			fprintf(stderr, "search_bench: query %s not buildable\n", mix[i].text);
			return 1;
		}
		trigram_query(mix[i].text, tri_match[i], sizeof tri_match[i]);
	}
	if (mmap_mb) {
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA mmap_size=%ld", mmap_mb * 1024 * 1024);
		exec(db, pragma);
	}
	static const char *const classes[] = {"cjk2", "ja", "ko", "cyr", "lat", "lat-bare"};
	enum { NC = 6 };
	size_t ns = NQ * (size_t)rounds;
	/* samples[index][shape][class]; class NC = the whole mix, NC + 1 = the mix without cjk2 */
	struct lat {
		double *v;
		size_t n;
	} lat[2][NSHAPE][NC + 2];
	for (int x = 0; x < 2; x++)
		for (int h = 0; h < NSHAPE; h++)
			for (int c = 0; c < NC + 2; c++)
				lat[x][h][c] = (struct lat){xmalloc(ns * sizeof(double)), 0};
	double *lat_pt = xmalloc(ns * sizeof(double));
	size_t k_pt = 0;
	int rows[2][NQ] = {{0}};
	/* one warm-up pass: the first touch of each term's pages is a cold-cache cost */
	for (size_t i = 0; i < NQ; i++)
		for (int x = 0; x < 2; x++)
			for (int h = 0; h < NSHAPE; h++)
				run_match(qs[x][h], x ? tri_match[i] : ex_match[i]);
	for (long r = 0; r < rounds; r++) {
		for (size_t i = 0; i < NQ; i++) {
			int c = 0;
			while (c < NC && strcmp(classes[c], mix[i].cls))
				c++;
			for (int x = 0; x < 2; x++) {
				for (int h = 0; h < NSHAPE; h++) {
					double a = now_s();
					int got_rows = run_match(qs[x][h], x ? tri_match[i] : ex_match[i]);
					double d = now_s() - a;
					if (h == 0)
						rows[x][i] = got_rows;
					if (x == 1 && c == 0)
						continue; /* trigram cannot look up two characters */
					struct lat *l = lat[x][h];
					l[c].v[l[c].n++] = d;
					l[NC].v[l[NC].n++] = d;
					if (c != 0)
						l[NC + 1].v[l[NC + 1].n++] = d;
				}
			}
			sqlite3_reset(q_pt);
			sqlite3_bind_int64(q_pt, 1, 1 + (int64_t)pick((size_t)n_msgs));
			double a = now_s();
			if (sqlite3_step(q_pt) != SQLITE_ROW)
				die_sql(db, "point lookup");
			(void)sqlite3_column_text(q_pt, 0);
			lat_pt[k_pt++] = now_s() - a;
		}
	}
#define P50(l) pct((l).v, (l).n, 0.50)
#define P99(l) pct((l).v, (l).n, 0.99)
	double pt50 = pct(lat_pt, k_pt, 0.50), pt99 = pct(lat_pt, k_pt, 0.99);
	printf("\n## query latency: a page of 20, %zu queries x %ld rounds (ms; mmap_size %ld MB)\n",
	       NQ, rounds, mmap_mb);
	printf("%-44s %9s %9s %18s\n", "", "p50", "p99", "vs base p50 / p99");
	printf("%-44s %9.3f %9.3f %18s\n", "base: point lookup of a message by id", pt50 * 1e3,
	       pt99 * 1e3, "1");
	for (int h = 0; h < NSHAPE; h++)
		for (int x = 0; x < 2; x++) {
			struct lat *l = &lat[x][h][x ? NC + 1 : NC];
			char label[80];
			snprintf(label, sizeof label, "%s, %s%s", ix_name[x], shape_name[h],
				 x ? " (mix without 2-char CJK)" : " (whole mix)");
			printf("%-44s %9.3f %9.3f %8.0fx / %5.0fx\n", label, P50(*l) * 1e3,
			       P99(*l) * 1e3, P50(*l) / pt50, P99(*l) / pt99);
		}
	printf("(BM25, window: the newest %d matches scored, as the API's best-first searches)\n",
	       SEARCH_RANK_WINDOW);
	printf("%-10s %-13s %19s %19s %23s\n", "class", "order", "exdesk p50/p99",
	       "trigram p50/p99", "exdesk/trigram p50/p99");
	for (int c = 0; c < NC; c++)
		for (int h = 0; h < NSHAPE; h++) {
			struct lat *e = &lat[0][h][c], *t = &lat[1][h][c];
			printf("%-10s %-13s %9.3f %9.3f", classes[c], shape_name[h], P50(*e) * 1e3,
			       P99(*e) * 1e3);
			if (t->n)
				printf(" %9.3f %9.3f %11.2f %11.2f\n", P50(*t) * 1e3, P99(*t) * 1e3,
				       P50(*e) / P50(*t), P99(*e) / P99(*t));
			else
				printf("   (trigram: no query under 3 characters)\n");
		}
	for (int h = 0; h < NSHAPE; h++)
		printf("ratio exdesk/trigram, %s, the same queries (>= 3 characters): p50 %.2f, "
		       "p99 %.2f\n",
		       shape_name[h], P50(lat[0][h][NC + 1]) / P50(lat[1][h][NC + 1]),
		       P99(lat[0][h][NC + 1]) / P99(lat[1][h][NC + 1]));
	for (int h = 0; h < NSHAPE; h++)
		printf("target p99 < 50 ms, exdesk %s: %s (%.1f ms)\n", shape_name[h],
		       P99(lat[0][h][NC]) < 0.050 ? "met" : "MISSED", P99(lat[0][h][NC]) * 1e3);
	printf("# rows per query (exdesk / trigram, a page of at most 20):");
	for (size_t i = 0; i < NQ; i++)
		printf(" %s %d/%d", mix[i].text, rows[0][i], rows[1][i]);
	printf("\n");

	/* 4. recall: every message holding the word, by scanning; what each index finds */
	sqlite3_stmt *all_ex = prep(db, "SELECT rowid FROM ex WHERE ex MATCH ?");
	sqlite3_stmt *all_tri = prep(db, "SELECT rowid FROM tri WHERE tri MATCH ?");
	sqlite3_stmt *like_tri = prep(db, "SELECT rowid FROM tri WHERE body LIKE ?");
	unsigned char *truth = xmalloc((size_t)n_msgs + 1), *seen = xmalloc((size_t)n_msgs + 1);
	printf("\n## recall: messages holding the word (truth: strstr over all the text)\n");
	printf("%-12s %9s %9s %8s %9s %8s %11s %9s %11s\n", "word", "truth", "exdesk", "recall",
	       "trigram", "recall", "tri LIKE", "scan ms", "exdesk ms");
	long sum_truth = 0, sum_ex = 0, sum_tri = 0, sum_like = 0;
	for (size_t w = 0; w < NRW + 1; w++) {
		bool vi = w == NRW;
		const char *word = vi ? "rut tien" : recall_words[w];
		double a = now_s();
		long nt = 0;
		for (long i = 0; i < n_msgs; i++) {
			bool hit = vi ? strstr(bodies[i], "rút tiền") || strstr(bodies[i], "rut tien")
				      : strstr(bodies[i], word) != NULL;
			truth[i + 1] = hit;
			nt += hit;
		}
		double scan = now_s() - a;
		char m[SEARCH_MATCH_MAX], tm[256];
		search_query_build(word, strlen(word), m, sizeof m, NULL, NULL);
		trigram_query(word, tm, sizeof tm);
		long counts[3] = {0, 0, 0};
		double ex_t = 0;
		for (int k = 0; k < 3; k++) {
			sqlite3_stmt *st = k == 0 ? all_ex : k == 1 ? all_tri : like_tri;
			char pat[64];
			snprintf(pat, sizeof pat, "%%%s%%", word);
			memset(seen, 0, (size_t)n_msgs + 1);
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, k == 0 ? m : k == 1 ? tm : pat, -1, SQLITE_TRANSIENT);
			a = now_s();
			while (sqlite3_step(st) == SQLITE_ROW) {
				int64_t id = sqlite3_column_int64(st, 0);
				if (id >= 1 && id <= n_msgs && truth[id])
					counts[k]++;
			}
			if (k == 0)
				ex_t = now_s() - a;
		}
		sum_truth += nt;
		sum_ex += counts[0];
		sum_tri += counts[1];
		sum_like += counts[2];
		printf("%-12s %9ld %9ld %7.1f%% %9ld %7.1f%% %11ld %9.1f %11.1f\n", word, nt,
		       counts[0], nt ? 100.0 * counts[0] / nt : 0, counts[1],
		       nt ? 100.0 * counts[1] / nt : 0, counts[2], scan * 1e3, ex_t * 1e3);
		if (w == NRW - 1) {
			printf("%-12s %9ld %9ld %7.1f%% %9ld %7.1f%% %11ld\n", "2-char all", sum_truth,
			       sum_ex, 100.0 * sum_ex / (double)sum_truth, sum_tri,
			       100.0 * sum_tri / (double)sum_truth, sum_like);
			printf("ratio exdesk/trigram recall on two-character CJK words: %.3f / %.3f\n",
			       (double)sum_ex / (double)sum_truth, (double)sum_tri / (double)sum_truth);
		}
	}
	printf("# 'tri LIKE' is body LIKE '%%word%%' through the trigram table (SQLite %s); "
	       "'scan ms' the strstr truth scan in memory.\n",
	       sqlite3_libversion());

	for (int x = 0; x < 2; x++)
		for (int h = 0; h < NSHAPE; h++)
			sqlite3_finalize(qs[x][h]);
	sqlite3_finalize(q_pt);
	sqlite3_finalize(all_ex);
	sqlite3_finalize(all_tri);
	sqlite3_finalize(like_tri);
	sqlite3_close(db);
	if (!keep) {
		char p2[700];
		unlink(dbpath);
		snprintf(p2, sizeof p2, "%s-wal", dbpath);
		unlink(p2);
		snprintf(p2, sizeof p2, "%s-shm", dbpath);
		unlink(p2);
		if (!dir_arg)
			rmdir(dir);
	} else {
		printf("# kept %s\n", dbpath);
	}
	return 0;
}
