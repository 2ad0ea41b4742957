// 履职通 web chat. Plain browser JavaScript, served by the app itself (no CDN, intranet-ready).
(function () {
  'use strict';
  var state = { person: null, token: sessionStorage.getItem('lvz-token') || '', seen: {}, since: null, timer: null };
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'className') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function api(path, body) {
    var headers = { 'content-type': 'application/json' };
    if (state.token) headers.authorization = 'Bearer ' + state.token;
    return fetch(path, { method: body ? 'POST' : 'GET', headers: headers, body: body ? JSON.stringify(body) : undefined })
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (data) {
          if (res.status === 401) { $('token-box').hidden = false; }
          if (!res.ok) throw new Error(data.message || ('请求失败（' + res.status + '）'));
          return data;
        });
      });
  }

  function banner(cls, text) { $('banners').appendChild(el('div', { className: 'banner ' + cls, text: text })); }

  function scrollDown() { var log = $('log'); log.scrollTop = log.scrollHeight; }

  function addText(who, text) {
    $('log').appendChild(el('div', { className: 'msg ' + who, text: text }));
    scrollDown();
  }

  function addNotice(entry) {
    if (state.seen[entry.id]) return;
    state.seen[entry.id] = true;
    state.since = entry.at;
    var when = new Date(entry.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
    $('log').appendChild(el('div', { className: 'notice-label', text: '通知 · ' + when }));
    if (entry.message.card) renderCard(entry.message.card); else addText('bot notice', entry.message.text);
  }

  // Notifications reach the web chat from the outbox, like a DingTalk or Feishu push would.
  function pollInbox() {
    if (!state.person) return;
    var personId = state.person.id;
    var q = '/chat/api/inbox?personId=' + encodeURIComponent(personId) + (state.since ? '&since=' + encodeURIComponent(state.since) : '');
    return api(q).then(function (data) {
      if (!state.person || state.person.id !== personId) return;
      data.entries.forEach(addNotice);
    }).catch(function () { /* try again on the next tick */ });
  }

  function renderCard(card) {
    var fields = el('dl');
    (card.fields || []).forEach(function (f) {
      fields.appendChild(el('dt', { text: f.label }));
      fields.appendChild(el('dd', { text: f.value }));
    });
    var buttons = el('div', { className: 'buttons' });
    (card.buttons || []).forEach(function (b) {
      var btn = el('button', { type: 'button', className: b.style || 'default', text: b.label, title: '等同于发送：' + b.command });
      btn.addEventListener('click', function () {
        Array.prototype.forEach.call(buttons.children, function (x) { x.disabled = true; });
        send({ action: b.action }, b.label);
      });
      buttons.appendChild(btn);
    });
    var node = el('div', { className: 'card tone-' + (card.tone || 'neutral'), 'data-testid': 'card' }, [
      el('h3', { text: card.title }),
      card.fields && card.fields.length ? fields : null,
      card.body ? el('div', { className: 'body', text: card.body }) : null,
      card.note ? el('div', { className: 'note', text: card.note }) : null,
      card.buttons && card.buttons.length ? buttons : null,
    ]);
    $('log').appendChild(node);
    scrollDown();
  }

  function showReplies(replies) {
    (replies || []).forEach(function (r) { if (r.card) renderCard(r.card); else addText('bot', r.text); });
  }

  function send(payload, echo) {
    if (!state.person) return;
    addText('me', echo);
    payload.personId = state.person.id;
    return api('/chat/api/messages', payload).then(function (data) { showReplies(data.replies); return pollInbox(); })
      .catch(function (err) { addText('bot', '（' + err.message + '）'); });
  }

  function choose(person, li) {
    state.person = person;
    Array.prototype.forEach.call($('people-list').children, function (x) { x.setAttribute('aria-selected', 'false'); });
    li.setAttribute('aria-selected', 'true');
    $('chat-head').textContent = '当前身份：' + person.name + '（' + person.department + (person.roles.length ? '，' + person.roles.join('、') : '') + '）';
    $('log').textContent = '';
    $('input').disabled = false; $('send').disabled = false; $('input').focus();
    addText('bot', '已切换为「' + person.name + '」。发送「帮助」查看可以做什么。');
    state.seen = {}; state.since = null;
    clearInterval(state.timer);
    pollInbox();
    state.timer = setInterval(pollInbox, 2000);
  }

  var searchTimer = null;
  function loadPeople() {
    var q = $('people-q').value.trim();
    return api('/chat/api/people?q=' + encodeURIComponent(q)).then(function (data) {
      var list = $('people-list');
      list.textContent = '';
      if (!data.people.length) list.appendChild(el('li', { className: 'muted', text: q ? '没有找到匹配的人员。' : '还没有人员：请先导入组织架构（npm run import）。' }));
      data.people.forEach(function (p) {
        var li = el('li', { role: 'option', 'aria-selected': 'false', 'data-person-id': p.id }, [
          el('strong', { text: p.name }), document.createTextNode(' ' + p.department),
          el('span', { className: 'roles', text: p.roles.join('、') || '工作人员' }),
        ]);
        li.addEventListener('click', function () { choose(p, li); });
        list.appendChild(li);
      });
    }).catch(function (err) { $('people-list').textContent = ''; $('people-list').appendChild(el('li', { className: 'muted', text: err.message })); });
  }

  $('people-q').addEventListener('input', function () { clearTimeout(searchTimer); searchTimer = setTimeout(loadPeople, 200); });
  $('composer').addEventListener('submit', function (e) {
    e.preventDefault();
    var text = $('input').value.trim();
    if (!text) return;
    $('input').value = '';
    send({ text: text }, text);
  });
  $('token-save').addEventListener('click', function () {
    state.token = $('token').value.trim();
    sessionStorage.setItem('lvz-token', state.token);
    $('token-box').hidden = true;
    loadPeople();
  });

  api('/chat/api/info').then(function (info) {
    if (info.demo) banner('demo', '演示数据：当前载入的是虚构的「示范市」组织和人员，仅供试用。导入真实组织架构前请勿用于正式工作。');
    if (info.simulatedClock) banner('rehearsal', '演练模式：系统时间为模拟时间（' + new Date(info.now).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) + '），提醒与催办不会发往真实人员之外的渠道。');
    if (!info.enabled) { banner('error', info.reason || '请先设置 ADMIN_TOKEN，再使用网页对话。'); return; }
    if (info.tokenRequired && !state.token) $('token-box').hidden = false;
    return loadPeople();
  }).catch(function (err) { banner('error', '无法连接服务：' + err.message); });
})();
