/* address_diff.h — a character-level diff of two addresses for the agent's view of a held
 * withdrawal: which characters the two have in common and which differ, per address and aligned
 * column by column, so the console can highlight the differing middle of a poisoned lookalike
 * ("0x5aAe" and "BeAed" the same, everything between different).
 *
 * Owns: the alignment (a longest common subsequence over the characters between the common
 * prefix and suffix) and the cleanup that makes it readable. Never: judges whether two
 * addresses are lookalikes (withdrawal_risk.h does) or validates them (address.h).
 *
 * Cleanup: in the middle, a run of matching characters shorter than ADDRESS_DIFF_MIN_RUN is
 * shown as differing. Two unrelated addresses always have some characters in common by chance
 * (two random 32-digit hex strings share a subsequence of about 10), and showing a stray '7' as
 * "same" would make a wholly different middle look partly right. The common prefix and suffix
 * are always shown as the same, whatever their length.
 *
 * Pure: no I/O, no allocation; about 18 KiB of stack. Spans point into the caller's strings. */
#ifndef EXDESK_CORE_ADDRESS_DIFF_H
#define EXDESK_CORE_ADDRESS_DIFF_H
#include <stdbool.h>
#include <stddef.h>

#define ADDRESS_DIFF_MAX     128 /* bytes of either text (ADDRESS_TEXT_MAX) */
#define ADDRESS_DIFF_MIN_RUN 4   /* shorter matching runs in the middle are shown as differing */

enum address_diff_kind {
	ADDRESS_DIFF_SAME,   /* this character is in the other address at the aligned place */
	ADDRESS_DIFF_DIFFER, /* changed, or only in this address */
};

/* A run of characters of one address, all the same kind. */
struct address_diff_span {
	enum address_diff_kind kind;
	const char *text; /* points into that address */
	size_t len;
};

/* One column of the aligned view: a character of a above a character of b. A character that
 * has no counterpart faces a gap (-1). A same column holds equal characters (up to case when
 * folding); a differ column holds different ones or one and a gap. */
struct address_diff_column {
	int a, b; /* index into each address, -1 for a gap */
	bool same;
};

struct address_diff {
	struct address_diff_span a[ADDRESS_DIFF_MAX], b[ADDRESS_DIFF_MAX];
	size_t na, nb; /* spans of each address, in order; together they cover it */
	struct address_diff_column cols[2 * ADDRESS_DIFF_MAX];
	size_t ncols;
	size_t same;   /* columns (characters) shown as the same */
	size_t prefix; /* leading characters the two have in common */
	size_t suffix; /* trailing characters in common, not overlapping the prefix */
};

enum address_diff_rc {
	ADDRESS_DIFF_OK,
	ADDRESS_DIFF_TOO_LONG,  /* a text over ADDRESS_DIFF_MAX bytes */
	ADDRESS_DIFF_NOT_ASCII, /* a byte outside printable ASCII: addresses never have one */
};

/* Diffs a[0..alen) against b[0..blen). fold_case compares ASCII letters case-insensitively:
 * right for formats whose case carries no identity (EVM hex, where EIP-55 case is only a
 * checksum; Bech32), wrong for Base58, where 'a' and 'A' are different digits. Either text may
 * be empty. On an error *out is empty (no spans, no columns). */
enum address_diff_rc address_diff(const char *a, size_t alen, const char *b, size_t blen,
                                  bool fold_case, struct address_diff *out);

#endif
