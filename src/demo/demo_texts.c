/* demo_texts.c — what the demo desk's customers and agents say, per language: the conversation
 * templates and the stock replies agents close with.
 * Written natively in each language; internal notes are English, as agents write them.
 * The customers themselves are in demo_data.c.
 * Pure data; placeholders are explained in demo_data.h and filled by demo_data.c. */
#include "demo/demo_data.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- English ---------------------------------------------------------------------------- */

static const struct demo_template tpl_en[] = {
    {.intent = DEMO_DEP_MISSENT,
     .tags = "wrong-network,bep20,usdt",
     .amt_lo = 150,
     .amt_hi = 8000,
     .subject = "Sent USDT on BEP20 to my ERC20 deposit address, not credited",
     .customer =
         "Hi, I sent {amt} USDT from my wallet to my deposit address {evm}, but I picked "
         "BNB Smart Chain (BEP20) by mistake. The address was shown for ERC20. BscScan says "
         "the transfer succeeded: {tx0x}. It's been 5 hours and nothing in my balance. Can "
         "you recover it? My UID is {uid}.",
     .reply =
         "Hi {greet}, thanks for the details. BEP20 and ERC20 use the same address format, "
         "so the funds reached an address we control and can usually be recovered by our "
         "wallet team. Recovery is manual and carries a handling fee, which we'll confirm with "
         "you before processing. Could you send a screenshot of the withdrawal record on the "
         "sending side showing the TxID, the network and the amount?",
     .followup = "Screenshot attached. The fee is fine, I just want the funds back. Roughly how "
                 "long does it take?",
     .note = "BscScan: {tx0x} success, {amt} USDT to our BSC-side address (same key). Not a "
             "supported deposit network -> manual recovery, fee applies."},
    {.intent = DEMO_DEP_MEMO,
     .tags = "memo-missing,xrp",
     .amt_lo = 200,
     .amt_hi = 12000,
     .subject = "XRP deposit without destination tag",
     .customer = "Hello, I sent {amt} XRP to my deposit address this morning but forgot to add "
                 "the destination tag. The transaction is validated on the ledger: {TX}. The tag "
                 "shown on my deposit page is {memo}. How do I get this credited?",
     .reply = "Hi {greet}, no problem: deposits without a tag land in our shared XRP wallet and "
              "can be matched by hand. Please reply with (1) the sending address, (2) the exact "
              "amount and (3) a screenshot of the withdrawal on the sending platform. Once we have "
              "them we'll pass the case to our recovery team; it normally takes 3-7 business days.",
     .followup = "Sending address is in the attached screenshot, amount is exactly {amt} XRP. "
                 "Thanks for the quick answer.",
     .note = "XRPL lookup: {TX} tesSUCCESS, no DestinationTag, to our shared wallet. Sender "
             "matches screenshot. Ready for recovery queue."},
    {.intent = DEMO_DEP_PENDING,
     .tags = "pending-confirmations,btc",
     .amt_lo = 80,
     .amt_hi = 9000,
     .subject = "BTC deposit still pending after 3 hours",
     .customer = "My BTC deposit of {coin} BTC has been showing \"pending\" for three hours. The "
                 "explorer shows 1 confirmation. Tx: {tx}. Is something wrong? I need it for a "
                 "trade today.",
     .reply = "Hi {greet}, your deposit is on its way. Bitcoin deposits are credited after 2 "
              "network confirmations and can be withdrawn after 6. The network is congested right "
              "now and your transaction was sent with a low fee, so it is taking longer to be "
              "included in blocks. Nothing is needed from you: it will be credited automatically "
              "once it has enough confirmations.",
     .followup = "OK, 2 confirmations now and it just showed up in my balance. Thanks.",
     .note = "mempool congested, tx paid 4 sat/vB. 2/2 conf now, credit job lag ~10 min. No "
             "manual action.",
     .followup_closes = true},
    {.intent = DEMO_WD_HOLD,
     .tags = "withdrawal-hold,risk-control,trc20",
     .amt_lo = 2000,
     .amt_hi = 60000,
     .subject = "Withdrawal of {amt} USDT stuck \"under review\" for 2 days",
     .customer = "I requested a withdrawal of {amt} USDT (TRC20) on Monday and it still says "
                 "\"Under review\". No email, nothing. I've been a customer for three years, why "
                 "is my own money being held? Please release it ASAP, I have bills to pay.",
     .reply =
         "Hi {greet}, I'm sorry for the wait. Your withdrawal was selected for a routine "
         "security review, which happens for larger amounts or when funds go to a new "
         "address. To complete it, please confirm here: the purpose of the withdrawal, whether "
         "the destination address is yours, and whether anyone has asked you to move funds. "
         "We will never ask for your password or 2FA codes.",
     .followup = "The address is my own Trust Wallet. Nobody contacted me, I'm moving funds to "
                 "self-custody. Please hurry.",
     .note = "Risk hold: new address + amount > 5x 30-day avg. Customer answers clean. "
             "Requesting second approval from Security."},
    {.intent = DEMO_2FA,
     .tags = "2fa-reset,lost-phone",
     .subject = "Lost my phone, can't log in (Google Authenticator)",
     .customer = "My phone was stolen yesterday and Google Authenticator was on it. I don't have "
                 "the backup key. I still get emails but I can't get past the 2FA screen. How do "
                 "I reset it? UID {uid}.",
     .reply = "Hi {greet}, sorry to hear about your phone. You can start a 2FA reset from the "
              "login page: choose \"Security verification unavailable?\" and follow the steps. "
              "You'll be asked for a selfie that we compare with your KYC photo. For your "
              "protection, withdrawals are disabled for 24 hours after the reset. If the automatic "
              "check fails, reply here and we'll review it manually.",
     .followup = "Tried twice, the selfie check keeps failing (\"face does not match\"). I wore "
                 "glasses in my KYC photo, is that the problem?",
     .note = "Liveness score 0.62 < 0.75 threshold on both attempts. Face matches KYC visually. "
             "Needs second agent approval before manual reset."},
    {.intent = DEMO_KYC,
     .tags = "kyc-rejected",
     .subject = "KYC rejected: \"document not clear\"",
     .customer = "My identity verification was rejected again with \"document image not clear\". "
                 "I uploaded my driver's license three times and the photos are sharp. I can't "
                 "withdraw anything until this is done. What exactly is wrong?",
     .reply = "Hi {greet}, I checked your submission. The license itself is readable, but the "
              "back side is cut off at the bottom edge, so the barcode can't be read, and the "
              "selfie was taken in low light. Please resubmit with the whole card visible on a "
              "dark background, without flash, and take the selfie facing a window. A passport is "
              "usually approved faster, if you have one.",
     .followup = "Resubmitted with my passport just now. Fingers crossed.",
     .note = "Vendor result: DOC_BACK_CROPPED + SELFIE_LOW_LIGHT. Not a fraud flag."},
    {.intent = DEMO_FROZEN,
     .tags = "account-frozen,risk-control,compliance",
     .amt_lo = 3000,
     .amt_hi = 150000,
     .subject = "URGENT: account frozen, can't withdraw or trade",
     .customer = "My account was suddenly frozen this morning. I got an email saying \"account "
                 "restricted due to risk control\" and nothing else. I have open positions and "
                 "about {amt} USDT in there. I haven't done anything wrong. Who do I talk to?",
     .reply = "Hi {greet}, I understand how stressful this is. Your account was restricted after "
              "an incoming transfer was flagged by our compliance screening. To lift the "
              "restriction we need to verify where those funds came from. Please reply with the "
              "platform you received them from, a screenshot of the transaction there, and a short "
              "description of the trade or payment it relates to.",
     .followup = "It was a P2P sale, the buyer paid me by bank transfer. Attached the bank "
                 "statement and the chat with the buyer.",
     .note = "Inbound from an address with 12% mixer exposure per screening. Docs look "
             "plausible. Compliance decides; do not promise a timeline."},
    {.intent = DEMO_FUTURES,
     .tags = "liquidation,mark-price,btcusdt",
     .amt_lo = 500,
     .amt_hi = 25000,
     .subject = "Liquidated by a wick that never happened anywhere else",
     .customer = "My BTCUSDT perpetual long was liquidated at {time} UTC. The mark price spiked "
                 "down for a few seconds, but on every other exchange the price didn't go "
                 "anywhere near my liquidation price. I lost {amt} USDT. I want this reviewed and "
                 "my position refunded.",
     .reply = "Hi {greet}, thank you for reporting this. Liquidations are triggered by the mark "
              "price, not the last traded price, and the mark price is built from an index of "
              "several spot exchanges. I've asked our futures team to pull the index and mark "
              "price data for {time} UTC and compare them with your liquidation. We'll come back "
              "to you here with the result.",
     .followup = "Thanks. Please also check the funding, my margin dropped right before the "
                 "liquidation.",
     .note = "Order {order}. One index constituent (stale feed) off by 1.8% for 6s around "
             "{time}. Possible abnormal liquidation, check incident list before answering."},
    {.intent = DEMO_TRADE_API,
     .tags = "api,rate-limit,timestamp",
     .subject = "API: error -1021 (recvWindow) and 429s since maintenance",
     .customer = "Since the maintenance last night our bot gets \"code -1021: Timestamp for this "
                 "request is outside of the recvWindow\" on about 30% of order requests, then 429 "
                 "Too Many Requests. Our server is NTP-synced and nothing changed on our side. "
                 "API key label: mm-bot-02. This is costing us money, please escalate.",
     .reply = "Hi {greet}, thanks for the detailed report. Part of our API gateway moved to a "
              "new region during the maintenance, which added latency for some clients. Please "
              "compare the server time endpoint with your clock and, as a workaround, raise "
              "recvWindow to 10000 ms. The 429s come from retries hitting the per-IP limit: back "
              "off on 429 instead of retrying at once. I've escalated the latency to engineering.",
     .followup = "recvWindow 10000 fixed the -1021s. Still seeing occasional 429s at ~40 req/s, "
                 "which used to be fine.",
     .note = "Gateway eu-2 p99 latency 1.9s since migration, ENG-4412. Client is within "
             "documented weight limits, check the limiter config."},
    {.intent = DEMO_COMPENSATION,
     .tags = "compensation,incident,outage",
     .amt_lo = 300,
     .amt_hi = 40000,
     .subject = "Compensation for Saturday's outage",
     .customer = "During the outage on Saturday the app showed \"system busy\" for almost 40 "
                 "minutes and I couldn't close my ETH short. When it came back I was liquidated. "
                 "Loss: {amt} USDT. I expect full compensation, otherwise I'll take this to my "
                 "lawyer and the regulator.",
     .reply = "Hi {greet}, I'm sorry for the loss you suffered during the incident. We are "
              "reviewing every account affected by Saturday's disruption, and compensation is "
              "calculated with a published formula from your position during the outage window. "
              "I've added your account to the review list; we'll contact you here once your case "
              "has been assessed.",
     .followup = "How long will the review take? I want the outcome in writing.",
     .note = "Incident INC-2207 window 09:12-09:51 UTC. Liquidated inside the window -> "
             "eligible per predicate. Legal threat mentioned."},
    {.intent = DEMO_PHISHING,
     .tags = "phishing,impersonation,telegram",
     .subject = "Someone pretending to be your support on Telegram",
     .customer = "A \"support agent\" messaged me on Telegram after I posted in your community "
                 "group. He said my account would be suspended unless I \"verify my wallet\" on a "
                 "website and sent a link. The site looks exactly like yours. I didn't enter "
                 "anything but wanted to report it. Username: @exdesk_help_official.",
     .reply = "Hi {greet}, thank you for reporting this, and well done for not entering "
              "anything. That account is not us: our staff never message you first on Telegram "
              "and will never ask you to verify a wallet or share a password, 2FA code or seed "
              "phrase. We've reported the account and the phishing domain. If you did connect a "
              "wallet or type anything on that site, reply here right away.",
     .followup = "No, nothing entered. Thanks for taking it down.",
     .note = "Domain added to blocklist, takedown request sent. No suspicious logins on the "
             "account.",
     .followup_closes = true},
};

/* ---- 简体中文 ---------------------------------------------------------------------------- */

static const struct demo_template tpl_zh_cn[] = {
    {.intent = DEMO_DEP_MISSENT,
     .tags = "wrong-network,polygon,usdt",
     .amt_lo = 200,
     .amt_hi = 10000,
     .subject = "USDT 充值网络选错了（Polygon 转到了 ERC20 地址），一直没到账",
     .customer = "客服你好，我从钱包往我的 ERC20 充值地址 {evm} 转了 {amt} USDT，结果网络选成了 "
                 "Polygon，到现在大半天了还没到账。交易哈希：{tx0x}，Polygonscan 上显示成功。"
                 "请问还能找回吗？要怎么操作？UID：{uid}",
     .reply = "{greet}您好，感谢您提供的信息。Polygon 与以太坊的地址格式相同，这笔资金进入了平台"
              "控制的地址，一般可以人工找回，但需要收取一定的手续费，具体金额会在处理前与您确认。"
              "请您提供转出平台的提币记录截图（需包含 TxID、网络和数量），我们会为您提交找回申请。",
     .followup = "截图已上传。手续费没问题，大概多久能到账？",
     .note = "Polygonscan: {tx0x} success, {amt} USDT to our Polygon-side address (same key). "
             "Unsupported network -> manual recovery, fee applies."},
    {.intent = DEMO_DEP_MEMO,
     .tags = "memo-missing,atom",
     .amt_lo = 30,
     .amt_hi = 4000,
     .subject = "ATOM 充值忘记填写 Memo，未到账",
     .customer = "你好，我今天下午从别的交易所提了 {amt} ATOM 到你们平台，提币的时候忘了填 Memo，"
                 "现在一直没到账。交易哈希是 {TX}，我的 Memo 应该是 {memo}。这种情况能处理吗？"
                 "挺着急的。",
     .reply = "{greet}您好，未填写 Memo 的充值会进入平台的公共地址，可以通过人工核对后补入您的"
              "账户。请回复以下信息：1）转出地址；2）准确的充值数量；3）转出平台的提币记录截图。"
              "资料齐全后我们会提交给找回团队，一般 3–7 个工作日内处理完成。",
     .followup = "资料都发了，转出地址在截图里。麻烦尽快，谢谢！",
     .note = "Mintscan: {TX} success, memo empty, to our ATOM hot wallet. Sender matches "
             "screenshot. Queue for recovery."},
    {.intent = DEMO_WD_HOLD,
     .tags = "withdrawal-hold,risk-control,trc20",
     .amt_lo = 3000,
     .amt_hi = 80000,
     .subject = "提现 {amt} USDT 一直显示“审核中”",
     .customer = "昨天晚上提了 {amt} USDT（TRC20），到现在还是“审核中”，也没有任何通知。之前提现"
                 "都是几分钟就到，这次为什么卡住了？急用钱，麻烦帮忙看一下。",
     .reply = "{greet}您好，非常抱歉让您久等。您的这笔提现触发了平台的安全风控审核，大额提现或"
              "首次提现到新地址时可能出现这种情况。为尽快完成审核，请在本工单中确认：提现用途、"
              "收款地址是否为您本人所有，以及近期是否有人以任何名义要求您转账。我们的工作人员"
              "不会向您索要密码或谷歌验证码。",
     .followup = "地址是我自己的 imToken 钱包，没人让我转账，就是转到自己钱包存着。",
     .note = "Risk hold: first withdrawal to this address, amount 6x 30-day avg. Answers clean. "
             "Waiting for Security second approval."},
    {.intent = DEMO_FUTURES,
     .tags = "liquidation,stop-loss,ethusdt",
     .amt_lo = 500,
     .amt_hi = 30000,
     .subject = "合约被插针强平，要求给个说法",
     .customer =
         "我的 ETHUSDT 永续多单在 {time}（北京时间）被强平了，当时标记价格突然往下插了一根针，"
         "其他几个大平台根本没到这个价位。我亏了 {amt} USDT，保证金全没了。请你们查一下是不是"
         "系统问题，给个说法。",
     .reply = "{greet}您好，理解您的心情。合约强平是根据标记价格触发的，标记价格参考多家现货交易所"
              "的指数价格计算。我已将您的订单提交给合约团队，请他们调取 {time} 前后的指数价格和标记"
              "价格数据进行核查，有结果后会第一时间在工单中回复您。",
     .followup = "好的，等你们的结果。另外我当时挂的止损单为什么没触发？",
     .note = "Order {order}. Stop-loss was on last price, liquidation on mark price - explain. "
             "Check index constituents at {time} CST (UTC+8)."},
    {.intent = DEMO_P2P_NO_RELEASE,
     .tags = "p2p,appeal,seller-not-release",
     .amt_lo = 500,
     .amt_hi = 20000,
     .subject = "C2C 买币已付款，卖家不放币",
     .customer = "我在 C2C 买了 {amt} USDT，已经银行卡转账付款并点了“我已付款”，卖家一个多小时了"
                 "都不放币，消息也不回。订单号：{order}。付款截图我已经上传了，请平台介入处理。",
     .reply = "{greet}您好，我们已介入该订单的申诉。请您在申诉页面补充完整的付款凭证（需显示收款人"
              "姓名、金额和时间），并且不要取消订单，否则会影响您的权益。我们已联系卖家，卖家须在"
              "规定时间内回应，否则平台将根据现有证据进行处理。",
     .followup = "凭证已补充。卖家刚才说他没收到钱，但我手机银行显示已经转账成功了。",
     .note = "Seller claims not received; buyer's bank receipt shows matching payee name. Ask "
             "seller for today's full statement before deciding."},
    {.intent = DEMO_P2P_NOT_PAID,
     .tags = "p2p,appeal,buyer-not-paid,bank-freeze",
     .amt_lo = 500,
     .amt_hi = 15000,
     .subject = "买家点了已付款但我没收到钱，银行卡还被冻结了",
     .customer = "我在 C2C 卖了 {amt} USDT，买家点了已付款，但是我的银行卡一直没收到钱。今天去银行"
                 "才发现卡被冻结了，说是涉嫌接收涉诈资金。订单号 {order}。我没有放币，这个订单怎么"
                 "处理？买家是不是骗子？",
     .reply = "{greet}您好，您没有放币的做法是正确的，在确认收到款项前请不要放币。我们已冻结该订单"
              "并对买家账户进行了限制。关于银行卡冻结，请您配合银行或公安部门的调查，如有需要我们"
              "可以提供订单记录。请您在本工单上传银行的冻结通知截图，方便我们跟进。",
     .followup = "截图传好了。那这笔 USDT 还能退回到我的资金账户吗？",
     .note = "Buyer linked to 3 other appeals this week, restricted. Return escrow to seller "
             "after 24h cooling-off; forward buyer to Security."},
    {.intent = DEMO_2FA,
     .tags = "2fa-reset,new-phone",
     .subject = "换了手机，谷歌验证器没了，登录不了",
     .customer = "我换了新手机，旧手机已经恢复出厂设置了，谷歌验证器里的数据全没了，也没有备份"
                 "密钥。现在登录要谷歌验证码，进不去账户。请问怎么重置？",
     .reply = "{greet}您好，您可以在登录页面点击“安全验证不可用？”，选择重置谷歌验证器，按提示完成"
              "身份验证和人脸识别。重置成功后，为保障资金安全，账户 24 小时内将无法提现。如果人脸"
              "识别多次不通过，请在本工单回复，我们会为您人工审核。",
     .followup = "人脸识别一直提示“非本人操作”，试了三次都不行。",
     .note = "Face match below threshold 3x (KYC photo from 2021). Manual review; offer video "
             "verification."},
    {.intent = DEMO_FEES,
     .tags = "fees,erc20",
     .amt_lo = 100,
     .amt_hi = 3000,
     .subject = "提现手续费怎么这么高？",
     .customer = "我提 {amt} USDT 走 ERC20，手续费扣了将近 5 U，比前几天贵了一倍多。你们是不是"
                 "偷偷调价了？",
     .reply = "{greet}您好，ERC20 网络的提现手续费会根据以太坊网络当时的 Gas 费用动态调整，近期链上"
              "拥堵导致费用上升。如果收款方支持，建议您选择 TRC20 或 BEP20 网络提现，手续费一般只"
              "需 1 USDT 左右。提现前请务必确认收款地址支持所选网络。",
     .followup = "明白了，对方支持 TRC20，我换个网络试试。",
     .followup_closes = true},
    {.intent = DEMO_PHISHING,
     .tags = "phishing,impersonation,scam",
     .subject = "有人冒充平台客服让我转账到“安全账户”",
     .customer = "今天有人打电话给我，说是你们平台的客服，说我的账户涉嫌洗钱要冻结，让我把币转到"
                 "一个“安全账户”核验，还加了我微信。我觉得不对劲，没有转。想确认一下这是不是你们"
                 "的人？",
     .reply = "{greet}您好，非常感谢您的警惕！这不是我们的工作人员。平台不会通过电话或微信要求您"
              "转账，也不存在所谓的“安全账户”。请不要向对方透露任何验证码、密码或助记词，并建议"
              "您立即修改登录密码，检查 API 密钥和设备管理。如您已经转出资金，请立即在本工单告知"
              "我们。",
     .followup = "没有转，已经把他拉黑了。密码也改了，谢谢提醒。",
     .note = "Impersonation scam (phone + WeChat). No funds moved, no suspicious logins. Phone "
             "number added to scam report list.",
     .followup_closes = true},
};

/* ---- 繁體中文（台灣） ----------------------------------------------------------------------- */

static const struct demo_template tpl_zh_tw[] = {
    {.intent = DEMO_KYC,
     .tags = "kyc-rejected,twd",
     .subject = "身分驗證一直被退件",
     .customer =
         "您好，我的身分驗證已經被退件三次了，理由都是「證件資訊無法辨識」。我上傳的是身分證"
         "正反面，照片都很清楚，不知道哪裡有問題？因為還沒驗證完成，沒辦法用台幣入金，麻煩"
         "協助確認，謝謝。",
     .reply =
         "{greet}您好，已為您查看審核紀錄。您的身分證背面因反光導致部分文字無法辨識，另外自拍照"
         "中證件被手指遮住了一部分。建議您在光線均勻、不開閃光燈的環境下重新拍攝，並確保證件"
         "四角完整入鏡。若仍無法通過，也可以改用護照驗證。",
     .followup = "已經重新上傳了，這次用護照，麻煩再幫我看一下。",
     .note = "Vendor flags: GLARE_BACK, DOC_OBSTRUCTED. Passport resubmission in queue, priority "
             "review requested."},
    {.intent = DEMO_DEP_PENDING,
     .tags = "pending-deposit,eth",
     .amt_lo = 500,
     .amt_hi = 40000,
     .subject = "ETH 儲值顯示成功，但帳戶餘額沒有增加",
     .customer =
         "請問一下，我從冷錢包轉了 {coin} ETH 過來，Etherscan 上已經顯示成功快一個小時了，"
         "但我的帳戶餘額還是沒變，儲值紀錄也查不到。交易哈希：{tx0x}。麻煩幫我查一下，謝謝。",
     .reply = "{greet}您好，已確認您的交易。由於該筆交易是透過智能合約錢包轉入，系統需要額外時間"
              "掃描，加上目前網路較為壅塞，入帳會比平常慢。預計在 1–2 小時內自動入帳，不需要另外"
              "操作。",
     .followup = "好的，剛剛已經看到入帳了，謝謝！",
     .note = "Internal tx from a contract wallet (Safe). Deposit scanner lags on internal txs; "
             "credited by rescan job.",
     .followup_closes = true},
    {.intent = DEMO_WD_NOT_RECEIVED,
     .tags = "withdrawal,trc20,not-received",
     .amt_lo = 300,
     .amt_hi = 20000,
     .subject = "提領 USDT 顯示完成，但對方交易所沒收到",
     .customer = "我昨天提領 {amt} USDT（TRC20）到另一個交易所，你們這邊顯示「已完成」，TxID 是 "
                 "{tx}，但是對方說查不到入帳。請問是不是你們還沒送出？",
     .reply = "{greet}您好，已為您確認，該筆提領已在 TRON 鏈上成功，並已完成區塊確認，款項已到達您"
              "填寫的收款地址。建議您將 TxID 提供給收款平台的客服，請對方協助查詢入帳狀況，有些"
              "平台需要人工補入。",
     .followup = "對方客服說要等他們錢包維護結束才會入帳，那我再等等，謝謝。",
     .note = "Tronscan: {tx} SUCCESS, 19+ confirmations. Our side complete; receiving platform "
             "in wallet maintenance.",
     .followup_closes = true},
    {.intent = DEMO_2FA,
     .tags = "lost-phone,sms,account-freeze",
     .subject = "手機遺失，收不到簡訊驗證碼",
     .customer = "我的手機昨天在捷運上遺失了，門號還在補辦中，現在登入要簡訊驗證碼收不到。擔心帳戶"
                 "被盜，可以先幫我凍結帳戶嗎？之後要怎麼重設綁定的手機號碼？",
     .reply = "{greet}您好，已依您的要求暫時凍結帳戶，凍結期間無法登入與提領，資產不會受到影響。"
              "待您補辦好 SIM 卡後，可在登入頁選擇「無法收到驗證碼」重設手機號碼，需完成人臉辨識。"
              "若要解除凍結，請在本案件回覆，我們會協助進行身分核實。",
     .followup = "SIM 卡已經補好了，麻煩幫我解除凍結。",
     .note = "Self-freeze at customer request. Unfreeze needs video verification + new device "
             "check."},
    {.intent = DEMO_FROZEN,
     .tags = "account-frozen,risk-control",
     .amt_lo = 2000,
     .amt_hi = 90000,
     .subject = "帳戶被限制提領，原因不明",
     .customer = "今天要提領時出現「帳戶因風控原因暫時限制」，我完全不知道發生什麼事。帳戶裡大約"
                 "有 {amt} USDT，都是我自己辛苦存下來的錢。請問要怎麼解除？需要提供什麼資料？",
     .reply =
         "{greet}您好，造成您的困擾非常抱歉。系統偵測到您的帳戶近期有一筆來自高風險地址的轉入，"
         "因此暫時限制提領。請您提供該筆資金的來源說明（例如在哪個平台購買）及相關交易截圖，"
         "我們會轉交風控團隊審核，審核完成後會在本案件通知您。",
     .followup = "那筆是朋友還我的錢，他從錢包直接轉給我的，我把對話紀錄和轉帳截圖都附上了。",
     .note = "Inbound from address with gambling-site exposure. Friend-repayment story; "
             "escalated to Compliance."},
    {.intent = DEMO_FEES,
     .tags = "fees,vip-level",
     .amt_lo = 50000,
     .amt_hi = 600000,
     .subject = "手續費等級怎麼計算？",
     .customer = "請問 VIP 手續費等級是怎麼算的？我上個月現貨交易量大概 {amt} USDT，可是手續費還是 "
                 "0.1%，是不是沒有自動升級？另外用平台幣扣手續費有折扣嗎？",
     .reply = "{greet}您好，手續費等級是依過去 30 天的現貨交易量及平台幣持倉每日更新，目前您 30 天"
              "交易量尚未達到 VIP1 門檻（100 萬 USDT）。開啟「使用平台幣抵扣手續費」後可享 25% "
              "折扣，您可以在「帳戶 > 手續費」頁面開啟。",
     .followup = "了解，已經開啟抵扣了，謝謝說明。",
     .followup_closes = true},
    {.intent = DEMO_PHISHING,
     .tags = "phishing,sms",
     .subject = "收到假冒平台的簡訊",
     .customer = "我今天收到一封簡訊，說我的帳戶在異地登入，要我點連結「立即驗證」，網址看起來跟"
                 "你們很像，只差一個字母。我點進去了但還沒輸入任何東西。請問這是你們發的嗎？我需要"
                 "做什麼？",
     .reply =
         "{greet}您好，這則簡訊不是我們發送的，是釣魚網站。我們不會透過簡訊連結要求您驗證帳戶。"
         "由於您沒有輸入資料，帳戶目前是安全的；建議您仍然修改登入密碼，並在「安全中心」設定"
         "防釣魚碼，之後所有官方郵件都會顯示這組代碼。",
     .followup = "已經改密碼並設定防釣魚碼了，謝謝提醒。",
     .note = "Lookalike domain reported; SMS sender reported to carrier. No login from new IPs.",
     .followup_closes = true},
    {.intent = DEMO_DEP_MEMO,
     .tags = "memo-missing,ton",
     .amt_lo = 20,
     .amt_hi = 5000,
     .subject = "TON 儲值忘記填寫 Memo（備註）",
     .customer = "您好，我從錢包轉了 {amt} TON 到你們的儲值地址，但是忘了填 Memo，已經過了半天都"
                 "沒入帳。交易哈希：{tx}，我的 Memo 是 {memo}。請問可以幫我補入帳嗎？",
     .reply = "{greet}您好，未填寫 Memo 的儲值可以人工補入。請您提供：1）轉出的錢包地址；2）儲值"
              "數量；3）錢包中該筆交易的截圖。資料提供後我們會提交找回申請，通常需要 3–7 個工作天，"
              "處理期間請勿重複提交。",
     .followup = "截圖和地址都附上了，麻煩了。",
     .note = "Tonviewer: {tx} ok, comment empty, to our TON hot wallet. Sender matches. Queue "
             "for recovery."},
};

/* ---- 日本語 ------------------------------------------------------------------------------ */

static const struct demo_template tpl_ja[] = {
    {.intent = DEMO_DEP_MEMO,
     .tags = "memo-missing,xrp",
     .amt_lo = 100,
     .amt_hi = 15000,
     .subject = "XRP入金時に宛先タグを入力し忘れました",
     .customer =
         "お世話になっております。本日、他の取引所から {amt} XRP を送金したのですが、宛先タグ"
         "（Destination Tag）を入力し忘れてしまいました。トランザクションID：{TX}。私の宛先"
         "タグは {memo} です。反映していただくことは可能でしょうか。よろしくお願いいたします。",
     .reply =
         "{greet}\nお問い合わせいただきありがとうございます。宛先タグが未入力の入金は当社の共通"
         "アドレスに着金しているため、手動で反映することが可能です。お手数ですが、(1) 送金元"
         "アドレス、(2) 正確な送金数量、(3) 送金元での出金履歴のスクリーンショットをご返信"
         "ください。確認後、復旧チームにて処理いたします（通常3〜7営業日）。",
     .followup = "ご連絡ありがとうございます。スクリーンショットを添付しました。送金元アドレスも"
                 "画像に記載されています。",
     .note = "XRPL: {TX} tesSUCCESS, no DestinationTag. Sender verified from screenshot. Queue "
             "for recovery."},
    {.intent = DEMO_KYC,
     .tags = "kyc-pending,address-mismatch",
     .subject = "本人確認が1週間以上「審査中」のままです",
     .customer = "先週マイナンバーカードで本人確認を提出しましたが、1週間以上経っても「審査中」の"
                 "ままです。入金ができず困っています。審査状況を確認していただけますでしょうか。",
     .reply =
         "{greet}\nお待たせしており申し訳ございません。確認したところ、ご登録の住所とマイナンバー"
         "カード記載の住所で番地の表記が一致しておらず、審査が保留となっておりました。お手数"
         "ですが、アカウント設定から住所をカードの記載どおりに修正のうえ、再提出をお願い"
         "いたします。",
     .followup = "住所を修正して再提出しました。「丁目」の書き方が違っていたようです。ご確認"
                 "ありがとうございます。",
     .note = "Address format mismatch (1-2-3 vs 1-chome 2-3). Not fraud. Fast-track after "
             "resubmission."},
    {.intent = DEMO_WD_HOLD,
     .tags = "withdrawal-hold,erc20",
     .amt_lo = 2000,
     .amt_hi = 70000,
     .subject = "出金が「リスク審査中」で止まっています",
     .customer =
         "昨日 {amt} USDT（ERC20）の出金申請をしましたが、ステータスが「リスク審査中」の"
         "まま進みません。新しく用意したハードウェアウォレット宛てです。いつ頃完了しますか。",
     .reply = "{greet}\nご不便をおかけして申し訳ございません。初めてご利用の出金先アドレスへの高額"
              "出金のため、セキュリティ審査の対象となっております。審査を完了するため、出金の目的、"
              "出金先アドレスがご本人様のものであるか、第三者から送金を指示されていないかをご返信"
              "ください。当社からパスワードや認証コードをお伺いすることはございません。",
     .followup = "出金先は自分のLedgerです。誰からも指示は受けていません。資産を自己管理に移したい"
                 "だけです。",
     .note = "Risk hold: new address, hardware wallet. Answers clean. Needs second approval "
             "(over threshold)."},
    {.intent = DEMO_FUTURES,
     .tags = "liquidation,mark-price,btcusdt",
     .amt_lo = 300,
     .amt_hi = 20000,
     .subject = "強制決済された価格に納得がいきません",
     .customer =
         "BTCUSDT無期限先物のロングポジションが {time}（日本時間）に強制決済されました。"
         "チャートを見ても清算価格まで下がっていないのに、なぜ清算されたのでしょうか。損失は"
         "約 {amt} USDT です。詳しい説明をお願いします。",
     .reply =
         "{greet}\nお問い合わせありがとうございます。強制決済は最終取引価格ではなく、複数の現物"
         "取引所の価格から算出されるマーク価格に基づいて執行されます。チャートが最終取引価格の"
         "表示になっている場合、清算価格に達していないように見えることがございます。該当時刻の"
         "マーク価格データを担当部署に確認いたしますので、今しばらくお待ちください。",
     .followup = "チャートをマーク価格表示に切り替えたら確かに触れていました。ただ、他の取引所より"
                 "大きく下げているように見えるので、確認結果を待ちます。",
     .note = "Order {order}. Mark touched liq price at {time} JST (UTC+9). Index deviation "
             "within normal bounds so far; confirm with futures team."},
    {.intent = DEMO_2FA,
     .tags = "2fa-reset,new-phone",
     .subject = "機種変更で認証アプリが使えなくなりました",
     .customer =
         "スマートフォンを機種変更した際に、Google Authenticatorのデータを移行し忘れました。"
         "旧端末は下取りに出してしまい、バックアップキーも控えていません。ログインできない"
         "状態です。どうすればよいでしょうか。",
     .reply =
         "{greet}\nご不便をおかけしております。ログイン画面の「認証を利用できない場合」から"
         "二段階認証のリセットを申請いただけます。本人確認のため顔認証が必要です。リセット完了"
         "後、セキュリティ保護のため24時間は出金が制限されますので、あらかじめご了承ください。",
     .followup = "リセットできました。ありがとうございました。24時間後に出金します。",
     .followup_closes = true},
    {.intent = DEMO_TRADE_ORDER,
     .tags = "order-not-filled,spot",
     .subject = "指値注文が約定しません（価格は到達していました）",
     .customer = "ETH/USDTの買い指値注文（注文番号：{order}）を出していたのですが、チャート上では"
                 "指値価格に到達しているのに約定していません。不具合でしょうか。",
     .reply = "{greet}\nご確認ありがとうございます。指値注文は、同じ価格に先に出されている注文から"
              "順番に約定します（価格優先・時間優先）。ご指定の価格では取引量が少なく、先行する注文"
              "で約定が終わったため、お客様の注文までは約定が回りませんでした。注文は現在も有効です"
              "ので、そのままお待ちいただくか、価格を調整してください。",
     .followup = "なるほど、理解しました。価格を少し上げて再注文します。",
     .note = "Matching log: 0.8 ETH traded at the limit price, user's order was 14th in queue. "
             "Working as designed.",
     .followup_closes = true},
    {.intent = DEMO_PHISHING,
     .tags = "phishing,email",
     .subject = "御社を名乗る不審なメールが届きました",
     .customer =
         "「【重要】アカウントが一時停止されました」という件名のメールが届きました。差出人は"
         "御社のような名前ですが、ドメインが少し違います。リンクはまだ開いていません。念のため"
         "報告します。",
     .reply =
         "{greet}\nご報告いただきありがとうございます。そのメールは当社から送信したものではなく、"
         "フィッシングメールです。リンクは開かずに削除してください。当社からのメールには、"
         "お客様が設定したアンチフィッシングコードが必ず記載されますので、未設定の場合は"
         "セキュリティ設定からのご登録をおすすめいたします。",
     .followup = "アンチフィッシングコードを設定しました。ありがとうございます。",
     .note = "Phishing domain reported to registrar and added to blocklist.",
     .followup_closes = true},
    {.intent = DEMO_COMPENSATION,
     .tags = "compensation,incident",
     .amt_lo = 200,
     .amt_hi = 15000,
     .subject = "システム障害中に決済できなかった損失の補填について",
     .customer =
         "昨夜のシステム障害の間、アプリでポジションを決済しようとしましたが「システムエラー」"
         "が表示され操作できませんでした。復旧後には価格が大きく動いており、約 {amt} USDT の"
         "損失となりました。補填の対象になりますか。",
     .reply = "{greet}\nこの度はご迷惑をおかけし、誠に申し訳ございません。昨夜の障害の影響を受けた"
              "お客様については、障害時間中のポジション状況をもとに、公表する計算方法に従って補填を"
              "検討しております。お客様のアカウントを確認対象に追加いたしましたので、結果が出次第、"
              "本チケットにてご連絡いたします。",
     .followup = "承知しました。結果のご連絡をお待ちしております。",
     .note = "INC-2207 window. Close attempts logged at the failing gateway (HTTP 503) -> likely "
             "eligible."},
};

/* ---- 한국어 ------------------------------------------------------------------------------ */

static const struct demo_template tpl_ko[] = {
    {.intent = DEMO_WD_NOT_RECEIVED,
     .tags = "withdrawal,travel-rule,returned",
     .amt_lo = 300,
     .amt_hi = 30000,
     .subject = "국내 거래소로 출금한 USDT가 입금되지 않았습니다",
     .customer =
         "안녕하세요. 어제 {amt} USDT를 TRC20으로 국내 거래소 제 지갑에 출금했는데, 거기서는 "
         "입금 내역이 안 보입니다. TxID는 {tx} 입니다. 국내 거래소 고객센터에서는 트래블룰 "
         "때문에 해외 거래소에서 보낸 건 반환될 수 있다고 하네요. 어떻게 되는 건가요?",
     .reply =
         "{greet}, 안녕하세요. 확인 결과 해당 출금은 블록체인 상에서 정상 완료되었습니다. 국내 "
         "거래소는 트래블룰에 따라 등록되지 않은 해외 거래소에서 보낸 입금을 반환하는 경우가 "
         "있으며, 반환되면 저희 입금 주소로 돌아옵니다. 반환 TxID를 받으시면 이 티켓에 알려 "
         "주세요. 확인 후 계정에 반영해 드리겠습니다.",
     .followup = "국내 거래소에서 반환했다고 연락이 왔습니다. 반환 TxID는 위와 다른 건데 캡처해서 "
                 "첨부했습니다.",
     .note = "Return from domestic VASP hot wallet (travel rule). RETURNED_WITHDRAWAL -> manual "
             "credit after wallet ops confirm."},
    {.intent = DEMO_PHISHING,
     .tags = "phishing,voice-phishing,account-takeover",
     .priority = "urgent",
     .subject = "보이스피싱 같아요. 제 계정에 모르는 기기가 로그인했습니다",
     .customer =
         "오늘 오전에 금융감독원이라며 전화가 왔고, 제 계좌가 범죄에 연루됐다면서 원격 제어 "
         "앱을 설치하라고 했습니다. 설치하고 나서 이상해서 끊었는데, 방금 거래소 앱에서 모르는 "
         "기기 로그인 알림이 왔습니다. 빨리 계정 좀 막아주세요!!",
     .reply =
         "{greet}, 즉시 계정을 동결하여 로그인과 출금을 모두 차단했습니다. 현재까지 출금 기록은 "
         "없습니다. 원격 제어 앱을 바로 삭제하시고 휴대폰 초기화를 권장드립니다. 경찰(112)에 "
         "신고하신 뒤, 안전한 기기에서 비밀번호와 2단계 인증을 모두 재설정하시고 이 티켓으로 "
         "알려 주세요.",
     .followup = "경찰에 신고했고 휴대폰도 초기화했습니다. 계정 동결 해제는 어떻게 하나요?",
     .note = "Login from unknown device (remote-control app) at {time} KST. API keys revoked, "
             "sessions killed, withdrawals blocked. No funds moved. Unfreeze only after video "
             "KYC."},
    {.intent = DEMO_KYC,
     .tags = "kyc-rejected,name-mismatch",
     .subject = "신분증 인증이 계속 거절됩니다",
     .customer =
         "주민등록증으로 본인인증을 하는데 계속 '정보 불일치'로 거절됩니다. 회원가입할 때 영문 "
         "이름을 여권이랑 다르게 쓴 것 같은데 그게 문제인가요? 수정은 어떻게 하나요?",
     .reply =
         "{greet}, 확인해 보니 계정에 등록된 영문 이름의 성과 이름 순서가 신분증 정보와 달라서 "
         "거절되었습니다. 보안상 이름 변경은 고객센터에서 직접 처리해 드려야 합니다. 신분증 "
         "앞면(주민등록번호 뒷자리는 가려 주세요)과 신분증을 든 셀카를 이 티켓에 첨부해 주시면 "
         "이름을 수정한 뒤 재인증을 열어 드리겠습니다.",
     .followup = "셀카랑 신분증 사진 첨부했습니다. 확인 부탁드려요.",
     .note = "Name order swapped (GILDONG HONG vs HONG GILDONG). Fix after ID check; make sure "
             "RRN back digits are masked in attachments."},
    {.intent = DEMO_FUTURES,
     .tags = "adl,futures,solusdt",
     .priority = "normal",
     .amt_lo = 300,
     .amt_hi = 12000,
     .subject = "자동 디레버리징(ADL)으로 수익 포지션이 종료됐습니다",
     .customer =
         "제 숏 포지션이 수익 중이었는데 {time}에 갑자기 ADL로 종료됐습니다. 손절도 아니고 "
         "청산가격도 한참 멀었는데 왜 제 포지션이 줄어든 건지 이해가 안 됩니다. 놓친 수익이 "
         "약 {amt} USDT입니다. 설명 부탁드립니다.",
     .reply =
         "{greet}, 문의 감사합니다. 자동 디레버리징(ADL)은 시장 급변으로 보험 기금이 부족할 때 "
         "수익률과 레버리지가 높은 반대 포지션부터 순서대로 줄이는 제도입니다. ADL로 종료된 "
         "포지션은 해당 시점의 가격으로 정산되어 실현 수익은 정상 지급되었습니다. 해당 시간대 "
         "ADL 내역과 정산 가격을 확인해 자세히 안내드리겠습니다.",
     .followup =
         "정산은 됐지만 포지션을 계속 들고 있었으면 훨씬 더 벌었을 텐데요. 보상은 안 되나요?",
     .note = "ADL event {time} KST on SOLUSDT; user in top 5% of ADL queue. Working as "
             "documented, no compensation. Share ADL docs."},
    {.intent = DEMO_DEP_MISSENT,
     .tags = "wrong-network,arbitrum,eth",
     .amt_lo = 300,
     .amt_hi = 60000,
     .subject = "ETH를 Arbitrum 네트워크로 보냈는데 입금이 안 됩니다",
     .customer =
         "개인 지갑에서 {coin} ETH를 입금했는데 네트워크를 이더리움이 아니라 Arbitrum One으로 "
         "보낸 것 같습니다. 입금 주소는 {evm}이고 TxID는 {tx0x}입니다. 복구가 가능한가요?",
     .reply =
         "{greet}, 안녕하세요. Arbitrum One은 현재 ETH 입금 네트워크로 지원되지 않아 자동 반영이 "
         "되지 않았습니다. 다만 주소 형식이 같아 당사가 관리하는 주소로 입금되었으므로 수동 "
         "복구가 가능하며, 복구 수수료가 부과됩니다. 출금한 지갑의 전송 내역 캡처(네트워크와 "
         "TxID가 보이도록)를 첨부해 주시면 복구를 신청하겠습니다.",
     .followup = "캡처 첨부했습니다. 수수료는 얼마 정도인가요?",
     .note = "Arbiscan: {tx0x} success. Our deposit key controls the same address on Arbitrum. "
             "Recovery fee per policy; gas from hot wallet."},
    {.intent = DEMO_2FA,
     .tags = "2fa-reset,lost-phone",
     .subject = "OTP 분실로 로그인이 안 돼요",
     .customer =
         "휴대폰을 분실해서 OTP 앱을 쓸 수 없습니다. 백업 키도 없습니다. 계정에 자산이 있어서 "
         "빨리 로그인하고 싶은데 OTP 재설정 방법을 알려주세요.",
     .reply =
         "{greet}, 로그인 화면에서 'OTP를 사용할 수 없나요?'를 선택하시면 OTP 재설정을 신청하실 "
         "수 있습니다. 신분증 확인과 얼굴 인증을 진행하며, 재설정 후 24시간 동안은 보안을 위해 "
         "출금이 제한됩니다. 자동 심사를 통과하지 못하면 이 티켓에 회신해 주세요. 직접 검토해 "
         "드리겠습니다.",
     .followup = "얼굴 인증에서 계속 실패합니다. 직접 확인해 주실 수 있나요?",
     .note = "Selfie fails liveness (low light). Offered a video call verification slot."},
    {.intent = DEMO_TRADE_API,
     .tags = "api,signature",
     .subject = "API 주문 시 'Signature for this request is not valid' 오류",
     .customer = "API로 주문을 넣으면 계속 {\"code\":-1022,\"msg\":\"Signature for this request is "
                 "not valid.\"} 오류가 납니다. 조회 API는 잘 되는데 주문만 안 됩니다. 파이썬으로 "
                 "HMAC SHA256 서명하고 있습니다.",
     .reply = "{greet}, 서명 오류는 대부분 서명에 사용한 쿼리 문자열과 실제로 전송된 문자열이 다를 "
              "때 발생합니다. 서명한 뒤에 파라미터 순서를 바꾸거나 URL 인코딩을 다시 하지 않았는지 "
              "확인해 주세요. 특히 price 값이 지수 표기(1e-05 등)로 바뀌면 불일치가 생깁니다. API "
              "키에 '현물 거래' 권한이 켜져 있는지도 확인 부탁드립니다.",
     .followup = "price를 문자열로 바꿔서 보내니 해결됐습니다. 감사합니다!",
     .note = "Client library re-encodes float price after signing -> signature mismatch. Not "
             "our bug.",
     .followup_closes = true},
    {.intent = DEMO_FROZEN,
     .tags = "account-frozen,p2p",
     .amt_lo = 2000,
     .amt_hi = 80000,
     .subject = "계정 출금이 갑자기 정지되었습니다",
     .customer =
         "출금하려고 하니 '보안상의 이유로 출금이 제한되었습니다'라는 메시지가 나옵니다. 잔고가 "
         "{amt} USDT 정도 있습니다. 최근에 한 거라곤 P2P로 USDT 판 것밖에 없는데 왜 정지된 "
         "건가요?",
     .reply =
         "{greet}, 불편을 드려 죄송합니다. P2P 거래 상대방이 보낸 입금이 은행에 사기 피해금으로 "
         "신고되어 계정 출금이 일시 제한되었습니다. 해당 P2P 주문의 입금 내역(거래내역서)과 "
         "상대방과의 대화 내용을 이 티켓에 첨부해 주시면 심사 후 결과를 안내드리겠습니다.",
     .followup = "은행 거래내역서와 채팅 캡처 첨부했습니다. 저도 피해자인데 빨리 풀어주세요.",
     .note = "Bank fraud report on the P2P counterparty's payment. Customer likely an innocent "
             "third party; Compliance decision needed."},
};

/* ---- Русский ----------------------------------------------------------------------------- */

static const struct demo_template tpl_ru[] = {
    {.intent = DEMO_P2P_NO_RELEASE,
     .tags = "p2p,appeal,seller-not-release",
     .amt_lo = 300,
     .amt_hi = 15000,
     .subject = "P2P: оплатил, а продавец не отпускает USDT",
     .customer =
         "Здравствуйте. Купил на P2P {amt} USDT, перевёл деньги продавцу на карту по СБП и "
         "нажал «Оплачено». Прошло больше часа, продавец молчит и монеты не отпускает. Номер "
         "ордера {order}. Чек об оплате приложил. Помогите, пожалуйста.",
     .reply =
         "Здравствуйте, {greet}! Мы подключились к апелляции по ордеру. Пожалуйста, не "
         "отменяйте ордер, иначе защита сделки будет потеряна. Приложите в апелляции полную "
         "выписку или чек из банка, где видны ФИО получателя, сумма и время перевода. Продавец "
         "обязан ответить в установленный срок, иначе решение будет принято по имеющимся "
         "доказательствам.",
     .followup = "Выписку приложил. Продавец написал в чате, что деньги пришли, но банк "
                 "заблокировал ему карту и он не может проверить.",
     .note = "Seller confirms receipt in chat (screenshot). Release escrow to buyer per P2P "
             "policy; warn seller about 161-FZ card blocks."},
    {.intent = DEMO_P2P_NOT_PAID,
     .tags = "p2p,appeal,buyer-not-paid,fake-receipt",
     .amt_lo = 300,
     .amt_hi = 12000,
     .subject = "Покупатель нажал «Оплачено», но деньги не пришли",
     .customer = "Продаю {amt} USDT. Покупатель отметил ордер {order} как оплаченный и прислал "
                 "скриншот перевода, но на мою карту ничего не пришло, в банке входящих нет. "
                 "Похоже, скрин поддельный. USDT я не отпускал. Что делать?",
     .reply = "Здравствуйте, {greet}! Вы поступили правильно: не отпускайте монеты, пока не "
              "увидите деньги на счёте. Мы открыли апелляцию и временно ограничили аккаунт "
              "покупателя. Приложите, пожалуйста, выписку по карте за сегодня, чтобы мы закрыли "
              "ордер в вашу пользу и вернули USDT на ваш счёт.",
     .followup = "Выписку приложил, входящих от этого человека нет.",
     .note = "Fake receipt (edited PDF, wrong font in the amount). Buyer restricted, 2 prior "
             "appeals. Return escrow to seller, flag buyer to Security."},
    {.intent = DEMO_FROZEN,
     .tags = "account-frozen,p2p,compliance",
     .amt_lo = 2000,
     .amt_hi = 120000,
     .subject = "Аккаунт заблокирован после P2P-сделки",
     .customer = "Добрый день. После продажи USDT на P2P мой аккаунт заблокировали, вывод и "
                 "торговля недоступны. На балансе около {amt} USDT. Никаких объяснений не пришло. "
                 "Я ничего не нарушал, прошу срочно разобраться.",
     .reply = "Здравствуйте, {greet}! Приносим извинения за неудобства. Ограничение установлено "
              "автоматически: по одной из ваших P2P-сделок поступил запрос от банка отправителя. "
              "Чтобы снять ограничение, пришлите, пожалуйста, выписку по счёту с поступлением "
              "средств, переписку с покупателем и поясните происхождение проданных USDT. Мы "
              "передадим материалы в отдел комплаенса.",
     .followup = "Отправил выписку и переписку. USDT покупал здесь же, на бирже, месяц назад.",
     .note = "Bank fraud inquiry on the counterparty's payment. USDT origin: internal P2P buy, "
             "clean. Compliance decides; SLA 5 business days."},
    {.intent = DEMO_FUTURES,
     .tags = "liquidation,mark-price,btcusdt",
     .amt_lo = 300,
     .amt_hi = 20000,
     .subject = "Ликвидация по неверной цене маркировки",
     .customer = "Мою длинную позицию по BTCUSDT ликвидировали в {time} по МСК. На графике цена до "
                 "уровня ликвидации не доходила, на других биржах тоже. Потерял {amt} USDT. Прошу "
                 "проверить и компенсировать.",
     .reply = "Здравствуйте, {greet}! Ликвидация происходит по цене маркировки, а не по цене "
              "последней сделки. Цена маркировки рассчитывается по индексу нескольких спотовых "
              "бирж. Мы запросили у фьючерсной команды данные индекса и цены маркировки на {time} "
              "МСК и сравним их с вашей ликвидацией. Ответим в этом тикете.",
     .followup = "Жду. Если подтвердится сбой, рассчитываю на полную компенсацию.",
     .note = "Order {order}. Compare index at {time} MSK (UTC+3). Possible stale constituent; "
             "check incident list."},
    {.intent = DEMO_WD_HOLD,
     .tags = "withdrawal-hold,trc20",
     .amt_lo = 2000,
     .amt_hi = 50000,
     .subject = "Вывод {amt} USDT висит на проверке",
     .customer =
         "Вывожу {amt} USDT в сети TRC20 на свой кошелёк, заявка вторые сутки в статусе "
         "«На проверке». Раньше выводил без проблем. Почему так долго и когда будут деньги?",
     .reply = "Здравствуйте, {greet}! Заявка попала на проверку службы безопасности: так бывает "
              "при выводе крупной суммы или на новый адрес. Чтобы ускорить проверку, ответьте, "
              "пожалуйста: цель вывода, принадлежит ли вам адрес получателя и не просил ли вас "
              "кто-то перевести средства. Мы никогда не запрашиваем пароль или коды 2FA.",
     .followup = "Адрес мой, кошелёк TronLink. Никто не просил, перевожу на свой кошелёк для "
                 "хранения.",
     .note = "Risk hold: new address + amount. Answers clean. Second approval requested from "
             "Security."},
    {.intent = DEMO_DEP_MEMO,
     .tags = "memo-missing,ton",
     .amt_lo = 20,
     .amt_hi = 6000,
     .subject = "Пополнение TON без комментария (memo)",
     .customer = "Отправил {amt} TON из Telegram-кошелька на ваш адрес, но забыл указать "
                 "комментарий (memo). Средства не зачислены. Хэш транзакции: {tx}. Мой memo: "
                 "{memo}. Можно зачислить вручную?",
     .reply = "Здравствуйте, {greet}! Да, такие депозиты можно зачислить вручную. Пришлите, "
              "пожалуйста, адрес отправителя, точную сумму и скриншот транзакции из кошелька. "
              "После проверки заявка уйдёт в команду восстановления, обычно это занимает 3–7 "
              "рабочих дней.",
     .followup = "Скриншот и адрес отправил. Спасибо, жду.",
     .note = "Tonviewer: {tx} ok, empty comment, to our TON hot wallet. Recovery queue."},
    {.intent = DEMO_2FA,
     .tags = "2fa-reset,lost-phone",
     .subject = "Потерял телефон с Google Authenticator",
     .customer = "Потерял телефон, на нём был Google Authenticator. Резервного ключа нет. Не могу "
                 "войти в аккаунт. Как сбросить 2FA? UID {uid}.",
     .reply = "Здравствуйте, {greet}! На странице входа выберите «Нет доступа к 2FA?» и пройдите "
              "сброс с проверкой лица. После сброса вывод средств будет ограничен на 24 часа, это "
              "мера защиты. Если автоматическая проверка не пройдёт, напишите в этот тикет, и мы "
              "проверим заявку вручную.",
     .followup = "Сбросил, всё получилось. Спасибо за быстрый ответ!",
     .followup_closes = true},
    {.intent = DEMO_COMPENSATION,
     .tags = "compensation,incident",
     .amt_lo = 300,
     .amt_hi = 30000,
     .subject = "Требую компенсацию за сбой во время торгов",
     .customer = "Во время вчерашнего сбоя я минут тридцать не мог закрыть шорт по ETHUSDT, "
                 "приложение выдавало ошибку. В итоге потерял {amt} USDT. Требую компенсацию, "
                 "иначе буду обращаться в суд.",
     .reply = "Здравствуйте, {greet}! Приносим извинения за сбой. Все аккаунты, затронутые "
              "вчерашним инцидентом, проходят проверку, компенсация рассчитывается по единой "
              "опубликованной формуле исходя из позиции на время сбоя. Ваш аккаунт добавлен в "
              "список проверки, результат сообщим в этом тикете.",
     .followup = "Сколько займёт проверка? Хочу получить ответ в письменном виде.",
     .note = "INC-2207. Close attempts logged during the window -> eligible. Legal threat "
             "mentioned."},
};

/* ---- Español ----------------------------------------------------------------------------- */

static const struct demo_template tpl_es[] = {
    {.intent = DEMO_P2P_NO_RELEASE,
     .tags = "p2p,appeal,seller-not-release",
     .amt_lo = 100,
     .amt_hi = 8000,
     .subject = "Pagué en P2P y el vendedor no libera los USDT",
     .customer = "Hola, compré {amt} USDT en P2P, hice la transferencia bancaria y marqué "
                 "«Pagado», pero el vendedor lleva más de una hora sin liberar y no contesta el "
                 "chat. Orden {order}. Ya subí el comprobante. ¿Me pueden ayudar?",
     .reply = "Hola {greet}, ya intervenimos en la apelación de la orden. Por favor, no la "
              "canceles, porque perderías la protección de la operación. Adjunta en la apelación "
              "el comprobante completo donde se vean el titular de la cuenta destino, el monto y "
              "la hora. El vendedor tiene un plazo para responder; si no lo hace, resolveremos con "
              "las pruebas disponibles.",
     .followup = "Listo, subí el comprobante del banco. El vendedor ahora dice que no le llegó, "
                 "pero en mi banco figura como enviado.",
     .note = "Seller says not received; buyer's receipt shows matching account holder. Ask "
             "seller for bank statement; decide within 24h."},
    {.intent = DEMO_DEP_MISSENT,
     .tags = "wrong-network,bep20,usdt",
     .amt_lo = 100,
     .amt_hi = 6000,
     .subject = "Envié USDT por la red equivocada (BEP20 en vez de ERC20)",
     .customer = "Buenas tardes. Hice un depósito de {amt} USDT desde mi billetera a mi dirección "
                 "{evm}, pero elegí la red BNB Smart Chain (BEP20) y la dirección era para ERC20. "
                 "No se acreditó. Hash: {tx0x}. ¿Se puede recuperar?",
     .reply = "Hola {greet}, gracias por los datos. Como BEP20 y ERC20 usan el mismo formato de "
              "dirección, los fondos llegaron a una dirección que controlamos y normalmente se "
              "pueden recuperar de forma manual, con una comisión que te confirmaremos antes de "
              "procesar. Envíanos una captura del retiro en la plataforma de origen donde se vean "
              "el TxID y la red.",
     .followup = "Adjunto la captura. ¿Cuánto tarda más o menos?",
     .note = "BscScan {tx0x} success. Same-key address on BSC. Recoverable; submit to wallet "
             "ops."},
    {.intent = DEMO_2FA,
     .tags = "2fa-reset,lost-phone",
     .subject = "Me robaron el celular y no puedo entrar por el 2FA",
     .customer = "Me robaron el celular ayer y ahí tenía Google Authenticator. No guardé la clave "
                 "de respaldo. Tengo fondos en la cuenta y me preocupa que alguien entre. ¿Cómo "
                 "restablezco el 2FA? ¿Pueden bloquear los retiros mientras tanto?",
     .reply = "Hola {greet}, lamentamos lo ocurrido. Ya deshabilitamos temporalmente los retiros "
              "de tu cuenta como medida preventiva. Para restablecer el 2FA, en la pantalla de "
              "inicio de sesión elige «¿No puedes usar la verificación de seguridad?» y completa "
              "la verificación facial. Después del cambio, los retiros quedan restringidos 24 "
              "horas por seguridad.",
     .followup = "Ya pude restablecerlo, gracias. ¿Cuándo se habilitan los retiros de nuevo?",
     .note = "Withdrawals locked at customer request. No new-device logins. Lift lock 24h after "
             "reset."},
    {.intent = DEMO_KYC,
     .tags = "kyc-pending",
     .subject = "Verificación KYC pendiente hace 5 días",
     .customer = "Envié mi verificación de identidad con el DNI hace cinco días y sigue «En "
                 "revisión». Necesito retirar y no puedo. ¿Hay algún problema con mis documentos?",
     .reply = "Hola {greet}, disculpa la demora. Revisamos tu solicitud y la foto del reverso del "
              "DNI está borrosa, por eso quedó pendiente de revisión manual. Por favor, vuelve a "
              "subir ambos lados con buena luz, sin flash y con las cuatro esquinas visibles. La "
              "nueva revisión suele tardar menos de 24 horas.",
     .followup = "Ya volví a subir las fotos. Gracias.",
     .note = "Vendor: BACK_BLURRY; stuck in manual queue (backlog). Resubmission pushed to "
             "priority."},
    {.intent = DEMO_WD_HOLD,
     .tags = "withdrawal-hold,trc20",
     .amt_lo = 1500,
     .amt_hi = 40000,
     .subject = "Retiro en revisión desde hace 2 días",
     .customer = "Solicité un retiro de {amt} USDT por TRC20 y sigue «En revisión» desde hace dos "
                 "días. Nunca me había pasado. Necesito el dinero, ¿qué está pasando?",
     .reply =
         "Hola {greet}, lamentamos la espera. Tu retiro fue seleccionado para una revisión de "
         "seguridad, algo habitual con montos altos o direcciones nuevas. Para completarla, "
         "confírmanos el motivo del retiro, si la dirección de destino es tuya y si alguien te "
         "pidió transferir fondos. Nunca te pediremos tu contraseña ni códigos 2FA.",
     .followup = "La dirección es de mi billetera personal. Nadie me pidió nada, es para ahorro.",
     .note = "Risk hold, new address. Clean answers. Second approval pending."},
    {.intent = DEMO_PHISHING,
     .tags = "phishing,impersonation,whatsapp",
     .subject = "Un supuesto soporte me pidió mi frase semilla",
     .customer = "Me escribió por WhatsApp alguien que dice ser del soporte del exchange, con el "
                 "logo y todo. Me dijo que mi cuenta tenía un problema y que para solucionarlo "
                 "debía darle mi frase semilla. No se la di. ¿Es de ustedes?",
     .reply = "Hola {greet}, hiciste muy bien en no compartirla. No es nuestro equipo: nunca te "
              "contactaremos por WhatsApp ni te pediremos tu frase semilla, contraseña o códigos "
              "2FA. Ya reportamos el número. Si llegaste a compartir algún dato, avísanos de "
              "inmediato por este ticket.",
     .followup = "No compartí nada. Gracias por la rapidez.",
     .note = "Impersonation via WhatsApp; number added to scam list. No account impact.",
     .followup_closes = true},
    {.intent = DEMO_FEES,
     .tags = "fees,erc20",
     .amt_lo = 200,
     .amt_hi = 2500,
     .subject = "¿Por qué me cobraron tanta comisión en el retiro?",
     .customer = "Retiré {amt} USDT por ERC20 y me descontaron casi 5 USDT de comisión. Hace unas "
                 "semanas era mucho menos. ¿Cambiaron las tarifas?",
     .reply = "Hola {greet}, la comisión de retiro en ERC20 se ajusta según el costo del gas en la "
              "red Ethereum, que subió en los últimos días. Si la plataforma de destino lo admite, "
              "te recomendamos usar TRC20 o BEP20, que cuestan alrededor de 1 USDT. Antes de "
              "retirar, verifica siempre que la dirección de destino acepte la red elegida.",
     .followup = "Entendido, el destino acepta TRC20. Usaré esa red.",
     .followup_closes = true},
    {.intent = DEMO_FUTURES,
     .tags = "liquidation,mark-price,btcusdt",
     .amt_lo = 100,
     .amt_hi = 10000,
     .subject = "Me liquidaron sin que el precio tocara mi precio de liquidación",
     .customer =
         "Tenía un long en BTCUSDT con 20x y me liquidaron a las {time} (hora de Argentina). "
         "En el gráfico el precio nunca tocó mi precio de liquidación. Perdí {amt} USDT. "
         "Quiero una explicación.",
     .reply = "Hola {greet}, gracias por escribirnos. La liquidación se activa con el precio de "
              "marca, no con el último precio negociado; el precio de marca se calcula a partir de "
              "un índice de varios exchanges spot. Pedimos al equipo de futuros los datos del "
              "índice y del precio de marca de ese momento para compararlos con tu liquidación. Te "
              "responderemos por aquí.",
     .followup = "Gracias. En el gráfico del precio de marca sí veo la mecha, pero en ningún otro "
                 "exchange pasó.",
     .note = "Order {order}. Pull index constituents for {time} ART (UTC-3). Possible stale "
             "feed."},
};

/* ---- Tiếng Việt -------------------------------------------------------------------------- */

static const struct demo_template tpl_vi[] = {
    {.intent = DEMO_DEP_MISSENT,
     .tags = "wrong-network,bep20,usdt",
     .amt_lo = 50,
     .amt_hi = 5000,
     .subject = "Nạp USDT chọn nhầm mạng BEP20, chưa thấy tiền về",
     .customer = "Chào ad, mình nạp {amt} USDT vào địa chỉ {evm} nhưng lúc rút từ ví lại chọn mạng "
                 "BEP20, trong khi địa chỉ nạp là ERC20. Mấy tiếng rồi mà chưa thấy tiền về. TxID: "
                 "{tx0x}. Có lấy lại được không ạ? UID: {uid}",
     .reply = "Dạ chào {greet}, cảm ơn {pron} đã cung cấp thông tin. Vì BEP20 và ERC20 dùng chung "
              "định dạng địa chỉ nên số tiền đã vào địa chỉ do sàn quản lý và thường có thể khôi "
              "phục thủ công, có tính phí xử lý (bên em sẽ báo trước khi thực hiện). {Pron} vui "
              "lòng gửi ảnh chụp lịch sử rút tiền ở ví hoặc sàn gửi, thể hiện rõ TxID, mạng và số "
              "lượng giúp em ạ.",
     .followup = "Mình gửi ảnh rồi nhé. Phí khoảng bao nhiêu vậy ad?",
     .note = "BscScan {tx0x} success to our BSC-side address. Recoverable, fee applies."},
    {.intent = DEMO_P2P_NO_RELEASE,
     .tags = "p2p,appeal,seller-not-release",
     .amt_lo = 100,
     .amt_hi = 6000,
     .subject = "Mua P2P đã chuyển khoản nhưng người bán không nhả coin",
     .customer = "Mình mua {amt} USDT trên P2P, đã chuyển khoản ngân hàng và bấm «Đã thanh toán» "
                 "hơn 1 tiếng rồi mà người bán vẫn chưa giải phóng coin, nhắn tin cũng không trả "
                 "lời. Mã lệnh {order}. Mình đã tải biên lai lên rồi. Nhờ sàn hỗ trợ gấp ạ.",
     .reply =
         "Dạ chào {greet}, bộ phận hỗ trợ đã tham gia khiếu nại của lệnh này. {Pron} vui "
         "lòng không hủy lệnh để đảm bảo quyền lợi, và bổ sung biên lai chuyển khoản đầy đủ "
         "(hiện tên người nhận, số tiền, thời gian) trong mục khiếu nại giúp em. Người bán "
         "phải phản hồi trong thời gian quy định, nếu không sàn sẽ xử lý dựa trên bằng chứng ạ.",
     .followup = "Mình bổ sung rồi. Người bán vừa nhắn là chưa nhận được tiền nhưng app ngân hàng "
                 "của mình báo thành công.",
     .note = "Buyer's bank receipt matches seller's account name. Request seller statement; "
             "resolve within 24h."},
    {.intent = DEMO_P2P_NOT_PAID,
     .tags = "p2p,appeal,buyer-not-paid",
     .amt_lo = 100,
     .amt_hi = 5000,
     .subject = "Người mua bấm đã thanh toán nhưng mình chưa nhận được tiền",
     .customer =
         "Mình bán {amt} USDT, người mua bấm đã thanh toán và gửi ảnh chuyển khoản nhưng tài "
         "khoản ngân hàng của mình không nhận được đồng nào. Mã lệnh {order}. Mình chưa nhả "
         "coin. Giờ phải làm sao ạ?",
     .reply = "Dạ chào {greet}, {pron} làm đúng rồi ạ, tuyệt đối không nhả coin khi chưa thấy tiền "
              "vào tài khoản. Sàn đã mở khiếu nại và tạm hạn chế tài khoản người mua. {Pron} vui "
              "lòng gửi sao kê tài khoản ngân hàng trong hôm nay để sàn đóng lệnh và hoàn USDT về "
              "ví của {pron} ạ.",
     .followup = "Mình gửi sao kê rồi, không có giao dịch nào từ người này.",
     .note = "Fake transfer screenshot. Buyer restricted; return escrow to seller, flag to "
             "Security."},
    {.intent = DEMO_FUTURES,
     .tags = "liquidation,mark-price,btcusdt",
     .amt_lo = 100,
     .amt_hi = 8000,
     .subject = "Bị thanh lý vị thế dù giá chưa chạm",
     .customer = "Lệnh long BTCUSDT x25 của mình bị thanh lý lúc {time} (giờ VN), nhưng trên biểu "
                 "đồ giá chưa chạm giá thanh lý. Mình mất {amt} USDT. Sàn kiểm tra giúp mình với, "
                 "có phải lỗi hệ thống không?",
     .reply =
         "Dạ chào {greet}, việc thanh lý được kích hoạt theo giá đánh dấu (mark price), không "
         "phải giá khớp lệnh gần nhất; giá đánh dấu được tính từ chỉ số giá của nhiều sàn giao "
         "ngay. Em đã chuyển lệnh của {pron} cho bộ phận hợp đồng tương lai để đối chiếu dữ "
         "liệu tại thời điểm đó, có kết quả em sẽ phản hồi ngay trong ticket này ạ.",
     .followup = "Ok ad, mình chờ kết quả. Mong sàn xem xét đền bù nếu là lỗi.",
     .note = "Order {order}. Check mark vs index at {time} ICT (UTC+7)."},
    {.intent = DEMO_KYC,
     .tags = "kyc-rejected,face-match",
     .subject = "Xác minh danh tính bị từ chối nhiều lần",
     .customer = "Mình xác minh bằng CCCD gắn chip mà bị từ chối 3 lần rồi, lý do «ảnh khuôn mặt "
                 "không khớp». Ảnh CCCD chụp từ năm 2021, giờ mình để kiểu tóc khác. Có cách nào "
                 "xác minh khác không ạ?",
     .reply = "Dạ chào {greet}, em đã kiểm tra hồ sơ của {pron}. Ảnh selfie bị thiếu sáng và lệch "
              "góc nên hệ thống không so khớp được với ảnh trên CCCD. {Pron} vui lòng chụp lại ở "
              "nơi đủ sáng, nhìn thẳng vào camera, không đeo kính hay khẩu trang. Nếu vẫn không "
              "được, em sẽ mở xác minh qua video call cho {pron} ạ.",
     .followup = "Mình chụp lại rồi nhưng vẫn báo lỗi. Cho mình đặt lịch video call nhé.",
     .note = "Selfie match 0.58. Offer video KYC slot."},
    {.intent = DEMO_DEP_PENDING,
     .tags = "pending-deposit,bep20,maintenance",
     .amt_lo = 500,
     .amt_hi = 90000,
     .subject = "Nạp BNB chưa về sau 1 tiếng",
     .customer =
         "Mình nạp {coin} BNB qua mạng BEP20, BscScan báo thành công lâu rồi nhưng trong tài "
         "khoản vẫn chưa thấy. TxID: {tx0x}. Nhờ ad kiểm tra giúp.",
     .reply = "Dạ chào {greet}, em đã kiểm tra giao dịch của {pron}. Hiện ví BEP20 của sàn đang "
              "bảo trì nên các lệnh nạp bị chậm; giao dịch đã được ghi nhận và sẽ tự động cộng vào "
              "tài khoản sau khi bảo trì kết thúc, {pron} không cần thao tác gì thêm ạ.",
     .followup = "Ok, mình thấy tiền về rồi. Cảm ơn ad.",
     .note = "BSC wallet maintenance (CHANNEL_MAINT). Deposits queued; credited on reopen.",
     .followup_closes = true},
    {.intent = DEMO_PHISHING,
     .tags = "phishing,airdrop,telegram",
     .subject = "Nhận được link airdrop giả mạo sàn",
     .customer = "Có tài khoản Telegram mang tên sàn nhắn cho mình bảo nhận airdrop 500 USDT, chỉ "
                 "cần kết nối ví và xác nhận. Mình lỡ kết nối ví MetaMask rồi nhưng chưa ký gì. Có "
                 "sao không ạ?",
     .reply = "Dạ chào {greet}, đây là tài khoản lừa đảo, sàn không tổ chức chương trình airdrop "
              "này. Chỉ kết nối ví thì chưa mất tiền, nhưng {pron} tuyệt đối không ký bất kỳ giao "
              "dịch hay «approve» nào. {Pron} nên ngắt kết nối trang web trong MetaMask và kiểm "
              "tra, thu hồi các quyền approve lạ. Nếu đã lỡ ký, {pron} báo ngay cho em qua ticket "
              "này ạ.",
     .followup = "Mình đã ngắt kết nối và kiểm tra rồi, không có approve nào lạ. Cảm ơn ad nhiều.",
     .note = "Wallet-drainer site reported. No exchange-account impact.",
     .followup_closes = true},
    {.intent = DEMO_2FA,
     .tags = "2fa-reset,lost-phone",
     .subject = "Mất điện thoại, không đăng nhập được vì Google Authenticator",
     .customer = "Mình bị mất điện thoại, Google Authenticator nằm trong đó và mình không lưu mã "
                 "khôi phục. Giờ không đăng nhập được. Làm sao để đặt lại 2FA ạ?",
     .reply = "Dạ chào {greet}, {pron} vào trang đăng nhập, chọn «Không thể sử dụng xác minh bảo "
              "mật?» và làm theo hướng dẫn để đặt lại Google Authenticator, có bước xác minh khuôn "
              "mặt. Sau khi đặt lại, tính năng rút tiền sẽ tạm khóa 24 giờ để bảo vệ tài khoản ạ.",
     .followup = "Mình đặt lại được rồi, cảm ơn ad.",
     .followup_closes = true},
};

/* ---- Türkçe ------------------------------------------------------------------------------ */

static const struct demo_template tpl_tr[] = {
    {.intent = DEMO_KYC,
     .tags = "kyc-rejected",
     .subject = "Kimlik doğrulamam reddedildi",
     .customer = "Merhaba, yeni çipli kimlik kartımla doğrulama yaptım ama «belge okunamadı» diye "
                 "reddedildi. İki kere denedim. Para yatıramıyorum, yardımcı olur musunuz?",
     .reply = "Merhaba {greet}, başvurunuzu inceledim. Kimliğin arka yüzündeki yansıma nedeniyle "
              "MRZ alanı okunamamış. Lütfen kartı düz ve koyu bir zemine koyup flaş kullanmadan, "
              "dört köşesi görünecek şekilde tekrar çekin. Sorun devam ederse pasaportla da "
              "doğrulama yapabilirsiniz.",
     .followup = "Tekrar yükledim, bu sefer onaylandı. Teşekkürler.",
     .note = "Vendor: MRZ_UNREADABLE (glare). Passed on resubmission.",
     .followup_closes = true},
    {.intent = DEMO_FROZEN,
     .tags = "account-frozen,compliance",
     .amt_lo = 2000,
     .amt_hi = 100000,
     .subject = "Hesabım kısıtlanmış, çekim yapamıyorum",
     .customer = "Bugün hesabıma girdiğimde «hesabınız geçici olarak kısıtlanmıştır» uyarısı "
                 "çıktı. İçeride yaklaşık {amt} USDT var. Hiçbir bilgilendirme yapılmadı. Acilen "
                 "açılmasını istiyorum.",
     .reply =
         "Merhaba {greet}, yaşadığınız sıkıntı için özür dileriz. Hesabınıza yakın zamanda "
         "gelen bir transfer uyum taramasında riskli olarak işaretlendiği için çekimler geçici "
         "olarak durduruldu. Kısıtlamanın kaldırılabilmesi için bu fonların kaynağını gösteren "
         "belgeleri (banka dekontu, alım işleminin ekran görüntüsü vb.) bu talebe eklemenizi "
         "rica ederiz.",
     .followup = "Dekontları ve P2P işlem geçmişimi ekledim. Lütfen hızlandırın, param içeride "
                 "kaldı.",
     .note = "Inbound flagged (exposure to a sanctioned exchange). Docs provided. Compliance "
             "review; do not tip off about a possible STR."},
    {.intent = DEMO_P2P_NOT_PAID,
     .tags = "p2p,appeal,buyer-not-paid,fake-receipt",
     .amt_lo = 100,
     .amt_hi = 8000,
     .subject = "Alıcı «ödedim» dedi ama para hesabıma gelmedi",
     .customer = "P2P'de {amt} USDT satıyorum. Alıcı siparişi «ödendi» olarak işaretledi, dekont "
                 "da gönderdi ama banka hesabıma para gelmedi. Sipariş no: {order}. Coinleri "
                 "serbest bırakmadım. Ne yapmalıyım?",
     .reply =
         "Merhaba {greet}, çok doğru yapmışsınız; para hesabınıza geçmeden kesinlikle coin "
         "serbest bırakmayın. Siparişe itiraz açtık ve alıcının hesabını geçici olarak "
         "kısıtladık. Bugüne ait banka hesap dökümünüzü bu talebe eklerseniz siparişi lehinize "
         "kapatıp USDT'yi hesabınıza iade edeceğiz.",
     .followup = "Hesap dökümünü ekledim, o kişiden gelen bir ödeme yok.",
     .note = "Fake dekont (PDF metadata edited). Buyer restricted; return escrow; report to "
             "Security."},
    {.intent = DEMO_DEP_MISSENT,
     .tags = "deposit,expired-address,trc20",
     .amt_lo = 100,
     .amt_hi = 10000,
     .subject = "TRC20 USDT yatırma işlemim hesabıma yansımadı",
     .customer = "Merhaba, başka bir borsadan {amt} USDT'yi TRC20 ağıyla yatırdım. Tronscan'de "
                 "işlem başarılı görünüyor ama 2 saattir hesabıma yansımadı. TxID: {tx}. Kontrol "
                 "edebilir misiniz?",
     .reply =
         "Merhaba {greet}, işleminizi kontrol ettim. Yatırma, hesabınıza ait eski (artık "
         "kullanılmayan) bir yatırma adresine gönderilmiş. Bu tutar otomatik olarak "
         "yansımıyor ancak manuel olarak hesabınıza aktarılabilir. Gönderen platformdaki çekim "
         "kaydının ekran görüntüsünü bu talebe eklemenizi rica ederim.",
     .followup = "Adresi eski bir kayıttan kopyalamışım galiba. Ekran görüntüsünü ekledim.",
     .note = "EXPIRED_ADDRESS: {tx} went to a deposit address rotated 3 months ago (still ours). "
             "Manual credit, no fee."},
    {.intent = DEMO_WD_HOLD,
     .tags = "withdrawal-hold,trc20",
     .amt_lo = 1500,
     .amt_hi = 50000,
     .subject = "{amt} USDT çekim talebim inceleme aşamasında bekliyor",
     .customer = "Dün {amt} USDT çekim talebi oluşturdum, hâlâ «İnceleniyor» durumunda. Daha önce "
                 "hiç böyle bir sorun yaşamadım. Ne zaman onaylanacak?",
     .reply = "Merhaba {greet}, beklettiğimiz için özür dileriz. Talebiniz, yüksek tutarlı veya "
              "yeni adrese yapılan çekimlerde uygulanan rutin güvenlik incelemesine takıldı. "
              "İncelemeyi tamamlayabilmemiz için çekimin amacını, alıcı adresin size ait olup "
              "olmadığını ve sizden transfer yapmanızı isteyen biri olup olmadığını yazar mısınız? "
              "Şifrenizi veya 2FA kodlarınızı asla sormayız.",
     .followup = "Adres kendi soğuk cüzdanım. Kimse bir şey istemedi, birikimimi cüzdana "
                 "aktarıyorum.",
     .note = "Risk hold; clean answers; second approval pending."},
    {.intent = DEMO_PHISHING,
     .tags = "phishing,vishing",
     .subject = "Sahte destek hattından arandım",
     .customer =
         "Kendini borsanın müşteri temsilcisi olarak tanıtan biri aradı, hesabımda şüpheli "
         "işlem olduğunu ve güvenliğim için SMS ile gelen kodu söylemem gerektiğini söyledi. "
         "Kodu söylemedim, telefonu kapattım. Bu numara sizin mi?",
     .reply = "Merhaba {greet}, kodu paylaşmamanız çok doğru bir karar. Bu arama bizden değil; "
              "ekibimiz sizi telefonla arayıp SMS kodu, şifre veya 2FA kodu istemez. Hesabınızda "
              "şüpheli bir giriş görünmüyor. Yine de şifrenizi değiştirmenizi ve oltalama karşıtı "
              "kodunuzu tanımlamanızı öneririz.",
     .followup = "Şifremi değiştirdim ve kodu tanımladım, teşekkür ederim.",
     .note = "Vishing attempt; number reported. No suspicious logins.",
     .followup_closes = true},
    {.intent = DEMO_FUTURES,
     .tags = "futures,funding-rate",
     .priority = "normal",
     .amt_lo = 20,
     .amt_hi = 900,
     .subject = "Fonlama ücreti neden bu kadar yüksek kesildi?",
     .customer = "ETHUSDT sürekli vadeli işlemde short pozisyonum var, dün gece fonlama ücreti "
                 "olarak {amt} USDT kesildi. Normalde bu kadar olmuyordu. Bir hata mı var?",
     .reply = "Merhaba {greet}, fonlama ücreti her 8 saatte bir long ve short pozisyonlar arasında "
              "ödenir; oran, sürekli vadeli fiyat ile endeks fiyatı arasındaki farka göre "
              "belirlenir. Dün gece piyasada short pozisyonlar çok arttığı için fonlama oranı "
              "negatife döndü ve short pozisyon sahipleri ödeme yaptı. Geçmiş oranları işlem "
              "ekranındaki «Fonlama geçmişi» bölümünden görebilirsiniz.",
     .followup = "Anladım, fonlama geçmişinde gördüm. Teşekkürler.",
     .followup_closes = true},
    {.intent = DEMO_2FA,
     .tags = "2fa-reset,lost-phone",
     .subject = "Telefonumu kaybettim, Google Authenticator kodlarına erişemiyorum",
     .customer = "Telefonumu kaybettim ve Google Authenticator'a erişemiyorum. Yedek anahtarı "
                 "kaydetmemiştim. Hesabıma nasıl girebilirim?",
     .reply = "Merhaba {greet}, giriş ekranında «Güvenlik doğrulamasını kullanamıyor musunuz?» "
              "seçeneğine tıklayarak 2FA sıfırlama başvurusu yapabilirsiniz; yüz doğrulaması "
              "istenecektir. Sıfırlamadan sonra güvenliğiniz için çekimler 24 saat kısıtlanır. "
              "Otomatik kontrol başarısız olursa bu talebe yazın, manuel olarak inceleyelim.",
     .followup = "Yüz doğrulamasında hata alıyorum, manuel inceleme yapabilir misiniz?",
     .note = "Liveness fail x2 (camera permission issue?). Manual review queued."},
};

/* ---- Languages ---------------------------------------------------------------------------- */

#define LANG_TEXTS(tpl) tpl, COUNT(tpl)

const struct demo_lang demo_langs[] = {
    {"en",
     ',',
     '.',
     60,
     {"Hi {greet}, thanks for your patience, this is now resolved on our side. I'll mark the "
      "ticket as solved; if anything still looks wrong, just reply here and it will reopen.",
      "Thanks, {greet}. Everything is processed now and your account is up to date. Glad we "
      "could sort this out, and feel free to reply if you have any other questions."},
     "Thanks, {greet}. I've passed everything to the team responsible and put this ticket on hold "
     "while they work on it. You don't need to do anything else; we'll update you here as soon "
     "as we hear back.",
     LANG_TEXTS(tpl_en)},
    {"zh-CN",
     ',',
     '.',
     48,
     {"{greet}您好，感谢您的耐心等待，该问题已处理完毕。我们会将工单标记为已解决，如仍有疑问，"
      "直接回复本工单即可。",
      "{greet}您好，相关处理已经完成，账户已更新，请您查看。如有其他问题，欢迎随时联系我们。"},
     "{greet}您好，资料已收到，我们已转交相关团队处理，处理期间工单将暂时挂起。您无需再做任何"
     "操作，有进展会第一时间在这里通知您。",
     LANG_TEXTS(tpl_zh_cn)},
    {"zh-TW",
     ',',
     '.',
     24,
     {"{greet}您好，感謝您的耐心等候，此問題已處理完成。我們會將案件標示為已解決，若仍有任何"
      "疑問，直接回覆本案件即可。",
      "{greet}您好，相關作業已完成，帳戶狀態已更新，請您查看。如有其他問題，歡迎隨時與我們聯繫。"},
     "{greet}您好，已收到您提供的資料，並已轉交相關團隊處理。處理期間案件將暫時保留，您不需要"
     "再進行任何操作，有進度會第一時間在此通知您。",
     LANG_TEXTS(tpl_zh_tw)},
    {"ja",
     ',',
     '.',
     28,
     {"{greet}\n大変お待たせいたしました。本件の対応が完了いたしましたので、チケットを解決済みと"
      "させていただきます。ご不明な点がございましたら、本チケットにご返信ください。",
      "{greet}\n処理が完了し、アカウントに反映されましたのでご確認ください。今後ともどうぞ"
      "よろしくお願いいたします。"},
     "{greet}\n資料をお送りいただきありがとうございます。担当部署にて対応中のため、本チケットを"
     "一時保留とさせていただきます。追加のお手続きは不要です。進捗があり次第、こちらでご連絡"
     "いたします。",
     LANG_TEXTS(tpl_ja)},
    {"ko",
     ',',
     '.',
     34,
     {"{greet}, 기다려 주셔서 감사합니다. 요청하신 건은 처리가 완료되어 티켓을 해결됨으로 "
      "변경하겠습니다. 추가 문의가 있으시면 이 티켓에 회신해 주세요.",
      "{greet}, 처리가 완료되어 계정에 반영되었습니다. 확인 부탁드립니다. 이용해 주셔서 "
      "감사합니다."},
     "{greet}, 보내주신 자료를 담당 부서에 전달했습니다. 처리되는 동안 티켓은 보류 상태로 "
     "두겠습니다. 추가로 하실 일은 없으며, 진행 상황이 생기면 바로 안내드리겠습니다.",
     LANG_TEXTS(tpl_ko)},
    {"ru",
     ' ',
     ',',
     34,
     {"Здравствуйте, {greet}! Спасибо за терпение, вопрос решён. Мы отметим тикет как "
      "решённый; если что-то всё ещё не так, просто ответьте в этот тикет.",
      "{greet}, обработка завершена, изменения уже отражены в вашем аккаунте. Если появятся "
      "вопросы, пишите, всегда поможем."},
     "{greet}, спасибо, материалы получены и переданы профильной команде. Пока они работают, "
     "тикет будет в статусе ожидания. Больше ничего делать не нужно, мы сообщим здесь, как "
     "только появятся новости.",
     LANG_TEXTS(tpl_ru)},
    {"es",
     '.',
     ',',
     30,
     {"Hola {greet}, gracias por tu paciencia: el caso ya está resuelto. Marcaremos el ticket "
      "como solucionado; si notas algo raro, responde aquí y lo reabrimos.",
      "Hola {greet}, ya quedó todo procesado y tu cuenta está actualizada. ¡Gracias por "
      "escribirnos! Para cualquier otra consulta, aquí estamos."},
     "Hola {greet}, gracias, recibimos la información y la pasamos al equipo responsable. "
     "Mientras lo revisan, dejaremos el ticket en espera. No necesitas hacer nada más; te "
     "avisaremos por aquí apenas tengamos novedades.",
     LANG_TEXTS(tpl_es)},
    {"vi",
     '.',
     ',',
     32,
     {"Dạ chào {greet}, cảm ơn {pron} đã kiên nhẫn chờ đợi. Yêu cầu của {pron} đã được xử lý "
      "xong, em xin đóng ticket. Nếu còn vấn đề gì, {pron} cứ phản hồi trong ticket này ạ.",
      "Dạ {greet}, bên em đã xử lý xong và tài khoản của {pron} đã được cập nhật, {pron} kiểm "
      "tra giúp em nhé. Cảm ơn {pron} đã tin dùng sàn ạ."},
     "Dạ {greet}, em đã nhận được thông tin và chuyển cho bộ phận phụ trách. Trong thời gian xử "
     "lý, ticket sẽ được tạm giữ, {pron} không cần thao tác thêm. Có kết quả em sẽ báo ngay cho "
     "{pron} ạ.",
     LANG_TEXTS(tpl_vi)},
    {"tr",
     '.',
     ',',
     30,
     {"Merhaba {greet}, sabrınız için teşekkür ederiz; talebiniz çözüldü. Kaydı çözüldü olarak "
      "işaretliyoruz, hâlâ bir sorun görürseniz bu talebe yanıt vermeniz yeterli.",
      "{greet}, işleminiz tamamlandı ve hesabınıza yansıtıldı, kontrol edebilirsiniz. Başka bir "
      "konuda yardıma ihtiyacınız olursa buradayız."},
     "{greet}, bilgiler bize ulaştı ve ilgili ekibe iletildi. Ekip çalışırken talebiniz "
     "beklemede kalacak; sizin ek bir işlem yapmanıza gerek yok. Gelişme olduğunda buradan "
     "bilgi vereceğiz.",
     LANG_TEXTS(tpl_tr)},
};
const size_t demo_langs_count = COUNT(demo_langs);
