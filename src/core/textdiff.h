/* textdiff.h — line diffs between two versions of a text (knowledge-base article versions):
 * Myers' O(ND) shortest edit script ("An O(ND) Difference Algorithm and Its Variations", 1986)
 * after the common first and last lines are set aside, which is where most edits of an article
 * leave the text alone. Pure; everything it makes lives in the caller's arena.
 *
 * Lines end at '\n' (not included in the line); a final '\n' does not start another line, and
 * "\r" is part of a line like any other byte. Lines are compared as bytes. */
#ifndef EXDESK_CORE_TEXTDIFF_H
#define EXDESK_CORE_TEXTDIFF_H
#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

/* Beyond this many inserted plus deleted lines (after the common ends are set aside) the
 * search for the shortest script stops — it costs O(D^2) memory — and the differing middle is
 * shown as deleted and inserted whole, which is still a correct diff, just not the shortest. */
#define TEXTDIFF_MAX_EDITS 1000

enum textdiff_op { TEXTDIFF_EQUAL, TEXTDIFF_DELETE, TEXTDIFF_INSERT };

struct textdiff_line {
	enum textdiff_op op;
	const char *text; /* points into the old text (equal, delete) or the new one (insert) */
	size_t len;
	size_t old_no, new_no; /* 1-based line numbers; 0 on the side the line is not on */
};

struct textdiff {
	struct textdiff_line *lines; /* in order: applying them to old gives new */
	size_t n, added, removed;
	bool approximate; /* TEXTDIFF_MAX_EDITS was passed */
};

const char *textdiff_op_name(enum textdiff_op op); /* "equal", "delete", "insert" */

/* The diff turning old into new; either text may be empty (or NULL with length 0). */
void textdiff_lines(struct arena *a, const char *old, size_t old_len, const char *new_text,
                    size_t new_len, struct textdiff *out);

#endif
