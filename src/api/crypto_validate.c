/* crypto_validate.c — POST /api/v1/crypto/validate: the recovery forms (help center, widget,
 * console) check each field as the customer types. Public and pure: core/address.h and txid.h
 * judge, nothing is stored or logged, and a private key or recovery phrase typed into a field is
 * answered with its code only (never echoed back). docs/api.md "Crypto validation". */
#include "api/recovery.h"

#include <string.h>

#define FIELD_MAX 512 /* bytes of one field as typed; longer is judged too_long by the checks */

static const char *kind_name(enum address_kind k)
{
	static const char *const names[] = {
	    [ADDRESS_KIND_NONE] = "unknown",        [ADDRESS_KIND_P2PKH] = "p2pkh",
	    [ADDRESS_KIND_P2SH] = "p2sh",           [ADDRESS_KIND_P2WPKH] = "p2wpkh",
	    [ADDRESS_KIND_P2WSH] = "p2wsh",         [ADDRESS_KIND_P2TR] = "p2tr",
	    [ADDRESS_KIND_WITNESS_OTHER] = "witness", [ADDRESS_KIND_EVM] = "evm",
	    [ADDRESS_KIND_TRON] = "tron",           [ADDRESS_KIND_SOLANA] = "solana",
	    [ADDRESS_KIND_XRP_CLASSIC] = "xrp",     [ADDRESS_KIND_XRP_X] = "xrp_x",
	    [ADDRESS_KIND_TON_FRIENDLY] = "ton",    [ADDRESS_KIND_TON_RAW] = "ton_raw",
	    [ADDRESS_KIND_COSMOS] = "cosmos",
	};
	return (unsigned)k < sizeof names / sizeof names[0] && names[k] ? names[k] : "unknown";
}

static bool is_secret(enum address_rc rc)
{
	return rc == ADDRESS_PRIVATE_KEY || rc == ADDRESS_SEED_PHRASE;
}

/* One verdict: {valid, normalized?, code?, message?, warning?} */
static json_t *verdict(bool valid, const char *norm, size_t norm_len, const char *code,
                       const char *message)
{
	json_t *v = json_pack("{s:b}", "valid", valid);
	if (valid && norm)
		json_object_set_new(v, "normalized", json_stringn(norm, norm_len));
	if (!valid) {
		json_object_set_new(v, "code", json_string(code));
		json_object_set_new(v, "message", json_string(message));
	}
	return v;
}

void h_crypto_validate(struct request *r)
{
	static const struct field_spec fields[] = {
	    {"network", FIELD_STRING, true, 32},   {"address", FIELD_TEXT, false, FIELD_MAX},
	    {"memo", FIELD_TEXT, false, FIELD_MAX}, {"txid", FIELD_TEXT, false, FIELD_MAX},
	    {"sender", FIELD_TEXT, false, FIELD_MAX}, {NULL},
	};
	json_t *in = http_body_json(r, fields);
	if (!in)
		return;
	const char *nets = json_str(in, "network");
	enum address_network net;
	if (!address_network_parse(nets, strlen(nets), &net)) {
		http_error(r, 422, "invalid_value",
		           "unknown network: BTC, ETH, BSC, POLYGON, ARBITRUM, OPTIMISM, BASE, AVAXC, "
		           "TRON, SOL, XRP, LTC, DOGE, TON, ATOM or an alias (ERC20, BEP20, TRC20, ...)",
		           "network");
		json_decref(in);
		return;
	}
	const char *addr = json_str(in, "address"), *memo = json_str(in, "memo");
	const char *txid = json_str(in, "txid"), *sender = json_str(in, "sender");
	json_t *out = json_object(), *fv = json_object();
	bool all = true, first = true;
	const char *kind = "none", *reason = NULL;
	enum address_memo_kind mk = address_memo_kind(net);
	if (addr || memo) {
		struct address_result ar;
		const char *text = addr ? addr : "";
		enum address_rc rc = address_check(net, text, strlen(text), memo,
		                                   memo ? strlen(memo) : 0, &ar);
		if (addr) {
			bool ok = rc == ADDRESS_OK;
			json_t *v = verdict(ok, ar.normalized, ar.normalized_len, address_rc_code(rc),
			                    address_strerror(rc));
			if (ok && (ar.flags & ADDRESS_FLAG_NO_CHECKSUM))
				json_object_set_new(v, "warning", json_string("no_checksum"));
			if (is_secret(rc))
				json_object_set_new(v, "secret", json_true());
			json_object_set_new(fv, "address", v);
			kind = ok ? kind_name(ar.kind) : "unknown";
			first = false;
			all &= ok;
			if (!ok && !reason)
				reason = address_strerror(rc);
		}
		if (memo) {
			bool ok = ar.memo_rc == ADDRESS_MEMO_OK || ar.memo_rc == ADDRESS_MEMO_UNEXPECTED;
			json_t *v = verdict(ok, ar.memo, ar.memo_len, address_memo_rc_code(ar.memo_rc),
			                    address_memo_strerror(ar.memo_rc));
			if (ar.memo_rc == ADDRESS_MEMO_UNEXPECTED)
				json_object_set_new(v, "warning", json_string("memo_unexpected"));
			json_object_set_new(fv, "memo", v);
			if (first)
				kind = "memo", first = false;
			all &= ok;
			if (!ok && !reason)
				reason = address_memo_strerror(ar.memo_rc);
		}
	}
	if (sender) {
		struct address_result sr;
		enum address_rc rc = address_check(net, sender, strlen(sender), NULL, 0, &sr);
		bool ok = rc == ADDRESS_OK;
		json_t *v = verdict(ok, sr.normalized, sr.normalized_len, address_rc_code(rc),
		                    address_strerror(rc));
		if (is_secret(rc))
			json_object_set_new(v, "secret", json_true());
		json_object_set_new(fv, "sender", v);
		if (first)
			kind = ok ? kind_name(sr.kind) : "unknown", first = false;
		all &= ok;
		if (!ok && !reason)
			reason = address_strerror(rc);
	}
	if (txid) {
		struct txid_result tr;
		enum txid_rc rc = txid_check(net, txid, strlen(txid), &tr);
		bool ok = rc == TXID_OK;
		json_object_set_new(fv, "txid", verdict(ok, tr.normalized, tr.normalized_len,
		                                        txid_rc_code(rc), txid_strerror(rc)));
		if (first)
			kind = "txid", first = false;
		all &= ok;
		if (!ok && !reason)
			reason = txid_strerror(rc);
	}
	json_object_set_new(out, "network", json_string(address_network_code(net)));
	json_object_set_new(out, "memo_required", json_boolean(mk != ADDRESS_MEMO_NONE));
	json_object_set_new(out, "memo_kind", json_string(mk == ADDRESS_MEMO_TAG32  ? "tag"
	                                                  : mk == ADDRESS_MEMO_TEXT ? "text"
	                                                                            : "none"));
	json_object_set_new(out, "valid", json_boolean(all));
	json_object_set_new(out, "kind", json_string(kind));
	json_object_set_new(out, "reason", reason ? json_string(reason) : json_null());
	json_object_set_new(out, "fields", fv);
	http_header(r, "Cache-Control", "no-store");
	http_json(r, 200, out);
	json_decref(in);
}
