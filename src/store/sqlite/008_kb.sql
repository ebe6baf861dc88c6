-- 008_kb: the knowledge base (docs/api.md "Knowledge base", docs/internals/search.md).
-- Categories hold sections, sections hold articles (an article may also sit in a category
-- without a section). An article is one subject written in several locales: one translation
-- per locale, each with its own title, Markdown body, the plain text extracted from it (what
-- search indexes and cuts snippets from) and its own draft/published state; the public sees a
-- translation only when the article and the translation are both published. Every saved
-- title/body is kept in kb_versions, numbered per (article, locale).
-- Names per locale are JSON objects {"en":"Deposits","zh-CN":"充值"}: read and written whole,
-- never queried by key, so a child table would add joins and nothing else.

CREATE TABLE kb_categories (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    position   INTEGER NOT NULL DEFAULT 0,
    names      TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE kb_sections (
    id          INTEGER PRIMARY KEY,
    category_id INTEGER NOT NULL REFERENCES kb_categories(id),
    slug        TEXT NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    names       TEXT NOT NULL DEFAULT '{}',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (category_id, slug)
);

CREATE TABLE kb_articles (
    id             INTEGER PRIMARY KEY,
    category_id    INTEGER REFERENCES kb_categories(id),
    section_id     INTEGER REFERENCES kb_sections(id),
    default_locale TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),
    view_count     INTEGER NOT NULL DEFAULT 0,
    helpful_yes    INTEGER NOT NULL DEFAULT 0,
    helpful_no     INTEGER NOT NULL DEFAULT 0,
    author_id      INTEGER REFERENCES agents(id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    published_at   INTEGER
);
CREATE INDEX kb_articles_category ON kb_articles(category_id);
CREATE INDEX kb_articles_section ON kb_articles(section_id);

CREATE TABLE kb_translations (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
    locale     TEXT NOT NULL,
    title      TEXT NOT NULL,
    body_md    TEXT NOT NULL,
    body_text  TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),
    version    INTEGER NOT NULL DEFAULT 1,   -- the newest kb_versions row of this locale
    author_id  INTEGER REFERENCES agents(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (article_id, locale)
);

CREATE TABLE kb_versions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
    locale     TEXT NOT NULL,
    version    INTEGER NOT NULL,
    title      TEXT NOT NULL,
    body_md    TEXT NOT NULL,
    author_id  INTEGER REFERENCES agents(id),
    created_at INTEGER NOT NULL,
    UNIQUE (article_id, locale, version)
);

-- "Was this helpful?": one answer per client, article and UTC day. client_key is a SHA-256 of
-- what identifies the client (docs/api.md), never the address itself.
CREATE TABLE kb_feedback (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
    locale     TEXT NOT NULL,
    helpful    INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    client_key TEXT NOT NULL,
    day        INTEGER NOT NULL,             -- days since the epoch (UTC)
    created_at INTEGER NOT NULL,
    UNIQUE (article_id, client_key, day)
);

-- The search index: external content (the text lives once, in kb_translations), so snippet()
-- and highlight() can read it back; the rowid is the translation's id. Column names follow the
-- content table, as FTS5 requires. tokenize='exdesk' is core/search_text.c, registered by the
-- SQLite backend on every connection. The triggers keep the index in the very transaction that
-- changes a translation; FTS5's 'delete' needs the old values, which only a trigger has at hand.
CREATE VIRTUAL TABLE kb_fts USING fts5(
    title, body_text,
    content = 'kb_translations', content_rowid = 'id',
    tokenize = 'exdesk'
);
CREATE TRIGGER kb_translations_ai AFTER INSERT ON kb_translations BEGIN
    INSERT INTO kb_fts (rowid, title, body_text) VALUES (new.id, new.title, new.body_text);
END;
CREATE TRIGGER kb_translations_ad AFTER DELETE ON kb_translations BEGIN
    INSERT INTO kb_fts (kb_fts, rowid, title, body_text)
        VALUES ('delete', old.id, old.title, old.body_text);
END;
CREATE TRIGGER kb_translations_au AFTER UPDATE OF title, body_text ON kb_translations BEGIN
    INSERT INTO kb_fts (kb_fts, rowid, title, body_text)
        VALUES ('delete', old.id, old.title, old.body_text);
    INSERT INTO kb_fts (rowid, title, body_text) VALUES (new.id, new.title, new.body_text);
END;

-- A fresh desk's categories mirror the ticket categories, so `category: "deposit"` works on
-- day one and a ticket's category points at the articles that answer it.
INSERT INTO kb_categories (slug, position, names, created_at, updated_at) VALUES
    ('deposit', 1, '{"en":"Deposits","zh-CN":"充值","zh-TW":"充值","ja":"入金","ko":"입금","ru":"Пополнение","es":"Depósitos","vi":"Nạp tiền","tr":"Para yatırma"}', strftime('%s','now') * 1000, strftime('%s','now') * 1000),
    ('withdrawal', 2, '{"en":"Withdrawals","zh-CN":"提现","zh-TW":"提幣","ja":"出金","ko":"출금","ru":"Вывод средств","es":"Retiros","vi":"Rút tiền","tr":"Para çekme"}', strftime('%s','now') * 1000, strftime('%s','now') * 1000),
    ('account', 3, '{"en":"Account & login","zh-CN":"账户与登录","zh-TW":"帳戶與登入","ja":"アカウントとログイン","ko":"계정 및 로그인","ru":"Аккаунт и вход","es":"Cuenta e inicio de sesión","vi":"Tài khoản và đăng nhập","tr":"Hesap ve giriş"}', strftime('%s','now') * 1000, strftime('%s','now') * 1000),
    ('kyc', 4, '{"en":"Identity verification (KYC)","zh-CN":"身份认证","zh-TW":"身份認證","ja":"本人確認","ko":"본인 인증","ru":"Верификация","es":"Verificación de identidad","vi":"Xác minh danh tính","tr":"Kimlik doğrulama"}', strftime('%s','now') * 1000, strftime('%s','now') * 1000),
    ('security', 5, '{"en":"Security","zh-CN":"安全","zh-TW":"安全","ja":"セキュリティ","ko":"보안","ru":"Безопасность","es":"Seguridad","vi":"Bảo mật","tr":"Güvenlik"}', strftime('%s','now') * 1000, strftime('%s','now') * 1000),
    ('futures', 6, '{"en":"Futures & margin","zh-CN":"合约","zh-TW":"合約","ja":"先物取引","ko":"선물","ru":"Фьючерсы","es":"Futuros","vi":"Hợp đồng tương lai","tr":"Vadeli işlemler"}', strftime('%s','now') * 1000, strftime('%s','now') * 1000),
    ('p2p', 7, '{"en":"P2P trading","zh-CN":"C2C/P2P 交易","zh-TW":"P2P 交易","ja":"P2P取引","ko":"P2P 거래","ru":"P2P-торговля","es":"Comercio P2P","vi":"Giao dịch P2P","tr":"P2P işlemleri"}', strftime('%s','now') * 1000, strftime('%s','now') * 1000),
    ('trading', 8, '{"en":"Spot trading","zh-CN":"现货交易","zh-TW":"現貨交易","ja":"現物取引","ko":"현물 거래","ru":"Спотовая торговля","es":"Trading al contado","vi":"Giao dịch giao ngay","tr":"Spot işlemler"}', strftime('%s','now') * 1000, strftime('%s','now') * 1000),
    ('recovery', 9, '{"en":"Deposit recovery","zh-CN":"充值找回","zh-TW":"充值找回","ja":"入金の回復","ko":"입금 복구","ru":"Возврат депозитов","es":"Recuperación de depósitos","vi":"Khôi phục nạp tiền","tr":"Para yatırma kurtarma"}', strftime('%s','now') * 1000, strftime('%s','now') * 1000),
    ('other', 10, '{"en":"Other","zh-CN":"其他","zh-TW":"其他","ja":"その他","ko":"기타","ru":"Другое","es":"Otros","vi":"Khác","tr":"Diğer"}', strftime('%s','now') * 1000, strftime('%s','now') * 1000);
