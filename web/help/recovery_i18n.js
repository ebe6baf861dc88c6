/* recovery_i18n.js — the "Deposit not arrived?" strings in the nine languages, for the help
 * center's pages (recovery.js) and the chat widget's form (/widget/recovery.js imports this file
 * from /help/: one table for both). Kept apart from i18n.js so the feature's words live with it;
 * the same rules hold: plain text with {variables}, put into pages with textContent only. Field
 * error codes of the desk (docs/exchange/recovery.md) map to a few messages: err_{group}.
 * No imports: the caller passes the language. */

var R = {
	en: {
		my_cases: 'Your recovery cases',
		title: 'Deposit not arrived?',
		intro: 'Tell us about the transfer. We check it on the blockchain right away and, where we can, credit it automatically.',
		check_title: 'Check my recovery case',
		check_intro: 'Enter your case reference (it starts with RC-).',
		signed_in: 'Signed in as exchange user {uid}',
		asset: 'Coin or token', asset_hint: 'For example USDT, BTC, XRP',
		network: 'Network you sent on', network_choose: 'Choose a network',
		txid: 'Transaction ID (TxID)', txid_hint: 'The hash of the transfer, not an explorer link',
		address: 'Your deposit address here', memo: 'Your memo / tag here',
		memo_hint: 'This network needs the memo (tag) of your deposit address',
		memo_used: 'Memo / tag you actually used (optional)',
		amount: 'Amount sent', sender: 'Address you sent from',
		note: 'Anything else we should know (optional)',
		email: 'Email', email_hint: 'We answer here. Without signing in on the exchange, a person reviews your case.',
		submit: 'Check my deposit', sending: 'Checking with the blockchain…',
		reference: 'Case reference', status: 'Status', credited: 'Credited', fee: 'Recovery fee',
		eta: 'Expected by', keep: 'Keep this reference to check on your case.',
		check_button: 'Check', not_found: 'We couldn’t find a case with this reference and identity.',
		failed: 'Your case couldn’t be sent. Please try again.', fix: 'Please check the highlighted fields.',
		rate_limited: 'Too many attempts. Please try again later.',
		err_required: 'Please fill in this field.', err_checksum: 'A character is mistyped: please copy it again.',
		err_format: 'This doesn’t look right for this network.', err_url: 'Paste only the transaction ID, not the link.',
		err_non_ascii: 'Remove spaces or characters from another alphabet.', err_too_long: 'This is too long.',
		err_secret: 'Never share your recovery phrase or private key. Remove it: nobody at the exchange will ever ask for it.',
		err_memo: 'This memo / tag isn’t valid for this network.', err_amount: 'Write the amount with digits and a point, like 250.5.',
		err_testnet: 'This is a testnet address.', err_network: 'Choose a network from the list.', err_case: 'This transaction already has a case.'
	},
	'zh-CN': {
		my_cases: '我的找回案件',
		title: '充值未到账？', intro: '请告诉我们转账信息。我们会立即在区块链上核查，能自动处理的将自动入账。',
		check_title: '查询我的找回案件', check_intro: '请输入案件编号（以 RC- 开头）。', signed_in: '已登录交易所用户 {uid}',
		asset: '币种或代币', asset_hint: '例如 USDT、BTC、XRP', network: '转账所用网络', network_choose: '选择网络',
		txid: '交易哈希（TxID）', txid_hint: '转账的哈希值，而不是区块浏览器链接', address: '您在本平台的充值地址',
		memo: '您在本平台的备注（Memo/Tag）', memo_hint: '该网络需要填写您充值地址的备注（Tag）',
		memo_used: '实际使用的备注（选填）', amount: '转账数量', sender: '转出地址', note: '其他补充（选填）',
		email: '邮箱', email_hint: '我们将通过此邮箱回复。未登录交易所时，将由人工审核您的案件。',
		submit: '核查我的充值', sending: '正在链上核查…', reference: '案件编号', status: '状态', credited: '已入账',
		fee: '找回手续费', eta: '预计时间', keep: '请保存此编号以便查询进度。', check_button: '查询',
		not_found: '未找到与该编号和身份匹配的案件。', failed: '提交失败，请重试。', fix: '请检查标出的字段。',
		rate_limited: '尝试次数过多，请稍后再试。', err_required: '请填写此项。', err_checksum: '有字符输入错误，请重新复制。',
		err_format: '此内容不符合该网络的格式。', err_url: '请只粘贴交易哈希，不要粘贴链接。', err_non_ascii: '请删除空格或其他文字的字符。',
		err_too_long: '内容过长。', err_secret: '切勿泄露助记词或私钥。请删除：交易所任何人都不会向您索要。',
		err_memo: '该备注在此网络无效。', err_amount: '请用数字和小数点填写数量，如 250.5。', err_testnet: '这是测试网地址。',
		err_network: '请从列表中选择网络。', err_case: '该交易已有找回案件。'
	},
	'zh-TW': {
		my_cases: '我的找回案件',
		title: '充值未到帳？', intro: '請告訴我們轉帳資訊。我們會立即在區塊鏈上核查，能自動處理的將自動入帳。',
		check_title: '查詢我的找回案件', check_intro: '請輸入案件編號（以 RC- 開頭）。', signed_in: '已登入交易所用戶 {uid}',
		asset: '幣種或代幣', asset_hint: '例如 USDT、BTC、XRP', network: '轉帳所用網路', network_choose: '選擇網路',
		txid: '交易雜湊（TxID）', txid_hint: '轉帳的雜湊值，而不是區塊瀏覽器連結', address: '您在本平台的充值地址',
		memo: '您在本平台的備註（Memo/Tag）', memo_hint: '該網路需要填寫您充值地址的備註（Tag）',
		memo_used: '實際使用的備註（選填）', amount: '轉帳數量', sender: '轉出地址', note: '其他補充（選填）',
		email: '電子郵件', email_hint: '我們將透過此信箱回覆。未登入交易所時，將由專人審核您的案件。',
		submit: '核查我的充值', sending: '正在鏈上核查…', reference: '案件編號', status: '狀態', credited: '已入帳',
		fee: '找回手續費', eta: '預計時間', keep: '請保存此編號以便查詢進度。', check_button: '查詢',
		not_found: '找不到與該編號和身分相符的案件。', failed: '送出失敗，請重試。', fix: '請檢查標示的欄位。',
		rate_limited: '嘗試次數過多，請稍後再試。', err_required: '請填寫此欄。', err_checksum: '有字元輸入錯誤，請重新複製。',
		err_format: '此內容不符合該網路的格式。', err_url: '請只貼上交易雜湊，不要貼上連結。', err_non_ascii: '請刪除空格或其他文字的字元。',
		err_too_long: '內容過長。', err_secret: '切勿洩露助記詞或私鑰。請刪除：交易所任何人都不會向您索取。',
		err_memo: '該備註在此網路無效。', err_amount: '請用數字和小數點填寫數量，如 250.5。', err_testnet: '這是測試網地址。',
		err_network: '請從清單中選擇網路。', err_case: '該交易已有找回案件。'
	},
	ja: {
		my_cases: '復旧ケース一覧',
		title: '入金が反映されない場合', intro: '送金の内容を教えてください。すぐにブロックチェーン上で確認し、可能な場合は自動で入金します。',
		check_title: '復旧ケースの確認', check_intro: 'ケース番号（RC- で始まります）を入力してください。', signed_in: '取引所ユーザー {uid} としてログイン中',
		asset: 'コインまたはトークン', asset_hint: '例：USDT、BTC、XRP', network: '送金したネットワーク', network_choose: 'ネットワークを選択',
		txid: 'トランザクションID（TxID）', txid_hint: 'エクスプローラーのリンクではなく、送金のハッシュ', address: '当取引所でのお客様の入金アドレス',
		memo: '当取引所でのメモ／タグ', memo_hint: 'このネットワークでは入金アドレスのメモ（タグ）が必要です',
		memo_used: '実際に使ったメモ／タグ（任意）', amount: '送金額', sender: '送金元アドレス', note: 'その他お知らせいただきたいこと（任意）',
		email: 'メールアドレス', email_hint: 'こちらに回答します。取引所にログインしていない場合は担当者が確認します。',
		submit: '入金を確認する', sending: 'ブロックチェーンで確認中…', reference: 'ケース番号', status: '状況', credited: '入金額',
		fee: '復旧手数料', eta: '完了見込み', keep: '確認のためにこの番号を保存してください。', check_button: '確認',
		not_found: 'この番号と本人情報に一致するケースが見つかりません。', failed: '送信できませんでした。もう一度お試しください。',
		fix: '強調表示された項目をご確認ください。', rate_limited: '試行回数が多すぎます。しばらくしてからお試しください。',
		err_required: 'この項目を入力してください。', err_checksum: '入力ミスがあります。もう一度コピーしてください。',
		err_format: 'このネットワークの形式ではありません。', err_url: 'リンクではなくトランザクションIDだけを貼り付けてください。',
		err_non_ascii: '空白や他の文字を削除してください。', err_too_long: '長すぎます。',
		err_secret: 'リカバリーフレーズや秘密鍵は絶対に共有しないでください。削除してください。取引所が求めることはありません。',
		err_memo: 'このメモ／タグはこのネットワークでは無効です。', err_amount: '数字と小数点で入力してください（例：250.5）。',
		err_testnet: 'テストネットのアドレスです。', err_network: '一覧からネットワークを選んでください。', err_case: 'この取引にはすでにケースがあります。'
	},
	ko: {
		my_cases: '내 복구 케이스',
		title: '입금이 안 되었나요?', intro: '송금 내용을 알려 주세요. 바로 블록체인에서 확인하고, 가능한 경우 자동으로 입금해 드립니다.',
		check_title: '복구 케이스 확인', check_intro: '케이스 번호(RC-로 시작)를 입력하세요.', signed_in: '거래소 사용자 {uid}(으)로 로그인됨',
		asset: '코인 또는 토큰', asset_hint: '예: USDT, BTC, XRP', network: '송금한 네트워크', network_choose: '네트워크 선택',
		txid: '거래 ID(TxID)', txid_hint: '탐색기 링크가 아닌 송금 해시', address: '이 거래소의 입금 주소',
		memo: '이 거래소의 메모/태그', memo_hint: '이 네트워크는 입금 주소의 메모(태그)가 필요합니다',
		memo_used: '실제로 사용한 메모/태그(선택)', amount: '보낸 수량', sender: '보낸 주소', note: '추가로 알려 주실 내용(선택)',
		email: '이메일', email_hint: '이 주소로 답변드립니다. 거래소에 로그인하지 않은 경우 담당자가 검토합니다.',
		submit: '입금 확인하기', sending: '블록체인에서 확인 중…', reference: '케이스 번호', status: '상태', credited: '입금액',
		fee: '복구 수수료', eta: '예상 시각', keep: '진행 상황을 확인하려면 이 번호를 보관하세요.', check_button: '확인',
		not_found: '이 번호와 신원에 맞는 케이스를 찾을 수 없습니다.', failed: '전송하지 못했습니다. 다시 시도해 주세요.',
		fix: '표시된 항목을 확인해 주세요.', rate_limited: '시도 횟수가 너무 많습니다. 잠시 후 다시 시도해 주세요.',
		err_required: '이 항목을 입력해 주세요.', err_checksum: '잘못 입력된 문자가 있습니다. 다시 복사해 주세요.',
		err_format: '이 네트워크 형식이 아닙니다.', err_url: '링크가 아닌 거래 ID만 붙여 넣어 주세요.',
		err_non_ascii: '공백이나 다른 문자를 지워 주세요.', err_too_long: '너무 깁니다.',
		err_secret: '복구 문구나 개인 키는 절대 공유하지 마세요. 지워 주세요. 거래소는 절대 요청하지 않습니다.',
		err_memo: '이 네트워크에서 유효하지 않은 메모/태그입니다.', err_amount: '숫자와 소수점으로 입력해 주세요(예: 250.5).',
		err_testnet: '테스트넷 주소입니다.', err_network: '목록에서 네트워크를 선택해 주세요.', err_case: '이 거래에는 이미 케이스가 있습니다.'
	},
	ru: {
		my_cases: 'Ваши обращения о восстановлении',
		title: 'Депозит не пришёл?', intro: 'Расскажите о переводе. Мы сразу проверим его в блокчейне и, где возможно, зачислим автоматически.',
		check_title: 'Проверить обращение о восстановлении', check_intro: 'Введите номер обращения (начинается с RC-).', signed_in: 'Вы вошли как пользователь биржи {uid}',
		asset: 'Монета или токен', asset_hint: 'Например USDT, BTC, XRP', network: 'Сеть перевода', network_choose: 'Выберите сеть',
		txid: 'ID транзакции (TxID)', txid_hint: 'Хеш перевода, а не ссылка на обозреватель', address: 'Ваш адрес для депозита у нас',
		memo: 'Ваш мемо / тег у нас', memo_hint: 'В этой сети нужен мемо (тег) вашего адреса для депозита',
		memo_used: 'Мемо / тег, который вы указали на самом деле (необязательно)', amount: 'Отправленная сумма', sender: 'Адрес отправителя',
		note: 'Что ещё нам стоит знать (необязательно)', email: 'Эл. почта', email_hint: 'Ответим сюда. Без входа на бирже обращение проверит сотрудник.',
		submit: 'Проверить депозит', sending: 'Проверяем в блокчейне…', reference: 'Номер обращения', status: 'Статус', credited: 'Зачислено',
		fee: 'Комиссия за восстановление', eta: 'Ожидается к', keep: 'Сохраните номер, чтобы следить за обращением.', check_button: 'Проверить',
		not_found: 'Обращение с таким номером и данными не найдено.', failed: 'Не удалось отправить. Попробуйте ещё раз.',
		fix: 'Проверьте отмеченные поля.', rate_limited: 'Слишком много попыток. Попробуйте позже.',
		err_required: 'Заполните это поле.', err_checksum: 'Опечатка в символе: скопируйте ещё раз.',
		err_format: 'Не похоже на формат этой сети.', err_url: 'Вставьте только ID транзакции, не ссылку.',
		err_non_ascii: 'Уберите пробелы и символы другого алфавита.', err_too_long: 'Слишком длинно.',
		err_secret: 'Никогда не сообщайте сид-фразу или приватный ключ. Удалите их: сотрудники биржи никогда их не спросят.',
		err_memo: 'Этот мемо / тег недействителен для сети.', err_amount: 'Укажите сумму цифрами и точкой, например 250.5.',
		err_testnet: 'Это адрес тестовой сети.', err_network: 'Выберите сеть из списка.', err_case: 'По этой транзакции уже есть обращение.'
	},
	es: {
		my_cases: 'Sus casos de recuperación',
		title: '¿No llegó su depósito?', intro: 'Cuéntenos la transferencia. La comprobamos en la cadena de bloques al momento y, cuando es posible, la abonamos automáticamente.',
		check_title: 'Consultar mi caso de recuperación', check_intro: 'Introduzca la referencia del caso (empieza por RC-).', signed_in: 'Sesión iniciada como usuario {uid} del exchange',
		asset: 'Moneda o token', asset_hint: 'Por ejemplo USDT, BTC, XRP', network: 'Red por la que envió', network_choose: 'Elija una red',
		txid: 'ID de transacción (TxID)', txid_hint: 'El hash de la transferencia, no un enlace del explorador', address: 'Su dirección de depósito aquí',
		memo: 'Su memo / etiqueta aquí', memo_hint: 'Esta red necesita el memo (etiqueta) de su dirección de depósito',
		memo_used: 'Memo / etiqueta que usó realmente (opcional)', amount: 'Importe enviado', sender: 'Dirección de origen',
		note: 'Algo más que debamos saber (opcional)', email: 'Correo electrónico', email_hint: 'Le responderemos aquí. Sin iniciar sesión en el exchange, una persona revisará su caso.',
		submit: 'Comprobar mi depósito', sending: 'Comprobando en la cadena de bloques…', reference: 'Referencia del caso', status: 'Estado', credited: 'Abonado',
		fee: 'Comisión de recuperación', eta: 'Previsto para', keep: 'Guarde esta referencia para consultar su caso.', check_button: 'Consultar',
		not_found: 'No encontramos ningún caso con esta referencia e identidad.', failed: 'No se pudo enviar. Inténtelo de nuevo.',
		fix: 'Revise los campos marcados.', rate_limited: 'Demasiados intentos. Inténtelo más tarde.',
		err_required: 'Rellene este campo.', err_checksum: 'Hay un carácter mal escrito: cópielo de nuevo.',
		err_format: 'No parece válido para esta red.', err_url: 'Pegue solo el ID de transacción, no el enlace.',
		err_non_ascii: 'Quite espacios o caracteres de otro alfabeto.', err_too_long: 'Es demasiado largo.',
		err_secret: 'Nunca comparta su frase de recuperación ni su clave privada. Bórrela: nadie del exchange se la pedirá.',
		err_memo: 'Este memo / etiqueta no es válido en esta red.', err_amount: 'Escriba el importe con cifras y punto, como 250.5.',
		err_testnet: 'Es una dirección de testnet.', err_network: 'Elija una red de la lista.', err_case: 'Esta transacción ya tiene un caso.'
	},
	vi: {
		my_cases: 'Các yêu cầu khôi phục của bạn',
		title: 'Tiền nạp chưa về?', intro: 'Hãy cho chúng tôi biết về giao dịch. Chúng tôi kiểm tra ngay trên blockchain và tự động ghi có khi có thể.',
		check_title: 'Kiểm tra yêu cầu khôi phục', check_intro: 'Nhập mã yêu cầu (bắt đầu bằng RC-).', signed_in: 'Đã đăng nhập với người dùng sàn {uid}',
		asset: 'Coin hoặc token', asset_hint: 'Ví dụ USDT, BTC, XRP', network: 'Mạng bạn đã gửi', network_choose: 'Chọn mạng',
		txid: 'Mã giao dịch (TxID)', txid_hint: 'Mã hash của giao dịch, không phải đường dẫn explorer', address: 'Địa chỉ nạp của bạn tại đây',
		memo: 'Memo / tag của bạn tại đây', memo_hint: 'Mạng này cần memo (tag) của địa chỉ nạp',
		memo_used: 'Memo / tag bạn đã thực sự dùng (không bắt buộc)', amount: 'Số lượng đã gửi', sender: 'Địa chỉ gửi',
		note: 'Thông tin thêm (không bắt buộc)', email: 'Email', email_hint: 'Chúng tôi trả lời qua đây. Nếu chưa đăng nhập sàn, nhân viên sẽ xem xét yêu cầu.',
		submit: 'Kiểm tra khoản nạp', sending: 'Đang kiểm tra trên blockchain…', reference: 'Mã yêu cầu', status: 'Trạng thái', credited: 'Đã ghi có',
		fee: 'Phí khôi phục', eta: 'Dự kiến lúc', keep: 'Hãy lưu mã này để theo dõi yêu cầu.', check_button: 'Kiểm tra',
		not_found: 'Không tìm thấy yêu cầu với mã và danh tính này.', failed: 'Không gửi được. Vui lòng thử lại.',
		fix: 'Vui lòng kiểm tra các ô được đánh dấu.', rate_limited: 'Quá nhiều lần thử. Vui lòng thử lại sau.',
		err_required: 'Vui lòng điền ô này.', err_checksum: 'Có ký tự bị gõ sai: hãy sao chép lại.',
		err_format: 'Không đúng định dạng của mạng này.', err_url: 'Chỉ dán mã giao dịch, không dán đường dẫn.',
		err_non_ascii: 'Xóa khoảng trắng hoặc ký tự của bảng chữ khác.', err_too_long: 'Quá dài.',
		err_secret: 'Tuyệt đối không chia sẻ cụm từ khôi phục hay khóa riêng. Hãy xóa đi: sàn không bao giờ yêu cầu.',
		err_memo: 'Memo / tag này không hợp lệ trên mạng này.', err_amount: 'Nhập số lượng bằng chữ số và dấu chấm, ví dụ 250.5.',
		err_testnet: 'Đây là địa chỉ testnet.', err_network: 'Chọn mạng trong danh sách.', err_case: 'Giao dịch này đã có yêu cầu.'
	},
	tr: {
		my_cases: 'Kurtarma talepleriniz',
		title: 'Yatırımınız gelmedi mi?', intro: 'Transferi anlatın. Hemen blokzincirinde kontrol ediyor, mümkünse otomatik olarak hesabınıza geçiriyoruz.',
		check_title: 'Kurtarma talebimi kontrol et', check_intro: 'Talep numaranızı girin (RC- ile başlar).', signed_in: 'Borsa kullanıcısı {uid} olarak giriş yapıldı',
		asset: 'Coin veya token', asset_hint: 'Örneğin USDT, BTC, XRP', network: 'Gönderdiğiniz ağ', network_choose: 'Ağ seçin',
		txid: 'İşlem kimliği (TxID)', txid_hint: 'Gezgin bağlantısı değil, transferin hash değeri', address: 'Buradaki yatırma adresiniz',
		memo: 'Buradaki memo / etiketiniz', memo_hint: 'Bu ağ, yatırma adresinizin memo (etiket) bilgisini gerektirir',
		memo_used: 'Gerçekte kullandığınız memo / etiket (isteğe bağlı)', amount: 'Gönderilen miktar', sender: 'Gönderen adres',
		note: 'Bilmemiz gereken başka bir şey (isteğe bağlı)', email: 'E-posta', email_hint: 'Buradan yanıtlarız. Borsada giriş yapmadıysanız talebinizi bir kişi inceler.',
		submit: 'Yatırımımı kontrol et', sending: 'Blokzincirinde kontrol ediliyor…', reference: 'Talep numarası', status: 'Durum', credited: 'Hesaba geçen',
		fee: 'Kurtarma ücreti', eta: 'Beklenen zaman', keep: 'Talebinizi takip etmek için bu numarayı saklayın.', check_button: 'Kontrol et',
		not_found: 'Bu numara ve kimlikle bir talep bulunamadı.', failed: 'Gönderilemedi. Lütfen tekrar deneyin.',
		fix: 'Lütfen işaretli alanları kontrol edin.', rate_limited: 'Çok fazla deneme. Lütfen daha sonra tekrar deneyin.',
		err_required: 'Lütfen bu alanı doldurun.', err_checksum: 'Bir karakter yanlış yazılmış: lütfen yeniden kopyalayın.',
		err_format: 'Bu ağ için geçerli görünmüyor.', err_url: 'Bağlantıyı değil, yalnızca işlem kimliğini yapıştırın.',
		err_non_ascii: 'Boşlukları veya başka alfabelerin karakterlerini silin.', err_too_long: 'Çok uzun.',
		err_secret: 'Kurtarma ifadenizi veya özel anahtarınızı asla paylaşmayın. Silin: borsadan kimse bunu istemez.',
		err_memo: 'Bu memo / etiket bu ağda geçerli değil.', err_amount: 'Miktarı rakam ve nokta ile yazın, örneğin 250.5.',
		err_testnet: 'Bu bir testnet adresi.', err_network: 'Listeden bir ağ seçin.', err_case: 'Bu işlem için zaten bir talep var.'
	}
};

/* A desk field code (docs/exchange/recovery.md) to its message group. */
var GROUPS = {
	required: 'required', bad_checksum: 'checksum', url: 'url', non_ascii: 'non_ascii', inner_space: 'non_ascii',
	too_long: 'too_long', seed_phrase: 'secret', private_key: 'secret', testnet: 'testnet', network_unknown: 'network',
	memo_bad_char: 'memo', memo_out_of_range: 'memo', memo_too_long: 'memo', memo_bad_utf8: 'memo', memo_conflict: 'memo',
	case_exists: 'case'
};

export function recoveryText(lang, key, vars) {
	var table = R[lang] || R.en;
	var s = table[key] || R.en[key] || key;
	return s.replace(/\{(\w+)\}/g, function (m, k) {
		return vars && vars[k] !== undefined ? String(vars[k]) : m;
	});
}

/* The message for a field error code. */
export function recoveryFieldError(lang, code) {
	if (/^amount_/.test(code))
		return recoveryText(lang, 'err_amount');
	return recoveryText(lang, 'err_' + (GROUPS[code] || 'format'));
}
