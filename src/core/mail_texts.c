/* mail_texts.c — see mail_texts.h.
 *
 * The texts are written the way each market's exchanges write to their customers rather than
 * translated word for word: Japanese opens with 様 and closes with the desk's name alone, Korean
 * signs off with 드림, Taiwanese mail speaks of 案件編號 and 來信, Spanish and Vietnamese address
 * the customer formally (usted, Quý khách). Every acknowledgement carries the same security
 * warning, because "support" asking for a 2FA code or seed phrase is the commonest theft on
 * exchanges and the first mail a customer gets from the desk is where they learn that we never do.
 *
 * "Re:" stays "Re:" in every language: it is what mail clients everywhere recognise and strip
 * when replying, where a localised prefix ("回复:", "회신:") gets stacked ("Re: 回复: ...") and
 * can split a thread in clients that group by subject.
 *
 * {{opens}} is a time, or a weekday, date and time, as ICU writes it for the language
 * ("09:00 (UTC)", "четверг, 5 марта в 09:00 (UTC)"). The auto-reply puts it where any of those
 * forms reads right: Russian and Spanish introduce it with a colon, because "с" and "a partir de"
 * would need a case or an article ("с четверга", "a partir de las 9:00") that the formatted value
 * cannot adapt to. */
#include "core/mail_texts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

enum lang { L_EN, L_ZH_CN, L_ZH_TW, L_JA, L_KO, L_RU, L_ES, L_VI, L_TR, L_COUNT };

const char *const mail_text_languages[] = {"en", "zh-CN", "zh-TW", "ja", "ko",
                                           "ru", "es",    "vi",    "tr", NULL};

static const char *const names[MAIL_TEXT_COUNT] = {
    [MAIL_TEXT_GREETING] = "greeting",
    [MAIL_TEXT_GREETING_NAME] = "greeting_name",
    [MAIL_TEXT_ACK_SUBJECT] = "ack_subject",
    [MAIL_TEXT_ACK_BODY] = "ack_body",
    [MAIL_TEXT_REPLY_SUBJECT] = "reply_subject",
    [MAIL_TEXT_REPLY_FOOTER] = "reply_footer",
    [MAIL_TEXT_CHAT_REPLY_SUBJECT] = "chat_reply_subject",
    [MAIL_TEXT_AFTER_HOURS] = "after_hours",
};

static const char *const texts[L_COUNT][MAIL_TEXT_COUNT] = {
    [L_EN] =
        {
            [MAIL_TEXT_GREETING] = "Hello,",
            [MAIL_TEXT_GREETING_NAME] = "Hello {{name}},",
            [MAIL_TEXT_ACK_SUBJECT] = "[{{number}}] We received your request: {{subject}}",
            [MAIL_TEXT_ACK_BODY] =
                "{{greeting}}\n"
                "\n"
                "Thank you for contacting us. We have received your request and opened ticket "
                "{{number}}.\n"
                "\n"
                "A member of our support team will get back to you as soon as possible. If you "
                "have anything to add, such as the transaction ID (TxID), screenshots or the time "
                "of the transaction, simply reply to this email and it will be added to your "
                "ticket.\n"
                "\n"
                "For your security: we will never ask for your password, 2FA or SMS codes, "
                "private keys or seed phrase. Do not share them with anyone, including people "
                "who claim to work for us.\n"
                "\n"
                "Kind regards,\n"
                "{{desk}}",
            [MAIL_TEXT_REPLY_SUBJECT] = "Re: [{{number}}] {{subject}}",
            [MAIL_TEXT_REPLY_FOOTER] =
                "Ticket {{number}} · Reply to this email to continue the conversation.",
            [MAIL_TEXT_CHAT_REPLY_SUBJECT] = "[{{number}}] Reply to your chat: {{subject}}",
            [MAIL_TEXT_AFTER_HOURS] =
                "Thank you for contacting us. Our support team is offline right now and will "
                "answer from {{opens}}. Your request {{number}} is in our queue; you do not need "
                "to write again.",
        },
    [L_ZH_CN] =
        {
            [MAIL_TEXT_GREETING] = "您好：",
            [MAIL_TEXT_GREETING_NAME] = "{{name}}，您好：",
            [MAIL_TEXT_ACK_SUBJECT] = "[{{number}}] 我们已收到您的咨询：{{subject}}",
            [MAIL_TEXT_ACK_BODY] =
                "{{greeting}}\n"
                "\n"
                "感谢您联系我们。您的咨询已收到，工单编号为 {{number}}。\n"
                "\n"
                "客服人员会尽快回复您。如需补充信息，例如交易哈希（TxID）、截图或交易时间，"
                "直接回复本邮件即可，内容会自动添加到您的工单中。\n"
                "\n"
                "安全提醒：我们绝不会向您索要密码、二次验证（2FA）或短信验证码、私钥或助记词。"
                "请勿向任何人透露这些信息，包括自称是我们工作人员的人。\n"
                "\n"
                "祝好！\n"
                "{{desk}}",
            [MAIL_TEXT_REPLY_SUBJECT] = "Re: [{{number}}] {{subject}}",
            [MAIL_TEXT_REPLY_FOOTER] = "工单 {{number}} · 直接回复本邮件即可继续沟通。",
            [MAIL_TEXT_CHAT_REPLY_SUBJECT] = "[{{number}}] 您的在线咨询已有回复：{{subject}}",
            [MAIL_TEXT_AFTER_HOURS] =
                "感谢您联系我们。客服团队当前不在服务时间，将于 {{opens}} 起尽快回复您。"
                "您的工单 {{number}} 已在排队处理中，无需重复提交。",
        },
    [L_ZH_TW] =
        {
            [MAIL_TEXT_GREETING] = "您好：",
            [MAIL_TEXT_GREETING_NAME] = "{{name}} 您好：",
            [MAIL_TEXT_ACK_SUBJECT] = "[{{number}}] 我們已收到您的來信：{{subject}}",
            [MAIL_TEXT_ACK_BODY] =
                "{{greeting}}\n"
                "\n"
                "感謝您與我們聯繫。我們已收到您的來信，案件編號為 {{number}}。\n"
                "\n"
                "客服人員將盡快回覆您。如需補充資料，例如交易雜湊值（TxID）、截圖或交易時間，"
                "請直接回覆這封信，內容會自動加入您的案件中。\n"
                "\n"
                "安全提醒：我們絕不會向您索取密碼、兩步驟驗證（2FA）或簡訊驗證碼、私鑰或助記詞。"
                "請勿將這些資訊提供給任何人，包括自稱是我們工作人員的人。\n"
                "\n"
                "{{desk}} 敬上",
            [MAIL_TEXT_REPLY_SUBJECT] = "Re: [{{number}}] {{subject}}",
            [MAIL_TEXT_REPLY_FOOTER] = "案件編號 {{number}} · 直接回覆這封信即可繼續與我們聯繫。",
            [MAIL_TEXT_CHAT_REPLY_SUBJECT] = "[{{number}}] 您的線上客服留言已有回覆：{{subject}}",
            [MAIL_TEXT_AFTER_HOURS] =
                "感謝您與我們聯繫。客服團隊目前不在服務時間，將於 {{opens}} 起盡快回覆您。"
                "您的案件 {{number}} 已在處理佇列中，無需重複來信。",
        },
    [L_JA] =
        {
            [MAIL_TEXT_GREETING] = "お客様",
            [MAIL_TEXT_GREETING_NAME] = "{{name}} 様",
            [MAIL_TEXT_ACK_SUBJECT] = "[{{number}}] お問い合わせを受け付けました：{{subject}}",
            [MAIL_TEXT_ACK_BODY] =
                "{{greeting}}\n"
                "\n"
                "いつもご利用いただきありがとうございます。\n"
                "お問い合わせを受け付けました。受付番号は {{number}} です。\n"
                "\n"
                "担当者より順次ご連絡いたしますので、今しばらくお待ちください。"
                "トランザクションID（TxID）、スクリーンショット、取引日時など、"
                "追加の情報がございましたら、このメールにそのままご返信ください。"
                "お問い合わせ内容に追加されます。\n"
                "\n"
                "【セキュリティに関するご注意】\n"
                "当社がパスワード、二段階認証（2FA）コード、SMS認証コード、"
                "秘密鍵やシードフレーズをお尋ねすることは一切ございません。"
                "当社スタッフを名乗る者を含め、第三者には絶対に教えないでください。\n"
                "\n"
                "{{desk}}",
            [MAIL_TEXT_REPLY_SUBJECT] = "Re: [{{number}}] {{subject}}",
            [MAIL_TEXT_REPLY_FOOTER] =
                "受付番号 {{number}} · このメールにご返信いただくと、やり取りを続けられます。",
            [MAIL_TEXT_CHAT_REPLY_SUBJECT] =
                "[{{number}}] チャットでのお問い合わせへの回答：{{subject}}",
            [MAIL_TEXT_AFTER_HOURS] =
                "お問い合わせいただきありがとうございます。ただいまサポート窓口の営業時間外のため、"
                "{{opens}}以降に順次ご回答いたします。お問い合わせ（受付番号 {{number}}）は"
                "受け付け済みですので、改めてご連絡いただく必要はございません。",
        },
    [L_KO] =
        {
            [MAIL_TEXT_GREETING] = "안녕하세요, 고객님.",
            [MAIL_TEXT_GREETING_NAME] = "안녕하세요, {{name}}님.",
            [MAIL_TEXT_ACK_SUBJECT] = "[{{number}}] 문의가 접수되었습니다: {{subject}}",
            [MAIL_TEXT_ACK_BODY] =
                "{{greeting}}\n"
                "\n"
                "문의해 주셔서 감사합니다. 고객님의 문의가 정상적으로 접수되었으며, 접수 번호는 "
                "{{number}}입니다.\n"
                "\n"
                "담당자가 확인 후 최대한 빠르게 답변드리겠습니다. 트랜잭션 ID(TxID), 스크린샷, "
                "거래 시각 등 추가로 전달하실 내용이 있으면 이 메일에 회신해 주세요. 문의 내역에 "
                "자동으로 추가됩니다.\n"
                "\n"
                "보안 안내: 당사는 비밀번호, 2단계 인증(2FA) 코드, SMS 인증번호, 개인 키 또는 "
                "시드 문구를 절대 요청하지 않습니다. 당사 직원을 사칭하는 사람을 포함해 누구에게도 "
                "알려 주지 마세요.\n"
                "\n"
                "감사합니다.\n"
                "{{desk}} 드림",
            [MAIL_TEXT_REPLY_SUBJECT] = "Re: [{{number}}] {{subject}}",
            [MAIL_TEXT_REPLY_FOOTER] =
                "문의 번호 {{number}} · 이 메일에 회신하시면 상담을 이어갈 수 있습니다.",
            [MAIL_TEXT_CHAT_REPLY_SUBJECT] = "[{{number}}] 채팅 문의에 대한 답변: {{subject}}",
            [MAIL_TEXT_AFTER_HOURS] =
                "문의해 주셔서 감사합니다. 지금은 고객센터 운영 시간이 아니어서 {{opens}}부터 "
                "순차적으로 답변드리겠습니다. 문의(접수 번호 {{number}})는 정상적으로 "
                "접수되었으니 다시 문의하지 않으셔도 됩니다.",
        },
    [L_RU] =
        {
            [MAIL_TEXT_GREETING] = "Здравствуйте!",
            [MAIL_TEXT_GREETING_NAME] = "Здравствуйте, {{name}}!",
            [MAIL_TEXT_ACK_SUBJECT] = "[{{number}}] Мы получили ваше обращение: {{subject}}",
            [MAIL_TEXT_ACK_BODY] =
                "{{greeting}}\n"
                "\n"
                "Спасибо, что обратились к нам. Мы получили ваше обращение и присвоили ему номер "
                "{{number}}.\n"
                "\n"
                "Специалист службы поддержки ответит вам в ближайшее время. Если хотите что-то "
                "добавить, например хеш транзакции (TxID), скриншоты или время операции, просто "
                "ответьте на это письмо: информация будет добавлена к обращению.\n"
                "\n"
                "В целях безопасности: мы никогда не просим сообщить пароль, коды двухфакторной "
                "аутентификации (2FA) или из SMS, приватные ключи или seed-фразу. Не сообщайте их "
                "никому, в том числе тем, кто представляется нашими сотрудниками.\n"
                "\n"
                "С уважением,\n"
                "{{desk}}",
            [MAIL_TEXT_REPLY_SUBJECT] = "Re: [{{number}}] {{subject}}",
            [MAIL_TEXT_REPLY_FOOTER] =
                "Обращение {{number}} · Чтобы продолжить переписку, ответьте на это письмо.",
            [MAIL_TEXT_CHAT_REPLY_SUBJECT] =
                "[{{number}}] Ответ на ваше сообщение в чате: {{subject}}",
            [MAIL_TEXT_AFTER_HOURS] =
                "Спасибо за обращение. Сейчас служба поддержки не работает и ответит вам после "
                "начала рабочего времени: {{opens}}. Ваше обращение {{number}} уже в очереди, "
                "писать повторно не нужно.",
        },
    [L_ES] =
        {
            [MAIL_TEXT_GREETING] = "Hola:",
            [MAIL_TEXT_GREETING_NAME] = "Hola, {{name}}:",
            [MAIL_TEXT_ACK_SUBJECT] = "[{{number}}] Hemos recibido su solicitud: {{subject}}",
            [MAIL_TEXT_ACK_BODY] =
                "{{greeting}}\n"
                "\n"
                "Gracias por ponerse en contacto con nosotros. Hemos recibido su solicitud y hemos "
                "abierto el ticket {{number}}.\n"
                "\n"
                "Un miembro de nuestro equipo de soporte le responderá lo antes posible. Si desea "
                "añadir información, como el ID de la transacción (TxID), capturas de pantalla o "
                "la hora de la operación, basta con responder a este correo y se añadirá a su "
                "ticket.\n"
                "\n"
                "Por su seguridad: nunca le pediremos su contraseña, códigos 2FA o SMS, claves "
                "privadas ni frase semilla. No los comparta con nadie, ni siquiera con quien diga "
                "formar parte de nuestro equipo.\n"
                "\n"
                "Atentamente,\n"
                "{{desk}}",
            [MAIL_TEXT_REPLY_SUBJECT] = "Re: [{{number}}] {{subject}}",
            [MAIL_TEXT_REPLY_FOOTER] =
                "Ticket {{number}} · Responda a este correo para continuar la conversación.",
            [MAIL_TEXT_CHAT_REPLY_SUBJECT] =
                "[{{number}}] Respuesta a su mensaje en el chat: {{subject}}",
            [MAIL_TEXT_AFTER_HOURS] =
                "Gracias por ponerse en contacto con nosotros. En este momento nuestro equipo de "
                "soporte está fuera de horario y le responderá en cuanto vuelva a atender: "
                "{{opens}}. Su solicitud {{number}} ya está en la cola; no es necesario que "
                "vuelva a escribirnos.",
        },
    [L_VI] =
        {
            [MAIL_TEXT_GREETING] = "Kính chào Quý khách,",
            [MAIL_TEXT_GREETING_NAME] = "Kính chào {{name}},",
            [MAIL_TEXT_ACK_SUBJECT] =
                "[{{number}}] Chúng tôi đã nhận được yêu cầu của Quý khách: {{subject}}",
            [MAIL_TEXT_ACK_BODY] =
                "{{greeting}}\n"
                "\n"
                "Cảm ơn Quý khách đã liên hệ với chúng tôi. Chúng tôi đã nhận được yêu cầu và tạo "
                "phiếu hỗ trợ số {{number}}.\n"
                "\n"
                "Nhân viên hỗ trợ sẽ phản hồi Quý khách trong thời gian sớm nhất. Nếu cần bổ sung "
                "thông tin như mã giao dịch (TxID), ảnh chụp màn hình hoặc thời gian giao dịch, "
                "Quý khách chỉ cần trả lời email này, nội dung sẽ được tự động thêm vào phiếu hỗ "
                "trợ.\n"
                "\n"
                "Lưu ý bảo mật: chúng tôi không bao giờ yêu cầu mật khẩu, mã xác thực hai lớp "
                "(2FA), mã OTP qua SMS, khóa riêng tư (private key) hay cụm từ khôi phục (seed "
                "phrase). Tuyệt đối không cung cấp các thông tin này cho bất kỳ ai, kể cả người "
                "tự xưng là nhân viên của chúng tôi.\n"
                "\n"
                "Trân trọng,\n"
                "{{desk}}",
            [MAIL_TEXT_REPLY_SUBJECT] = "Re: [{{number}}] {{subject}}",
            [MAIL_TEXT_REPLY_FOOTER] =
                "Phiếu hỗ trợ {{number}} · Trả lời email này để tiếp tục trao đổi với chúng tôi.",
            [MAIL_TEXT_CHAT_REPLY_SUBJECT] =
                "[{{number}}] Phản hồi tin nhắn chat của Quý khách: {{subject}}",
            [MAIL_TEXT_AFTER_HOURS] =
                "Cảm ơn Quý khách đã liên hệ với chúng tôi. Hiện đang ngoài giờ làm việc của bộ "
                "phận hỗ trợ, chúng tôi sẽ phản hồi Quý khách từ {{opens}}. Yêu cầu {{number}} "
                "của Quý khách đã được ghi nhận, Quý khách không cần gửi lại.",
        },
    [L_TR] =
        {
            [MAIL_TEXT_GREETING] = "Merhaba,",
            [MAIL_TEXT_GREETING_NAME] = "Merhaba {{name}},",
            [MAIL_TEXT_ACK_SUBJECT] = "[{{number}}] Talebinizi aldık: {{subject}}",
            [MAIL_TEXT_ACK_BODY] =
                "{{greeting}}\n"
                "\n"
                "Bizimle iletişime geçtiğiniz için teşekkür ederiz. Talebiniz bize ulaştı ve "
                "{{number}} numaralı destek kaydı oluşturuldu.\n"
                "\n"
                "Destek ekibimiz en kısa sürede size dönüş yapacaktır. İşlem kimliği (TxID), ekran "
                "görüntüsü veya işlem saati gibi eklemek istediğiniz bilgiler varsa bu e-postayı "
                "yanıtlamanız yeterli; yanıtınız destek kaydınıza eklenecektir.\n"
                "\n"
                "Güvenliğiniz için: şifrenizi, iki adımlı doğrulama (2FA) veya SMS kodlarınızı, "
                "özel anahtarlarınızı ya da kurtarma ifadenizi (seed phrase) asla sormayız. Bu "
                "bilgileri, ekibimizden olduğunu söyleyenler dahil hiç kimseyle paylaşmayın.\n"
                "\n"
                "Saygılarımızla,\n"
                "{{desk}}",
            [MAIL_TEXT_REPLY_SUBJECT] = "Re: [{{number}}] {{subject}}",
            [MAIL_TEXT_REPLY_FOOTER] =
                "Destek kaydı {{number}} · Görüşmeye devam etmek için bu e-postayı yanıtlayın.",
            [MAIL_TEXT_CHAT_REPLY_SUBJECT] = "[{{number}}] Sohbet mesajınıza yanıt: {{subject}}",
            [MAIL_TEXT_AFTER_HOURS] =
                "Bizimle iletişime geçtiğiniz için teşekkür ederiz. Destek ekibimiz şu anda "
                "mesai dışında; {{opens}} itibarıyla size yanıt verecektir. {{number}} numaralı "
                "talebiniz sıraya alındı, tekrar yazmanıza gerek yok.",
        },
};

/* ---- language fallback ---- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Case-insensitive equality of a[0..n) and the NUL-terminated b, '_' matching '-'. */
static bool tag_eq(const char *a, size_t n, const char *b)
{
	size_t i = 0;
	for (; i < n && b[i] != '\0'; i++) {
		int x = a[i] == '_' ? '-' : lower((unsigned char)a[i]);
		int y = lower((unsigned char)b[i]);
		if (x != y)
			return false;
	}
	return i == n && b[i] == '\0';
}

/* Chinese: the script subtag decides if there is one, else the region; no subtag at all is
 * Simplified, which most Chinese readers read. */
static enum lang chinese(const char *rest, enum lang fallback)
{
	enum lang region = fallback;
	while (*rest != '\0') {
		size_t n;
		rest++; /* the separator */
		n = strcspn(rest, "-_");
		if (tag_eq(rest, n, "hant"))
			return L_ZH_TW;
		if (tag_eq(rest, n, "hans"))
			return L_ZH_CN;
		if (tag_eq(rest, n, "tw") || tag_eq(rest, n, "hk") || tag_eq(rest, n, "mo"))
			region = L_ZH_TW;
		else if (tag_eq(rest, n, "cn") || tag_eq(rest, n, "sg") || tag_eq(rest, n, "my"))
			region = L_ZH_CN;
		rest += n;
	}
	return region;
}

static enum lang lang_of(const char *tag)
{
	size_t n;

	if (tag == NULL || *tag == '\0')
		return L_EN;
	for (int l = 0; l < L_COUNT; l++)
		if (tag_eq(tag, strlen(tag), mail_text_languages[l]))
			return (enum lang)l;
	n = strcspn(tag, "-_");
	/* Mandarin and Cantonese may come with their own primary subtags; Cantonese is read in
	 * Traditional characters (Hong Kong, Macau) unless the tag says otherwise. */
	if (tag_eq(tag, n, "zh") || tag_eq(tag, n, "cmn"))
		return chinese(tag + n, L_ZH_CN);
	if (tag_eq(tag, n, "yue"))
		return chinese(tag + n, L_ZH_TW);
	/* The primary subtag against the whole name: only the names without a region ("ja", "es")
	 * can match, Chinese was settled above. */
	for (int l = 0; l < L_COUNT; l++)
		if (tag_eq(tag, n, mail_text_languages[l]))
			return (enum lang)l;
	return L_EN;
}

const char *mail_text_language(const char *language)
{
	return mail_text_languages[lang_of(language)];
}

const char *mail_text(const char *language, enum mail_text_id id)
{
	if ((unsigned)id >= MAIL_TEXT_COUNT)
		return "";
	return texts[lang_of(language)][id];
}

/* ---- filling ---- */

/* The template variables, in the order of mail_text_vars' fields. */
struct template_var {
	const char *token; /* with braces */
	size_t len;
};

#define TVAR(s)                                                                                    \
	{                                                                                          \
		s, sizeof(s) - 1                                                                   \
	}
static const struct template_var template_vars[] = {
    TVAR("{{number}}"), TVAR("{{subject}}"),  TVAR("{{name}}"),
    TVAR("{{desk}}"),   TVAR("{{greeting}}"), TVAR("{{opens}}")};
#define N_TVARS (sizeof(template_vars) / sizeof(template_vars[0]))

static const char *value_of(const struct mail_text_vars *v, size_t i)
{
	const char *s = NULL;
	if (v != NULL) {
		const char *vals[] = {v->number, v->subject, v->name, v->desk, v->greeting, v->opens};
		s = vals[i];
	}
	return s != NULL ? s : "";
}

/* The template variable starting at p, or -1. */
static int template_var_at(const char *p)
{
	if (p[0] != '{' || p[1] != '{')
		return -1;
	for (size_t i = 0; i < N_TVARS; i++)
		if (strncmp(p, template_vars[i].token, template_vars[i].len) == 0)
			return (int)i;
	return -1;
}

/* One pass measures, the second writes; the template is the only text ever scanned, so values
 * can hold anything. */
char *mail_text_fill(const char *tmpl, const struct mail_text_vars *v)
{
	size_t len = 0, vlen[N_TVARS];
	char *out, *o;

	if (tmpl == NULL)
		tmpl = "";
	for (size_t i = 0; i < sizeof(vlen) / sizeof(vlen[0]); i++)
		vlen[i] = strlen(value_of(v, i));
	for (const char *p = tmpl; *p != '\0';) {
		int tv = template_var_at(p);
		size_t add = tv >= 0 ? vlen[tv] : 1;
		if (len > SIZE_MAX - 1 - add)
			return NULL;
		len += add;
		p += tv >= 0 ? template_vars[tv].len : 1;
	}
	out = malloc(len + 1);
	if (out == NULL)
		return NULL;
	o = out;
	for (const char *p = tmpl; *p != '\0';) {
		int tv = template_var_at(p);
		if (tv >= 0) {
			memcpy(o, value_of(v, (size_t)tv), vlen[tv]);
			o += vlen[tv];
			p += template_vars[tv].len;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

/* Only white space (ASCII, or Unicode spaces such as U+3000 a CJK name field may carry)? Bytes
 * that do not decode count as content: the name is shown as given. */
static bool is_blank(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t len = strlen(s), i = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			return false;
		if (!(cp == ' ' || (cp >= 0x09 && cp <= 0x0d))) {
			utf8proc_category_t c = utf8proc_category(cp);
			if (c != UTF8PROC_CATEGORY_ZS && c != UTF8PROC_CATEGORY_ZL &&
			    c != UTF8PROC_CATEGORY_ZP)
				return false;
		}
		i += (size_t)n;
	}
	return true;
}

char *mail_text_greeting(const char *language, const char *name)
{
	struct mail_text_vars v = {.name = name};
	if (name == NULL || is_blank(name))
		return mail_text_fill(mail_text(language, MAIL_TEXT_GREETING), NULL);
	return mail_text_fill(mail_text(language, MAIL_TEXT_GREETING_NAME), &v);
}

/* ---- names ---- */

const char *mail_text_name(enum mail_text_id id)
{
	return (unsigned)id < MAIL_TEXT_COUNT ? names[id] : NULL;
}

bool mail_text_id_from_name(const char *name, enum mail_text_id *out)
{
	if (name == NULL)
		return false;
	for (int i = 0; i < MAIL_TEXT_COUNT; i++)
		if (strcmp(name, names[i]) == 0) {
			*out = (enum mail_text_id)i;
			return true;
		}
	return false;
}
