/* verified.js — the demo's "logged-in user": includes the widget with the uid and user_hash given
 * in this page's query string (?uid=U123&hash=HEX[&lang=..&name=..&email=..]), so a test can pass
 * a hash it computed itself. A real exchange prints these attributes from its server. */
(function () {
	'use strict';
	var q = new URLSearchParams(location.search);
	var s = document.createElement('script');
	s.src = '/widget/widget.js';
	s.async = true;
	var attrs = {uid: q.get('uid'), 'user-hash': q.get('hash') || q.get('user_hash'), lang: q.get('lang'),
		name: q.get('name'), email: q.get('email')};
	Object.keys(attrs).forEach(function (k) {
		if (attrs[k])
			s.setAttribute('data-' + k, attrs[k]);
	});
	document.head.appendChild(s);
	var shown = document.getElementById('uid-shown');
	if (shown && attrs.uid)
		shown.textContent = attrs.uid;
})();
