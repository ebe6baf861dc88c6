/* demo_kb.c — see demo_kb.h. The texts are what a real exchange's help center says, shortened;
 * the first text of each article is its default locale. All strings are valid UTF-8. */
#include "demo/demo_kb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/kb.h"
#include "http/auth.h"
#include "util/log.h"

struct demo_kb_text {
	const char *locale, *title, *body;
};

struct demo_kb_article {
	const char *category, *section; /* slugs; section NULL = directly in the category */
	const char *status;
	struct demo_kb_text texts[KB_LOCALE_COUNT + 1]; /* ends at a NULL locale */
};

struct demo_kb_section {
	const char *category, *slug, *names; /* names: JSON object text */
	int position;
};

static const struct demo_kb_section sections[] = {
    {"deposit", "missing",
     "{\"en\":\"Deposit not credited\",\"zh-CN\":\"充值未到账\",\"zh-TW\":\"充值未到帳\","
     "\"ja\":\"入金が反映されない\",\"ko\":\"입금 미반영\",\"ru\":\"Депозит не зачислен\","
     "\"es\":\"Depósito no acreditado\",\"vi\":\"Nạp tiền chưa về\",\"tr\":\"Yatırılmayan para\"}",
     1},
    {"deposit", "networks",
     "{\"en\":\"Networks, memos and tags\",\"zh-CN\":\"网络、备注与标签\","
     "\"zh-TW\":\"網路、備註與標籤\",\"ja\":\"ネットワークとメモ\",\"ko\":\"네트워크와 메모\","
     "\"ru\":\"Сети, мемо и теги\",\"es\":\"Redes, memos y etiquetas\",\"vi\":\"Mạng, memo và "
     "tag\","
     "\"tr\":\"Ağlar, memo ve etiketler\"}",
     2},
    {"withdrawal", "status",
     "{\"en\":\"Withdrawal status\",\"zh-CN\":\"提现状态\",\"zh-TW\":\"提幣狀態\","
     "\"ja\":\"出金の状況\",\"ko\":\"출금 상태\",\"ru\":\"Статус вывода\",\"es\":\"Estado del "
     "retiro\","
     "\"vi\":\"Trạng thái rút tiền\",\"tr\":\"Para çekme durumu\"}",
     1},
};

/* clang-format off */
static const struct demo_kb_article articles[] = {
{"deposit", "missing", "published", {
 {"en", "Deposit not credited: what to check",
  "Most deposits arrive within **30 minutes**. If yours has not been credited yet:\n\n"
  "1. Find the **TXID** (transaction hash) in the wallet you sent from.\n"
  "2. Check the number of confirmations on a block explorer. Each network needs a minimum "
  "(BTC 2, ETH 12, TRC20 20).\n"
  "3. Make sure you used the **deposit address shown for that network** and, for XRP, EOS or "
  "TON, the memo or tag.\n\n"
  "Still missing after the confirmations? Contact support with the TXID."},
 {"zh-CN", "充值未到账怎么办",
  "大部分充值会在 **30 分钟** 内到账。如果您的充值还没有到账：\n\n"
  "1. 在转出钱包中找到 **交易哈希（TXID）**。\n"
  "2. 在区块浏览器上查看确认数。不同网络要求不同（BTC 2 个，ETH 12 个，TRC20 20 个）。\n"
  "3. 确认您使用的是 **该网络对应的充值地址**；XRP、EOS、TON 等币种还需填写备注（MEMO）或标签。\n\n"
  "确认数已足够仍未到账？请提交工单并附上交易哈希，客服会为您查询充值。"},
 {"zh-TW", "充值未到帳怎麼辦",
  "大部分充值會在 **30 分鐘** 內到帳。如果您的充值尚未到帳：\n\n"
  "1. 在轉出錢包中找到 **交易哈希（TXID）**。\n"
  "2. 在區塊瀏覽器查看確認數（BTC 2 個，ETH 12 個，TRC20 20 個）。\n"
  "3. 確認使用的是 **該網路對應的充值地址**，XRP、EOS、TON 等需填寫備註（MEMO）或標籤。\n\n"
  "確認數足夠仍未到帳？請提交工單並附上交易哈希。"},
 {"ja", "入金が反映されない場合の確認事項",
  "ほとんどの入金は **30分以内** に反映されます。まだ反映されていない場合：\n\n"
  "1. 送金元ウォレットで **トランザクションID（TXID）** を確認してください。\n"
  "2. ブロックエクスプローラーで承認数を確認してください（BTC 2、ETH 12、TRC20 20）。\n"
  "3. **ネットワークに対応した入金アドレス** を使ったか、XRP などはメモ（タグ）を入力したか確認してください。\n\n"
  "承認数が足りているのに入金されない場合は、TXID を添えてサポートにお問い合わせください。"},
 {"ko", "입금이 반영되지 않을 때 확인할 사항",
  "대부분의 입금은 **30분 이내**에 반영됩니다. 아직 입금이 반영되지 않았다면:\n\n"
  "1. 보낸 지갑에서 **TXID(트랜잭션 해시)** 를 확인하세요.\n"
  "2. 블록 탐색기에서 컨펌 수를 확인하세요 (BTC 2, ETH 12, TRC20 20).\n"
  "3. **해당 네트워크의 입금 주소**를 사용했는지, XRP 등은 메모(태그)를 입력했는지 확인하세요.\n\n"
  "컨펌이 충분한데도 입금되지 않으면 TXID와 함께 고객센터에 문의하세요."},
 {"ru", "Депозит не зачислен: что проверить",
  "Большинство пополнений зачисляется в течение **30 минут**. Если ваш депозит ещё не пришёл:\n\n"
  "1. Найдите **TXID** (хеш транзакции) в кошельке, с которого вы отправляли.\n"
  "2. Проверьте число подтверждений в обозревателе блоков (BTC 2, ETH 12, TRC20 20).\n"
  "3. Убедитесь, что использовали **адрес пополнения для этой сети**, а для XRP, EOS, TON — мемо или тег.\n\n"
  "Подтверждений достаточно, а пополнение не пришло? Напишите в поддержку и укажите TXID."},
 {"es", "Depósito no acreditado: qué revisar",
  "La mayoría de los depósitos llegan en **30 minutos**. Si el tuyo aún no se acreditó:\n\n"
  "1. Busca el **TXID** (hash de la transacción) en la billetera de origen.\n"
  "2. Revisa las confirmaciones en un explorador de bloques (BTC 2, ETH 12, TRC20 20).\n"
  "3. Comprueba que usaste la **dirección de depósito de esa red** y, para XRP, EOS o TON, el memo o etiqueta.\n\n"
  "¿Sigue sin llegar tras las confirmaciones? Contacta con soporte e indica el TXID."},
 {"vi", "Nạp tiền chưa về tài khoản: cần kiểm tra gì",
  "Phần lớn giao dịch nạp tiền sẽ về trong **30 phút**. Nếu khoản nạp của bạn chưa về:\n\n"
  "1. Tìm **TXID** (mã giao dịch) trong ví đã gửi.\n"
  "2. Kiểm tra số xác nhận trên trình khám phá khối (BTC 2, ETH 12, TRC20 20).\n"
  "3. Đảm bảo bạn dùng **đúng địa chỉ nạp của mạng đó**, và với XRP, EOS, TON thì có điền memo hoặc tag.\n\n"
  "Đủ xác nhận mà vẫn chưa nhận được? Hãy liên hệ hỗ trợ kèm TXID."},
 {"tr", "Yatırılan para hesaba geçmedi: kontrol listesi",
  "Para yatırma işlemlerinin çoğu **30 dakika** içinde hesaba geçer. Sizinki geçmediyse:\n\n"
  "1. Gönderdiğiniz cüzdanda **TXID** (işlem hash'i) bilgisini bulun.\n"
  "2. Blok gezgininde onay sayısını kontrol edin (BTC 2, ETH 12, TRC20 20).\n"
  "3. **O ağa ait yatırma adresini** kullandığınızdan ve XRP, EOS, TON için memo/etiket girdiğinizden emin olun.\n\n"
  "Onaylar tamamlandığı hâlde gelmediyse TXID ile destek ekibine yazın."},
 {NULL, NULL, NULL}}},

{"deposit", "networks", "published", {
 {"en", "I sent my deposit on the wrong network",
  "Sending on a network the address does not support (for example **USDT on BEP20 to a TRC20 "
  "address**) does not credit your account automatically.\n\n"
  "- If the network is one we support, the funds can usually be **recovered**: submit a recovery "
  "request with the TXID, the coin and both networks.\n"
  "- Recovery takes 1–3 business days and may carry a fee.\n"
  "- Funds sent to a network we do not support at all may not be recoverable."},
 {"zh-CN", "充值转错网络（错链）如何找回",
  "如果使用了地址不支持的网络充值（例如把 **BEP20 的 USDT 转到 TRC20 地址**），充值不会自动到账。\n\n"
  "- 若该网络是我们支持的网络，通常可以 **找回**：请提交找回申请，附上交易哈希、币种和两个网络名称。\n"
  "- 找回一般需要 1–3 个工作日，可能收取手续费。\n"
  "- 转入我们完全不支持的网络的资产可能无法找回。"},
 {"zh-TW", "充值轉錯網路（錯鏈）如何找回",
  "使用地址不支援的網路充值（例如把 **BEP20 的 USDT 轉到 TRC20 地址**），充值不會自動到帳。\n\n"
  "- 若該網路為我們支援的網路，通常可以 **找回**：請提交找回申請並附上交易哈希。\n"
  "- 找回約需 1–3 個工作天，可能收取手續費。"},
 {"ja", "間違ったネットワークで入金してしまった",
  "アドレスが対応していないネットワークで送金した場合（例：**BEP20 の USDT を TRC20 アドレスへ**）、自動では入金されません。\n\n"
  "- 当社が対応しているネットワークであれば、多くの場合 **回復** できます。TXID を添えて回復申請をしてください。\n"
  "- 回復には 1〜3 営業日かかり、手数料がかかる場合があります。"},
 {"ko", "잘못된 네트워크로 입금했어요",
  "주소가 지원하지 않는 네트워크로 보낸 경우(예: **BEP20 USDT를 TRC20 주소로**) 자동으로 입금되지 않습니다.\n\n"
  "- 당사가 지원하는 네트워크라면 대부분 **복구**할 수 있습니다. TXID와 함께 복구 신청을 해 주세요.\n"
  "- 복구에는 영업일 기준 1~3일이 걸리며 수수료가 있을 수 있습니다."},
 {"ru", "Пополнение отправлено не в той сети",
  "Если вы отправили монеты в сети, которую адрес не поддерживает (например, **USDT в BEP20 на адрес TRC20**), "
  "депозит не зачислится автоматически.\n\n"
  "- Если сеть поддерживается биржей, средства обычно можно **вернуть**: подайте заявку на возврат с TXID.\n"
  "- Возврат занимает 1–3 рабочих дня, может взиматься комиссия."},
 {"es", "Envié mi depósito por la red equivocada",
  "Si enviaste por una red que la dirección no admite (por ejemplo **USDT en BEP20 a una dirección TRC20**), "
  "el depósito no se acredita solo.\n\n"
  "- Si la red es compatible con nosotros, normalmente se puede **recuperar**: envía una solicitud con el TXID.\n"
  "- La recuperación tarda de 1 a 3 días hábiles y puede tener una comisión."},
 {"vi", "Tôi đã nạp tiền sai mạng",
  "Nếu bạn gửi qua mạng mà địa chỉ không hỗ trợ (ví dụ **USDT BEP20 vào địa chỉ TRC20**), tiền nạp sẽ không tự động về.\n\n"
  "- Nếu mạng đó được chúng tôi hỗ trợ, thường có thể **khôi phục**: gửi yêu cầu kèm TXID.\n"
  "- Việc khôi phục mất 1–3 ngày làm việc và có thể tính phí."},
 {"tr", "Parayı yanlış ağdan gönderdim",
  "Adresin desteklemediği bir ağdan gönderim yaptıysanız (örneğin **BEP20 USDT'yi TRC20 adresine**), "
  "para otomatik olarak hesaba geçmez.\n\n"
  "- Ağ tarafımızca destekleniyorsa genellikle **kurtarılabilir**: TXID ile kurtarma talebi gönderin.\n"
  "- Kurtarma 1–3 iş günü sürer ve ücret alınabilir."},
 {NULL, NULL, NULL}}},

{"deposit", "networks", "published", {
 {"en", "Deposit without memo or tag (XRP, EOS, TON, ATOM)",
  "Some coins share one address for all users and tell deposits apart by a **memo** (also called "
  "tag or destination tag). A deposit without it cannot be matched to your account.\n\n"
  "Open a recovery request with the **TXID**, the amount and a screenshot of the transfer. "
  "We credit it after checking, usually within 1–2 days."},
 {"zh-CN", "充值忘记填写备注（MEMO）或标签怎么办",
  "部分币种（XRP、EOS、TON、ATOM 等）所有用户共用一个地址，靠 **备注（MEMO/标签）** 区分充值。"
  "漏填备注的充值无法自动匹配到您的账户。\n\n"
  "请提交找回申请，附上 **交易哈希**、金额和转账截图。核实后一般 1–2 天内为您入账。"},
 {"zh-TW", "充值忘記填寫備註（MEMO）或標籤",
  "部分幣種（XRP、EOS、TON、ATOM 等）共用地址，以 **備註（MEMO/標籤）** 區分充值。"
  "漏填備註的充值無法自動入帳。\n\n請提交找回申請並附上交易哈希與金額。"},
 {"ja", "メモ（タグ）を入れずに入金してしまった",
  "XRP・EOS・TON・ATOM などはアドレスを共有し、**メモ（タグ）** で入金を識別します。メモがない入金はアカウントに自動で反映されません。\n\n"
  "TXID・金額・送金画面のスクリーンショットを添えて回復申請をしてください。"},
 {"ko", "메모(태그) 없이 입금했어요",
  "XRP, EOS, TON, ATOM 등은 주소를 공유하고 **메모(태그)** 로 입금을 구분합니다. 메모가 없는 입금은 자동으로 반영되지 않습니다.\n\n"
  "TXID, 금액, 전송 화면 캡처와 함께 복구 신청을 해 주세요."},
 {"ru", "Пополнение без мемо или тега (XRP, EOS, TON, ATOM)",
  "Для некоторых монет адрес общий, а пополнения различаются по **мемо** (тегу). Депозит без мемо "
  "нельзя автоматически зачислить на ваш аккаунт.\n\nПодайте заявку на возврат с TXID и суммой."},
 {"es", "Depósito sin memo o etiqueta (XRP, EOS, TON, ATOM)",
  "Algunas monedas comparten dirección y distinguen los depósitos por un **memo** (etiqueta). "
  "Sin él, el depósito no se puede asignar a tu cuenta.\n\nEnvía una solicitud de recuperación con el TXID."},
 {"vi", "Nạp tiền quên điền memo hoặc tag",
  "Một số coin (XRP, EOS, TON, ATOM) dùng chung địa chỉ và phân biệt khoản nạp bằng **memo** (tag). "
  "Khoản nạp thiếu memo không thể tự động ghi có vào tài khoản.\n\nHãy gửi yêu cầu khôi phục kèm TXID."},
 {"tr", "Memo veya etiket olmadan para yatırdım",
  "Bazı coinler (XRP, EOS, TON, ATOM) ortak adres kullanır ve yatırmaları **memo** (etiket) ile ayırır. "
  "Memo olmadan yapılan yatırma hesabınıza otomatik geçmez.\n\nTXID ile kurtarma talebi oluşturun."},
 {NULL, NULL, NULL}}},

{"withdrawal", "status", "published", {
 {"en", "Withdrawal pending or under review",
  "A withdrawal can wait for three reasons:\n\n"
  "- **Security review**: large or unusual withdrawals are checked by our risk team; we may call "
  "you to confirm it is you.\n"
  "- **Network congestion**: the transaction is broadcast but not yet confirmed.\n"
  "- **Wallet maintenance** for that coin (see the announcement page).\n\n"
  "Reviews usually finish within 2 hours. You can cancel a withdrawal while it is still *pending*."},
 {"zh-CN", "提现一直在审核中 / 提现未到账怎么办",
  "提现处于等待状态通常有三个原因：\n\n"
  "- **安全审核**：大额或异常提现需要风控团队审核，客服可能会致电与您核实身份。\n"
  "- **网络拥堵**：交易已广播但尚未被区块确认。\n"
  "- **钱包维护**：该币种正在维护，请查看公告。\n\n"
  "审核一般在 2 小时内完成。提现处于“待处理”状态时可以自行取消。"},
 {"zh-TW", "提幣一直在審核中 / 提現未到帳",
  "提現等待通常有三個原因：\n\n"
  "- **安全審核**：大額或異常提現需風控審核，客服可能致電核實身份。\n"
  "- **網路壅塞**：交易已廣播但尚未確認。\n"
  "- **錢包維護**：請查看公告。\n\n審核一般於 2 小時內完成。"},
 {"ja", "出金が保留中・審査中のまま",
  "出金が止まる主な理由は3つです：\n\n"
  "- **セキュリティ審査**：高額・通常と異なる出金はリスク管理チームが確認します。本人確認のためお電話することがあります。\n"
  "- **ネットワークの混雑**：送信済みで承認待ちです。\n"
  "- **ウォレットのメンテナンス**：お知らせをご確認ください。\n\n審査は通常2時間以内に完了します。"},
 {"ko", "출금이 대기 중이거나 심사 중이에요",
  "출금이 대기하는 이유는 보통 세 가지입니다:\n\n"
  "- **보안 심사**: 고액이거나 평소와 다른 출금은 리스크팀이 확인하며, 본인 확인 전화를 드릴 수 있습니다.\n"
  "- **네트워크 혼잡**: 전송되었지만 아직 컨펌되지 않았습니다.\n"
  "- **지갑 점검**: 공지사항을 확인하세요.\n\n심사는 보통 2시간 이내에 끝납니다."},
 {"ru", "Вывод средств в ожидании или на проверке",
  "Вывод может задерживаться по трём причинам:\n\n"
  "- **Проверка безопасности**: крупные или необычные выводы проверяет риск-отдел; мы можем позвонить вам.\n"
  "- **Загрузка сети**: транзакция отправлена, но ещё не подтверждена.\n"
  "- **Обслуживание кошелька** этой монеты.\n\nПроверка обычно занимает до 2 часов."},
 {"es", "Retiro pendiente o en revisión",
  "Un retiro puede esperar por tres motivos:\n\n"
  "- **Revisión de seguridad**: los retiros grandes o inusuales los revisa el equipo de riesgos; podemos llamarte.\n"
  "- **Congestión de la red**: la transacción se envió pero aún no se confirma.\n"
  "- **Mantenimiento de la billetera** de esa moneda.\n\nLas revisiones suelen terminar en 2 horas."},
 {"vi", "Lệnh rút tiền đang chờ hoặc đang được xét duyệt",
  "Lệnh rút tiền có thể phải chờ vì ba lý do:\n\n"
  "- **Kiểm tra bảo mật**: lệnh rút lớn hoặc bất thường được đội rủi ro xem xét; chúng tôi có thể gọi điện cho bạn.\n"
  "- **Mạng tắc nghẽn**: giao dịch đã gửi nhưng chưa được xác nhận.\n"
  "- **Bảo trì ví** của coin đó.\n\nViệc xét duyệt thường xong trong 2 giờ."},
 {"tr", "Para çekme işlemi beklemede veya incelemede",
  "Para çekme işlemi üç nedenle bekleyebilir:\n\n"
  "- **Güvenlik incelemesi**: büyük veya olağandışı çekimleri risk ekibi kontrol eder; sizi arayabiliriz.\n"
  "- **Ağ yoğunluğu**: işlem gönderildi ama henüz onaylanmadı.\n"
  "- **Cüzdan bakımı**.\n\nİnceleme genellikle 2 saat içinde tamamlanır."},
 {NULL, NULL, NULL}}},

{"withdrawal", "status", "published", {
 {"en", "Withdrawal fees and minimum amounts",
  "Each coin and network has its own **withdrawal fee** and **minimum withdrawal**, shown on the "
  "withdrawal page before you confirm. The fee covers the network's transaction cost and changes "
  "with congestion. TRC20 and BEP20 are usually the cheapest networks for USDT."},
 {"zh-CN", "提现手续费和最小提现金额",
  "每个币种和网络都有各自的 **提现手续费** 和 **最小提现金额**，在提现页面确认前会显示。"
  "手续费用于支付链上矿工费，会随网络拥堵变化。USDT 提现通常 TRC20 和 BEP20 网络最便宜。"},
 {"zh-TW", "提幣手續費與最小提幣數量",
  "每個幣種與網路都有各自的 **提現手續費** 與 **最小提現金額**，確認前會顯示於提現頁面。"},
 {"ja", "出金手数料と最小出金額",
  "通貨・ネットワークごとに **出金手数料** と **最小出金額** があり、確認前に出金画面に表示されます。"},
 {"ko", "출금 수수료와 최소 출금 금액",
  "코인과 네트워크마다 **출금 수수료**와 **최소 출금 금액**이 다르며, 출금 화면에서 확인 전에 표시됩니다."},
 {"ru", "Комиссии и минимальная сумма вывода",
  "У каждой монеты и сети своя **комиссия за вывод** и **минимальная сумма**; они показаны на странице вывода до подтверждения."},
 {NULL, NULL, NULL}}},

{"withdrawal", "status", "published", {
 {"en", "How to cancel a withdrawal",
  "Open **Assets → History → Withdrawals** and choose *Cancel* on a withdrawal that is still "
  "**pending** or **under review**. Once it is broadcast to the blockchain it can no longer be "
  "cancelled."},
 {"zh-CN", "如何取消提现",
  "进入 **资产 → 历史记录 → 提现**，对仍处于 **待处理** 或 **审核中** 的提现点击“取消”。"
  "提现一旦广播上链就无法取消。"},
 {"vi", "Cách hủy lệnh rút tiền",
  "Vào **Tài sản → Lịch sử → Rút tiền** và chọn *Hủy* với lệnh rút tiền còn **đang chờ** hoặc "
  "**đang xét duyệt**. Khi đã được phát lên blockchain thì không thể hủy."},
 {"tr", "Para çekme işlemi nasıl iptal edilir",
  "**Varlıklar → Geçmiş → Para çekme** bölümünden hâlâ **beklemede** olan işlemi *İptal* edin. "
  "Blokzincire gönderilen işlem iptal edilemez."},
 {"es", "Cómo cancelar un retiro",
  "Abre **Activos → Historial → Retiros** y elige *Cancelar* en un retiro que siga **pendiente**. "
  "Una vez difundido en la blockchain ya no se puede cancelar."},
 {NULL, NULL, NULL}}},

{"withdrawal", NULL, "published", {
 {"en", "Withdrawal address whitelist",
  "With the **whitelist** on, withdrawals go only to addresses you saved before. A new address "
  "becomes usable 24 hours after you add it, which protects you if someone takes over your account."},
 {"zh-CN", "提现地址白名单",
  "开启 **提现白名单** 后，只能向已保存的地址提现。新添加的地址 24 小时后才能使用，可在账户被盗时保护资产。"},
 {"tr", "Para çekme adresi beyaz listesi",
  "**Beyaz liste** açıkken para çekme yalnızca kayıtlı adreslere yapılır. Yeni adres 24 saat sonra kullanılabilir."},
 {NULL, NULL, NULL}}},

{"security", NULL, "published", {
 {"en", "Reset two-factor authentication (2FA)",
  "Lost your phone or the authenticator app? Reset **2FA** from the login page: choose "
  "*Security verification unavailable*, then verify your identity with your ID document and a "
  "**selfie**. For your safety, withdrawals are disabled for **24 hours** after a 2FA reset."},
 {"zh-CN", "如何重置谷歌验证器（2FA）",
  "手机丢失或验证器应用被删除？请在登录页选择“安全验证不可用”，使用身份证件和 **自拍** 完成身份核验后重置 **2FA**。"
  "为保障资产安全，重置后 **24 小时** 内无法提现。"},
 {"zh-TW", "如何重置谷歌驗證器（2FA）",
  "手機遺失或驗證器被刪除？請於登入頁選擇「安全驗證不可用」，以身分證件與 **自拍** 完成驗證後重置 **2FA**。"
  "重置後 **24 小時** 內無法提現。"},
 {"ja", "二段階認証（2FA）のリセット",
  "スマートフォンや認証アプリを紛失した場合は、ログイン画面の「セキュリティ認証が利用できない」から、"
  "本人確認書類と **セルフィー** で **2FA** をリセットできます。リセット後 **24時間** は出金できません。"},
 {"ko", "2단계 인증(2FA) 초기화",
  "휴대폰이나 인증 앱을 잃어버렸다면 로그인 화면에서 '보안 인증을 사용할 수 없음'을 선택하고 "
  "신분증과 **셀카**로 본인 인증 후 **2FA**를 초기화하세요. 초기화 후 **24시간** 동안 출금이 제한됩니다."},
 {"ru", "Сброс двухфакторной аутентификации (2FA)",
  "Потеряли телефон или приложение-аутентификатор? На странице входа выберите «Проверка недоступна» и "
  "подтвердите личность документом и **селфи**. После сброса **2FA** вывод средств недоступен **24 часа**."},
 {"es", "Restablecer la autenticación en dos pasos (2FA)",
  "¿Perdiste el teléfono o la app de autenticación? En la página de inicio de sesión elige "
  "*Verificación no disponible* y verifica tu identidad con tu documento y una **selfie**. "
  "Tras restablecer el **2FA**, los retiros se bloquean **24 horas**."},
 {"vi", "Đặt lại xác thực hai yếu tố (2FA)",
  "Mất điện thoại hoặc ứng dụng xác thực? Tại trang đăng nhập chọn *Không thể xác minh bảo mật*, "
  "rồi xác minh danh tính bằng giấy tờ và **ảnh selfie**. Sau khi đặt lại **2FA**, bạn không thể rút tiền trong **24 giờ**."},
 {"tr", "İki adımlı doğrulamayı (2FA) sıfırlama",
  "Telefonunuzu veya doğrulama uygulamanızı mı kaybettiniz? Giriş sayfasında *Güvenlik doğrulaması kullanılamıyor* "
  "seçeneğiyle kimliğinizi belge ve **selfie** ile doğrulayın. **2FA** sıfırlamasından sonra **24 saat** para çekilemez."},
 {NULL, NULL, NULL}}},

{"security", NULL, "published", {
 {"en", "My account is frozen or locked",
  "Accounts are frozen after repeated wrong passwords, a suspicious login, or at your own request. "
  "To unfreeze, sign in and follow *Unlock account*, or contact support from the email on the account. "
  "We never ask for your password or 2FA codes."},
 {"zh-CN", "账户被冻结或锁定怎么办",
  "多次输错密码、异常登录或您主动申请时，账户会被冻结。请登录后按“解冻账户”流程操作，或使用账户绑定邮箱联系客服。"
  "客服绝不会索要您的密码或验证码。"},
 {"ru", "Аккаунт заморожен или заблокирован",
  "Аккаунт блокируется после нескольких неверных паролей, подозрительного входа или по вашей просьбе. "
  "Чтобы разморозить его, следуйте шагам «Разблокировать аккаунт» или напишите в поддержку."},
 {"ko", "계정이 정지되었어요",
  "비밀번호를 여러 번 틀리거나 의심스러운 로그인이 있으면 계정이 정지됩니다. '계정 잠금 해제' 절차를 따르거나 고객센터에 문의하세요."},
 {NULL, NULL, NULL}}},

{"kyc", NULL, "published", {
 {"en", "Identity verification (KYC) failed",
  "The most common reasons a KYC check fails:\n\n"
  "- the document photo is blurred, cut off or has glare;\n"
  "- the name does not match the one on the account;\n"
  "- the selfie does not show your face clearly, or the document has expired.\n\n"
  "Fix the issue and submit again from **Profile → Identity verification**."},
 {"zh-CN", "身份认证（KYC）失败的原因",
  "KYC 认证失败最常见的原因：\n\n- 证件照片模糊、不完整或反光；\n- 姓名与账户信息不一致；\n"
  "- 自拍看不清面部，或证件已过期。\n\n请修正后在 **个人中心 → 身份认证** 重新提交。"},
 {"zh-TW", "身分認證（KYC）失敗的原因",
  "常見原因：證件照片模糊或反光、姓名與帳戶不符、自拍不清楚或證件過期。請修正後重新提交。"},
 {"ja", "本人確認（KYC）が承認されない",
  "よくある理由：書類の写真がぼやけている・切れている・反射している、氏名がアカウントと一致しない、"
  "セルフィーで顔がはっきり見えない、書類の期限切れ。修正のうえ **プロフィール → 本人確認** から再提出してください。"},
 {"ko", "본인 인증(KYC)이 실패했어요",
  "흔한 원인: 신분증 사진이 흐리거나 잘렸거나 빛 반사가 있음, 이름이 계정과 다름, 셀카에서 얼굴이 잘 보이지 않음, 신분증 만료. "
  "수정 후 **프로필 → 본인 인증**에서 다시 제출하세요."},
 {"ru", "Верификация (KYC) не пройдена",
  "Частые причины: размытое или обрезанное фото документа, имя не совпадает с данными аккаунта, "
  "на селфи плохо видно лицо, документ просрочен. Исправьте и отправьте заново."},
 {"es", "La verificación de identidad (KYC) falló",
  "Causas habituales: foto del documento borrosa o cortada, el nombre no coincide con la cuenta, "
  "la selfie no muestra bien tu cara o el documento está vencido. Corrige y vuelve a enviarlo."},
 {"vi", "Xác minh danh tính (KYC) không thành công",
  "Lý do thường gặp: ảnh giấy tờ bị mờ, bị cắt hoặc lóa; tên không khớp với tài khoản; ảnh selfie không rõ mặt; giấy tờ hết hạn. "
  "Hãy sửa và gửi lại trong **Hồ sơ → Xác minh danh tính**."},
 {"tr", "Kimlik doğrulama (KYC) başarısız oldu",
  "Sık nedenler: belge fotoğrafı bulanık veya kesik, isim hesapla uyuşmuyor, selfie'de yüz net değil, belgenin süresi dolmuş. "
  "Düzeltip yeniden gönderin."},
 {NULL, NULL, NULL}}},

{"kyc", NULL, "published", {
 {"en", "How long does KYC review take?",
  "Most verifications are approved automatically within **10 minutes**. A manual review can take "
  "up to **48 hours** at busy times; you get an email when it is done."},
 {"zh-CN", "身份认证审核需要多久",
  "大部分认证会在 **10 分钟** 内自动通过。人工审核高峰期最长需要 **48 小时**，完成后会邮件通知您。"},
 {"ja", "本人確認の審査にかかる時間",
  "ほとんどは **10分以内** に自動で承認されます。手動審査は混雑時に最大 **48時間** かかります。"},
 {"ko", "본인 인증 심사는 얼마나 걸리나요?",
  "대부분 **10분 이내**에 자동 승인됩니다. 수동 심사는 혼잡할 때 최대 **48시간**이 걸릴 수 있습니다."},
 {NULL, NULL, NULL}}},

{"p2p", NULL, "published", {
 {"en", "P2P order: I paid but the seller has not released the crypto",
  "After you mark an order as **paid**, the seller has 15 minutes to release. If they do not:\n\n"
  "1. Message the seller in the order chat.\n"
  "2. If there is no answer, tap **Appeal** and upload the payment proof.\n\n"
  "The crypto stays locked in escrow until the appeal is decided, so it cannot be lost. "
  "Never pay outside the order page."},
 {"zh-CN", "P2P/C2C 交易已付款，卖家不放币怎么办",
  "您将订单标记为 **已付款** 后，卖家有 15 分钟放币。如果卖家未放币：\n\n"
  "1. 在订单聊天中联系卖家。\n2. 无人回应时点击 **申诉**，上传付款凭证。\n\n"
  "申诉结果出来前币会一直锁定在托管中，不会丢失。请勿在订单页面以外付款。"},
 {"zh-TW", "P2P 已付款但賣家未放幣",
  "標記 **已付款** 後賣家有 15 分鐘放幣。未放幣時請先在聊天中聯繫，無回應則點擊 **申訴** 並上傳付款憑證。幣會鎖定於託管中。"},
 {"ja", "P2P取引：支払ったのに売り手が暗号資産をリリースしない",
  "**支払い済み** にした後、売り手には15分のリリース期限があります。応答がない場合は **申し立て** を行い、支払い証明をアップロードしてください。"
  "暗号資産はエスクローでロックされているため失われません。"},
 {"ko", "P2P 거래: 송금했는데 판매자가 코인을 보내지 않아요",
  "**송금 완료**를 누른 후 판매자는 15분 안에 코인을 풀어야 합니다. 응답이 없으면 **이의 제기**를 누르고 송금 증빙을 올리세요. "
  "코인은 에스크로에 잠겨 있어 사라지지 않습니다."},
 {"ru", "P2P-сделка: я оплатил, а продавец не отпускает криптовалюту",
  "После отметки **Оплачено** у продавца есть 15 минут. Если он не отвечает, нажмите **Апелляция** и загрузите подтверждение оплаты. "
  "Монеты заблокированы в эскроу и не потеряются."},
 {"es", "Orden P2P: pagué pero el vendedor no libera las criptomonedas",
  "Tras marcar la orden como **pagada**, el vendedor tiene 15 minutos. Si no responde, pulsa **Apelar** y sube el comprobante. "
  "Las criptomonedas quedan bloqueadas en custodia y no se pierden."},
 {"vi", "Giao dịch P2P: đã chuyển tiền nhưng người bán chưa nhả coin",
  "Sau khi bạn đánh dấu **đã thanh toán**, người bán có 15 phút để nhả coin. Nếu không phản hồi, hãy bấm **Khiếu nại** và tải lên bằng chứng thanh toán. "
  "Coin được khóa trong ký quỹ nên không bị mất."},
 {"tr", "P2P emri: ödeme yaptım ama satıcı kriptoyu serbest bırakmadı",
  "Emri **ödendi** olarak işaretledikten sonra satıcının 15 dakikası vardır. Yanıt yoksa **İtiraz** seçin ve ödeme kanıtını yükleyin. "
  "Kripto emanette kilitlidir, kaybolmaz."},
 {NULL, NULL, NULL}}},

{"p2p", NULL, "published", {
 {"en", "How P2P appeals are decided",
  "Our P2P team reviews the chat, the payment proof and the bank records both sides provide. "
  "Most appeals are decided within **24 hours**. Sellers who do not release after a proven payment "
  "are suspended."},
 {"zh-CN", "P2P 申诉如何处理",
  "P2P 团队会审核聊天记录、付款凭证以及双方提供的银行流水，大部分申诉在 **24 小时** 内处理完毕。"},
 {"vi", "Khiếu nại P2P được xử lý thế nào",
  "Đội P2P xem xét tin nhắn, bằng chứng thanh toán và sao kê ngân hàng của hai bên. Phần lớn khiếu nại được xử lý trong **24 giờ**."},
 {"ru", "Как рассматриваются P2P-апелляции",
  "Команда P2P изучает переписку, подтверждение оплаты и банковские выписки обеих сторон. Обычно решение принимается за **24 часа**."},
 {NULL, NULL, NULL}}},

{"futures", NULL, "published", {
 {"en", "Why was my futures position liquidated?",
  "A position is **liquidated** when its margin can no longer cover the loss: the **mark price** "
  "reached your **liquidation price**. Higher leverage puts the liquidation price closer to the "
  "entry price.\n\n"
  "To lower the risk: use lower leverage, add margin, or set a stop-loss. The liquidation is "
  "based on the mark price, not the last traded price, so a brief spike on one exchange does not "
  "liquidate you."},
 {"zh-CN", "合约为什么被强平（爆仓）",
  "当保证金不足以覆盖亏损、**标记价格** 触及 **强平价格** 时，仓位会被 **强制平仓**。杠杆越高，强平价格离开仓价越近。\n\n"
  "降低风险的方法：降低杠杆、追加保证金或设置止损。强平依据标记价格而非最新成交价，单一交易所的瞬间插针不会导致强平。"},
 {"zh-TW", "合約為什麼被強平（爆倉）",
  "當保證金不足以覆蓋虧損、**標記價格** 觸及 **強平價格** 時，倉位會被 **強制平倉**。槓桿越高，強平價格越接近開倉價。"},
 {"ja", "先物ポジションが強制ロスカットされた理由",
  "証拠金で損失をカバーできなくなり、**マーク価格** が **清算価格** に達するとポジションは **強制決済（ロスカット）** されます。"
  "レバレッジが高いほど清算価格はエントリー価格に近づきます。"},
 {"ko", "선물 포지션이 왜 청산되었나요?",
  "증거금이 손실을 감당하지 못해 **마크 가격**이 **청산 가격**에 도달하면 포지션이 **강제 청산**됩니다. "
  "레버리지가 높을수록 청산 가격이 진입 가격에 가까워집니다."},
 {"ru", "Почему мою фьючерсную позицию ликвидировали?",
  "Позиция **ликвидируется**, когда маржи уже не хватает на убыток: **маркировочная цена** достигла **цены ликвидации**. "
  "Чем выше плечо, тем ближе цена ликвидации к цене входа."},
 {"es", "¿Por qué se liquidó mi posición de futuros?",
  "Una posición se **liquida** cuando el margen ya no cubre la pérdida: el **precio de marca** alcanzó tu **precio de liquidación**. "
  "Con más apalancamiento, el precio de liquidación está más cerca del de entrada."},
 {"vi", "Vì sao vị thế hợp đồng tương lai của tôi bị thanh lý?",
  "Vị thế bị **thanh lý** khi ký quỹ không còn đủ bù lỗ: **giá đánh dấu** chạm **giá thanh lý**. "
  "Đòn bẩy càng cao thì giá thanh lý càng gần giá vào lệnh."},
 {"tr", "Vadeli işlem pozisyonum neden likide edildi?",
  "Teminat zararı karşılayamadığında, yani **işaret fiyatı** **likidasyon fiyatına** ulaştığında pozisyon **likide edilir**. "
  "Kaldıraç arttıkça likidasyon fiyatı giriş fiyatına yaklaşır."},
 {NULL, NULL, NULL}}},

{"futures", NULL, "published", {
 {"en", "Funding rate explained",
  "Perpetual futures have no expiry; the **funding rate** keeps their price near the spot price. "
  "Every 8 hours, longs pay shorts when the rate is positive and shorts pay longs when it is negative."},
 {"zh-CN", "资金费率是什么",
  "永续合约没有到期日，**资金费率** 让合约价格贴近现货价格。每 8 小时结算一次：费率为正时多头付给空头，为负时空头付给多头。"},
 {"ko", "펀딩비란 무엇인가요",
  "무기한 선물은 만기가 없으며 **펀딩비**가 가격을 현물 가격 근처로 유지합니다. 8시간마다 정산됩니다."},
 {"ja", "資金調達率（ファンディングレート）とは",
  "無期限先物には満期がなく、**資金調達率** によって価格が現物価格に近く保たれます。8時間ごとに精算されます。"},
 {NULL, NULL, NULL}}},

{"deposit", "missing", "published", {
 {"en", "Required confirmations for each network",
  "| Network | Confirmations |\n|---|---|\n| BTC | 2 |\n| ETH / ERC20 | 12 |\n| TRC20 | 20 |\n"
  "| BEP20 | 15 |\n| SOL | 1 |\n\nYour deposit is credited once it has this many confirmations."},
 {"zh-CN", "各网络充值所需确认数",
  "BTC 需要 2 个确认，ETH/ERC20 需要 12 个，TRC20 需要 20 个，BEP20 需要 15 个，SOL 需要 1 个。达到确认数后充值即到账。"},
 {"ru", "Сколько подтверждений нужно для пополнения",
  "BTC — 2 подтверждения, ETH/ERC20 — 12, TRC20 — 20, BEP20 — 15, SOL — 1. После этого пополнение зачисляется."},
 {"tr", "Ağlara göre gerekli onay sayısı",
  "BTC 2, ETH/ERC20 12, TRC20 20, BEP20 15, SOL 1 onay gerektirir. Bu sayıya ulaşınca para yatırma hesaba geçer."},
 {NULL, NULL, NULL}}},

{"account", NULL, "published", {
 {"en", "Change the email or phone number on your account",
  "Go to **Profile → Security** and choose *Change email* or *Change phone*. You need codes sent "
  "to the old and the new address plus your 2FA. Withdrawals pause for 24 hours after the change."},
 {"zh-CN", "如何修改绑定邮箱或手机号",
  "进入 **个人中心 → 安全设置**，选择“修改邮箱”或“修改手机号”。需要新旧两处的验证码以及 2FA，修改后 24 小时内暂停提现。"},
 {"es", "Cambiar el correo o el teléfono de la cuenta",
  "Ve a **Perfil → Seguridad** y elige *Cambiar correo* o *Cambiar teléfono*. Necesitas los códigos enviados a ambos y tu 2FA."},
 {NULL, NULL, NULL}}},

{"account", NULL, "published", {
 {"en", "I cannot log in",
  "- **Wrong password** several times: wait 2 hours or reset it with *Forgot password*.\n"
  "- **No verification code**: check spam, or wait 60 seconds and resend.\n"
  "- **Lost 2FA**: see *Reset two-factor authentication*."},
 {"zh-CN", "无法登录怎么办",
  "- 多次 **密码错误**：等待 2 小时或通过“忘记密码”重置。\n- **收不到验证码**：检查垃圾邮件，或 60 秒后重新发送。\n"
  "- **2FA 丢失**：请参阅“如何重置谷歌验证器”。"},
 {"ja", "ログインできない",
  "- パスワードを何度も間違えた場合：2時間待つか「パスワードを忘れた」から再設定してください。\n"
  "- 認証コードが届かない場合：迷惑メールを確認するか、60秒後に再送してください。"},
 {"ko", "로그인이 안 돼요",
  "- 비밀번호를 여러 번 틀린 경우: 2시간 기다리거나 '비밀번호 찾기'로 재설정하세요.\n"
  "- 인증 코드가 오지 않는 경우: 스팸함을 확인하거나 60초 후 다시 요청하세요."},
 {"vi", "Tôi không đăng nhập được",
  "- Nhập **sai mật khẩu** nhiều lần: chờ 2 giờ hoặc đặt lại bằng *Quên mật khẩu*.\n"
  "- **Không nhận được mã**: kiểm tra thư rác hoặc gửi lại sau 60 giây."},
 {NULL, NULL, NULL}}},

{"trading", NULL, "published", {
 {"en", "My limit order has not been filled",
  "A **limit order** fills only when the market reaches your price and there is enough volume on "
  "the other side. Check the order book; to trade at once, use a market order instead."},
 {"zh-CN", "限价单为什么没有成交",
  "**限价单** 只有在市场价格达到您的委托价且对手盘数量足够时才会成交。请查看盘口深度；如需立即成交，请使用市价单。"},
 {"ru", "Лимитный ордер не исполняется",
  "**Лимитный ордер** исполняется, только когда рынок доходит до вашей цены и есть встречный объём. Для немедленной сделки используйте рыночный ордер."},
 {NULL, NULL, NULL}}},

{"recovery", NULL, "published", {
 {"en", "Deposit recovery: fees and timing",
  "Recovering a deposit sent to the wrong network or without a memo takes **1–3 business days**. "
  "A fee of up to 50 USDT (never more than 10% of the amount) pays for the manual work. You can "
  "follow the case in your ticket."},
 {"zh-CN", "充值找回的费用和时间",
  "错链充值或漏填备注的 **充值找回** 需要 **1–3 个工作日**，收取最高 50 USDT 的手续费（不超过金额的 10%）。您可以在工单中查看进度。"},
 {NULL, NULL, NULL}}},

{"withdrawal", NULL, "draft", {
 {"en", "New daily withdrawal limits (draft)",
  "From next month, daily withdrawal limits depend on the verification level. *Numbers to be "
  "confirmed by the risk team before publishing.*"},
 {"zh-CN", "新的每日提现额度（草稿）",
  "下月起每日提现额度将与认证等级挂钩。*发布前需风控团队确认具体数字。*"},
 {NULL, NULL, NULL}}},
};
/* clang-format on */

struct seed_ctx {
	struct store *st;
	const struct agent_row *as;
	int failures;
};

/* One handler called in-process as the admin, with up to two path parameters and a JSON body.
 * Returns the parsed answer (caller decrefs) or NULL if the status was not `want`. */
static json_t *call(struct seed_ctx *c, http_handler h, const char *p0, const char *p1,
                    json_t *body, int want)
{
	struct request r = {.store = c->st, .method = "POST", .content_type = "application/json"};
	arena_init(&r.arena, 8192);
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	r.body = text;
	r.body_len = text ? strlen(text) : 0;
	r.params[0] = p0;
	r.params[1] = p1;
	r.n_params = p1 ? 2 : p0 ? 1 : 0;
	auth_principal_from_agent(&r, c->as);
	h(&r);
	json_t *out = NULL;
	if (r.status == want) {
		out = json_loadb(r.resp_body, r.resp_len, 0, NULL);
	} else {
		c->failures++;
		log_event(LOG_WARN, "seed_kb_failed", "status=%d body=%.300s", r.status,
		          r.resp_body ? r.resp_body : "");
	}
	free(text);
	arena_free(&r.arena);
	return out;
}

static int64_t section_id(struct seed_ctx *c, const char *category, const char *slug)
{
	struct arena a;
	struct kb_category_row cat;
	struct kb_section_row sec;
	int64_t id = 0;
	arena_init(&a, 1024);
	struct db *db = store_reader(c->st);
	if (slug && store_kb_category_get_by_slug(db, &a, category, &cat) &&
	    store_kb_section_get_by_slug(db, &a, cat.id, slug, &sec))
		id = sec.id;
	arena_free(&a);
	return id;
}

static int64_t category_id(struct seed_ctx *c, const char *slug)
{
	struct arena a;
	struct kb_category_row cat;
	arena_init(&a, 1024);
	int64_t id =
	    store_kb_category_get_by_slug(store_reader(c->st), &a, slug, &cat) ? cat.id : 0;
	arena_free(&a);
	return id;
}

int demo_kb_seed(struct store *st, const struct agent_row *admin)
{
	struct seed_ctx c = {.st = st, .as = admin};
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
		const struct demo_kb_section *s = &sections[i];
		json_t *body = json_pack("{s:s, s:o, s:i, s:I}", "slug", s->slug, "names",
		                         json_loads(s->names, 0, NULL), "position", s->position,
		                         "category_id", (json_int_t)category_id(&c, s->category));
		json_decref(call(&c, h_kb_section_create, NULL, NULL, body, 201));
	}
	for (size_t i = 0; i < sizeof articles / sizeof articles[0]; i++) {
		const struct demo_kb_article *d = &articles[i];
		const struct demo_kb_text *t = &d->texts[0];
		json_t *body =
		    json_pack("{s:s, s:s, s:s, s:s, s:s}", "title", t->title, "body", t->body,
		              "locale", t->locale, "category", d->category, "status", d->status);
		int64_t sec = section_id(&c, d->category, d->section);
		if (sec)
			json_object_set_new(body, "section_id", json_integer((json_int_t)sec));
		json_t *made = call(&c, h_kb_article_create, NULL, NULL, body, 201);
		json_int_t id =
		    json_integer_value(json_object_get(json_object_get(made, "article"), "id"));
		json_decref(made);
		if (!id)
			continue;
		char ids[24];
		snprintf(ids, sizeof ids, "%lld", (long long)id);
		for (const struct demo_kb_text *tr = t + 1; tr->locale; tr++)
			json_decref(call(&c, h_kb_translation_put, ids, tr->locale,
			                 json_pack("{s:s, s:s, s:s}", "title", tr->title, "body",
			                           tr->body, "status", d->status),
			                 201));
	}
	return c.failures;
}
