/**
 * `simulate --html FILE`: one self-contained page (inline CSS, inline script, no network) with a
 * per-LP utilisation heat map over time, per-VM throughput (bars and over time), the
 * queue-to-LP map, rebalancing events and the assumptions. The charts are drawn on canvas by the
 * inline script from the embedded result, so the page works from a file:// URL.
 */
import { factsCited } from '../engine/references.js';
import { formatLps } from '../model/processors.js';
import type { SimComparison } from '../sim/compare.js';
import type { SimResult } from '../sim/types.js';
import { roundTicks } from './ticks.js';
import { releaseLabel } from './sim-text.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

/** JSON safe inside a <script> element: no `</script>`, no HTML comment openers, no line separators. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const STYLE = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1b1f24;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.muted{color:#57606a}.kpis{display:flex;gap:24px;flex-wrap:wrap;margin:12px 0}
.kpi{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px}.kpi b{display:block;font-size:18px}
table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #eaeef2;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
.lim-none{color:#1a7f37}.lim-lp,.lim-default-queue{color:#cf222e}.lim-link,.lim-guest{color:#9a6700}
canvas{display:block;border:1px solid #d0d7de;margin:4px 0;max-width:100%}.tip{min-height:1.4em}
th{cursor:default}table.sortable th{cursor:pointer}th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
.verdict{border:1px solid #d0d7de;border-left:4px solid #cf222e;border-radius:6px;padding:4px 14px;margin:12px 0;max-width:1100px}.verdict.ok{border-left-color:#1a7f37}.verdict h2{margin:10px 0 4px}
.verdict pre{background:#f6f8fa;padding:6px 8px;white-space:pre-wrap;word-break:break-all;margin:4px 0}
.sides{display:flex;gap:24px;align-items:flex-start}.side{flex:1 1 0;min-width:0}h3{font-size:14px;margin:16px 0 6px}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
`;

/* The page's own script: draws each run's charts from the embedded data (one run, or before and
 * after side by side) and makes the tables sortable. Plain ES2017, no network. */
const SCRIPT = `
(function(){
  var runs = JSON.parse(document.getElementById('sim-data').textContent);
  function heat(u){ // 0 -> pale, 0.75 -> amber, 1 -> red
    var r,g,b; if(u<0.75){var k=u/0.75;r=235+20*k;g=245-60*k;b=250-200*k;}else{var k2=Math.min(1,(u-0.75)/0.25);r=255-40*k2;g=185-150*k2;b=50-20*k2;}
    return 'rgb('+Math.round(r)+','+Math.round(g)+','+Math.round(b)+')';
  }
  function setup(id,w,h){var c=document.getElementById(id);var dpr=window.devicePixelRatio||1;c.width=w*dpr;c.height=h*dpr;c.style.width=w+'px';c.style.height=h+'px';var x=c.getContext('2d');x.scale(dpr,dpr);x.font='11px system-ui,sans-serif';return {c:c,x:x};}
  function done(c){c.setAttribute('data-drawn','true');}
  // Round time ticks (computed by the formatter) along a plot from left to left+plotW.
  function timeAxis(x,run,left,plotW,y){var span=run.span;x.fillStyle='#57606a';x.strokeStyle='#d0d7de';run.ticks.forEach(function(t,k){var px=left+t/span*plotW;x.beginPath();x.moveTo(px+0.5,y-14);x.lineTo(px+0.5,y-10);x.stroke();var label=t+(k===run.ticks.length-1?' s':'');var w=x.measureText(label).width;x.fillText(label,Math.min(left+plotW-w,Math.max(left,px-w/2)),y);});}
  var palette=['#0969da','#bf3989','#1a7f37','#bc4c00','#8250df','#1b7c83','#9a6700','#cf222e','#4d2d00','#6e7781'];
  var colors={'none':'#2da44e','lp':'#cf222e','default-queue':'#a40e26','link':'#bf8700','guest':'#8250df','others':'#afb8c1'};
  runs.forEach(function(run){
    var sfx=run.suffix, W=run.width;
    // Heat map: one row per LP, one column per time bucket.
    (function(){
      var tl=run.timeline, rows=run.lps.length, cols=tl.t.length, left=56, top=8, bottom=24, right=16;
      var cellH=Math.max(3,Math.min(14,Math.floor(640/Math.max(1,rows))));
      var plotW=W-left-right, cellW=plotW/Math.max(1,cols), height=top+rows*cellH+bottom;
      var s=setup('heatmap'+sfx,W,height), x=s.x;
      for(var lp=0;lp<rows;lp++){for(var b=0;b<cols;b++){x.fillStyle=heat(tl.util[b][lp]);x.fillRect(left+b*cellW,top+lp*cellH,Math.ceil(cellW),cellH);}}
      x.fillStyle='#57606a';var every=Math.max(1,Math.ceil(12/cellH));
      for(var i=0;i<rows;i+=every){x.fillText('LP '+run.lps[i],4,top+i*cellH+Math.min(cellH,10));}
      timeAxis(x,run,left,plotW,height-6);
      var tip=document.getElementById('tip'+sfx);
      s.c.addEventListener('mousemove',function(e){var r=s.c.getBoundingClientRect();var bx=Math.floor((e.clientX-r.left-left)/cellW),ly=Math.floor((e.clientY-r.top-top)/cellH);
        if(bx>=0&&bx<cols&&ly>=0&&ly<rows){tip.textContent='LP '+run.lps[ly]+' at '+tl.t[bx]+' s: '+Math.round(tl.util[bx][ly]*100)+'% busy';}});
      done(s.c);
    })();
    // Per-VM throughput (the busiest ten and the others): offered (outline) and delivered (filled).
    (function(){
      var bars=run.bars, rowH=16, left=Math.min(220,Math.round(W*0.3)), top=8, max=0.001;
      bars.forEach(function(v){max=Math.max(max,v.offeredGbps,v.deliveredGbps);});
      var s=setup('vmbars'+sfx,W,top+Math.max(1,bars.length)*rowH+8), x=s.x, scale=(W-left-90)/max;
      bars.forEach(function(v,i){var y=top+i*rowH;x.fillStyle='#24292f';var label=v.label;if(x.measureText(label).width>left-10){while(label.length>4&&x.measureText(label+'\u2026').width>left-10)label=label.slice(0,-1);label+='\u2026';}x.fillText(label,4,y+11);
        x.fillStyle=colors[v.limitedBy]||'#57606a';x.fillRect(left,y+2,Math.max(1,v.deliveredGbps*scale),rowH-5);
        x.strokeStyle='#57606a';x.strokeRect(left+0.5,y+1.5,Math.max(1,v.offeredGbps*scale),rowH-4);
        x.fillStyle='#57606a';x.fillText(v.deliveredGbps.toFixed(2)+' / '+v.offeredGbps.toFixed(2),left+Math.max(v.offeredGbps,v.deliveredGbps)*scale+6,y+11);});
      done(s.c);
    })();
    // Delivered Gbps over time: the total, the busiest ten and a band for the others.
    (function(){
      var tl=run.timeline, cols=tl.t.length, height=260, left=48, top=10, bottom=24, plotW=W-left-16, plotH=height-top-bottom;
      var s=setup('vmtime'+sfx,W,height), x=s.x;
      var max=Math.max(0.001,Math.max.apply(null,run.total));
      function px(b){return left+(b+0.5)*plotW/Math.max(1,cols);}
      function py(v){return top+plotH-v/max*plotH;}
      x.strokeStyle='#d0d7de';x.strokeRect(left,top,plotW,plotH);
      if(run.others){x.fillStyle='rgba(175,184,193,0.55)';x.beginPath();x.moveTo(px(0),py(0));run.others.forEach(function(v,b){x.lineTo(px(b),py(v));});x.lineTo(px(cols-1),py(0));x.closePath();x.fill();}
      function line(vals,color,w){x.strokeStyle=color;x.lineWidth=w;x.beginPath();vals.forEach(function(v,b){if(b===0)x.moveTo(px(b),py(v));else x.lineTo(px(b),py(v));});x.stroke();}
      line(run.total,'#24292f',2);
      run.lines.forEach(function(l,k){line(l.values,palette[k%palette.length],1);});
      x.lineWidth=1;x.fillStyle='#57606a';x.fillText(max.toFixed(1)+' Gbps',2,top+10);x.fillText('0',2,top+plotH);
      timeAxis(x,run,left,plotW,height-6);
      var legend=document.getElementById('vmtime-legend'+sfx);
      function key(color,text){var sw=document.createElement('span');sw.style.background=color;legend.appendChild(sw);legend.appendChild(document.createTextNode(text));}
      key('#24292f','total');run.lines.forEach(function(l,k){key(palette[k%palette.length],l.label);});if(run.others)key('#afb8c1',run.othersLabel);
      done(s.c);
    })();
  });
  // Sortable tables: click a header to sort by that column (numbers as numbers), again to reverse.
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'),function(table){
    var ths=table.querySelectorAll('thead th');
    Array.prototype.forEach.call(ths,function(th,col){th.setAttribute('tabindex','0');
      function sort(){var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
        var dir=th.getAttribute('aria-sort')==='ascending'?-1:1;
        Array.prototype.forEach.call(ths,function(o){o.removeAttribute('aria-sort');});
        th.setAttribute('aria-sort',dir===1?'ascending':'descending');
        function key(r){var c=r.cells[col];var t=c?(c.getAttribute('data-sort')||c.textContent):'';var n=parseFloat(t);return isNaN(n)||!/^\\s*[-+]?[0-9.]/.test(t)?{s:t}:{n:n};}
        var keyed=rows.map(function(r,i){return {r:r,k:key(r),i:i};});
        keyed.sort(function(a,b){var d;if(a.k.n!==undefined&&b.k.n!==undefined)d=a.k.n-b.k.n;else if(a.k.n!==undefined)d=-1;else if(b.k.n!==undefined)d=1;else d=a.k.s<b.k.s?-1:a.k.s>b.k.s?1:0;return d*dir||a.i-b.i;});
        keyed.forEach(function(k){body.appendChild(k.r);});}
      th.addEventListener('click',sort);th.addEventListener('keydown',function(e){if(e.key==='Enter')sort();});});
  });
})();
`;

function kpi(label: string, value: string): string {
  return `<div class="kpi"><span class="muted">${esc(label)}</span><b>${esc(value)}</b></div>`;
}

/** How many VMs the charts draw by name; the rest are summed into one "others" row and band. */
export const CHART_VMS = 10;

/** One finding behind the verdict, as lint reports it (the formatter only lays it out). */
export interface VerdictFinding {
  ruleId: string;
  severity: string;
  message: string;
  remediation: string;
  /** The fix commands (PowerShell), in order. */
  commands: string[];
}

/** What the page needs besides the run: the lint findings for the verdict (absent: no verdict). */
export interface SimHtmlOptions {
  verdict?: VerdictFinding[];
}

/** The chart data of one run: LPs, the busiest VMs and the others, the timeline and round ticks. */
function chartData(r: SimResult, suffix: string, width: number): Record<string, unknown> {
  const tl = r.timeline;
  const order = r.vms.map((_, i) => i).sort((a, b) => r.vms[b].deliveredGbps - r.vms[a].deliveredGbps || r.vms[b].offeredGbps - r.vms[a].offeredGbps || a - b);
  const top = order.slice(0, CHART_VMS);
  const rest = order.slice(CHART_VMS);
  const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
  const label = (i: number): string => `${r.vms[i].vm}/${r.vms[i].vnic}`;
  const bars: Record<string, unknown>[] = top.map((i) => ({ label: label(i), offeredGbps: r.vms[i].offeredGbps, deliveredGbps: r.vms[i].deliveredGbps, limitedBy: r.vms[i].limitedBy }));
  const othersLabel = `others (${rest.length} vNICs)`;
  if (rest.length > 0) {
    bars.push({ label: othersLabel, offeredGbps: r4(rest.reduce((a, i) => a + r.vms[i].offeredGbps, 0)), deliveredGbps: r4(rest.reduce((a, i) => a + r.vms[i].deliveredGbps, 0)), limitedBy: 'others' });
  }
  const span = tl.t.length * tl.bucketSeconds;
  return {
    suffix,
    width,
    span,
    ticks: roundTicks(span),
    lps: r.lps.map((l) => l.lp),
    bars,
    timeline: { t: tl.t, util: tl.util },
    total: tl.vmDelivered.map((row) => r4(row.reduce((a, b) => a + b, 0))),
    lines: top.map((i) => ({ label: label(i), values: tl.vmDelivered.map((row) => row[i]) })),
    others: rest.length > 0 ? tl.vmDelivered.map((row) => r4(rest.reduce((a, i) => a + row[i], 0))) : null,
    othersLabel,
  };
}

const HEAT_LEGEND = `<div class="legend muted">busy: <span style="background:rgb(235,245,250)"></span>0% <span style="background:rgb(255,185,50)"></span>75% <span style="background:rgb(215,35,30)"></span>100%</div>`;
const BAR_LEGEND = `<div class="legend muted">filled: delivered, outline: offered; colour: limited by <span style="background:#2da44e"></span>none <span style="background:#cf222e"></span>LP <span style="background:#a40e26"></span>default queue <span style="background:#bf8700"></span>link <span style="background:#8250df"></span>guest <span style="background:#afb8c1"></span>others (sum)</div>`;

/** The heat map, bars and time chart of one run (ids suffixed so two runs share a page). */
function chartSections(r: SimResult, suffix: string, heading: (title: string) => string): string {
  const shown = r.vms.length > CHART_VMS ? ` (the busiest ${CHART_VMS} of ${r.vms.length}; the others summed)` : '';
  return `${heading('LP utilisation over time')}
<canvas id="heatmap${suffix}" role="img" aria-label="Per-LP utilisation heat map over time"></canvas>
<div id="tip${suffix}" class="muted tip"></div>
${HEAT_LEGEND}
${heading(`Throughput per VM${shown}`)}
${BAR_LEGEND}
<canvas id="vmbars${suffix}" role="img" aria-label="Offered and delivered Gbps per VM"></canvas>
<canvas id="vmtime${suffix}" role="img" aria-label="Delivered Gbps over time"></canvas>
<div id="vmtime-legend${suffix}" class="legend muted"></div>`;
}

/** The verdict: what limits throughput and what to change, from the lint findings as given. */
function verdictSection(findings: readonly VerdictFinding[] | undefined, r: SimResult, title = 'Verdict'): string {
  if (findings === undefined) return '';
  const s = r.summary;
  // The run's own per-vNIC verdicts, tallied (no modelling here): what the bars below colour.
  const tally = new Map<string, number>();
  for (const v of r.vms) if (v.limitedBy !== 'none') tally.set(v.limitedBy, (tally.get(v.limitedBy) ?? 0) + 1);
  const limits = [...tally].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, n]) => `${LIMIT_NAMES[k] ?? k} (${n} vNIC${n === 1 ? '' : 's'})`);
  const headline = `Delivers ${s.deliveredGbps.toFixed(2)} of ${s.offeredGbps.toFixed(2)} Gbps offered${limits.length ? `; limited by ${limits.join(', ')}` : ''}.`;
  if (findings.length === 0) {
    return `<section class="verdict ok" id="verdict${title === 'Verdict' ? '' : `-${esc(title.toLowerCase())}`}"><h2>${esc(title)}</h2><p>${esc(headline)} No finding from the simulation rules (${VERDICT_RULES.join(', ')})${limits.length ? '' : ': nothing on the receive path to change'}.</p></section>`;
  }
  const items = findings
    .map((f) => {
      const cmds = `${f.remediation ? `<div class="muted">${esc(f.remediation)}</div>` : ''}${f.commands.length ? `<pre>${esc(f.commands.join('\n'))}</pre>` : ''}`;
      return `<li><b>${esc(f.message)}</b> <span class="muted">(${esc(f.ruleId)}, ${esc(f.severity)})</span>${cmds}</li>`;
    })
    .join('\n');
  return `<section class="verdict" id="verdict${title === 'Verdict' ? '' : `-${esc(title.toLowerCase())}`}"><h2>${esc(title)}</h2><p>${esc(headline)} What limits throughput, and what to change:</p>
<ul>
${items}
</ul></section>`;
}

const LIMIT_NAMES: Record<string, string> = { lp: 'a saturated LP', 'default-queue': 'the default queue', link: 'the link', guest: 'the guest' };

/** The rules whose findings make the verdict (the CLI runs these through the lint engine). */
export const VERDICT_RULES = ['predicted-core-saturation', 'default-queue-bottleneck', 'vmq-queue-waste'] as const;

function kpis(r: SimResult): string {
  const s = r.summary;
  return `<div class="kpis">${kpi('offered', `${s.offeredGbps.toFixed(2)} Gbps`)}${kpi('delivered', `${s.deliveredGbps.toFixed(2)} Gbps`)}${kpi('VM queues', `${s.queuesAllocated} / ${s.queuesAvailable}`)}${kpi('saturated LPs', s.saturatedLps.length > 0 ? `${s.saturatedLps.length} (LP ${formatLps(s.saturatedLps)})` : 'none')}${kpi('engaged LPs', String(s.engagedLps))}${kpi('interrupts/s', String(s.interruptsPerSec))}${kpi('on the default queue', String(s.vmsOnDefaultQueue.length))}</div>`;
}

function head(title: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
`;
}

function tail(runs: unknown[]): string {
  return `<script type="application/json" id="sim-data">${scriptJson(runs)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** The simulation as one self-contained HTML page. */
export function formatSimHtml(r: SimResult, options: SimHtmlOptions = {}): string {
  const vmRows = r.vms
    .map(
      (v) =>
        `<tr><td>${esc(v.vm)}</td><td>${esc(v.vnic)}</td><td class="num" data-sort="${v.queue}">${v.queue === 0 ? `default${v.defaultReason ? ` (${esc(v.defaultReason)})` : ''}` : v.queue}</td><td>${esc(formatLps(v.lps))}</td><td class="num">${v.offeredGbps.toFixed(2)}</td><td class="num">${v.deliveredGbps.toFixed(2)}</td><td class="lim-${esc(v.limitedBy)}">${esc(v.limitedBy)}</td></tr>`,
    )
    .join('\n');
  const queueRows = r.queues
    .map((q) => `<tr><td>${esc(q.uplink)}</td><td>${esc(q.adapter)}</td><td class="num" data-sort="${q.queue}">${q.queue === 0 ? 'default' : q.queue}</td><td>${esc(formatLps(q.lps))}</td><td>${esc(q.vms.join(', '))}</td></tr>`)
    .join('\n');
  const moves = r.events.filter((e) => e.kind === 'spread' || e.kind === 'pack');
  const eventRows = moves
    .slice(0, 500)
    .map((e) => `<tr><td class="num">${e.t.toFixed(1)}</td><td>${esc(e.kind)}</td><td>${esc(`${e.vm}/${e.vnic}`)}</td><td>${esc(e.adapter)}</td><td class="num">${e.queue}</td><td class="num">${e.from ?? ''}</td><td class="num">${e.to ?? ''}</td><td class="muted">${esc(e.reason)}</td></tr>`)
    .join('\n');
  const paramRows = r.params
    .map((p) => `<tr><td>${esc(p.name)}</td><td class="num">${esc(p.value)}</td><td>${esc(p.unit)}</td><td>${p.assumption ? 'GUESS' : ''}${p.overridden ? ` (overridden; default ${esc(p.default)})` : ''}</td><td class="muted">${esc(p.source)}</td></tr>`)
    .join('\n');
  // The parameter sources cite published facts by number (F3): each is listed once with its public
  // source's URL as text (the page stays self-contained: no links out).
  const facts = factsCited(r.params.map((p) => p.source).join('\n'));
  const factList = facts.length ? `<p>Facts cited:</p>\n<ul>\n${facts.map((f) => `<li>${esc(`${f.tag}: ${f.title}: ${f.url ?? ''}`)}</li>`).join('\n')}\n</ul>\n` : '';
  const uplinkRows = r.uplinks
    .map((u) => `<tr><td>${esc(u.name)}</td><td>${esc(u.mode)}</td><td>${esc(u.policy)}</td><td>${esc(u.queueMode)}</td><td class="num">${u.queuesAllocated} / ${u.queuesAvailable}</td><td>${esc(u.members.map((m) => `${m.adapter} (${m.linkGbps} Gbps, LPs ${formatLps(m.staticLps)})`).join('; '))}</td></tr>`)
    .join('\n');
  return `${head(`vmqlint simulation: ${r.host}`)}<h1>Simulation of ${esc(r.host)}</h1>
<div class="muted">${esc(releaseLabel(r.release))}; ${r.durationSeconds} s at ${r.tickMs} ms ticks; Gbps of payload, steady state ${r.steadyFromSeconds}-${r.durationSeconds} s.</div>
${verdictSection(options.verdict, r)}
${kpis(r)}
${chartSections(r, '', (t) => `<h2>${esc(t)}</h2>`)}
<table id="vm-table" class="sortable"><thead><tr><th>VM</th><th>vNIC</th><th>queue</th><th>LP</th><th>offered</th><th>delivered</th><th>limited by</th></tr></thead><tbody>
${vmRows}
</tbody></table>
<h2>Queue to LP map</h2>
<table id="queue-map" class="sortable"><thead><tr><th>switch</th><th>NIC</th><th>queue</th><th>LP</th><th>vNICs</th></tr></thead><tbody>
${queueRows}
</tbody></table>
<h2>Uplinks</h2>
<table><tr><th>switch</th><th>mode</th><th>placement</th><th>teaming</th><th>queues</th><th>NICs</th></tr>
${uplinkRows}
</table>
<h2>Rebalancing events (${moves.length})</h2>
<table class="sortable"><thead><tr><th>t (s)</th><th>kind</th><th>vNIC</th><th>NIC</th><th>queue</th><th>from</th><th>to</th><th>reason</th></tr></thead><tbody>
${eventRows}
</tbody></table>
<h2>Assumptions</h2>
<ul>
${r.assumptions.map((a) => `<li>${esc(a)}</li>`).join('\n')}
</ul>
<h2>Parameters</h2>
<table><tr><th>name</th><th>value</th><th>unit</th><th></th><th>source</th></tr>
${paramRows}
</table>
${factList}${tail([chartData(r, '', 1000)])}`;
}

/** Two runs of the same traffic (before and after a change) side by side, as one page. */
export function formatSimCompareHtml(before: SimResult, after: SimResult, cmp: SimComparison, options: { verdict?: { before: VerdictFinding[]; after: VerdictFinding[] } } = {}): string {
  const d = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
  const row = (label: string, a: string, b: string): string => `<tr><td>${esc(label)}</td><td class="num">${esc(a)}</td><td class="num">${esc(b)}</td></tr>`;
  const lps = (l: number[]): string => (l.length ? `${l.length} (LP ${formatLps(l)})` : 'none');
  const summary = [
    row('delivered Gbps', cmp.before.deliveredGbps.toFixed(2), `${cmp.after.deliveredGbps.toFixed(2)} (${d(cmp.deltaDeliveredGbps)})`),
    row('offered Gbps', cmp.before.offeredGbps.toFixed(2), cmp.after.offeredGbps.toFixed(2)),
    row('VM queues allocated / available', `${cmp.before.queuesAllocated} / ${cmp.before.queuesAvailable}`, `${cmp.after.queuesAllocated} / ${cmp.after.queuesAvailable}`),
    row('saturated LPs', lps(cmp.before.saturatedLps), lps(cmp.after.saturatedLps)),
    row('engaged LPs', String(cmp.before.engagedLps), String(cmp.after.engagedLps)),
    row('interrupts/s', String(cmp.before.interruptsPerSec), String(cmp.after.interruptsPerSec)),
    row('vNICs on the default queue', String(cmp.before.vmsOnDefaultQueue.length), String(cmp.after.vmsOnDefaultQueue.length)),
  ].join('\n');
  const side = (x: { queue: number; lp: number; deliveredGbps: number; limitedBy: string } | undefined): string =>
    x ? `<td class="num" data-sort="${x.queue}">${x.queue === 0 ? 'default' : x.queue}</td><td class="num">${x.lp}</td><td class="num">${x.deliveredGbps.toFixed(2)}</td><td class="lim-${esc(x.limitedBy)}">${esc(x.limitedBy)}</td>` : '<td>-</td><td>-</td><td>-</td><td>-</td>';
  const vmRows = cmp.vms.map((v) => `<tr><td>${esc(v.label)}</td>${side(v.before)}${side(v.after)}<td class="num">${d(v.deltaGbps)}</td></tr>`).join('\n');
  const h3 = (t: string): string => `<h3>${esc(t)}</h3>`;
  return `${head(`vmqlint simulation: ${before.host} before and after`)}<h1>Predicted impact: ${esc(before.host)} → ${esc(after.host)}</h1>
<div class="muted">The same traffic on both snapshots; ${before.durationSeconds} s at ${before.tickMs} ms ticks; Gbps of payload.</div>
<table id="compare-summary"><tr><th></th><th>before</th><th>after</th></tr>
${summary}
</table>
<div class="sides">
<div class="side" id="side-before"><h2>Before: ${esc(before.host)}</h2>
${verdictSection(options.verdict?.before, before, 'Before')}
${chartSections(before, '-before', h3)}
</div>
<div class="side" id="side-after"><h2>After: ${esc(after.host)}</h2>
${verdictSection(options.verdict?.after, after, 'After')}
${chartSections(after, '-after', h3)}
</div>
</div>
<h2>Per vNIC</h2>
<table id="compare-vms" class="sortable"><thead><tr><th>vNIC</th><th>queue before</th><th>LP</th><th>Gbps</th><th>limited by</th><th>queue after</th><th>LP</th><th>Gbps</th><th>limited by</th><th>change</th></tr></thead><tbody>
${vmRows}
</tbody></table>
${tail([chartData(before, '-before', 640), chartData(after, '-after', 640)])}`;
}
