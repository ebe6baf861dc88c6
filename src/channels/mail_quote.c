/* mail_quote.c — see mail_quote.h. Line patterns only: no regular expressions, so the cost is
 * linear in the text whatever it holds. */
#include "channels/mail_quote.h"

#include <string.h>

struct line {
	const char *p;
	size_t n;
};

/* Attribution lines longer than this are prose, not an attribution. */
#define ATTR_MAX 400
/* An Outlook header block: From plus this many more header lines within the next few. */
#define OUTLOOK_LOOKAHEAD 6
#define OUTLOOK_NEED      2

static void trim(struct line *l)
{
	while (l->n > 0 && (l->p[0] == ' ' || l->p[0] == '\t')) {
		l->p++;
		l->n--;
	}
	while (l->n > 0 && (l->p[l->n - 1] == ' ' || l->p[l->n - 1] == '\t'))
		l->n--;
}

static bool blank(struct line l)
{
	trim(&l);
	return l.n == 0;
}

/* ASCII letters case-insensitively, every other byte exactly. */
static bool starts_with(struct line l, const char *prefix)
{
	size_t k = strlen(prefix);
	return l.n >= k && g_ascii_strncasecmp(l.p, prefix, k) == 0;
}

static bool ends_with(struct line l, const char *suffix)
{
	size_t k = strlen(suffix);
	return l.n >= k && g_ascii_strncasecmp(l.p + l.n - k, suffix, k) == 0;
}

static bool contains(struct line l, const char *needle)
{
	return memmem(l.p, l.n, needle, strlen(needle)) != NULL;
}

/* ---- Outlook-style header blocks ---- */

/* clang-format off */
static const char *const from_labels[] = {
	"From", "De", "Von", "От кого", "От", "发件人", "發件人", "寄件者", "寄件人", "差出人",
	"보낸 사람", "Kimden", "Từ", "Da", "Van", "Od", "Fra", "Från", NULL,
};
static const char *const header_labels[] = {
	"Sent", "Date", "To", "Cc", "Subject", "Envoyé", "À", "Objet", "Gesendet", "Datum",
	"An", "Betreff", "Enviado", "Fecha", "Para", "Asunto", "Отправлено", "Дата", "Кому",
	"Тема", "发送时间", "發送時間", "日期", "收件人", "抄送", "主题", "寄件日期", "傳送時間",
	"收件者", "主旨", "送信日時", "日付", "宛先", "件名", "보낸 날짜", "받는 사람", "제목",
	"Gönderildi", "Tarih", "Kime", "Konu", "Đã gửi", "Ngày", "Đến", "Chủ đề", "Inviato",
	"Data", "A", "Oggetto", "Verzonden", "Aan", "Onderwerp", "Wysłano", "Do", "Temat", NULL,
};
/* clang-format on */

/* "Label:" (or "Label :", "*Label:*", full-width colon) at the start of the line. */
static bool labelled(struct line l, const char *const *labels)
{
	trim(&l);
	while (l.n > 0 && l.p[0] == '*') {
		l.p++;
		l.n--;
	}
	for (size_t i = 0; labels[i] != NULL; i++) {
		struct line r = l;
		size_t k = strlen(labels[i]);
		if (!starts_with(r, labels[i]))
			continue;
		r.p += k;
		r.n -= k;
		while (r.n > 0 && (r.p[0] == ' ' || r.p[0] == '*')) {
			r.p++;
			r.n--;
		}
		if (starts_with(r, ":") || starts_with(r, "\xef\xbc\x9a"))
			return true;
	}
	return false;
}

static bool outlook_block(const struct line *lines, size_t n, size_t i)
{
	size_t found = 0;

	if (!labelled(lines[i], from_labels))
		return false;
	for (size_t j = i + 1; j < n && j <= i + OUTLOOK_LOOKAHEAD; j++)
		if (labelled(lines[j], header_labels) && ++found == OUTLOOK_NEED)
			return true;
	return false;
}

/* ---- separator lines ---- */

/* clang-format off */
static const char *const separator_words[] = {
	"original message", "original mail", "原始邮件", "原始郵件", "原邮件", "message d'origine",
	"message original", "ursprüngliche nachricht", "originalnachricht", "mensaje original",
	"исходное сообщение", "оригинальное сообщение", "元のメッセージ", "원본 메시지",
	"messaggio originale", "mensagem original", "oorspronkelijk bericht", "orijinal mesaj",
	"özgün ileti", "thư gốc", "wiadomość oryginalna", NULL,
};
/* clang-format on */

static bool is_rule_char(char c)
{
	return c == '-' || c == '_' || c == '=' || c == '*' || c == ' ' || c == '\t';
}

/* "-----Original Message-----", "-------- Original Message --------", "-----原始邮件-----". */
static bool separator(struct line l)
{
	size_t lead = 0, tail = 0;
	bool hit = false;
	char *low;

	trim(&l);
	while (l.n > 0 && is_rule_char(l.p[0])) {
		lead += l.p[0] == '-' || l.p[0] == '_' || l.p[0] == '=';
		l.p++;
		l.n--;
	}
	while (l.n > 0 && is_rule_char(l.p[l.n - 1])) {
		tail += l.p[l.n - 1] == '-' || l.p[l.n - 1] == '_' || l.p[l.n - 1] == '=';
		l.n--;
	}
	if (lead < 2 || tail < 2 || l.n == 0 || l.n > 64)
		return false;
	low = g_utf8_strdown(l.p, (gssize)l.n);
	for (size_t i = 0; separator_words[i] != NULL && !hit; i++)
		hit = strcmp(low, separator_words[i]) == 0;
	g_free(low);
	return hit;
}

/* Outlook's plain rule of underscores right before its From: block. */
static bool outlook_rule(const struct line *lines, size_t n, size_t i)
{
	struct line l = lines[i];

	trim(&l);
	if (l.n < 10)
		return false;
	for (size_t k = 0; k < l.n; k++)
		if (l.p[k] != '_')
			return false;
	for (size_t j = i + 1; j < n && j <= i + 2; j++)
		if (!blank(lines[j]))
			return outlook_block(lines, n, j);
	return false;
}

/* ---- attribution lines ---- */

struct attribution {
	const char *prefix;   /* "" for any */
	const char *contains; /* NULL for nothing */
	const char *suffix;
	bool needs_quote; /* so loose that a "> " line must follow */
};

/* clang-format off */
static const struct attribution attributions[] = {
	{"On ", NULL, "wrote:", false},
	{"", NULL, "wrote:", true},
	{"Le ", NULL, "a écrit :", false},
	{"Le ", NULL, "a écrit:", false},
	{"El ", NULL, "escribió:", false},
	{"", NULL, "escribió:", true},
	{"Am ", "schrieb", ":", false},
	{"", NULL, "schrieb:", true},
	{"", NULL, "写道：", false},
	{"", NULL, "写道:", false},
	{"", NULL, "寫道：", false},
	{"", NULL, "寫道:", false},
	{"", NULL, "書きました:", false},
	{"", NULL, "書きました：", false},
	{"", "님이 작성", ":", false},
	{"", NULL, "написал(а):", false},
	{"", NULL, "написал:", false},
	{"", NULL, "написала:", false},
	{"", NULL, "yazdı:", false},
	{"Vào ", NULL, "đã viết:", false},
	{"", NULL, "đã viết:", true},
	{"Il ", NULL, "ha scritto:", false},
	{"Em ", NULL, "escreveu:", false},
	{"Op ", NULL, "schreef:", false},
	{"", NULL, "napisał(a):", false},
};
/* clang-format on */

/* Only a few lines ahead: a loose attribution with its quote far below is not one, and the scan
 * stays linear however many such lines a text holds. */
static bool quote_follows(const struct line *lines, size_t n, size_t j)
{
	for (size_t stop = j + 4; j < n && j < stop; j++) {
		struct line l = lines[j];
		trim(&l);
		if (l.n > 0)
			return l.p[0] == '>';
	}
	return false;
}

static bool attribution_match(struct line l, const struct line *lines, size_t n, size_t next)
{
	trim(&l);
	if (l.n == 0 || l.n > 2 * ATTR_MAX)
		return false;
	for (size_t i = 0; i < G_N_ELEMENTS(attributions); i++) {
		const struct attribution *a = &attributions[i];
		if (!starts_with(l, a->prefix) || !ends_with(l, a->suffix))
			continue;
		if (a->contains != NULL && !contains(l, a->contains))
			continue;
		if (a->needs_quote && !quote_follows(lines, n, next))
			continue;
		return true;
	}
	return false;
}

/* Line i, or lines i and i+1 joined (clients wrap a long "On ... wrote:" line). */
static bool attribution(const struct line *lines, size_t n, size_t i)
{
	char buf[2 * ATTR_MAX + 2];
	struct line joined;

	if (lines[i].n > ATTR_MAX)
		return false;
	if (attribution_match(lines[i], lines, n, i + 1))
		return true;
	if (i + 1 >= n || lines[i + 1].n > ATTR_MAX || blank(lines[i]) || blank(lines[i + 1]))
		return false;
	memcpy(buf, lines[i].p, lines[i].n);
	buf[lines[i].n] = ' ';
	memcpy(buf + lines[i].n + 1, lines[i + 1].p, lines[i + 1].n);
	joined.p = buf;
	joined.n = lines[i].n + 1 + lines[i + 1].n;
	return attribution_match(joined, lines, n, i + 2);
}

/* ---- signatures ---- */

/* clang-format off */
static const char *const mobile_signatures[] = {
	"Sent from my ", "Get Outlook for ", "发自我的", "從我的", "iPhoneから送信",
	"Отправлено с ", "Envoyé de mon ", "Von meinem ", "Enviado desde mi ", NULL,
};
/* clang-format on */

static bool signature(struct line l)
{
	if ((l.n == 3 && memcmp(l.p, "-- ", 3) == 0) || (l.n == 2 && memcmp(l.p, "--", 2) == 0))
		return true;
	trim(&l);
	if (l.n == 0 || l.n > 60)
		return false;
	for (size_t i = 0; mobile_signatures[i] != NULL; i++)
		if (starts_with(l, mobile_signatures[i]))
			return true;
	return false;
}

static bool quoted(struct line l)
{
	trim(&l);
	return l.n > 0 && l.p[0] == '>';
}

/* The first line of the block of "> " lines (and blank ones) that ends right before line n,
 * or n when there is none. */
static size_t trailing_quote(const struct line *lines, size_t n)
{
	size_t i = n, first = n;

	while (i > 0 && blank(lines[i - 1]))
		i--;
	while (i > 0 && (quoted(lines[i - 1]) || blank(lines[i - 1]))) {
		i--;
		if (quoted(lines[i]))
			first = i;
	}
	return first;
}

size_t mail_quote_visible_len(const char *text, size_t len)
{
	GArray *arr = g_array_new(FALSE, FALSE, sizeof(struct line));
	const struct line *lines;
	size_t n, cut, end, q;
	const char *p, *stop;

	if (text == NULL || len == 0)
		return 0;
	p = text;
	stop = text + len;

	while (p < stop) {
		const char *nl = memchr(p, '\n', (size_t)(stop - p));
		struct line l = {p, nl != NULL ? (size_t)(nl - p) : (size_t)(stop - p)};
		g_array_append_val(arr, l);
		p = nl != NULL ? nl + 1 : stop;
	}
	lines = (const struct line *)(void *)arr->data;
	n = arr->len;
	cut = n;
	for (size_t i = 0; i < n; i++) {
		/* In an interleaved reply the answers follow quoted lines: those never start
		 * history. */
		if (quoted(lines[i]))
			continue;
		if (signature(lines[i]) || separator(lines[i]) || outlook_rule(lines, n, i) ||
		    outlook_block(lines, n, i) || attribution(lines, n, i)) {
			cut = i;
			break;
		}
	}
	/* "> " lines right before that point (or the end) are the history being answered. */
	q = trailing_quote(lines, cut);
	if (q < cut)
		cut = q;
	end = cut < n ? (size_t)(lines[cut].p - text) : len;
	g_array_free(arr, TRUE);
	if (end == len)
		return len;
	while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\n'))
		end--;
	return end == 0 ? len : end;
}

/* ---- format=flowed ---- */

void mail_text_unflow(GString *out, const char *text, size_t len, bool delsp)
{
	const char *p = text != NULL ? text : "", *stop = p + len;
	bool open = false; /* the last line written flows into the next */
	size_t open_depth = 0;

	while (p < stop) {
		const char *nl = memchr(p, '\n', (size_t)(stop - p));
		const char *q = p, *e = nl != NULL ? nl : stop;
		size_t depth = 0, n;
		bool sig, flows;

		while (q < e && *q == '>') {
			q++;
			depth++;
		}
		if (q < e && *q == ' ')
			q++; /* space-stuffing */
		n = (size_t)(e - q);
		sig = n == 3 && memcmp(q, "-- ", 3) == 0;
		flows = !sig && n > 0 && q[n - 1] == ' ';
		if (open && depth != open_depth)
			g_string_append_c(out, '\n');
		if (!open || depth != open_depth) {
			for (size_t k = 0; k < depth; k++)
				g_string_append_c(out, '>');
			if (depth > 0)
				g_string_append_c(out, ' ');
		}
		g_string_append_len(out, q, (gssize)(flows && delsp ? n - 1 : n));
		open = flows;
		open_depth = depth;
		if (!flows && nl != NULL)
			g_string_append_c(out, '\n');
		p = nl != NULL ? nl + 1 : stop;
	}
}
