/* keccak.c — see keccak.h. The sponge at rate 136 bytes (capacity 512 bits, 1088-bit rate: the
 * Keccak-256 parameters), around nettle's permutation.
 *
 * nettle's struct sha3_state is uint64_t a[25], lane (x, y) at a[x + 5y], each lane holding
 * eight message bytes in little-endian order (nettle's own sha3.c absorbs with LE_READ_UINT64).
 * So byte i of a block is XORed into lane i / 8 at bit 8 * (i % 8), and the digest is read back
 * the same way. Padding is Keccak's pad10*1 with the 0x01 domain bit: the byte after the message
 * gets 0x01 and the last byte of the block 0x80 (one byte 0x81 when they coincide). */
#include "core/keccak.h"

#include <string.h>

#include <nettle/sha3.h>

#define KECCAK256_RATE 136 /* 200 - 2 * 32 */

static void absorb(struct sha3_state *st, const uint8_t block[KECCAK256_RATE])
{
	for (size_t i = 0; i < KECCAK256_RATE / 8; i++) {
		uint64_t lane = 0;
		for (int b = 7; b >= 0; b--)
			lane = (lane << 8) | block[8 * i + (size_t)b];
		st->a[i] ^= lane;
	}
	sha3_permute(st);
}

void keccak256(const void *data, size_t len, uint8_t out[KECCAK256_DIGEST_SIZE])
{
	struct sha3_state st;
	uint8_t last[KECCAK256_RATE];
	const uint8_t *p = data;

	memset(&st, 0, sizeof st);
	for (; len >= KECCAK256_RATE; p += KECCAK256_RATE, len -= KECCAK256_RATE)
		absorb(&st, p);
	memset(last, 0, sizeof last);
	if (len > 0)
		memcpy(last, p, len);
	last[len] ^= 0x01;
	last[KECCAK256_RATE - 1] ^= 0x80;
	absorb(&st, last);
	for (size_t i = 0; i < KECCAK256_DIGEST_SIZE; i++)
		out[i] = (uint8_t)(st.a[i / 8] >> (8 * (i % 8)));
}
