-- The demo exchange's own database (exdesk demo-exchange, docs/connector.md): users and their
-- security history, balances, deposit addresses and memos, a simulated chain index, deposits,
-- withdrawals, trades, address books, compensations, 2FA challenges, idempotency records and
-- the webhook outbox. Amounts are decimal TEXT (core/amount.h), times milliseconds since the
-- epoch. Nothing here is shared with exdesk's own store.
CREATE TABLE users (
  uid TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT,
  country TEXT NOT NULL,
  language TEXT NOT NULL,
  kyc_level INTEGER NOT NULL CHECK (kyc_level BETWEEN 0 AND 3),
  kyc_status TEXT NOT NULL CHECK (kyc_status IN ('none','pending','verified','rejected')),
  vip_tier INTEGER NOT NULL DEFAULT 0 CHECK (vip_tier BETWEEN 0 AND 9),
  account_status TEXT NOT NULL CHECK (account_status IN ('active','frozen','closed')),
  status_reason TEXT,
  twofa_method TEXT NOT NULL CHECK (twofa_method IN ('none','totp','sms')),
  created_at INTEGER NOT NULL
);
CREATE TABLE security_events (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL REFERENCES users(uid),
  kind TEXT NOT NULL CHECK (kind IN ('password_change','password_reset','2fa_enabled','2fa_reset',
    '2fa_disabled','email_change','phone_change','anti_phishing_change')),
  detail TEXT,
  ip TEXT,
  at INTEGER NOT NULL
);
CREATE INDEX security_events_uid ON security_events(uid, at DESC, id DESC);
CREATE TABLE logins (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL REFERENCES users(uid),
  device_id TEXT NOT NULL,
  ip TEXT NOT NULL,
  country TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  new_device INTEGER NOT NULL DEFAULT 0,
  new_country INTEGER NOT NULL DEFAULT 0,
  at INTEGER NOT NULL
);
CREATE INDEX logins_uid ON logins(uid, at DESC, id DESC);
CREATE TABLE assets (
  asset TEXT PRIMARY KEY,
  decimals INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 18)
);
CREATE TABLE networks (
  network TEXT PRIMARY KEY,
  memo_kind TEXT NOT NULL CHECK (memo_kind IN ('none','tag','text')),
  required_confirmations INTEGER NOT NULL,
  native_asset TEXT NOT NULL REFERENCES assets(asset)
);
-- Token contracts the chain index knows; listed = the exchange credits deposits of it.
CREATE TABLE tokens (
  network TEXT NOT NULL REFERENCES networks(network),
  contract TEXT NOT NULL,
  symbol TEXT NOT NULL,
  asset TEXT REFERENCES assets(asset),
  listed INTEGER NOT NULL,
  PRIMARY KEY (network, contract)
);
CREATE TABLE balances (
  uid TEXT NOT NULL REFERENCES users(uid),
  asset TEXT NOT NULL REFERENCES assets(asset),
  available TEXT NOT NULL,
  locked TEXT NOT NULL,
  PRIMARY KEY (uid, asset)
);
-- kind: 'user' (one user's address), 'shared_memo' (one address, users told apart by memo),
-- 'hot_wallet' (the exchange's own wallet; deposits there are not attributed).
-- norm: the address in core/address.h's canonical form, what lookups compare (an EVM address in
-- any case, a TON address bounceable or not, find the same row).
CREATE TABLE deposit_addresses (
  network TEXT NOT NULL REFERENCES networks(network),
  address TEXT NOT NULL,
  norm TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('user','shared_memo','hot_wallet')),
  uid TEXT REFERENCES users(uid),
  PRIMARY KEY (network, address),
  UNIQUE (network, norm)
);
CREATE INDEX deposit_addresses_norm ON deposit_addresses(norm);
CREATE TABLE deposit_memos (
  network TEXT NOT NULL,
  address TEXT NOT NULL,
  memo TEXT NOT NULL,
  uid TEXT NOT NULL REFERENCES users(uid),
  PRIMARY KEY (network, address, memo),
  FOREIGN KEY (network, address) REFERENCES deposit_addresses(network, address)
);
CREATE INDEX deposit_memos_uid ON deposit_memos(uid);
-- The simulated chain index: what a block explorer would say about a transaction.
CREATE TABLE chain_txs (
  network TEXT NOT NULL REFERENCES networks(network),
  txid TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('confirmed','pending','failed')),
  confirmations INTEGER NOT NULL,
  to_address TEXT NOT NULL,
  memo TEXT,
  asset TEXT,
  token_contract TEXT,
  amount TEXT NOT NULL,
  sender TEXT NOT NULL,
  block_time INTEGER NOT NULL,
  PRIMARY KEY (network, txid)
);
CREATE TABLE deposits (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL REFERENCES users(uid),
  asset TEXT NOT NULL REFERENCES assets(asset),
  network TEXT NOT NULL REFERENCES networks(network),
  amount TEXT NOT NULL,
  fee TEXT NOT NULL DEFAULT '0',
  txid TEXT NOT NULL,
  address TEXT NOT NULL,
  memo TEXT,
  from_address TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending','credited')),
  confirmations INTEGER NOT NULL,
  recovered INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  credited_at INTEGER,
  UNIQUE (network, txid)
);
CREATE INDEX deposits_uid ON deposits(uid, created_at DESC, id DESC);
CREATE TABLE withdrawals (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL REFERENCES users(uid),
  asset TEXT NOT NULL REFERENCES assets(asset),
  network TEXT NOT NULL REFERENCES networks(network),
  amount TEXT NOT NULL,
  fee TEXT NOT NULL,
  address TEXT NOT NULL,
  memo TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending','held','completed','cancelled')),
  txid TEXT,
  reason TEXT,
  actor TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX withdrawals_uid ON withdrawals(uid, created_at DESC, id DESC);
CREATE TABLE withdrawal_actions (
  id INTEGER PRIMARY KEY,
  withdrawal_id INTEGER NOT NULL REFERENCES withdrawals(id),
  action TEXT NOT NULL CHECK (action IN ('hold','release','cancel')),
  reason TEXT NOT NULL,
  agent TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX withdrawal_actions_wd ON withdrawal_actions(withdrawal_id, id);
CREATE TABLE trades (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL REFERENCES users(uid),
  symbol TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('buy','sell')),
  price TEXT NOT NULL,
  qty TEXT NOT NULL,
  fee TEXT NOT NULL,
  fee_asset TEXT NOT NULL,
  liquidity TEXT NOT NULL CHECK (liquidity IN ('maker','taker')),
  at INTEGER NOT NULL
);
CREATE INDEX trades_uid ON trades(uid, at DESC, id DESC);
CREATE TABLE address_book (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL REFERENCES users(uid),
  network TEXT NOT NULL REFERENCES networks(network),
  address TEXT NOT NULL,
  memo TEXT,
  label TEXT NOT NULL,
  whitelisted INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX address_book_uid ON address_book(uid, id);
CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  products TEXT NOT NULL,
  description TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER,
  declared_at INTEGER NOT NULL
);
CREATE TABLE compensations (
  id INTEGER PRIMARY KEY,
  incident_id TEXT NOT NULL,
  uid TEXT NOT NULL REFERENCES users(uid),
  asset TEXT NOT NULL REFERENCES assets(asset),
  amount TEXT NOT NULL,
  reason TEXT NOT NULL,
  agent TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (incident_id, uid)
);
CREATE TABLE twofa_challenges (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL REFERENCES users(uid),
  method TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','passed','failed')),
  agent TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  answered_at INTEGER
);
-- One row per successful action: the same key answers the same response, never acts twice.
CREATE TABLE idempotency (
  key TEXT PRIMARY KEY,
  action TEXT NOT NULL,
  request_hash BLOB NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE webhook_outbox (
  id INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  delivered_at INTEGER,
  last_error TEXT
);
CREATE INDEX webhook_outbox_due ON webhook_outbox(next_at) WHERE delivered_at IS NULL;
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
