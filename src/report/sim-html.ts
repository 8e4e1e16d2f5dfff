/**
 * `simulate --html FILE`: one self-contained page (inline CSS, inline script, no network) with a
 * per-LP utilisation heat map over time, per-VM throughput (bars and over time), the
 * queue-to-LP map, rebalancing events and the assumptions. The charts are drawn on canvas by the
 * inline script from the embedded result, so the page works from a file:// URL.
 */
import { factsCited, publicProse } from '../engine/references.js';
import { formatLps } from '../model/processors.js';
import type { SimResult } from '../sim/types.js';
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
canvas{display:block;border:1px solid #d0d7de;margin:4px 0}#tip{min-height:1.4em}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
`;

/* The page's own script: draws the three charts from the embedded data. Plain ES2017. */
const SCRIPT = `
(function(){
  var data = JSON.parse(document.getElementById('sim-data').textContent);
  function heat(u){ // 0 -> pale, 0.75 -> amber, 1 -> red
    var r,g,b; if(u<0.75){var k=u/0.75;r=235+20*k;g=245-60*k;b=250-200*k;}else{var k2=Math.min(1,(u-0.75)/0.25);r=255-40*k2;g=185-150*k2;b=50-20*k2;}
    return 'rgb('+Math.round(r)+','+Math.round(g)+','+Math.round(b)+')';
  }
  function setup(id,w,h){var c=document.getElementById(id);var dpr=window.devicePixelRatio||1;c.width=w*dpr;c.height=h*dpr;c.style.width=w+'px';c.style.height=h+'px';var x=c.getContext('2d');x.scale(dpr,dpr);x.font='11px system-ui,sans-serif';return {c:c,x:x};}
  function done(c){c.setAttribute('data-drawn','true');}
  // Heat map: one row per LP, one column per time bucket.
  (function(){
    var tl=data.timeline, rows=data.lps.length, cols=tl.t.length, left=56, top=8, bottom=24;
    var cellH=Math.max(3,Math.min(14,Math.floor(640/Math.max(1,rows)))), width=Math.max(520,Math.min(1100,left+cols*Math.max(1,Math.floor(1000/Math.max(1,cols))))+50);
    var plotW=width-left-50, cellW=plotW/Math.max(1,cols), height=top+rows*cellH+bottom;
    var s=setup('heatmap',width,height), x=s.x;
    for(var lp=0;lp<rows;lp++){for(var b=0;b<cols;b++){x.fillStyle=heat(tl.util[b][lp]);x.fillRect(left+b*cellW,top+lp*cellH,Math.ceil(cellW),cellH);}}
    x.fillStyle='#57606a';var every=Math.max(1,Math.ceil(12/cellH));
    for(var i=0;i<rows;i+=every){x.fillText('LP '+data.lps[i].lp,4,top+i*cellH+Math.min(cellH,10));}
    var ticks=Math.min(8,cols);for(var k=0;k<=ticks;k++){var bi=Math.min(cols-1,Math.round(k*(cols-1)/Math.max(1,ticks)));x.fillText(tl.t[bi]+' s',left+bi*cellW,height-6);}
    var tip=document.getElementById('tip');
    s.c.addEventListener('mousemove',function(e){var r=s.c.getBoundingClientRect();var bx=Math.floor((e.clientX-r.left-left)/cellW),ly=Math.floor((e.clientY-r.top-top)/cellH);
      if(bx>=0&&bx<cols&&ly>=0&&ly<rows){tip.textContent='LP '+data.lps[ly].lp+' at '+tl.t[bx]+' s: '+Math.round(tl.util[bx][ly]*100)+'% busy';}});
    done(s.c);
  })();
  // Per-VM throughput: offered (outline) and delivered (filled), coloured by what limits it.
  (function(){
    var vms=data.vms, rowH=16, left=220, width=900, top=8, max=0.001;
    vms.forEach(function(v){max=Math.max(max,v.offeredGbps,v.deliveredGbps);});
    var s=setup('vmbars',width,top+Math.max(1,vms.length)*rowH+24), x=s.x, scale=(width-left-70)/max;
    var colors={'none':'#2da44e','lp':'#cf222e','default-queue':'#a40e26','link':'#bf8700','guest':'#8250df'};
    vms.forEach(function(v,i){var y=top+i*rowH;x.fillStyle='#24292f';x.fillText((v.vm+'/'+v.vnic).slice(0,34),4,y+11);
      x.fillStyle=colors[v.limitedBy]||'#57606a';x.fillRect(left,y+2,Math.max(1,v.deliveredGbps*scale),rowH-5);
      x.strokeStyle='#57606a';x.strokeRect(left+0.5,y+1.5,Math.max(1,v.offeredGbps*scale),rowH-4);
      x.fillStyle='#57606a';x.fillText(v.deliveredGbps.toFixed(2)+' / '+v.offeredGbps.toFixed(2),left+Math.max(v.offeredGbps,v.deliveredGbps)*scale+6,y+11);});
    done(s.c);
  })();
  // Delivered Gbps over time: the total and the busiest VMs.
  (function(){
    var tl=data.timeline, cols=tl.t.length, width=900, height=260, left=48, top=10, bottom=24, plotW=width-left-10, plotH=height-top-bottom;
    var s=setup('vmtime',width,height), x=s.x;
    var total=tl.vmDelivered.map(function(row){return row.reduce(function(a,b){return a+b;},0);});
    var max=Math.max(0.001,Math.max.apply(null,total));
    var order=data.vms.map(function(v,i){return i;}).sort(function(a,b){return data.vms[b].deliveredGbps-data.vms[a].deliveredGbps||a-b;}).slice(0,6);
    var palette=['#0969da','#bf3989','#1a7f37','#bc4c00','#8250df','#57606a'];
    function line(vals,color,w){x.strokeStyle=color;x.lineWidth=w;x.beginPath();vals.forEach(function(v,b){var px=left+(cols>1?b*plotW/(cols-1):0),py=top+plotH-v/max*plotH;if(b===0)x.moveTo(px,py);else x.lineTo(px,py);});x.stroke();}
    x.strokeStyle='#d0d7de';x.strokeRect(left,top,plotW,plotH);
    line(total,'#24292f',2);
    order.forEach(function(i,k){line(tl.vmDelivered.map(function(row){return row[i];}),palette[k],1);});
    x.fillStyle='#57606a';x.fillText(max.toFixed(1)+' Gbps',2,top+10);x.fillText('0',2,top+plotH);
    x.fillText(tl.t[0]+' s',left,height-6);x.fillText(tl.t[cols-1]+' s',left+plotW-40,height-6);
    var legend=document.getElementById('vmtime-legend');
    function key(color,text){var sw=document.createElement('span');sw.style.background=color;legend.appendChild(sw);legend.appendChild(document.createTextNode(text));}
    key('#24292f','total');order.forEach(function(i,k){key(palette[k],data.vms[i].vm+'/'+data.vms[i].vnic);});
    done(s.c);
  })();
})();
`;

function kpi(label: string, value: string): string {
  return `<div class="kpi"><span class="muted">${esc(label)}</span><b>${esc(value)}</b></div>`;
}

/** The simulation as one self-contained HTML page. */
export function formatSimHtml(r: SimResult): string {
  const s = r.summary;
  const data = {
    lps: r.lps.map((l) => ({ lp: l.lp })),
    vms: r.vms.map((v) => ({ vm: v.vm, vnic: v.vnic, offeredGbps: v.offeredGbps, deliveredGbps: v.deliveredGbps, limitedBy: v.limitedBy })),
    timeline: r.timeline,
  };
  const vmRows = r.vms
    .map(
      (v) =>
        `<tr><td>${esc(v.vm)}</td><td>${esc(v.vnic)}</td><td class="num">${v.queue === 0 ? `default${v.defaultReason ? ` (${esc(v.defaultReason)})` : ''}` : v.queue}</td><td>${esc(formatLps(v.lps))}</td><td class="num">${v.offeredGbps.toFixed(2)}</td><td class="num">${v.deliveredGbps.toFixed(2)}</td><td class="lim-${esc(v.limitedBy)}">${esc(v.limitedBy)}</td></tr>`,
    )
    .join('\n');
  const queueRows = r.queues
    .map((q) => `<tr><td>${esc(q.uplink)}</td><td>${esc(q.adapter)}</td><td class="num">${q.queue === 0 ? 'default' : q.queue}</td><td>${esc(formatLps(q.lps))}</td><td>${esc(q.vms.join(', '))}</td></tr>`)
    .join('\n');
  const moves = r.events.filter((e) => e.kind === 'spread' || e.kind === 'pack');
  const eventRows = moves
    .slice(0, 500)
    .map((e) => `<tr><td class="num">${e.t.toFixed(1)}</td><td>${esc(e.kind)}</td><td>${esc(`${e.vm}/${e.vnic}`)}</td><td>${esc(e.adapter)}</td><td class="num">${e.queue}</td><td class="num">${e.from ?? ''}</td><td class="num">${e.to ?? ''}</td><td class="muted">${esc(e.reason)}</td></tr>`)
    .join('\n');
  const paramRows = r.params
    .map((p) => `<tr><td>${esc(p.name)}</td><td class="num">${esc(p.value)}</td><td>${esc(p.unit)}</td><td>${p.assumption ? 'GUESS' : ''}${p.overridden ? ` (overridden; default ${esc(p.default)})` : ''}</td><td class="muted">${esc(publicProse(p.source))}</td></tr>`)
    .join('\n');
  // The parameter sources cite published facts by number (F3): each is listed once with its public
  // source's URL as text (the page stays self-contained: no links out).
  const facts = factsCited(r.params.map((p) => p.source).join('\n'));
  const factList = facts.length ? `<p>Facts cited:</p>\n<ul>\n${facts.map((f) => `<li>${esc(`${f.tag}: ${f.title}: ${f.url ?? ''}`)}</li>`).join('\n')}\n</ul>\n` : '';
  const uplinkRows = r.uplinks
    .map((u) => `<tr><td>${esc(u.name)}</td><td>${esc(u.mode)}</td><td>${esc(u.policy)}</td><td>${esc(u.queueMode)}</td><td class="num">${u.queuesAllocated} / ${u.queuesAvailable}</td><td>${esc(u.members.map((m) => `${m.adapter} (${m.linkGbps} Gbps, LPs ${formatLps(m.staticLps)})`).join('; '))}</td></tr>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>vmqlint simulation: ${esc(r.host)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Simulation of ${esc(r.host)}</h1>
<div class="muted">${esc(releaseLabel(r.release))}; ${r.durationSeconds} s at ${r.tickMs} ms ticks; Gbps of payload, steady state ${r.steadyFromSeconds}-${r.durationSeconds} s.</div>
<div class="kpis">${kpi('offered', `${s.offeredGbps.toFixed(2)} Gbps`)}${kpi('delivered', `${s.deliveredGbps.toFixed(2)} Gbps`)}${kpi('VM queues', `${s.queuesAllocated} / ${s.queuesAvailable}`)}${kpi('saturated LPs', s.saturatedLps.length > 0 ? `${s.saturatedLps.length} (LP ${formatLps(s.saturatedLps)})` : 'none')}${kpi('engaged LPs', String(s.engagedLps))}${kpi('interrupts/s', String(s.interruptsPerSec))}${kpi('on the default queue', String(s.vmsOnDefaultQueue.length))}</div>
<h2>LP utilisation over time</h2>
<canvas id="heatmap" role="img" aria-label="Per-LP utilisation heat map over time"></canvas>
<div id="tip" class="muted"></div>
<div class="legend muted">busy: <span style="background:rgb(235,245,250)"></span>0% <span style="background:rgb(255,185,50)"></span>75% <span style="background:rgb(215,35,30)"></span>100%</div>
<h2>Throughput per VM</h2>
<div class="legend muted">filled: delivered, outline: offered; colour: limited by <span style="background:#2da44e"></span>none <span style="background:#cf222e"></span>LP <span style="background:#a40e26"></span>default queue <span style="background:#bf8700"></span>link <span style="background:#8250df"></span>guest</div>
<canvas id="vmbars" role="img" aria-label="Offered and delivered Gbps per VM"></canvas>
<canvas id="vmtime" role="img" aria-label="Delivered Gbps over time"></canvas>
<div id="vmtime-legend" class="legend muted"></div>
<table><tr><th>VM</th><th>vNIC</th><th>queue</th><th>LP</th><th>offered</th><th>delivered</th><th>limited by</th></tr>
${vmRows}
</table>
<h2>Queue to LP map</h2>
<table id="queue-map"><tr><th>switch</th><th>NIC</th><th>queue</th><th>LP</th><th>vNICs</th></tr>
${queueRows}
</table>
<h2>Uplinks</h2>
<table><tr><th>switch</th><th>mode</th><th>placement</th><th>teaming</th><th>queues</th><th>NICs</th></tr>
${uplinkRows}
</table>
<h2>Rebalancing events (${moves.length})</h2>
<table><tr><th>t (s)</th><th>kind</th><th>vNIC</th><th>NIC</th><th>queue</th><th>from</th><th>to</th><th>reason</th></tr>
${eventRows}
</table>
<h2>Assumptions</h2>
<ul>
${r.assumptions.map((a) => `<li>${esc(publicProse(a))}</li>`).join('\n')}
</ul>
<h2>Parameters</h2>
<table><tr><th>name</th><th>value</th><th>unit</th><th></th><th>source</th></tr>
${paramRows}
</table>
${factList}<script type="application/json" id="sim-data">${scriptJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
