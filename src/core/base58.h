/* base58.h — Base58 and Base58Check, as Bitcoin Core defines them, over either of the two
 * alphabets in use: Bitcoin's (also TRON, Solana, Litecoin, Dogecoin) and Ripple's (XRP, which
 * permutes the same 58 symbols so that its addresses start with 'r').
 *
 * Pure: no I/O, no allocation, no locale. Decoding is strict: every byte must be in the alphabet
 * (no white space skipping, unlike Bitcoin Core's DecodeBase58), so a value that decodes
 * re-encodes to exactly the same text. Work is bounded by BASE58_MAX_TEXT / BASE58_MAX_BYTES;
 * the arithmetic is the quadratic schoolbook conversion, a few microseconds at these sizes.
 *
 * Base58Check appends the first 4 bytes of SHA-256(SHA-256(payload)) (libsodium). The version
 * byte, where a format has one, is simply the first payload byte: callers check it. */
#ifndef EXDESK_CORE_BASE58_H
#define EXDESK_CORE_BASE58_H
#include <stddef.h>
#include <stdint.h>

/* Longest byte string we encode, and longest text we decode. 256 bytes encode to at most 350
 * characters (256 * log(256) / log(58) rounded up); addresses are 25..35 characters. */
#define BASE58_MAX_BYTES 256
#define BASE58_MAX_TEXT  352
#define BASE58_CHECKSUM  4

enum base58_alphabet {
	BASE58_BITCOIN, /* 123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz */
	BASE58_RIPPLE,  /* rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz */
};

enum base58_rc {
	BASE58_OK = 0,
	BASE58_BAD_CHAR,  /* a byte outside the alphabet (white space, '0', 'O', 'I', 'l', ...) */
	BASE58_TOO_LONG,  /* input over BASE58_MAX_TEXT characters or BASE58_MAX_BYTES bytes */
	BASE58_NO_SPACE,  /* the caller's output buffer is too small */
	BASE58_TOO_SHORT, /* Base58Check: fewer than the 4 checksum bytes */
	BASE58_BAD_CHECKSUM, /* Base58Check: checksum does not match */
};
const char *base58_strerror(enum base58_rc rc);

/* The 58 symbols of an alphabet, in digit order. */
const char *base58_symbols(enum base58_alphabet a);

/* Encodes data[0..len) into out as a NUL-terminated string; *out_len (may be NULL) gets its
 * length. Each leading zero byte becomes one leading first symbol ('1' or 'r'); no bytes give
 * the empty string. cap counts the NUL. On error out holds "" when cap > 0. */
enum base58_rc base58_encode(enum base58_alphabet a, const uint8_t *data, size_t len, char *out,
                             size_t cap, size_t *out_len);

/* Decodes text[0..len) into out[0..cap); *out_len gets the byte count. Each leading first symbol
 * gives one leading zero byte. The empty text decodes to no bytes. */
enum base58_rc base58_decode(enum base58_alphabet a, const char *text, size_t len, uint8_t *out,
                             size_t cap, size_t *out_len);

/* Base58 of payload || checksum(payload); payload at most BASE58_MAX_BYTES - 4 bytes. */
enum base58_rc base58check_encode(enum base58_alphabet a, const uint8_t *payload, size_t len,
                                  char *out, size_t cap, size_t *out_len);

/* Decodes and verifies; out gets the payload without its checksum. */
enum base58_rc base58check_decode(enum base58_alphabet a, const char *text, size_t len,
                                  uint8_t *out, size_t cap, size_t *out_len);

#endif
