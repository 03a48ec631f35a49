// Property analytics, computed by the cloud (GET /properties/{p}/analytics): door usage per hour,
// denied attempts, battery levels with the 30-day replacement forecast, gateway uptime.
import { h, replace, formatTime, table, field } from '../dom.js';

function bars(caption, points, label) {
  const max = Math.max(1, ...points.map((p) => p.count));
  // a visual chart for sighted users; the same numbers as a table for everyone else
  return h('figure', { class: 'chart' },
    h('div', { class: 'bars', 'aria-hidden': 'true' }, points.map((p) => h('div', { class: 'bar-col', title: `${label(p)}: ${p.count}` },
      h('div', { class: 'bar', style: { height: `${Math.round((p.count / max) * 100)}%` } }),
      h('span', { class: 'bar-label' }, label(p).slice(0, 2))))),
    h('figcaption', {}, caption),
    h('details', {}, h('summary', {}, 'Show as a table'),
      table(caption, ['Hour', 'Count'], points.map((p) => [label(p), String(p.count)]))));
}

export async function analyticsView(container, ctx) {
  const days = h('select', { id: 'analytics-days' }, [1, 7, 30].map((d) => h('option', { value: d, selected: d === 7 }, `${d} day${d > 1 ? 's' : ''}`)));
  const body = h('div', { 'aria-busy': 'true', id: 'analytics' });
  replace(container, field('Period', days), body);
  days.addEventListener('change', load);

  async function load() {
    body.setAttribute('aria-busy', 'true');
    try {
      const a = await ctx.api.get(`/properties/${encodeURIComponent(ctx.propertyId)}/analytics`, { days: days.value });
      body.removeAttribute('aria-busy');
      const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, count: 0 }));
      // the cloud counts per UTC hour; shown by hour of day in the viewer's time zone
      for (const u of a.usageByHour) byHour[new Date(u.hour).getHours()].count += u.count;
      replace(body,
        h('section', { class: 'card', 'aria-labelledby': 'usage-h' }, h('h3', { id: 'usage-h' }, 'Door usage per hour of day'),
          bars(`Doors opened per hour of day, last ${a.days} day(s) (${a.totalOpenings} in all)`, byHour,
            (p) => `${String(p.hour).padStart(2, '0')}:00`)),
        h('section', { class: 'card', 'aria-labelledby': 'denied-h' }, h('h3', { id: 'denied-h' }, 'Denied attempts'),
          h('p', { class: 'metric', id: 'denied-total' }, h('strong', {}, String(a.deniedTotal)), ' denied in the period'),
          table('Denied attempts by door', ['Door', 'Denied', 'Last'], a.deniedByLock.map((d) => [d.lockId || '—', String(d.count), formatTime(d.last)]),
            { empty: 'No denied attempt.' })),
        h('section', { class: 'card', 'aria-labelledby': 'battery-h' }, h('h3', { id: 'battery-h' }, 'Lock batteries'),
          h('p', { class: 'hint' }, `Forecast: a straight line fitted to each lock's battery readings of the last ${a.forecastWindowDays} days; `
            + `locks projected to reach ${a.lowBatteryPercent}% within ${a.forecastHorizonDays} days need a battery.`),
          table('Battery level and forecast', ['Door', 'Level', 'Trend per day', 'Reaches low level', 'Needs battery'],
            a.batteries.map((b) => h('tr', { 'data-lock-id': b.lockId, 'data-needs-battery': String(b.needsBattery) },
              h('th', { scope: 'row' }, b.lockId),
              h('td', {}, b.batteryPercent == null ? '—' : `${b.batteryPercent}%`),
              h('td', {}, b.slopePerDay == null ? 'not enough readings' : `${b.slopePerDay.toFixed(2)} %`),
              h('td', {}, b.projectedLowAt ? formatTime(b.projectedLowAt) : '—'),
              h('td', {}, b.needsBattery ? h('span', { class: 'badge status-revoked' }, 'yes') : 'no'))),
            { empty: 'No lock reported.' })),
        h('section', { class: 'card', 'aria-labelledby': 'uptime-h' }, h('h3', { id: 'uptime-h' }, 'Gateway uptime'),
          table('Gateway uptime in the period', ['Gateway', 'Uptime', 'Status now', 'Offline periods'],
            a.gatewayUptime.map((g) => [g.gatewayId, `${(g.uptimeRatio * 100).toFixed(1)} %`, g.status.toLowerCase(), String(g.offlinePeriods)]),
            { empty: 'No gateway.' })));
    } catch (e) {
      body.removeAttribute('aria-busy');
      ctx.showError(e);
    }
  }
  await load();
}
