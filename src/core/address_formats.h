/* address_formats.h — internal to the address module: the per-format parsers address.c's
 * network table dispatches to (address_formats.c). Not a contract for anyone else: include
 * core/address.h.
 *
 * Each parser gets text that address.c has trimmed and found to be 1..ADDRESS_TEXT_MAX bytes of
 * printable ASCII without spaces, and an *out reset by address.c (net set, witness_version -1,
 * the trimmed flag possibly set). It returns ADDRESS_OK or ADDRESS_TESTNET with kind, payload,
 * normalized and flags filled, or the first rule the text breaks; address.c clears *out on
 * failure. */
#ifndef EXDESK_CORE_ADDRESS_FORMATS_H
#define EXDESK_CORE_ADDRESS_FORMATS_H
#include "core/address.h"

/* Bitcoin, Litecoin, Dogecoin: mainnet, else ADDRESS_TESTNET if a test chain accepts the text. */
enum address_rc address_parse_utxo(enum address_network net, const char *s, size_t n,
                                   struct address_result *out);
/* The same under one chain's parameters only. */
enum address_rc address_parse_utxo_chain(enum address_network net, enum address_chain chain,
                                         const char *s, size_t n, struct address_result *out);
enum address_rc address_parse_evm(enum address_network net, const char *s, size_t n,
                                  struct address_result *out);
enum address_rc address_parse_tron(enum address_network net, const char *s, size_t n,
                                   struct address_result *out);
enum address_rc address_parse_solana(enum address_network net, const char *s, size_t n,
                                     struct address_result *out);
enum address_rc address_parse_xrp(enum address_network net, const char *s, size_t n,
                                  struct address_result *out);
enum address_rc address_parse_ton(enum address_network net, const char *s, size_t n,
                                  struct address_result *out);
enum address_rc address_parse_cosmos(enum address_network net, const char *s, size_t n,
                                     struct address_result *out);

#endif
