/* routing_bench.c — what a routing decision costs (issue 5, "Performance": group and agent for a
 * new ticket, p99 under 50 µs with 1,000 agents and 10,000 queued tickets).
 *
 * Builds, in memory and from a fixed seed: 100 routing rules as a desk would write them
 * (escalation and category keywords in 15 languages first, then VIP, partner domains, language
 * and channel rules), 1,000 agents (1-3 languages each, skills, per-channel capacity and load,
 * ~70% online, ~85% on shift) all in the one group the decision picks from (the worst case: no
 * group narrows the candidates), and a queue of 10,000 waiting tickets in queue order. Ticket
 * texts are subject + 2-8 sentences of customer writing in the ticket's language, with an
 * English line or a transaction hash now and then.
 *
 * Two phases, each with its baseline interleaved in the same loop so both see the same machine
 * noise (this machine is shared: compare ratios, quote medians):
 *   1. what happens per new ticket and per freed slot:
 *      route     routing_match (conditions, text fold and keyword scan when a rule needs it)
 *      pick      assign_pick over the 1,000 agents
 *      decision  route + pick: the figure the target is about
 *      queue     assign_next_for_agent: an agent frees a slot and takes the first ticket it can
 *      baseline  memcpy of what a decision reads: the agent array and the ticket's text
 *   2. the worst case of the queue pick, an agent who fits no waiting ticket, so all 10,000 are
 *      read (scan), against a memcpy of the queue (qbase). Kept apart because it evicts the
 *      caches phase 1 would otherwise be measured with.
 * Three rounds; each prints p50/p99 in µs, then the medians of the rounds and their ratios.
 *
 * Usage: routing_bench [--iterations N]   (default 20,000 per round). Figures, not a test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/assign.h"
#include "core/routing.h"
#include "util/arena.h"

#define N_AGENTS 1000
#define N_QUEUE  10000
#define N_INPUTS 512
#define ROUNDS   3

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t rnd(uint32_t n)
{
	/* xorshift64*: fixed seed, the same desk every run */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717u) >> 32) % n;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* ---- what customers write ---- */

struct lang {
	const char *tag;
	const char *const *lines;
	size_t n;
	unsigned weight; /* share of tickets */
};

#define LINES(...)                                                                                 \
	(const char *const[]){__VA_ARGS__},                                                        \
	    sizeof((const char *const[]){__VA_ARGS__}) / sizeof(char *)

static const struct lang langs[] = {
    {"en",
     LINES("Hello, my withdrawal of 500 USDT has been pending for three hours.",
           "I sent BTC to my deposit address but it has not been credited yet.",
           "My account is frozen after I changed my 2FA device, please help.",
           "Why was my P2P order cancelled? The seller says he never received the payment.",
           "My futures position was liquidated although the mark price never reached it.",
           "Please recover a deposit I sent on the wrong network, BEP20 instead of ERC20.",
           "I forgot to add the memo when depositing XRP to my account.",
           "The verification of my identity documents has been stuck for two days.",
           "Thank you for your help, I am waiting for your answer.",
           "I have attached the screenshot of the transaction from the other exchange."),
     28},
    {"zh-CN",
     LINES("您好，我的账户被冻结了，无法提现。", "我昨天充值的USDT还没有到账，请帮忙查一下。",
           "合约仓位被强平了，但是标记价格并没有到达强平价格。",
           "P2P订单被取消了，卖家说没有收到付款。", "请帮我找回转错网络的充值，我用了BEP20。",
           "充值XRP的时候忘记填写标签了。", "身份认证已经审核两天了还没有结果。",
           "谢谢，等待您的回复。", "截图已经上传，请查看。"),
     20},
    {"zh-TW",
     LINES("您好，我的帳戶被凍結了，無法提領。", "充值一直沒有到帳，已經三個小時了。",
           "合約倉位被強制平倉了。", "P2P訂單被取消了，請協助處理。", "謝謝您的協助。"),
     5},
    {"ja",
     LINES("出金ができません。昨日から保留中です。", "入金が反映されていません。",
           "アカウントがロックされました。二段階認証を変更しました。",
           "P2P取引の注文がキャンセルされました。", "よろしくお願いいたします。"),
     6},
    {"ko",
     LINES("입금이 안 됐어요. 어제 USDT를 보냈습니다.", "출금이 계속 대기 중입니다.",
           "계정이 동결되었습니다. 도와주세요.", "선물 포지션이 청산되었습니다.", "감사합니다."),
     6},
    {"ru",
     LINES("Здравствуйте, мой аккаунт заблокирован, не могу вывести средства.",
           "Депозит не зачислен уже пять часов.", "Ордер P2P отменён, продавец не получил оплату.",
           "Позицию по фьючерсам ликвидировали без причины.", "Спасибо за помощь."),
     8},
    {"vi",
     LINES("Tôi không thể rút tiền, tài khoản bị khóa.", "Nạp tiền USDT chưa về tài khoản.",
           "Lệnh P2P bị hủy nhưng tôi đã chuyển khoản.", "Cảm ơn bạn đã hỗ trợ."),
     6},
    {"es",
     LINES("Hola, mi retiro está pendiente desde hace horas.", "Mi cuenta está bloqueada.",
           "El depósito no aparece en mi cuenta.", "Gracias por su ayuda."),
     5},
    {"tr",
     LINES("Hesabım donduruldu, para çekemiyorum.", "Yatırdığım USDT hesabıma geçmedi.",
           "Teşekkürler."),
     4},
    {"th", LINES("ฉันถอนเงินไม่ได้ บัญชีถูกระงับ", "ฝากเงินแล้วยังไม่เข้า", "ขอบคุณค่ะ"), 2},
    {"id", LINES("Penarikan saya tertunda.", "Deposit belum masuk ke akun saya."), 2},
    {"pt", LINES("Meu saque está pendente.", "Minha conta foi bloqueada."), 2},
    {"de", LINES("Meine Auszahlung hängt seit Stunden.", "Mein Konto wurde gesperrt."), 2},
    {"fr", LINES("Mon retrait est en attente.", "Mon compte est bloqué."), 2},
    {"uk", LINES("Мій акаунт заблоковано.", "Депозит не зараховано."), 2},
};
#define N_LANGS (sizeof langs / sizeof langs[0])

static const char *const categories[] = {"deposit", "withdrawal", "account", "kyc",      "security",
                                         "futures", "p2p",        "trading", "recovery", "other"};
static const char *const products[] = {"spot", "futures", "p2p", "earn", "wallet"};

static const struct lang *pick_lang(void)
{
	unsigned total = 0, r;

	for (size_t i = 0; i < N_LANGS; i++)
		total += langs[i].weight;
	r = rnd(total);
	for (size_t i = 0; i < N_LANGS; i++) {
		if (r < langs[i].weight)
			return &langs[i];
		r -= langs[i].weight;
	}
	return &langs[0];
}

struct input {
	struct routing_input in;
	char subject[256], body[4096], email[64];
};

static void make_input(struct input *x)
{
	const struct lang *l = pick_lang();
	size_t n = 0, sentences = 2 + rnd(7);
	static const char *const channels_by_share[] = {
	    "chat", "chat", "chat", "chat", "chat", "email", "email", "email", "web", "telegram"};
	enum ticket_channel ch;

	memset(x, 0, sizeof *x);
	snprintf(x->subject, sizeof x->subject, "%s", l->lines[rnd((uint32_t)l->n)]);
	for (size_t i = 0; i < sentences; i++) {
		const char *s = l->lines[rnd((uint32_t)l->n)];
		if (rnd(6) == 0)
			s = langs[0].lines[rnd((uint32_t)langs[0].n)];
		if (rnd(10) == 0)
			s = "TxID "
			    "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060";
		n += (size_t)snprintf(x->body + n, sizeof x->body - n, "%s%s", i ? " " : "", s);
	}
	ticket_channel_parse(channels_by_share[rnd(10)], &ch);
	x->in.channel = ch;
	x->in.priority = PRIO_NORMAL;
	x->in.language = l->tag;
	x->in.language_len = strlen(l->tag);
	if (rnd(3) == 0) {
		x->in.category = categories[rnd(10)];
		x->in.category_len = strlen(x->in.category);
	}
	x->in.vip_tier = rnd(20) == 0 ? (int)(1 + rnd(5)) : 0;
	snprintf(x->email, sizeof x->email, "user%u@%s", rnd(100000),
	         rnd(10) == 0 ? "partner7.example.com" : "mail.example.org");
	x->in.requester_email = x->email;
	x->in.requester_email_len = strlen(x->email);
	x->in.subject = x->subject;
	x->in.subject_len = strlen(x->subject);
	x->in.body = x->body;
	x->in.body_len = n;
}

/* ---- the desk's rules ---- */

static void must(enum routing_err e, const char *what)
{
	if (e != ROUTING_OK) {
		fprintf(stderr, "routing_bench: %s: %s\n", what, routing_strerror(e));
		exit(1);
	}
}

static void keyword_rule(struct routing_set *s, int64_t group, const char *const *kws, size_t n,
                         bool escalate)
{
	struct routing_rule *r;

	must(routing_set_add(s, (int64_t)s->n + 1, NULL, 0, group, &r), "add");
	for (size_t i = 0; i < n; i++)
		must(routing_rule_add_keyword(r, kws[i], strlen(kws[i])), kws[i]);
	if (escalate) {
		must(routing_rule_set_escalate(r, true), "escalate");
		must(routing_rule_set_priority(r, ROUTING_PRIO_RAISE, "high", 4), "priority");
	}
}

#define KW(...)                                                                                    \
	(const char *const[]){__VA_ARGS__},                                                        \
	    sizeof((const char *const[]){__VA_ARGS__}) / sizeof(char *)

static void build_rules(struct routing_set *s)
{
	static const char *const fillers[] = {"airdrop",      "staking",
	                                      "launchpad",    "earn",
	                                      "margin",       "api key",
	                                      "sub-account",  "solana",
	                                      "dogecoin",     "ton",
	                                      "bnb",          "trx",
	                                      "grid bot",     "copy trading",
	                                      "nft",          "gift card",
	                                      "referral",     "fee",
	                                      "rebate",       "vip level",
	                                      "otc",          "convert",
	                                      "savings",      "dual investment",
	                                      "options",      "isolated",
	                                      "cross margin", "funding rate",
	                                      "質押",         "理财",
	                                      "空投",         "手续费",
	                                      "返佣",         "杠杆",
	                                      "网格",         "跟单",
	                                      "ステーキング", "手数料",
	                                      "스테이킹",     "수수료",
	                                      "стейкинг",     "комиссия",
	                                      "phí",          "hoa hồng",
	                                      "comisión",     "apalancamiento",
	                                      "kaldıraç",     "ค่าธรรมเนียม",
	                                      "staking*",     "margin call"};
	struct routing_rule *r;
	size_t k = 0;

	/* escalation first: these must win over everything */
	keyword_rule(s, 20,
	             KW("account frozen", "account locked", "账户被冻结", "冻结", "凍結",
	                "アカウントがロック", "동결", "заблокир*", "заблоков*", "tài khoản bị khóa",
	                "cuenta bloqueada", "hesabım donduruldu", "บัญชีถูกระงับ",
	                "konto wurde gesperrt", "compte est bloqué"),
	             true);
	keyword_rule(s, 21,
	             KW("wrong network", "memo", "tag missing", "转错网络", "忘记填写标签", "标签",
	                "bep20 instead", "wrong chain"),
	             true);
	keyword_rule(s, 22, KW("hacked", "stolen", "被盗", "盗まれ", "해킹", "взлом*", "phishing"),
	             true);
	/* categories by keyword */
	keyword_rule(s, 30,
	             KW("withdrawal", "withdraw*", "提现", "提領", "出金", "출금", "вывод*",
	                "rút tiền", "retiro", "para çek*", "ถอนเงิน", "penarikan", "saque",
	                "auszahlung", "retrait"),
	             false);
	keyword_rule(s, 31,
	             KW("deposit*", "not credited", "充值", "到账", "到帳", "入金", "입금",
	                "депозит*", "зачисл*", "nạp tiền", "depósito", "yatır*", "ฝากเงิน"),
	             false);
	keyword_rule(s, 32, KW("p2p", "seller", "buyer", "卖家", "订单", "訂單", "продав*"), false);
	keyword_rule(s, 33,
	             KW("liquidat*", "futures", "强平", "合约", "合約", "強制平倉", "청산",
	                "ликвид*", "фьючерс*"),
	             false);
	keyword_rule(s, 34, KW("2fa", "verification", "identity", "kyc", "身份认证", "二段階認証"),
	             false);
	/* VIP */
	for (int t = 5; t >= 1; t--) {
		must(routing_set_add(s, (int64_t)s->n + 1, NULL, 0, 40 + t, &r), "vip");
		must(routing_rule_set_vip(r, t, t), "vip range");
	}
	/* partner domains */
	for (int d = 0; d < 10; d++) {
		char dom[64];
		must(routing_set_add(s, (int64_t)s->n + 1, NULL, 0, 50 + d, &r), "domain");
		for (int j = 0; j < 5; j++) {
			snprintf(dom, sizeof dom, "partner%d.example.com", d * 5 + j);
			must(routing_rule_add_domain(r, dom, strlen(dom)), dom);
		}
	}
	/* fillers: product keyword rules, so a text is scanned against 100 rules' worth */
	while (s->n < 100 - 2 * N_LANGS) {
		must(routing_set_add(s, (int64_t)s->n + 1, NULL, 0, 60 + (int64_t)s->n, &r),
		     "filler");
		must(routing_rule_add_channel(r, "email", 5), "channel");
		for (int j = 0; j < 6; j++, k++)
			must(routing_rule_add_keyword(
			         r, fillers[k % (sizeof fillers / sizeof *fillers)],
			         strlen(fillers[k % (sizeof fillers / sizeof *fillers)])),
			     "filler keyword");
	}
	/* language x channel: chat and email per language */
	for (size_t i = 0; i < N_LANGS; i++) {
		must(routing_set_add(s, (int64_t)s->n + 1, NULL, 0, 100 + (int64_t)i, &r), "lang");
		must(routing_rule_add_language(r, langs[i].tag, strlen(langs[i].tag)),
		     langs[i].tag);
		must(routing_rule_add_channel(r, "chat", 4), "chat");
		must(routing_rule_add_channel(r, "telegram", 8), "telegram");
		must(routing_set_add(s, (int64_t)s->n + 1, NULL, 0, 200 + (int64_t)i, &r), "lang");
		must(routing_rule_add_language(r, langs[i].tag, strlen(langs[i].tag)),
		     langs[i].tag);
	}
}

/* ---- agents and the queue ---- */

static const char *lang_pool[N_LANGS];

static void build_agents(struct assign_agent *a, const char *(*langs_of)[3])
{
	for (size_t i = 0; i < N_AGENTS; i++) {
		struct assign_agent *x = &a[i];
		size_t nl = 1 + rnd(3);

		memset(x, 0, sizeof *x);
		x->id = (int64_t)i + 1;
		x->presence = rnd(10) < 7 ? PRESENCE_ONLINE
		              : rnd(2)    ? PRESENCE_AWAY
		                          : PRESENCE_OFFLINE;
		x->on_shift = rnd(100) < 85;
		x->tier = rnd(10) < 7 ? TIER_L1 : rnd(3) ? TIER_L2 : TIER_EXPERT;
		x->vip_capable = rnd(10) == 0;
		x->last_assigned_at = 1795000000000 + rnd(3600000);
		x->max_load[CHANNEL_CHAT] = (uint16_t)(3 + rnd(3));
		x->max_load[CHANNEL_TELEGRAM] = 3;
		x->max_load[CHANNEL_EMAIL] = (uint16_t)(20 + rnd(11));
		x->max_load[CHANNEL_WEB] = 20;
		for (int ch = 0; ch < CHANNEL_COUNT; ch++)
			x->load[ch] = x->max_load[ch] ? (uint16_t)rnd(x->max_load[ch] + 1u) : 0;
		for (size_t j = 0; j < nl; j++)
			langs_of[i][j] = j == 0 && rnd(2) ? "en" : lang_pool[rnd(N_LANGS)];
		x->languages = langs_of[i];
		x->n_languages = nl;
		x->skills = &products[rnd(4)];
		x->n_skills = 1 + rnd(2);
	}
}

static void build_queue(struct assign_ticket *q, const struct input *inputs)
{
	for (size_t i = 0; i < N_QUEUE; i++) {
		const struct input *x = &inputs[rnd(N_INPUTS)];
		struct assign_ticket *t = &q[i];

		t->id = (int64_t)i + 1;
		t->channel = x->in.channel;
		t->priority = rnd(20) == 0 ? PRIO_URGENT : rnd(5) == 0 ? PRIO_HIGH : PRIO_NORMAL;
		t->vip = x->in.vip_tier > 0;
		t->min_tier = rnd(20) == 0 ? TIER_L2 : TIER_L1;
		t->language = x->in.language;
		t->product = products[rnd(5)];
		t->created_at = 1795000000000 - rnd(7200000);
		t->sla_due_at = t->created_at + 600000;
	}
	assign_queue_sort(q, N_QUEUE);
}

/* ---- figures ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
	qsort(v, n, sizeof *v, cmp_double);
	return v[(size_t)(p * (double)(n - 1))];
}

enum { M_ROUTE, M_PICK, M_DECISION, M_QUEUE, M_BASE, M_SCAN, M_QBASE, M_TIMER, M_COUNT };
static const char *const m_names[M_COUNT] = {"route",    "pick", "decision", "queue",
                                             "baseline", "scan", "qbase",    "timer"};
/* Which baseline each figure is read against. */
static const int m_base[M_COUNT] = {M_BASE, M_BASE,  M_BASE,  M_BASE,
                                    M_BASE, M_QBASE, M_QBASE, M_BASE};

/* The compiler must not drop work whose result is unused. */
static volatile int sink;

int main(int argc, char **argv)
{
	static struct assign_agent agents[N_AGENTS], agents_copy[N_AGENTS];
	static const char *agent_langs[N_AGENTS][3];
	static struct assign_ticket queue[N_QUEUE], queue_copy[N_QUEUE];
	static struct input inputs[N_INPUTS];
	static char text_copy[sizeof inputs[0].subject + sizeof inputs[0].body];
	struct assign_agent stranger;
	struct routing_set set;
	struct arena arena;
	size_t iters = 20000, decided = 0, routed_by_rule = 0, scanned_keywords = 0;
	double *v[M_COUNT], t0, t1, p99[M_COUNT][ROUNDS], p50[M_COUNT][ROUNDS];
	static const char *const rare_lang[] = {"sw"};

	for (int i = 1; i + 1 < argc; i += 2)
		if (strcmp(argv[i], "--iterations") == 0)
			iters = (size_t)strtoul(argv[i + 1], NULL, 10);
	if (iters < 100)
		iters = 100;
	for (size_t i = 0; i < N_LANGS; i++)
		lang_pool[i] = langs[i].tag;
	for (size_t i = 0; i < N_INPUTS; i++)
		make_input(&inputs[i]);
	arena_init(&arena, 1 << 16);
	routing_set_init(&set, &arena, 1);
	t0 = now_us();
	build_rules(&set);
	must(routing_set_compile(&set), "compile");
	t1 = now_us();
	build_agents(agents, agent_langs);
	build_queue(queue, inputs);
	stranger = agents[0];
	stranger.presence = PRESENCE_ONLINE;
	stranger.on_shift = true;
	stranger.tier = TIER_EXPERT;
	stranger.languages = rare_lang; /* Swahili: nobody in the queue writes it */
	stranger.n_languages = 1;
	memset(stranger.load, 0, sizeof stranger.load);
	printf("routing_bench: %zu rules (built and compiled in %.2f ms), %d agents, %d queued "
	       "tickets, %d distinct ticket texts (%zu iterations x %d rounds)\n",
	       set.n, (t1 - t0) / 1e3, N_AGENTS, N_QUEUE, N_INPUTS, iters, ROUNDS);

	for (int m = 0; m < M_COUNT; m++)
		v[m] = calloc(iters, sizeof(double));
	for (int round = 0; round < ROUNDS; round++) {
		for (size_t it = 0; it < iters; it++) {
			const struct input *x = &inputs[it % N_INPUTS];
			struct routing_result out;
			struct assign_ticket t = {0};
			struct assign_agent freed;
			enum assign_why why;
			double a, b, c;
			int got, who;

			/* baseline: copy what the decision reads */
			a = now_us();
			memcpy(agents_copy, agents, sizeof agents);
			memcpy(text_copy, x->subject, x->in.subject_len);
			memcpy(text_copy + x->in.subject_len, x->body, x->in.body_len);
			b = now_us();
			sink += agents_copy[it % N_AGENTS].load[0] + text_copy[it % 64];
			v[M_BASE][it] = b - a;

			a = now_us();
			b = now_us();
			v[M_TIMER][it] = b - a;

			/* decision: group by rule, then agent */
			a = now_us();
			got = routing_match(&set, &x->in, &out);
			b = now_us();
			t.id = (int64_t)it;
			t.channel = x->in.channel;
			t.priority = out.priority;
			t.vip = x->in.vip_tier > 0;
			t.min_tier = out.escalated ? TIER_L2 : TIER_L1;
			t.language = x->in.language;
			t.product = products[it % 5];
			who = assign_pick(agents, N_AGENTS, &t, &why);
			c = now_us();
			v[M_ROUTE][it] = b - a;
			v[M_PICK][it] = c - b;
			v[M_DECISION][it] = c - a;
			decided += who >= 0;
			routed_by_rule += got >= 0;
			scanned_keywords += out.keyword != NULL;

			/* capacity frees: a random agent finishes a conversation */
			freed = agents[rnd(N_AGENTS)];
			freed.presence = PRESENCE_ONLINE;
			freed.on_shift = true;
			if (freed.load[CHANNEL_CHAT] > 0)
				freed.load[CHANNEL_CHAT]--;
			a = now_us();
			sink += assign_next_for_agent(queue, N_QUEUE, &freed);
			b = now_us();
			v[M_QUEUE][it] = b - a;
		}
		for (size_t it = 0; it < iters; it++) {
			double a, b;

			a = now_us();
			memcpy(queue_copy, queue, sizeof queue);
			b = now_us();
			sink += (int)queue_copy[it % N_QUEUE].id;
			v[M_QBASE][it] = b - a;

			a = now_us();
			sink += assign_next_for_agent(queue, N_QUEUE, &stranger);
			b = now_us();
			v[M_SCAN][it] = b - a;
		}
		for (int m = 0; m < M_COUNT; m++) {
			p50[m][round] = pct(v[m], iters, 0.50);
			p99[m][round] = pct(v[m], iters, 0.99);
		}
		printf("round %d:", round + 1);
		for (int m = 0; m < M_COUNT; m++)
			printf("  %s p50 %.2f p99 %.2f", m_names[m], p50[m][round], p99[m][round]);
		printf("  (µs)\n");
	}
	/* medians of the rounds */
	for (int m = 0; m < M_COUNT; m++) {
		qsort(p50[m], ROUNDS, sizeof(double), cmp_double);
		qsort(p99[m], ROUNDS, sizeof(double), cmp_double);
	}
	printf("median of %d rounds (µs):\n", ROUNDS);
	for (int m = 0; m < M_COUNT; m++)
		printf("  %-9s p50 %8.2f   p99 %8.2f   ratio to %-8s p50 %6.2f  p99 %6.2f\n",
		       m_names[m], p50[m][ROUNDS / 2], p99[m][ROUNDS / 2], m_names[m_base[m]],
		       p50[m][ROUNDS / 2] / p50[m_base[m]][ROUNDS / 2],
		       p99[m][ROUNDS / 2] / p99[m_base[m]][ROUNDS / 2]);
	printf("decisions: %.1f%% routed by a rule (%.1f%% on a keyword), %.1f%% found an agent "
	       "with room; target: decision p99 < 50 µs -> %s\n",
	       100.0 * (double)routed_by_rule / (double)(iters * ROUNDS),
	       100.0 * (double)scanned_keywords / (double)(iters * ROUNDS),
	       100.0 * (double)decided / (double)(iters * ROUNDS),
	       p99[M_DECISION][ROUNDS / 2] < 50.0 ? "met" : "NOT met");
	for (int m = 0; m < M_COUNT; m++)
		free(v[m]);
	arena_free(&arena);
	return 0;
}
