/* bech32.h — Bech32 (BIP-173) and Bech32m (BIP-350) strings, and segwit addresses built on them.
 *
 * A Bech32 string is hrp '1' data checksum: the human-readable part (1..83 characters in
 * 33..126), the separator (the last '1'), then 5-bit groups written in the 32-character set
 * "qpzry9x8gf2tvdw0s3jn54khce6mua7l", the last six of which are the checksum. The two variants
 * differ only in the checksum constant (1 for Bech32, 0x2bc830a3 for Bech32m); no string is valid
 * under both. Strings are all lower or all upper case, at most 90 characters.
 *
 * Segwit addresses (BIP-173 as amended by BIP-350): the data is a witness version 0..16 then the
 * program in 5-bit groups. Version 0 must use Bech32 and a 20- or 32-byte program; versions 1..16
 * must use Bech32m and a 2..40-byte program.
 *
 * Pure: no I/O, no allocation. Every decoder answers why it refused (enum bech32_rc). */
#ifndef EXDESK_CORE_BECH32_H
#define EXDESK_CORE_BECH32_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BECH32_MAX_LEN      90                   /* characters of a whole string (BIP-173) */
#define BECH32_MAX_HRP      83                   /* 90 - separator - 6 checksum characters */
#define BECH32_MAX_DATA     (BECH32_MAX_LEN - 8) /* 5-bit groups, checksum excluded */
#define BECH32_CHECKSUM_LEN 6
#define SEGWIT_MIN_PROGRAM  2
#define SEGWIT_MAX_PROGRAM  40

enum bech32_encoding {
	BECH32_NONE = 0,
	BECH32_BECH32,  /* BIP-173, checksum constant 1 */
	BECH32_BECH32M, /* BIP-350, checksum constant 0x2bc830a3 */
};

enum bech32_rc {
	BECH32_OK = 0,
	BECH32_TOO_LONG,       /* over BECH32_MAX_LEN characters */
	BECH32_BAD_CHAR,       /* a byte outside 33..126 anywhere, or outside the data charset */
	BECH32_MIXED_CASE,     /* upper and lower case letters together */
	BECH32_NO_SEPARATOR,   /* no '1' */
	BECH32_EMPTY_HRP,      /* nothing before the separator */
	BECH32_SHORT_CHECKSUM, /* fewer than 6 characters after the separator */
	BECH32_BAD_CHECKSUM,   /* matches neither variant */
	BECH32_NO_SPACE,       /* the caller's output buffer is too small */
	/* segwit */
	BECH32_WRONG_HRP,       /* a different network's prefix */
	BECH32_NO_DATA,         /* no witness version */
	BECH32_BAD_VERSION,     /* witness version above 16 */
	BECH32_BAD_PADDING,     /* the 5-to-8-bit conversion leaves non-zero or over-long padding */
	BECH32_BAD_PROGRAM_LEN, /* outside 2..40 bytes, or not 20/32 for version 0 */
	BECH32_WRONG_VARIANT,   /* v0 with Bech32m, or v1+ with Bech32 */
};
const char *bech32_strerror(enum bech32_rc rc);

/* Decodes s[0..len). On success hrp gets the human-readable part in lower case (NUL-terminated),
 * data[0..*data_len) the 5-bit groups without the checksum, *enc the variant whose checksum
 * matched. The outputs are unspecified on error. */
enum bech32_rc bech32_decode(const char *s, size_t len, char hrp[BECH32_MAX_HRP + 1],
                             uint8_t data[BECH32_MAX_DATA], size_t *data_len,
                             enum bech32_encoding *enc);

/* Encodes hrp (its letters are written in lower case) and the 5-bit groups data[0..len) with
 * the checksum of enc, NUL-terminated into out[0..cap). */
enum bech32_rc bech32_encode(const char *hrp, const uint8_t *data, size_t len,
                             enum bech32_encoding enc, char *out, size_t cap, size_t *out_len);

/* Regroups in[0..in_len) of in_bits-bit values into out_bits-bit values (BIP-173's convertbits).
 * With pad the last group is zero-filled; without, leftover bits must be fewer than in_bits and
 * all zero. False if a value does not fit in in_bits, padding is invalid or out_cap is short. */
bool bech32_convert_bits(uint8_t *out, size_t *out_len, size_t out_cap, int out_bits,
                         const uint8_t *in, size_t in_len, int in_bits, bool pad);

/* Decodes a segwit address that must carry the prefix hrp (lower case, e.g. "bc", "tb", "ltc").
 * On success *version is 0..16 and program[0..*program_len) the witness program. Upper-case
 * input is accepted (BIP-173 allows it); the hrp comparison ignores case. */
enum bech32_rc segwit_decode(const char *hrp, const char *s, size_t len, int *version,
                             uint8_t program[SEGWIT_MAX_PROGRAM], size_t *program_len);

/* Encodes a segwit address in lower case, refusing what segwit_decode would refuse. */
enum bech32_rc segwit_encode(const char *hrp, int version, const uint8_t *program,
                             size_t program_len, char *out, size_t cap, size_t *out_len);

#endif
