# exdesk — plain Makefile with pkg-config.
#   make            build build/exdesk
#   make run        install what is missing, build, seed ./var, serve on 127.0.0.1:8080
#   make test       install what is missing, build, run every test (plain and ASan+UBSan)
#   make SANITIZE=address,undefined   build with sanitizers (objects go to build-san/)
CC       ?= cc
PKGS     := libmicrohttpd jansson sqlite3 libsodium libutf8proc libcurl gmime-3.0 libxml-2.0 \
            uchardet libexttextcat icu-uc icu-i18n libcmark nettle
SANITIZE ?=
ifeq ($(SANITIZE),)
BUILD    ?= build
SANFLAGS :=
else
BUILD    ?= build-san
SANFLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wno-missing-field-initializers -Isrc $(SANFLAGS) \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS   += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
LDFLAGS  += $(SANFLAGS)

SRC      := $(filter-out src/main.c,$(shell find src -name '*.c' | sort))
OBJ      := $(SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/migrations.o $(BUILD)/obj/gen/web_assets.o \
            $(BUILD)/obj/gen/exchange_migrations.o
LIB      := $(BUILD)/libexdesk.a
BIN      := $(BUILD)/exdesk
MIGRATIONS := $(sort $(wildcard src/store/sqlite/*.sql))
# The demo exchange keeps its own database (docs/connector.md) with its own migrations.
EXCHANGE_MIGRATIONS := $(sort $(wildcard src/store/sqlite/exchange/*.sql))
# The web apps (console, widget, demo page) are served from the binary: no files to deploy.
WEB_FILES := $(sort $(shell find web -type f \( -name '*.html' -o -name '*.js' -o -name '*.mjs' \
               -o -name '*.css' -o -name '*.svg' -o -name '*.png' -o -name '*.ico' \) 2>/dev/null))

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
API_SRC  := $(sort $(wildcard tests/api/t_*.c))
API_BIN  := $(API_SRC:tests/api/%.c=$(BUILD)/tests/api/%)
HARNESS_SRC := $(sort $(wildcard tests/api/harness*.c))
API_HDR  := $(sort $(wildcard tests/api/*.h))
API_LIBS := $(shell pkg-config --libs libcurl jansson sqlite3 2>/dev/null) -lpthread
API_CFLAGS := $(shell pkg-config --cflags libcurl jansson sqlite3 2>/dev/null)
MAIL_SRC := $(sort $(wildcard tests/mail/t_*.c))
MAIL_BIN := $(MAIL_SRC:tests/mail/%.c=$(BUILD)/tests/mail/%)
MAIL_HARNESS := $(sort $(wildcard tests/mail/mail_harness*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/fuzz/%)

.PHONY: all run test check-deps deps tests clean format unit api fuzz mail bench bench-full bench-peer
all: $(BIN)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# Migrations are compiled into the binary so a fresh data dir needs nothing else.
$(BUILD)/gen/migrations.c: $(MIGRATIONS) scripts/embed
	@mkdir -p $(dir $@)
	scripts/embed migrations $(MIGRATIONS) > $@
$(BUILD)/obj/gen/migrations.o: $(BUILD)/gen/migrations.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@
$(BUILD)/gen/exchange_migrations.c: $(EXCHANGE_MIGRATIONS) scripts/embed
	@mkdir -p $(dir $@)
	scripts/embed exchange_migrations $(EXCHANGE_MIGRATIONS) > $@
$(BUILD)/obj/gen/exchange_migrations.o: $(BUILD)/gen/exchange_migrations.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@
$(BUILD)/gen/web_assets.c: $(WEB_FILES) scripts/embed
	@mkdir -p $(dir $@)
	scripts/embed web_assets --root web $(WEB_FILES) > $@
$(BUILD)/obj/gen/web_assets.o: $(BUILD)/gen/web_assets.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(OBJ)
	rm -f $@; ar rcs $@ $^

$(BIN): $(BUILD)/obj/src/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/unit/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags check) -Itests/unit -o $@ $< $(LIB) \
	    $(LDFLAGS) $(shell pkg-config --libs check) $(LDLIBS)

# The dispatch simulation's world and oracle are files of their own, linked into that test only.
SIM_SRC := tests/unit/sim_world.c tests/unit/sim_oracle.c tests/unit/sim_oracle_sla.c
SIM_HDR := tests/unit/sim.h tests/unit/sim_oracle.h tests/unit/sim_oracle_internal.h
$(BUILD)/tests/unit/test_dispatch_sim: tests/unit/test_dispatch_sim.c $(SIM_SRC) $(SIM_HDR) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ tests/unit/test_dispatch_sim.c $(SIM_SRC) \
	    $(LIB) $(LDFLAGS) $(LDLIBS)

$(BUILD)/tests/api/%: tests/api/%.c $(HARNESS_SRC) $(API_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(API_CFLAGS) -Itests/api -o $@ $< $(HARNESS_SRC) $(LDFLAGS) $(API_LIBS)

# Mail tests: the API harness plus real mail peers (tests/mail/peers) on loopback.
$(BUILD)/tests/mail/%: tests/mail/%.c $(HARNESS_SRC) $(MAIL_HARNESS) $(API_HDR) $(wildcard tests/mail/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(API_CFLAGS) -Itests/api -Itests/mail -o $@ $< $(HARNESS_SRC) $(MAIL_HARNESS) \
	    $(LDFLAGS) $(API_LIBS)

# Fuzz drivers build as plain programs that replay their corpus (tests/fuzz/corpus/NAME/) plus
# seeded mutations, so `make test` runs them; for a real libFuzzer run see the command at the top
# of each tests/fuzz/fuzz_*.c.
$(BUILD)/tests/fuzz/%: tests/fuzz/%.c tests/fuzz/replay_main.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< tests/fuzz/replay_main.c $(LIB) $(LDFLAGS) $(LDLIBS)

tests: $(BIN) $(UNIT_BIN) $(API_BIN) $(MAIL_BIN) $(FUZZ_BIN)
unit: $(UNIT_BIN)
api: $(API_BIN)
fuzz: $(FUZZ_BIN)
mail: $(MAIL_BIN)

# Benchmarks print figures against a baseline measured in the same run; they are not tests.
$(BUILD)/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -std=c17 -D_GNU_SOURCE -Wall -Wextra -o $@ $< -lpthread
$(BUILD)/bench/routing_bench: bench/routing_bench.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)
# dispatch_bench includes routing_bench.c (the same desk) and links the store and API objects.
$(BUILD)/bench/dispatch_bench: bench/dispatch_bench.c bench/routing_bench.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)
# search_bench links the tokenizer and its FTS5 glue; the text comes from ../shared/data.
# store_fill writes a data dir of N tickets through the store, for the scale runs.
$(BUILD)/bench/search_bench $(BUILD)/bench/store_fill: $(BUILD)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)
# http_bench drives the real server with wrk and libcurl; mhd_hello is its bare-server baseline.
$(BUILD)/bench/http_bench: bench/http_bench.c bench/http_load.c bench/http_load.h
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror $(API_CFLAGS) -o $@ bench/http_bench.c \
	    bench/http_load.c $(API_LIBS)
$(BUILD)/bench/mhd_hello: bench/mhd_hello.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -o $@ $< \
	    $(shell pkg-config --cflags --libs libmicrohttpd) -lpthread
HTTP_BENCH := $(BIN) $(BUILD)/bench/http_bench $(BUILD)/bench/mhd_hello $(BUILD)/bench/store_fill
bench: $(HTTP_BENCH) $(BUILD)/bench/push_bench $(BUILD)/bench/routing_bench $(BUILD)/bench/dispatch_bench \
       $(BUILD)/bench/search_bench
	@command -v wrk >/dev/null || apt-get install -y wrk
	EXDESK_BIN=$(BIN) EXDESK_BENCH_DIR=$(BUILD)/bench $(BUILD)/bench/http_bench
	EXDESK_BIN=$(BIN) $(BUILD)/bench/push_bench
	$(BUILD)/bench/routing_bench
	$(BUILD)/bench/dispatch_bench
	$(BUILD)/bench/search_bench --messages 100000
# The full sizes: search over 1,000,000 messages (about 4 minutes on 2 cores).
bench-full: $(HTTP_BENCH) $(BUILD)/bench/search_bench
	@command -v wrk >/dev/null || apt-get install -y wrk
	EXDESK_BIN=$(BIN) EXDESK_BENCH_DIR=$(BUILD)/bench $(BUILD)/bench/http_bench --full
	$(BUILD)/bench/search_bench --messages 1000000
# A peer on the same machine: Debian's request-tracker5 (RT 5) against exdesk; not part of make test.
bench-peer: $(BIN)
	EXDESK_BIN=$(BIN) BUILD=$(BUILD) scripts/bench-peer

check-deps:
	@scripts/install-deps --check || scripts/install-deps

# The whole product with a demo desk on http://127.0.0.1:8080.
run: check-deps
	$(MAKE) $(BIN)
	@if [ ! -f var/exdesk.db ]; then echo "seeding the demo desk into ./var (about a minute)"; \
	  $(BIN) seed-demo --data var 2>var-seed.log || { cat var-seed.log; exit 1; }; rm -f var-seed.log; fi
	@echo ""
	@echo "  exdesk demo desk: http://127.0.0.1:8080"
	@echo "    agent console:        http://127.0.0.1:8080/console/"
	@echo "    demo exchange + chat: http://127.0.0.1:8080/demo/"
	@echo "    API under /api/v1 (docs/api.md, docs/chat.md)"
	@echo "  sign in with any demo agent, password exdesk-demo:"
	@echo "    mei.lin@demo.exdesk (L1 agent)  admin@demo.exdesk  supervisor@demo.exdesk  qa@demo.exdesk"
	@echo "  an API token: build/exdesk token create --data var --email admin@demo.exdesk"
	@echo ""
	@# Links as the exchange would give its logged-in users (uid + user_hash: docs/exchange.md).
	@h3=$$($(BIN) identity hash --data var --uid 10000003) && \
	h1=$$($(BIN) identity hash --data var --uid 10000001) && \
	echo "  exchange users (demo exchange, docs/connector.md \"The demo data\"):" && \
	echo "    김민준 sent 250 XRP without its memo — file a recovery in the help center:" && \
	echo "      http://127.0.0.1:8080/help/ko/recovery#uid=10000003&user_hash=$$h3" && \
	echo "    王小明's 5000 USDT withdrawal to a lookalike address is held: Security group in the console" && \
	echo "      (hao.chen@demo.exdesk works it, supervisor@demo.exdesk approves the release); his chat:" && \
	echo "      http://127.0.0.1:8080/demo/verified.html?uid=10000001&hash=$$h1&lang=zh-CN" && \
	echo "    incidents and compensation lists: the console's Incidents page (supervisor, admin)" && \
	echo ""
	@# Demo mail on loopback (needs root): OpenSMTPD on :2525 delivers support@desk.test to
	@# exdesk's LMTP on :2424; dovecot keeps alice@/bob@customer.test (password secret) on IMAP :1143.
	@# The demo exchange (docs/connector.md) on :8090 with its own data in var/exchange: the desk
	@# reads users, deposits and withdrawals through it and gets its webhooks; both stop together.
	@mkdir -p var/exchange; \
	$(BIN) demo-exchange --data var/exchange --listen 127.0.0.1:8090 \
	     --webhook http://127.0.0.1:8080/api/v1/exchange/webhook >var/exchange.log 2>&1 & xpid=$$!; \
	trap 'kill $$xpid 2>/dev/null; wait $$xpid 2>/dev/null' EXIT INT TERM; \
	for i in $$(seq 50); do [ -s var/exchange/secrets ] && break; sleep 0.1; done; \
	echo "  demo exchange (connector, webhooks): http://127.0.0.1:8090  log: var/exchange.log"; \
	mail=""; \
	if [ "$$(id -u)" = 0 ] && PEERS_PORTS="2525 1143 2424 2426" tests/mail/peers start var/mail \
	      --owner $$$$ >var/mail.log 2>&1; then \
	  echo "  demo mail (README: the email tour): a GB2312 mail from alice@customer.test:"; \
	  echo "    swaks --server 127.0.0.1:2525 --from alice@customer.test --to support@desk.test \\"; \
	  echo "          --data tests/mail/data/gb2312.eml     (iso2022jp.eml is bob's, in Japanese)"; \
	  echo "    her mailbox: curl -s --user alice@customer.test:secret 'imap://127.0.0.1:1143/INBOX;UID=1'"; \
	  mail="--lmtp 127.0.0.1:2424 --smtp smtp://127.0.0.1:2525"; \
	else \
	  echo "  (demo mail servers not started: see var/mail.log; serving without email)"; \
	fi; \
	echo ""; \
	$(BIN) serve --data var --listen 127.0.0.1:8080 $$mail \
	     --exchange http://127.0.0.1:8090 --exchange-secrets var/exchange/secrets

# Every test: plain build, then the same suite under ASan+UBSan.
test: check-deps
	$(MAKE) tests
	$(MAKE) SANITIZE=address,undefined CC=clang tests
	tests/run build build-san

format:
	clang-format -i $$(find src tests -name '*.[ch]')

clean:
	rm -rf build build-san

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
