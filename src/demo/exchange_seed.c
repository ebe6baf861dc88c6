/* exchange_seed.c — the demo exchange's data (exchange_seed.h). Tables of plain values, then
 * one function that writes them through src/store/exchange_demo.h in one transaction. */
#include "demo/exchange_seed.h"

#include <stdio.h>
#include <string.h>

#include "core/address.h"
#include "store/exchange_demo.h"
#include "util/log.h"

#define MIN_MS  (60LL * 1000)
#define HOUR_MS (60 * MIN_MS)
#define DAY_MS  (24 * HOUR_MS)

/* Addresses of the seed that appear in several rows */
#define BTC_DEP_U1   "bc1q549r9nlmfy2evk8hkp7guej6hrf6gf4dyujma3"
#define BTC_DEP_U2   "bc1q7wp99f9kqm3pdxc9uu8qszc64gn58kyg7gvkhe"
#define BTC_DEP_U8   "bc1qger59ev8ae383ma0jjuv6zcmuusauvnj9824rm"
#define BTC_BOOK_U1  "bc1qxavkc49wqa4mwjn0qa3c4awvj4fxyyx0hmvam5"
#define BTC_WD_U2    "bc1qdzfyhnkmw452t633mdvux8r04hyd95x2h9sjg6"
#define BTC_SEND_A   "bc1qcxxtnap5d2gcv3hk58mp9tzttx5hxam0n67jwj"
#define BTC_SEND_B   "bc1qwn9t9s2v8u4l3elz0tm2trl4l4zzwh9mfwnxcr"
#define ETH_DEP_U4   "0x46Bf19C8754fB5d316C36A90Dc55B5297173AEDf"
#define ETH_SEND_U7  "0x06883e32Cf0010C89B506bA5E2127c6E7Dd0D4C8"
#define ETH_SEND_A   "0x4857D62D964425c3C5c311B4d2B68167b4d72cFD"
#define ETH_BOOK_U7  "0xA119e1c620108936E2b2e3284f6bfC7CfD39EDB6"
#define ETH_BOOK_U4  "0xaeb242e8f54e2B0f0b7Ccc14eE8A2e0f48641985"
#define USDC_ERC20   "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"
#define BSC_DEP_U5   "0x0d030150F503835D44519E2e8C7C67a0D26F0125"
#define BSC_DEP_U7   "0xB5b021D48B2D0daA6112D599eF4e7Bb36cb80C4B"
#define BSC_SEND_U5  "0x9FEe06474613bE4B226cD477f03353896CF2e119"
#define TRON_DEP_U1  "TUegKz8boDJXixcqy9qcEovHbN3c4NJErt"
#define TRON_BOOK_U1 "TWxcTLepCyCTLPQVb2GHe6kSPKks4g3Gn9"
#define TRON_SEND_A  "TB4iqibHG2bbgEQDXkUC6jrSGMSE5hQT3K"
#define USDT_TRC20   "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
#define SOL_SEND_U7  "4NVA4cGHWyRoRTpJcMhsCftRHj7dAv7Bx3BGD4pDgSvb"
#define XRP_SEND_U3  "rrw4jx2duNDE3mz6MYB3qbeHYvJithHH4"
#define TON_SEND_U6  "EQD6Uyt7AM0m5A_SYkjihuAm2u048Z7UvhU-sIw3MFJRJqxV"
#define ATOM_SEND_U6 "cosmos1un6jugmtunvufdz05hr48hrrlcz8rujxtakqjn"

#define TX_BTC_U1_DEP  "0b5142414ee6c2cef58602d24750abc61509712541dc61de54be37c3535562c0"
#define TX_BTC_U2_DEP  "59cec72c7928e3e9e98c7b66f5a367d77434b7b40ac1a1a9754323381d639c14"
#define TX_BTC_U1_WD   "5e0dfc7d4acc220f85d0afb262f90da2017b2914023172853c74b978cebfe7f9"
#define TX_BTC_U8_DEP  "2862a557c523b2338f467d908a401bed636deec70b8b155f833de9fcc9860ba0"
#define TX_TRON_U1_DEP "52527482214ec427177a3abd7c83958657d0d4e3c74d7ec987354336c2810094"
#define TX_TRON_U1_WD  "738d64cd79c9e8954d4b211fd263577c418ccbd943a4c5ad89d2cb4b80696fb8"
#define TX_ETH_U1_DUST "0xc441d8cb727e56885598ab15869c49015d5d0729ec6899b192418fc356a48b93"
#define TX_ETH_U1_WD1  "0x5df90d968945f059666be46639b3bba84fc201ddfd83e124773e000cc3ed605e"
#define TX_ETH_U1_WD2  "0x26f070936010e97bde4722b7e9bf9674b3bf9df1b04924eeb0d07b350961c438"
#define TX_ETH_U1_WD3  "0xcce1ec6329894a1be3e473f81ea124b46efddce3567fa34d91443ee0dfa42800"
#define TX_ETH_U4_DEP  "0xbcd4f12d772d9fe435c0d5c5241ef007a44244617775110b78f5ea6466eb4872"
#define TX_ETH_U5_DEP  "0x77b3200da52d1498e06207c83ed2a442c9abc7f8ca8961b279173c24511e0ff9"
#define TX_XRP_U3_OK   "B30EB468E60722394BCA57158ABB343E8624B621215049ECCEC6D78E05ABC26A"
#define TX_ATOM_U6_OK  "7D70F6C8682C527D3E65D23A768B45D1622EC5B5257644442C6EA323F56306CF"
#define TX_SOL_U7_OK                                                                               \
	"4VGBwc4zcyTeuZnaUadTVwPzhVFNbVPwo2YwTY9SgdUumEDWDQUaKgXaHygtL81HRukqH8WnpvT5mTuop87jsPQY"

static const struct {
	const char *asset;
	int decimals;
} assets[] = {{"BTC", 8}, {"ETH", 18}, {"BNB", 18}, {"TRX", 6},  {"SOL", 9},
              {"XRP", 6}, {"TON", 9},  {"ATOM", 6}, {"USDT", 6}, {"USDC", 6}};

static const struct ex_network networks[] = {
    {"BTC", "none", "BTC", 2},   {"ETH", "none", "ETH", 12},  {"BSC", "none", "BNB", 15},
    {"TRON", "none", "TRX", 19}, {"SOL", "none", "SOL", 32},  {"XRP", "tag", "XRP", 1},
    {"TON", "text", "TON", 1},   {"ATOM", "text", "ATOM", 1},
};

static const struct ex_token tokens[] = {
    {"ETH", SEED_USDT_ERC20, "USDT", "USDT", true},     {"ETH", USDC_ERC20, "USDC", "USDC", true},
    {"BSC", SEED_USDT_BEP20, "USDT", "USDT", true},     {"TRON", USDT_TRC20, "USDT", "USDT", true},
    {"ETH", SEED_TOKEN_UNLISTED, "SHIBX", NULL, false},
};

/* ago_ms fields are converted to absolute times at seeding. */
static const struct seed_user {
	struct ex_user u;
	int64_t ago;
} users[] = {
    {{SEED_UID_POISONED, "王小明", "wang.xiaoming@example.com", "+65 8123 4567", "SG", "zh-CN", 2,
      "verified", 3, "active", NULL, "totp"},
     900 * DAY_MS},
    {{SEED_UID_FRESH_2FA, "佐藤 花子", "sato.hanako@example.jp", "+81 90-1234-5678", "JP", "ja", 2,
      "verified", 1, "active", NULL, "totp"},
     500 * DAY_MS},
    {{SEED_UID_XRP_MEMO, "김민준", "kim.minjun@example.kr", "+82 10-2345-6789", "KR", "ko", 1,
      "verified", 0, "active", NULL, "sms"},
     200 * DAY_MS},
    {{SEED_UID_FROZEN, "Иван Петров", "ivan.petrov@example.org", "+7 701 555 0142", "KZ", "ru", 2,
      "verified", 0, "frozen", "risk review: card chargeback dispute", "totp"},
     700 * DAY_MS},
    {{SEED_UID_NEW_LOGIN, "Nguyễn Thị Hương", "huong.nguyen@example.vn", "+84 91 234 5678", "VN",
      "vi", 2, "verified", 2, "active", NULL, "totp"},
     380 * DAY_MS},
    {{SEED_UID_TON_MEMO, "Ayşe Yılmaz", "ayse.yilmaz@example.com.tr", "+90 532 123 4567", "TR",
      "tr", 1, "pending", 0, "active", NULL, "sms"},
     120 * DAY_MS},
    {{SEED_UID_VIP, "José Martínez Núñez", "jose.martinez@example.es", "+34 612 345 678", "ES",
      "es", 3, "verified", 5, "active", NULL, "totp"},
     1200 * DAY_MS},
    {{SEED_UID_NEW, "Olivia Bennett", "olivia.bennett@example.co.uk", NULL, "GB", "en", 0, "none",
      0, "active", NULL, "none"},
     3 * DAY_MS},
};

static const struct seed_security {
	const char *uid, *kind, *detail, *ip;
	int64_t ago;
} security[] = {
    {SEED_UID_POISONED, "anti_phishing_change", "anti-phishing code set", "203.0.113.10",
     300 * DAY_MS},
    {SEED_UID_POISONED, "password_change", NULL, "203.0.113.10", 120 * DAY_MS},
    {SEED_UID_FRESH_2FA, "email_change", "sato.h@example.jp -> sato.hanako@example.jp",
     "198.51.100.7", 400 * DAY_MS},
    {SEED_UID_FRESH_2FA, "2fa_reset", "authenticator reset after identity check", "198.51.100.23",
     3 * HOUR_MS},
    {SEED_UID_XRP_MEMO, "phone_change", NULL, "203.0.113.44", 90 * DAY_MS},
    {SEED_UID_FROZEN, "password_reset", "reset link from email", "203.0.113.90", 16 * DAY_MS},
    {SEED_UID_NEW_LOGIN, "2fa_enabled", "authenticator app", "203.0.113.61", 370 * DAY_MS},
    {SEED_UID_TON_MEMO, "password_change", NULL, "203.0.113.75", 30 * DAY_MS},
    {SEED_UID_VIP, "2fa_enabled", "authenticator app", "203.0.113.18", 1100 * DAY_MS},
};

static const char UA_IOS[] = "ExchangeApp/5.2 (iPhone; iOS 17.5)";
static const char UA_ANDROID[] = "ExchangeApp/5.2 (Android 14; SM-S911B)";
static const char UA_MAC[] = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15";
static const char UA_WIN[] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36";

static const struct seed_login {
	const char *uid, *device, *ip, *country, *ua;
	bool new_device, new_country;
	int64_t ago;
} logins[] = {
    {SEED_UID_POISONED, "iphone-8f3a", "203.0.113.10", "SG", UA_IOS, true, true, 400 * DAY_MS},
    {SEED_UID_POISONED, "iphone-8f3a", "203.0.113.10", "SG", UA_IOS, false, false, 6 * DAY_MS},
    {SEED_UID_POISONED, "iphone-8f3a", "203.0.113.11", "SG", UA_IOS, false, false, 1 * DAY_MS},
    {SEED_UID_POISONED, "iphone-8f3a", "203.0.113.11", "SG", UA_IOS, false, false, 40 * MIN_MS},
    {SEED_UID_FRESH_2FA, "pixel-2c19", "198.51.100.7", "JP", UA_ANDROID, true, true, 480 * DAY_MS},
    {SEED_UID_FRESH_2FA, "pixel-2c19", "198.51.100.7", "JP", UA_ANDROID, false, false, 2 * DAY_MS},
    {SEED_UID_FRESH_2FA, "macbook-77e0", "198.51.100.23", "JP", UA_MAC, true, false,
     3 * HOUR_MS + 5 * MIN_MS},
    {SEED_UID_XRP_MEMO, "galaxy-71aa", "203.0.113.44", "KR", UA_ANDROID, true, true, 190 * DAY_MS},
    {SEED_UID_XRP_MEMO, "galaxy-71aa", "203.0.113.44", "KR", UA_ANDROID, false, false, 5 * HOUR_MS},
    {SEED_UID_FROZEN, "win-chrome-0b1d", "203.0.113.90", "KZ", UA_WIN, true, true, 690 * DAY_MS},
    {SEED_UID_NEW_LOGIN, "galaxy-s23-a1", "203.0.113.61", "VN", UA_ANDROID, true, true,
     375 * DAY_MS},
    {SEED_UID_NEW_LOGIN, "galaxy-s23-a1", "203.0.113.61", "VN", UA_ANDROID, false, false,
     4 * DAY_MS},
    {SEED_UID_NEW_LOGIN, "galaxy-s23-a1", "203.0.113.62", "VN", UA_ANDROID, false, false,
     1 * DAY_MS},
    /* The one that raises login.new_country: a new device in a country never seen before. */
    {SEED_UID_NEW_LOGIN, "win-chrome-5d2e", "192.0.2.77", "NG", UA_WIN, true, true, 30 * MIN_MS},
    {SEED_UID_TON_MEMO, "iphone-c0de", "203.0.113.75", "TR", UA_IOS, true, true, 110 * DAY_MS},
    {SEED_UID_VIP, "macbook-e5e5", "203.0.113.18", "ES", UA_MAC, true, true, 1150 * DAY_MS},
    {SEED_UID_VIP, "macbook-e5e5", "203.0.113.18", "ES", UA_MAC, false, false, 2 * HOUR_MS},
    {SEED_UID_NEW, "win-chrome-9a9a", "203.0.113.200", "GB", UA_WIN, true, true, 3 * DAY_MS},
};

static const struct seed_address {
	const char *network, *address, *kind, *uid;
} addresses[] = {
    {"BTC", BTC_DEP_U1, "user", SEED_UID_POISONED},
    {"ETH", SEED_ETH_DEP_U1, "user", SEED_UID_POISONED},
    {"TRON", TRON_DEP_U1, "user", SEED_UID_POISONED},
    {"BTC", BTC_DEP_U2, "user", SEED_UID_FRESH_2FA},
    {"ETH", ETH_DEP_U4, "user", SEED_UID_FROZEN},
    {"ETH", SEED_ETH_DEP_U5, "user", SEED_UID_NEW_LOGIN},
    {"BSC", BSC_DEP_U5, "user", SEED_UID_NEW_LOGIN},
    {"BTC", SEED_BTC_DEP_U7, "user", SEED_UID_VIP},
    {"ETH", SEED_ETH_DEP_U7, "user", SEED_UID_VIP},
    {"BSC", BSC_DEP_U7, "user", SEED_UID_VIP},
    {"SOL", SEED_SOL_DEP_U7, "user", SEED_UID_VIP},
    {"BTC", BTC_DEP_U8, "user", SEED_UID_NEW},
    {"XRP", SEED_XRP_SHARED, "shared_memo", NULL},
    {"TON", SEED_TON_SHARED, "shared_memo", NULL},
    {"ATOM", SEED_ATOM_SHARED, "shared_memo", NULL},
    {"ETH", SEED_ETH_HOT, "hot_wallet", NULL},
};

static const struct seed_memo {
	const char *network, *address, *memo, *uid;
} memos[] = {
    {"XRP", SEED_XRP_SHARED, SEED_XRP_MEMO_U3, SEED_UID_XRP_MEMO},
    {"XRP", SEED_XRP_SHARED, "220011", SEED_UID_NEW_LOGIN},
    {"TON", SEED_TON_SHARED, SEED_TON_MEMO_U6, SEED_UID_TON_MEMO},
    {"TON", SEED_TON_SHARED, "58001", SEED_UID_FRESH_2FA},
    {"ATOM", SEED_ATOM_SHARED, SEED_ATOM_MEMO_U6, SEED_UID_TON_MEMO},
};

/* The chain index. The first group are deposits credited to their owners (also in
 * `deposits` below); then one transaction per recovery case; then completed withdrawals. */
static const struct seed_tx {
	struct ex_chain_tx t;
	int64_t ago;
} chain[] = {
    {{"BTC", TX_BTC_U1_DEP, "confirmed", 5400, BTC_DEP_U1, NULL, "BTC", NULL, "1", BTC_SEND_A},
     100 * DAY_MS},
    {{"ETH", SEED_TX_CREDITED, "confirmed", 190000, SEED_ETH_DEP_U1, NULL, "USDT", SEED_USDT_ERC20,
      "20000", ETH_SEND_A},
     30 * DAY_MS},
    /* Address poisoning: a zero-value transfer from the lookalike, so it shows in the history */
    {{"ETH", TX_ETH_U1_DUST, "confirmed", 600, SEED_ETH_DEP_U1, NULL, "USDT", SEED_USDT_ERC20, "0",
      SEED_ETH_POISON},
     2 * HOUR_MS},
    {{"TRON", TX_TRON_U1_DEP, "confirmed", 86000, TRON_DEP_U1, NULL, "USDT", USDT_TRC20, "5000",
      TRON_SEND_A},
     3 * DAY_MS},
    {{"BTC", TX_BTC_U2_DEP, "confirmed", 7200, BTC_DEP_U2, NULL, "BTC", NULL, "1.2", BTC_SEND_B},
     50 * DAY_MS},
    {{"XRP", TX_XRP_U3_OK, "confirmed", 1, SEED_XRP_SHARED, SEED_XRP_MEMO_U3, "XRP", NULL, "500",
      XRP_SEND_U3},
     20 * DAY_MS},
    {{"ETH", TX_ETH_U4_DEP, "confirmed", 900000, ETH_DEP_U4, NULL, "ETH", NULL, "2.5", ETH_SEND_A},
     120 * DAY_MS},
    {{"ETH", TX_ETH_U5_DEP, "confirmed", 86000, SEED_ETH_DEP_U5, NULL, "USDT", SEED_USDT_ERC20,
      "1500", BSC_SEND_U5},
     12 * DAY_MS},
    {{"ATOM", TX_ATOM_U6_OK, "confirmed", 1, SEED_ATOM_SHARED, SEED_ATOM_MEMO_U6, "ATOM", NULL,
      "120", ATOM_SEND_U6},
     8 * DAY_MS},
    {{"SOL", TX_SOL_U7_OK, "confirmed", 32, SEED_SOL_DEP_U7, NULL, "SOL", NULL, "100", SOL_SEND_U7},
     30 * DAY_MS},
    {{"BTC", TX_BTC_U8_DEP, "confirmed", 288, BTC_DEP_U8, NULL, "BTC", NULL, "0.01", BTC_SEND_A},
     2 * DAY_MS},
    /* MEMO_MISSING: XRP to the shared address without a destination tag */
    {{"XRP", SEED_TX_MISSING_MEMO, "confirmed", 1, SEED_XRP_SHARED, NULL, "XRP", NULL, "250",
      XRP_SEND_U3},
     6 * HOUR_MS},
    /* MEMO_WRONG: TON to the shared address with "4471" (the user's memo is "44710") */
    {{"TON", SEED_TX_WRONG_MEMO, "confirmed", 1, SEED_TON_SHARED, "4471", "TON", NULL, "75",
      TON_SEND_U6},
     1 * DAY_MS},
    /* WRONG_NETWORK_SAME_FMT: BEP20 USDT to the user's ERC20 deposit address */
    {{"BSC", SEED_TX_WRONG_NET, "confirmed", 4000, SEED_ETH_DEP_U5, NULL, "USDT", SEED_USDT_BEP20,
      "1200", BSC_SEND_U5},
     2 * DAY_MS},
    /* UNLISTED_TOKEN: a token the exchange does not list, to the user's ETH address */
    {{"ETH", SEED_TX_UNLISTED, "confirmed", 20000, SEED_ETH_DEP_U7, NULL, NULL, SEED_TOKEN_UNLISTED,
      "1000000", ETH_SEND_U7},
     3 * DAY_MS},
    /* CONTRACT_ADDRESS: USDT sent to the USDT contract itself */
    {{"ETH", SEED_TX_CONTRACT, "confirmed", 36000, SEED_USDT_ERC20, NULL, "USDT", SEED_USDT_ERC20,
      "2500", ETH_SEND_U7},
     5 * DAY_MS},
    /* HOT_WALLET_DIRECT: ETH to the exchange's hot wallet instead of the user's address */
    {{"ETH", SEED_TX_HOT_WALLET, "confirmed", 29000, SEED_ETH_HOT, NULL, "ETH", NULL, "1.5",
      ETH_SEND_U7},
     4 * DAY_MS},
    /* PENDING_CONF: 1 of 2 confirmations */
    {{"BTC", SEED_TX_PENDING, "pending", 1, SEED_BTC_DEP_U7, NULL, "BTC", NULL, "0.75", BTC_SEND_B},
     10 * MIN_MS},
    /* CHAIN_FAILED: a failed Solana transaction */
    {{"SOL", SEED_TX_FAILED, "failed", 0, SEED_SOL_DEP_U7, NULL, "SOL", NULL, "40", SOL_SEND_U7},
     2 * DAY_MS},
    /* Completed withdrawals of user 1 */
    {{"ETH", TX_ETH_U1_WD1, "confirmed", 280000, SEED_ETH_BOOK_U1, NULL, "USDT", SEED_USDT_ERC20,
      "3000", SEED_ETH_HOT},
     40 * DAY_MS},
    {{"ETH", TX_ETH_U1_WD2, "confirmed", 180000, SEED_ETH_BOOK_U1, NULL, "USDT", SEED_USDT_ERC20,
      "3000", SEED_ETH_HOT},
     25 * DAY_MS},
    {{"ETH", TX_ETH_U1_WD3, "confirmed", 72000, SEED_ETH_BOOK_U1, NULL, "USDT", SEED_USDT_ERC20,
      "3000", SEED_ETH_HOT},
     10 * DAY_MS},
    {{"BTC", TX_BTC_U1_WD, "confirmed", 8600, BTC_BOOK_U1, NULL, "BTC", NULL, "0.1", BTC_SEND_A},
     60 * DAY_MS},
    {{"TRON", TX_TRON_U1_WD, "confirmed", 140000, TRON_BOOK_U1, NULL, "USDT", USDT_TRC20, "800",
      TRON_SEND_A},
     5 * DAY_MS},
};

/* Deposits as the users see them: credited ones point at the chain rows above by txid. */
static const struct seed_deposit {
	const char *uid, *asset, *network, *amount, *txid, *address, *memo, *from, *status;
	int confirmations;
	int64_t ago;
} deposits[] = {
    {SEED_UID_POISONED, "BTC", "BTC", "1", TX_BTC_U1_DEP, BTC_DEP_U1, NULL, BTC_SEND_A, "credited",
     5400, 100 * DAY_MS},
    {SEED_UID_POISONED, "USDT", "ETH", "20000", SEED_TX_CREDITED, SEED_ETH_DEP_U1, NULL, ETH_SEND_A,
     "credited", 190000, 30 * DAY_MS},
    {SEED_UID_POISONED, "USDT", "ETH", "0", TX_ETH_U1_DUST, SEED_ETH_DEP_U1, NULL, SEED_ETH_POISON,
     "credited", 600, 2 * HOUR_MS},
    {SEED_UID_POISONED, "USDT", "TRON", "5000", TX_TRON_U1_DEP, TRON_DEP_U1, NULL, TRON_SEND_A,
     "credited", 86000, 3 * DAY_MS},
    {SEED_UID_FRESH_2FA, "BTC", "BTC", "1.2", TX_BTC_U2_DEP, BTC_DEP_U2, NULL, BTC_SEND_B,
     "credited", 7200, 50 * DAY_MS},
    {SEED_UID_XRP_MEMO, "XRP", "XRP", "500", TX_XRP_U3_OK, SEED_XRP_SHARED, SEED_XRP_MEMO_U3,
     XRP_SEND_U3, "credited", 1, 20 * DAY_MS},
    {SEED_UID_FROZEN, "ETH", "ETH", "2.5", TX_ETH_U4_DEP, ETH_DEP_U4, NULL, ETH_SEND_A, "credited",
     900000, 120 * DAY_MS},
    {SEED_UID_NEW_LOGIN, "USDT", "ETH", "1500", TX_ETH_U5_DEP, SEED_ETH_DEP_U5, NULL, BSC_SEND_U5,
     "credited", 86000, 12 * DAY_MS},
    {SEED_UID_TON_MEMO, "ATOM", "ATOM", "120", TX_ATOM_U6_OK, SEED_ATOM_SHARED, SEED_ATOM_MEMO_U6,
     ATOM_SEND_U6, "credited", 1, 8 * DAY_MS},
    {SEED_UID_VIP, "SOL", "SOL", "100", TX_SOL_U7_OK, SEED_SOL_DEP_U7, NULL, SOL_SEND_U7,
     "credited", 32, 30 * DAY_MS},
    {SEED_UID_VIP, "BTC", "BTC", "0.75", SEED_TX_PENDING, SEED_BTC_DEP_U7, NULL, BTC_SEND_B,
     "pending", 1, 10 * MIN_MS},
    {SEED_UID_NEW, "BTC", "BTC", "0.01", TX_BTC_U8_DEP, BTC_DEP_U8, NULL, BTC_SEND_A, "credited",
     288, 2 * DAY_MS},
};

static const struct seed_withdrawal {
	const char *uid, *asset, *network, *amount, *fee, *address, *status, *txid, *reason, *actor;
	int64_t ago;
	bool announce; /* withdrawal.pending at seeding */
} withdrawals[] = {
    {SEED_UID_POISONED, "BTC", "BTC", "0.1", "0.0002", BTC_BOOK_U1, "completed", TX_BTC_U1_WD, NULL,
     NULL, 60 * DAY_MS, false},
    {SEED_UID_POISONED, "USDT", "ETH", "3000", "4.5", SEED_ETH_BOOK_U1, "completed", TX_ETH_U1_WD1,
     NULL, NULL, 40 * DAY_MS, false},
    {SEED_UID_POISONED, "USDT", "ETH", "3000", "4.5", SEED_ETH_BOOK_U1, "completed", TX_ETH_U1_WD2,
     NULL, NULL, 25 * DAY_MS, false},
    {SEED_UID_POISONED, "USDT", "ETH", "3000", "4.5", SEED_ETH_BOOK_U1, "completed", TX_ETH_U1_WD3,
     NULL, NULL, 10 * DAY_MS, false},
    {SEED_UID_POISONED, "USDT", "TRON", "800", "1", TRON_BOOK_U1, "completed", TX_TRON_U1_WD, NULL,
     NULL, 5 * DAY_MS, false},
    /* To the lookalike of the Ledger address in the book, 1h40m after the dust transfer */
    {SEED_UID_POISONED, "USDT", "ETH", "5000", "4.5", SEED_ETH_POISON, "pending", NULL, NULL, NULL,
     20 * MIN_MS, true},
    /* To a first-time address, under an hour after the authenticator was reset */
    {SEED_UID_FRESH_2FA, "BTC", "BTC", "0.5", "0.0002", BTC_WD_U2, "pending", NULL, NULL, NULL,
     55 * MIN_MS, true},
    {SEED_UID_FROZEN, "ETH", "ETH", "1", "0.002", ETH_BOOK_U4, "cancelled", NULL,
     "account frozen for risk review", "risk-engine", 15 * DAY_MS, false},
};

static const struct seed_book {
	const char *uid, *network, *address, *memo, *label;
	bool whitelisted;
	int64_t ago;
} book[] = {
    {SEED_UID_POISONED, "ETH", SEED_ETH_BOOK_U1, NULL, "Ledger 冷钱包", true, 200 * DAY_MS},
    {SEED_UID_POISONED, "TRON", TRON_BOOK_U1, NULL, "OKX 充值地址", true, 150 * DAY_MS},
    {SEED_UID_POISONED, "BTC", BTC_BOOK_U1, NULL, "硬件钱包 BTC", true, 300 * DAY_MS},
    {SEED_UID_FROZEN, "ETH", ETH_BOOK_U4, NULL, "Кошелёк MetaMask", false, 100 * DAY_MS},
    {SEED_UID_VIP, "ETH", ETH_BOOK_U7, NULL, "Cartera fría (Trezor)", true, 800 * DAY_MS},
    {SEED_UID_NEW_LOGIN, "XRP", SEED_XRP_SHARED, "220011", "Ví XRP của tôi", false, 30 * DAY_MS},
};

static const struct seed_balance {
	const char *uid, *asset, *available, *locked;
} balances[] = {
    {SEED_UID_POISONED, "BTC", "0.8421", "0"},
    {SEED_UID_POISONED, "ETH", "3.2", "0"},
    {SEED_UID_POISONED, "USDT", "25340.5", "5004.5"},
    {SEED_UID_FRESH_2FA, "BTC", "0.7", "0.5002"},
    {SEED_UID_XRP_MEMO, "XRP", "500", "0"},
    {SEED_UID_FROZEN, "ETH", "2.5", "0"},
    {SEED_UID_NEW_LOGIN, "USDT", "1500", "0"},
    {SEED_UID_NEW_LOGIN, "ETH", "0.35", "0"},
    {SEED_UID_TON_MEMO, "ATOM", "120", "0"},
    {SEED_UID_TON_MEMO, "TON", "0", "0"},
    {SEED_UID_VIP, "BTC", "12.5", "0"},
    {SEED_UID_VIP, "ETH", "40", "0"},
    {SEED_UID_VIP, "SOL", "100", "0"},
    {SEED_UID_VIP, "USDT", "480000", "0"},
    {SEED_UID_NEW, "BTC", "0.01", "0"},
};

/* Trades: a deterministic walk, so pages and prices are the same on every seed. */
static const struct seed_trader {
	const char *uid;
	int count;
	int64_t every;
} traders[] = {
    {SEED_UID_POISONED, 30, 7 * HOUR_MS},
    {SEED_UID_NEW_LOGIN, 12, 26 * HOUR_MS},
    {SEED_UID_VIP, 60, 90 * MIN_MS},
    {SEED_UID_XRP_MEMO, 3, 3 * DAY_MS},
};

static bool seed_trades(struct db *db, int64_t now)
{
	static const char *const symbols[] = {"BTCUSDT", "ETHUSDT", "SOLUSDT"};
	static const long base_price[] = {64210, 3105, 152}; /* USDT */
	for (size_t t = 0; t < sizeof traders / sizeof traders[0]; t++) {
		for (int i = 0; i < traders[t].count; i++) {
			unsigned k = (unsigned)(i * 7 + (int)t * 3);
			size_t s = k % 3;
			long cents =
			    base_price[s] * 100 + (long)((k * 37) % 400) * (s ? 1 : 25) - 200;
			char price[32], qty[32], fee[32];
			snprintf(price, sizeof price, "%ld.%02ld", cents / 100, cents % 100);
			/* qty in 1e-4 units; the fee is 0.1% of the quantity, in the base asset */
			long q = s == 0   ? 15 + (long)(k % 40)
			         : s == 1 ? 200 + (long)(k % 900)
			                  : 5000 + (long)(k % 20000);
			snprintf(qty, sizeof qty, "%ld.%04ld", q / 10000, q % 10000);
			snprintf(fee, sizeof fee, "0.%07ld", q);
			const char *asset = s == 0 ? "BTC" : s == 1 ? "ETH" : "SOL";
			struct ex_trade tr = {.uid = traders[t].uid,
			                      .symbol = symbols[s],
			                      .side = (k / 3) % 2 ? "sell" : "buy",
			                      .price = price,
			                      .qty = qty,
			                      .fee = fee,
			                      .fee_asset = asset,
			                      .liquidity = k % 5 ? "taker" : "maker",
			                      .at = now - (int64_t)(i + 1) * traders[t].every};
			if (exstore_trade_insert(db, &tr) != DB_DONE)
				return false;
		}
	}
	return true;
}

static bool norm_of(const char *network, const char *address, char out[ADDRESS_NORMAL_MAX + 1])
{
	enum address_network net;
	struct address_result r;
	if (!address_network_parse(network, strlen(network), &net) ||
	    address_check(net, address, strlen(address), NULL, 0, &r) != ADDRESS_OK)
		return false;
	memcpy(out, r.normalized, r.normalized_len + 1);
	return true;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define TRY(what, expr)                                                                            \
	do {                                                                                       \
		if ((expr) != DB_DONE) {                                                           \
			log_event(LOG_ERROR, "exchange_seed_failed", "step=%s error=\"%s\"", what, \
			          db_errmsg(db));                                                  \
			goto fail;                                                                 \
		}                                                                                  \
	} while (0)

bool exchange_seed_run(struct db *db, int64_t now, struct exchange_seed_events *ev)
{
	memset(ev, 0, sizeof *ev);
	if (db_begin(db) != DB_OK)
		return false;
	for (size_t i = 0; i < N(assets); i++)
		TRY("asset", exstore_asset_insert(db, assets[i].asset, assets[i].decimals));
	for (size_t i = 0; i < N(networks); i++)
		TRY("network", exstore_network_insert(db, &networks[i]));
	for (size_t i = 0; i < N(tokens); i++)
		TRY("token", exstore_token_insert(db, &tokens[i]));
	for (size_t i = 0; i < N(users); i++) {
		struct ex_user u = users[i].u;
		u.created_at = now - users[i].ago;
		TRY("user", exstore_user_insert(db, &u));
	}
	for (size_t i = 0; i < N(security); i++) {
		struct ex_security_event e = {.uid = security[i].uid,
		                              .kind = security[i].kind,
		                              .detail = security[i].detail,
		                              .ip = security[i].ip,
		                              .at = now - security[i].ago};
		TRY("security event", exstore_security_event_insert(db, &e));
	}
	for (size_t i = 0; i < N(logins); i++) {
		struct ex_login l = {.uid = logins[i].uid,
		                     .device_id = logins[i].device,
		                     .ip = logins[i].ip,
		                     .country = logins[i].country,
		                     .user_agent = logins[i].ua,
		                     .new_device = logins[i].new_device,
		                     .new_country = logins[i].new_country,
		                     .at = now - logins[i].ago};
		TRY("login", exstore_login_insert(db, &l));
		/* Only a recent new-country login is news; the first login of an account is not. */
		if (l.new_country && logins[i].ago < DAY_MS &&
		    ev->n_new_country_logins < EXCHANGE_SEED_EVENTS_MAX)
			ev->new_country_logins[ev->n_new_country_logins++] = l.id;
	}
	for (size_t i = 0; i < N(addresses); i++) {
		char norm[ADDRESS_NORMAL_MAX + 1];
		if (!norm_of(addresses[i].network, addresses[i].address, norm)) {
			log_event(LOG_ERROR, "exchange_seed_failed", "step=address address=%s",
			          addresses[i].address);
			goto fail;
		}
		struct ex_deposit_address d = {.network = addresses[i].network,
		                               .address = addresses[i].address,
		                               .norm = norm,
		                               .kind = addresses[i].kind,
		                               .uid = addresses[i].uid};
		TRY("deposit address", exstore_deposit_address_insert(db, &d));
	}
	for (size_t i = 0; i < N(memos); i++)
		TRY("memo", exstore_memo_insert(db, memos[i].network, memos[i].address,
		                                memos[i].memo, memos[i].uid));
	for (size_t i = 0; i < N(chain); i++) {
		struct ex_chain_tx t = chain[i].t;
		t.block_time = now - chain[i].ago;
		TRY("chain tx", exstore_chain_tx_insert(db, &t));
	}
	for (size_t i = 0; i < N(deposits); i++) {
		const struct seed_deposit *s = &deposits[i];
		bool credited = !strcmp(s->status, "credited");
		struct ex_deposit d = {.uid = s->uid,
		                       .asset = s->asset,
		                       .network = s->network,
		                       .amount = s->amount,
		                       .fee = "0",
		                       .txid = s->txid,
		                       .address = s->address,
		                       .memo = s->memo,
		                       .from_address = s->from,
		                       .status = s->status,
		                       .confirmations = s->confirmations,
		                       .created_at = now - s->ago,
		                       .credited_at = credited ? now - s->ago + 10 * MIN_MS : 0};
		if (d.credited_at > now)
			d.credited_at = now;
		TRY("deposit", exstore_deposit_insert(db, &d));
	}
	/* Deposits the exchange saw but could not attribute: announced as deposit.seen. */
	ev->deposits_seen[ev->n_deposits_seen].network = "XRP";
	ev->deposits_seen[ev->n_deposits_seen++].txid = SEED_TX_MISSING_MEMO;
	ev->deposits_seen[ev->n_deposits_seen].network = "TON";
	ev->deposits_seen[ev->n_deposits_seen++].txid = SEED_TX_WRONG_MEMO;
	for (size_t i = 0; i < N(withdrawals); i++) {
		const struct seed_withdrawal *s = &withdrawals[i];
		struct ex_withdrawal w = {.uid = s->uid,
		                          .asset = s->asset,
		                          .network = s->network,
		                          .amount = s->amount,
		                          .fee = s->fee,
		                          .address = s->address,
		                          .status = s->status,
		                          .txid = s->txid,
		                          .reason = s->reason,
		                          .actor = s->actor,
		                          .created_at = now - s->ago,
		                          .updated_at = now - s->ago};
		TRY("withdrawal", exstore_withdrawal_insert(db, &w));
		if (s->announce && ev->n_pending_withdrawals < EXCHANGE_SEED_EVENTS_MAX)
			ev->pending_withdrawals[ev->n_pending_withdrawals++] = w.id;
	}
	for (size_t i = 0; i < N(book); i++) {
		struct ex_book_entry b = {.uid = book[i].uid,
		                          .network = book[i].network,
		                          .address = book[i].address,
		                          .memo = book[i].memo,
		                          .label = book[i].label,
		                          .whitelisted = book[i].whitelisted,
		                          .created_at = now - book[i].ago};
		TRY("address book", exstore_book_insert(db, &b));
	}
	for (size_t i = 0; i < N(balances); i++)
		TRY("balance", exstore_balance_put(db, balances[i].uid, balances[i].asset,
		                                   balances[i].available, balances[i].locked));
	if (!seed_trades(db, now)) {
		log_event(LOG_ERROR, "exchange_seed_failed", "step=trades error=\"%s\"",
		          db_errmsg(db));
		goto fail;
	}
	TRY("meta", exstore_meta_set(db, "seeded", "1"));
	if (db_commit(db) != DB_OK)
		goto fail;
	return true;
fail:
	db_rollback(db);
	memset(ev, 0, sizeof *ev);
	return false;
}

/* ---- every address and txid, for the seed test ---- */

static struct exchange_seed_ref
    refs[N(addresses) + 2 * N(chain) + N(deposits) + N(withdrawals) + N(book) + N(tokens) + 1];

size_t exchange_seed_refs(const struct exchange_seed_ref **out)
{
	size_t n = 0;
	for (size_t i = 0; i < N(addresses); i++)
		refs[n++] = (struct exchange_seed_ref){addresses[i].network, addresses[i].address,
		                                       false, "deposit address"};
	for (size_t i = 0; i < N(tokens); i++)
		refs[n++] = (struct exchange_seed_ref){tokens[i].network, tokens[i].contract, false,
		                                       "token contract"};
	for (size_t i = 0; i < N(chain); i++) {
		refs[n++] = (struct exchange_seed_ref){chain[i].t.network, chain[i].t.txid, true,
		                                       "chain txid"};
		refs[n++] = (struct exchange_seed_ref){chain[i].t.network, chain[i].t.to_address,
		                                       false, "chain to_address"};
	}
	for (size_t i = 0; i < N(deposits); i++)
		refs[n++] = (struct exchange_seed_ref){deposits[i].network, deposits[i].from, false,
		                                       "deposit sender"};
	for (size_t i = 0; i < N(withdrawals); i++)
		refs[n++] = (struct exchange_seed_ref){
		    withdrawals[i].network, withdrawals[i].address, false, "withdrawal address"};
	for (size_t i = 0; i < N(book); i++)
		refs[n++] = (struct exchange_seed_ref){book[i].network, book[i].address, false,
		                                       "address book"};
	refs[n++] = (struct exchange_seed_ref){"ETH", SEED_TX_NOT_FOUND, true, "not-found txid"};
	*out = refs;
	return n;
}
