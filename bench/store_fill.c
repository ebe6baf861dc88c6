/* store_fill.c — a data dir of N tickets for the scale runs (issue 7): the HTTP benchmarks
 * measure at 0, 1M and 5M tickets against what this writes.
 *   store_fill --data DIR --tickets N [--messages-per-ticket 2] [--customers M (N/4)]
 *              [--seed S] [--admin EMAIL] [--batch B (5000)]
 * DIR is opened by store_open as `exdesk serve` opens it (created and migrated if new) and must
 * hold no tickets. People found there are used, the others made by the jobs of `exdesk user add`
 * and `group add`: the admin (--admin, default admin@desk.example; no password unless seeded
 * first with `exdesk user add --password-stdin`: API tokens come from `exdesk token create`),
 * ten groups and 54 agents. Each ticket gets what the API writes for it, each step at the time it
 * happened: POST /tickets with group_id by the admin's integration token (customer_resolve,
 * ticket_open: the number from the ticket_number counter), or a chat as the widget opens it;
 * replies (say_run: assignee, status, mail_queue_reply), notes, the customer's next message
 * (customer_says), PATCH status (on_hold, solved, closed days later); then what the server does:
 * the mail sender's record (sent, or skipped when the customer read the chat reply) and the
 * dispatcher's SLA timer backfill of the tickets still open. A ticket's life is decided when it
 * is planned and its row written once, as it ends; the steps of all tickets are merged by time,
 * so ids grow with time. Events carry the JSON and hash chain audit_append would write. The main
 * thread prepares a batch (ids given as SQLite would give them) while a second thread writes the
 * previous one in one store_write job, with store functions and store/bulk.h (why: bulk.h);
 * search index rows come from the triggers. Tickets spread over the past year; steps that would
 * fall after now do not happen (messages are squeezed before now: the count is exact). Text:
 * ../shared/data (EXDESK_DATA overrides) mixed with exchange-support phrases written here for
 * en, zh-CN, zh-TW, ja, ko, ru, es, vi, tr. Deterministic for a seed and a start time. No SQL. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <utf8proc.h>

#include "api/api.h"
#include "api/mail.h"
#include "api/people.h"
#include "core/audit_chain.h"
#include "core/ticket.h"
#include "core/validate.h"
#include "store/bulk.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/log.h"

#define MIN_MS 60000LL
#define HOUR_MS (60 * MIN_MS)
#define DAY_MS (24 * HOUR_MS)
#define CHAT_GRACE_MS (2 * MIN_MS) /* mail_out.c's default */
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void die(const char *what)
{
	fprintf(stderr, "store_fill: %s\n", what);
	exit(1);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Growing arrays: ARR(T, x) declares x, n_x and cap_x; PUSH(owner, x) appends a slot. */
#define ARR(T, name) T *name; size_t n_##name, cap_##name
#define PUSH(o, name) (grow((void **)&(o)->name, (o)->n_##name, &(o)->cap_##name, \
			    sizeof *(o)->name), &(o)->name[(o)->n_##name++])
static void grow(void **p, size_t n, size_t *cap, size_t elem)
{
	if (n < *cap)
		return;
	*cap = *cap ? *cap * 2 : 1024;
	if (!(*p = realloc(*p, *cap * elem)))
		die("out of memory");
}

/* ---- randomness: xorshift64* for the run, splitmix64 for per-index attributes ---- */
static uint64_t rng_s = 0x9E3779B97F4A7C15ull, seed_mix;
static uint64_t rnd(void)
{
	rng_s ^= rng_s >> 12;
	rng_s ^= rng_s << 25;
	rng_s ^= rng_s >> 27;
	return rng_s * 0x2545F4914F6CDD1Dull;
}
static uint32_t pick(uint32_t n)
{
	return (uint32_t)(((rnd() >> 32) * n) >> 32);
}
#define unif() ((double)(rnd() >> 11) / 9007199254740992.0)
#define chance(p) (unif() < (p))
static uint64_t mix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ull;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
	return x ^ (x >> 31);
}
/* A duration (ms) with the given median and spread, at least a second. */
static int64_t lognorm(double median_ms, double sigma)
{
	double u = unif() + 1e-12, z = sqrt(-2 * log(u)) * cos(2 * M_PI * unif());
	double v = median_ms * exp(sigma * z);
	return v < 1000 ? 1000 : (int64_t)v;
}

/* ---- text ---- */

struct topic {
	const char *cat, *subject, *body;
};
/* Slots: {c} coin, {n} network, {a} amount, {h} hours, {x} transaction hash. */
static const struct topic t_en[] = {
    {"deposit", "{c} deposit not credited", "I deposited {a} {c} {h} hours ago and it still has not arrived in my account."},
    {"withdrawal", "Withdrawal stuck in review", "My withdrawal of {a} {c} has been under review for {h} hours. When will it be processed?"},
    {"recovery", "Sent {c} on the wrong network", "I sent {a} {c} via {n} instead of the network shown on the deposit page. Can you recover it?"},
    {"account", "Cannot log in to my account", "I cannot log in, the page says my password is wrong although I just reset it."},
    {"kyc", "KYC verification rejected", "My identity verification was rejected twice and I do not understand why."},
    {"security", "Lost my 2FA device", "I lost my phone with the authenticator app and need to reset two-factor authentication."},
    {"futures", "Position liquidated unexpectedly", "My {c} futures position was liquidated although the mark price never reached my liquidation price."},
    {"p2p", "P2P seller did not release coins", "I paid the seller in a P2P order {h} hours ago but the {c} has not been released."},
    {"trading", "Order cancelled without reason", "My limit order for {c} was cancelled and the funds are still locked."},
    {"other", "Question about withdrawal fees", "What is the withdrawal fee for {c} on {n}?"}};
static const struct topic t_zh[] = {
    {"deposit", "{c}充值未到账", "我充值了{a} {c}，已经过去{h}小时了，还没有到账。"},
    {"withdrawal", "提现一直在审核中", "我提现{a} {c}，审核了{h}小时还没有处理，请问什么时候能到账？"},
    {"recovery", "充值选错网络", "我充值的时候选错了网络（{n}），请问能找回吗？"},
    {"account", "账户无法登录", "账户被冻结了，无法登录，请帮忙处理。"},
    {"kyc", "身份认证被拒绝", "我已经提交了身份认证资料，但是被拒绝了两次，不知道原因。"},
    {"security", "谷歌验证器丢失", "手机丢了，谷歌验证器也没有了，怎么重置二次验证？"},
    {"futures", "合约被强平", "我的{c}合约仓位被强平了，但是标记价格并没有到强平价，想知道原因。"},
    {"p2p", "C2C 商家不放币", "C2C 交易我已经付款{h}小时了，对方还没有放币。"},
    {"trading", "订单被取消", "我的{c}限价单被取消了，资金还被冻结着。"},
    {"other", "提现手续费咨询", "请问{c}在{n}网络上的提现手续费是多少？"}};
static const struct topic t_tw[] = {
    {"deposit", "{c}儲值未到帳", "我儲值了{a} {c}，已經過了{h}小時還沒有到帳。"},
    {"withdrawal", "提幣審核太久", "提幣一直在審核中，請問什麼時候會到帳？"},
    {"account", "帳戶被凍結", "帳戶被凍結了，無法登入，請協助處理。"},
    {"kyc", "身分驗證失敗", "我已經完成身分驗證，但還是不能提幣。"},
    {"recovery", "選錯網路的入金", "我選錯網路（{n}）轉了{a} {c}，可以找回嗎？"},
    {"security", "重設二階段驗證", "手機遺失了，要怎麼重設二階段驗證？"}};
static const struct topic t_ja[] = {
    {"deposit", "{c}の入金が反映されない", "{a} {c}を入金してから{h}時間たちましたが、まだ反映されていません。"},
    {"withdrawal", "出金が審査中のまま", "出金が審査中のままです。いつ完了しますか？"},
    {"recovery", "ネットワークを間違えて送金", "送金先のネットワーク（{n}）を間違えました。資産は戻りますか？"},
    {"account", "ログインできません", "アカウントがロックされてログインできません。"},
    {"kyc", "本人確認が承認されない", "本人確認の書類を提出しましたが、まだ承認されません。"},
    {"security", "二段階認証のスマホを紛失", "二段階認証のスマホを紛失しました。リセットの方法を教えてください。"},
    {"futures", "先物ポジションが強制決済された", "{c}の先物ポジションが強制決済されました。理由を知りたいです。"},
    {"other", "出金手数料について", "{n}での{c}の出金手数料はいくらですか？"}};
static const struct topic t_ko[] = {
    {"deposit", "{c} 입금 미반영", "{a} {c} 입금한 지 {h}시간이 지났는데 아직 반영되지 않았습니다."},
    {"withdrawal", "출금 심사 지연", "출금이 심사 중이라고 나오는데 언제 처리되나요?"},
    {"recovery", "네트워크를 잘못 선택했습니다", "네트워크를 잘못 선택해서 {n}로 보냈습니다. 복구할 수 있나요?"},
    {"account", "로그인이 안 됩니다", "계정이 잠겨서 로그인할 수 없습니다."},
    {"kyc", "본인 인증 실패", "본인 인증을 완료했는데 출금이 안 돼요."},
    {"security", "OTP 기기 분실", "OTP 기기를 분실했습니다. 어떻게 재설정하나요?"},
    {"futures", "선물 강제 청산", "선물 거래에서 강제 청산되었습니다. 이유를 알고 싶어요."},
    {"other", "출금 수수료 문의", "{c} 출금 수수료가 얼마인가요?"}};
static const struct topic t_ru[] = {
    {"deposit", "Депозит {c} не зачислен", "Мой депозит {a} {c} до сих пор не зачислен, прошло уже {h} часов."},
    {"withdrawal", "Вывод средств завис на проверке", "Вывод средств висит на проверке. Когда он будет обработан?"},
    {"recovery", "Отправил не в той сети", "Отправил {a} {c} не в той сети ({n}). Можно ли их вернуть?"},
    {"account", "Не могу войти в аккаунт", "Я забыл пароль и не могу войти в аккаунт."},
    {"kyc", "Верификация отклонена", "Я прошёл верификацию, но вывод всё ещё недоступен."},
    {"security", "Потерял телефон с 2FA", "Потерял телефон с двухфакторной аутентификацией, как её сбросить?"},
    {"futures", "Ликвидация позиции", "Мою позицию по фьючерсам {c} ликвидировали, хотя цена не дошла до уровня ликвидации."},
    {"p2p", "Продавец P2P не отпускает монеты", "Я оплатил P2P-ордер {h} часов назад, но продавец не отпускает {c}."}};
static const struct topic t_es[] = {
    {"deposit", "Depósito de {c} no acreditado", "Mi depósito de {a} {c} todavía no aparece en mi cuenta después de {h} horas."},
    {"withdrawal", "Retiro en revisión", "El retiro lleva {h} horas en revisión, ¿cuándo se completa?"},
    {"recovery", "Envié por la red equivocada", "Envié {a} {c} por la red equivocada ({n}). ¿Se pueden recuperar?"},
    {"account", "No puedo iniciar sesión", "Olvidé mi contraseña y no puedo iniciar sesión."},
    {"kyc", "Verificación rechazada", "Ya completé la verificación de identidad pero no puedo retirar."},
    {"security", "Perdí mi 2FA", "Perdí el teléfono con la autenticación de dos factores."},
    {"p2p", "El vendedor P2P no libera", "Pagué una orden P2P hace {h} horas y el vendedor no libera los {c}."},
    {"trading", "Orden cancelada", "La orden se canceló sin motivo y los fondos siguen bloqueados."}};
static const struct topic t_vi[] = {
    {"deposit", "Nạp {c} chưa về", "Tôi đã nạp {a} {c} nhưng sau {h} giờ tiền vẫn chưa về tài khoản."},
    {"withdrawal", "Lệnh rút tiền đang chờ duyệt", "Lệnh rút tiền của tôi đang chờ duyệt {h} giờ rồi."},
    {"recovery", "Chuyển nhầm mạng", "Tôi chuyển nhầm mạng ({n}), có lấy lại được không?"},
    {"account", "Không đăng nhập được", "Tôi quên mật khẩu và không đăng nhập được."},
    {"kyc", "Xác minh danh tính bị từ chối", "Tôi đã xác minh danh tính nhưng vẫn không rút tiền được."},
    {"security", "Mất điện thoại có xác thực hai lớp", "Tôi bị mất điện thoại có xác thực hai lớp, làm sao để đặt lại?"},
    {"p2p", "Người bán P2P không nhả coin", "Tôi đã thanh toán lệnh P2P {h} giờ trước nhưng người bán chưa nhả {c}."},
    {"other", "Phí rút tiền", "Phí rút tiền {c} trên mạng {n} là bao nhiêu?"}};
static const struct topic t_tr[] = {
    {"deposit", "{c} yatırma işlemi hesaba geçmedi", "{a} {c} yatırdım ama {h} saattir hesabıma yansımadı."},
    {"withdrawal", "Para çekme işlemi incelemede", "Para çekme işlemim {h} saattir incelemede bekliyor."},
    {"recovery", "Yanlış ağdan gönderdim", "Yanlış ağ ({n}) üzerinden {a} {c} gönderdim, geri alabilir miyim?"},
    {"account", "Giriş yapamıyorum", "Şifremi unuttum, giriş yapamıyorum."},
    {"kyc", "Kimlik doğrulama reddedildi", "Kimlik doğrulamayı tamamladım ama para çekemiyorum."},
    {"security", "2FA telefonumu kaybettim", "İki adımlı doğrulama telefonumu kaybettim, nasıl sıfırlarım?"},
    {"futures", "Vadeli pozisyonum tasfiye edildi", "{c} vadeli pozisyonum tasfiye edildi, nedenini öğrenmek istiyorum."},
    {"other", "Çekim ücreti", "{n} ağında {c} çekim ücreti ne kadar?"}};

#define L(...) ((const char *const[]){__VA_ARGS__, NULL})
enum { EN, ZH, TW, JA, KO, RU, ES, VI, TR, NLANG };
struct lang {
	const char *tag;
	int share;   /* percent of customers */
	bool tight;  /* sentences without a space between them */
	int group;   /* index in groups[] of its L1 team */
	const struct topic *topics;
	size_t n_topics;
	const char *const *follow, *const *replies, *const *names;
	char norm[MAX_LANGUAGE + 1]; /* the tag as validate_language keeps it */
} langs[NLANG] = {
    [EN] = {"en", 30, false, 1, t_en, NELEM(t_en),
	    L("Any update on this? It has been {h} hours.", "I am still waiting, please check my ticket.", "Here is the transaction hash: {x}"),
	    L("Hello, thank you for contacting us. We checked your {c} deposit: it needed more network confirmations and has now been credited.",
	      "Hi, your withdrawal passed the security review and has been processed. It should arrive within 30 minutes.",
	      "Thank you for your patience. To continue, please send us the transaction hash (TxID) and a screenshot of the transfer.",
	      "We have reset your two-factor authentication. Please log in and bind a new authenticator within 24 hours.",
	      "Our recovery team can retrieve assets sent on {n}. The recovery takes 3-5 business days and a fee applies."),
	    L("James Smith", "Olivia Brown", "Liam Taylor", "Emma Wilson", "Noah Davies", "Ava Clark", "Ethan Walker", "Sophia Wright", "Lucas Evans", "Mia Johnson")},
    [ZH] = {"zh-CN", 18, true, 2, t_zh, NELEM(t_zh),
	    L("请问有进展吗？已经{h}小时了。", "还在等处理，麻烦尽快看一下。", "交易哈希是 {x}"),
	    L("您好，感谢您的耐心等待。您的{c}充值需要更多区块确认，现在已经到账。", "您好，您的提现已通过安全审核并已处理，预计30分钟内到账。",
	      "为了继续处理，请提供交易哈希（TxID）以及转出平台的截图。", "我们已为您重置谷歌验证，请在24小时内登录并重新绑定。"),
	    L("王伟", "李娜", "张敏", "刘洋", "陈静", "杨磊", "黄艳", "赵勇", "周杰", "吴芳")},
    [TW] = {"zh-TW", 5, true, 2, t_tw, NELEM(t_tw),
	    L("請問有進度嗎？已經{h}小時了。", "還在等處理，麻煩盡快看一下。", "交易雜湊是 {x}"),
	    L("您好，感謝您的耐心等候。您的{c}儲值需要更多區塊確認，現在已經到帳。", "您好，您的提幣已通過安全審核並已處理，預計30分鐘內到帳。",
	      "為了繼續處理，請提供交易雜湊（TxID）以及轉出平台的截圖。"),
	    L("陳志明", "林淑芬", "黃怡君", "張家豪", "李雅婷", "王冠宇")},
    [JA] = {"ja", 8, true, 3, t_ja, NELEM(t_ja),
	    L("進捗はいかがでしょうか？もう{h}時間たちました。", "まだ待っています。確認をお願いします。", "トランザクションハッシュは {x} です。"),
	    L("お問い合わせありがとうございます。{c}の入金はブロック承認待ちでしたが、現在は反映されています。", "出金は審査が完了し、処理されました。30分以内に着金する見込みです。",
	      "確認のため、トランザクションハッシュ（TxID）と送金元の画面のスクリーンショットをお送りください。", "二段階認証をリセットしました。24時間以内にログインして再設定してください。"),
	    L("佐藤 陽菜", "鈴木 蓮", "高橋 結衣", "田中 大翔", "伊藤 美咲", "渡辺 翔太", "山本 葵", "中村 悠真")},
    [KO] = {"ko", 8, false, 3, t_ko, NELEM(t_ko),
	    L("진행 상황이 있나요? 벌써 {h}시간이 지났어요.", "아직 기다리고 있습니다. 확인 부탁드립니다.", "트랜잭션 해시는 {x} 입니다."),
	    L("문의해 주셔서 감사합니다. {c} 입금은 블록 확인이 더 필요했으며 지금은 반영되었습니다.", "출금이 보안 심사를 통과하여 처리되었습니다. 30분 이내에 도착할 예정입니다.",
	      "계속 진행하려면 트랜잭션 해시(TxID)와 송금 화면 캡처를 보내 주세요.", "OTP를 초기화했습니다. 24시간 이내에 로그인하여 다시 등록해 주세요."),
	    L("김민준", "이서연", "박지호", "최하은", "정도윤", "강수빈", "조현우", "윤지우")},
    [RU] = {"ru", 10, false, 4, t_ru, NELEM(t_ru),
	    L("Есть новости? Прошло уже {h} часов.", "Я всё ещё жду, проверьте, пожалуйста.", "Вот хеш транзакции: {x}"),
	    L("Здравствуйте! Спасибо за обращение. Ваш депозит {c} ждал подтверждений сети и теперь зачислен.",
	      "Ваш вывод прошёл проверку безопасности и обработан. Средства поступят в течение 30 минут.",
	      "Чтобы продолжить, пришлите, пожалуйста, хеш транзакции (TxID) и скриншот перевода.",
	      "Мы сбросили двухфакторную аутентификацию. Войдите и привяжите новое устройство в течение 24 часов."),
	    L("Иван Петров", "Ольга Смирнова", "Дмитрий Кузнецов", "Анна Попова", "Алексей Соколов", "Мария Лебедева")},
    [ES] = {"es", 8, false, 5, t_es, NELEM(t_es),
	    L("¿Hay alguna novedad? Ya pasaron {h} horas.", "Sigo esperando, por favor revisen mi caso.", "Este es el hash de la transacción: {x}"),
	    L("Hola, gracias por contactarnos. Su depósito de {c} necesitaba más confirmaciones de la red y ya fue acreditado.",
	      "Su retiro pasó la revisión de seguridad y fue procesado. Debería llegar en menos de 30 minutos.",
	      "Para continuar, envíenos el hash de la transacción (TxID) y una captura de la transferencia.",
	      "Restablecimos su autenticación de dos factores. Inicie sesión y vincule un nuevo dispositivo en 24 horas."),
	    L("María García", "José Martínez", "Lucía Fernández", "Carlos López", "Sofía Rodríguez", "Diego Sánchez")},
    [VI] = {"vi", 8, false, 6, t_vi, NELEM(t_vi),
	    L("Có cập nhật gì chưa? Đã {h} giờ rồi.", "Tôi vẫn đang chờ, vui lòng kiểm tra giúp.", "Đây là mã giao dịch: {x}"),
	    L("Xin chào, cảm ơn bạn đã liên hệ. Khoản nạp {c} của bạn cần thêm xác nhận mạng và nay đã về tài khoản.",
	      "Lệnh rút tiền của bạn đã qua kiểm duyệt và được xử lý, tiền sẽ đến trong vòng 30 phút.",
	      "Để tiếp tục, vui lòng gửi mã giao dịch (TxID) và ảnh chụp màn hình giao dịch."),
	    L("Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Quốc Dũng", "Hoàng Thu Hà", "Đặng Đức Huy")},
    [TR] = {"tr", 5, false, 5, t_tr, NELEM(t_tr),
	    L("Bir gelişme var mı? {h} saat oldu.", "Hâlâ bekliyorum, lütfen kontrol edin.", "İşlem hash'i: {x}"),
	    L("Merhaba, bizimle iletişime geçtiğiniz için teşekkürler. {c} yatırma işleminiz ağ onayı bekliyordu ve artık hesabınıza geçti.",
	      "Para çekme talebiniz güvenlik incelemesinden geçti ve işlendi. 30 dakika içinde ulaşması bekleniyor.",
	      "Devam edebilmemiz için lütfen işlem hash'ini (TxID) ve transferin ekran görüntüsünü gönderin."),
	    L("Ahmet Yılmaz", "Ayşe Kaya", "Mehmet Demir", "Zeynep Çelik", "Mustafa Şahin", "Elif Aydın")},
};
static const char *const notes[] = {
    "Checked on-chain: {a} {c} confirmed on {n}, waiting for the wallet team to credit.",
    "Escalated to the wallet team, reference WAL-{h}{h}.",
    "KYC documents look fine, asked compliance to run the check again.",
    "Possible phishing: login from a new device right before the withdrawal request. Do not release yet.",
    "Recovery fee quote sent to finance for approval.",
    "Same issue as the {n} node outage this morning, see the status page.",
    "已核实链上记录，等待钱包组处理。",
    "Customer is a market maker, handle with priority."};
static const char *const coins[] = {"USDT", "BTC", "ETH", "TRX", "SOL", "XRP", "BNB", "TON", "USDC", "DOGE"};
static const char *const nets[] = {"TRC20", "ERC20", "BEP20", "Solana", "TON", "Arbitrum", "Polygon"};
static const char *const domains[] = {"gmail.example", "outlook.example", "qq.example", "163.example",
				      "yahoo.example", "naver.example", "yandex.example", "proton.example"};
static const char *const handles[] = {"crypto", "moon", "hodl", "trader", "satoshi", "alpha", "lucky", "whale"};
struct cat_tags {
	const char *cat, *tags[3];
};
static const struct cat_tags cat_tags[] = {
    {"deposit", {"deposit_delay", "missing_memo", "confirmations"}},
    {"withdrawal", {"withdrawal_review", "withdrawal_delay", "address_whitelist"}},
    {"recovery", {"wrong_network", "recovery_fee", "recovery"}},
    {"account", {"login_issue", "password_reset", "account_frozen"}},
    {"kyc", {"kyc_rejected", "kyc_pending", "document_blurry"}},
    {"security", {"2fa_reset", "phishing", "account_frozen"}},
    {"futures", {"liquidation", "funding_fee", "mark_price"}},
    {"p2p", {"p2p_dispute", "appeal", "payment_proof"}},
    {"trading", {"order_cancelled", "api_trading", "funds_locked"}},
    {"other", {"fees", "feedback", "listing"}}};

/* Dataset sentences: English (banking77, bitext), Chinese, Japanese, Turkish (xSID). */
struct pool {
	ARR(char *, s);
} pools[NLANG];

/* Field `col` of every row after the header of a CSV file ("" is a quote in a quoted field;
 * no field of these files spans lines). */
static size_t csv_column(const char *dir, const char *file, int col, struct pool *out)
{
	char path[1024], *line = NULL;
	size_t cap = 0, before = out->n_s;
	snprintf(path, sizeof path, "%s/%s", dir, file);
	FILE *f = fopen(path, "rb");
	for (int row = 0; f && getline(&line, &cap, f) > 0; row++) {
		char *o = line; /* the field is copied over the line, in place */
		int k = 0;
		bool quoted = false;
		for (char *p = line; *p && *p != '\n' && *p != '\r' && k <= col; p++) {
			if (*p == '"' && !(quoted && p[1] == '"')) {
				quoted = !quoted;
			} else if (*p == ',' && !quoted) {
				k++;
			} else {
				if (k == col)
					*o++ = *p;
				p += *p == '"';
			}
		}
		if (row > 0 && o - line >= 4)
			*PUSH(out, s) = strndup(line, (size_t)(o - line));
	}
	if (f)
		fclose(f);
	free(line);
	return out->n_s - before;
}

/* A message being written. */
struct sb {
	char p[4096];
	size_t n;
};
static void put(struct sb *b, const char *s, size_t n)
{
	n = b->n + n < sizeof b->p ? n : sizeof b->p - 1 - b->n;
	memcpy(b->p + b->n, s, n);
	b->p[b->n += n] = '\0';
}
static void puts_(struct sb *b, const char *s)
{
	put(b, s, strlen(s));
}

static void fill(struct sb *b, const char *tmpl)
{
	char tmp[80];
	for (const char *p = tmpl; *p; p++) {
		if (p[0] != '{' || !p[1] || p[2] != '}') {
			put(b, p, 1);
			continue;
		}
		size_t k = 0;
		switch (*++p) {
		case 'c': puts_(b, coins[pick(NELEM(coins))]); break;
		case 'n': puts_(b, nets[pick(NELEM(nets))]); break;
		case 'a': put(b, tmp, (size_t)snprintf(tmp, sizeof tmp, "%u.%02u", 1 + pick(20000), pick(100))); break;
		case 'h': put(b, tmp, (size_t)snprintf(tmp, sizeof tmp, "%u", 1 + pick(72))); break;
		case 'x': /* a transaction hash */
			if (chance(0.6))
				tmp[k++] = '0', tmp[k++] = 'x';
			for (int i = 0; i < 64; i++)
				tmp[k++] = "0123456789abcdef"[pick(16)];
			put(b, tmp, k);
			break;
		}
		p++;
	}
}

/* Vietnamese as typed without diacritics: marks stripped, đ -> d. */
static void strip_marks(struct sb *b)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)b->p, (utf8proc_ssize_t)b->n,
					  &out, UTF8PROC_STRIPMARK | UTF8PROC_COMPOSE);
	if (n < 0)
		return;
	b->n = 0;
	for (utf8proc_ssize_t i = 0; i < n; i++) {
		if (out[i] == 0xC4 && i + 1 < n && (out[i + 1] == 0x91 || out[i + 1] == 0x90))
			put(b, out[++i] == 0x91 ? "d" : "D", 1);
		else
			put(b, (const char *)&out[i], 1);
	}
	free(out);
}

static size_t count(const char *const *v)
{
	size_t n = 0;
	while (v[n])
		n++;
	return n;
}
#define any(v) ((v)[pick((uint32_t)count(v))])

/* ---- the desk's people ---- */

struct group_def {
	const char *name, *tier, *languages, *area;
	bool vip;
	int agents;
	int64_t id, *agent_ids;
} groups[] = {
    {"General L1", "L1", "", "", false, 4, 0, NULL},
    {"English L1", "L1", "en", "", false, 6, 0, NULL},
    {"Chinese L1", "L1", "zh-CN,zh-TW", "", false, 6, 0, NULL},
    {"Japanese & Korean L1", "L1", "ja,ko", "", false, 6, 0, NULL},
    {"Russian L1", "L1", "ru", "", false, 6, 0, NULL},
    {"Spanish & Turkish L1", "L1", "es,tr", "", false, 6, 0, NULL},
    {"Vietnamese L1", "L1", "vi", "", false, 6, 0, NULL},
    {"Deposit & Withdrawal L2", "L2", "", "deposit", false, 6, 0, NULL},
    {"Security", "expert", "", "security", false, 4, 0, NULL},
    {"VIP", "vip", "", "", true, 4, 0, NULL},
};
enum { G_GENERAL = 0, G_DW = 7, G_SECURITY = 8, G_VIP = 9, NGROUPS = NELEM(groups) };

/* A customer's attributes are a function of its index (customers are numbered by arrival). */
struct cust {
	int lang, vip_tier;
	const char *name;
	char email[96], uid[24];
	bool has_email, has_uid, no_marks;
};

static void customer_of(uint32_t k, struct cust *c)
{
	uint64_t h = mix(seed_mix ^ ((uint64_t)k * 0x9E3779B97F4A7C15ull));
	int r = (int)(h % 100), acc = 0, v = (int)((h >> 24) % 1000), kinds = (int)((h >> 36) % 100);
	c->lang = EN;
	for (int l = NLANG - 1; l >= 0; l--)
		c->lang = r >= acc && r < acc + langs[l].share ? l : c->lang, acc += langs[l].share;
	const struct lang *lg = &langs[c->lang];
	c->name = (h >> 8) % 100 < 15 ? NULL : lg->names[(h >> 16) % count(lg->names)];
	c->vip_tier = v < 920 ? 0 : v < 960 ? 1 : v < 980 ? 2 : v < 990 ? 3 : v < 996 ? 4 : 5;
	c->has_email = kinds < 90;
	c->has_uid = kinds < 75 || kinds >= 90;
	c->no_marks = c->lang == VI && (h >> 44) % 10 < 4;
	snprintf(c->email, sizeof c->email, "%s.%u@%s", handles[(h >> 48) % NELEM(handles)], k + 1,
		 domains[(h >> 52) % NELEM(domains)]);
	snprintf(c->uid, sizeof c->uid, "%llu", 10000000000ull + (uint32_t)(k * 2654435761u));
}

/* ---- planning: a ticket's whole life, decided when it is created ---- */

enum step_kind { S_CREATE, S_CUSTOMER, S_REPLY, S_NOTE, S_STATUS, S_READ, S_SEND };
struct step {
	int64_t at, mid, oid;   /* mid, oid: a reply's message and outbox, once emitted */
	uint8_t kind, from, to; /* the ticket's status before and after */
	uint8_t ref;            /* read, send: the reply's step */
	bool assign, mail;      /* the ticket got its assignee; a reply queued by email */
};
struct tk { /* a ticket with steps still to come */
	struct ticket_row t; /* as it ends */
	const char *tags[2];
	char *subject;
	struct step *steps;
	uint8_t n_steps, next, lang, topic;
	bool new_cust, assigned;
	uint32_t cust;
	int64_t agent_id;
};
struct heap_ent {
	int64_t at;
	uint32_t slot;
};

static struct {
	int64_t n_tickets, n_customers, msgs_per_ticket, cutoff, year_start, admin_id;
	int64_t next_tid, next_number, next_mid, next_oid, next_eid, next_cid; /* ids to give */
	char last_hash[AUDIT_HASH_HEX];
	const char *mail_domain;
	ARR(struct heap_ent, heap); /* each live ticket's next step, earliest first */
	ARR(struct tk, slots);
	ARR(uint32_t, free_slots);
	ARR(int64_t, open_ids);
	uint32_t customers_planned;
	/* written (committed) */
	int64_t tickets, messages, customers, identities, outbox, tags, reads, events, timers;
	int64_t statuses[TICKET_STATUS_COUNT]; /* as the tickets end */
} F;

static bool ent_before(const struct heap_ent *a, const struct heap_ent *b)
{
	return a->at < b->at || (a->at == b->at && a->slot < b->slot);
}

static void heap_push(uint32_t slot)
{
	const struct tk *tk = &F.slots[slot];
	struct heap_ent x = {tk->steps[tk->next].at, slot};
	size_t i = F.n_heap;
	for (PUSH(&F, heap); i && ent_before(&x, &F.heap[(i - 1) / 2]); i = (i - 1) / 2)
		F.heap[i] = F.heap[(i - 1) / 2];
	F.heap[i] = x;
}

static uint32_t heap_pop(void)
{
	struct heap_ent top = F.heap[0], last = F.heap[--F.n_heap];
	size_t i = 0, c;
	for (; (c = 2 * i + 1) < F.n_heap; i = c) {
		c += c + 1 < F.n_heap && ent_before(&F.heap[c + 1], &F.heap[c]);
		if (!ent_before(&F.heap[c], &last))
			break;
		F.heap[i] = F.heap[c];
	}
	if (F.n_heap)
		F.heap[i] = last;
	return top.slot;
}

/* When ticket i was created: growing traffic (the last month twice the first), busiest around
 * 04:00 UTC (Asia's afternoon), increasing with i so ids are in time order. */
static int64_t created_at(int64_t i)
{
	double u = (double)(mix(seed_mix ^ (uint64_t)i) >> 11) / 9007199254740992.0;
	double x = -1 + sqrt(1 + 3 * ((double)i + u) / (double)F.n_tickets); /* (x + x²/2) / 1.5 */
	double t = (double)F.year_start + x * (double)(F.cutoff - 10 * MIN_MS - F.year_start);
	double day = floor(t / DAY_MS), f = t / DAY_MS - day;
	f += 0.6 / (2 * M_PI) * (cos(2 * M_PI * f) - 1); /* within the day, never later */
	return (int64_t)((day + f) * DAY_MS);
}

/* Append a step; the ticket row follows it as the API changes it (ticket_set_status). */
static struct step *add_step(struct tk *tk, enum ticket_status *st, int64_t at, int kind,
			     enum ticket_status to)
{
	struct ticket_row *t = &tk->t;
	struct step *x = &tk->steps[tk->n_steps++];
	*x = (struct step){.at = at, .kind = (uint8_t)kind, .from = (uint8_t)*st, .to = (uint8_t)to};
	if (kind == S_REPLY || (kind == S_STATUS && to != *st)) {
		x->assign = !t->assignee_id; /* a reply takes an unowned case; the PATCH sets it */
		t->assignee_id = tk->agent_id;
	}
	if (kind == S_REPLY && !t->first_reply_at)
		t->first_reply_at = at;
	if (to != *st && to == TICKET_SOLVED)
		t->solved_at = at;
	else if (to != *st && to == TICKET_CLOSED)
		t->closed_at = at;
	else if (to != *st)
		t->solved_at = 0;
	if (kind <= S_NOTE || x->assign || to != *st)
		t->updated_at = at;
	*st = to;
	return x;
}

static void plan_ticket(int64_t i)
{
	uint32_t s = F.n_free_slots ? F.free_slots[--F.n_free_slots]
				    : (PUSH(&F, slots), (uint32_t)(F.n_slots - 1));
	struct tk *tk = &F.slots[s];
	memset(tk, 0, sizeof *tk);
	/* a new customer as often as needed to reach --customers, else a returning one (the
	 * long-standing ones write more) */
	uint32_t left = (uint32_t)(F.n_customers - F.customers_planned);
	tk->new_cust = F.customers_planned == 0 || unif() * (double)(F.n_tickets - i) < left;
	tk->cust = tk->new_cust ? F.customers_planned++
				: (uint32_t)(pow(unif(), 1.5) * F.customers_planned);
	struct cust c;
	customer_of(tk->cust, &c);
	const struct lang *lg = &langs[tk->lang = (uint8_t)c.lang];
	const struct topic *tp = &lg->topics[tk->topic = (uint8_t)pick((uint32_t)lg->n_topics)];
	struct sb b = {.n = 0};
	fill(&b, tp->subject);
	struct ticket_row *t = &tk->t;
	*t = (struct ticket_row){.id = F.next_tid++, .number = F.next_number++,
				 .subject = tk->subject = strdup(b.p), .category = tp->cat,
				 .customer_id = F.next_cid + tk->cust, .vip = c.vip_tier > 0,
				 .language = lg->norm};
	double r = unif();
	enum ticket_channel ch = r < .35 ? CHANNEL_EMAIL : r < .63 ? CHANNEL_CHAT : r < .78 ? CHANNEL_WEB
			       : r < .85 ? CHANNEL_API : r < .93 ? CHANNEL_TELEGRAM : CHANNEL_PHONE;
	r = unif();
	enum ticket_priority pr = r < .08 ? PRIO_LOW : r < .70 ? PRIO_NORMAL : r < .92 ? PRIO_HIGH
									: PRIO_URGENT;
	if (c.vip_tier > 0 && pr < PRIO_URGENT && chance(0.5))
		pr++;
	pr = ch == CHANNEL_CHAT ? PRIO_NORMAL : pr; /* the widget opens every chat at normal */
	t->channel = ticket_channel_name(ch);
	t->priority = ticket_priority_name(pr);
	for (size_t k = 0; k < NELEM(cat_tags); k++)
		if (!strcmp(cat_tags[k].cat, tp->cat)) {
			t->n_tags = pick(3);
			for (size_t j = 0; j < t->n_tags; j++)
				tk->tags[j] = cat_tags[k].tags[pick(3)];
			t->n_tags -= t->n_tags == 2 && tk->tags[0] == tk->tags[1];
		}
	int g = lg->group;
	if (c.vip_tier > 0 && chance(0.8))
		g = G_VIP;
	else if (!strcmp(tp->cat, "security") && chance(0.6))
		g = G_SECURITY;
	else if (strstr("deposit withdrawal recovery", tp->cat) && chance(0.25))
		g = G_DW;
	else if (chance(0.06))
		g = G_GENERAL;
	t->group_id = groups[g].id;
	tk->agent_id = groups[g].agent_ids[pick((uint32_t)groups[g].agents)];

	/* the conversation: when each message comes, then the steps in order */
	int64_t at = t->created_at = t->updated_at = created_at(i), cut = F.cutoff;
	double med = (pr == PRIO_URGENT ? 10 : pr == PRIO_HIGH ? 30 : pr == PRIO_NORMAL ? 90 : 240) *
		     MIN_MS * (c.vip_tier > 0 ? 0.5 : 1);
	int64_t first = lognorm(med, 1.0), when[32], tt = at;
	bool unanswered = at + first >= cut;
	int k = (int)F.msgs_per_ticket - 1;
	uint8_t kind[32];
	for (int j = 0; j < k; j++) {
		bool agent_turn = j % 2 == 0;
		if (unanswered) /* what waits for an answer: the customer again, or a note */
			kind[j] = chance(0.75) ? S_CUSTOMER : S_NOTE;
		else
			kind[j] = agent_turn ? (chance(0.08) ? S_NOTE : S_REPLY)
					     : (chance(0.1) ? S_NOTE : S_CUSTOMER);
		tt += agent_turn ? (j == 0 ? first : lognorm(HOUR_MS, 1.0))
				 : kind[j] == S_NOTE ? lognorm(30 * MIN_MS, 1.0) : lognorm(3 * HOUR_MS, 1.2);
		when[j] = unanswered ? at + 1000 + (int64_t)((double)(cut - at - 2000) * (j + unif()) / k)
				     : tt;
	}
	if (!unanswered && k && when[k - 1] >= cut) /* squeezed before now */
		for (int j = 0; j < k; j++)
			when[j] = at + 1 +
				  (int64_t)((double)(when[j] - at) * (double)(cut - 1000 - at) /
					    (double)(when[k - 1] - at));
	bool mail = c.has_email && (ch == CHANNEL_EMAIL || ch == CHANNEL_WEB || ch == CHANNEL_API ||
				    ch == CHANNEL_CHAT);
	enum ticket_status st = TICKET_NEW;
	tk->steps = malloc((size_t)(4 + 3 * k) * sizeof *tk->steps);
	if (!tk->steps)
		die("out of memory");
	add_step(tk, &st, at, S_CREATE, TICKET_NEW);
	int64_t last = at, solved_at = 0;
	for (int j = 0; j < k; j++) {
		last = when[j] = when[j] <= last ? last + 1 : when[j];
		enum ticket_status to = st;
		if (kind[j] == S_REPLY) { /* the status the agent sends with it (say_run) */
			double rr = unif();
			to = j == 0 ? (rr < .55 ? TICKET_PENDING : rr < .80 ? TICKET_SOLVED : TICKET_OPEN)
				    : (rr < .5 ? TICKET_PENDING : rr < .9 ? TICKET_SOLVED : TICKET_OPEN);
			to = ticket_transition_allowed(st, to) ? to : st == TICKET_NEW ? TICKET_OPEN : st;
		} else if (kind[j] == S_CUSTOMER && ticket_customer_reply_effect(st) == REPLY_REOPEN) {
			to = TICKET_OPEN;
		}
		uint8_t ri = tk->n_steps;
		struct step *x = add_step(tk, &st, when[j], kind[j], to);
		solved_at = to == TICKET_SOLVED ? (solved_at ? solved_at : when[j]) : 0;
		if (kind[j] != S_REPLY || !(x->mail = mail))
			continue;
		int64_t due = when[j] + (ch == CHANNEL_CHAT ? CHAT_GRACE_MS : 0);
		if (ch == CHANNEL_CHAT && chance(0.7) && when[j] + 90000 < cut)
			add_step(tk, &st, when[j] + 5000 + pick(85000), S_READ, st)->ref = ri;
		if (due + 5000 < cut)
			add_step(tk, &st, due + 1000 + pick(4000), S_SEND, st)->ref = ri;
	}
	if (!unanswered && !solved_at) { /* solved (most), on hold a while, or left (a backlog) */
		double rr = unif();
		int64_t hold = last + lognorm(2 * HOUR_MS, 1.0);
		if (rr < 0.06 && hold < cut) {
			add_step(tk, &st, hold, S_STATUS, TICKET_ON_HOLD);
			solved_at = rr < 0.05 ? hold + lognorm(4 * DAY_MS, 0.8) : 0;
		} else if (rr > 0.07) {
			solved_at = last + lognorm(20 * HOUR_MS, 1.0);
		}
		if (solved_at && solved_at < cut)
			add_step(tk, &st, solved_at, S_STATUS, TICKET_SOLVED);
	}
	int64_t close = solved_at + 3 * DAY_MS + (int64_t)pick(4 * DAY_MS);
	if (st == TICKET_SOLVED && close < cut && chance(0.85))
		add_step(tk, &st, close, S_STATUS, TICKET_CLOSED);
	/* reads and sends go among the later steps by time (they change nothing on the ticket) */
	struct step *v = tk->steps;
	for (size_t a = 2; a < tk->n_steps; a++)
		for (size_t z = a; z > 1 && v[z].at < v[z - 1].at; z--) {
			struct step tmp = v[z];
			v[z] = v[z - 1], v[z - 1] = tmp;
			for (size_t q = 0; q < tk->n_steps; q++)
				if (v[q].kind >= S_READ)
					v[q].ref = v[q].ref == z ? (uint8_t)(z - 1)
						 : v[q].ref == z - 1 ? (uint8_t)z : v[q].ref;
		}
	t->status = ticket_status_name(st);
	F.statuses[st]++;
	if (st != TICKET_SOLVED && st != TICKET_CLOSED)
		*PUSH(&F, open_ids) = t->id;
	heap_push(s);
}

/* ---- emitting: what the API writes for each step, into a batch (on the main thread) ---- */

struct newcust {
	int64_t id, at;
	struct cust c;
};
struct mark {
	int64_t ticket_id, message_id, at;
};
struct batch {
	struct arena a; /* the strings */
	ARR(struct newcust, custs);
	ARR(struct ticket_row, tickets);
	ARR(struct message_row, msgs);
	ARR(struct outbox_row, outbox);
	ARR(struct mark, marks);
	ARR(struct event_row, events);
	pthread_t thread;
	struct store *st;
	const char *failed;
	int rc;
};

/* An audit event as audit_append writes it (its JSON text and its link in the chain), stamped
 * at the step's time. Takes before and after. */
static void event(struct batch *b, int64_t at, const char *actor_type, int64_t actor_id,
		  const char *action, const char *object_type, int64_t object_id, int64_t ticket_id,
		  json_t *before, json_t *after)
{
	char *bs = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *as = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	struct event_row *e = PUSH(b, events);
	*e = (struct event_row){.id = F.next_eid++, .created_at = at, .actor_type = actor_type,
				.actor_id = actor_id, .action = action, .object_type = object_type,
				.object_id = object_id, .ticket_id = ticket_id,
				.before = arena_strdup(&b->a, bs), .after = arena_strdup(&b->a, as),
				.prev_hash = arena_strdup(&b->a, F.last_hash)};
	struct audit_event_fields f = {e->id, at, actor_type, actor_id, action, object_type,
				       object_id, ticket_id, e->before, e->after};
	audit_chain_hash(e->prev_hash, &f, F.last_hash);
	e->hash = arena_strdup(&b->a, F.last_hash);
	free(bs), free(as);
	json_decref(before), json_decref(after);
}

/* ticket_audit_json of the ticket at a step: its status, and whether it had its assignee. */
static json_t *state_json(struct tk *tk, int status, bool assigned)
{
	struct ticket_row t = tk->t;
	t.tags = tk->tags;
	t.status = ticket_status_name((enum ticket_status)status);
	t.assignee_id = assigned ? tk->agent_id : 0;
	return ticket_audit_json(&t);
}

/* A message and its message.create event (add_message). */
static int64_t message(struct batch *b, const struct tk *tk, int64_t at, const char *kind,
		       bool agent, const char *body)
{
	struct message_row *m = PUSH(b, msgs);
	*m = (struct message_row){.id = F.next_mid++, .ticket_id = tk->t.id, .kind = kind,
				  .author_type = agent ? "agent" : "customer",
				  .author_id = agent ? tk->agent_id : tk->t.customer_id,
				  .body = arena_strdup(&b->a, body), .created_at = at, .via = ""};
	event(b, at, m->author_type, m->author_id, "message.create", "message", m->id, tk->t.id,
	      NULL, json_pack("{s:s}", "kind", kind));
	return m->id;
}

static const char *customer_text(const struct tk *tk, const struct cust *c, bool first,
				 struct sb *b)
{
	const struct lang *lg = &langs[tk->lang];
	const char *sep = lg->tight ? "" : " ";
	b->n = 0;
	fill(b, first ? lg->topics[tk->topic].body : any(lg->follow));
	const struct pool *p = &pools[tk->lang];
	if (p->n_s && chance(tk->lang == EN ? 0.5 : 0.3))
		puts_(b, sep), puts_(b, p->s[pick((uint32_t)p->n_s)]);
	if (first && chance(0.15)) /* the transaction hash, pasted */
		puts_(b, sep), fill(b, lg->follow[count(lg->follow) - 1]);
	if (c->no_marks)
		strip_marks(b);
	return b->p;
}

static void emit(struct batch *b, struct tk *tk, uint8_t si)
{
	struct step *x = &tk->steps[si];
	struct ticket_row *t = &tk->t;
	struct cust c;
	customer_of(tk->cust, &c);
	struct sb text = {.n = 0};
	bool was = tk->assigned, now = tk->assigned = tk->assigned || x->assign;
	bool chat = !strcmp(t->channel, "chat"), agent = x->kind != S_CUSTOMER;
	if (x->kind == S_CREATE) { /* POST /tickets by the integration; a chat as the widget */
		const char *by = chat ? "customer" : "agent";
		int64_t by_id = chat ? 0 : F.admin_id;
		if (tk->new_cust) { /* customer_resolve */
			*PUSH(b, custs) = (struct newcust){t->customer_id, x->at, c};
			event(b, x->at, by, by_id, "customer.create", "customer", t->customer_id, 0, NULL,
			      json_pack("{s:s, s:s, s:i}", "name", c.name ? c.name : "", "language",
					langs[c.lang].norm, "vip_tier", c.vip_tier));
			for (int k = 0; k < 2; k++)
				if (k ? c.has_email : c.has_uid)
					event(b, x->at, by, by_id, "customer.identity_add", "customer",
					      t->customer_id, 0, NULL,
					      json_pack("{s:s, s:b}", "kind", k ? "email" : "exchange_uid",
							"verified", false));
		}
		struct ticket_row *row = PUSH(b, tickets); /* as it ends */
		*row = *t;
		row->subject = arena_strdup(&b->a, tk->subject);
		row->tags = arena_alloc(&b->a, sizeof tk->tags);
		memcpy(row->tags, tk->tags, sizeof tk->tags);
		json_t *after = state_json(tk, TICKET_NEW, false); /* ticket_open */
		json_object_set_new(after, "number", json_integer(t->number));
		json_object_set_new(after, "customer_id", json_integer(t->customer_id));
		json_object_set_new(after, "channel", json_string(t->channel));
		event(b, x->at, by, chat ? t->customer_id : by_id, "ticket.create", "ticket", t->id,
		      t->id, NULL, after);
		message(b, tk, x->at, "customer", false, customer_text(tk, &c, true, &text));
	} else if (x->kind <= S_STATUS) { /* customer_says, say_run, patch_run */
		if (x->kind == S_CUSTOMER)
			message(b, tk, x->at, "customer", false, customer_text(tk, &c, false, &text));
		if (x->kind == S_REPLY || x->kind == S_NOTE) {
			fill(&text, x->kind == S_NOTE ? notes[pick(NELEM(notes))]
						      : any(langs[tk->lang].replies));
			x->mid = message(b, tk, x->at, x->kind == S_REPLY ? "reply" : "note", true, text.p);
		}
		json_t *before = state_json(tk, x->from, was), *after = state_json(tk, x->to, now);
		if (!json_equal(before, after))
			event(b, x->at, agent ? "agent" : "customer", agent ? tk->agent_id : t->customer_id,
			      "ticket.update", "ticket", t->id, t->id, before, after);
		else
			json_decref(before), json_decref(after);
		if (x->kind == S_REPLY && x->mail) { /* mail_queue_reply, as the sender leaves it */
			int64_t sent = 0, read = 0;
			for (size_t k = si + 1u; k < tk->n_steps; k++)
				if (tk->steps[k].ref == si && tk->steps[k].kind >= S_READ)
					*(tk->steps[k].kind == S_SEND ? &sent : &read) = tk->steps[k].at;
			bool skip = sent && read && read < sent;
			char num[TICKET_NUMBER_MAX];
			ticket_number_format(t->number, num);
			*PUSH(b, outbox) = (struct outbox_row){
			    .id = x->oid = F.next_oid++, .kind = "reply", .channel = "email",
			    .ticket_id = t->id, .message_id = x->mid,
			    .recipient = arena_strdup(&b->a, c.email),
			    .mail_id = arena_printf(&b->a, "exd.%s.%016llx@%s", num,
						    (unsigned long long)rnd(), F.mail_domain),
			    .unless_read = chat, .status = !sent ? "queued" : skip ? "skipped" : "sent",
			    .attempts = sent ? 1 : 0, .next_attempt_at = x->at + (chat ? CHAT_GRACE_MS : 0),
			    .last_error = skip ? "read in the chat" : NULL, .created_at = x->at,
			    .finished_at = sent};
		}
	} else if (x->kind == S_READ) { /* the widget's read mark (read_run) */
		*PUSH(b, marks) = (struct mark){t->id, tk->steps[x->ref].mid, x->at};
		event(b, x->at, "customer", t->customer_id, "read.customer", "message",
		      tk->steps[x->ref].mid, t->id, NULL, NULL);
	} else { /* S_SEND: the mail sender's finish_run */
		bool skip = false;
		for (size_t k = x->ref + 1u; k < si; k++)
			skip = skip || (tk->steps[k].kind == S_READ && tk->steps[k].ref == x->ref);
		json_t *after = json_pack("{s:s, s:s, s:s, s:I}", "status", skip ? "skipped" : "sent",
					  "kind", "reply", "to", c.email, "attempts", (json_int_t)1);
		if (skip)
			json_object_set_new(after, "error", json_string("read in the chat"));
		event(b, x->at, "system", 0, skip ? "mail.skipped" : "mail.sent", "outbox",
		      tk->steps[x->ref].oid, t->id, NULL, after);
	}
}

/* ---- writing: one job per batch, on a second thread while the next batch is prepared ---- */

static int batch_run(struct db *w, void *ctx)
{
	struct batch *b = ctx;
	for (size_t i = 0; i < b->n_custs && !b->failed; i++) {
		const struct newcust *nc = &b->custs[i];
		const struct cust *c = &nc->c;
		struct customer_row r = {.name = c->name ? c->name : "", .language = langs[c->lang].norm,
					 .vip_tier = c->vip_tier, .created_at = nc->at,
					 .updated_at = nc->at};
		if (store_customer_insert(w, &r) != DB_DONE || r.id != nc->id ||
		    (c->has_uid &&
		     store_identity_insert(w, r.id, "exchange_uid", c->uid, false, nc->at) != DB_DONE) ||
		    (c->has_email &&
		     store_identity_insert(w, r.id, "email", c->email, false, nc->at) != DB_DONE))
			b->failed = "a customer (not the id expected, or an identity taken)";
	}
	for (size_t i = 0; i < b->n_tickets && !b->failed; i++)
		if (store_counter_next(w, "ticket_number") != b->tickets[i].number)
			b->failed = "the ticket_number counter";
	if (!b->failed && store_bulk_tickets(w, b->tickets, b->n_tickets) != DB_DONE)
		b->failed = "tickets";
	if (!b->failed && store_bulk_messages(w, b->msgs, b->n_msgs) != DB_DONE)
		b->failed = "messages";
	if (!b->failed && store_bulk_outbox(w, b->outbox, b->n_outbox) != DB_DONE)
		b->failed = "outbox";
	for (size_t i = 0; i < b->n_marks && !b->failed; i++)
		if (store_read_mark_set(w, b->marks[i].ticket_id, "customer", b->marks[i].message_id,
					b->marks[i].at) != DB_DONE)
			b->failed = "read marks";
	for (size_t i = 0; i < b->n_events && !b->failed; i++) /* no trigger: a row a statement */
		if (store_event_insert(w, &b->events[i]) != DB_DONE)
			b->failed = "events";
	return b->failed ? JOB_FAILED : STORE_JOB_OK;
}

static void *batch_thread(void *arg)
{
	struct batch *b = arg;
	b->rc = store_write(b->st, batch_run, b);
	return NULL;
}

static void batch_done(struct batch *b)
{
	for (size_t i = 0; i < b->n_custs; i++)
		F.identities += b->custs[i].c.has_email + b->custs[i].c.has_uid;
	for (size_t i = 0; i < b->n_tickets; i++)
		F.tags += (int64_t)b->tickets[i].n_tags;
	F.customers += (int64_t)b->n_custs, F.tickets += (int64_t)b->n_tickets;
	F.messages += (int64_t)b->n_msgs, F.outbox += (int64_t)b->n_outbox;
	F.reads += (int64_t)b->n_marks, F.events += (int64_t)b->n_events;
	free(b->custs), free(b->tickets), free(b->msgs), free(b->outbox), free(b->marks);
	free(b->events), arena_free(&b->a), free(b);
}

/* The dispatcher's backfill for the tickets still open: SLA timers, and the warnings and
 * breaches already passed, recorded at their instants without actions (sla_timer_refresh). */
struct sla_job {
	const int64_t *ids;
	size_t n;
};

static int sla_run(struct db *w, void *ctx)
{
	struct sla_job *j = ctx;
	struct arena a;
	arena_init(&a, 1 << 16);
	bool ok = true;
	for (size_t i = 0; i < j->n && ok; i++, F.timers++) {
		struct ticket_row t;
		int64_t due;
		bool reassign = false;
		if (store_ticket_get(w, &a, j->ids[i], &t))
			ok = sla_timer_refresh(w, &a, &t, clock_now_ms(), false, &due, &reassign);
		if (i % 64 == 63)
			arena_free(&a);
	}
	arena_free(&a);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

/* ---- setup: one job with the writer's connection. No reader connection is ever opened, so
 * closing the writer, the last connection, checkpoints the WAL into the database. ---- */

struct setup_job {
	const char *admin_email, *failed;
	int64_t counter, last_customer;
};

static int agent_add(struct db *w, struct arena *a, struct agent_row *ag, int64_t *id)
{
	struct agent_row have;
	if (store_agent_get_by_email(w, a, ag->email, &have))
		return *id = have.id, strcmp(have.role, ag->role) ? JOB_FAILED : STORE_JOB_OK;
	struct agent_create j = {.a = a, .who = {"cli", 0}, .ag = *ag}; /* `exdesk user add` */
	int rc = agent_create_run(w, &j);
	*id = j.ag.id;
	return rc;
}

static int setup_run(struct db *w, void *ctx)
{
	struct setup_job *sj = ctx;
	struct arena a;
	arena_init(&a, 1 << 16);
	sj->counter = store_counter_get(w, "ticket_number");
	struct agent_row admin = {.email = sj->admin_email, .name = "Desk Admin", .role = "admin",
				  .tier = "L2", .languages = "en", .max_chats = AGENT_MAX_CHATS_DEFAULT,
				  .max_tickets = AGENT_MAX_TICKETS_DEFAULT};
	int rc = store_bulk_cache(w) == DB_DONE ? agent_add(w, &a, &admin, &F.admin_id) : JOB_FAILED;
	for (size_t g = 0, n = 0; g < NGROUPS && !rc; g++) {
		struct group_def *gd = &groups[g];
		struct group_row row;
		struct group_create j = {.a = &a, .who = {"cli", 0}, /* `exdesk group add` */
					 .g = {.name = gd->name, .tier = gd->tier,
					       .languages = gd->languages, .product_area = gd->area,
					       .vip = gd->vip}};
		if (store_group_get_by_name(w, &a, gd->name, &row))
			gd->id = row.id;
		else
			rc = group_create_run(w, &j), gd->id = j.g.id;
		if (!(gd->agent_ids = calloc((size_t)gd->agents, sizeof *gd->agent_ids)))
			die("out of memory");
		int l = EN;
		for (int k = 0; k < NLANG; k++)
			l = *gd->languages && strstr(gd->languages, langs[k].norm) ? k : l;
		for (int k = 0; k < gd->agents && !rc; k++) {
			struct agent_row ag = {
			    .email = arena_printf(&a, "agent%03zu@desk.example", ++n),
			    .name = langs[l].names[(size_t)k % count(langs[l].names)], .role = "agent",
			    .tier = !strcmp(gd->tier, "L1") ? "L1" : gd->vip ? "L2" : gd->tier,
			    .languages = *gd->languages ? gd->languages : "en", .vip_capable = gd->vip,
			    .max_chats = AGENT_MAX_CHATS_DEFAULT, .max_tickets = AGENT_MAX_TICKETS_DEFAULT,
			    .groups = &gd->id, .n_groups = 1};
			rc = agent_add(w, &a, &ag, &gd->agent_ids[k]);
		}
	}
	if (rc)
		sj->failed = "the admin or an agent exists with another role, or could not be created";
	struct customer_row *newest;
	sj->last_customer = store_customer_list(w, &a, NULL, false, 0, 1, &newest) ? newest->id : 0;
	const char *last_hash;
	if (!store_event_last(w, &a, &F.next_eid, &last_hash))
		sj->failed = "the audit trail could not be read", rc = JOB_FAILED;
	F.next_eid++;
	snprintf(F.last_hash, sizeof F.last_hash, "%s", last_hash ? last_hash : AUDIT_GENESIS);
	struct mail_desk desk;
	mail_desk_load(w, &a, &desk);
	F.mail_domain = strdup(desk.domain);
	arena_free(&a);
	return rc;
}

static int last_event_run(struct db *w, void *ctx)
{
	*(int64_t *)ctx = store_event_last_id(w);
	return STORE_JOB_OK;
}

static double file_mb(const char *dir, const char *name)
{
	char path[1200];
	struct stat sb;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return stat(path, &sb) == 0 ? (double)sb.st_size / 1e6 : 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: store_fill --data DIR --tickets N [--messages-per-ticket 2] "
			"[--customers M] [--seed S] [--admin EMAIL] [--batch B]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *dir = NULL, *admin = "admin@desk.example";
	long long n = -1, mpt = 2, ncust = 0, seed = 1, batch = 5000;
	for (int i = 1; i < argc; i += 2) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : (usage(), "");
		long long *num = !strcmp(o, "--tickets") ? &n : !strcmp(o, "--messages-per-ticket") ? &mpt
			       : !strcmp(o, "--customers") ? &ncust : !strcmp(o, "--seed") ? &seed
			       : !strcmp(o, "--batch") ? &batch : NULL;
		char *end = "";
		if (num)
			*num = strtoll(v, &end, 10);
		else if (!strcmp(o, "--data") || !strcmp(o, "--admin"))
			*(o[2] == 'd' ? &dir : &admin) = v;
		else
			usage();
		if (*end)
			usage();
	}
	if (!dir || n < 0 || n > 50000000 || mpt < 1 || mpt > 32 || batch < 1 || ncust < 0)
		usage();
	char *low = strdup(admin); /* stored lowercase, as `exdesk user add` does */
	for (char *p = low; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	F.n_tickets = n;
	F.msgs_per_ticket = mpt;
	F.n_customers = ncust ? (ncust < n ? ncust : n) : (n / 4 > 0 ? n / 4 : n > 0);
	rng_s = (seed_mix = mix((uint64_t)seed)) | 1;
	if (n / 10 > 0 && batch > n / 10)
		batch = n / 10; /* a batch per 10% at least, for the progress lines */
	const char *data = getenv("EXDESK_DATA") ? getenv("EXDESK_DATA") : "../shared/data";
	static const struct {
		const char *file;
		int col, lang;
	} src[] = {{"banking77/train.csv", 0, EN}, {"xsid/zh.valid.csv", 1, ZH},
		   {"bitext_customer_support/bitext_customer_support_20k_utterances.csv", 1, EN},
		   {"xsid/ja.valid.csv", 2, JA} /* without spaces */, {"xsid/tr.valid.csv", 1, TR}};
	size_t got = 0;
	for (size_t k = 0; k < NELEM(src); k++)
		got += csv_column(data, src[k].file, src[k].col, &pools[src[k].lang]);
	if (!pools[EN].n_s || !pools[ZH].n_s || !pools[JA].n_s || !pools[TR].n_s) {
		fprintf(stderr, "store_fill: no sentences under %s (EXDESK_DATA sets it)\n", data);
		return 1;
	}
	for (int l = 0; l < NLANG; l++)
		if (!validate_language(langs[l].tag, strlen(langs[l].tag), langs[l].norm))
			die("a language tag does not validate");

	struct store *st;
	if (store_open(dir, &st) != DB_OK) /* as `exdesk serve`: created and migrated if new */
		die("store_open failed");
	log_set_level(LOG_WARN);
	F.cutoff = clock_now_ms() - 1000;
	F.year_start = F.cutoff - 365 * DAY_MS;
	clock_set_offset(-372 * DAY_MS); /* the team was there a week before the first ticket */
	struct setup_job sj = {.admin_email = low};
	int rc = store_write(st, setup_run, &sj);
	clock_set_offset(0);
	if (rc == STORE_JOB_OK && sj.counter != 100000)
		sj.failed = "the data dir already holds tickets: fill a new one";
	if (rc != STORE_JOB_OK || sj.failed) {
		fprintf(stderr, "store_fill: %s\n", sj.failed ? sj.failed : "the setup job failed");
		store_close(st);
		return 1;
	}
	F.next_tid = F.next_mid = F.next_oid = 1; /* no tickets yet, so nothing that hangs on one */
	F.next_number = sj.counter + 1;
	F.next_cid = sj.last_customer + 1;
	int64_t events0 = 0, events = 0;
	store_write(st, last_event_run, &events0);
	printf("# store_fill: %lld tickets, %lld messages each, %lld customers, seed %lld, into %s "
	       "(%zu sentences from %s)\n", n, mpt, (long long)F.n_customers, seed, dir, got, data);
	fflush(stdout);

	double t0 = now_s(), t_prep = 0, t_wait = 0;
	int64_t planned = 0;
	long long mark = 1;
	struct batch *flying = NULL;
	while (planned < n || F.n_heap || flying) {
		struct batch *b = NULL;
		double tp = now_s();
		if (planned < n || F.n_heap) {
			if (!(b = calloc(1, sizeof *b)))
				die("out of memory");
			arena_init(&b->a, 1 << 20);
			b->st = st;
			for (int64_t k = 0; k < batch && planned < n; k++)
				plan_ticket(planned++);
			/* every step before the next ticket's creation can be written now */
			int64_t horizon = planned < n ? created_at(planned) : INT64_MAX;
			size_t max = planned < n ? SIZE_MAX : (size_t)batch * 8;
			for (size_t done = 0; F.n_heap && F.heap[0].at < horizon && done < max; done++) {
				uint32_t s = heap_pop();
				struct tk *tk = &F.slots[s];
				emit(b, tk, tk->next++);
				if (tk->next < tk->n_steps) {
					heap_push(s);
				} else {
					free(tk->subject), free(tk->steps);
					*PUSH(&F, free_slots) = s;
				}
			}
		}
		double tw = now_s();
		t_prep += tw - tp;
		if (flying) { /* the previous batch, written while this one was prepared */
			pthread_join(flying->thread, NULL);
			t_wait += now_s() - tw;
			if (flying->rc != STORE_JOB_OK) {
				fprintf(stderr, "store_fill: a job failed: %s\n",
					flying->failed ? flying->failed : "the commit");
				store_close(st);
				return 1;
			}
			batch_done(flying);
		}
		if ((flying = b) && pthread_create(&b->thread, NULL, batch_thread, b) != 0)
			die("pthread_create");
		for (; n && F.tickets * 10 >= mark * n && mark <= 10; mark++) {
			double el = now_s() - t0;
			printf("%3lld%%  %10lld tickets  %10lld messages  %9lld customers  %10lld events  "
			       "%7.1f s  %6.0f tickets/s\n", mark * 10, (long long)F.tickets,
			       (long long)F.messages, (long long)F.customers, (long long)F.events, el,
			       (double)F.tickets / el);
			fflush(stdout);
		}
	}
	double t_fill = now_s() - t0;
	for (size_t i = 0; i < F.n_open_ids; i += 500) {
		struct sla_job j = {F.open_ids + i, F.n_open_ids - i < 500 ? F.n_open_ids - i : 500};
		if (store_write(st, sla_run, &j) != STORE_JOB_OK)
			die("an SLA timer job failed");
	}
	store_write(st, last_event_run, &events);
	double t_sla = now_s() - t0;
	store_close(st); /* the last connection: the WAL is checkpointed into exdesk.db, removed */
	free(low);
	double t_end = now_s() - t0, db = file_mb(dir, "exdesk.db"), wal = file_mb(dir, "exdesk.db-wal");
	events -= events0;
	int64_t rows = F.tickets + F.messages + F.customers + F.identities + events + 2 * F.outbox +
		       F.tags + F.reads + F.timers;
	printf("tickets %lld, messages %lld, customers %lld (%lld identities), events %lld, mails "
	       "%lld, read marks %lld, open tickets %zu (SLA timers)\nstatuses:", (long long)F.tickets,
	       (long long)F.messages, (long long)F.customers, (long long)F.identities,
	       (long long)events, (long long)F.outbox, (long long)F.reads, F.n_open_ids);
	for (int s = 0; s < TICKET_STATUS_COUNT; s++)
		printf(" %s %lld", ticket_status_name((enum ticket_status)s), (long long)F.statuses[s]);
	printf("\nelapsed %.1f s (tickets %.1f s, SLA timers %.1f s, close and checkpoint %.1f s): "
	       "%.0f tickets/s, %.0f rows/s (%lld rows: tickets, messages, customers, identities, "
	       "events, outbox and thread ids, tags, read marks, timers; index rows not counted)\n"
	       "threads: preparing rows and events %.1f s, waiting for the writer %.1f s\n"
	       "size on disk: %.1f MB (exdesk.db %.1f MB + WAL %.1f MB)%s\n",
	       t_end, t_fill, t_sla - t_fill, t_end - t_sla, (double)F.tickets / t_end,
	       (double)rows / t_end, (long long)rows, t_prep, t_wait, db + wal, db, wal,
	       wal > 0 ? "  -- the WAL was NOT checkpointed" : ", the WAL checkpointed");
	return 0;
}
