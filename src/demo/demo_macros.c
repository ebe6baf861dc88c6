/* demo_macros.c — see demo_macros.h.
 *
 * The texts are written as each market's exchange support writes (the same register as the demo
 * tickets' replies in demo_texts.c): Japanese opens with 様 and signs with the desk's name,
 * Korean closes with 드림, Spanish and Vietnamese address the customer formally. Every text that
 * asks for something reminds the customer that the desk never asks for passwords, 2FA codes or
 * seed phrases: "support" asking for them is the commonest theft on exchanges. The internal note
 * is English only, as the demo's notes are: it shows the fallback to the default variant. */
#include "demo/demo_macros.h"

#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "http/auth.h"
#include "util/log.h"

enum { L_EN, L_ZH_CN, L_ZH_TW, L_JA, L_KO, L_RU, L_ES, L_VI, L_TR, L_COUNT };
static const char *const locales[L_COUNT] = {"en", "zh-CN", "zh-TW", "ja", "ko",
                                             "ru", "es",    "vi",    "tr"};

struct demo_macro {
	const char *name;
	const char *group;   /* group name; NULL = desk-wide */
	const char *actions; /* JSON object, as POST /api/v1/macros takes it */
	const char *variants[L_COUNT];
};

/* clang-format off */
static const struct demo_macro macros[] = {
    {
        .name = "Deposit not arrived — ask for TxID",
        .group = NULL,
        .actions = "{\"status\":\"pending\",\"add_tags\":[\"deposit\",\"txid_requested\"]}",
        .variants =
            {
                [L_EN] =
                    "Hello {{customer.name}},\n"
                    "\n"
                    "Thank you for contacting us about your deposit ({{ticket.number}}). To trace it, please send us:\n"
                    "1. The transaction hash (TxID) of the transfer\n"
                    "2. The coin and the network you used (for example USDT on TRC20)\n"
                    "3. The amount and the approximate time of the transfer\n"
                    "\n"
                    "You can find the TxID in the withdrawal history of the wallet or platform you sent from. Deposits are credited after the required number of network confirmations, which can take longer when the network is busy.\n"
                    "\n"
                    "Best regards,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_ZH_CN] =
                    "{{customer.name}}，您好！\n"
                    "\n"
                    "感谢您就充值问题（{{ticket.number}}）联系我们。为了帮您查询，请提供以下信息：\n"
                    "1. 转账的交易哈希（TxID）\n"
                    "2. 币种和所用网络（例如 USDT-TRC20）\n"
                    "3. 充值金额和大致转账时间\n"
                    "\n"
                    "TxID 可以在您转出的钱包或平台的提现记录中找到。充值需要达到规定的区块确认数后才会到账，网络拥堵时可能需要更长时间。\n"
                    "\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_ZH_TW] =
                    "{{customer.name}}，您好：\n"
                    "\n"
                    "感謝您就入金問題（{{ticket.number}}）與我們聯繫。為了協助查詢，請提供：\n"
                    "1. 轉帳的交易雜湊（TxID）\n"
                    "2. 幣種及使用的網路（例如 USDT-TRC20）\n"
                    "3. 金額與大約的轉帳時間\n"
                    "\n"
                    "TxID 可在您轉出的錢包或平台的提領紀錄中找到。入金需達到規定的區塊確認數後才會入帳，網路壅塞時可能需要較長時間。\n"
                    "\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_JA] =
                    "{{customer.name}}様\n"
                    "\n"
                    "お問い合わせ（{{ticket.number}}）いただきありがとうございます。入金状況をお調べするため、以下の情報をお送りください。\n"
                    "1. 送金のトランザクションID（TxID）\n"
                    "2. 通貨と利用したネットワーク（例：USDT・TRC20）\n"
                    "3. 送金額とおおよその送金日時\n"
                    "\n"
                    "TxIDは送金元のウォレットまたは取引所の出金履歴でご確認いただけます。入金は所定のブロック承認数に達した後に反映され、ネットワークの混雑時は時間がかかる場合がございます。\n"
                    "\n"
                    "{{desk.name}} {{agent.name}}",
                [L_KO] =
                    "{{customer.name}}님, 안녕하세요.\n"
                    "\n"
                    "입금 문의({{ticket.number}})를 주셔서 감사합니다. 입금 내역을 확인할 수 있도록 다음 정보를 보내 주세요.\n"
                    "1. 송금 트랜잭션 해시(TxID)\n"
                    "2. 코인과 사용하신 네트워크(예: USDT TRC20)\n"
                    "3. 송금 금액과 대략적인 송금 시간\n"
                    "\n"
                    "TxID는 송금하신 지갑이나 거래소의 출금 내역에서 확인하실 수 있습니다. 입금은 필요한 블록 컨펌 수가 충족된 후 반영되며, 네트워크가 혼잡할 때는 시간이 더 걸릴 수 있습니다.\n"
                    "\n"
                    "{{desk.name}} {{agent.name}} 드림",
                [L_RU] =
                    "Здравствуйте, {{customer.name}}!\n"
                    "\n"
                    "Спасибо за обращение по поводу пополнения ({{ticket.number}}). Чтобы найти ваш перевод, пришлите, пожалуйста:\n"
                    "1. Хэш транзакции (TxID)\n"
                    "2. Монету и сеть перевода (например, USDT в сети TRC20)\n"
                    "3. Сумму и примерное время перевода\n"
                    "\n"
                    "TxID можно найти в истории выводов кошелька или платформы, с которой вы отправляли средства. Пополнение зачисляется после нужного числа подтверждений сети; при высокой нагрузке это может занять больше времени.\n"
                    "\n"
                    "С уважением,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_ES] =
                    "Hola, {{customer.name}}:\n"
                    "\n"
                    "Gracias por contactarnos sobre su depósito ({{ticket.number}}). Para rastrearlo, envíenos por favor:\n"
                    "1. El hash de la transacción (TxID)\n"
                    "2. La moneda y la red que utilizó (por ejemplo, USDT en TRC20)\n"
                    "3. El importe y la hora aproximada de la transferencia\n"
                    "\n"
                    "Encontrará el TxID en el historial de retiros de la billetera o plataforma desde la que envió los fondos. Los depósitos se acreditan tras las confirmaciones de red necesarias, lo que puede tardar más cuando la red está congestionada.\n"
                    "\n"
                    "Atentamente,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_VI] =
                    "Xin chào {{customer.name}},\n"
                    "\n"
                    "Cảm ơn Quý khách đã liên hệ về khoản nạp tiền ({{ticket.number}}). Để kiểm tra, Quý khách vui lòng gửi cho chúng tôi:\n"
                    "1. Mã giao dịch (TxID)\n"
                    "2. Loại coin và mạng lưới đã sử dụng (ví dụ: USDT mạng TRC20)\n"
                    "3. Số tiền và thời gian chuyển gần đúng\n"
                    "\n"
                    "Quý khách có thể tìm TxID trong lịch sử rút tiền của ví hoặc sàn đã chuyển. Khoản nạp sẽ được ghi có sau khi đủ số xác nhận trên mạng lưới; khi mạng tắc nghẽn, thời gian có thể lâu hơn.\n"
                    "\n"
                    "Trân trọng,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_TR] =
                    "Merhaba {{customer.name}},\n"
                    "\n"
                    "Yatırma işleminizle ilgili ({{ticket.number}}) bize ulaştığınız için teşekkür ederiz. İşlemi takip edebilmemiz için lütfen şunları gönderin:\n"
                    "1. Transferin işlem özeti (TxID)\n"
                    "2. Kullandığınız coin ve ağ (örneğin TRC20 ağında USDT)\n"
                    "3. Tutar ve yaklaşık transfer saati\n"
                    "\n"
                    "TxID'yi, gönderim yaptığınız cüzdanın veya platformun çekim geçmişinde bulabilirsiniz. Yatırmalar gerekli ağ onaylarından sonra hesaba geçer; ağ yoğun olduğunda bu süre uzayabilir.\n"
                    "\n"
                    "Saygılarımızla,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
            },
    },
    {
        .name = "Withdrawal under review",
        .group = NULL,
        .actions = "{\"status\":\"on_hold\",\"add_tags\":[\"withdrawal\",\"risk_review\"]}",
        .variants =
            {
                [L_EN] =
                    "Hello {{customer.name}},\n"
                    "\n"
                    "Your withdrawal is in a routine security review ({{ticket.number}}). The review protects your account and usually takes up to 24 hours. Your funds are safe, and you do not need to submit the withdrawal again.\n"
                    "\n"
                    "If our security team needs to confirm the withdrawal with you, they will contact you through the official channels shown in your account. We will never ask for your password, 2FA codes or seed phrase.\n"
                    "\n"
                    "Best regards,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_ZH_CN] =
                    "{{customer.name}}，您好！\n"
                    "\n"
                    "您的提现正在进行例行安全审核（{{ticket.number}}）。审核是为了保护您的账户安全，通常在 24 小时内完成。您的资产是安全的，无需重新提交提现。\n"
                    "\n"
                    "如需向您核实，我们的安全团队会通过账户中显示的官方渠道联系您。我们绝不会索要您的密码、二次验证码或助记词。\n"
                    "\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_ZH_TW] =
                    "{{customer.name}}，您好：\n"
                    "\n"
                    "您的提領正在進行例行安全審核（{{ticket.number}}）。審核是為了保護您的帳戶，通常在 24 小時內完成。您的資產安全無虞，無需重新申請提領。\n"
                    "\n"
                    "如需向您確認，我們的安全團隊會透過帳戶中顯示的官方管道與您聯繫。我們絕不會索取您的密碼、雙重驗證碼或助記詞。\n"
                    "\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_JA] =
                    "{{customer.name}}様\n"
                    "\n"
                    "ご依頼の出金は現在、定例のセキュリティ審査中です（{{ticket.number}}）。お客様の資産を守るための手続きで、通常24時間以内に完了いたします。資産は安全に保管されておりますので、出金を再申請していただく必要はございません。\n"
                    "\n"
                    "確認が必要な場合は、セキュリティ担当よりアカウントに表示されている公式の連絡手段でご連絡いたします。パスワード、二段階認証コード、シードフレーズをお尋ねすることは決してございません。\n"
                    "\n"
                    "{{desk.name}} {{agent.name}}",
                [L_KO] =
                    "{{customer.name}}님, 안녕하세요.\n"
                    "\n"
                    "요청하신 출금은 현재 정기 보안 심사 중입니다({{ticket.number}}). 고객님의 계정을 보호하기 위한 절차로, 보통 24시간 이내에 완료됩니다. 자산은 안전하게 보관되어 있으며 출금을 다시 신청하실 필요는 없습니다.\n"
                    "\n"
                    "확인이 필요한 경우 보안팀이 계정에 표시된 공식 채널로 연락드립니다. 저희는 비밀번호, 2단계 인증 코드, 시드 문구를 절대 요청하지 않습니다.\n"
                    "\n"
                    "{{desk.name}} {{agent.name}} 드림",
                [L_RU] =
                    "Здравствуйте, {{customer.name}}!\n"
                    "\n"
                    "Ваш вывод средств проходит плановую проверку безопасности ({{ticket.number}}). Она защищает ваш аккаунт и обычно занимает до 24 часов. Ваши средства в безопасности, повторно создавать заявку на вывод не нужно.\n"
                    "\n"
                    "Если службе безопасности понадобится подтвердить вывод, она свяжется с вами через официальные каналы, указанные в вашем аккаунте. Мы никогда не просим пароль, коды 2FA или сид-фразу.\n"
                    "\n"
                    "С уважением,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_ES] =
                    "Hola, {{customer.name}}:\n"
                    "\n"
                    "Su retiro está en una revisión de seguridad rutinaria ({{ticket.number}}). Esta revisión protege su cuenta y suele tardar hasta 24 horas. Sus fondos están seguros y no necesita solicitar el retiro de nuevo.\n"
                    "\n"
                    "Si nuestro equipo de seguridad necesita confirmar el retiro con usted, lo contactará por los canales oficiales que aparecen en su cuenta. Nunca le pediremos su contraseña, códigos 2FA ni su frase semilla.\n"
                    "\n"
                    "Atentamente,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_VI] =
                    "Xin chào {{customer.name}},\n"
                    "\n"
                    "Lệnh rút tiền của Quý khách đang được kiểm tra bảo mật định kỳ ({{ticket.number}}). Việc kiểm tra nhằm bảo vệ tài khoản của Quý khách và thường hoàn tất trong vòng 24 giờ. Tài sản của Quý khách vẫn an toàn, Quý khách không cần tạo lại lệnh rút.\n"
                    "\n"
                    "Nếu cần xác nhận, đội ngũ bảo mật sẽ liên hệ qua các kênh chính thức hiển thị trong tài khoản. Chúng tôi không bao giờ yêu cầu mật khẩu, mã 2FA hay cụm từ khôi phục (seed phrase).\n"
                    "\n"
                    "Trân trọng,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_TR] =
                    "Merhaba {{customer.name}},\n"
                    "\n"
                    "Çekim talebiniz rutin bir güvenlik incelemesinden geçiyor ({{ticket.number}}). Bu inceleme hesabınızı korur ve genellikle 24 saate kadar sürer. Varlıklarınız güvende; çekim talebini yeniden oluşturmanıza gerek yok.\n"
                    "\n"
                    "Güvenlik ekibimizin çekimi sizinle teyit etmesi gerekirse, hesabınızda görünen resmî kanallardan sizinle iletişime geçecektir. Şifrenizi, 2FA kodlarınızı veya kurtarma ifadenizi asla istemeyiz.\n"
                    "\n"
                    "Saygılarımızla,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
            },
    },
    {
        .name = "Wrong network or missing memo — recovery form",
        .group = NULL,
        .actions = "{\"status\":\"pending\",\"add_tags\":[\"recovery\",\"wrong_network\"]}",
        .variants =
            {
                [L_EN] =
                    "Hello {{customer.name}},\n"
                    "\n"
                    "Thank you for the details. A deposit sent on an unsupported network, or without the required memo/tag, is not credited automatically, but in most cases it can be recovered.\n"
                    "\n"
                    "Please fill in the deposit recovery form in your account (Assets → Deposit → Recovery request) with:\n"
                    "- the TxID\n"
                    "- the coin, the network you used and the amount\n"
                    "- the memo/tag, if the coin needs one\n"
                    "\n"
                    "Please quote your ticket number {{ticket.number}} in the form. Our recovery team reviews each request, and we will update you here.\n"
                    "\n"
                    "Best regards,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_ZH_CN] =
                    "{{customer.name}}，您好！\n"
                    "\n"
                    "感谢您提供的信息。通过不支持的网络转入、或未填写所需 MEMO/标签的充值不会自动到账，但大多数情况下可以找回。\n"
                    "\n"
                    "请在账户中填写充值找回申请（资产 → 充值 → 找回申请），并提供：\n"
                    "- 交易哈希（TxID）\n"
                    "- 币种、所用网络和金额\n"
                    "- MEMO/标签（如该币种需要）\n"
                    "\n"
                    "请在申请中注明工单号 {{ticket.number}}。找回团队会逐一审核，进展会在此告知您。\n"
                    "\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_ZH_TW] =
                    "{{customer.name}}，您好：\n"
                    "\n"
                    "感謝您提供的資訊。透過不支援的網路轉入、或未填寫所需 MEMO/標籤的入金不會自動入帳，但多數情況下可以找回。\n"
                    "\n"
                    "請在帳戶中填寫入金找回申請（資產 → 入金 → 找回申請），並提供：\n"
                    "- 交易雜湊（TxID）\n"
                    "- 幣種、使用的網路與金額\n"
                    "- MEMO/標籤（若該幣種需要）\n"
                    "\n"
                    "請在申請中註明案件編號 {{ticket.number}}。找回團隊會逐一審核，進度將在此通知您。\n"
                    "\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_JA] =
                    "{{customer.name}}様\n"
                    "\n"
                    "詳細をお知らせいただきありがとうございます。対応していないネットワークでの送金や、必要なメモ／タグのない送金は自動では反映されませんが、多くの場合は復旧が可能です。\n"
                    "\n"
                    "アカウントの「資産 → 入金 → 復旧申請」から、以下をご記入のうえお申し込みください。\n"
                    "- トランザクションID（TxID）\n"
                    "- 通貨、利用したネットワーク、金額\n"
                    "- メモ／タグ（必要な通貨の場合）\n"
                    "\n"
                    "申請の際はお問い合わせ番号 {{ticket.number}} をご記載ください。復旧担当が一件ずつ確認し、進捗はこちらでご連絡いたします。\n"
                    "\n"
                    "{{desk.name}} {{agent.name}}",
                [L_KO] =
                    "{{customer.name}}님, 안녕하세요.\n"
                    "\n"
                    "자세한 내용을 알려 주셔서 감사합니다. 지원하지 않는 네트워크로 보내셨거나 필요한 메모/태그 없이 보내신 입금은 자동으로 반영되지 않지만, 대부분 복구가 가능합니다.\n"
                    "\n"
                    "계정의 '자산 → 입금 → 복구 신청'에서 다음 정보를 입력해 신청해 주세요.\n"
                    "- 트랜잭션 해시(TxID)\n"
                    "- 코인, 사용하신 네트워크, 금액\n"
                    "- 메모/태그(필요한 코인인 경우)\n"
                    "\n"
                    "신청서에 문의 번호 {{ticket.number}}를 함께 적어 주세요. 복구팀이 건별로 검토하며 진행 상황은 이곳으로 안내드리겠습니다.\n"
                    "\n"
                    "{{desk.name}} {{agent.name}} 드림",
                [L_RU] =
                    "Здравствуйте, {{customer.name}}!\n"
                    "\n"
                    "Спасибо за подробности. Пополнение, отправленное в неподдерживаемой сети или без нужного мемо/тега, не зачисляется автоматически, но в большинстве случаев его можно вернуть.\n"
                    "\n"
                    "Заполните, пожалуйста, заявку на восстановление депозита в аккаунте (Активы → Пополнение → Заявка на восстановление) и укажите:\n"
                    "- TxID\n"
                    "- монету, сеть и сумму\n"
                    "- мемо/тег, если он нужен для этой монеты\n"
                    "\n"
                    "Укажите в заявке номер обращения {{ticket.number}}. Команда восстановления рассматривает каждую заявку, о ходе работы мы сообщим здесь.\n"
                    "\n"
                    "С уважением,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_ES] =
                    "Hola, {{customer.name}}:\n"
                    "\n"
                    "Gracias por los detalles. Un depósito enviado por una red no compatible, o sin el memo/etiqueta necesario, no se acredita automáticamente, pero en la mayoría de los casos se puede recuperar.\n"
                    "\n"
                    "Complete el formulario de recuperación de depósitos en su cuenta (Activos → Depositar → Solicitud de recuperación) con:\n"
                    "- el TxID\n"
                    "- la moneda, la red utilizada y el importe\n"
                    "- el memo/etiqueta, si la moneda lo requiere\n"
                    "\n"
                    "Indique en el formulario su número de caso {{ticket.number}}. Nuestro equipo de recuperación revisa cada solicitud y le informaremos aquí.\n"
                    "\n"
                    "Atentamente,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_VI] =
                    "Xin chào {{customer.name}},\n"
                    "\n"
                    "Cảm ơn Quý khách đã cung cấp thông tin. Khoản nạp gửi qua mạng lưới không được hỗ trợ, hoặc thiếu memo/tag bắt buộc, sẽ không được ghi có tự động, nhưng trong đa số trường hợp có thể khôi phục.\n"
                    "\n"
                    "Quý khách vui lòng điền đơn khôi phục nạp tiền trong tài khoản (Tài sản → Nạp tiền → Yêu cầu khôi phục) với:\n"
                    "- Mã giao dịch (TxID)\n"
                    "- Loại coin, mạng lưới đã dùng và số tiền\n"
                    "- Memo/tag (nếu coin yêu cầu)\n"
                    "\n"
                    "Vui lòng ghi mã yêu cầu {{ticket.number}} trong đơn. Bộ phận khôi phục sẽ xem xét từng yêu cầu và chúng tôi sẽ cập nhật tại đây.\n"
                    "\n"
                    "Trân trọng,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_TR] =
                    "Merhaba {{customer.name}},\n"
                    "\n"
                    "Bilgiler için teşekkür ederiz. Desteklenmeyen bir ağdan ya da gerekli memo/etiket olmadan gönderilen yatırmalar otomatik olarak hesaba geçmez, ancak çoğu durumda kurtarılabilir.\n"
                    "\n"
                    "Lütfen hesabınızdaki yatırma kurtarma formunu (Varlıklar → Yatırma → Kurtarma talebi) şu bilgilerle doldurun:\n"
                    "- TxID\n"
                    "- coin, kullandığınız ağ ve tutar\n"
                    "- coin gerektiriyorsa memo/etiket\n"
                    "\n"
                    "Formda talep numaranızı ({{ticket.number}}) belirtin. Kurtarma ekibimiz her talebi inceler; gelişmeleri buradan size bildireceğiz.\n"
                    "\n"
                    "Saygılarımızla,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
            },
    },
    {
        .name = "2FA reset steps",
        .group = NULL,
        .actions = "{\"status\":\"pending\",\"add_tags\":[\"2fa_reset\"]}",
        .variants =
            {
                [L_EN] =
                    "Hello {{customer.name}},\n"
                    "\n"
                    "To reset your two-factor authentication (2FA):\n"
                    "1. On the login page, enter your email and password, then choose \"Lost access to 2FA?\"\n"
                    "2. Follow the steps to verify your identity: a selfie check and the ID document you used for verification\n"
                    "3. Once approved (usually within 24 hours), log in and bind a new authenticator app\n"
                    "\n"
                    "For your security, withdrawals are paused for 24 hours after a 2FA reset. We will never ask for your password, 2FA codes or seed phrase in this conversation.\n"
                    "\n"
                    "Best regards,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_ZH_CN] =
                    "{{customer.name}}，您好！\n"
                    "\n"
                    "重置二次验证（2FA）的步骤如下：\n"
                    "1. 在登录页输入邮箱和密码后，选择“无法使用二次验证？”\n"
                    "2. 按提示完成身份验证：人脸识别，以及您实名认证时使用的证件\n"
                    "3. 审核通过后（通常 24 小时内），登录并绑定新的验证器应用\n"
                    "\n"
                    "为了您的资产安全，重置 2FA 后 24 小时内将暂停提现。我们不会在本对话中索要您的密码、验证码或助记词。\n"
                    "\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_ZH_TW] =
                    "{{customer.name}}，您好：\n"
                    "\n"
                    "重設雙重驗證（2FA）的步驟如下：\n"
                    "1. 在登入頁輸入電子郵件與密碼後，選擇「無法使用雙重驗證？」\n"
                    "2. 依指示完成身分驗證：臉部辨識，以及您實名認證時使用的證件\n"
                    "3. 審核通過後（通常 24 小時內），登入並綁定新的驗證器應用程式\n"
                    "\n"
                    "為保障您的資產安全，重設 2FA 後 24 小時內將暫停提領。我們不會在此對話中索取您的密碼、驗證碼或助記詞。\n"
                    "\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_JA] =
                    "{{customer.name}}様\n"
                    "\n"
                    "二段階認証（2FA）のリセット手順は以下のとおりです。\n"
                    "1. ログイン画面でメールアドレスとパスワードを入力し、「二段階認証が利用できない場合」を選択\n"
                    "2. 画面の案内に従い、本人確認（セルフィー撮影と、本人確認で使用した身分証）を実施\n"
                    "3. 承認後（通常24時間以内）、ログインして新しい認証アプリを登録\n"
                    "\n"
                    "セキュリティのため、2FAのリセット後24時間は出金が停止されます。本件のやり取りでパスワード、認証コード、シードフレーズをお尋ねすることはございません。\n"
                    "\n"
                    "{{desk.name}} {{agent.name}}",
                [L_KO] =
                    "{{customer.name}}님, 안녕하세요.\n"
                    "\n"
                    "2단계 인증(2FA) 재설정 방법은 다음과 같습니다.\n"
                    "1. 로그인 화면에서 이메일과 비밀번호를 입력한 뒤 '2단계 인증을 사용할 수 없나요?'를 선택합니다\n"
                    "2. 안내에 따라 본인 확인(셀피 인증 및 인증 시 사용한 신분증)을 진행합니다\n"
                    "3. 승인 후(보통 24시간 이내) 로그인하여 새 인증 앱을 등록합니다\n"
                    "\n"
                    "보안을 위해 2FA 재설정 후 24시간 동안 출금이 제한됩니다. 이 대화에서 비밀번호, 인증 코드, 시드 문구를 요청하는 일은 절대 없습니다.\n"
                    "\n"
                    "{{desk.name}} {{agent.name}} 드림",
                [L_RU] =
                    "Здравствуйте, {{customer.name}}!\n"
                    "\n"
                    "Чтобы сбросить двухфакторную аутентификацию (2FA):\n"
                    "1. На странице входа введите e-mail и пароль, затем выберите «Нет доступа к 2FA?»\n"
                    "2. Пройдите проверку личности: селфи и документ, который вы использовали при верификации\n"
                    "3. После одобрения (обычно в течение 24 часов) войдите в аккаунт и привяжите новое приложение-аутентификатор\n"
                    "\n"
                    "В целях безопасности вывод средств приостанавливается на 24 часа после сброса 2FA. Мы никогда не попросим у вас пароль, коды 2FA или сид-фразу.\n"
                    "\n"
                    "С уважением,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_ES] =
                    "Hola, {{customer.name}}:\n"
                    "\n"
                    "Para restablecer su autenticación en dos pasos (2FA):\n"
                    "1. En la página de inicio de sesión, introduzca su correo y contraseña y elija «¿Perdió el acceso a 2FA?»\n"
                    "2. Siga los pasos para verificar su identidad: una selfi y el documento que usó en la verificación\n"
                    "3. Una vez aprobado (normalmente en 24 horas), inicie sesión y vincule una nueva aplicación de autenticación\n"
                    "\n"
                    "Por su seguridad, los retiros quedan pausados 24 horas después de restablecer el 2FA. Nunca le pediremos su contraseña, códigos 2FA ni su frase semilla en esta conversación.\n"
                    "\n"
                    "Atentamente,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_VI] =
                    "Xin chào {{customer.name}},\n"
                    "\n"
                    "Để đặt lại xác thực hai yếu tố (2FA), Quý khách vui lòng:\n"
                    "1. Tại trang đăng nhập, nhập email và mật khẩu, sau đó chọn \"Không thể dùng 2FA?\"\n"
                    "2. Làm theo hướng dẫn để xác minh danh tính: chụp ảnh selfie và giấy tờ tùy thân đã dùng khi xác minh\n"
                    "3. Sau khi được duyệt (thường trong vòng 24 giờ), đăng nhập và liên kết ứng dụng xác thực mới\n"
                    "\n"
                    "Vì lý do an toàn, chức năng rút tiền sẽ tạm ngưng 24 giờ sau khi đặt lại 2FA. Chúng tôi không bao giờ yêu cầu mật khẩu, mã 2FA hay cụm từ khôi phục trong cuộc trò chuyện này.\n"
                    "\n"
                    "Trân trọng,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_TR] =
                    "Merhaba {{customer.name}},\n"
                    "\n"
                    "İki aşamalı doğrulamanızı (2FA) sıfırlamak için:\n"
                    "1. Giriş sayfasında e-posta adresinizi ve şifrenizi girin, ardından \"2FA erişimimi kaybettim\" seçeneğini seçin\n"
                    "2. Kimlik doğrulama adımlarını izleyin: özçekim ve doğrulamada kullandığınız kimlik belgesi\n"
                    "3. Onaylandıktan sonra (genellikle 24 saat içinde) giriş yapıp yeni bir doğrulama uygulaması bağlayın\n"
                    "\n"
                    "Güvenliğiniz için 2FA sıfırlandıktan sonra çekimler 24 saat durdurulur. Bu görüşmede şifrenizi, 2FA kodlarınızı veya kurtarma ifadenizi asla istemeyiz.\n"
                    "\n"
                    "Saygılarımızla,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
            },
    },
    {
        .name = "Thanks & solve",
        .group = NULL,
        .actions = "{\"status\":\"solved\",\"remove_tags\":[\"txid_requested\"]}",
        .variants =
            {
                [L_EN] =
                    "Hello {{customer.name}},\n"
                    "\n"
                    "Thank you for your patience. We are glad the issue is resolved, so we are closing this request ({{ticket.number}}). If anything else comes up, just reply here and we will pick it up again.\n"
                    "\n"
                    "Have a great day!\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_ZH_CN] =
                    "{{customer.name}}，您好！\n"
                    "\n"
                    "感谢您的耐心等待。很高兴问题已经解决，我们将关闭本次咨询（{{ticket.number}}）。如有其他问题，直接回复即可，我们会继续为您处理。\n"
                    "\n"
                    "祝您生活愉快！\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_ZH_TW] =
                    "{{customer.name}}，您好：\n"
                    "\n"
                    "感謝您的耐心等候。很高興問題已經解決，本案件（{{ticket.number}}）將予以結案。如有其他問題，直接回覆即可，我們會繼續為您處理。\n"
                    "\n"
                    "祝您順心！\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_JA] =
                    "{{customer.name}}様\n"
                    "\n"
                    "お待たせいたしました。問題が解決したとのことで、本件（{{ticket.number}}）はこれにて完了とさせていただきます。ほかにご不明な点がございましたら、このままご返信ください。引き続き対応いたします。\n"
                    "\n"
                    "今後ともよろしくお願いいたします。\n"
                    "{{desk.name}} {{agent.name}}",
                [L_KO] =
                    "{{customer.name}}님, 안녕하세요.\n"
                    "\n"
                    "기다려 주셔서 감사합니다. 문제가 해결되어 이번 문의({{ticket.number}})를 종료하겠습니다. 다른 문의가 있으시면 이곳으로 답장해 주세요. 계속 도와드리겠습니다.\n"
                    "\n"
                    "좋은 하루 보내세요.\n"
                    "{{desk.name}} {{agent.name}} 드림",
                [L_RU] =
                    "Здравствуйте, {{customer.name}}!\n"
                    "\n"
                    "Спасибо за терпение. Рады, что вопрос решён, поэтому закрываем обращение ({{ticket.number}}). Если появятся другие вопросы, просто ответьте на это сообщение — мы продолжим.\n"
                    "\n"
                    "Хорошего дня!\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_ES] =
                    "Hola, {{customer.name}}:\n"
                    "\n"
                    "Gracias por su paciencia. Nos alegra que el problema esté resuelto, así que cerramos esta solicitud ({{ticket.number}}). Si surge cualquier otra cosa, responda aquí y la retomaremos.\n"
                    "\n"
                    "¡Que tenga un buen día!\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_VI] =
                    "Xin chào {{customer.name}},\n"
                    "\n"
                    "Cảm ơn Quý khách đã kiên nhẫn chờ đợi. Rất vui vì vấn đề đã được giải quyết, chúng tôi xin đóng yêu cầu này ({{ticket.number}}). Nếu cần hỗ trợ thêm, Quý khách chỉ cần trả lời tại đây.\n"
                    "\n"
                    "Chúc Quý khách một ngày tốt lành!\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
                [L_TR] =
                    "Merhaba {{customer.name}},\n"
                    "\n"
                    "Sabrınız için teşekkür ederiz. Sorunun çözülmesine sevindik; bu talebi ({{ticket.number}}) kapatıyoruz. Başka bir konu olursa buradan yanıt vermeniz yeterli, kaldığımız yerden devam ederiz.\n"
                    "\n"
                    "İyi günler dileriz!\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}",
            },
    },
    {
        .name = "VIP callback",
        .group = "VIP",
        .actions = "{\"status\":\"pending\",\"priority\":\"high\",\"add_tags\":[\"vip_callback\"]}",
        .variants =
            {
                [L_EN] =
                    "Hello {{customer.name}},\n"
                    "\n"
                    "Thank you for being a VIP client. I will call you personally within the next 30 minutes on the phone number registered in your account, regarding request {{ticket.number}}.\n"
                    "\n"
                    "On the phone we will never ask for your password, 2FA codes or seed phrase. If another time suits you better, just reply here with the time.\n"
                    "\n"
                    "Kind regards,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}} · VIP Service",
                [L_ZH_CN] =
                    "{{customer.name}}，您好！\n"
                    "\n"
                    "感谢您作为我们的 VIP 客户。关于工单 {{ticket.number}}，我将在 30 分钟内通过您账户绑定的手机号亲自致电您。\n"
                    "\n"
                    "电话中我们绝不会索要您的密码、验证码或助记词。如您希望另约时间，请直接回复您方便的时间。\n"
                    "\n"
                    "{{agent.name}}\n"
                    "{{desk.name}} VIP 服务",
                [L_ZH_TW] =
                    "{{customer.name}}，您好：\n"
                    "\n"
                    "感謝您成為我們的 VIP 客戶。關於案件 {{ticket.number}}，我將在 30 分鐘內透過您帳戶綁定的手機號碼親自致電。\n"
                    "\n"
                    "電話中我們絕不會索取您的密碼、驗證碼或助記詞。若您希望另約時間，請直接回覆方便的時段。\n"
                    "\n"
                    "{{agent.name}}\n"
                    "{{desk.name}} VIP 服務",
                [L_JA] =
                    "{{customer.name}}様\n"
                    "\n"
                    "いつもご利用いただきありがとうございます。お問い合わせ（{{ticket.number}}）につきまして、30分以内にご登録の電話番号へ担当の私から直接お電話いたします。\n"
                    "\n"
                    "お電話でパスワード、認証コード、シードフレーズをお尋ねすることは決してございません。ご都合のよいお時間が別にございましたら、こちらにご返信ください。\n"
                    "\n"
                    "{{desk.name}} VIPサービス {{agent.name}}",
                [L_KO] =
                    "{{customer.name}}님, 안녕하세요.\n"
                    "\n"
                    "VIP 고객님으로 함께해 주셔서 감사합니다. 문의({{ticket.number}})와 관련해 30분 이내에 등록된 휴대폰 번호로 제가 직접 전화드리겠습니다.\n"
                    "\n"
                    "통화 중 비밀번호, 인증 코드, 시드 문구를 요청하는 일은 절대 없습니다. 다른 시간이 편하시면 원하시는 시간을 이곳에 답장해 주세요.\n"
                    "\n"
                    "{{desk.name}} VIP 서비스 {{agent.name}} 드림",
                [L_RU] =
                    "Здравствуйте, {{customer.name}}!\n"
                    "\n"
                    "Благодарим вас за то, что вы VIP-клиент. По обращению {{ticket.number}} я лично позвоню вам в течение 30 минут на номер телефона, указанный в аккаунте.\n"
                    "\n"
                    "По телефону мы никогда не спрашиваем пароль, коды 2FA или сид-фразу. Если вам удобнее другое время, просто ответьте здесь.\n"
                    "\n"
                    "С уважением,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}}, VIP-сервис",
                [L_ES] =
                    "Hola, {{customer.name}}:\n"
                    "\n"
                    "Gracias por ser cliente VIP. En relación con su caso {{ticket.number}}, le llamaré personalmente en los próximos 30 minutos al número de teléfono registrado en su cuenta.\n"
                    "\n"
                    "Por teléfono nunca le pediremos su contraseña, códigos 2FA ni su frase semilla. Si prefiere otro momento, responda aquí con la hora que le convenga.\n"
                    "\n"
                    "Atentamente,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}} · Servicio VIP",
                [L_VI] =
                    "Xin chào {{customer.name}},\n"
                    "\n"
                    "Cảm ơn Quý khách là khách hàng VIP của chúng tôi. Về yêu cầu {{ticket.number}}, tôi sẽ gọi trực tiếp cho Quý khách trong vòng 30 phút tới qua số điện thoại đã đăng ký trong tài khoản.\n"
                    "\n"
                    "Qua điện thoại, chúng tôi không bao giờ yêu cầu mật khẩu, mã 2FA hay cụm từ khôi phục. Nếu Quý khách muốn hẹn thời gian khác, vui lòng trả lời tại đây.\n"
                    "\n"
                    "Trân trọng,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}} · Dịch vụ VIP",
                [L_TR] =
                    "Merhaba {{customer.name}},\n"
                    "\n"
                    "VIP müşterimiz olduğunuz için teşekkür ederiz. {{ticket.number}} numaralı talebinizle ilgili olarak sizi 30 dakika içinde hesabınızda kayıtlı telefon numarasından bizzat arayacağım.\n"
                    "\n"
                    "Telefonda şifrenizi, 2FA kodlarınızı veya kurtarma ifadenizi asla istemeyiz. Başka bir saat sizin için daha uygunsa, buradan yanıt vermeniz yeterli.\n"
                    "\n"
                    "Saygılarımızla,\n"
                    "{{agent.name}}\n"
                    "{{desk.name}} VIP Hizmetleri",
            },
    },
    {
        .name = "Internal: on chain, waiting for the wallet team",
        .group = NULL,
        .actions = "{\"status\":\"on_hold\",\"add_tags\":[\"wallet_team\"],\"public\":false}",
        .variants =
            {
                [L_EN] =
                    "Checked on chain: the transaction is confirmed and the deposit address belongs to the customer, but the deposit is not credited. Asked the wallet team to look at {{ticket.number}}; the customer has been told we are on it. — {{agent.name}}",
            },
    },
};
/* clang-format on */

/* POST /api/v1/macros in-process as admin; true when it answered 201. */
static bool create(struct store *st, const struct agent_row *admin, json_t *body)
{
	struct request r = {.store = st, .method = "POST", .content_type = "application/json"};
	arena_init(&r.arena, 8192);
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	r.body = text;
	r.body_len = text ? strlen(text) : 0;
	auth_principal_from_agent(&r, admin);
	h_macro_create(&r);
	bool ok = r.status == 201;
	if (!ok)
		log_event(LOG_WARN, "seed_macro_failed", "status=%d body=%.300s", r.status,
		          r.resp_body ? r.resp_body : "");
	free(text);
	arena_free(&r.arena);
	return ok;
}

int demo_macros_seed(struct store *st, const struct agent_row *admin)
{
	int failed = 0;
	struct arena a;
	arena_init(&a, 4096);
	for (size_t i = 0; i < sizeof macros / sizeof macros[0]; i++) {
		const struct demo_macro *m = &macros[i];
		json_t *variants = json_object();
		for (int l = 0; l < L_COUNT; l++)
			if (m->variants[l])
				json_object_set_new(variants, locales[l],
				                    json_string(m->variants[l]));
		json_t *body = json_pack("{s:s, s:o, s:o}", "name", m->name, "variants", variants,
		                         "actions", json_loads(m->actions, 0, NULL));
		struct group_row g;
		if (m->group && store_group_get_by_name(store_reader(st), &a, m->group, &g))
			json_object_set_new(body, "group_id", json_integer(g.id));
		failed += !create(st, admin, body);
	}
	arena_free(&a);
	return failed;
}
