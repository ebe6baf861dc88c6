/* filetype.h — is a file what it claims to be? Customers attach screenshots and statements;
 * we accept a short list of types and check the declared type against the file's first bytes,
 * so an HTML page labelled image/png is refused. Pure, no I/O. */
#ifndef EXDESK_CORE_FILETYPE_H
#define EXDESK_CORE_FILETYPE_H
#include <stdbool.h>
#include <stddef.h>

/* True when content_type is one we accept (image/png, image/jpeg, image/gif, image/webp,
 * application/pdf; parameters after ';' ignored) and data starts with that type's signature. */
bool filetype_allowed(const char *content_type, const unsigned char *data, size_t len);
/* True for the image types (shown inline); PDFs are downloaded. */
bool filetype_is_image(const char *content_type);

#endif
