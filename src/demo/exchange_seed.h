/* exchange_seed.h — the demo exchange's data: eight users writing in Chinese, Japanese, Korean,
 * Russian, Vietnamese, Turkish, Spanish and English, with KYC levels, VIP tiers and one frozen
 * account; deposit addresses and memos (shared XRP, TON and ATOM addresses); a chain index with
 * one transaction for every deposit-recovery case of CRYPTO-DOMAIN.md; withdrawals (one pending
 * to an address-poisoning lookalike of an address in the user's book, one right after a 2FA
 * reset); trades, logins (one from a new country) and security events.
 *
 * Every address and transaction id below is well-formed for its network (checked by
 * tests/unit/test_exchange_seed.c with core/address.h and core/txid.h); none is anybody's real
 * account except the published token contracts (USDT, USDC). The named constants are the ones
 * docs/connector.md and the API tests refer to.
 *
 * Times are relative to the moment of seeding, so "a withdrawal 20 minutes ago" is 20 minutes
 * old on a fresh demo. The seed writes rows through src/store/exchange_demo.h only. */
#ifndef EXDESK_DEMO_EXCHANGE_SEED_H
#define EXDESK_DEMO_EXCHANGE_SEED_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/* Users */
#define SEED_UID_POISONED  "10000001" /* 王小明: withdrawal pending to a lookalike address */
#define SEED_UID_FRESH_2FA "10000002" /* 佐藤 花子: withdrawal one hour after a 2FA reset */
#define SEED_UID_XRP_MEMO  "10000003" /* 김민준: XRP sent to the shared address, no tag */
#define SEED_UID_FROZEN    "10000004" /* Иван Петров: account frozen */
#define SEED_UID_NEW_LOGIN "10000005" /* Nguyễn Thị Hương: new country login, BEP20 to ERC20 */
#define SEED_UID_TON_MEMO  "10000006" /* Ayşe Yılmaz: TON with a wrong memo */
#define SEED_UID_VIP       "10000007" /* José Martínez Núñez: VIP 5, unlisted token, contract */
#define SEED_UID_NEW       "10000008" /* Olivia Bennett: KYC none, no 2FA */

/* Shared (memo) deposit addresses and the users' memos */
#define SEED_XRP_SHARED   "rkdbX6eagaXDSGqk7V8w5WibMzTm6d9TZ"
#define SEED_XRP_MEMO_U3  "104729"
#define SEED_TON_SHARED   "EQCB1SPb7l6ImpvegtUUW93-9MXfaq1BtD2WU9_P4ICL8fFc"
#define SEED_TON_MEMO_U6  "44710"
#define SEED_ATOM_SHARED  "cosmos1rxkwf8gyafrjp3nsmhlaqvyp7nrsqfk8fm083r"
#define SEED_ATOM_MEMO_U6 "300517"

/* Per-user deposit addresses the tests use */
#define SEED_ETH_DEP_U1     "0x81BE22EB12f0d6Bdd621349A44BaF98262747665"
#define SEED_ETH_DEP_U5     "0x04Ab0Fad493f822e5b40EC64b7eE069375fa351B"
#define SEED_ETH_DEP_U7     "0xFFE058d6EeE03cc46349aE8E6212ba1de9fBae91"
#define SEED_BTC_DEP_U7     "bc1q6g6dt7ck5aeeltecaku84mp4j9mqzz7ux4mvdq"
#define SEED_SOL_DEP_U7     "4aW6GDzUyVoqbqDrrNg3KdwcUvCn4omCAsQs2couMcay"
#define SEED_ETH_HOT        "0x14C69C4d5c9abC9D0dDC9b5b5D62E3b744087A9E"
#define SEED_USDT_ERC20     "0xdAC17F958D2ee523a2206206994597C13D831ec7"
#define SEED_USDT_BEP20     "0x55d398326f99059fF775485246999027B3197955"
#define SEED_TOKEN_UNLISTED "0x82ebEbc619CDa8F052910f1fcCFB4A21a623ae03"

/* Address poisoning: the book entry and its lookalike (same first 6 and last 6 hex digits) */
#define SEED_ETH_BOOK_U1 "0x357996fc266f633B4d32BDc5cdeB14453ecC23B7"
#define SEED_ETH_POISON  "0x35799617c9aab8955698d57c49b1f23f09CC23b7"

/* The chain index: one transaction per recovery case */
#define SEED_TX_MISSING_MEMO                                                                       \
	"349478A8EB11EF467223BE5302395FD11DF21B56B9474939863B6B1F4B45438C" /* XRP */
#define SEED_TX_WRONG_MEMO                                                                         \
	"18e30d2fe544065055d4b1e06b973645e0cdecbcc9e72f73c0c5fbe863b169b6" /* TON */
#define SEED_TX_WRONG_NET                                                                          \
	"0x000ca5e52d62f3e87ffa6a9b507652fc01a5de0e937fa11cb0f3c0359ee539db" /* BSC */
#define SEED_TX_UNLISTED                                                                           \
	"0x626e31f9fcecb4fb14c219f91f4ab4b432886cacf21718ffc912af858e5a6ddb" /* ETH */
#define SEED_TX_CONTRACT                                                                           \
	"0xd7025039c7d103c0532206d3b2085c111e4a069d70b7e1669d9eb09f874c3003" /* ETH */
#define SEED_TX_HOT_WALLET                                                                         \
	"0xeac7acf16d680f14c1f201ce40aafbfd15a7647435e1dca5ad7693b26ec6bafa"               /* ETH */
#define SEED_TX_PENDING "fd351cc2cc6eb866638952286fdfc86d7d99b079e1b84447dbd4ecad359fa7cc" /* BTC  \
	                                                                                    */
#define SEED_TX_FAILED                                                                             \
	"4hypnnsZGHiAw1MfNZBw5jvp8dy5zUKLLv2QBJQTwPnw4mNtYP6WTz7E4G57QBHMRGm88KNXhZZSLUp2zjp8sxTm" /* SOL */
#define SEED_TX_CREDITED                                                                           \
	"0x43013bf891243bea2881d5318f26f4aefa914c02d65544d08f9d4af167381fee" /* ETH */
#define SEED_TX_NOT_FOUND                                                                          \
	"0x8417691b6ee3b05703e2716815e09825b747c6fae6ef706de6e1a3f0000e3b59" /* ETH */

/* What the seed asks the server to announce by webhook once it is written (the server owns the
 * payload shapes): rows by their natural keys. */
#define EXCHANGE_SEED_EVENTS_MAX 8
struct exchange_seed_events {
	int64_t pending_withdrawals[EXCHANGE_SEED_EVENTS_MAX]; /* withdrawal.pending */
	size_t n_pending_withdrawals;
	struct {
		const char *network, *txid;
	} deposits_seen[EXCHANGE_SEED_EVENTS_MAX]; /* deposit.seen */
	size_t n_deposits_seen;
	int64_t new_country_logins[EXCHANGE_SEED_EVENTS_MAX]; /* login.new_country */
	size_t n_new_country_logins;
};

/* Writes every row in one transaction; false (and nothing written) on any failure. */
bool exchange_seed_run(struct db *db, int64_t now_ms, struct exchange_seed_events *ev);

/* For the seed test: every address and txid of the seed, by network code. */
struct exchange_seed_ref {
	const char *network;
	const char *text;
	bool is_txid;
	const char *what;
};
size_t exchange_seed_refs(const struct exchange_seed_ref **out);

#endif
