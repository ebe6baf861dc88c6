/* address.h — deposit addresses and memos, per network: is this text an address the network
 * accepts, why not, and in which canonical form. The deposit-recovery form (issue 8) validates
 * what the customer pasted here before anything is looked up; the same functions tell which
 * other networks would accept the same text ("BEP20 sent to an ERC20 address": one 0x address
 * is valid on every EVM chain). Rules and their sources: docs/internals/addresses.md.
 *
 * What it never does: look anything up on a chain, tell whether an address exists, belongs to a
 * contract, or is ours. A valid answer means "well-formed for that network", nothing more.
 *
 * Pure: no I/O, no allocation, no locale. Inputs are (pointer, length) of arbitrary bytes: invalid
 * UTF-8, non-ASCII, NUL and over-long input are refused with a reason, never a crash. White
 * space and invisible marks at the ends (what copy and paste adds, see address_trim) are trimmed
 * and flagged; anything inside the address is kept and judged. */
#ifndef EXDESK_CORE_ADDRESS_H
#define EXDESK_CORE_ADDRESS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ADDRESS_TEXT_MAX    128 /* bytes of an address after trimming (longest valid: 90) */
#define ADDRESS_NORMAL_MAX  90  /* bytes of a normalised address */
#define ADDRESS_PAYLOAD_MAX 40  /* bytes of a decoded hash, key, account or witness program */
#define ADDRESS_MEMO_MAX    256 /* bytes of a memo/comment after trimming (Cosmos SDK's default) */
#define ADDRESS_SCRIPT_MAX  (2 + ADDRESS_PAYLOAD_MAX + 3)

/* Stable order: values are stored and listed as bits (1u << net). */
enum address_network {
	ADDRESS_NET_BTC,
	ADDRESS_NET_ETH,
	ADDRESS_NET_BSC,
	ADDRESS_NET_POLYGON,
	ADDRESS_NET_ARBITRUM,
	ADDRESS_NET_OPTIMISM,
	ADDRESS_NET_BASE,
	ADDRESS_NET_AVAXC,
	ADDRESS_NET_TRON,
	ADDRESS_NET_SOLANA,
	ADDRESS_NET_XRP,
	ADDRESS_NET_LTC,
	ADDRESS_NET_DOGE,
	ADDRESS_NET_TON,
	ADDRESS_NET_ATOM,
	ADDRESS_NET_COUNT
};
#define ADDRESS_NET_BIT(n) (1u << (n))

/* Stable code ("BTC", "ETH", "BSC", "POLYGON", ..., "TRON", "SOL", "XRP", "LTC", "DOGE", "TON",
 * "ATOM"), or NULL for a value outside the enum. */
const char *address_network_code(enum address_network net);
/* Parses a network as users and exchanges name it, ASCII case-insensitively: the codes above and
 * the usual aliases ("ERC20", "BEP20", "TRC20", "MATIC", "ARB", "SPL", "Cosmos", ...). */
bool address_network_parse(const char *s, size_t len, enum address_network *net);

/* The chains of Bitcoin-family networks. Bitcoin's testnet3, testnet4 and signet share one set
 * of parameters (base58 prefixes 0x6f/0xc4, hrp "tb"), so they are one value here. */
enum address_chain {
	ADDRESS_CHAIN_MAIN,
	ADDRESS_CHAIN_TEST,
	ADDRESS_CHAIN_REGTEST,
};

enum address_rc {
	ADDRESS_OK = 0,
	ADDRESS_EMPTY,
	ADDRESS_TOO_LONG,
	ADDRESS_BAD_UTF8,
	ADDRESS_NON_ASCII,   /* CJK, full-width letters, zero-width or other invisible characters */
	ADDRESS_INNER_SPACE, /* white space or a control character inside the text */
	ADDRESS_BAD_CHAR,    /* a character outside the format's alphabet */
	ADDRESS_BAD_LENGTH,  /* wrong number of characters or decoded bytes */
	ADDRESS_BAD_PREFIX,  /* missing or wrong fixed prefix ("0x", "T", workchain ':') */
	ADDRESS_BAD_VERSION, /* unknown version or tag byte for this network */
	ADDRESS_BAD_CHECKSUM, /* Base58Check, Bech32, EIP-55 mixed case, CRC16 */
	ADDRESS_MIXED_CASE,   /* Bech32 with upper and lower case letters */
	ADDRESS_BAD_HRP,      /* a Bech32 prefix of another network ("cosmosvaloper", "tltc") */
	ADDRESS_BAD_WITNESS_VERSION,
	ADDRESS_BAD_PROGRAM_LENGTH,
	ADDRESS_WRONG_VARIANT, /* v0 with a Bech32m checksum, or v1+ with Bech32 (BIP-350) */
	ADDRESS_BAD_PADDING,   /* Bech32 data that does not regroup into whole bytes */
	ADDRESS_BAD_WORKCHAIN, /* TON: only the basechain (0) and masterchain (-1) exist */
	ADDRESS_UNSUPPORTED,   /* a valid form this code does not accept (XRP 64-bit tags) */
	ADDRESS_BAD_TAG,       /* encoding: a destination tag outside uint32 */
	ADDRESS_TESTNET,     /* a well-formed testnet address; *out is filled as for a valid one */
	ADDRESS_PRIVATE_KEY, /* a WIF private key: never store, log or echo this input */
	ADDRESS_SEED_PHRASE, /* 12..24 words like a recovery phrase: never store, log or echo */
	ADDRESS_UNKNOWN_NETWORK,
	ADDRESS_NO_SPACE, /* the caller's output buffer is too small */
};
/* A sentence for people ("checksum does not match: a character was mistyped") ... */
const char *address_strerror(enum address_rc rc);
/* ... and a stable snake_case code for the API and translations ("bad_checksum"). */
const char *address_rc_code(enum address_rc rc);

enum address_memo_rc {
	ADDRESS_MEMO_OK = 0,     /* valid, or none needed and none given */
	ADDRESS_MEMO_MISSING,    /* the network's exchange deposits need one */
	ADDRESS_MEMO_UNEXPECTED, /* given for a network that has no memo (a warning: ignored) */
	ADDRESS_MEMO_TOO_LONG,
	ADDRESS_MEMO_BAD_UTF8,
	ADDRESS_MEMO_BAD_CHAR,     /* a control character, or non-digits in a numeric tag */
	ADDRESS_MEMO_OUT_OF_RANGE, /* a numeric tag over its maximum (XRP: 4294967295) */
	ADDRESS_MEMO_CONFLICT,     /* differs from the tag inside an XRP X-address */
};
const char *address_memo_strerror(enum address_memo_rc rc);
const char *address_memo_rc_code(enum address_memo_rc rc);

enum address_memo_kind {
	ADDRESS_MEMO_NONE,  /* the network has no memo field */
	ADDRESS_MEMO_TAG32, /* XRP destination tag: decimal uint32 */
	ADDRESS_MEMO_TEXT,  /* TON comment, Cosmos memo: printable UTF-8 text */
};
/* How a network's exchange deposits to a shared address are told apart (CRYPTO-DOMAIN.md §1.4):
 * XRP, TON and ATOM need a memo; the others have none. */
enum address_memo_kind address_memo_kind(enum address_network net);

enum address_kind {
	ADDRESS_KIND_NONE,
	ADDRESS_KIND_P2PKH,         /* base58, pay to public-key hash */
	ADDRESS_KIND_P2SH,          /* base58, pay to script hash */
	ADDRESS_KIND_P2WPKH,        /* segwit v0, 20-byte program */
	ADDRESS_KIND_P2WSH,         /* segwit v0, 32-byte program */
	ADDRESS_KIND_P2TR,          /* segwit v1, 32-byte program (Taproot) */
	ADDRESS_KIND_WITNESS_OTHER, /* segwit v1..16 with another length: valid, not yet used */
	ADDRESS_KIND_EVM,           /* 20 bytes, 0x + 40 hex */
	ADDRESS_KIND_TRON,          /* 0x41 + 20 bytes */
	ADDRESS_KIND_SOLANA,        /* 32-byte public key */
	ADDRESS_KIND_XRP_CLASSIC,   /* 20-byte AccountID */
	ADDRESS_KIND_XRP_X,         /* X-address: AccountID + optional tag + network flag */
	ADDRESS_KIND_TON_FRIENDLY,  /* 48-character base64(url) with flags and CRC */
	ADDRESS_KIND_TON_RAW,       /* workchain:64 hex */
	ADDRESS_KIND_COSMOS,        /* bech32 "cosmos" account, 20 or 32 bytes */
};

#define ADDRESS_FLAG_TRIMMED     0x001u /* white space was removed from the ends */
#define ADDRESS_FLAG_NO_CHECKSUM 0x002u /* EVM in one case only: carries no EIP-55 check */
#define ADDRESS_FLAG_UPPERCASE   0x004u /* Bech32 in upper case; normalised to lower */
#define ADDRESS_FLAG_HEX_FORM    0x008u /* TRON written as 41 + 40 hex; normalised to T... */
#define ADDRESS_FLAG_SHARED_P2SH 0x010u /* Litecoin '3' address: the same text is valid on BTC */
#define ADDRESS_FLAG_BOUNCEABLE  0x020u /* TON user-friendly, bounceable tag */
#define ADDRESS_FLAG_URL_SAFE    0x040u /* TON user-friendly in base64url */
#define ADDRESS_FLAG_TEST_ONLY   0x080u /* TON testnet-only tag, XRP X-address test flag */
#define ADDRESS_FLAG_HAS_TAG     0x100u /* XRP X-address carries a destination tag */

struct address_result {
	enum address_rc rc;
	enum address_network net;
	enum address_kind kind;
	enum address_chain chain;
	unsigned flags; /* ADDRESS_FLAG_* */
	/* The canonical text: EIP-55 for EVM, lower case for Bech32, T... for TRON, the classic
	 * r... address for an X-address, "wc:hex" (lower case) for TON, otherwise as given. */
	char normalized[ADDRESS_NORMAL_MAX + 1];
	size_t normalized_len;
	/* What the text encodes: hash160, witness program, EVM/TRON/XRP 20 bytes, Solana key, TON
	 * account hash, Cosmos account bytes. Same bytes, same account, whatever the form. */
	uint8_t payload[ADDRESS_PAYLOAD_MAX];
	size_t payload_len;
	int witness_version; /* segwit 0..16; -1 otherwise */
	int workchain;       /* TON: 0 or -1 */
	uint32_t tag;        /* XRP X-address destination tag, when ADDRESS_FLAG_HAS_TAG */
	/* Memo verdict and its normalised text (digits without leading zeros for a tag). */
	enum address_memo_rc memo_rc;
	char memo[ADDRESS_MEMO_MAX + 1];
	size_t memo_len;
};

/* Validates text as a mainnet deposit address of net, and memo (NULL or empty when none was
 * given) against the network's memo rule. Fills *out and returns out->rc; on ADDRESS_OK and
 * ADDRESS_TESTNET everything in *out describes the address, otherwise only rc, net, flags and the
 * memo fields are meaningful. The memo is checked whatever the address verdict. */
enum address_rc address_check(enum address_network net, const char *text, size_t len,
                              const char *memo, size_t memo_len, struct address_result *out);

/* Every network whose mainnet format accepts text, as ADDRESS_NET_BIT()s: an 0x address gives all
 * EVM chains, a '3' address BTC and LTC, and a base58 string of 32 bytes Solana. */
uint32_t address_networks_for(const char *text, size_t len);

/* True when every address of a is also an address of b, with the same key behind it (the EVM
 * chains among themselves): the precondition of a "wrong network, same format" recovery. */
bool address_same_format(enum address_network a, enum address_network b);

/* The trimming every input here gets (addresses, memos, tx hashes): white space at both ends,
 * ASCII or Unicode (U+3000 from a CJK keyboard), and the invisible marks copy and paste brings
 * along at the ends (U+200B, U+200E, U+200F, U+2060, U+FEFF). Returns the new start; sets *len. */
const char *address_trim(const char *s, size_t *len);

/* Memo check alone (trimmed, then by the network's rule); writes the normalised memo. */
enum address_memo_rc address_memo_check(enum address_network net, const char *memo, size_t len,
                                        char out[ADDRESS_MEMO_MAX + 1], size_t *out_len);

/* ---- network-specific tools (the vectors test through these; later code may need them) ---- */

/* Bitcoin-family address (BTC, LTC, DOGE) under one chain's parameters: on success *out as in
 * address_check and out->chain = chain. */
enum address_rc address_utxo_decode(enum address_network net, enum address_chain chain,
                                    const char *text, size_t len, struct address_result *out);
/* The output script (scriptPubKey) a valid Bitcoin-family result pays to; 0 if none. */
size_t address_utxo_script(const struct address_result *r, uint8_t script[ADDRESS_SCRIPT_MAX]);

/* EIP-55: writes "0x" + the checksummed hex of a 20-byte address, NUL-terminated. */
void address_eip55_format(const uint8_t addr[20], char out[43]);
/* Strict EIP-55: true only for 0x + 40 hex exactly in its checksummed case. */
bool address_eip55_valid(const char *text, size_t len);

/* XRP X-address (XLS-5d) <-> classic address + tag + test flag. has_tag false means no tag (tag
 * ignored); a tag over 0xffffffff is ADDRESS_BAD_TAG. classic_out holds up to 35 characters. */
enum address_rc address_xrp_x_encode(const char *classic, size_t len, bool has_tag, uint64_t tag,
                                     bool test, char *out, size_t cap);
enum address_rc address_xrp_x_decode(const char *x, size_t len, char classic_out[36], bool *has_tag,
                                     uint32_t *tag, bool *test);

/* TON (TEP-2): the user-friendly form of workchain + 32-byte hash, 48 characters + NUL. */
enum address_rc address_ton_format(int workchain, const uint8_t hash[32], bool bounceable,
                                   bool testnet_only, bool url_safe, char out[49]);
/* The 36 bytes inside any 48-character TEP-2 armoring (address, or the public-key form whose tag
 * is 0x3e 0xe6), standard or url-safe base64, with its CRC16 checked. */
enum address_rc address_ton_unarmor(const char *text, size_t len, uint8_t out[36]);
/* CRC-16/XMODEM (poly 0x1021, init 0), the checksum of TON's armored forms. */
uint16_t address_crc16_xmodem(const uint8_t *data, size_t len);

#endif
