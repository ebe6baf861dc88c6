/* incidents.js — the help center's status banner and "Am I eligible?" (docs/exchange/incidents.md).
 *
 * The banner lists the desk's active incidents (GET /api/v1/public/incidents) in the page's
 * language, as text. A visitor the exchange sent here signed in — the address carries ?uid= and
 * ?hash= (HMAC of the uid with the desk's identity secret, as for the widget) — gets an "Am I
 * eligible?" button on each incident; the pair is kept for this tab only (sessionStorage) so it
 * survives moves inside the help center, and is sent only to the desk's eligibility lookup. */

import {API} from './api.js';
import {S, el, clear} from './dom.js';

var K_IDENTITY = 'exdesk-help-identity';

var STR = {
	en: {title: 'Service status', check: 'Am I eligible?', yes: 'You are eligible for compensation:', no: 'You are not on the compensation list for this incident.',
		unverified: 'We could not confirm who you are. Open this page again from your exchange account.', failed: 'We could not check right now. Please try again later.', paid: 'paid', pending: 'pending'},
	'zh-CN': {title: '服务状态', check: '我是否符合补偿条件？', yes: '您符合补偿条件：', no: '您不在此次事件的补偿名单中。',
		unverified: '无法确认您的身份。请从您的交易所账户重新打开此页面。', failed: '暂时无法查询，请稍后再试。', paid: '已发放', pending: '待发放'},
	'zh-TW': {title: '服務狀態', check: '我是否符合補償資格？', yes: '您符合補償資格：', no: '您不在此次事件的補償名單中。',
		unverified: '無法確認您的身分。請從您的交易所帳戶重新開啟此頁面。', failed: '暫時無法查詢，請稍後再試。', paid: '已發放', pending: '待發放'},
	ja: {title: 'サービス状況', check: '補償の対象ですか？', yes: '補償の対象です：', no: 'この障害の補償リストに含まれていません。',
		unverified: 'ご本人を確認できませんでした。取引所のアカウントからこのページを開き直してください。', failed: '現在確認できません。しばらくしてからお試しください。', paid: '支払済み', pending: '支払待ち'},
	ko: {title: '서비스 상태', check: '보상 대상인가요?', yes: '보상 대상입니다:', no: '이번 장애의 보상 명단에 없습니다.',
		unverified: '본인 확인을 할 수 없습니다. 거래소 계정에서 이 페이지를 다시 열어 주세요.', failed: '지금은 확인할 수 없습니다. 잠시 후 다시 시도해 주세요.', paid: '지급 완료', pending: '지급 대기'},
	ru: {title: 'Состояние сервиса', check: 'Положена ли мне компенсация?', yes: 'Вам положена компенсация:', no: 'Вас нет в списке компенсаций по этому инциденту.',
		unverified: 'Не удалось подтвердить вашу личность. Откройте эту страницу заново из аккаунта на бирже.', failed: 'Сейчас не удалось проверить. Попробуйте позже.', paid: 'выплачено', pending: 'ожидает выплаты'},
	es: {title: 'Estado del servicio', check: '¿Tengo derecho a compensación?', yes: 'Tiene derecho a una compensación:', no: 'No está en la lista de compensaciones de este incidente.',
		unverified: 'No pudimos confirmar su identidad. Vuelva a abrir esta página desde su cuenta del exchange.', failed: 'No pudimos comprobarlo ahora. Inténtelo más tarde.', paid: 'pagada', pending: 'pendiente'},
	vi: {title: 'Trạng thái dịch vụ', check: 'Tôi có được bồi thường không?', yes: 'Bạn được bồi thường:', no: 'Bạn không có trong danh sách bồi thường của sự cố này.',
		unverified: 'Chúng tôi không xác nhận được danh tính của bạn. Hãy mở lại trang này từ tài khoản sàn của bạn.', failed: 'Hiện chưa kiểm tra được. Vui lòng thử lại sau.', paid: 'đã trả', pending: 'đang chờ'},
	tr: {title: 'Hizmet durumu', check: 'Tazminat alabilir miyim?', yes: 'Tazminat almaya hak kazandınız:', no: 'Bu olayın tazminat listesinde değilsiniz.',
		unverified: 'Kimliğinizi doğrulayamadık. Bu sayfayı borsa hesabınızdan yeniden açın.', failed: 'Şu anda kontrol edemedik. Lütfen daha sonra tekrar deneyin.', paid: 'ödendi', pending: 'bekliyor'}
};

function s(key) {
	return (STR[S.lang] || STR.en)[key] || STR.en[key];
}

function identity() {
	try {
		var p = new URLSearchParams(location.search);
		if (p.get('uid') && p.get('hash'))
			sessionStorage.setItem(K_IDENTITY, JSON.stringify({uid: p.get('uid'), hash: p.get('hash')}));
		var v = JSON.parse(sessionStorage.getItem(K_IDENTITY) || 'null');
		return v && typeof v.uid === 'string' && typeof v.hash === 'string' ? v : null;
	} catch (e) {
		return null; /* storage blocked: no lookup */
	}
}

function get(path) {
	return fetch(API + path, {credentials: 'omit', cache: 'no-store'}).then(function (res) {
		return res.text().then(function (text) {
			var data = null;
			try {
				data = text ? JSON.parse(text) : null;
			} catch (e) { /* not JSON */ }
			return {status: res.status, data: data};
		});
	});
}

function eligibilityBlock(incident, who) {
	var out = el('p', {className: 'incident-result', 'data-testid': 'eligibility-result', role: 'status', hidden: true});
	var btn = el('button', {type: 'button', className: 'incident-check', 'data-testid': 'eligibility-check', text: s('check')});
	btn.addEventListener('click', function () {
		btn.disabled = true;
		get('/public/incidents/' + incident.id + '/eligibility?uid=' + encodeURIComponent(who.uid) +
			'&user_hash=' + encodeURIComponent(who.hash))
			.then(function (r) {
				out.hidden = false;
				if (r.status === 200 && r.data && r.data.eligible) {
					out.setAttribute('data-eligible', 'true');
					out.textContent = s('yes') + ' ' + r.data.compensations.map(function (c) {
						return c.amount + ' ' + c.asset + ' (' + s(c.status === 'paid' ? 'paid' : 'pending') + ')';
					}).join(', ');
				} else if (r.status === 200) {
					out.setAttribute('data-eligible', 'false');
					out.textContent = s('no');
				} else {
					out.setAttribute('data-eligible', 'unknown');
					out.textContent = s(r.status === 403 ? 'unverified' : 'failed');
				}
			})
			.catch(function () {
				out.hidden = false;
				out.textContent = s('failed');
			})
			.then(function () {
				btn.disabled = false;
			});
	});
	return el('div', {className: 'incident-eligibility'}, [btn, out]);
}

var asked = 0;

/* Fills #incident-banner for the page's language; hidden when nothing is going on. */
export function renderIncidentBanner() {
	var box = document.getElementById('incident-banner');
	if (!box)
		return;
	var mine = ++asked, lang = S.lang, who = identity();
	get('/public/incidents?lang=' + encodeURIComponent(lang))
		.then(function (r) {
			if (mine !== asked)
				return;
			var list = (r.status === 200 && r.data && r.data.incidents) || [];
			clear(box);
			if (list.length)
				box.appendChild(el('h2', {className: 'incident-title', text: s('title')}));
			list.forEach(function (i) {
				box.appendChild(el('div', {className: 'incident', 'data-testid': 'incident', 'data-id': String(i.id), 'data-status': i.status}, [
					el('p', {className: 'incident-text', 'data-testid': 'incident-text', lang: i.language, text: i.text}),
					who ? eligibilityBlock(i, who) : null
				]));
			});
			box.hidden = list.length === 0;
		})
		.catch(function () { /* the help center works without its banner */ });
}
