// Provenant explorer: vanilla JS, no third-party code. All text goes through textContent/attributes (never innerHTML),
// so names from the log are displayed, never interpreted.
'use strict';
(() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const view = document.getElementById('view');
  const MARK = { verified: '✓ verified', failed: '✗ failed', 'not-provided': '– not provided' };

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) e.setAttribute(k, v);
    for (const k of kids.flat()) if (k !== null && k !== undefined) e.append(k instanceof Node ? k : String(k));
    return e;
  }
  function svg(tag, attrs, ...kids) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const k of kids.flat()) if (k !== null && k !== undefined) e.append(k instanceof Node ? k : String(k));
    return e;
  }
  async function api(path, init) {
    const r = await fetch(path, Object.assign({ headers: { Accept: 'application/json' } }, init || {}));
    let body = null;
    try { body = await r.json(); } catch { body = null; }
    if (!r.ok) throw new Error((body && body.error) || `HTTP ${r.status}`);
    return body;
  }
  function show(title, ...kids) {
    view.replaceChildren(el('h1', {}, title), ...kids);
    document.title = title + ' · Provenant explorer';
    view.focus();
  }
  function fail(e) { view.append(el('p', { class: 'error', role: 'alert' }, e.message)); }
  const badge = (status, extra) => el('span', { class: 'badge', 'data-status': status, title: extra || '' }, MARK[status] || status);
  const short = d => d.length > 30 ? d.slice(0, 22) + '…' + d.slice(-6) : d;
  function checks(list) {
    return el('ul', { class: 'checks' }, list.map(c => el('li', { 'data-passed': String(c.passed), 'data-mark': c.passed ? 'ok' : 'FAIL' },
      el('code', {}, c.name), ': ', c.detail)));
  }

  // ---- search ----
  document.getElementById('search').addEventListener('submit', ev => {
    ev.preventDefault();
    const q = document.getElementById('q').value.trim();
    if (q) location.hash = '#/search/' + encodeURIComponent(q);
  });

  async function home() {
    show('Search the log', el('p', {}, 'Look up a model, dataset or output by digest (sha256:… or 64 hex digits) or by name. ',
      'A model page shows its chain — dataset → training → model signature → inference → credentials — with a badge per link.'));
    try {
      const log = await api('/api/v1/log');
      view.append(el('p', {}, `The log holds ${log.treeSize} entries. `, el('a', { href: '#/log' }, 'Log details')));
    } catch (e) { fail(e); }
  }

  async function search(q) {
    show('Results for ' + q);
    document.getElementById('q').value = q;
    try {
      const r = await api('/api/v1/search?q=' + encodeURIComponent(q));
      if (r.hits.length === 0) { view.append(el('p', { role: 'status' }, 'Nothing in the log matches.')); return; }
      view.append(hitTable(r.hits));
    } catch (e) { fail(e); }
  }

  function hitTable(hits) {
    return el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Name'), el('th', {}, 'Digest'), el('th', {}, 'Statement'), el('th', {}, 'Entry'))),
      el('tbody', {}, hits.map(h => el('tr', {},
        el('td', {}, el('a', { href: '#/model/' + encodeURIComponent(h.digest), class: 'hit' }, h.name || '(unnamed)')),
        el('td', { class: 'mono', title: h.digest }, short(h.digest)),
        el('td', {}, h.relation + ' of ', el('code', {}, h.predicateType)),
        el('td', {}, el('a', { href: '#/entry/' + h.index }, '#' + h.index))))));
  }

  // ---- model chain ----
  async function model(digest) {
    show('Provenance of ' + short(digest));
    let r;
    try { r = await api('/api/v1/models/' + encodeURIComponent(digest) + '/chain'); } catch (e) { fail(e); return; }
    view.querySelector('h1').textContent = (r.name || 'Subject') + ' — provenance';
    view.append(el('p', { class: 'mono' }, r.digest), el('p', {}, `Verified by this server against the checkpoint of ${r.treeSize} entries.`));
    view.append(el('div', { class: 'chain panel', role: 'img', 'aria-label': 'Chain: ' + r.links.map(l => `${l.title} ${l.status}`).join(', ') }, chainGraph(r.links)));
    for (const l of r.links) {
      const sec = el('section', { class: 'link', 'data-stage': l.stage, 'aria-labelledby': 'h-' + l.stage },
        el('h2', { id: 'h-' + l.stage }, l.title, ' ', badge(l.status, l.reason)),
        el('p', { class: 'reason' }, l.reason));
      for (const it of l.items) {
        sec.append(el('div', { class: 'panel item', 'data-verified': String(it.verified) },
          el('p', {}, it.index !== null ? el('a', { href: '#/entry/' + it.index }, 'entry #' + it.index) : el('span', {}, 'attachment ', el('code', {}, short(it.attachment))),
            ' · ', el('strong', {}, it.name), ' · ', el('code', {}, it.type),
            ' ', it.digest !== r.digest ? el('a', { href: '#/model/' + encodeURIComponent(it.digest) }, short(it.digest)) : null),
          checks(it.checks)));
      }
      view.append(sec);
    }
    await subjectEntries(r.digest);
  }

  // Every entry naming the digest, page by page (cursor pagination of /api/v1/subjects).
  async function subjectEntries(digest) {
    const sec = el('section', { 'aria-labelledby': 'h-all' }, el('h2', { id: 'h-all' }, 'Everything the log holds about this digest'));
    view.append(sec);
    let after = null;
    const more = el('button', { type: 'button', id: 'more' }, 'More entries');
    async function page() {
      try {
        const r = await api('/api/v1/subjects/' + encodeURIComponent(digest) + '?limit=50' + (after ? '&after=' + after : ''));
        sec.insertBefore(hitTable(r.hits), more.isConnected ? more : null);
        after = r.next;
        if (after && !more.isConnected) sec.append(more);
        if (!after) more.remove();
      } catch (e) { sec.append(el('p', { class: 'error' }, e.message)); }
    }
    more.addEventListener('click', page);
    await page();
  }

  function chainGraph(links) {
    const narrow = window.matchMedia('(max-width: 640px)').matches;
    const w = 180, h = 76, gap = 36;
    const W = narrow ? w + 20 : links.length * (w + gap) - gap + 20;
    const H = narrow ? links.length * (h + gap) - gap + 20 : h + 20;
    const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, 'aria-hidden': 'true', focusable: 'false' },
      svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' },
        svg('path', { d: 'M0 0 L10 5 L0 10 z', fill: '#8a94a3' }))));
    links.forEach((l, i) => {
      const x = narrow ? 10 : 10 + i * (w + gap), y = narrow ? 10 + i * (h + gap) : 10;
      if (i > 0) s.append(narrow
        ? svg('line', { class: 'edge', x1: x + w / 2, y1: y - gap + 2, x2: x + w / 2, y2: y - 2, 'marker-end': 'url(#arrow)' })
        : svg('line', { class: 'edge', x1: x - gap + 2, y1: y + h / 2, x2: x - 2, y2: y + h / 2, 'marker-end': 'url(#arrow)' }));
      s.append(svg('g', { class: 'node', 'data-stage': l.stage, 'data-status': l.status },
        svg('rect', { x, y, width: w, height: h, rx: 8 }),
        svg('text', { x: x + 10, y: y + 26 }, l.title),
        svg('text', { x: x + 10, y: y + 52, class: 'status-' + l.status }, MARK[l.status] + (l.items.length > 1 ? ` (${l.items.length})` : ''))));
    });
    return s;
  }

  // ---- entry with inclusion proof ----
  async function sha256(bytes) { return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)); }
  const hexToBytes = h => new Uint8Array(h.match(/../g).map(b => parseInt(b, 16)));
  const toHex = b => Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
  async function node(l, r) { const b = new Uint8Array(65); b[0] = 1; b.set(l, 1); b.set(r, 33); return sha256(b); }

  // RFC 9162 §2.1.3.2: walk from the leaf to the root, recording which side each proof hash joins on.
  async function walkProof(index, size, leafHex, hashes) {
    let fn = index, sn = size - 1, r = hexToBytes(leafHex);
    const steps = [];
    for (const p of hashes) {
      if (sn === 0) return { steps, root: null };
      const ph = hexToBytes(p);
      if (fn % 2 === 1 || fn === sn) {
        r = await node(ph, r); steps.push({ side: 'left', hash: p, result: toHex(r) });
        if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = await node(r, ph); steps.push({ side: 'right', hash: p, result: toHex(r) });
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    return { steps, root: sn === 0 ? toHex(r) : null };
  }

  async function entry(index) {
    show('Log entry #' + index);
    let e;
    try { e = await api('/api/v1/entries/' + encodeURIComponent(index)); } catch (err) { fail(err); return; }
    const ok = e.checks.every(c => c.passed);
    view.append(el('p', {}, badge(ok ? 'verified' : 'failed'), ' ', el('code', {}, e.predicateType || 'not indexed')));
    view.append(el('h2', {}, 'Checks'), checks(e.checks));
    if (e.links.length) view.append(el('h2', {}, 'Names'), el('ul', {}, e.links.map(l => el('li', {}, l.relation, ': ', el('strong', {}, l.name), ' ',
      el('a', { href: '#/model/' + encodeURIComponent(l.digest), class: 'mono' }, short(l.digest))))));
    const p = e.inclusionProof;
    const walk = await walkProof(p.logIndex, p.treeSize, e.leafHash, p.hashes);
    const match = walk.root === p.rootHash;
    view.append(el('h2', {}, 'Inclusion proof'),
      el('p', { class: 'proof-result', 'data-match': String(match) }, badge(match ? 'verified' : 'failed'),
        ` Recomputed in this browser from the leaf and ${p.hashes.length} proof hashes: the root ${match ? 'matches' : 'does NOT match'} the checkpoint of ${p.treeSize} entries.`),
      el('div', { class: 'proof panel' }, proofGraph(e.leafHash, walk.steps, p.rootHash, match)),
      el('h2', {}, 'Checkpoint'), el('pre', {}, e.checkpoint),
      el('h2', {}, 'Logged entry'), el('pre', {}, e.entry));
    if (e.statement) view.append(el('h2', {}, 'Statement'), el('pre', {}, JSON.stringify(e.statement, null, 2)));
  }

  // Rows from the top: the root, then for each height (leaf = 0) the hash on the path with the sibling it is
  // combined with (RFC 9162 node hash), down to the leaf.
  function proofGraph(leaf, steps, root, match) {
    const rowH = 46, W = 640, bw = 300;
    const rows = Math.max(steps.length, 1) + 1;
    const s = svg('svg', { viewBox: `0 0 ${W} ${rows * rowH}`, role: 'img', 'aria-label': `Proof path: leaf, ${steps.length} sibling hashes, root ${match ? 'matching' : 'not matching'} the checkpoint` });
    const box = (x, y, cls, label, hex) => svg('g', {}, svg('rect', { x, y, width: bw, height: 36, rx: 5, class: cls }),
      svg('text', { x: x + 8, y: y + 15 }, label), svg('text', { x: x + 8, y: y + 30 }, hex ? hex.slice(0, 36) + '…' : '(none)'));
    s.append(box(4, 4, match ? 'root' : 'path', match ? 'root = checkpoint root' : 'root ≠ checkpoint root', root));
    if (steps.length === 0) s.append(box(4, rowH + 4, 'path', 'leaf hash (the tree has one entry)', leaf));
    for (let i = steps.length - 1, row = 1; i >= 0; i--, row++) {
      const y = row * rowH + 4;
      s.append(svg('line', { x1: 154, y1: y, x2: 154, y2: y - 10, stroke: '#8a5a00', 'stroke-width': 2 }));
      s.append(box(4, y, 'path', i === 0 ? 'height 0: leaf hash of the entry' : `height ${i}: path hash`, i === 0 ? leaf : steps[i - 1].result));
      s.append(svg('line', { x1: 304, y1: y + 18, x2: 336, y2: y + 18, stroke: '#8a94a3', 'stroke-width': 2 }));
      s.append(box(336, y, 'sib', `sibling, joins on the ${steps[i].side}`, steps[i].hash));
    }
    return s;
  }

  // ---- log ----
  async function logPage() {
    show('Transparency log');
    let l;
    try { l = await api('/api/v1/log'); } catch (e) { fail(e); return; }
    const wit = l.signatures.filter(s => s.role === 'witness');
    view.append(el('table', {}, el('tbody', {},
      el('tr', {}, el('th', {}, 'Origin'), el('td', { class: 'mono' }, l.origin)),
      el('tr', {}, el('th', {}, 'Tree size'), el('td', { id: 'tree-size' }, String(l.treeSize))),
      el('tr', {}, el('th', {}, 'Root hash'), el('td', { class: 'mono' }, l.rootHash)),
      el('tr', {}, el('th', {}, 'Log key'), el('td', { class: 'mono' }, l.logKey)),
      el('tr', {}, el('th', {}, 'Witness cosignatures'), el('td', {}, wit.length ? wit.map(s => el('div', { class: 'mono' }, `${s.keyName} (${s.keyId})`)) : 'none on this checkpoint')))),
      el('h2', {}, 'Latest checkpoint'), el('pre', {}, l.checkpoint),
      el('h2', {}, 'Entries indexed per minute, last hour'), el('div', { class: 'rate panel' }, rateChart(l.appendRate)));
  }

  function rateChart(rate) {
    const W = 600, H = 150, n = 60;
    const counts = new Array(n).fill(0);
    for (const [start, count] of rate.buckets) { const i = Math.floor((start - rate.since) / rate.bucketSeconds); if (i >= 0 && i < n) counts[i] += count; }
    const max = Math.max(1, ...counts);
    const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Entries per minute over the last hour; peak ${max}, total ${counts.reduce((a, b) => a + b, 0)}` });
    counts.forEach((c, i) => { const h = Math.round((H - 30) * c / max); s.append(svg('rect', { x: 30 + i * 9.5, y: H - 20 - h, width: 8, height: h }, svg('title', {}, `${c} entries`))); });
    s.append(svg('text', { x: 0, y: 12 }, String(max)), svg('text', { x: 0, y: H - 22 }, '0'), svg('text', { x: 30, y: H - 4 }, '60 min ago'), svg('text', { x: W - 30, y: H - 4 }, 'now'));
    return s;
  }

  // ---- verify ----
  function verifyPage() {
    const kind = el('select', { id: 'kind', name: 'kind' }, el('option', { value: 'bundle' }, 'Sigstore bundle (model or statement signature)'),
      el('option', { value: 'statement' }, 'DSSE statement'), el('option', { value: 'c2pa' }, 'C2PA credential (PNG/JPEG)'));
    const text = el('textarea', { id: 'artifact', name: 'artifact', spellcheck: 'false' });
    const key = el('textarea', { id: 'public-key', name: 'public-key', spellcheck: 'false', placeholder: '-----BEGIN PUBLIC KEY-----' });
    const file = el('input', { id: 'file', type: 'file', accept: 'image/png,image/jpeg' });
    const out = el('div', { id: 'verify-result', 'aria-live': 'polite' });
    const form = el('form', { class: 'verify' },
      el('label', { for: 'kind' }, 'What to verify'), kind,
      el('label', { for: 'artifact' }, 'Bundle or envelope JSON'), text,
      el('label', { for: 'public-key' }, 'Signer public key (PEM, for key-mode bundles)'), key,
      el('label', { for: 'file' }, 'C2PA file'), file,
      el('button', { type: 'submit', id: 'verify-button' }, 'Verify'));
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      out.replaceChildren(el('p', {}, 'Verifying…'));
      try {
        const req = { kind: kind.value };
        if (kind.value === 'c2pa') {
          const f = file.files[0];
          if (!f) throw new Error('choose a file');
          const b = new Uint8Array(await f.arrayBuffer());
          let bin = ''; for (let i = 0; i < b.length; i += 0x8000) bin += String.fromCharCode.apply(null, b.subarray(i, i + 0x8000));
          req.file = btoa(bin); req.name = f.name;
        } else {
          let parsed;
          try { parsed = JSON.parse(text.value); } catch { throw new Error('the artifact is not JSON'); }
          if (kind.value === 'statement' && parsed.payloadType) req.dsseEnvelope = parsed; else req.bundle = parsed;
          if (key.value.trim()) req.publicKey = key.value.trim();
        }
        const r = await api('/api/v1/verify', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(req) });
        out.replaceChildren(el('p', {}, badge(r.valid ? 'verified' : 'failed', r.summary), ' ', el('span', { class: 'summary' }, r.summary)), checks(r.checks));
      } catch (e) { out.replaceChildren(el('p', { class: 'error', role: 'alert' }, e.message)); }
    });
    show('Verify an artifact', el('p', {}, 'The artifact is sent to this server, which runs its verifiers and reports every check.'), form, out);
  }

  function route() {
    const h = location.hash.replace(/^#\/?/, '');
    const [page, ...rest] = h.split('/');
    const arg = decodeURIComponent(rest.join('/'));
    if (page === 'search' && arg) return search(arg);
    if (page === 'model' && arg) return model(arg);
    if (page === 'entry' && /^\d+$/.test(arg)) return entry(Number(arg));
    if (page === 'log') return logPage();
    if (page === 'verify') return verifyPage();
    return home();
  }
  window.addEventListener('hashchange', route);
  route();
})();
