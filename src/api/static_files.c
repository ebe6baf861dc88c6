/* static_files.c — the web apps compiled into the binary (web/ -> util/embedded.h): the agent
 * console, the chat widget, the demo exchange page and the public help center. Each area gets its
 * own Content-Security-Policy: nothing but our own origin for scripts, styles and connections, so
 * even a rendering bug cannot run a customer's text as code. The widget's frame may be embedded
 * by any page (it is meant to sit on the exchange's site); the console may not be framed. */
#include "api/api.h"

#include <string.h>

#include "util/embedded.h"

static const char CSP_APP[] =
	"default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
	"frame-ancestors 'self'";
static const char CSP_WIDGET_FRAME[] =
	"default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
	"frame-ancestors *";

/* The help center shows articles whose Markdown may point at images on the exchange's CDN. */
static const char CSP_HELP[] =
	"default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; "
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
	"frame-ancestors 'self'";

static const struct {
	const char *ext, *type;
} types[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
};

static const char *type_of(const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		size_t e = strlen(types[i].ext);
		if (n > e && strcmp(name + n - e, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

static const struct embedded_file *find(const char *name)
{
	for (size_t i = 0; i < web_assets_count; i++)
		if (strcmp(web_assets[i].name, name) == 0)
			return &web_assets[i];
	return NULL;
}

/* Routes "/console/...", "/widget/...", "/demo/...", "/help/...": the area is the route's
 * first segment. */
void h_static(struct request *r)
{
	const char *pattern = r->route->pattern + 1;
	size_t area_len = strcspn(pattern, "/");
	const char *rest = r->n_params ? r->params[0] : "";
	if (strstr(rest, "..") || strchr(rest, '\\')) {
		http_error(r, 404, "not_found", "no such file", NULL);
		return;
	}
	size_t rl = strlen(rest);
	const char *name = arena_printf(&r->arena, "%.*s/%s%s", (int)area_len, pattern, rest,
				  rl == 0 || rest[rl - 1] == '/' ? "index.html" : "");
	const struct embedded_file *f = find(name);
	/* The help center's pages are addresses its script routes (/help/ja/articles/12): any
	 * path under /help/ whose last segment has no dot is its one page. */
	bool help = area_len == 4 && !strncmp(pattern, "help", 4);
	const char *last = strrchr(rest, '/');
	if (!f && help && !strchr(last ? last + 1 : rest, '.'))
		f = find(name = "help/index.html");
	if (!f) {
		http_error(r, 404, "not_found", "no such file", NULL);
		return;
	}
	bool frame = strcmp(name, "widget/frame.html") == 0;
	http_header(r, "Content-Security-Policy",
		    frame ? CSP_WIDGET_FRAME : help ? CSP_HELP : CSP_APP);
	http_header(r, "Referrer-Policy", "no-referrer");
	/* The files change only with the binary; revalidate so an upgrade shows at once. */
	http_header(r, "Cache-Control", "no-cache");
	if (strcmp(name, "widget/widget.js") == 0) /* loaded cross-origin by exchange pages */
		http_header(r, "Cross-Origin-Resource-Policy", "cross-origin");
	http_static(r, 200, type_of(name), f->data, f->len);
}

/* "/console" -> "/console/" so relative links in the page resolve. */
void h_static_redirect(struct request *r)
{
	http_header(r, "Location", arena_printf(&r->arena, "%s/", r->path));
	http_error(r, 308, "moved", "see the Location header", NULL);
}
