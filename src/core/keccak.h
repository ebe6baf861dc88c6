/* keccak.h — Keccak-256 as Ethereum uses it (EIP-55 checksums, addresses from public keys).
 *
 * This is the original Keccak submission with its 0x01 padding, not FIPS 202 SHA3-256 (0x06): the
 * two differ on every input. Debian 12 ships no C library with Keccak-256 (OpenSSL 3.0 has only
 * SHA-3), so the sponge is written here around nettle's Keccak-f[1600] permutation,
 * sha3_permute(); nothing cryptographic is implemented in this file's .c beyond the padding rule.
 * Pure: no I/O, no allocation. */
#ifndef EXDESK_CORE_KECCAK_H
#define EXDESK_CORE_KECCAK_H
#include <stddef.h>
#include <stdint.h>

#define KECCAK256_DIGEST_SIZE 32

/* out = Keccak-256(data[0..len)). data may be NULL when len is 0. */
void keccak256(const void *data, size_t len, uint8_t out[KECCAK256_DIGEST_SIZE]);

#endif
