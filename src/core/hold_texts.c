/* hold_texts.c — see hold_texts.h. Each text says what happened, what the customer should do,
 * and never asks for a password, a 2FA code or a seed phrase (scammers do: the customer must
 * learn that the desk never does). */
#include "core/hold_texts.h"

#include <string.h>
#include <strings.h>

static const char *const langs[] = {"en", "zh-CN", "zh-TW", "ja", "ko", "ru", "es", "vi", "tr"};
#define NLANG (sizeof langs / sizeof langs[0])

static const char *const texts[HOLD_TEXT_COUNT][NLANG] = {
    [HOLD_TEXT_HELD] = {
        "We have paused your withdrawal of {amount} {asset} ({network}) to {address} for a security check. Please reply here to confirm the address, network, memo and amount, and tell us whether anyone asked you to send it. We will never ask for your password, 2FA code or seed phrase.",
        "为保障您的资产安全，我们暂停了您提往 {address} 的 {amount} {asset}（{network}）提现，正在进行安全核查。请在此回复，确认地址、网络、备注（memo）和金额，并告诉我们是否有人要求您转账。我们绝不会索要您的密码、2FA 验证码或助记词。",
        "為保障您的資產安全，我們暫停了您提往 {address} 的 {amount} {asset}（{network}）提領，正在進行安全核查。請在此回覆，確認地址、網路、備註（memo）與金額，並告訴我們是否有人要求您轉帳。我們絕不會索取您的密碼、2FA 驗證碼或助記詞。",
        "セキュリティ確認のため、{address} 宛ての {amount} {asset}（{network}）の出金を一時保留しました。このスレッドで、アドレス・ネットワーク・メモ・金額が正しいこと、また誰かに送金を頼まれていないかをお知らせください。当社がパスワード、2FAコード、シードフレーズを求めることは決してありません。",
        "보안 확인을 위해 {address}(으)로 보내는 {amount} {asset}({network}) 출금을 일시 보류했습니다. 이 대화에서 주소, 네트워크, 메모, 금액을 확인해 주시고, 누군가 송금을 요청했는지 알려 주세요. 저희는 절대 비밀번호, 2FA 코드, 시드 문구를 요청하지 않습니다.",
        "Мы приостановили ваш вывод {amount} {asset} ({network}) на адрес {address} для проверки безопасности. Ответьте здесь и подтвердите адрес, сеть, memo и сумму, а также сообщите, не просил ли вас кто-то отправить эти средства. Мы никогда не спрашиваем пароль, код 2FA или сид-фразу.",
        "Hemos pausado tu retiro de {amount} {asset} ({network}) a {address} para una revisión de seguridad. Responde aquí para confirmar la dirección, la red, el memo y el importe, y dinos si alguien te pidió que lo enviaras. Nunca te pediremos tu contraseña, tu código 2FA ni tu frase semilla.",
        "Chúng tôi đã tạm giữ lệnh rút {amount} {asset} ({network}) đến {address} để kiểm tra bảo mật. Vui lòng trả lời tại đây để xác nhận địa chỉ, mạng, memo và số tiền, và cho biết có ai yêu cầu bạn chuyển khoản không. Chúng tôi không bao giờ hỏi mật khẩu, mã 2FA hay cụm từ khôi phục của bạn.",
        "{address} adresine {amount} {asset} ({network}) çekiminizi güvenlik kontrolü için beklemeye aldık. Lütfen buradan adresi, ağı, memo'yu ve tutarı onaylayın ve birinin sizden bu transferi yapmanızı isteyip istemediğini bize bildirin. Şifrenizi, 2FA kodunuzu veya kurtarma ifadenizi asla sormayız.",
    },
    [HOLD_TEXT_HELD_NEW_COUNTRY] = {
        "We noticed a login to your account from a new country ({country}), followed by a withdrawal of {amount} {asset} ({network}) to {address}. We have paused the withdrawal. Was this you? Please reply here to confirm. If it was not you, change your password now and do not share any codes with anyone.",
        "我们注意到您的账户有一次来自新国家/地区（{country}）的登录，随后发起了提往 {address} 的 {amount} {asset}（{network}）提现。我们已暂停该提现。这是您本人的操作吗？请在此回复确认。如果不是您本人，请立即修改密码，且不要向任何人透露任何验证码。",
        "我們注意到您的帳戶有一次來自新國家/地區（{country}）的登入，隨後發起了提往 {address} 的 {amount} {asset}（{network}）提領。我們已暫停該提領。這是您本人的操作嗎？請在此回覆確認。如果不是您本人，請立即變更密碼，且不要向任何人透露任何驗證碼。",
        "新しい国（{country}）からのログインの後に、{address} 宛ての {amount} {asset}（{network}）の出金申請がありました。この出金は保留しています。ご本人による操作でしょうか。このスレッドでご確認ください。お心当たりがない場合は、すぐにパスワードを変更し、どのコードも他人に教えないでください。",
        "새로운 국가({country})에서 로그인한 뒤 {address}(으)로 {amount} {asset}({network}) 출금이 요청되었습니다. 해당 출금은 보류했습니다. 본인이 하신 것인가요? 이 대화에서 확인해 주세요. 본인이 아니라면 지금 바로 비밀번호를 변경하고 어떤 코드도 다른 사람에게 알려 주지 마세요.",
        "Мы заметили вход в ваш аккаунт из новой страны ({country}), после которого был запрошен вывод {amount} {asset} ({network}) на адрес {address}. Мы приостановили этот вывод. Это были вы? Подтвердите, пожалуйста, ответом здесь. Если это были не вы, немедленно смените пароль и никому не сообщайте коды.",
        "Detectamos un inicio de sesión en tu cuenta desde un país nuevo ({country}), seguido de un retiro de {amount} {asset} ({network}) a {address}. Hemos pausado el retiro. ¿Fuiste tú? Responde aquí para confirmarlo. Si no fuiste tú, cambia tu contraseña ahora y no compartas ningún código con nadie.",
        "Chúng tôi thấy tài khoản của bạn đăng nhập từ một quốc gia mới ({country}), sau đó có lệnh rút {amount} {asset} ({network}) đến {address}. Chúng tôi đã tạm giữ lệnh rút này. Có phải bạn không? Vui lòng trả lời tại đây để xác nhận. Nếu không phải bạn, hãy đổi mật khẩu ngay và không chia sẻ bất kỳ mã nào với ai.",
        "Hesabınıza yeni bir ülkeden ({country}) giriş yapıldığını ve ardından {address} adresine {amount} {asset} ({network}) çekim talebi oluşturulduğunu gördük. Çekimi beklemeye aldık. Bu işlemi siz mi yaptınız? Lütfen buradan yanıtlayarak onaylayın. Siz değilseniz hemen şifrenizi değiştirin ve hiçbir kodu kimseyle paylaşmayın.",
    },
    [HOLD_TEXT_RELEASED] = {
        "Thank you for confirming. Your withdrawal of {amount} {asset} ({network}) to {address} has passed our security check and has been released.",
        "感谢您的确认。您提往 {address} 的 {amount} {asset}（{network}）提现已通过安全核查并已放行。",
        "感謝您的確認。您提往 {address} 的 {amount} {asset}（{network}）提領已通過安全核查並已放行。",
        "ご確認ありがとうございました。{address} 宛ての {amount} {asset}（{network}）の出金はセキュリティ確認を通過し、処理を再開しました。",
        "확인해 주셔서 감사합니다. {address}(으)로 보내는 {amount} {asset}({network}) 출금이 보안 확인을 통과하여 처리되었습니다.",
        "Спасибо за подтверждение. Ваш вывод {amount} {asset} ({network}) на адрес {address} прошёл проверку безопасности и отправлен.",
        "Gracias por confirmarlo. Tu retiro de {amount} {asset} ({network}) a {address} ha superado nuestra revisión de seguridad y se ha liberado.",
        "Cảm ơn bạn đã xác nhận. Lệnh rút {amount} {asset} ({network}) đến {address} đã qua kiểm tra bảo mật và đã được xử lý.",
        "Onayınız için teşekkürler. {address} adresine {amount} {asset} ({network}) çekiminiz güvenlik kontrolünden geçti ve serbest bırakıldı.",
    },
    [HOLD_TEXT_CANCELLED] = {
        "To protect your funds we have cancelled your withdrawal of {amount} {asset} ({network}) to {address}. The amount and fee are back in your available balance. If you still want to send it, please reply here first so we can check the address with you.",
        "为保护您的资产，我们已取消您提往 {address} 的 {amount} {asset}（{network}）提现。金额和手续费已退回您的可用余额。如仍需转出，请先在此回复，我们会与您一起核对地址。",
        "為保護您的資產，我們已取消您提往 {address} 的 {amount} {asset}（{network}）提領。金額與手續費已退回您的可用餘額。如仍需轉出，請先在此回覆，我們會與您一起核對地址。",
        "お客様の資産を守るため、{address} 宛ての {amount} {asset}（{network}）の出金をキャンセルしました。金額と手数料は利用可能残高に戻っています。改めて送金される場合は、まずこのスレッドでご連絡ください。一緒にアドレスを確認します。",
        "자산 보호를 위해 {address}(으)로 보내는 {amount} {asset}({network}) 출금을 취소했습니다. 금액과 수수료는 사용 가능 잔액으로 돌아갔습니다. 다시 보내시려면 먼저 이 대화에 답장해 주세요. 함께 주소를 확인해 드리겠습니다.",
        "Чтобы защитить ваши средства, мы отменили вывод {amount} {asset} ({network}) на адрес {address}. Сумма и комиссия возвращены на ваш доступный баланс. Если вы всё же хотите отправить средства, сначала напишите здесь, и мы вместе проверим адрес.",
        "Para proteger tus fondos hemos cancelado tu retiro de {amount} {asset} ({network}) a {address}. El importe y la comisión han vuelto a tu saldo disponible. Si aún quieres enviarlo, responde aquí primero para que revisemos la dirección contigo.",
        "Để bảo vệ tài sản của bạn, chúng tôi đã hủy lệnh rút {amount} {asset} ({network}) đến {address}. Số tiền và phí đã được hoàn về số dư khả dụng. Nếu bạn vẫn muốn chuyển, vui lòng trả lời tại đây trước để chúng tôi cùng bạn kiểm tra địa chỉ.",
        "Varlıklarınızı korumak için {address} adresine {amount} {asset} ({network}) çekiminizi iptal ettik. Tutar ve ücret kullanılabilir bakiyenize iade edildi. Yine de göndermek isterseniz, adresi birlikte kontrol edebilmemiz için lütfen önce buradan yanıt verin.",
    },
    [HOLD_TEXT_MISSING_MEMO] = {
        "We saw your deposit of {amount} {asset} ({network}) arrive at our shared address without its memo/tag, so it could not be credited automatically. Your funds are safe. Please reply here with the transaction ID and your memo; we will check it and credit it, or guide you through a recovery request.",
        "我们发现您的 {amount} {asset}（{network}）充值到达了我们的共享地址，但缺少备注（memo/tag），因此无法自动入账。您的资金是安全的。请在此回复交易哈希（TxID）和您的备注，我们核实后为您入账，或指导您提交找回申请。",
        "我們發現您的 {amount} {asset}（{network}）儲值到達了我們的共用地址，但缺少備註（memo/tag），因此無法自動入帳。您的資金是安全的。請在此回覆交易雜湊（TxID）與您的備註，我們核實後為您入帳，或引導您提交找回申請。",
        "{amount} {asset}（{network}）の入金がメモ/タグなしで当社の共有アドレスに届いたため、自動で反映できませんでした。資金は安全です。このスレッドにトランザクションIDとメモをお送りください。確認のうえ反映するか、回復申請の手順をご案内します。",
        "{amount} {asset}({network}) 입금이 메모/태그 없이 공용 주소로 도착하여 자동으로 반영되지 않았습니다. 자산은 안전합니다. 이 대화에 트랜잭션 ID와 메모를 보내 주시면 확인 후 반영해 드리거나 복구 신청 절차를 안내해 드리겠습니다.",
        "Мы увидели ваш депозит {amount} {asset} ({network}), пришедший на наш общий адрес без memo/тега, поэтому он не был зачислен автоматически. Ваши средства в безопасности. Ответьте здесь, указав ID транзакции и ваш memo: мы проверим и зачислим его или поможем подать заявку на восстановление.",
        "Vimos que tu depósito de {amount} {asset} ({network}) llegó a nuestra dirección compartida sin su memo/etiqueta, por lo que no se pudo acreditar automáticamente. Tus fondos están seguros. Responde aquí con el ID de la transacción y tu memo; lo revisaremos y lo acreditaremos, o te guiaremos en una solicitud de recuperación.",
        "Chúng tôi thấy khoản nạp {amount} {asset} ({network}) của bạn đến địa chỉ dùng chung mà không có memo/tag nên chưa thể ghi có tự động. Tài sản của bạn vẫn an toàn. Vui lòng trả lời tại đây với mã giao dịch (TxID) và memo của bạn; chúng tôi sẽ kiểm tra và ghi có, hoặc hướng dẫn bạn gửi yêu cầu khôi phục.",
        "{amount} {asset} ({network}) yatırımınızın ortak adresimize memo/etiket olmadan ulaştığını gördük; bu yüzden otomatik olarak hesabınıza geçirilemedi. Fonlarınız güvende. Lütfen buradan işlem kimliğini (TxID) ve memo'nuzu yanıtlayın; kontrol edip hesabınıza geçireceğiz ya da kurtarma talebinde size yol göstereceğiz.",
    },
    [HOLD_TEXT_NEW_COUNTRY] = {
        "We noticed a login to your account from a new country ({country}). If this was you, no action is needed. If it was not, reply here at once, change your password and do not share any codes with anyone. We will never ask for your password, 2FA code or seed phrase.",
        "我们注意到您的账户有一次来自新国家/地区（{country}）的登录。如果是您本人，无需任何操作。如果不是，请立即在此回复、修改密码，且不要向任何人透露任何验证码。我们绝不会索要您的密码、2FA 验证码或助记词。",
        "我們注意到您的帳戶有一次來自新國家/地區（{country}）的登入。如果是您本人，無需任何操作。如果不是，請立即在此回覆、變更密碼，且不要向任何人透露任何驗證碼。我們絕不會索取您的密碼、2FA 驗證碼或助記詞。",
        "新しい国（{country}）からお客様のアカウントへのログインがありました。ご本人であれば対応は不要です。お心当たりがない場合は、すぐにこのスレッドでご連絡のうえパスワードを変更し、どのコードも他人に教えないでください。当社がパスワード、2FAコード、シードフレーズを求めることは決してありません。",
        "새로운 국가({country})에서 계정에 로그인한 기록이 있습니다. 본인이라면 아무 조치도 필요 없습니다. 본인이 아니라면 즉시 이 대화에 답장하고 비밀번호를 변경하며 어떤 코드도 다른 사람에게 알려 주지 마세요. 저희는 절대 비밀번호, 2FA 코드, 시드 문구를 요청하지 않습니다.",
        "Мы заметили вход в ваш аккаунт из новой страны ({country}). Если это были вы, ничего делать не нужно. Если нет — немедленно ответьте здесь, смените пароль и никому не сообщайте коды. Мы никогда не спрашиваем пароль, код 2FA или сид-фразу.",
        "Detectamos un inicio de sesión en tu cuenta desde un país nuevo ({country}). Si fuiste tú, no tienes que hacer nada. Si no, responde aquí de inmediato, cambia tu contraseña y no compartas ningún código con nadie. Nunca te pediremos tu contraseña, tu código 2FA ni tu frase semilla.",
        "Chúng tôi thấy tài khoản của bạn đăng nhập từ một quốc gia mới ({country}). Nếu đó là bạn, bạn không cần làm gì. Nếu không, hãy trả lời tại đây ngay, đổi mật khẩu và không chia sẻ bất kỳ mã nào với ai. Chúng tôi không bao giờ hỏi mật khẩu, mã 2FA hay cụm từ khôi phục của bạn.",
        "Hesabınıza yeni bir ülkeden ({country}) giriş yapıldığını fark ettik. Bu sizseniz bir şey yapmanıza gerek yok. Siz değilseniz hemen buradan yanıt verin, şifrenizi değiştirin ve hiçbir kodu kimseyle paylaşmayın. Şifrenizi, 2FA kodunuzu veya kurtarma ifadenizi asla sormayız.",
    },
};

const char *hold_text_language(const char *tag)
{
	if (!tag || !*tag)
		return "en";
	for (size_t i = 0; i < NLANG; i++)
		if (!strcasecmp(tag, langs[i]))
			return langs[i];
	if (!strncasecmp(tag, "zh", 2) && (tag[2] == '\0' || tag[2] == '-' || tag[2] == '_')) {
		/* Traditional script, or a region that writes it, reads zh-TW; the rest zh-CN.
		 * Subtags are compared whole, '-' or '_' between them. */
		for (const char *p = tag + 2; *p == '-' || *p == '_';) {
			p++;
			size_t n = strcspn(p, "-_");
			if ((n == 4 && !strncasecmp(p, "Hant", 4)) ||
			    (n == 2 && (!strncasecmp(p, "TW", 2) || !strncasecmp(p, "HK", 2) ||
			                !strncasecmp(p, "MO", 2))))
				return "zh-TW";
			p += n;
		}
		return "zh-CN";
	}
	size_t pl = strcspn(tag, "-_");
	for (size_t i = 0; i < NLANG; i++)
		if (strlen(langs[i]) == pl && !strncasecmp(tag, langs[i], pl))
			return langs[i];
	return "en";
}

const char *hold_text_template(enum hold_text t, const char *tag)
{
	if ((unsigned)t >= HOLD_TEXT_COUNT)
		return "";
	const char *l = hold_text_language(tag);
	for (size_t i = 0; i < NLANG; i++)
		if (!strcmp(l, langs[i]))
			return texts[t][i];
	return texts[t][0];
}

static size_t put(char *out, size_t size, size_t at, const char *s, size_t n)
{
	if (at >= size - 1)
		return at;
	if (n > size - 1 - at) {
		n = size - 1 - at;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) /* not inside a character */
			n--;
	}
	memcpy(out + at, s, n);
	return at + n;
}

char *hold_text_fill(enum hold_text t, const char *tag, const struct hold_text_vars *v, char *out,
                     size_t out_size)
{
	static const char *const names[] = {"amount", "asset", "network", "address", "country"};
	const char *vals[] = {v ? v->amount : NULL, v ? v->asset : NULL, v ? v->network : NULL,
	                      v ? v->address : NULL, v ? v->country : NULL};
	if (!out || out_size == 0)
		return out;
	const char *s = hold_text_template(t, tag);
	size_t at = 0;
	while (*s) {
		const char *open = strchr(s, '{');
		if (!open) {
			at = put(out, out_size, at, s, strlen(s));
			break;
		}
		at = put(out, out_size, at, s, (size_t)(open - s));
		const char *close = strchr(open, '}');
		size_t k = 0;
		for (; close && k < sizeof names / sizeof names[0]; k++)
			if (strlen(names[k]) == (size_t)(close - open - 1) &&
			    !strncmp(open + 1, names[k], (size_t)(close - open - 1)))
				break;
		if (!close || k == sizeof names / sizeof names[0]) {
			at = put(out, out_size, at, "{", 1);
			s = open + 1;
			continue;
		}
		if (vals[k])
			at = put(out, out_size, at, vals[k], strlen(vals[k]));
		s = close + 1;
	}
	out[at] = '\0';
	return out;
}
