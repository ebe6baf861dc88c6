/* recovery_texts.c — what the customer reads about a recovery case, in the nine languages of the
 * desk (en, zh-CN, zh-TW, ja, ko, ru, es, vi, tr). A message key of core/recovery.h is
 * "recovery.<code>.<outcome>": the text is the outcome's sentence with the code's explanation in
 * it, so every key core can produce has a text in every language. Variables in braces are filled from the case:
 * {ref} {amount} {asset} {credit} {fee} {eta} {sla} {explain}. */
#include "api/recovery.h"

#include <string.h>

#include "util/clock.h"

enum { L_EN, L_ZH_CN, L_ZH_TW, L_JA, L_KO, L_RU, L_ES, L_VI, L_TR, L_COUNT };
static const char *const lang_tags[L_COUNT] = {"en", "zh-CN", "zh-TW", "ja", "ko",
                                               "ru", "es",    "vi",    "tr"};

enum { O_WAIT, O_CREDITED, O_APPROVAL, O_CLOSED, O_REVIEW, O_COUNT };
static const char *const outcome_names[O_COUNT] = {"wait", "credited", "approval", "closed",
                                                   "review"};

static const char *const outcomes[O_COUNT][L_COUNT] = {
    [O_WAIT] =
        {
            "Case {ref}: {explain} Nothing is needed from you now; we expect it by {eta} and "
            "check again then.",
            "案件 {ref}：{explain} 您现在无需任何操作；预计在 {eta} 前完成，届时我们会再次核查。",
            "案件 {ref}：{explain} 您現在無需任何操作；預計在 {eta} 前完成，屆時我們會再次核查。",
            "ケース {ref}：{explain} 現在お客様の操作は不要です。{eta} "
            "までに完了する見込みで、その時点で再確認します。",
            "케이스 {ref}: {explain} 지금은 하실 일이 없습니다. {eta}까지 완료될 예정이며 그때 "
            "다시 확인합니다.",
            "Обращение {ref}: {explain} Сейчас от вас ничего не требуется; ожидаем к {eta} и "
            "тогда проверим снова.",
            "Caso {ref}: {explain} No necesita hacer nada ahora; lo esperamos para {eta} y lo "
            "volveremos a comprobar entonces.",
            "Yêu cầu {ref}: {explain} Bạn không cần làm gì lúc này; dự kiến hoàn tất trước {eta} "
            "và chúng tôi sẽ kiểm tra lại khi đó.",
            "Talep {ref}: {explain} Şu an sizin bir şey yapmanız gerekmiyor; {eta} itibarıyla "
            "bekliyoruz ve o zaman tekrar kontrol edeceğiz.",
        },
    [O_CREDITED] =
        {
            "Case {ref}: {explain} We have credited {credit} {asset} to your account (the "
            "{amount} {asset} you sent, minus a recovery fee of {fee} {asset}).",
            "案件 {ref}：{explain} 我们已将 {credit} {asset} 入账到您的账户（您发送的 {amount} "
            "{asset}，扣除找回手续费 {fee} {asset}）。",
            "案件 {ref}：{explain} 我們已將 {credit} {asset} 入帳到您的帳戶（您發送的 {amount} "
            "{asset}，扣除找回手續費 {fee} {asset}）。",
            "ケース {ref}：{explain} {credit} {asset} をお客様のアカウントに入金しました（送金額 "
            "{amount} {asset} から復旧手数料 {fee} {asset} を差し引いた額）。",
            "케이스 {ref}: {explain} {credit} {asset}을(를) 계정에 입금했습니다(보내신 {amount} "
            "{asset}에서 복구 수수료 {fee} {asset} 차감).",
            "Обращение {ref}: {explain} Мы зачислили {credit} {asset} на ваш счёт (отправленные "
            "{amount} {asset} за вычетом комиссии за восстановление {fee} {asset}).",
            "Caso {ref}: {explain} Hemos abonado {credit} {asset} en su cuenta (los {amount} "
            "{asset} que envió, menos una comisión de recuperación de {fee} {asset}).",
            "Yêu cầu {ref}: {explain} Chúng tôi đã ghi có {credit} {asset} vào tài khoản của bạn "
            "({amount} {asset} bạn đã gửi, trừ phí khôi phục {fee} {asset}).",
            "Talep {ref}: {explain} Hesabınıza {credit} {asset} yatırdık (gönderdiğiniz {amount} "
            "{asset}, {fee} {asset} kurtarma ücreti düşülerek).",
        },
    [O_APPROVAL] =
        {
            "Case {ref}: {explain} {credit} {asset} (after a recovery fee of {fee} {asset}) "
            "will be credited as soon as a second member of our team approves it.",
            "案件 {ref}：{explain} 扣除找回手续费 {fee} {asset} 后的 {credit} {asset} "
            "将在我们团队的第二位成员批准后入账。",
            "案件 {ref}：{explain} 扣除找回手續費 {fee} {asset} 後的 {credit} {asset} "
            "將在我們團隊的第二位成員核准後入帳。",
            "ケース {ref}：{explain} 復旧手数料 {fee} {asset} を差し引いた {credit} {asset} "
            "は、担当チームの別のメンバーが承認し次第入金されます。",
            "케이스 {ref}: {explain} 복구 수수료 {fee} {asset}을(를) 뺀 {credit} {asset}은(는) "
            "팀의 다른 담당자가 승인하는 즉시 입금됩니다.",
            "Обращение {ref}: {explain} {credit} {asset} (после комиссии {fee} {asset}) будут "
            "зачислены, как только второй сотрудник нашей команды это одобрит.",
            "Caso {ref}: {explain} Se abonarán {credit} {asset} (tras una comisión de "
            "recuperación de {fee} {asset}) en cuanto otro miembro del equipo lo apruebe.",
            "Yêu cầu {ref}: {explain} {credit} {asset} (sau phí khôi phục {fee} {asset}) sẽ được "
            "ghi có ngay khi một thành viên khác trong nhóm phê duyệt.",
            "Talep {ref}: {explain} {credit} {asset} ({fee} {asset} kurtarma ücreti düşülerek), "
            "ekibimizden ikinci bir kişi onaylar onaylamaz hesabınıza yatırılacak.",
        },
    [O_CLOSED] =
        {
            "Case {ref} is closed. {explain}",
            "案件 {ref} 已结案。{explain}",
            "案件 {ref} 已結案。{explain}",
            "ケース {ref} はクローズされました。{explain}",
            "케이스 {ref}이(가) 종료되었습니다. {explain}",
            "Обращение {ref} закрыто. {explain}",
            "El caso {ref} está cerrado. {explain}",
            "Yêu cầu {ref} đã được đóng. {explain}",
            "{ref} numaralı talep kapatıldı. {explain}",
        },
    [O_REVIEW] =
        {
            "Case {ref}: {explain} Our recovery team will review it and answer by {sla}. If it "
            "can be recovered, the fee will be {fee} {asset} and you would receive {credit} "
            "{asset}.",
            "案件 {ref}：{explain} 我们的找回团队将进行审核，并在 {sla} 前答复。如可找回，"
            "手续费为 {fee} {asset}，您将收到 {credit} {asset}。",
            "案件 {ref}：{explain} 我們的找回團隊將進行審核，並在 {sla} 前答覆。如可找回，"
            "手續費為 {fee} {asset}，您將收到 {credit} {asset}。",
            "ケース {ref}：{explain} 復旧チームが確認し、{sla} "
            "までに回答します。復旧できる場合、手数料は {fee} {asset}、受取額は {credit} "
            "{asset} です。",
            "케이스 {ref}: {explain} 복구팀이 검토한 뒤 {sla}까지 답변드립니다. 복구가 가능하면 "
            "수수료는 {fee} {asset}이며 {credit} {asset}을(를) 받으시게 됩니다.",
            "Обращение {ref}: {explain} Команда восстановления рассмотрит его и ответит до "
            "{sla}. Если средства можно вернуть, комиссия составит {fee} {asset}, вы получите "
            "{credit} {asset}.",
            "Caso {ref}: {explain} Nuestro equipo de recuperación lo revisará y responderá "
            "antes de {sla}. Si se puede recuperar, la comisión será de {fee} {asset} y "
            "recibiría {credit} {asset}.",
            "Yêu cầu {ref}: {explain} Nhóm khôi phục sẽ xem xét và trả lời trước {sla}. Nếu có "
            "thể khôi phục, phí là {fee} {asset} và bạn sẽ nhận {credit} {asset}.",
            "Talep {ref}: {explain} Kurtarma ekibimiz inceleyip {sla} tarihine kadar yanıt "
            "verecek. Kurtarılabilirse ücret {fee} {asset} olur ve {credit} {asset} alırsınız.",
        },
};

/* review, when the case has no known value: no fee can be quoted yet */
static const char *const review_unpriced[L_COUNT] = {
    "Case {ref}: {explain} Our recovery team will review it and answer by {sla}; they will tell you "
    "any fee before anything is done.",
    "案件 {ref}：{explain} 我们的找回团队将进行审核，并在 {sla} 前答复；如有手续费，会事先告知您。",
    "案件 {ref}：{explain} 我們的找回團隊將進行審核，並在 {sla} 前答覆；如有手續費，會事先告知您。",
    "ケース {ref}：{explain} 復旧チームが確認し、{sla} までに回答します。手数料がかかる場合は事前にお知らせします。",
    "케이스 {ref}: {explain} 복구팀이 검토한 뒤 {sla}까지 답변드립니다. 수수료가 있으면 미리 알려 드립니다.",
    "Обращение {ref}: {explain} Команда восстановления рассмотрит его и ответит до {sla}; о комиссии, "
    "если она будет, сообщим заранее.",
    "Caso {ref}: {explain} Nuestro equipo de recuperación lo revisará y responderá antes de {sla}; si "
    "hay alguna comisión, se la indicará antes.",
    "Yêu cầu {ref}: {explain} Nhóm khôi phục sẽ xem xét và trả lời trước {sla}; nếu có phí, chúng tôi "
    "sẽ báo trước cho bạn.",
    "Talep {ref}: {explain} Kurtarma ekibimiz inceleyip {sla} tarihine kadar yanıt verecek; bir ücret "
    "olursa önceden bildireceğiz.",
};

static const struct {
	const char *code; /* lower case, as in the keys */
	const char *t[L_COUNT];
} explain[] = {
    {"pending_conf",
     {"Your deposit is on its way: the network has not confirmed it enough times yet.",
      "您的充值正在路上：网络确认数尚未达到要求。", "您的充值正在路上：網路確認數尚未達到要求。",
      "入金は処理中です。ネットワークの承認数がまだ足りません。",
      "입금이 진행 중입니다. 네트워크 승인 횟수가 아직 부족합니다.",
      "Ваш депозит в пути: сеть ещё не подтвердила его нужное число раз.",
      "Su depósito está en camino: la red aún no lo ha confirmado las veces necesarias.",
      "Khoản nạp đang trên đường: mạng chưa xác nhận đủ số lần cần thiết.",
      "Yatırımınız yolda: ağ henüz yeterli sayıda onay vermedi."}},
    {"chain_failed",
     {"The transaction failed on the blockchain, so nothing was sent; the funds stayed with the "
      "sender.",
      "该交易在区块链上失败，未发送任何资金；资金仍在发送方。",
      "該交易在區塊鏈上失敗，未發送任何資金；資金仍在發送方。",
      "この取引はブロックチェーン上で失敗したため、送金されていません。資金は送金元に残っています。",
      "이 거래는 블록체인에서 실패하여 송금되지 않았습니다. 자금은 보낸 쪽에 남아 있습니다.",
      "Транзакция в блокчейне не прошла, поэтому ничего не отправлено; средства остались у "
      "отправителя.",
      "La transacción falló en la cadena de bloques, así que no se envió nada; los fondos siguen "
      "en el origen.",
      "Giao dịch thất bại trên blockchain nên không có gì được gửi; tiền vẫn ở phía người gửi.",
      "İşlem blokzincirinde başarısız oldu, hiçbir şey gönderilmedi; fonlar gönderende kaldı."}},
    {"channel_maint",
     {"Deposits on this network are paused for maintenance; yours will be credited when they "
      "reopen.",
      "该网络的充值正在维护暂停中；恢复后将为您入账。", "該網路的充值正在維護暫停中；恢復後將為您入帳。",
      "このネットワークの入金はメンテナンスで停止中です。再開後に入金されます。",
      "이 네트워크의 입금이 점검으로 중단되었습니다. 재개되면 입금됩니다.",
      "Депозиты в этой сети приостановлены на обслуживание; ваш зачислим после возобновления.",
      "Los depósitos en esta red están en mantenimiento; el suyo se abonará cuando se reanuden.",
      "Nạp tiền trên mạng này đang tạm dừng để bảo trì; khoản của bạn sẽ được ghi có khi mở lại.",
      "Bu ağdaki yatırımlar bakım nedeniyle durduruldu; yeniden açıldığında hesabınıza "
      "geçecek."}},
    {"memo_missing",
     {"Your deposit reached our shared address without the memo/tag that tells us it is yours.",
      "您的充值到达了我们的共享地址，但缺少用于识别您的备注（Memo/Tag）。",
      "您的充值到達了我們的共用地址，但缺少用於識別您的備註（Memo/Tag）。",
      "入金は共有アドレスに届きましたが、お客様を識別するメモ/タグがありませんでした。",
      "입금이 공용 주소에 도착했지만 고객님을 식별하는 메모/태그가 없었습니다.",
      "Ваш депозит пришёл на наш общий адрес без мемо/тега, по которому мы узнаём, что он ваш.",
      "Su depósito llegó a nuestra dirección compartida sin el memo/etiqueta que nos indica que "
      "es suyo.",
      "Khoản nạp đã đến địa chỉ chung của chúng tôi nhưng thiếu memo/tag để nhận biết là của bạn.",
      "Yatırımınız ortak adresimize, sizin olduğunu gösteren memo/etiket olmadan ulaştı."}},
    {"memo_wrong",
     {"Your deposit reached our shared address with a memo/tag that is not yours.",
      "您的充值到达了我们的共享地址，但备注（Memo/Tag）不是您的。",
      "您的充值到達了我們的共用地址，但備註（Memo/Tag）不是您的。",
      "入金は共有アドレスに届きましたが、メモ/タグがお客様のものではありませんでした。",
      "입금이 공용 주소에 도착했지만 메모/태그가 고객님의 것이 아니었습니다.",
      "Ваш депозит пришёл на наш общий адрес с чужим мемо/тегом.",
      "Su depósito llegó a nuestra dirección compartida con un memo/etiqueta que no es el suyo.",
      "Khoản nạp đã đến địa chỉ chung của chúng tôi với memo/tag không phải của bạn.",
      "Yatırımınız ortak adresimize size ait olmayan bir memo/etiketle ulaştı."}},
    {"wrong_network_same_fmt",
     {"The funds were sent on a different network than the one this address was given for, to an "
      "address we control.",
      "资金通过与该地址不同的网络发送，但到达的是我们控制的地址。",
      "資金透過與該地址不同的網路發送，但到達的是我們控制的地址。",
      "このアドレスとは別のネットワークで送金されましたが、当社が管理するアドレスに届いています。",
      "이 주소와 다른 네트워크로 송금되었지만 당사가 관리하는 주소에 도착했습니다.",
      "Средства отправлены не в той сети, для которой выдан адрес, но на адрес под нашим "
      "контролем.",
      "Los fondos se enviaron por una red distinta a la de esta dirección, a una dirección que "
      "controlamos.",
      "Tiền được gửi qua mạng khác với mạng của địa chỉ này, đến một địa chỉ do chúng tôi kiểm "
      "soát.",
      "Fonlar bu adresin verildiği ağdan farklı bir ağda, kontrolümüzdeki bir adrese "
      "gönderildi."}},
    {"wrong_network_incompat",
     {"The funds were sent on a network whose addresses are not ours, so they did not reach us.",
      "资金通过另一个网络发送，该网络上的地址不属于我们，因此未到达我们这里。",
      "資金透過另一個網路發送，該網路上的地址不屬於我們，因此未到達我們這裡。",
      "当社のアドレスではないネットワークで送金されたため、当社には届いていません。",
      "당사 주소가 아닌 네트워크로 송금되어 당사에 도착하지 않았습니다.",
      "Средства отправлены в сети, где адрес нам не принадлежит, и до нас не дошли.",
      "Los fondos se enviaron por una red en la que la dirección no es nuestra, así que no nos "
      "llegaron.",
      "Tiền được gửi qua mạng mà địa chỉ không thuộc về chúng tôi nên không đến được.",
      "Fonlar adresin bize ait olmadığı bir ağda gönderildi, bu yüzden bize ulaşmadı."}},
    {"unlisted_token",
     {"You sent a token we do not support on this network.",
      "您发送的代币在该网络上不受我们支持。", "您發送的代幣在該網路上不受我們支援。",
      "このネットワークで当社が取り扱っていないトークンが送られました。",
      "이 네트워크에서 당사가 지원하지 않는 토큰을 보내셨습니다.",
      "Вы отправили токен, который мы не поддерживаем в этой сети.",
      "Envió un token que no admitimos en esta red.",
      "Bạn đã gửi một token chúng tôi không hỗ trợ trên mạng này.",
      "Bu ağda desteklemediğimiz bir token gönderdiniz."}},
    {"contract_address",
     {"The funds were sent to a token contract address, not to a deposit address.",
      "资金被发送到了代币合约地址，而不是充值地址。", "資金被發送到了代幣合約地址，而不是充值地址。",
      "入金アドレスではなく、トークンのコントラクトアドレスに送金されました。",
      "입금 주소가 아닌 토큰 컨트랙트 주소로 송금되었습니다.",
      "Средства отправлены на адрес контракта токена, а не на адрес для депозита.",
      "Los fondos se enviaron a la dirección del contrato del token, no a una dirección de "
      "depósito.",
      "Tiền được gửi đến địa chỉ hợp đồng token, không phải địa chỉ nạp.",
      "Fonlar bir yatırma adresine değil, token sözleşme adresine gönderildi."}},
    {"expired_address",
     {"The funds went to a deposit address we no longer use.",
      "资金被发送到了我们已停用的充值地址。", "資金被發送到了我們已停用的充值地址。",
      "現在使用していない入金アドレスに送金されました。",
      "더 이상 사용하지 않는 입금 주소로 송금되었습니다.",
      "Средства пришли на адрес депозита, который мы больше не используем.",
      "Los fondos llegaron a una dirección de depósito que ya no usamos.",
      "Tiền đã đến một địa chỉ nạp chúng tôi không còn sử dụng.",
      "Fonlar artık kullanmadığımız bir yatırma adresine gitti."}},
    {"below_min",
     {"The amount is below the minimum deposit for this asset.",
      "金额低于该资产的最低充值额。", "金額低於該資產的最低充值額。",
      "金額がこの資産の最低入金額を下回っています。",
      "금액이 이 자산의 최소 입금액보다 적습니다.",
      "Сумма ниже минимального депозита для этого актива.",
      "El importe es inferior al depósito mínimo de este activo.",
      "Số tiền thấp hơn mức nạp tối thiểu của tài sản này.",
      "Tutar bu varlığın asgari yatırma tutarının altında."}},
    {"wrong_asset_same_addr",
     {"A different coin was sent to an address that is valid for both coins.",
      "向一个对两种币都有效的地址发送了另一种币。", "向一個對兩種幣都有效的地址發送了另一種幣。",
      "両方のコインで有効なアドレスに、別のコインが送られました。",
      "두 코인 모두에 유효한 주소로 다른 코인이 송금되었습니다.",
      "На адрес, действительный для обеих монет, отправлена другая монета.",
      "Se envió otra moneda a una dirección válida para ambas monedas.",
      "Một đồng coin khác đã được gửi đến địa chỉ hợp lệ cho cả hai loại coin.",
      "Her iki coin için de geçerli bir adrese farklı bir coin gönderildi."}},
    {"obfuscated",
     {"The funds came through a mixing service, which needs a compliance review.",
      "资金来自混币服务，需要进行合规审查。", "資金來自混幣服務，需要進行合規審查。",
      "資金がミキシングサービスを経由しているため、コンプライアンス審査が必要です。",
      "자금이 믹싱 서비스를 거쳐 컴플라이언스 검토가 필요합니다.",
      "Средства прошли через сервис-миксер, нужна проверка комплаенса.",
      "Los fondos pasaron por un servicio de mezcla y requieren una revisión de cumplimiento.",
      "Tiền đi qua dịch vụ trộn coin nên cần được kiểm tra tuân thủ.",
      "Fonlar bir karıştırma hizmetinden geldi, uyum incelemesi gerekiyor."}},
    {"hot_wallet_direct",
     {"The funds were sent to one of our internal wallets instead of your deposit address.",
      "资金被发送到了我们的内部钱包，而不是您的充值地址。",
      "資金被發送到了我們的內部錢包，而不是您的充值地址。",
      "お客様の入金アドレスではなく、当社の内部ウォレットに送金されました。",
      "고객님의 입금 주소가 아닌 당사 내부 지갑으로 송금되었습니다.",
      "Средства отправлены на наш внутренний кошелёк, а не на ваш адрес для депозита.",
      "Los fondos se enviaron a una de nuestras billeteras internas en lugar de a su dirección "
      "de depósito.",
      "Tiền được gửi đến ví nội bộ của chúng tôi thay vì địa chỉ nạp của bạn.",
      "Fonlar yatırma adresiniz yerine iç cüzdanlarımızdan birine gönderildi."}},
    {"not_exchange_addr",
     {"The destination address does not belong to us, so we cannot recover these funds; please "
      "contact the owner of that address or the sending platform.",
      "目标地址不属于我们，因此无法找回这笔资金；请联系该地址的所有者或发送平台。",
      "目標地址不屬於我們，因此無法找回這筆資金；請聯絡該地址的擁有者或發送平台。",
      "送金先アドレスは当社のものではないため、復旧できません。アドレスの所有者または送金元にお問い合わせください。",
      "수신 주소가 당사 소유가 아니어서 복구할 수 없습니다. 해당 주소의 소유자나 송금 플랫폼에 "
      "문의해 주세요.",
      "Адрес получателя нам не принадлежит, поэтому вернуть средства мы не можем; обратитесь к "
      "владельцу адреса или платформе-отправителю.",
      "La dirección de destino no es nuestra, por lo que no podemos recuperar estos fondos; "
      "contacte con su titular o con la plataforma de envío.",
      "Địa chỉ nhận không thuộc về chúng tôi nên không thể khôi phục; vui lòng liên hệ chủ địa "
      "chỉ hoặc nền tảng gửi.",
      "Alıcı adres bize ait değil, bu fonları kurtaramayız; adresin sahibiyle veya gönderen "
      "platformla iletişime geçin."}},
    {"withdrawal_wrong_addr",
     {"This was a withdrawal from your account to the address you entered; it has been sent and "
      "cannot be reversed by us.",
      "这是从您账户发往您填写地址的提现，已发出，我们无法撤回。",
      "這是從您帳戶發往您填寫地址的提領，已發出，我們無法撤回。",
      "これはお客様が入力したアドレスへの出金で、送金済みのため当社では取り消せません。",
      "고객님이 입력한 주소로의 출금으로 이미 전송되어 당사가 되돌릴 수 없습니다.",
      "Это вывод с вашего счёта на указанный вами адрес; он отправлен, и отменить его мы не "
      "можем.",
      "Fue un retiro de su cuenta a la dirección que indicó; ya se envió y no podemos revertirlo.",
      "Đây là lệnh rút từ tài khoản của bạn tới địa chỉ bạn nhập; đã được gửi và chúng tôi không "
      "thể hoàn tác.",
      "Bu, hesabınızdan girdiğiniz adrese yapılan bir çekimdi; gönderildi ve geri alamıyoruz."}},
    {"returned_withdrawal",
     {"A withdrawal of yours was sent back to us by the receiving side.",
      "您的一笔提现被接收方退回给了我们。", "您的一筆提領被接收方退回給了我們。",
      "お客様の出金が受取側から当社に返送されました。",
      "고객님의 출금이 수신 측에서 당사로 반환되었습니다.",
      "Ваш вывод был возвращён нам получающей стороной.",
      "Un retiro suyo nos fue devuelto por el destinatario.",
      "Một lệnh rút của bạn đã bị bên nhận gửi trả lại cho chúng tôi.",
      "Bir çekiminiz alıcı taraf tarafından bize geri gönderildi."}},
    {"tx_not_found",
     {"We cannot find this transaction on the blockchain yet; please check the transaction ID.",
      "我们暂时在区块链上找不到这笔交易；请核对交易哈希（TxID）。",
      "我們暫時在區塊鏈上找不到這筆交易；請核對交易雜湊（TxID）。",
      "この取引はまだブロックチェーン上で見つかりません。トランザクションIDをご確認ください。",
      "아직 블록체인에서 이 거래를 찾을 수 없습니다. 거래 ID(TxID)를 확인해 주세요.",
      "Мы пока не находим эту транзакцию в блокчейне; проверьте идентификатор транзакции.",
      "Aún no encontramos esta transacción en la cadena de bloques; revise el ID de transacción.",
      "Chúng tôi chưa tìm thấy giao dịch này trên blockchain; vui lòng kiểm tra mã giao dịch.",
      "Bu işlemi henüz blokzincirinde bulamıyoruz; lütfen işlem kimliğini kontrol edin."}},
    {"already_credited",
     {"This deposit has already been credited to your account.",
      "这笔充值已经入账到您的账户。", "這筆充值已經入帳到您的帳戶。",
      "この入金はすでにお客様のアカウントに反映されています。",
      "이 입금은 이미 고객님의 계정에 반영되었습니다.",
      "Этот депозит уже зачислен на ваш счёт.",
      "Este depósito ya se abonó en su cuenta.",
      "Khoản nạp này đã được ghi có vào tài khoản của bạn.",
      "Bu yatırım zaten hesabınıza geçti."}},
    {"other_user_addr",
     {"The funds were sent to a deposit address that belongs to another account.",
      "资金被发送到了属于另一个账户的充值地址。", "資金被發送到了屬於另一個帳戶的充值地址。",
      "別のアカウントの入金アドレスに送金されました。",
      "다른 계정의 입금 주소로 송금되었습니다.",
      "Средства отправлены на адрес депозита другого аккаунта.",
      "Los fondos se enviaron a una dirección de depósito de otra cuenta.",
      "Tiền được gửi đến địa chỉ nạp thuộc tài khoản khác.",
      "Fonlar başka bir hesaba ait bir yatırma adresine gönderildi."}},
    {"uncredited",
     {"The transaction is confirmed but has not been credited yet.",
      "交易已确认，但尚未入账。", "交易已確認，但尚未入帳。",
      "取引は承認済みですが、まだ入金されていません。",
      "거래는 승인되었지만 아직 입금되지 않았습니다.",
      "Транзакция подтверждена, но ещё не зачислена.",
      "La transacción está confirmada pero aún no se ha abonado.",
      "Giao dịch đã được xác nhận nhưng chưa được ghi có.",
      "İşlem onaylandı ancak henüz hesabınıza geçmedi."}},
    {"below_recovery_minimum",
     {"The amount is below what can be recovered: the recovery would cost more than it returns.",
      "金额低于可找回的最低标准：找回成本将高于可找回金额。",
      "金額低於可找回的最低標準：找回成本將高於可找回金額。",
      "金額が復旧可能な最低額を下回っています。復旧費用が戻る金額を上回ります。",
      "금액이 복구 가능한 최소 금액보다 적습니다. 복구 비용이 돌려받는 금액보다 큽니다.",
      "Сумма ниже порога восстановления: оно стоило бы дороже, чем вернулось бы.",
      "El importe es inferior al mínimo recuperable: recuperarlo costaría más de lo que se "
      "devolvería.",
      "Số tiền thấp hơn mức có thể khôi phục: chi phí khôi phục sẽ lớn hơn số tiền nhận lại.",
      "Tutar kurtarılabilir sınırın altında: kurtarma, geri dönecek tutardan pahalıya mal "
      "olur."}},
};

static const char *const states[][L_COUNT + 1] = {
    {"checking", "Being checked", "核查中", "核查中", "確認中", "확인 중", "Проверяется",
     "En comprobación", "Đang kiểm tra", "Kontrol ediliyor"},
    {"waiting", "Waiting for the network", "等待网络确认", "等待網路確認", "ネットワーク待ち",
     "네트워크 대기 중", "Ожидает сеть", "Esperando a la red", "Đang chờ mạng", "Ağ bekleniyor"},
    {"approval", "Awaiting approval", "等待审批", "等待核准", "承認待ち", "승인 대기 중",
     "Ожидает одобрения", "Pendiente de aprobación", "Chờ phê duyệt", "Onay bekliyor"},
    {"crediting", "Being credited", "入账中", "入帳中", "入金処理中", "입금 처리 중",
     "Зачисляется", "Abonándose", "Đang ghi có", "Hesaba geçiriliyor"},
    {"credited", "Credited", "已入账", "已入帳", "入金済み", "입금 완료", "Зачислено", "Abonado",
     "Đã ghi có", "Hesaba geçti"},
    {"closed", "Closed", "已结案", "已結案", "クローズ", "종료", "Закрыто", "Cerrado", "Đã đóng",
     "Kapatıldı"},
    {"review", "With our recovery team", "找回团队处理中", "找回團隊處理中", "復旧チームが対応中",
     "복구팀 검토 중", "У команды восстановления", "En revisión por el equipo",
     "Nhóm khôi phục đang xử lý", "Kurtarma ekibinde"},
    {"error", "Being checked (delayed)", "核查中（延迟）", "核查中（延遲）", "確認中（遅延）",
     "확인 중(지연)", "Проверяется (с задержкой)", "En comprobación (con retraso)",
     "Đang kiểm tra (bị chậm)", "Kontrol ediliyor (gecikmeli)"},
};

static int lang_index(const char *lang)
{
	if (!lang)
		return L_EN;
	for (int i = 0; i < L_COUNT; i++)
		if (!strcasecmp(lang, lang_tags[i]))
			return i;
	if (!strncasecmp(lang, "zh-Hant", 7) || !strncasecmp(lang, "zh-HK", 5))
		return L_ZH_TW;
	for (int i = 0; i < L_COUNT; i++)
		if (!strncasecmp(lang, lang_tags[i], 2) && (lang[2] == 0 || lang[2] == '-'))
			return i;
	return L_EN;
}

const char *recovery_state_word(const char *state, const char *lang)
{
	int l = lang_index(lang);
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
		if (!strcmp(states[i][0], state))
			return states[i][1 + l];
	return state;
}

/* "recovery.<code>.<outcome>" into its parts; false for anything else. */
static bool key_parts(const char *key, int *code, int *outcome)
{
	if (strncmp(key, "recovery.", 9))
		return false;
	const char *c = key + 9, *dot = strrchr(c, '.');
	if (!dot)
		return false;
	*code = *outcome = -1;
	for (size_t i = 0; i < sizeof explain / sizeof explain[0]; i++)
		if (strlen(explain[i].code) == (size_t)(dot - c) && !strncmp(explain[i].code, c, dot - c))
			*code = (int)i;
	for (int i = 0; i < O_COUNT; i++)
		if (!strcmp(outcome_names[i], dot + 1))
			*outcome = i;
	return *code >= 0 && *outcome >= 0;
}

struct textbuf_lite {
	char *p;
	size_t len, cap;
	struct arena *a;
};

static void put(struct textbuf_lite *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *q = arena_alloc(b->a, cap);
		if (b->len)
			memcpy(q, b->p, b->len);
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

static const char *when(struct arena *a, int64_t ms)
{
	if (!ms)
		return "—";
	char t[RFC3339_MAX];
	clock_format_rfc3339(ms, t);
	/* 2026-11-23T09:14:03Z -> 2026-11-23 09:14 UTC */
	return arena_printf(a, "%.10s %.5s UTC", t, t + 11);
}

char *recovery_customer_text(struct arena *a, const struct recovery_case_row *c)
{
	int code, outcome, l = lang_index(c->language);
	if (!key_parts(c->message_key, &code, &outcome))
		return arena_printf(a, "%s: %s", c->reference, recovery_state_word(c->state, c->language));
	const char *vars[][2] = {
	    {"ref", c->reference},
	    {"amount", c->amount},
	    {"asset", c->asset},
	    {"credit", *c->credit_amount ? c->credit_amount : c->amount},
	    {"fee", *c->fee_amount ? c->fee_amount : "0"},
	    {"eta", when(a, c->eta_at)},
	    {"sla", when(a, c->sla_due_at)},
	    {"explain", explain[code].t[l]},
	};
	struct textbuf_lite b = {.a = a, .cap = 512};
	b.p = arena_alloc(a, b.cap); /* zeroed: an empty string until the first put */
	const char *tmpl = outcome == O_REVIEW && !c->value_known ? review_unpriced[l]
	                                                           : outcomes[outcome][l];
	for (const char *p = tmpl; *p;) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		size_t i = 0;
		if (close) {
			for (; i < sizeof vars / sizeof vars[0]; i++)
				if (strlen(vars[i][0]) == (size_t)(close - p - 1) &&
				    !strncmp(vars[i][0], p + 1, close - p - 1))
					break;
		}
		if (close && i < sizeof vars / sizeof vars[0]) {
			put(&b, vars[i][1], strlen(vars[i][1]));
			p = close + 1;
		} else {
			put(&b, p, 1);
			p++;
		}
	}
	return b.p;
}
