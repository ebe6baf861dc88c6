/* txid.h — transaction hashes (TxIDs) as customers paste them into a deposit-recovery form: is
 * this text a transaction id of the network they named, why not, and in which canonical form.
 *
 * Formats (docs/internals/addresses.md): Bitcoin, Litecoin, Dogecoin and TRON: 64 hex; EVM
 * chains: 0x + 64 hex; Solana: the base58 of a 64-byte signature; XRP and Cosmos: 64 hex, shown
 * upper case by their explorers; TON: 64 hex or the 44-character base64 of the same 32 bytes.
 * Hex is accepted in either case. What is refused gets a precise reason: an explorer URL instead
 * of the hash, a "0x" where the network has none (or none where it needs one), a wrong length.
 *
 * What it never does: look the transaction up. Pure: no I/O, no allocation; any bytes in. Input is
 * trimmed like addresses (address_trim). */
#ifndef EXDESK_CORE_TXID_H
#define EXDESK_CORE_TXID_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/address.h"

#define TXID_TEXT_MAX   256 /* bytes after trimming; longer is TXID_TOO_LONG */
#define TXID_NORMAL_MAX 88  /* a Solana signature; hex forms are 64 or 66 */
#define TXID_HASH_MAX   64  /* decoded bytes: 32, or 64 for a Solana signature */

enum txid_rc {
	TXID_OK = 0,
	TXID_EMPTY,
	TXID_TOO_LONG,
	TXID_BAD_UTF8,
	TXID_NON_ASCII,   /* CJK, full-width digits, invisible characters inside */
	TXID_INNER_SPACE, /* white space or control characters inside */
	TXID_URL,         /* an explorer link or path, not the hash itself */
	TXID_BAD_PREFIX,  /* "0x" where the network has none, or missing where it needs one */
	TXID_BAD_CHAR,    /* outside the format's alphabet */
	TXID_BAD_LENGTH,
	TXID_UNKNOWN_NETWORK,
};
const char *txid_strerror(enum txid_rc rc);
const char *txid_rc_code(enum txid_rc rc); /* stable snake_case ("bad_length") */

#define TXID_FLAG_TRIMMED 0x1u /* white space was removed from the ends */
#define TXID_FLAG_BASE64  0x2u /* TON hash given in base64; normalised to hex */

struct txid_result {
	enum txid_rc rc;
	enum address_network net;
	unsigned flags; /* TXID_FLAG_* */
	/* Hex in the case the network's explorers show (upper for XRP and Cosmos, lower otherwise),
	 * "0x" + hex for EVM, the base58 text for Solana. */
	char normalized[TXID_NORMAL_MAX + 1];
	size_t normalized_len;
	uint8_t hash[TXID_HASH_MAX];
	size_t hash_len;
};

/* Checks text as a transaction id of net; fills *out and returns out->rc. On failure only rc, net
 * and flags are meaningful. */
enum txid_rc txid_check(enum address_network net, const char *text, size_t len,
                        struct txid_result *out);

/* Every network whose TxID format accepts text, as ADDRESS_NET_BIT()s (64 hex fits several). */
uint32_t txid_networks_for(const char *text, size_t len);

#endif
